// The authorization matrix as data: every action × persona × target (in or out of the persona's
// scope) → 'ok' or the error code the real handler must answer. `src/authz.matrix.test.ts` runs
// every cell through the router, and checks that a refused call changes nothing anywhere.
//
// A new action needs rows here, or the matrix test fails. Rows are grouped by action; each row
// names the state the call is made in (a small scenario through the real handlers), its target
// and what each of the eleven personas gets.
import type { ActionName } from '../../../src/core/api/contract';
import type { ErrorCode } from '../../../src/core/errors';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import type { Department, OrgNode } from '../../../src/core/types';
import { departments, IDS } from './fixture';
import { OPENID, photoOf, type setup } from './harness';

export type T = Awaited<ReturnType<typeof setup>>;

// ---- personas ----

export const PERSONAS = {
  R: { openid: 'o-resident', label: '居民（提交人）' },
  R2: { openid: 'o-resident2', label: '其他居民' },
  A: { openid: OPENID.A, label: '包保干部（经办人）' },
  X: { openid: OPENID.X, label: '其他网格干部' },
  GL: { openid: OPENID.GL, label: '网格长' },
  GL2: { openid: OPENID.GL2, label: '其他网格网格长' },
  admin: { openid: OPENID.admin, label: '社区管理员' },
  admin2: { openid: OPENID.admin2, label: '其他社区管理员' },
  street: { openid: OPENID.street, label: '街道管理员' },
  D1: { openid: OPENID.D1, label: '本街道职能部门' },
  D3: { openid: OPENID.D3, label: '其他街道职能部门' },
  /** 书记 of the fixture community T01-01 (added by the base scenario; 书记领办, 五考). */
  SEC: { openid: 'o-pSec', label: '社区书记' },
} as const;
export type Persona = keyof typeof PERSONAS;
export const PERSONA_KEYS = Object.keys(PERSONAS) as Persona[];

/**
 * 'ok': the call succeeds. An error code: it is refused with that code and changes nothing.
 * 'IMPORT_ERRORS': the import answers ok:false with row errors and writes nothing but its job record.
 */
export type Expect = 'ok' | 'IMPORT_ERRORS' | ErrorCode;
export type Cells = Record<Persona, Expect>;

// ---- the world a row's call is made in ----

export interface ItemRef {
  id: string;
  version: number;
}
export interface World {
  /** An item in grid T01-01-01 (community T01-01), submitted by R; first holder 张三 (A). */
  in: ItemRef;
  /** An item in community T01-02, submitted by R; held by that community's admin (admin2). */
  out: ItemRef;
  invites: { in: string; out: string; used: string; revoked: string };
  jobs: { in: string; out: string };
  /** Spreadsheets each persona uploaded: households of T01-01 ('in') and of T01-02 ('out'). */
  files: Record<string, { in: string; out: string }>;
}

export type StateName =
  | 'base' | 'submitted' | 'community' | 'street' | 'whistled' | 'tough' | 'accepted' | 'pausePending' | 'paused'
  | 'resolved' | 'rejected' | 'appealing' | 'invites' | 'jobs' | 'closed';

/** Test-only data on top of the fixture: another street, empty buildings, a community's department. */
const extraNodes: OrgNode[] = [
  { _id: 'T02', level: 'street', name: '外街道', parentId: null, path: [] },
  { _id: `${IDS.grid}-09`, level: 'building', name: '9栋（空）', parentId: IDS.grid, path: [IDS.street, IDS.community, IDS.grid] },
  { _id: `${IDS.grid2}-09`, level: 'building', name: '9栋（空）', parentId: IDS.grid2, path: [IDS.street, IDS.community2, IDS.grid2] },
];
const stamp = new Date('2026-11-20T02:00:00Z');
/** 书记 of T01-01: a person with only that post (the persona SEC). */
const secretary = {
  _id: 'pSec', name: '梁书记', phone: '13800000009', workUnit: '测试社区党委', title: '书记', openid: 'o-pSec',
  roles: [{ role: 'secretary', nodeId: IDS.community }], communityId: IDS.community,
};
const extraDepartments: Department[] = [
  { _id: 'D-C2', name: '二社区物业办', kind: '物业', scopeNodeId: IDS.community2, createdAt: stamp, updatedAt: stamp },
];

const csv = (rows: string[][]) => '\ufeff' + rows.map((r) => r.join(',')).join('\n');
const HEADER = ['编号', '单元编号', '房号', '人数', '标签', '包保干部编号'];
const SHEETS = {
  in: csv([HEADER, [`${IDS.unit}-0301`, IDS.unit, '301', '2', '', '']]),
  out: csv([HEADER, [`${IDS.unit2}-0301`, IDS.unit2, '301', '2', '', '']]),
};

const emptyWorld = (): World => ({
  in: { id: '', version: 0 },
  out: { id: '', version: 0 },
  invites: { in: '', out: '', used: '', revoked: '' },
  jobs: { in: '', out: '' },
  files: {},
});

let seq = 0;
const rid = () => `mx-${Date.now().toString(36)}-${(seq++).toString(36).padStart(4, '0')}`;

/** Advances one of the two items by a command, keeping its version. */
async function step(t: T, w: World, which: 'in' | 'out', who: string, action: ActionName, data: Record<string, unknown> = {}) {
  const v = await t.ok(who, action, { id: w[which].id, version: w[which].version, ...data });
  w[which].version = v.version;
}

const { R, A, GL, admin, admin2, street } = Object.fromEntries(PERSONA_KEYS.map((p) => [p, PERSONAS[p].openid])) as Record<Persona, string>;

/** Each state builds on the one before it, through the real handlers. */
const SCENARIOS: Record<StateName, (t: T, w: World) => Promise<void>> = {
  async base(t, w) {
    const put = (col: string, docs: object[]) => Promise.all(docs.map((d) => t.emu.db.collection(col).add({ data: d })));
    await Promise.all([
      put('departments', [...departments, ...extraDepartments]), put('orgNodes', extraNodes), put('people', [secretary]),
      put('users', [{ _id: secretary.openid, roles: secretary.roles, person: { id: secretary._id, name: secretary.name, title: secretary.title, workUnit: secretary.workUnit }, createdAt: stamp, updatedAt: stamp }]),
    ]);
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    await t.ok(PERSONAS.R2.openid, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhAway });
    for (const p of PERSONA_KEYS) {
      const o = PERSONAS[p].openid;
      w.files[o] = {
        in: await t.emu.storage.put(`uploads/${o}/in.csv`, Buffer.from(SHEETS.in)),
        out: await t.emu.storage.put(`uploads/${o}/out.csv`, Buffer.from(SHEETS.out)),
      };
    }
  },
  async submitted(t, w) {
    await SCENARIOS.base(t, w);
    const submit = async () =>
      (await t.ok(R, 'item.submit', { clientRequestId: rid(), kind: 'complaint', category: '公共设施', description: '小区门口路灯坏了一个多月', photos: [], anonymous: false, echoWall: true })).item;
    // The out item: a household of T01-02 (cadre 郑, who has no account), taken over by that community's admin.
    await t.ok(R, 'household.confirm', { cardCode: 'CARDY', householdId: IDS.hh2 });
    w.out = { id: (await submit()).id, version: 0 };
    await step(t, w, 'out', admin2, 'item.transfer', { toPersonId: 'pAdmin2', reason: '社区直接办理' });
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    w.in = { id: (await submit()).id, version: 0 };
  },
  async community(t, w) {
    await SCENARIOS.submitted(t, w);
    await step(t, w, 'in', A, 'item.escalate', { reason: '需要社区协调' });
    await step(t, w, 'out', admin2, 'item.escalate', { reason: '需要社区协调' });
  },
  async street(t, w) {
    await SCENARIOS.community(t, w);
    await step(t, w, 'in', admin, 'item.escalate', { reason: '需要街道协调' });
    await step(t, w, 'out', admin2, 'item.escalate', { reason: '需要街道协调' });
  },
  async whistled(t, w) {
    await SCENARIOS.street(t, w);
    await step(t, w, 'in', street, 'item.whistle', { kind: 'quick', departmentIds: ['D-CG'] });
    await step(t, w, 'out', street, 'item.whistle', { kind: 'quick', departmentIds: ['D-CG'] });
  },
  /** 攻坚哨 to two departments, both reported: the lead department (D1's) holds it, accepted. */
  async tough(t, w) {
    await SCENARIOS.street(t, w);
    for (const which of ['in', 'out'] as const) {
      await step(t, w, which, street, 'item.whistle', { kind: 'tough', departmentIds: ['D-CG', 'D-SJ'] });
      await step(t, w, which, PERSONAS.D1.openid, 'item.report');
      await step(t, w, which, OPENID.D2, 'item.report');
    }
  },
  async accepted(t, w) {
    await SCENARIOS.submitted(t, w);
    await step(t, w, 'in', A, 'item.verify', { itemClass: 'general', category: '公共设施' });
    await step(t, w, 'out', admin2, 'item.verify', { itemClass: 'general', category: '公共设施' });
  },
  async pausePending(t, w) {
    await SCENARIOS.accepted(t, w);
    await step(t, w, 'in', A, 'item.pause', { reason: '等待供电公司检修' });
    await step(t, w, 'out', admin2, 'item.pause', { reason: '等待供电公司检修' });
  },
  async paused(t, w) {
    await SCENARIOS.pausePending(t, w);
    await step(t, w, 'in', GL, 'item.pauseReview', { approve: true });
    await step(t, w, 'out', OPENID.street, 'item.pauseReview', { approve: true });
  },
  async resolved(t, w) {
    await SCENARIOS.accepted(t, w);
    await step(t, w, 'in', A, 'item.resolve', { note: '已更换路灯', photos: [] });
    await step(t, w, 'out', admin2, 'item.resolve', { note: '已更换路灯', photos: [] });
  },
  /** Both items rated satisfied: closed, and on the 回音壁 (their resident agreed at submit). */
  async closed(t, w) {
    await SCENARIOS.resolved(t, w);
    await step(t, w, 'in', R, 'item.rate', { stars: 5, solved: true });
    await step(t, w, 'out', R, 'item.rate', { stars: 4, solved: true });
  },
  async rejected(t, w) {
    await SCENARIOS.submitted(t, w);
    await step(t, w, 'in', A, 'item.reject', { code: 'outOfArea', note: '不是本网格' });
    await step(t, w, 'out', admin2, 'item.reject', { code: 'outOfArea', note: '不是本社区' });
  },
  async appealing(t, w) {
    await SCENARIOS.rejected(t, w);
    await step(t, w, 'in', R, 'item.appeal', { reason: '就在本楼门口，请再核实' });
    await step(t, w, 'out', R, 'item.appeal', { reason: '就在本楼门口，请再核实' });
  },
  async invites(t, w) {
    await SCENARIOS.base(t, w);
    w.invites.in = (await t.ok(admin, 'admin.invite.create', { personId: 'pA' })).code;
    w.invites.out = (await t.ok(admin2, 'admin.invite.create', { personId: 'pY' })).code;
    w.invites.used = (await t.ok(admin, 'admin.invite.create', { personId: 'pC' })).code;
    await t.ok('o-somebody', 'invite.accept', { code: w.invites.used });
    w.invites.revoked = (await t.ok(admin, 'admin.invite.create', { personId: 'pB' })).code;
    await t.ok(admin, 'admin.invite.revoke', { code: w.invites.revoked });
  },
  async jobs(t, w) {
    await SCENARIOS.base(t, w);
    w.jobs = { in: 'job-admin-00001', out: 'job-admin2-00001' };
    await t.ok(admin, 'admin.import', { kind: 'households', format: 'csv', fileID: w.files[admin].in, jobId: w.jobs.in });
    await t.ok(admin2, 'admin.import', { kind: 'households', format: 'csv', fileID: w.files[admin2].out, jobId: w.jobs.out });
  },
};

export async function prepare(t: T, state: StateName): Promise<World> {
  const w = emptyWorld();
  await SCENARIOS[state](t, w);
  return w;
}

// ---- rows ----

export interface Row {
  action: ActionName;
  /** What the call is aimed at, e.g. 'in' (the fixture community T01-01) or 'out' (community T01-02). */
  target: string;
  state: StateName;
  input: (w: World, openid: string) => Record<string, unknown>;
  expect: Cells;
  /** Extra checks on an allowed call's answer; returns what is wrong, if anything. */
  check?: (data: any, w: World, p: Persona, target?: string) => string | undefined;
  /**
   * Cells where the product is known to answer something else (an authorization bug, reported).
   * The matrix keeps the correct expectation; the test marks these cells as failing.
   */
  bugs?: Partial<Record<Persona, string>>;
}

/** Every persona gets `def`, except those named. */
export function cells(def: Expect, over: Partial<Cells> = {}): Cells {
  return Object.fromEntries(PERSONA_KEYS.map((p) => [p, over[p] ?? def])) as Cells;
}

/** Who may read each item (and so gets past NOT_FOUND): submitter, holder, the levels above, reviewers. */
const READERS: Record<'in' | 'out', Persona[]> = {
  in: ['R', 'A', 'GL', 'admin', 'street', 'SEC'], // SEC: the community secretary reads their post's items (书记领办)
  out: ['R', 'admin2', 'street'],
};
/** Item cells: non-readers get NOT_FOUND; readers `readers` unless named. */
function onItem(target: 'in' | 'out', readers: Expect, over: Partial<Cells> = {}, extraReaders: Persona[] = []): Cells {
  const can = new Set([...READERS[target], ...extraReaders]);
  return Object.fromEntries(PERSONA_KEYS.map((p) => [p, over[p] ?? (can.has(p) ? readers : 'NOT_FOUND')])) as Cells;
}
/** Admin cells: non-admins FORBIDDEN; the community admin over 'in', the other over 'out', the street over both. */
function adminCells(target: 'in' | 'out' | 'any', over: Partial<Cells> = {}): Cells {
  const base: Partial<Cells> =
    target === 'in' ? { admin: 'ok', admin2: 'FORBIDDEN', street: 'ok' }
    : target === 'out' ? { admin: 'FORBIDDEN', admin2: 'ok', street: 'ok' }
    : { admin: 'ok', admin2: 'ok', street: 'ok' };
  return cells('FORBIDDEN', { ...base, ...over });
}

type ItemInput = (w: World, openid: string, target: 'in' | 'out') => Record<string, unknown>;
/** One row per item target. */
function itemRows(
  action: ActionName, state: StateName, input: ItemInput,
  spec: { in: Partial<Cells>; out: Partial<Cells>; readers?: Expect; extraReaders?: Persona[] },
  more: Partial<Pick<Row, 'check' | 'bugs'>> = {},
): Row[] {
  return (['in', 'out'] as const).map((target) => ({
    action, state, target,
    input: (w, o) => ({ id: w[target].id, version: w[target].version, ...input(w, o, target) }),
    expect: onItem(target, spec.readers ?? 'FORBIDDEN', spec[target], spec.extraReaders),
    ...more,
    ...(more.check ? { check: (d: unknown, w: World, p: Persona) => more.check!(d, w, p, target) } : {}),
  }));
}
const row = (action: ActionName, state: StateName, target: string, input: Row['input'], expect: Cells, more: Partial<Row> = {}): Row => ({
  action, state, target, input, expect, ...more,
});
const none = () => ({});

/** Ids of the two fixture items a list shows, e.g. ['in'] */
const shown = (items: { id: string }[], w: World) => (['in', 'out'] as const).filter((k) => items.some((i) => i.id === w[k].id));
const lists = (want: Partial<Record<Persona, ('in' | 'out')[]>>) => (data: { items: { id: string }[] }, w: World, p: Persona) => {
  const got = shown(data.items, w);
  const expected = want[p] ?? [];
  return got.join() === expected.join() ? undefined : `lists [${got}], expected [${expected}]`;
};

const OTHERS_PHOTO = photoOf('o-somebody-else');
const newPerson = (gridId: string, roles: { role: string; nodeId: string }[], id?: string) => ({
  ...(id ? { id } : {}), name: id ? '张三' : '新干部', phone: '13900000000', workUnit: '测试局', title: '科员', gridId, roles,
});
const settingsInput = (streetId: string, firstHandlers: Record<string, string> = {}) => ({ streetId, ...DEFAULT_SETTINGS, firstHandlers });
const workGroup = (id: string, communityId: string, leaderId: string, memberIds: string[], areaNodeIds: string[]) => ({
  id, name: '工作组', communityId, leaderId, deputyIds: [], memberIds, areaNodeIds,
});

export const MATRIX: Row[] = [
  // ---- identity, cards, households ----
  row('auth.whoami', 'base', 'self', none, cells('ok'), {
    check: (d, _w, p) => (d.isAdmin === ['admin', 'admin2', 'street'].includes(p) ? undefined : `isAdmin ${d.isAdmin}`),
  }),
  row('card.resolve', 'base', 'in', () => ({ scene: 'CARDA' }), cells('ok')),
  row('card.resolve', 'base', 'out', () => ({ scene: 'CARDY' }), cells('ok')),
  row('card.resolve', 'base', 'replaced card', () => ({ scene: 'CARDOLD' }), cells('ok'), {
    check: (d) => (d.status === 'replaced' ? undefined : `status ${d.status}`),
  }),
  row('card.resolve', 'base', 'missing card', () => ({ scene: 'NOPE404' }), cells('NOT_FOUND')),
  row('card.qrcode', 'base', 'in', () => ({ cardCode: 'CARDA' }), cells('FORBIDDEN', { A: 'ok', admin: 'ok', street: 'ok' })),
  row('card.qrcode', 'base', 'out', () => ({ cardCode: 'CARDY' }), cells('FORBIDDEN', { admin2: 'ok', street: 'ok' })),
  row('card.qrcode', 'base', 'missing card', () => ({ cardCode: 'NOPE404' }), cells('NOT_FOUND')),
  row('card.mine', 'base', 'self', none, cells('NOT_FOUND', { A: 'ok', X: 'ok' })),
  row('household.browse', 'base', 'in', () => ({ cardCode: 'CARDA' }), cells('ok')),
  row('household.browse', 'base', 'out', () => ({ cardCode: 'CARDA', parentId: 'T01-01-02-01' }), cells('NOT_FOUND')),
  row('household.browse', 'base', 'replaced card', () => ({ cardCode: 'CARDOLD' }), cells('FORBIDDEN')),
  row('household.confirm', 'base', 'in', () => ({ cardCode: 'CARDA', householdId: IDS.hhServed }), cells('ok')),
  row('household.confirm', 'base', 'out', () => ({ cardCode: 'CARDA', householdId: IDS.hhOther }), cells('NOT_FOUND')),

  // ---- residents' items ----
  row('item.submit', 'base', 'own photos', (_w, o) => ({
    clientRequestId: rid(), kind: 'request', category: '公共设施', description: '楼道灯坏了，晚上看不见', photos: [photoOf(o)], anonymous: false,
  }), cells('NO_HOUSEHOLD', { R: 'ok', R2: 'ok' })),
  row('item.submit', 'base', "another's photos", () => ({
    clientRequestId: rid(), kind: 'request', category: '公共设施', description: '楼道灯坏了，晚上看不见', photos: [OTHERS_PHOTO], anonymous: false,
  }), cells('FORBIDDEN')), // photos are checked before the account, which is read in the item's transaction
  row('item.mine', 'submitted', 'self', none, cells('ok'), { check: lists({ R: ['in', 'out'] }) }),
  ...itemRows('item.detail', 'submitted', none, { readers: 'ok', in: {}, out: {} }),
  ...itemRows('item.detail', 'whistled', none, { readers: 'ok', in: {}, out: {}, extraReaders: ['D1'] }),
  row('cadre.inbox', 'submitted', 'self', () => ({ filter: 'todo' }), cells('ok', { R: 'FORBIDDEN', R2: 'FORBIDDEN' }), {
    check: lists({ A: ['in'], admin2: ['out'] }),
  }),
  row('cadre.inbox', 'community', 'self', () => ({ filter: 'todo' }), cells('ok', { R: 'FORBIDDEN', R2: 'FORBIDDEN' }), {
    check: lists({ admin: ['in'], admin2: ['out'] }),
  }),
  row('cadre.inbox', 'whistled', 'self', () => ({ filter: 'todo' }), cells('ok', { R: 'FORBIDDEN', R2: 'FORBIDDEN' }), {
    check: lists({ D1: ['in', 'out'] }),
  }),

  // ---- item commands (六单联办) ----
  ...itemRows('item.verify', 'submitted', () => ({ itemClass: 'simple', category: '公共设施' }), { in: { A: 'ok' }, out: { admin2: 'ok' } }),
  // 社区待办: the community queue is worked by the community's admin, not by the cadre who sent it up.
  ...itemRows('item.verify', 'community', () => ({ itemClass: 'simple', category: '公共设施' }), { in: { admin: 'ok' }, out: { admin2: 'ok' } }),
  ...itemRows('item.verify', 'accepted', () => ({ itemClass: 'simple', category: '公共设施' }), { readers: 'INVALID_STATE', in: {}, out: {} }),
  ...itemRows('item.accept', 'submitted', none, { in: { A: 'ok' }, out: { admin2: 'ok' } }),
  ...itemRows('item.reject', 'submitted', () => ({ code: 'duplicate', note: '重复提交' }), { in: { A: 'ok' }, out: { admin2: 'ok' } }),
  ...itemRows('item.transfer', 'submitted', (_w, _o, target) => ({ toGridId: target === 'in' ? IDS.otherGrid : IDS.grid2, reason: '住户实际在该网格' }), {
    in: { A: 'ok', GL: 'ok', admin: 'ok' }, out: { admin2: 'ok', street: 'ok' },
  }),
  row('item.transfer', 'submitted', 'in, to a cadre of another community', (w) => ({ ...w.in, toPersonId: 'pY', reason: '换人办理' }), onItem('in', 'FORBIDDEN')),
  ...itemRows('item.escalate', 'submitted', () => ({ reason: '网格无法解决' }), { in: { A: 'ok' }, out: { admin2: 'ok' } }),
  ...itemRows('item.escalate', 'community', () => ({ reason: '社区无法解决' }), { in: { admin: 'ok' }, out: { admin2: 'ok' } }),
  ...itemRows('item.escalate', 'street', () => ({ reason: '再往上报' }), { in: { street: 'INVALID_STATE' }, out: { street: 'INVALID_STATE' } }),
  ...itemRows('item.whistle', 'street', () => ({ kind: 'quick', departmentIds: ['D-CG'] }), { in: { street: 'ok' }, out: { street: 'ok' } }),
  // The grid holds it: only the street whistles.
  ...itemRows('item.whistle', 'submitted', () => ({ kind: 'quick', departmentIds: ['D-CG'] }), { in: {}, out: {} }),
  row('item.whistle', 'street', "in, another street's department", (w) => ({ ...w.in, kind: 'quick', departmentIds: ['D-OUT'] }), onItem('in', 'FORBIDDEN', { street: 'NOT_FOUND' })),
  ...itemRows('item.report', 'whistled', none, { in: { D1: 'ok' }, out: { D1: 'ok' }, extraReaders: ['D1'] }),
  // 会商 is for a 攻坚哨, by its holder (the lead department) or the level above it: the street.
  ...itemRows('item.meet', 'tough', () => ({ attendees: ['城管执法中队', '市场监管所'], plan: '联合清理占道' }), {
    in: { D1: 'ok', street: 'ok' }, out: { D1: 'ok', street: 'ok' }, extraReaders: ['D1'],
  }),
  ...itemRows('item.meet', 'accepted', () => ({ attendees: ['城管执法中队', '测试社区'], plan: '联合清理占道' }), {
    in: { A: 'INVALID_STATE', GL: 'INVALID_STATE', admin: 'INVALID_STATE' }, out: { admin2: 'INVALID_STATE', street: 'INVALID_STATE' },
  }),
  ...itemRows('item.return', 'whistled', () => ({ reason: '不属于本部门职责' }), { in: { D1: 'ok' }, out: { D1: 'ok' }, extraReaders: ['D1'] }),
  ...itemRows('item.start', 'accepted', none, { in: { A: 'ok' }, out: { admin2: 'ok' } }),
  ...itemRows('item.resolve', 'accepted', (_w, o) => ({ note: '已更换路灯', photos: [photoOf(o)] }), { in: { A: 'ok' }, out: { admin2: 'ok' } }),
  // Photos someone else uploaded are refused before the item is even read.
  row('item.resolve', 'accepted', "in, another's photos", (w) => ({ ...w.in, note: '已更换路灯', photos: [OTHERS_PHOTO] }), cells('FORBIDDEN')),
  // 群众评单: only the submitter rates; the holder cannot close their own item.
  ...itemRows('item.rate', 'resolved', () => ({ stars: 5, solved: true }), { in: { R: 'ok' }, out: { R: 'ok' } }),
  ...itemRows('item.pause', 'accepted', () => ({ reason: '等待供电公司检修' }), { in: { A: 'ok' }, out: { admin2: 'ok' } }),
  // Nobody approves their own pause: out, admin2 holds the item personally, so the street decides.
  ...itemRows('item.pauseReview', 'pausePending', () => ({ approve: true }), { in: { GL: 'ok', admin: 'ok' }, out: { street: 'ok' } }),
  ...itemRows('item.resume', 'paused', none, { in: { A: 'ok', GL: 'ok', admin: 'ok' }, out: { admin2: 'ok', street: 'ok' } }),
  ...itemRows('item.withdraw', 'submitted', () => ({ reason: '已自行解决' }), { in: { R: 'ok' }, out: { R: 'ok' } }),
  ...itemRows('item.withdraw', 'accepted', () => ({ reason: '已自行解决' }), { readers: 'INVALID_STATE', in: {}, out: {} }),
  ...itemRows('item.appeal', 'rejected', () => ({ reason: '就在本楼门口，请再核实' }), { in: { R: 'ok' }, out: { R: 'ok' } }),
  ...itemRows('item.appealReview', 'appealing', () => ({ uphold: false, note: '经核实属实，重新办理' }), {
    in: { GL: 'ok', admin: 'ok', street: 'ok' }, out: { admin2: 'ok', street: 'ok' },
  }),
  // Lists for the handling forms: the holder and the levels above get choices; other readers get none.
  ...itemRows('item.targets', 'submitted', none, { readers: 'ok', in: {}, out: {} }, {
    check: (d, _w, p, target) => {
      const full = d.grids.length > 0 && d.departments.length > 0;
      const empty = !d.grids.length && !d.people.length && !d.departments.length;
      // the street is above a community admin who holds the out-of-scope item personally
      const chooser = ['A', 'GL', 'admin', 'admin2'].includes(p) || (p === 'street' && target === 'out');
      return (chooser ? full : empty) ? undefined : `grids ${d.grids.length}, people ${d.people.length}, departments ${d.departments.length}`;
    },
  }),
  row('item.onBehalf', 'base', 'in', (_w, o) => ({
    clientRequestId: rid(), householdId: IDS.hhServed, channel: 'visit', kind: 'request', category: '公共设施', description: '走访时住户反映楼道灯坏了', photos: [photoOf(o)],
  }), cells('FORBIDDEN', { A: 'ok', X: 'NOT_FOUND', GL: 'ok', GL2: 'NOT_FOUND', admin: 'ok', admin2: 'NOT_FOUND' })),
  row('item.onBehalf', 'base', 'out', () => ({
    clientRequestId: rid(), householdId: IDS.hh2, channel: 'phone', kind: 'request', category: '公共设施', description: '电话反映楼道灯坏了', photos: [],
  }), cells('FORBIDDEN', { A: 'NOT_FOUND', X: 'NOT_FOUND', GL: 'NOT_FOUND', GL2: 'NOT_FOUND', admin: 'NOT_FOUND', admin2: 'ok' })),
  row('item.onBehalf', 'base', "in, another's photos", () => ({
    clientRequestId: rid(), householdId: IDS.hhServed, channel: 'visit', kind: 'request', category: '公共设施', description: '走访时住户反映楼道灯坏了', photos: [OTHERS_PHOTO],
  }), cells('FORBIDDEN')),

  // ---- 调度台 and street settings ----
  row('dispatch.board', 'submitted', 'own scope', () => ({}), cells('FORBIDDEN', { GL: 'ok', GL2: 'ok', admin: 'ok', admin2: 'ok', street: 'ok' }), {
    check: lists({ GL: ['in'], admin: ['in'], admin2: ['out'], street: ['in', 'out'] }),
  }),
  row('dispatch.board', 'submitted', 'in', () => ({ gridId: IDS.grid }), cells('FORBIDDEN', { GL: 'ok', admin: 'ok', street: 'ok' }), {
    check: lists({ GL: ['in'], admin: ['in'], street: ['in'] }),
  }),
  row('dispatch.board', 'submitted', 'out', () => ({ gridId: IDS.grid2 }), cells('FORBIDDEN', { admin2: 'ok', street: 'ok' }), {
    check: lists({ admin2: ['out'], street: ['out'] }),
  }),
  row('settings.get', 'base', 'own street', () => ({}), cells('FORBIDDEN', { GL: 'ok', GL2: 'ok', admin: 'ok', admin2: 'ok', street: 'ok' }), {
    check: (d, _w, p) => (d.editable === (p === 'street') ? undefined : `editable ${d.editable}`),
  }),
  row('settings.get', 'base', 'in', () => ({ nodeId: IDS.grid }), cells('FORBIDDEN', { GL: 'ok', GL2: 'ok', admin: 'ok', admin2: 'ok', street: 'ok' })),
  row('settings.get', 'base', 'out (another street)', () => ({ nodeId: 'T02' }), cells('FORBIDDEN')),
  row('settings.save', 'base', 'in', () => settingsInput(IDS.street), cells('FORBIDDEN', { street: 'ok' })),
  row('settings.save', 'base', 'out (another street)', () => settingsInput('T02'), cells('FORBIDDEN')),
  row('settings.save', 'base', 'in, first handler without a post there', () => settingsInput(IDS.street, { [IDS.grid]: 'pAdmin2' }), cells('FORBIDDEN', { street: 'INVALID_INPUT' })),

  // ---- community admin: org tree, people, 包保 ----
  row('admin.scope', 'base', 'self', none, adminCells('any')),
  row('admin.org.children', 'base', 'own root', () => ({}), adminCells('any')),
  row('admin.org.children', 'base', 'in', () => ({ parentId: IDS.grid }), adminCells('in')),
  row('admin.org.children', 'base', 'out', () => ({ parentId: IDS.grid2 }), adminCells('out')),
  row('admin.org.save', 'base', 'in', () => ({ id: `${IDS.grid}-08`, parentId: IDS.grid, level: 'building', name: '8栋' }), adminCells('in')),
  row('admin.org.save', 'base', 'out', () => ({ id: `${IDS.grid2}-08`, parentId: IDS.grid2, level: 'building', name: '8栋' }), adminCells('out')),
  row('admin.org.save', 'base', 'in, edit', () => ({ mode: 'edit', id: IDS.building, parentId: IDS.grid, level: 'building', name: '一号楼' }), adminCells('in')),
  row('admin.org.save', 'base', 'out, edit', () => ({ mode: 'edit', id: IDS.building2, parentId: IDS.grid2, level: 'building', name: '九号楼' }), adminCells('out')),
  row('admin.org.remove', 'base', 'in', () => ({ id: `${IDS.grid}-09` }), adminCells('in')),
  row('admin.org.remove', 'base', 'out', () => ({ id: `${IDS.grid2}-09` }), adminCells('out')),
  row('admin.org.remove', 'base', "in, the community admin's root", () => ({ id: IDS.community }), adminCells('in', { admin: 'FORBIDDEN', street: 'INVALID_STATE' })),
  row('admin.org.remove', 'base', "the street admin's root", () => ({ id: IDS.street }), adminCells('any', { admin: 'FORBIDDEN', admin2: 'FORBIDDEN', street: 'FORBIDDEN' })),
  row('admin.org.remove', 'base', 'in, not empty', () => ({ id: IDS.unit }), adminCells('in', { admin: 'INVALID_STATE', street: 'INVALID_STATE' })),
  row('admin.household.save', 'base', 'in', () => ({ id: `${IDS.unit}-0909`, unitId: IDS.unit, room: '909' }), adminCells('in')),
  row('admin.household.save', 'base', 'out', () => ({ id: `${IDS.unit2}-0909`, unitId: IDS.unit2, room: '909' }), adminCells('out')),
  row('admin.household.save', 'base', 'in, edit', () => ({ mode: 'edit', id: IDS.hhServed, unitId: IDS.unit, room: '101', members: 4 }), adminCells('in')),
  row('admin.household.save', 'base', 'out, edit', () => ({ mode: 'edit', id: IDS.hh2, unitId: IDS.unit2, room: '101', members: 4 }), adminCells('out')),
  row('admin.people.list', 'base', 'in', () => ({ nodeId: IDS.grid }), adminCells('in')),
  row('admin.people.list', 'base', 'out', () => ({ nodeId: IDS.grid2 }), adminCells('out')),
  row('admin.people.save', 'base', 'in', () => newPerson(IDS.grid, [{ role: 'cadre', nodeId: IDS.grid }]), adminCells('in')),
  row('admin.people.save', 'base', 'out', () => newPerson(IDS.grid2, [{ role: 'cadre', nodeId: IDS.grid2 }]), adminCells('out')),
  row('admin.people.save', 'base', 'in, with a role outside', () => newPerson(IDS.grid, [{ role: 'cadre', nodeId: IDS.grid2 }]), adminCells('in', { admin: 'FORBIDDEN' })),
  row('admin.people.save', 'base', 'in, granting street admin', () => newPerson(IDS.grid, [{ role: 'streetAdmin', nodeId: IDS.street }]), adminCells('in', { admin: 'FORBIDDEN' })),
  row('admin.people.save', 'base', 'moving a person of in to out', () => newPerson(IDS.grid2, [{ role: 'cadre', nodeId: IDS.grid2 }], 'pA'), adminCells('out', { admin2: 'FORBIDDEN' })),
  row('admin.people.setBackup', 'base', 'in', () => ({ personId: 'pA', backupId: 'pC' }), adminCells('in')),
  row('admin.people.setBackup', 'base', 'out', () => ({ personId: 'pY', backupId: 'pAdmin2' }), adminCells('out')),
  row('admin.people.setBackup', 'base', 'in, backup from out', () => ({ personId: 'pA', backupId: 'pY' }), adminCells('in', { admin: 'FORBIDDEN', street: 'INVALID_INPUT' })),
  row('admin.people.setAway', 'base', 'in', () => ({ personId: 'pA', away: { from: '2026-12-01', to: '2026-12-31' } }), adminCells('in')),
  row('admin.people.setAway', 'base', 'out', () => ({ personId: 'pY', away: { from: '2026-12-01', to: '2026-12-31' } }), adminCells('out')),
  row('admin.assign.overview', 'base', 'in', () => ({ gridId: IDS.grid }), adminCells('in')),
  row('admin.assign.overview', 'base', 'out', () => ({ gridId: IDS.grid2 }), adminCells('out')),
  row('admin.assign.set', 'base', 'in', () => ({ cadreId: 'pA', nodeId: IDS.unit }), adminCells('in')),
  row('admin.assign.set', 'base', 'out', () => ({ cadreId: 'pY', nodeId: IDS.unit2 }), adminCells('out')),

  // ---- invites and cards ----
  row('admin.invite.create', 'base', 'in', () => ({ personId: 'pA' }), adminCells('in')),
  row('admin.invite.create', 'base', 'out', () => ({ personId: 'pY' }), adminCells('out')),
  row('admin.invite.revoke', 'invites', 'in', (w) => ({ code: w.invites.in }), adminCells('in')),
  row('admin.invite.revoke', 'invites', 'out', (w) => ({ code: w.invites.out }), adminCells('out')),
  row('admin.invite.revoke', 'invites', 'in, already used', (w) => ({ code: w.invites.used }), adminCells('in', { admin: 'INVALID_STATE', street: 'INVALID_STATE' })),
  row('admin.invite.list', 'base', 'in', () => ({ personId: 'pA' }), adminCells('in')),
  row('admin.invite.list', 'base', 'out', () => ({ personId: 'pY' }), adminCells('out')),
  // The invite code is the credential: whoever holds an open one may bind to it.
  row('invite.accept', 'invites', 'open invite', (w) => ({ code: w.invites.in }), cells('ok')),
  row('invite.accept', 'invites', 'used invite', (w) => ({ code: w.invites.used }), cells('INVALID_STATE')),
  row('invite.accept', 'invites', 'revoked invite', (w) => ({ code: w.invites.revoked }), cells('INVALID_STATE')),
  row('admin.card.reissue', 'base', 'in', () => ({ personId: 'pA' }), adminCells('in')),
  row('admin.card.reissue', 'base', 'out', () => ({ personId: 'pY' }), adminCells('out')),
  row('admin.card.pdf', 'base', 'in', () => ({ gridId: IDS.grid }), adminCells('in')),
  row('admin.card.pdf', 'base', 'out', () => ({ gridId: IDS.grid2 }), adminCells('out')),

  // ---- registries ----
  row('admin.departments.list', 'base', 'in', () => ({ nodeId: IDS.community }), adminCells('in')),
  row('admin.departments.list', 'base', 'out', () => ({ nodeId: IDS.community2 }), adminCells('out')),
  row('admin.departments.save', 'base', 'in', () => ({ id: 'D-NEW', name: '新部门', kind: '城管', scopeNodeId: IDS.community }), adminCells('in')),
  row('admin.departments.save', 'base', 'out', () => ({ id: 'D-NEW', name: '新部门', kind: '城管', scopeNodeId: IDS.community2 }), adminCells('out')),
  row('admin.departments.save', 'base', "in, overwriting out's department", () => ({ id: 'D-C2', name: '抢来的部门', kind: '物业', scopeNodeId: IDS.community }), adminCells('in', { admin: 'FORBIDDEN' })),
  row('admin.departments.save', 'base', "in, overwriting the street's department", () => ({ id: 'D-CG', name: '抢来的部门', kind: '城管', scopeNodeId: IDS.community }), adminCells('in', { admin: 'FORBIDDEN' })),
  row('admin.workGroups.list', 'base', 'in', () => ({ communityId: IDS.community }), adminCells('in')),
  row('admin.workGroups.list', 'base', 'out', () => ({ communityId: IDS.community2 }), adminCells('out')),
  row('admin.workGroups.save', 'base', 'in', () => workGroup('WG1', IDS.community, 'pA', ['pA', 'pB', 'pC'], [IDS.grid]), adminCells('in')),
  row('admin.workGroups.save', 'base', 'out', () => workGroup('WG2', IDS.community2, 'pY', ['pY'], [IDS.grid2]), adminCells('out')),
  row('admin.workGroups.save', 'base', 'in, area in out', () => workGroup('WG1', IDS.community, 'pA', ['pA'], [IDS.grid2]), adminCells('in', { admin: 'INVALID_INPUT', street: 'INVALID_INPUT' })),
  row('admin.workGroups.save', 'base', 'in, member from out', () => workGroup('WG1', IDS.community, 'pA', ['pA', 'pY'], [IDS.grid]), adminCells('in', { admin: 'FORBIDDEN', street: 'FORBIDDEN' })),

  // ---- spreadsheets ----
  row('admin.import', 'base', 'in', (w, o) => ({ kind: 'households', format: 'csv', fileID: w.files[o].in, jobId: `job-${o}-in` }), adminCells('in', { admin2: 'IMPORT_ERRORS' })),
  row('admin.import', 'base', 'out', (w, o) => ({ kind: 'households', format: 'csv', fileID: w.files[o].out, jobId: `job-${o}-out` }), adminCells('out', { admin: 'IMPORT_ERRORS' })),
  row('admin.import', 'base', "another's file", (w) => ({ kind: 'households', format: 'csv', fileID: w.files[R].in, jobId: 'job-foreign-file' }), cells('FORBIDDEN')),
  row('admin.export', 'base', 'in', () => ({ kind: 'households', format: 'csv', nodeId: IDS.community }), adminCells('in')),
  row('admin.export', 'base', 'out', () => ({ kind: 'households', format: 'csv', nodeId: IDS.community2 }), adminCells('out')),
  row('admin.template', 'base', 'none', () => ({ kind: 'households', format: 'csv' }), adminCells('any')),
  row('admin.job', 'jobs', 'in', (w) => ({ id: w.jobs.in }), adminCells('in', { admin2: 'NOT_FOUND', street: 'NOT_FOUND' })),
  row('admin.job', 'jobs', 'out', (w) => ({ id: w.jobs.out }), adminCells('out', { admin: 'NOT_FOUND', street: 'NOT_FOUND' })),
  // The fixture jobs are not interrupted: their owner is told so (INVALID_STATE), others do not see them.
  row('admin.job.resume', 'jobs', 'in', (w) => ({ id: w.jobs.in }), adminCells('in', { admin: 'INVALID_STATE', admin2: 'NOT_FOUND', street: 'NOT_FOUND' })),
  row('admin.job.resume', 'jobs', 'out', (w) => ({ id: w.jobs.out }), adminCells('out', { admin2: 'INVALID_STATE', admin: 'NOT_FOUND', street: 'NOT_FOUND' })),

  // ---- subscriptions and the message center: everyone acts on their own ledger and messages ----
  row('subscription.report', 'base', 'self', () => ({ results: { TPL_ITEM_UPDATED: 'accept' } }), cells('ok')),
  row('subscription.report', 'base', 'unknown template', () => ({ results: { NOPE: 'accept' } }), cells('INVALID_INPUT')),
  row('subscription.status', 'base', 'self', none, cells('ok')),
  row('message.list', 'submitted', 'self', none, cells('ok')),
  row('message.list', 'submitted', 'count only', () => ({ countOnly: true }), cells('ok')),
  row('message.read', 'submitted', 'all of mine', () => ({ all: true }), cells('ok')),
  // The notice to the holder of a new item is the holder's alone.
  row('message.read', 'submitted', "the holder's message", (w) => ({ ids: [`${w.in.id}:v0:0`] }), cells('NOT_FOUND', { A: 'ok' })),
  row('admin.deadLetters', 'base', 'own subtree', none, cells('FORBIDDEN', { admin: 'ok', admin2: 'ok', street: 'ok' })),
  // The benchmark's floor: does nothing, for anyone.
  row('system.ping', 'base', 'self', none, cells('ok')),

  // ---- statistics: grid leaders and admins, each over their own subtree ----
  row('stats.overview', 'base', 'own scope', none, cells('FORBIDDEN', { GL: 'ok', GL2: 'ok', admin: 'ok', admin2: 'ok', street: 'ok' })),
  row('stats.overview', 'base', 'in', () => ({ nodeId: IDS.grid }), cells('FORBIDDEN', { GL: 'ok', admin: 'ok', street: 'ok' })),
  row('stats.overview', 'base', 'out', () => ({ nodeId: IDS.grid2 }), cells('FORBIDDEN', { admin2: 'ok', street: 'ok' })),
  row('stats.overview', 'base', 'missing node', () => ({ nodeId: 'T09-99' }), cells('FORBIDDEN', { GL: 'NOT_FOUND', GL2: 'NOT_FOUND', admin: 'NOT_FOUND', admin2: 'NOT_FOUND', street: 'NOT_FOUND' })),
  row('stats.drill', 'base', 'in', () => ({ nodeId: IDS.grid, dimension: 'categories' }), cells('FORBIDDEN', { GL: 'ok', admin: 'ok', street: 'ok' })),
  row('stats.drill', 'base', 'in, by category', () => ({ nodeId: IDS.community, dimension: 'children', category: '公共设施' }), cells('FORBIDDEN', { admin: 'ok', street: 'ok' })),
  row('stats.drill', 'base', 'out', () => ({ nodeId: IDS.grid2, dimension: 'children' }), cells('FORBIDDEN', { admin2: 'ok', street: 'ok' })),
  row('stats.export', 'base', 'in', () => ({ nodeId: IDS.grid }), cells('FORBIDDEN', { GL: 'ok', admin: 'ok', street: 'ok' })),
  row('stats.export', 'base', 'out', () => ({ nodeId: IDS.grid2 }), cells('FORBIDDEN', { admin2: 'ok', street: 'ok' })),
  // Only one's own report: an admin's sheet export is no stats job, for anyone.
  row('stats.job', 'jobs', "another kind's job", (w) => ({ id: w.jobs.in }), cells('FORBIDDEN', { GL: 'NOT_FOUND', GL2: 'NOT_FOUND', admin: 'NOT_FOUND', admin2: 'NOT_FOUND', street: 'NOT_FOUND' })),

  // ---- 回音壁 (public, redacted), 书记领办, 五考 (issue 9 items 5–7) ----
  row('echoWall.list', 'closed', 'everyone', none, cells('ok'), {
    check: (d: { entries: { id: string; text: string }[] }, w) => {
      const ids = d.entries.map((e) => e.id);
      if (!ids.includes(w.in.id) || !ids.includes(w.out.id)) return `entries [${ids}]`;
      return JSON.stringify(d).includes('o-resident') ? 'an OPENID is shown' : undefined;
    },
  }),
  row('echoWall.list', 'closed', 'one community', () => ({ communityId: IDS.community2 }), cells('ok'), {
    check: (d: { entries: { id: string }[] }, w) => (d.entries.map((e) => e.id).join() === w.out.id ? undefined : `entries [${d.entries.map((e) => e.id)}]`),
  }),
  row('echoWall.review', 'closed', 'own scope', none, adminCells('any')),
  row('echoWall.review', 'closed', 'in', () => ({ nodeId: IDS.community }), adminCells('in')),
  row('echoWall.review', 'closed', 'out', () => ({ nodeId: IDS.community2 }), adminCells('out')),
  row('echoWall.moderate', 'closed', 'in', (w) => ({ id: w.in.id, version: 0, op: 'hide', reason: '涉及隐私' }), adminCells('in')),
  row('echoWall.moderate', 'closed', 'out', (w) => ({ id: w.out.id, version: 0, op: 'redact', words: ['路灯'] }), adminCells('out')),
  row('echoWall.moderate', 'closed', 'in, a stale version', (w) => ({ id: w.in.id, version: 3, op: 'hide' }), adminCells('in', { admin: 'CONFLICT', street: 'CONFLICT' })),
  // Only a secretary leads, and only items of their subtree (others look missing to them).
  row('item.lead', 'submitted', 'in', (w) => ({ id: w.in.id, note: '本月重点督办' }), cells('FORBIDDEN', { SEC: 'ok' })),
  row('item.lead', 'submitted', 'out', (w) => ({ id: w.out.id }), cells('FORBIDDEN', { SEC: 'NOT_FOUND' })),
  row('item.lead', 'closed', 'in, finished', (w) => ({ id: w.in.id }), cells('FORBIDDEN', { SEC: 'INVALID_STATE' })),
  row('lead.list', 'submitted', 'own scope', none, cells('FORBIDDEN', { admin: 'ok', admin2: 'ok', street: 'ok', SEC: 'ok' })),
  row('lead.list', 'submitted', 'in', () => ({ nodeId: IDS.community, view: 'open' }), cells('FORBIDDEN', { admin: 'ok', street: 'ok', SEC: 'ok' }), {
    check: (d: { rows: { id: string }[]; canLead: boolean }, w, p) =>
      !d.rows.some((r) => r.id === w.in.id) ? 'the open item is missing' : d.canLead !== (p === 'SEC') ? `canLead ${d.canLead}` : undefined,
  }),
  row('lead.list', 'submitted', 'out', () => ({ nodeId: IDS.community2 }), cells('FORBIDDEN', { admin2: 'ok', street: 'ok' })),
  row('lead.list', 'submitted', 'in, a future month', () => ({ nodeId: IDS.community, month: '2999-01' }), cells('FORBIDDEN', { admin: 'INVALID_INPUT', street: 'INVALID_INPUT', SEC: 'INVALID_INPUT' })),
  row('assessment.list', 'base', 'own scope', none, cells('FORBIDDEN', { admin: 'ok', admin2: 'ok', street: 'ok', SEC: 'ok' })),
  row('assessment.list', 'base', 'in', () => ({ nodeId: IDS.community, kind: 'quarter' }), cells('FORBIDDEN', { admin: 'ok', street: 'ok', SEC: 'ok' }), {
    check: (d: { rows: { personId: string }[] }) => (d.rows.some((r) => r.personId === 'pA') ? undefined : 'cadre pA is not ranked'),
  }),
  row('assessment.list', 'base', 'out', () => ({ nodeId: IDS.grid2, kind: 'year' }), cells('FORBIDDEN', { admin2: 'ok', street: 'ok' })),
  row('assessment.list', 'base', 'in, a future period', () => ({ nodeId: IDS.community, kind: 'year', key: '2999' }), cells('FORBIDDEN', { admin: 'INVALID_INPUT', street: 'INVALID_INPUT', SEC: 'INVALID_INPUT' })),
  row('assessment.export', 'base', 'in', () => ({ nodeId: IDS.community, kind: 'month' }), adminCells('in')),
  row('assessment.export', 'base', 'out', () => ({ nodeId: IDS.community2, kind: 'month' }), adminCells('out')),
  // 民主测评: a resident rates the cadre who serves their own household, nobody else's.
  row('assessment.rate', 'base', 'in', () => ({ personId: 'pA', stars: 4, clientRequestId: rid() }), cells('NO_HOUSEHOLD', { R: 'ok', R2: 'FORBIDDEN' })),
  row('assessment.rate', 'base', 'out', () => ({ personId: 'pY', stars: 4, clientRequestId: rid() }), cells('NO_HOUSEHOLD', { R: 'FORBIDDEN', R2: 'FORBIDDEN' })),
  row('assessment.mine', 'base', 'self', none, cells('ok'), {
    check: (d: { cadre: { id: string } | null }, _w, p) => ((d.cadre?.id ?? null) === (p === 'R' ? 'pA' : p === 'R2' ? 'pB' : null) ? undefined : `cadre ${d.cadre?.id}`),
  }),
  // Privacy (issue 11 point 5): the audit log of an admin's subtree; a resident's own data, by the
  // wx-context OPENID only (staff are unbound by their admin).
  row('audit.list', 'base', 'own scope', none, adminCells('any')),
  row('audit.list', 'base', 'in', () => ({ nodeId: IDS.community }), adminCells('in')),
  row('audit.list', 'base', 'out', () => ({ nodeId: IDS.community2 }), adminCells('out')),
  row('privacy.mine', 'submitted', 'self', none, cells('ok'), {
    check: (d: { openid: string; items: unknown[] }, _w, p) => (d.openid !== PERSONAS[p].openid ? `openid ${d.openid}` : (p === 'R') !== d.items.length > 0 ? `items ${d.items.length}` : undefined),
  }),
  row('privacy.erase', 'submitted', 'self', () => ({ confirm: true }), cells('FORBIDDEN', { R: 'ok', R2: 'ok' }), {
    check: (d: { done: boolean; items: number }, _w, p) => (d.done && d.items === (p === 'R' ? 2 : 0) ? undefined : `erase ${JSON.stringify(d)}`),
  }),
  row('privacy.erase', 'base', 'unconfirmed', none, cells('INVALID_INPUT')),
  // 包保住户 (issue 11 point 5): a cadre reads the households they serve, a grid leader their grid;
  // tags (sensitive) only with a purpose. Nobody else: admins have their own pages.
  row('cadre.households', 'base', 'self', none, cells('FORBIDDEN', { A: 'ok', X: 'ok', GL: 'ok', GL2: 'ok' }), {
    check: (d: { households: { id: string; tags: unknown }[]; tagsShown: boolean }, _w, p) => {
      const want: Partial<Record<Persona, string[]>> = { A: [IDS.hhServed], X: [IDS.hhOther], GL: [IDS.hhServed, IDS.hhAway, IDS.hhUnserved], GL2: [IDS.hhOther] };
      const got = d.households.map((h) => h.id);
      if (JSON.stringify(got) !== JSON.stringify(want[p])) return `households ${got.join(',')}`;
      return d.tagsShown || d.households.some((h) => h.tags !== null) ? 'tags shown without a purpose' : undefined;
    },
  }),
  row('cadre.households', 'base', 'in', () => ({ scope: 'grid', gridId: IDS.grid, purpose: '入户走访' }), cells('FORBIDDEN', { GL: 'ok' }), {
    check: (d: { tagsShown: boolean; scope: { gridId: string } }) => (d.tagsShown && d.scope.gridId === IDS.grid ? undefined : `answer ${JSON.stringify(d.scope)}`),
  }),
  row('cadre.households', 'base', 'out', () => ({ scope: 'grid', gridId: IDS.grid2 }), cells('FORBIDDEN')),
  row('cadre.households', 'base', 'mine', () => ({ scope: 'mine', purpose: '帮扶核对' }), cells('FORBIDDEN', { A: 'ok', X: 'ok' })),
];

/**
 * Actions whose allowed calls must change nothing either (reads). Their allowed cells run on the
 * shared state, with the same before/after comparison as refused calls.
 */
export const READ_ONLY = new Set<string>([
  'auth.whoami', 'card.resolve', 'household.browse', 'item.mine', 'item.detail', 'cadre.inbox', 'item.targets',
  'dispatch.board', 'settings.get', 'admin.scope', 'admin.org.children', 'admin.people.list', 'admin.assign.overview',
  'admin.invite.list', 'admin.departments.list', 'admin.workGroups.list', 'admin.job',
  'subscription.status', 'message.list', 'admin.deadLetters',
  'echoWall.list', 'echoWall.review', 'lead.list', 'assessment.list', 'assessment.mine', 'system.ping', 'stats.overview', 'stats.drill', 'stats.job',
  'audit.list', 'privacy.mine',
  'cadre.households', // the fixture's households hold no tags: no view is audited here
]);
