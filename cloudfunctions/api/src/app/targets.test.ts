// Where a command may send an item (targets.ts): 转办 stays in the item's community, 派单 goes one
// level up, 吹哨 calls only the street's or community's departments, 退回上级 goes back to whoever
// whistled. Over a fake repo.
import { describe, expect, it } from 'vitest';
import type { Department, Holder, Item, OrgNode, Person } from '../../../../src/core/types';
import type { Ctx } from '../context';
import { personHolder, queueOf, returnTarget, transferTarget, upTarget, whistleTargets } from './targets';

const T0 = new Date('2026-11-23T02:00:00Z');
const S = 'S1', C = 'S1-01', G = 'S1-01-01', G2 = 'S1-01-02', OTHER_C = 'S1-02', OTHER_G = 'S1-02-01';
const node = (_id: string, level: OrgNode['level'], name: string, path: string[]): OrgNode => ({ _id, level, name, parentId: path.at(-1) ?? null, path });
const NODES = [
  node(S, 'street', '河南街道', []),
  node(C, 'community', '一社区', [S]),
  node(G, 'grid', '第一网格', [S, C]),
  node(G2, 'grid', '第二网格', [S, C]),
  node('S1-01-01-01', 'building', '1栋', [S, C, G]),
  node(OTHER_C, 'community', '二社区', [S]),
  node(OTHER_G, 'grid', '二社区一网格', [S, OTHER_C]),
];
const person = (_id: string, over: Partial<Person> = {}): Person => ({ _id, name: `${_id}名`, phone: '13800000000', workUnit: '测试局', title: '科员', roles: [], ...over });
const PEOPLE = [
  person('pHere', { communityId: C, roles: [{ role: 'cadre', nodeId: G2 }] }),
  person('pRoleInCommunity', { communityId: OTHER_C, roles: [{ role: 'communityAdmin', nodeId: C }] }),
  person('pRoleInGrid', { roles: [{ role: 'gridWorker', nodeId: G }] }),
  person('pTwoPlaces', { communityId: OTHER_C, roles: [{ role: 'cadre', nodeId: OTHER_G }, { role: 'gridWorker', nodeId: G }] }),
  person('pElsewhere', { communityId: OTHER_C, roles: [{ role: 'cadre', nodeId: OTHER_G }, { role: 'gridLeader', nodeId: G2 }] }),
];
const dept = (_id: string, scopeNodeId: string): Department => ({ _id, name: `${_id}名`, kind: '城管', scopeNodeId, createdAt: T0, updatedAt: T0 });
const DEPTS = [dept('D-S', S), dept('D-C', C), dept('D-OTHER', OTHER_C), dept('D-FAR', 'S2')];

const ctx = {
  repos: {
    nodes: { queueNode: async (id: string) => NODES.find((n) => n._id === id) ?? null },
    people: { get: async (id: string) => PEOPLE.find((p) => p._id === id) ?? null },
    departments: { known: async (ids: string[]) => DEPTS.filter((d) => ids.includes(d._id)) },
  },
} as unknown as Ctx;

function item(over: Partial<Item> = {}): Item {
  return {
    _id: 'i1', kind: 'complaint', category: '公共设施', itemClass: 'general', description: '路灯坏了', photos: [], anonymous: false,
    submitterOpenid: 'o-r', clientRequestId: 'req-00000001', householdId: 'h1', householdLabel: '1栋101', streetId: S, communityId: C,
    gridId: G, buildingId: 'S1-01-01-01', holder: { kind: 'person', personId: 'pA', name: '张三', role: 'cadre' }, holderKey: 'pA', handlerIds: ['pA'],
    state: 'accepted', version: 0, rectifyCount: 0, ratings: [], timeline: [], createdAt: T0, updatedAt: T0, dueAt: T0, ...over,
  };
}
const error = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string; message: string }) => `${e.code} ${e.message}`);

describe('queueOf and personHolder', () => {
  it('a node\'s queue is named after the node and its level; anything below a grid is not a level', () => {
    expect(queueOf(NODES[2])).toEqual({ kind: 'queue', nodeId: G, name: '第一网格待办', level: 'grid' });
    expect(queueOf(NODES[1])).toEqual({ kind: 'queue', nodeId: C, name: '一社区待办', level: 'community' });
    expect(queueOf(NODES[0])).toEqual({ kind: 'queue', nodeId: S, name: '河南街道待办', level: 'street' });
    expect(queueOf(NODES[4])).toEqual({ kind: 'queue', nodeId: 'S1-01-01-01', name: '1栋社区待办', level: 'community' });
    // A name that says its level anywhere, not only at its end, gets no second level word.
    expect(queueOf({ ...NODES[2], name: '第二网格（拉法新村）' }).name).toBe('第二网格（拉法新村）待办');
  });

  it('a person holds in the highest role they have over the item, else as grid worker, else as cadre', () => {
    const role = (roles: Person['roles']) => (personHolder(person('p', { roles }), item()) as Extract<Holder, { kind: 'person' }>).role;
    expect(personHolder(person('p1', { name: '李四' }), item())).toEqual({ kind: 'person', personId: 'p1', name: '李四', role: 'cadre' });
    expect(role([{ role: 'cadre', nodeId: G }, { role: 'gridLeader', nodeId: G }, { role: 'communityAdmin', nodeId: C }])).toBe('gridLeader');
    expect(role([{ role: 'gridLeader', nodeId: G2 }, { role: 'communityAdmin', nodeId: C }])).toBe('communityAdmin');
    expect(role([{ role: 'communityAdmin', nodeId: OTHER_C }, { role: 'streetAdmin', nodeId: S }])).toBe('streetAdmin');
    expect(role([{ role: 'streetAdmin', nodeId: 'S2' }, { role: 'gridWorker', nodeId: OTHER_G }])).toBe('gridWorker');
    expect(role([{ role: 'streetAdmin', nodeId: 'S2' }, { role: 'buildingLeader', nodeId: 'S1-01-01-01' }])).toBe('cadre');
  });
});

describe('transferTarget (转办)', () => {
  it('to a grid of the item\'s community: its queue', async () => {
    expect(await transferTarget(ctx, item(), { toGridId: G2 })).toEqual({ kind: 'queue', nodeId: G2, name: '第二网格待办', level: 'grid' });
  });

  it('not to a grid of another community, nor to a node that is not a grid, nor to a missing one', async () => {
    expect(await error(transferTarget(ctx, item(), { toGridId: OTHER_G }))).toBe('FORBIDDEN 只能转给本社区的网格');
    expect(await error(transferTarget(ctx, item(), { toGridId: 'S1-01-01-01' }))).toBe('FORBIDDEN 只能转给本社区的网格');
    expect(await error(transferTarget(ctx, item(), { toGridId: C }))).toBe('FORBIDDEN 只能转给本社区的网格');
    expect(await error(transferTarget(ctx, item(), { toGridId: 'S1-01-09' }))).toBe('NOT_FOUND 网格不存在，请刷新后重试');
  });

  it('to a person of the community, or one with a role on its community or on the item\'s grid', async () => {
    expect(await transferTarget(ctx, item(), { toPersonId: 'pHere' })).toEqual({ kind: 'person', personId: 'pHere', name: 'pHere名', role: 'cadre' });
    expect(await transferTarget(ctx, item(), { toPersonId: 'pRoleInCommunity' })).toMatchObject({ personId: 'pRoleInCommunity', role: 'communityAdmin' });
    expect(await transferTarget(ctx, item(), { toPersonId: 'pRoleInGrid' })).toMatchObject({ personId: 'pRoleInGrid', role: 'gridWorker' });
    // one of their roles is enough
    expect(await transferTarget(ctx, item(), { toPersonId: 'pTwoPlaces' })).toMatchObject({ personId: 'pTwoPlaces', role: 'gridWorker' });
  });

  it('not to a person of another community (a role on another grid of ours is not enough), nor to a missing one', async () => {
    expect(await error(transferTarget(ctx, item(), { toPersonId: 'pElsewhere' }))).toBe('FORBIDDEN 只能转给本社区的干部');
    expect(await error(transferTarget(ctx, item(), { toPersonId: 'pGone' }))).toBe('NOT_FOUND 该干部不存在，请刷新后重试');
  });
});

describe('upTarget (上报)', () => {
  it('from a grid to its community\'s queue, from a community to the street\'s', async () => {
    expect(await upTarget(ctx, item({ holder: { kind: 'queue', nodeId: G, name: '', level: 'grid' } }))).toMatchObject({ nodeId: C, level: 'community' });
    expect(await upTarget(ctx, item())).toMatchObject({ nodeId: C, level: 'community' });
    expect(await upTarget(ctx, item({ holder: { kind: 'queue', nodeId: C, name: '', level: 'community' } }))).toMatchObject({ nodeId: S, level: 'street' });
  });

  it('not from the street or a department, and not to a node that is gone', async () => {
    expect(await error(upTarget(ctx, item({ holder: { kind: 'queue', nodeId: S, name: '', level: 'street' } })))).toBe('INVALID_STATE 街道已是最高一级，请向职能部门吹哨');
    expect(await error(upTarget(ctx, item({ holder: { kind: 'department', departmentId: 'D-S', name: '' } })))).toBe('INVALID_STATE 职能部门请用「退回上级」');
    expect(await error(upTarget(ctx, item({ communityId: 'S1-09' })))).toBe('NOT_FOUND 社区不存在，请刷新后重试');
    expect(await error(upTarget(ctx, item({ streetId: 'S9', holder: { kind: 'queue', nodeId: C, name: '', level: 'community' } })))).toBe('NOT_FOUND 街道不存在，请刷新后重试');
  });
});

describe('whistleTargets (吹哨)', () => {
  it('departments of the item\'s street or community, each once, in the order asked', async () => {
    expect((await whistleTargets(ctx, item(), ['D-C', 'D-S', 'D-C'])).map((d) => d._id)).toEqual(['D-C', 'D-S']);
  });

  it('refuses a department of another community or street, or a missing one', async () => {
    for (const ids of [['D-S', 'D-OTHER'], ['D-FAR'], ['D-GONE']]) {
      expect(await error(whistleTargets(ctx, item(), ids))).toBe('NOT_FOUND 所选职能部门不在本街道，请刷新后重新选择');
    }
  });
});

describe('returnTarget (退回上级)', () => {
  const q = (nodeId: string): Holder => ({ kind: 'queue', nodeId, name: nodeId, level: 'community' });
  const d = (departmentId: string): Holder => ({ kind: 'department', departmentId, name: departmentId });

  it('goes back to the last holder that was not a department', async () => {
    expect(await returnTarget(ctx, item({ previousHolders: [q('first'), q('last'), d('D-C'), d('D-S')] }))).toEqual(q('last'));
  });

  it('with nobody to go back to, to the street\'s queue', async () => {
    expect(await returnTarget(ctx, item({ previousHolders: [d('D-C')] }))).toMatchObject({ nodeId: S, level: 'street' });
    expect(await returnTarget(ctx, item())).toMatchObject({ nodeId: S, level: 'street' });
    expect(await error(returnTarget(ctx, item({ streetId: 'S9' })))).toBe('NOT_FOUND 街道不存在，请刷新后重试');
  });
});
