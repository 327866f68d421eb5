import { describe, expect, it } from 'vitest';
import type { Holder, Item } from '../types';
import { decide, deadlineOf, holderKey, levelOf, type Actor, type Clocks, type Command, type DecideContext } from './decide';
import { DEFAULT_SWEEP_POLICY, sweepStep, watchAtOf } from './sweep';
import { AWAITING_DECISION, buttonsFor, COMMANDS, commandsFrom, isOpen, mayIssue, STATES, statesIn, type CommandName, type Issuer } from './table';

const T0 = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 China time
const H = 3_600_000;
const clocks: Clocks = {
  handleDue: (c, from) => new Date(from.getTime() + { simple: 1, general: 3, major: 5, hard: 10, crossRegion: 15 }[c] * 24 * H),
  responseDue: (_c, from) => new Date(from.getTime() + 8 * H),
  whistleDue: (k, from) => new Date(from.getTime() + { quick: 1, emergency: 0.5, tough: 24 }[k] * H),
  resumeDue: (due, paused, now) => new Date(now.getTime() + (due.getTime() - paused.getTime())),
};
const ctx = (now = T0, extra: Partial<DecideContext> = {}): DecideContext => ({ now, clocks, ...extra });
const cadre: Holder = { kind: 'person', personId: 'pA', name: '张三', role: 'cadre' };
const A: Actor = { name: '张三', role: 'cadre', by: 'pA' };
const R: Actor = { name: '居民', role: 'resident', by: 'submitter' };
const community: Holder = { kind: 'queue', nodeId: 'C1', name: '一社区社区待办', level: 'community' };
const street: Holder = { kind: 'queue', nodeId: 'S1', name: '河南街道街道待办', level: 'street' };

function item(over: Partial<Item> = {}): Item {
  return {
    _id: 'i1', kind: 'complaint', category: '公共设施', itemClass: 'general', description: '路灯坏了', photos: [], anonymous: false,
    submitterOpenid: 'o-r', clientRequestId: 'req-00000001', householdId: 'h1', householdLabel: '1栋101', streetId: 'S1', communityId: 'C1',
    gridId: 'G1', buildingId: 'B1', holder: cadre, holderKey: 'pA', handlerIds: ['pA'], state: 'submitted', version: 0, rectifyCount: 0,
    ratings: [], timeline: [], createdAt: T0, updatedAt: T0, dueAt: new Date(T0.getTime() + 72 * H), responseDueAt: new Date(T0.getTime() + 8 * H),
    level: 'grid', ...over,
  };
}
const run = (i: Item, c: Command, actor = A, cx = ctx()) => decide(i, c, actor, cx);
/** Apply a decision's fields, as the application layer stores them. */
const after = (i: Item, c: Command, actor = A, cx = ctx()): Item => {
  const d = run(i, c, actor, cx);
  const next: Record<string, unknown> = { ...i, state: d.state, version: d.version, timeline: [...i.timeline, d.event], updatedAt: cx.now };
  for (const [k, v] of Object.entries(d.set)) if (v === null) delete next[k]; else next[k] = v;
  return next as unknown as Item;
};

describe('the workflow table', () => {
  it('every command starts only from states that exist, and every open state allows someone to act', () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      for (const s of c.from) expect(STATES[s], `${name} from ${s}`).toBeDefined();
    }
    for (const s of statesIn('open')) expect(commandsFrom(s).some((c) => COMMANDS[c].button), s).toBe(true);
    for (const s of statesIn('closed')) expect(isOpen(s)).toBe(false);
    // waiting states have a way out for a person, not only the timer
    for (const s of statesIn('waiting')) expect(commandsFrom(s).some((c) => COMMANDS[c].by.some((b) => b !== 'system')), s).toBe(true);
  });

  it('buttons derive from the table: each caller sees only what they may issue', () => {
    const as = (...i: Issuer[]) => new Set<Issuer>(i);
    expect(buttonsFor('submitted', as('holder'))).toEqual(['verify', 'reject', 'transfer', 'sendUp', 'whistle']);
    expect(buttonsFor('submitted', as('submitter'))).toEqual(['withdraw']);
    expect(buttonsFor('resolved', as('holder'))).toEqual([]);
    expect(buttonsFor('resolved', as('submitter'))).toEqual(['rate']);
    expect(buttonsFor('whistled', as('whistled'))).toEqual(['report', 'return']);
    expect(buttonsFor('pausePending', as('above'))).toEqual(['pauseApprove', 'pauseDeny']);
    expect(buttonsFor('appealing', as('reviewer'))).toEqual(['appealUphold', 'appealReopen']);
    // system commands are never buttons
    expect((Object.keys(COMMANDS) as CommandName[]).filter((c) => COMMANDS[c].by.includes('system')).every((c) => !COMMANDS[c].button)).toBe(true);
    expect(mayIssue('rate', 'resolved', as('holder'))).toBe(false);
  });

  it('the states that wait on a decider (not the holder) derive from the table', () => {
    expect(AWAITING_DECISION.sort()).toEqual(['appealing', 'pausePending']);
  });
});

describe('decide', () => {
  it('核单 sets class, category and the class deadline, and tells the resident', () => {
    const d = run(item(), { type: 'verify', itemClass: 'hard', category: '治安消防' });
    expect(d.state).toBe('accepted');
    expect(d.set).toMatchObject({ itemClass: 'hard', category: '治安消防', dueAt: new Date(T0.getTime() + 240 * H), respondedAt: T0 });
    expect(d.effects).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'notify', to: { kind: 'submitter' }, phrase: '已受理' }), { kind: 'count', counter: 'responded' }]));
    expect(d.event).toMatchObject({ by: 'pA', action: 'verify', from: 'submitted', to: 'accepted' });
  });

  it('a command from the wrong state is INVALID_STATE', () => {
    expect(() => run(item({ state: 'closed' }), { type: 'start' })).toThrow(/不能执行/);
  });

  it('退回 records the listed reason with the note; an appeal is possible for 7 days only', () => {
    const rejected = after(item(), { type: 'reject', code: 'outOfArea', note: '在隔壁小区' });
    expect(rejected).toMatchObject({ state: 'rejected', rejectReason: '不属于本辖区：在隔壁小区', rejectCode: 'outOfArea' });
    expect(run(rejected, { type: 'appeal', reason: '就在本小区门口' }, R, ctx(new Date(T0.getTime() + 6 * 24 * H))).state).toBe('appealing');
    expect(() => run(rejected, { type: 'appeal', reason: '就在本小区门口' }, R, ctx(new Date(T0.getTime() + 8 * 24 * H)))).toThrow(/7日/);
  });

  it('上报 goes one level at a time: grid → community → street, never further', () => {
    const atCommunity = after(item(), { type: 'sendUp', to: community, reason: '网格无法解决' });
    expect(atCommunity).toMatchObject({ state: 'submitted', level: 'community', holderKey: 'queue:C1', previousHolders: [cadre] });
    expect(() => run(item(), { type: 'sendUp', to: street, reason: '越级' })).toThrow(/上一级/);
    const atStreet = after(atCommunity, { type: 'sendUp', to: street, reason: '社区无法解决' });
    expect(atStreet.level).toBe('street');
    expect(() => run(atStreet, { type: 'sendUp', to: street, reason: '再上报' })).toThrow(/吹哨/);
  });

  it('吹哨: one department unless 攻坚哨; all must 报到 before it is accepted; the lead keeps it', () => {
    const atStreet = item({ holder: street, holderKey: 'queue:S1', level: 'street' });
    const two = [{ id: 'D1', name: '城管' }, { id: 'D2', name: '市场监管' }];
    expect(() => run(atStreet, { type: 'whistle', kind: 'quick', departments: two })).toThrow(/攻坚哨/);
    const w = after(atStreet, { type: 'whistle', kind: 'tough', departments: two });
    expect(w).toMatchObject({ state: 'whistled', level: 'department', holderKey: 'dept:D1' });
    expect(w.whistle!.reportDueAt).toEqual(new Date(T0.getTime() + 24 * H));
    const one = after(w, { type: 'report', departmentId: 'D2' });
    expect(one.state).toBe('whistled');
    expect(() => run(one, { type: 'report', departmentId: 'D2' })).toThrow(/已报到/);
    const both = after(one, { type: 'report', departmentId: 'D1' });
    expect(both).toMatchObject({ state: 'accepted', holderKey: 'dept:D1' });
    expect(after(both, { type: 'meet', attendees: ['城管', '市场监管'], plan: '联合执法' }).whistle!.meeting!.plan).toBe('联合执法');
  });

  it('挂起 → approved → 解挂 gives back the time that remained', () => {
    const accepted = after(item(), { type: 'verify', itemClass: 'general', category: '公共设施' });
    const pending = after(accepted, { type: 'pause', reason: '等待停电检修' });
    expect(pending.state).toBe('pausePending');
    const paused = after(pending, { type: 'pauseApprove' }, A, ctx(new Date(T0.getTime() + 24 * H)));
    expect(paused.state).toBe('paused');
    const resumed = after(paused, { type: 'resume' }, A, ctx(new Date(T0.getTime() + 100 * H)));
    // 72 h given at T0, paused after 24 h: 48 h remain from the resume
    expect(resumed).toMatchObject({ state: 'accepted' });
    expect(resumed.dueAt).toEqual(new Date(T0.getTime() + 148 * H));
    expect(resumed.pause).toBeUndefined();
    expect(after(pending, { type: 'pauseDeny', note: '请继续办理' }).state).toBe('accepted');
  });

  it('rating: satisfied closes; unsatisfied reopens with the holder; again unsatisfied goes up and the admins hear', () => {
    const resolved = item({ state: 'resolved' });
    expect(after(resolved, { type: 'rate', stars: 5, solved: true }, R).state).toBe('closed');
    const again = after(resolved, { type: 'rate', stars: 2, solved: true }, R);
    expect(again).toMatchObject({ state: 'rectifying', rectifyCount: 1, holderKey: 'pA' });
    const d = run({ ...again, state: 'resolved' }, { type: 'rate', stars: 3, solved: false }, R, ctx(T0, { escalateTo: community }));
    expect(d.set).toMatchObject({ holderKey: 'queue:C1', level: 'community' });
    expect(d.effects).toEqual(expect.arrayContaining([expect.objectContaining({ to: { kind: 'admins', nodeId: 'C1' } })]));
  });

  it('holders: keys and levels', () => {
    expect(holderKey(cadre)).toBe('pA');
    expect(holderKey(community)).toBe('queue:C1');
    expect(holderKey({ kind: 'department', departmentId: 'D1', name: '城管' })).toBe('dept:D1');
    expect(levelOf({ kind: 'queue', nodeId: 'C1', name: '旧社区待办' })).toBe('community'); // items made before levels
  });
});

describe('sweep', () => {
  const P = DEFAULT_SWEEP_POLICY;

  it('remind in the second half of the time given, then overdue, then escalate; each once', () => {
    const i = item(); // responds by T0 + 8 h
    expect(sweepStep(i, new Date(T0.getTime() + 3 * H), P, community)).toBeNull();
    expect(watchAtOf(i, P)).toEqual(new Date(T0.getTime() + 4 * H));
    expect(sweepStep(i, new Date(T0.getTime() + 5 * H), P, community)).toEqual({ type: 'remind' });
    const reminded = after(i, { type: 'remind' }, A, ctx(new Date(T0.getTime() + 5 * H)));
    expect(sweepStep(reminded, new Date(T0.getTime() + 6 * H), P, community)).toBeNull();
    expect(watchAtOf(reminded, P)).toEqual(deadlineOf(i));
    const late = new Date(T0.getTime() + 9 * H);
    expect(sweepStep(reminded, late, P, community)).toEqual({ type: 'overdue' });
    const overdue = after(reminded, { type: 'overdue' }, A, ctx(late));
    expect(sweepStep(overdue, late, P, community)).toEqual({ type: 'escalateOverdue', to: community });
    expect(sweepStep(overdue, late, { ...P, escalateOverdue: false }, community)).toBeNull();
    const up = after(overdue, { type: 'escalateOverdue', to: community }, A, ctx(late));
    expect(up).toMatchObject({ level: 'community', state: 'submitted' });
    expect(up.overdueAt).toBeUndefined(); // a fresh limit at the new level
  });

  it('a whistle nobody reported to in time is flagged once; closed or paused items are not watched', () => {
    const w = item({
      state: 'whistled', level: 'department', holder: { kind: 'department', departmentId: 'D1', name: '城管' }, holderKey: 'dept:D1',
      whistle: { kind: 'emergency', by: '街道', at: T0, reportDueAt: new Date(T0.getTime() + H / 2), departments: [{ id: 'D1', name: '城管' }] },
    });
    expect(sweepStep(w, new Date(T0.getTime() + H), P)).toEqual({ type: 'whistleOverdue' });
    const flagged = after(w, { type: 'whistleOverdue' }, A, ctx(new Date(T0.getTime() + H)));
    expect(sweepStep(flagged, new Date(T0.getTime() + H), P)?.type).not.toBe('whistleOverdue');
    expect(watchAtOf(item({ state: 'closed' }), P)).toBeNull();
    expect(watchAtOf(item({ state: 'paused' }), P)).toBeNull();
  });
});

describe('decide: refusals and the notes people read', () => {
  const atStreet = () => item({ holder: street, holderKey: 'queue:S1', level: 'street' });
  const whistled = (kind: 'quick' | 'tough') => after(atStreet(), { type: 'whistle', kind, departments: kind === 'tough' ? [{ id: 'D1', name: '城管' }, { id: 'D2', name: '市场监管' }] : [{ id: 'D1', name: '城管' }] });

  it('核单 notes the class, the deadline and the holder\'s own note', () => {
    expect(run(item(), { type: 'verify', itemClass: 'simple', category: '公共设施', note: '已电话联系' }).event.note).toBe('定为简单事项，11月24日 10:00前办结；已电话联系');
    expect(run(item(), { type: 'verify', itemClass: 'simple', category: '公共设施' }).event.note).toBe('定为简单事项，11月24日 10:00前办结');
    expect(run(item(), { type: 'accept' }).event.note).toBeUndefined();
  });

  it('转办 to whoever holds it already is refused', () => {
    expect(() => run(item(), { type: 'transfer', to: cadre, reason: '转给自己' })).toThrow('该事项已由对方办理，无需转办');
  });

  it('吹哨 needs a department; its note says who must report within how long', () => {
    expect(() => run(atStreet(), { type: 'whistle', kind: 'tough', departments: [] })).toThrow('请选择要吹哨的职能部门');
    expect(run(atStreet(), { type: 'whistle', kind: 'emergency', departments: [{ id: 'D1', name: '城管' }], note: '马上到' }).event.note)
      .toBe('街道已吹应急哨，城管须在 30 分钟内报到：马上到');
    expect(run(atStreet(), { type: 'whistle', kind: 'quick', departments: [{ id: 'D1', name: '城管' }] }).event.note).toBe('街道已吹快捷哨，城管须在 60 分钟内报到');
    expect(whistled('tough').timeline.at(-1)!.note).toBe('街道已吹攻坚哨，城管、市场监管须在 24 小时内报到');
    const slow: Clocks = { ...clocks, whistleDue: (_k, from) => new Date(from.getTime() + 72 * H) };
    expect(run(atStreet(), { type: 'whistle', kind: 'quick', departments: [{ id: 'D1', name: '城管' }] }, A, ctx(T0, { clocks: slow })).event.note).toBe('街道已吹快捷哨，城管须在 3 天内报到');
  });

  it('报到 only by a department on the list; 会商 only for 攻坚哨, with units and a plan', () => {
    expect(() => run(whistled('quick'), { type: 'report', departmentId: 'D9' })).toThrow('您的部门不在本次吹哨名单中');
    expect(() => run(item({ state: 'whistled' }), { type: 'report', departmentId: 'D1' })).toThrow('您的部门不在本次吹哨名单中');
    const quick = after(whistled('quick'), { type: 'report', departmentId: 'D1' });
    expect(() => run(quick, { type: 'meet', attendees: ['城管'], plan: '联合执法' })).toThrow('只有攻坚哨事项可以召开会商');
    expect(() => run(item({ state: 'accepted' }), { type: 'meet', attendees: ['城管'], plan: '联合执法' })).toThrow('只有攻坚哨事项可以召开会商');
    const tough = after(after(whistled('tough'), { type: 'report', departmentId: 'D1' }), { type: 'report', departmentId: 'D2' });
    expect(() => run(tough, { type: 'meet', attendees: [], plan: '联合执法' })).toThrow('请填写参会单位和会商方案');
    expect(() => run(tough, { type: 'meet', attendees: ['城管'], plan: '  ' })).toThrow('请填写参会单位和会商方案');
    expect(run(tough, { type: 'meet', attendees: ['城管', '市场监管'], plan: '联合执法' }).event.note).toBe('会商：城管、市场监管参加；方案：联合执法');
  });

  it('an item is appealed once; a second unsatisfied rating with nowhere to go is an internal error', () => {
    const rejected = after(item(), { type: 'reject', code: 'invalid' });
    const appealed = after(after(rejected, { type: 'appeal', reason: '确有其事' }, R), { type: 'appealUphold', note: '确属无效' });
    expect(() => run(appealed, { type: 'appeal', reason: '再申诉一次' }, R)).toThrow('该事项已申诉过');
    expect(() => run(item({ state: 'resolved', rectifyCount: 1 }), { type: 'rate', stars: 1, solved: false }, R)).toThrow('未找到可接手的上级，请联系社区');
  });
});

describe('watchAt: when the sweep looks again', () => {
  const P = DEFAULT_SWEEP_POLICY;
  const w = (over: Partial<Item> = {}) => item({
    state: 'whistled', level: 'department', holder: { kind: 'department', departmentId: 'D1', name: '城管' }, holderKey: 'dept:D1',
    whistle: { kind: 'emergency', by: '街道', at: T0, reportDueAt: new Date(T0.getTime() + H / 2), departments: [{ id: 'D1', name: '城管' }] }, ...over,
  });

  it('a whistle is watched at its 报到 limit even when the item is overdue already, until flagged', () => {
    const overdue = w({ overdueAt: T0 });
    expect(watchAtOf(overdue, P)).toEqual(new Date(T0.getTime() + H / 2));
    expect(watchAtOf({ ...overdue, whistle: { ...overdue.whistle!, flaggedAt: T0 } }, P)).toBeNull();
  });

  it('an overdue item is watched for escalation at grid and community level only, and only when the street escalates', () => {
    const overdueAt = new Date(T0.getTime() + 9 * H);
    expect(watchAtOf(item({ overdueAt }), P)).toEqual(overdueAt);
    expect(watchAtOf(item({ overdueAt, holder: community, holderKey: 'queue:C1', level: 'community' }), P)).toEqual(overdueAt);
    expect(watchAtOf(item({ overdueAt, holder: street, holderKey: 'queue:S1', level: 'street' }), P)).toBeNull();
    expect(watchAtOf(item({ overdueAt }), { ...P, escalateOverdue: false })).toBeNull();
    expect(watchAtOf(item({ overdueAt, state: 'pausePending' }), P)).toBeNull();
  });

  it('an overdue item at the street is not escalated by the sweep', () => {
    const late = new Date(T0.getTime() + 9 * H);
    const s = item({ overdueAt: late, holder: street, holderKey: 'queue:S1', level: 'street' });
    expect(sweepStep(s, late, P, community)).toBeNull();
    expect(sweepStep(item({ overdueAt: late }), late, P)).toBeNull(); // nowhere up to go
    expect(sweepStep(item({ overdueAt: late, state: 'pausePending' }), late, P, community)).toBeNull();
  });
});
