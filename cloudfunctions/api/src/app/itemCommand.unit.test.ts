// runItemCommand's decisions without a database (the behaviour through the router is in
// itemCommand.test.ts): what it refuses and with which answer, when a retry is a success, what it
// hands to commitCommand's write (actor, escalation target) and whose view it answers. The write
// (applyCommand), the view and the content check are stand-ins that record their calls. Fast enough
// to run for every mutant of `npm run mutation`.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Item, OrgNode, Person, UserDoc } from '../../../../src/core/types';
import type { Command } from '../../../../src/core/workflow/decide';
import type { Ctx } from '../context';

const calls = vi.hoisted(() => ({ apply: [] as unknown[][], texts: [] as string[][], item: null as Item | null }));
// commitCommand reads the item in its transaction and hands it to the planner: here the test's item.
vi.mock('./apply', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./apply')>()),
  commitCommand: async (deps: unknown, _id: string, plan: (item: Item | null) => Promise<{ done: Item } | { cmd: Command; actor: unknown; escalateTo?: unknown }>) => {
    const item = calls.item;
    const p = await plan(item);
    if ('done' in p) return p;
    calls.apply.push([deps, item, p.cmd, p.actor, { escalateTo: p.escalateTo, settings: (p as { settings?: unknown }).settings }]);
    const cmd = p.cmd;
    const holder = cmd.type === 'transfer' ? { kind: 'person' as const, personId: 'pC', name: '王五', role: 'cadre' as const } : item!.holder;
    return { item: { ...item!, version: item!.version + 1, holder, state: 'accepted' }, decision: {}, outbox: [] };
  },
}));
vi.mock('../views', () => ({
  toView: async (_cloud: unknown, item: Item, rel: { isMine: boolean; isHolder: boolean }) => ({ id: item._id, version: item.version, isMine: rel.isMine, isHolder: rel.isHolder }),
}));
vi.mock('./contentCheck', () => ({ checkTexts: async (_ctx: unknown, texts: string[]) => void calls.texts.push(texts) }));

const { commandHash } = await import('./apply');
const { runItemCommand, loadItem, actorFor } = await import('./itemCommand');
const { relationTo } = await import('./issuers');

const T0 = new Date('2026-11-23T02:00:00Z');
const S = 'S1', C = 'S1-01', G = 'S1-01-01';
const user = (personId: string | null, roles: UserDoc['roles'] = []): UserDoc => ({
  _id: `o-${personId ?? 'resident'}`, roles, createdAt: T0, updatedAt: T0,
  ...(personId ? { person: { id: personId, name: `${personId}名`, title: '', workUnit: '' } } : {}),
});
const A = user('pA', [{ role: 'cadre', nodeId: G }]);
const RESIDENT = user(null);
const person = (_id: string, roles: Person['roles']): Person => ({ _id, name: `${_id}名`, phone: '1', workUnit: '', title: '', roles, openid: `o-${_id}` });
const NODES: OrgNode[] = [{ _id: G, level: 'grid', name: '一网格', parentId: C, path: [S, C], leaderId: 'pGL' }];
const PEOPLE = [person('pGL', [{ role: 'gridLeader', nodeId: G }]), person('pC', [{ role: 'cadre', nodeId: G }])];

function item(over: Partial<Item> = {}): Item {
  return {
    _id: 'i1', kind: 'complaint', category: '公共设施', itemClass: 'general', description: '路灯坏了', photos: [], anonymous: false,
    submitterOpenid: 'o-resident', clientRequestId: 'req-00000001', householdId: 'h1', householdLabel: '1栋101', streetId: S, communityId: C,
    gridId: G, buildingId: 'B1', holder: { kind: 'person', personId: 'pA', name: 'pA名', role: 'cadre' }, holderKey: 'pA', handlerIds: ['pA'],
    state: 'submitted', version: 3, rectifyCount: 0, ratings: [], timeline: [], createdAt: T0, updatedAt: T0, dueAt: T0, ...over,
  };
}
function ctx(it: Item | null, u: UserDoc | null, openid = u?._id ?? 'o-nobody'): Ctx {
  calls.item = it;
  return {
    openid,
    now: T0,
    user: async () => u,
    repos: {
      items: { get: async () => it },
      settings: { get: async () => ({ firstHandlers: {} }) },
      people: { get: async (id: string) => PEOPLE.find((p) => p._id === id) ?? null },
      nodes: {
        get: async (id: string) => NODES.find((n) => n._id === id) ?? null,
        withLeader: async (id: string) => {
          const node = NODES.find((n) => n._id === id) ?? null;
          return { node, leader: PEOPLE.find((p) => p._id === node?.leaderId) ?? null };
        },
      },
    },
  } as unknown as Ctx;
}
const error = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string; message: string }) => `${e.code} ${e.message}`);
const accept = (): Command => ({ type: 'accept' });

beforeEach(() => {
  calls.apply.length = 0;
  calls.texts.length = 0;
});

describe('loadItem', () => {
  it('answers a missing item and an unreadable one alike', async () => {
    expect(await error(loadItem(ctx(null, A), 'i1'))).toBe('NOT_FOUND 事项不存在或您无权查看');
    expect(await error(loadItem(ctx(item(), user('pX')), 'i1'))).toBe('NOT_FOUND 事项不存在或您无权查看');
    expect((await loadItem(ctx(item(), A), 'i1')).rel.isHolder).toBe(true);
  });
});

describe('runItemCommand', () => {
  it('applies a command the caller may issue, as their actor, and answers their view after it', async () => {
    const v = await runItemCommand(ctx(item(), A), { id: 'i1', version: 3 }, 'accept', accept);
    expect(v).toEqual({ id: 'i1', version: 4, isMine: false, isHolder: true });
    expect(calls.apply).toHaveLength(1);
    const [deps, , cmd, actor, extra] = calls.apply[0] as [unknown, Item, Command, unknown, { escalateTo?: unknown; settings?: unknown }];
    expect(deps).toMatchObject({ now: T0 });
    expect(extra.settings).toEqual({ firstHandlers: {} });
    expect(cmd).toEqual({ type: 'accept' });
    expect(actor).toEqual({ name: 'pA名', role: 'cadre', by: 'pA' });
    expect(extra.escalateTo).toBeUndefined();
    expect(calls.texts).toEqual([[]]);
  });

  it('the view answered is computed on the changed item: after a transfer the caller no longer holds it', async () => {
    const v = await runItemCommand(ctx(item({ state: 'accepted' }), A), { id: 'i1', version: 3 }, 'transfer', () => ({ type: 'transfer', to: PEOPLE[1] as never, reason: '转王五' }) as unknown as Command);
    expect(v).toMatchObject({ version: 4, isHolder: false });
  });

  it('checks the texts a person typed before anything is written', async () => {
    await runItemCommand(ctx(item({ state: 'accepted' }), A), { id: 'i1', version: 3 }, 'pause', () => ({ type: 'pause', reason: '等待材料' }));
    expect(calls.texts).toEqual([['等待材料']]);
  });

  it('refuses a state the command does not start from, then a caller who may not issue it; builds nothing then', async () => {
    const build = vi.fn(accept);
    expect(await error(runItemCommand(ctx(item({ state: 'closed' }), A), { id: 'i1', version: 3 }, 'accept', build))).toBe('INVALID_STATE 该事项当前状态不能受理，请刷新后重试');
    expect(await error(runItemCommand(ctx(item({ state: 'closed', submitterOpenid: 'o-pX' }), user('pX')), { id: 'i1', version: 3 }, 'withdraw', build)))
      .toBe('INVALID_STATE 该事项当前状态不能撤回，请刷新后重试');
    const leader = user('pGL', [{ role: 'gridLeader', nodeId: G }]);
    expect(await error(runItemCommand(ctx(item(), leader), { id: 'i1', version: 3 }, 'accept', build))).toBe('FORBIDDEN 您不能对该事项执行「受理」');
    expect(build).not.toHaveBeenCalled();
    expect(calls.apply).toHaveLength(0);
  });

  it('an old version is a CONFLICT unless it is the caller\'s own command, already applied one version ago', async () => {
    const done = (cmd: Command, by: string, over: Partial<Item> = {}) =>
      item({ state: 'accepted', version: 4, timeline: [{ at: T0, actor: '', actorRole: 'cadre', action: 'accept', from: 'submitted', to: 'accepted', by, cmd: commandHash(cmd) }], ...over });
    const CONFLICT = 'CONFLICT 该事项已有新的进展，请刷新后再操作';
    // the lost answer: success, and nothing applied again
    expect(await runItemCommand(ctx(done(accept(), 'pA'), A), { id: 'i1', version: 3 }, 'accept', accept)).toEqual({ id: 'i1', version: 4, isMine: false, isHolder: true });
    // the resident's retry is recognised by "submitter"
    const rate: Command = { type: 'rate', stars: 5, solved: true } as Command;
    expect(await runItemCommand(ctx(done(rate, 'submitter', { state: 'closed' }), RESIDENT), { id: 'i1', version: 3 }, 'rate', () => rate)).toMatchObject({ version: 4, isMine: true });
    // also when the resident has no users document at all
    expect(await runItemCommand(ctx(done(rate, 'submitter', { state: 'closed' }), null, 'o-resident'), { id: 'i1', version: 3 }, 'rate', () => rate)).toMatchObject({ version: 4, isMine: true });
    expect(calls.apply).toHaveLength(0);
    // someone else's change, another command, two versions on, a change without fingerprint, a build that fails now
    expect(await error(runItemCommand(ctx(done(accept(), 'pB'), A), { id: 'i1', version: 3 }, 'accept', accept))).toBe(CONFLICT);
    expect(await error(runItemCommand(ctx(done({ type: 'start' } as Command, 'pA'), A), { id: 'i1', version: 3 }, 'accept', accept))).toBe(CONFLICT);
    expect(await error(runItemCommand(ctx(done(accept(), 'pA', { version: 5 }), A), { id: 'i1', version: 3 }, 'accept', accept))).toBe(CONFLICT);
    expect(await error(runItemCommand(ctx(done(accept(), 'pA'), A), { id: 'i1', version: 5 }, 'accept', accept))).toBe(CONFLICT);
    const plain = done(accept(), 'pA');
    delete plain.timeline[0].cmd;
    expect(await error(runItemCommand(ctx(plain, A), { id: 'i1', version: 3 }, 'accept', accept))).toBe(CONFLICT);
    expect(await error(runItemCommand(ctx(done(accept(), 'pA'), A), { id: 'i1', version: 3 }, 'accept', () => { throw new Error('target gone'); }))).toBe(CONFLICT);
    expect(await error(runItemCommand(ctx(item({ version: 4 }), A), { id: 'i1', version: 3 }, 'accept', accept))).toBe(CONFLICT);
    expect(calls.apply).toHaveLength(0);
  });

  it('a rating after a rectification carries the level above as escalation target; a first rating does not', async () => {
    const rate = (): Command => ({ type: 'rate', stars: 1, solved: false }) as Command;
    const resolved = (rectifyCount: number) => item({ state: 'resolved', rectifyCount });
    await runItemCommand(ctx(resolved(0), RESIDENT), { id: 'i1', version: 3 }, 'rate', rate);
    await runItemCommand(ctx(resolved(1), RESIDENT), { id: 'i1', version: 3 }, 'rate', rate);
    await runItemCommand(ctx(resolved(2), RESIDENT), { id: 'i1', version: 3 }, 'rate', rate);
    const targets = calls.apply.map((a) => (a[4] as { escalateTo?: { personId?: string } }).escalateTo?.personId);
    expect(targets).toEqual([undefined, 'pGL', 'pGL']);
    expect(calls.apply.map((a) => a[3])).toEqual(Array(3).fill({ name: '居民', role: 'resident', by: 'submitter' }));
  });

  it('no escalation target for other commands, even after a rectification', async () => {
    await runItemCommand(ctx(item({ state: 'rectifying', rectifyCount: 1 }), A), { id: 'i1', version: 3 }, 'start', () => ({ type: 'start' }) as Command);
    expect((calls.apply[0][4] as { escalateTo?: unknown }).escalateTo).toBeUndefined();
  });
});

describe('actorFor', () => {
  const u = (roles: UserDoc['roles'], id = 'pU'): UserDoc => ({ _id: 'o-u', roles, person: { id, name: '某人', title: '', workUnit: '' }, createdAt: T0, updatedAt: T0 });
  const item = (holder: Item['holder']) => ({ _id: 'i', submitterOpenid: 'o-r', streetId: S, communityId: C, gridId: G, holder, handlerIds: [], timeline: [] }) as unknown as Item;
  const actor = (user: UserDoc | null, holder: Item['holder']) => actorFor(user, relationTo(user, user?._id ?? 'o-r', item(holder)), item(holder));

  it('a resident (no person) acts as 居民, the submitter', () => {
    expect(actor(null, { kind: 'queue', nodeId: G, name: '', level: 'grid' })).toEqual({ name: '居民', role: 'resident', by: 'submitter' });
    expect(actor({ ...u([]), person: undefined }, { kind: 'queue', nodeId: G, name: '', level: 'grid' })).toEqual({ name: '居民', role: 'resident', by: 'submitter' });
  });

  it('the person holder acts in the role they hold it in; a backup acts as cadre', () => {
    expect(actor(u([{ role: 'cadre', nodeId: G }]), { kind: 'person', personId: 'pU', name: '', role: 'gridLeader' })).toEqual({ name: '某人', role: 'gridLeader', by: 'pU' });
    expect(actor(u([{ role: 'gridLeader', nodeId: G }]), { kind: 'person', personId: 'pU', name: '', role: 'backup' }).role).toBe('cadre');
  });

  it('anyone else acts in their highest role, or as cadre without one', () => {
    const h = { kind: 'person' as const, personId: 'pOther', name: '', role: 'cadre' as const };
    expect(actor(u([{ role: 'cadre', nodeId: G }, { role: 'gridLeader', nodeId: G }]), h).role).toBe('gridLeader');
    expect(actor(u([{ role: 'gridLeader', nodeId: G }, { role: 'communityAdmin', nodeId: C }]), h).role).toBe('communityAdmin');
    expect(actor(u([{ role: 'communityAdmin', nodeId: C }, { role: 'streetAdmin', nodeId: S }]), h).role).toBe('streetAdmin');
    expect(actor(u([{ role: 'unitLeader', nodeId: 'x' }, { role: 'departmentStaff', nodeId: S, departmentId: 'D' }]), h).role).toBe('departmentStaff');
    expect(actor(u([{ role: 'buildingLeader', nodeId: 'x' }, { role: 'gridWorker', nodeId: G }]), h).role).toBe('gridWorker');
    expect(actor(u([{ role: 'unitLeader', nodeId: 'x' }]), h).role).toBe('unitLeader');
    expect(actor(u([]), h)).toEqual({ name: '某人', role: 'cadre', by: 'pU' });
    // a queue holder is no person: the caller's highest role
    expect(actor(u([{ role: 'communityAdmin', nodeId: C }]), { kind: 'queue', nodeId: C, name: '', level: 'community' }).role).toBe('communityAdmin');
  });
});
