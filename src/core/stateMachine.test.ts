import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  type Actor,
  type Command,
  type Transition,
  type TransitionContext,
  allowedCommands,
  holderKey,
  isUnsatisfied,
  transition,
} from './stateMachine';
import type { Holder, Item, ItemState } from './types';

const NOW = new Date('2026-11-20T02:00:00Z');
const RECTIFY_DUE = new Date('2026-11-25T02:00:00Z');

const CADRE: Holder = { kind: 'person', personId: 'p-cadre', name: '王五', role: 'cadre' };
const GRID_LEADER: Holder = { kind: 'person', personId: 'p-gl', name: '赵网格', role: 'gridLeader' };
const QUEUE: Holder = { kind: 'queue', nodeId: 'C1', name: '社区待办' };

const cadreActor: Actor = { name: '王五', role: 'cadre' };
const resident: Actor = { name: '居民', role: 'resident' };

function makeItem(over: Partial<Item> = {}): Item {
  const created = new Date('2026-11-18T02:00:00Z');
  return {
    _id: 'item-1',
    kind: 'complaint',
    category: '公共设施',
    itemClass: 'general',
    description: '3号楼路灯坏了一周，晚上很黑',
    photos: [],
    anonymous: false,
    submitterOpenid: 'o-resident',
    clientRequestId: 'req-00000001',
    householdId: 'H1',
    householdLabel: '3栋2单元301',
    streetId: 'S1',
    communityId: 'C1',
    gridId: 'G1',
    buildingId: 'B1',
    holder: CADRE,
    holderKey: 'p-cadre',
    handlerIds: ['p-cadre'],
    state: 'submitted',
    version: 7,
    rectifyCount: 0,
    ratings: [],
    timeline: [],
    createdAt: created,
    updatedAt: created,
    dueAt: new Date('2026-11-23T02:00:00Z'),
    ...over,
  };
}

/** One sample of each command, so every state can be tried with every command. */
const SAMPLE: Record<Command['type'], Command> = {
  accept: { type: 'accept' },
  start: { type: 'start' },
  resolve: { type: 'resolve', note: '已更换灯泡', photos: ['cloud://env/uploads/a.jpg'] },
  reject: { type: 'reject', reason: '重复提交' },
  rate: { type: 'rate', stars: 5, solved: true },
};

const STATES: ItemState[] = ['submitted', 'accepted', 'inProgress', 'resolved', 'rectifying', 'closed', 'rejected'];
const COMMANDS = Object.keys(SAMPLE) as Command['type'][];

/** The loop of DESIGN.md §4, written out independently of the implementation's table. */
const EXPECTED_ALLOWED: Record<ItemState, Command['type'][]> = {
  submitted: ['accept', 'reject'],
  accepted: ['start', 'resolve'],
  inProgress: ['resolve'],
  resolved: ['rate'],
  rectifying: ['start', 'resolve'],
  closed: [],
  rejected: [],
};

const ctx = (over: Partial<TransitionContext> = {}): TransitionContext => ({ now: NOW, ...over });

/** The DomainError `fn` throws; fails the test if it throws nothing or something else. */
function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

describe('allowedCommands and the state/command matrix', () => {
  it.each(STATES)('%s allows exactly the expected commands', (state) => {
    expect([...allowedCommands(state)].sort()).toEqual([...EXPECTED_ALLOWED[state]].sort());
  });

  it('closed and rejected are terminal', () => {
    expect(allowedCommands('closed')).toEqual([]);
    expect(allowedCommands('rejected')).toEqual([]);
  });

  const cells = STATES.flatMap((state) => COMMANDS.map((cmd) => [state, cmd] as const));

  it.each(cells.filter(([s, c]) => EXPECTED_ALLOWED[s].includes(c)))('%s + %s → succeeds and bumps the version by one', (state, cmd) => {
    const item = makeItem({ state, version: 7, rectifyCount: 0 });
    const t = transition(item, SAMPLE[cmd], cadreActor, ctx({ rectifyDueAt: RECTIFY_DUE }));
    expect(t.version).toBe(8);
    expect(t.event.from).toBe(state);
    expect(t.event.to).toBe(t.state);
  });

  it.each(cells.filter(([s, c]) => !EXPECTED_ALLOWED[s].includes(c)))('%s + %s → INVALID_STATE', (state, cmd) => {
    const item = makeItem({ state });
    const de = domainErrorOf(() => transition(item, SAMPLE[cmd], cadreActor, ctx({ escalateTo: QUEUE, rectifyDueAt: RECTIFY_DUE })));
    expect(de.code).toBe('INVALID_STATE');
    expect(de.details).toEqual({ state, command: cmd });
    expect(de.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('transition results', () => {
  it('does not mutate the item it was given', () => {
    const item = makeItem({ state: 'resolved', rectifyCount: 1 });
    const before = structuredClone(item);
    transition(item, { type: 'rate', stars: 1, solved: false }, resident, ctx({ escalateTo: QUEUE, rectifyDueAt: RECTIFY_DUE }));
    expect(item).toEqual(before);
  });

  it('version is always the stored version plus one, whatever it was', () => {
    for (const v of [0, 1, 41]) {
      expect(transition(makeItem({ version: v }), { type: 'accept' }, cadreActor, ctx()).version).toBe(v + 1);
    }
  });

  it('accept records a full timeline event with actor, role, time, from and to', () => {
    const t = transition(makeItem({ state: 'submitted' }), { type: 'accept' }, { name: '王五', role: 'cadre' }, ctx());
    expect(t.state).toBe('accepted');
    expect(t.set).toEqual({});
    expect(t.event).toEqual({ at: NOW, actor: '王五', actorRole: 'cadre', action: 'accept', from: 'submitted', to: 'accepted' });
    expect(t.rating).toBeUndefined();
    expect(t.newHolder).toBeUndefined();
  });

  it('start moves accepted and rectifying items to inProgress', () => {
    for (const from of ['accepted', 'rectifying'] as const) {
      const t = transition(makeItem({ state: from }), { type: 'start' }, cadreActor, ctx());
      expect(t.state).toBe('inProgress');
      expect(t.event).toMatchObject({ action: 'start', from, to: 'inProgress', actor: '王五' });
    }
  });

  it('reject sets rejectReason and puts the reason in the event note', () => {
    const t = transition(makeItem({ state: 'submitted' }), { type: 'reject', reason: '不属于本社区管辖' }, cadreActor, ctx());
    expect(t.state).toBe('rejected');
    expect(t.set).toEqual({ rejectReason: '不属于本社区管辖' });
    expect(t.event).toMatchObject({ action: 'reject', from: 'submitted', to: 'rejected', note: '不属于本社区管辖' });
  });

  it('resolve sets resolution with note, photos and time', () => {
    const photos = ['cloud://env/uploads/x/1.jpg', 'cloud://env/uploads/x/2.jpg'];
    const t = transition(makeItem({ state: 'inProgress' }), { type: 'resolve', note: '已修复路灯', photos }, cadreActor, ctx());
    expect(t.state).toBe('resolved');
    expect(t.set).toEqual({ resolution: { note: '已修复路灯', photos, at: NOW } });
    expect(t.event).toMatchObject({ action: 'resolve', from: 'inProgress', to: 'resolved', note: '已修复路灯', photos });
  });

  it('a system actor is recorded as such', () => {
    const t = transition(makeItem(), { type: 'accept' }, { name: '系统', role: 'system' }, ctx());
    expect(t.event.actor).toBe('系统');
    expect(t.event.actorRole).toBe('system');
  });
});

describe('isUnsatisfied: stars ≤ 2 or not solved', () => {
  it.each([
    [1, true, true],
    [2, true, true],
    [3, true, false],
    [4, true, false],
    [5, true, false],
    [5, false, true],
    [3, false, true],
    [1, false, true],
  ])('%i stars, solved=%s → unsatisfied=%s', (stars, solved, expected) => {
    expect(isUnsatisfied(stars, solved)).toBe(expected);
  });
});

describe('rating', () => {
  const rate = (item: Item, stars: number, solved: boolean, c: Partial<TransitionContext> = {}, comment?: string) =>
    transition(item, { type: 'rate', stars, solved, comment }, resident, ctx(c));

  it('a satisfied rating closes the item and returns the rating', () => {
    const t = rate(makeItem({ state: 'resolved' }), 4, true, {}, '很及时');
    expect(t.state).toBe('closed');
    expect(t.rating).toEqual({ stars: 4, solved: true, comment: '很及时', at: NOW, satisfied: true });
    expect(t.event).toMatchObject({ action: 'rate', from: 'resolved', to: 'closed', actor: '居民', actorRole: 'resident' });
    expect(t.event.note).toContain('4星');
    expect(t.event.note).toContain('已解决');
    expect(t.event.note).toContain('很及时');
    expect(t.set).toEqual({});
    expect(t.newHolder).toBeUndefined();
  });

  it('3 stars and solved is the lowest satisfied rating', () => {
    expect(rate(makeItem({ state: 'resolved' }), 3, true).state).toBe('closed');
  });

  it('a satisfied rating after a rectification closes without needing an escalation target', () => {
    const t = rate(makeItem({ state: 'resolved', rectifyCount: 1 }), 5, true);
    expect(t.state).toBe('closed');
    expect(t.rating?.satisfied).toBe(true);
  });

  describe('first unsatisfied rating → rectifying with the same holder', () => {
    it.each([
      ['2 stars, solved', 2, true],
      ['5 stars, not solved', 5, false],
    ])('%s', (_label, stars, solved) => {
      const item = makeItem({ state: 'resolved', rectifyCount: 0 });
      const t = rate(item, stars, solved, { rectifyDueAt: RECTIFY_DUE });
      expect(t.state).toBe('rectifying');
      expect(t.set).toEqual({ rectifyCount: 1, dueAt: RECTIFY_DUE });
      expect(t.set.holder).toBeUndefined();
      expect(t.set.holderKey).toBeUndefined();
      expect(t.newHolder).toBeUndefined();
      expect(t.rating).toEqual({ stars, solved, comment: undefined, at: NOW, satisfied: false });
      expect(t.event).toMatchObject({ action: 'rectify', from: 'resolved', to: 'rectifying', holder: '王五' });
      expect(t.event.note).toContain(`${stars}星`);
      expect(t.event.note).toContain(solved ? '已解决' : '未解决');
    });

    it('ignores an escalation target on the first unsatisfied rating', () => {
      const t = rate(makeItem({ state: 'resolved', rectifyCount: 0 }), 1, false, { escalateTo: GRID_LEADER, rectifyDueAt: RECTIFY_DUE });
      expect(t.set.holder).toBeUndefined();
      expect(t.newHolder).toBeUndefined();
      expect(t.event.action).toBe('rectify');
    });

    it('keeps the old deadline when no new one is given', () => {
      const t = rate(makeItem({ state: 'resolved' }), 1, true);
      expect(t.set).toEqual({ rectifyCount: 1 });
      expect('dueAt' in t.set).toBe(false);
    });
  });

  describe('second unsatisfied rating → escalates', () => {
    it('hands the item to ctx.escalateTo (a person)', () => {
      const item = makeItem({ state: 'resolved', rectifyCount: 1 });
      const t = rate(item, 2, true, { escalateTo: GRID_LEADER, rectifyDueAt: RECTIFY_DUE });
      expect(t.state).toBe('rectifying');
      expect(t.set).toEqual({ rectifyCount: 2, holder: GRID_LEADER, holderKey: 'p-gl', dueAt: RECTIFY_DUE });
      expect(t.newHolder).toEqual(GRID_LEADER);
      expect(t.event).toMatchObject({ action: 'escalate', from: 'resolved', to: 'rectifying', holder: '赵网格' });
      expect(t.rating?.satisfied).toBe(false);
    });

    it('hands the item to a community queue with a queue holderKey', () => {
      const t = rate(makeItem({ state: 'resolved', rectifyCount: 1 }), 5, false, { escalateTo: QUEUE });
      expect(t.set.holder).toEqual(QUEUE);
      expect(t.set.holderKey).toBe('queue:C1');
      expect(t.newHolder).toEqual(QUEUE);
    });

    it('throws INTERNAL when routing gave no escalation target', () => {
      const item = makeItem({ state: 'resolved', rectifyCount: 1 });
      const err = domainErrorOf(() => rate(item, 1, false, { rectifyDueAt: RECTIFY_DUE }));
      expect(err.code).toBe('INTERNAL');
      expect(err.message).toMatch(/[\u4e00-\u9fff]/);
    });
  });
});

describe('holderKey', () => {
  it('is the personId for a person and queue:<nodeId> for a queue', () => {
    expect(holderKey(CADRE)).toBe('p-cadre');
    expect(holderKey({ kind: 'queue', nodeId: 'JH01-02', name: '社区待办' })).toBe('queue:JH01-02');
  });
});

describe('a whole loop, applied the way the use case applies transitions', () => {
  /** Mirrors cloudfunctions/api runCommand: merge `set`, append event and rating. */
  const apply = (item: Item, t: Transition): Item => ({
    ...item,
    ...t.set,
    state: t.state,
    version: t.version,
    timeline: [...item.timeline, t.event],
    ratings: t.rating ? [...item.ratings, t.rating] : item.ratings,
  });

  it('submit → … → rectify → escalate → close keeps every rating and a consistent timeline', () => {
    let item = makeItem({ state: 'submitted', version: 1 });
    const c = ctx({ rectifyDueAt: RECTIFY_DUE, escalateTo: GRID_LEADER });
    const steps: [Command, Actor][] = [
      [{ type: 'accept' }, cadreActor],
      [{ type: 'start' }, cadreActor],
      [{ type: 'resolve', note: '已处理', photos: [] }, cadreActor],
      [{ type: 'rate', stars: 2, solved: true, comment: '灯还是闪' }, resident],
      [{ type: 'start' }, cadreActor],
      [{ type: 'resolve', note: '更换线路', photos: [] }, cadreActor],
      [{ type: 'rate', stars: 1, solved: false }, resident],
      [{ type: 'resolve', note: '网格长督办更换灯杆', photos: [] }, { name: '赵网格', role: 'gridLeader' }],
      [{ type: 'rate', stars: 5, solved: true }, resident],
    ];
    for (const [cmd, actor] of steps) item = apply(item, transition(item, cmd, actor, c));

    expect(item.state).toBe('closed');
    expect(item.version).toBe(1 + steps.length);
    expect(item.rectifyCount).toBe(2);
    expect(item.holder).toEqual(GRID_LEADER);
    expect(item.holderKey).toBe('p-gl');
    expect(item.ratings.map((r) => [r.stars, r.satisfied])).toEqual([
      [2, false],
      [1, false],
      [5, true],
    ]);
    expect(item.ratings[0].comment).toBe('灯还是闪');
    expect(item.timeline.map((e) => e.action)).toEqual([
      'accept', 'start', 'resolve', 'rectify', 'start', 'resolve', 'escalate', 'resolve', 'rate',
    ]);
    // Each event starts where the previous one ended.
    item.timeline.forEach((e, i) => expect(e.from).toBe(i === 0 ? 'submitted' : item.timeline[i - 1].to));
  });
});
