// Admin subtrees (adminScope.ts): who is an admin at all, and which nodes and people lie in their
// subtree. The actions call these before every change; here they run over a fake repo.
import { describe, expect, it } from 'vitest';
import type { OrgNode, Person, RoleGrant, UserDoc } from '../../../src/core/types';
import type { Ctx } from './context';
import { inScope, nodeInScope, personInScope, requireAdmin, type AdminScope } from './adminScope';

const T0 = new Date('2026-11-23T02:00:00Z');
const node = (_id: string, level: OrgNode['level'], path: string[]): OrgNode => ({ _id, level, name: `${_id}名`, parentId: path.at(-1) ?? null, path });
const NODES = [
  node('S1', 'street', []),
  node('S1-01', 'community', ['S1']),
  node('S1-01-01', 'grid', ['S1', 'S1-01']),
  node('S1-02', 'community', ['S1']),
  node('S1-02-01', 'grid', ['S1', 'S1-02']),
  node('S2', 'street', []),
];
const person = (_id: string, over: Partial<Person> = {}): Person => ({ _id, name: `${_id}名`, phone: '13800000000', workUnit: '测试局', title: '科员', roles: [], ...over });
const PEOPLE = [
  person('pGrid', { gridId: 'S1-01-01', communityId: 'S1-01' }),
  person('pCommunityOnly', { communityId: 'S1-01' }),
  person('pOther', { gridId: 'S1-02-01', communityId: 'S1-02' }),
  person('pStreetStaff', { roles: [{ role: 'departmentStaff', nodeId: 'S1', departmentId: 'D' }, { role: 'cadre', nodeId: 'S2' }] }),
  person('pNowhere'),
  person('pLost', { gridId: 'S9-01-01', roles: [{ role: 'cadre', nodeId: 'S1-01-01' }] }),
];
const user = (roles: RoleGrant[]): UserDoc => ({ _id: 'o-u', roles, person: { id: 'pU', name: '管理员', title: '', workUnit: '' }, createdAt: T0, updatedAt: T0 });

function ctx(u: UserDoc | null): Ctx {
  return {
    openid: 'o-u',
    now: T0,
    user: async () => u,
    repos: {
      nodes: { get: async (id: string) => NODES.find((n) => n._id === id) ?? null },
      people: { get: async (id: string) => PEOPLE.find((p) => p._id === id) ?? null },
    },
  } as unknown as Ctx;
}
const scope = (...roots: string[]): AdminScope => ({ user: user([]), roots });
const error = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string; message: string }) => `${e.code} ${e.message}`);

describe('requireAdmin', () => {
  it('the roots are the nodes of the caller\'s community and street admin grants, nothing else', async () => {
    const u = user([
      { role: 'cadre', nodeId: 'S1-01-01' },
      { role: 'communityAdmin', nodeId: 'S1-01' },
      { role: 'gridLeader', nodeId: 'S1-02-01' },
      { role: 'streetAdmin', nodeId: 'S2' },
    ]);
    const s = await requireAdmin(ctx(u));
    expect(s.roots).toEqual(['S1-01', 'S2']);
    expect(s.user).toBe(u);
  });

  it('anyone else is refused with a Chinese message', async () => {
    for (const u of [null, user([]), user([{ role: 'gridLeader', nodeId: 'S1-01-01' }, { role: 'departmentStaff', nodeId: 'S1', departmentId: 'D' }])]) {
      expect(await error(requireAdmin(ctx(u)))).toBe('FORBIDDEN 您没有社区管理权限，请联系街道或社区管理员开通');
    }
  });
});

describe('inScope', () => {
  it('a node is in scope when it is a root or lies under one', () => {
    expect(inScope(scope('S1-01'), NODES[1])).toBe(true);
    expect(inScope(scope('S1-01'), NODES[2])).toBe(true);
    expect(inScope(scope('S1-01'), NODES[0])).toBe(false);
    expect(inScope(scope('S1-01'), NODES[4])).toBe(false);
    expect(inScope(scope('S1-02', 'S1-01'), NODES[2])).toBe(true);
    expect(inScope(scope(), NODES[2])).toBe(false);
  });
});

describe('nodeInScope', () => {
  it('answers the node when it lies in the subtree and has the level asked for', async () => {
    const c = ctx(null);
    expect((await nodeInScope(c, scope('S1'), 'S1-02-01'))._id).toBe('S1-02-01');
    expect((await nodeInScope(c, scope('S1'), 'S1-02-01', 'grid'))._id).toBe('S1-02-01');
  });

  it('refuses a missing node, one outside the subtree, and one of another level', async () => {
    const c = ctx(null);
    expect(await error(nodeInScope(c, scope('S1'), 'S9'))).toBe('NOT_FOUND 未找到编号为 S9 的组织');
    expect(await error(nodeInScope(c, scope('S1-01'), 'S1-02-01'))).toBe('FORBIDDEN 该组织不在您的管理范围内');
    expect(await error(nodeInScope(c, scope('S1'), 'S1-02', 'grid'))).toBe('INVALID_INPUT 编号 S1-02 不是网格');
  });
});

describe('personInScope', () => {
  it('a person is in scope through their grid, else their community, else the node of their first role', async () => {
    const c = ctx(null);
    const r = await personInScope(c, scope('S1-01'), 'pGrid');
    expect(r.person._id).toBe('pGrid');
    expect(r.home._id).toBe('S1-01-01');
    expect((await personInScope(c, scope('S1-01'), 'pCommunityOnly')).home._id).toBe('S1-01');
    expect((await personInScope(c, scope('S1'), 'pStreetStaff')).home._id).toBe('S1');
    expect(await error(personInScope(c, scope('S2'), 'pStreetStaff'))).toBe('FORBIDDEN 该人员不在您的管理范围内');
  });

  it('refuses a missing person, one outside the subtree, one with no home at all and one whose grid is gone (their roles do not count then)', async () => {
    const c = ctx(null);
    expect(await error(personInScope(c, scope('S1'), 'pNone'))).toBe('NOT_FOUND 未找到编号为 pNone 的人员');
    expect(await error(personInScope(c, scope('S1-01'), 'pOther'))).toBe('FORBIDDEN 该人员不在您的管理范围内');
    expect(await error(personInScope(c, scope('S1'), 'pNowhere'))).toBe('FORBIDDEN 该人员不在您的管理范围内');
    expect(await error(personInScope(c, scope('S1'), 'pLost'))).toBe('FORBIDDEN 该人员不在您的管理范围内');
  });
});
