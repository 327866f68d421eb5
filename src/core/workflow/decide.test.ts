// Exact decisions per command: the timeline note and holder people read, the notification phrases
// and notes, the counters and the fields set (workflow.test.ts follows whole journeys).
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import type { Holder, Item } from '../types';
import { aboveQueue, decide, deadlineOf, dueText, type Actor, type Clocks, type Command, type DecideContext, type Decision } from './decide';

const T0 = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 China time
const H = 3_600_000;
const at = (h: number) => new Date(T0.getTime() + h * H);
const clocks: Clocks = {
  handleDue: (c, from) => new Date(from.getTime() + { simple: 1, general: 3, major: 5, hard: 10, crossRegion: 15 }[c] * 24 * H),
  responseDue: (_c, from) => new Date(from.getTime() + 8 * H),
  whistleDue: (k, from) => new Date(from.getTime() + { quick: 1, emergency: 0.5, tough: 24 }[k] * H),
  resumeDue: (due, paused, now) => new Date(now.getTime() + (due.getTime() - paused.getTime())),
};
const ctx = (now = T0, extra: Partial<DecideContext> = {}): DecideContext => ({ now, clocks, ...extra });
const cadre: Holder = { kind: 'person', personId: 'pA', name: '张三', role: 'cadre' };
const other: Holder = { kind: 'person', personId: 'pB', name: '李四', role: 'cadre' };
const A: Actor = { name: '张三', role: 'cadre', by: 'pA' };
const R: Actor = { name: '居民', role: 'resident', by: 'submitter' };
const SYS: Actor = { name: '系统', role: 'system', by: 'system' };
const community: Holder = { kind: 'queue', nodeId: 'C1', name: '一社区社区待办', level: 'community' };
const street: Holder = { kind: 'queue', nodeId: 'S1', name: '河南街道街道待办', level: 'street' };
const dept: Holder = { kind: 'department', departmentId: 'D1', name: '城管' };

function item(over: Partial<Item> = {}): Item {
  return {
    _id: 'i1', kind: 'complaint', category: '公共设施', itemClass: 'general', description: '路灯坏了', photos: [], anonymous: false,
    submitterOpenid: 'o-r', clientRequestId: 'req-00000001', householdId: 'h1', householdLabel: '1栋101', streetId: 'S1', communityId: 'C1',
    gridId: 'G1', buildingId: 'B1', holder: cadre, holderKey: 'pA', handlerIds: ['pA'], state: 'submitted', version: 3, rectifyCount: 0,
    ratings: [], timeline: [], createdAt: T0, updatedAt: T0, dueAt: at(72), responseDueAt: at(8),
    level: 'grid', ...over,
  };
}
/** The decision without the statistics' tallies (tested in stats). */
const run = (i: Item, c: Command, actor = A, cx = ctx()): Decision => {
  const d = decide(i, c, actor, cx);
  const { tallies: _t, ...event } = d.event as Decision['event'] & { tallies?: unknown };
  return { ...d, event };
};
const ev = (i: Item, actor: Actor, action: string, to: string, extra: object = {}, now = T0) => ({
  at: now, actor: actor.name, actorRole: actor.role, by: actor.by, action, from: i.state, to, ...extra,
});
const toHolder = (holder: Holder, phrase: string, note: string) => ({ kind: 'notify', to: { kind: 'holder', holder }, template: 'assigned', phrase, note });
const toSubmitter = (phrase: string, note: string) => ({ kind: 'notify', to: { kind: 'submitter' }, template: 'updated', phrase, note });
const count = (counter: string) => ({ kind: 'count', counter });
const refusal = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('decide: hop history', () => {
  it("keeps who held the item, without a person's bound account (it may change later)", () => {
    const bound: Holder = { ...cadre, openid: 'o-pA' } as Holder;
    const d = run(item({ holder: bound }), { type: 'transfer', to: other, reason: '不属于本网格' });
    expect(d.set.previousHolders).toEqual([cadre]);
  });
});

describe('decide: 书记领办 (lead)', () => {
  const SEC: Actor = { name: '王书记', role: 'secretary', by: 'pSec' };
  it('records the lead with its post and note; state, holder and deadline stay, nobody is notified', () => {
    const i = item({ state: 'inProgress' });
    const d = run(i, { type: 'lead', nodeId: 'C1', note: '协调物业' }, SEC);
    expect(d).toEqual({
      state: 'inProgress', version: 4, effects: [],
      set: { lead: { personId: 'pSec', name: '王书记', nodeId: 'C1', at: T0, month: '2026-11', note: '协调物业' } },
      event: ev(i, SEC, 'lead', 'inProgress', { note: '书记领办：协调物业' }),
    });
    expect(run(i, { type: 'lead', nodeId: 'S1' }, SEC).event.note).toBe('书记领办，跟踪督办至办结');
  });
  it("another secretary's lead stands; a finished item cannot be led", () => {
    const led = item({ state: 'accepted', lead: { personId: 'pX', name: '李书记', nodeId: 'S1', at: T0, month: '2026-11' } });
    expect(refusal(() => run(led, { type: 'lead', nodeId: 'C1' }, SEC)).message).toBe('该事项已由李书记领办');
    expect(refusal(() => run(item({ state: 'closed' }), { type: 'lead', nodeId: 'C1' }, SEC)).code).toBe('INVALID_STATE');
  });
});

describe('decide: exact decisions per command', () => {
  it('refuses a command from the wrong state with the state and command as details', () => {
    const e = refusal(() => run(item({ state: 'closed' }), { type: 'start' }));
    expect(e).toBeInstanceOf(DomainError);
    expect([e.code, e.message, e.details]).toEqual(['INVALID_STATE', '该事项当前状态不能执行此操作，请刷新后重试', { state: 'closed', command: 'start' }]);
  });

  it('核单 and 受理', () => {
    const i = item();
    expect(run(i, { type: 'verify', itemClass: 'major', category: '治安消防', note: '尽快' })).toEqual({
      state: 'accepted', version: 4, event: ev(i, A, 'verify', 'accepted', { note: '定为较大事项，11月28日 10:00前办结；尽快' }),
      set: { itemClass: 'major', category: '治安消防', dueAt: at(120), respondedAt: T0, overdueAt: null, remindedFor: null },
      effects: [toSubmitter('已受理', '张三已受理，11月28日 10:00前办结'), count('responded')],
    });
    const responded = item({ respondedAt: at(-1) });
    expect(run(responded, { type: 'accept' })).toStrictEqual({
      state: 'accepted', version: 4, event: ev(responded, A, 'accept', 'accepted', { note: undefined }),
      set: { itemClass: 'general', category: '公共设施', dueAt: at(72), respondedAt: at(-1), overdueAt: null, remindedFor: null },
      effects: [toSubmitter('已受理', '张三已受理，11月26日 10:00前办结')],
    });
  });

  it('退回 to the resident', () => {
    const i = item();
    expect(run(i, { type: 'reject', code: 'duplicate' })).toEqual({
      state: 'rejected', version: 4, event: ev(i, A, 'reject', 'rejected', { note: '重复' }),
      set: { rejectReason: '重复', rejectCode: 'duplicate', rejectedAt: T0, respondedAt: T0 },
      effects: [toSubmitter('已退回', '退回原因：重复，7日内可申诉'), count('rejected')],
    });
    const j = item({ respondedAt: at(-2) });
    expect(run(j, { type: 'reject', code: 'incomplete', note: '缺少地址' }).set).toEqual({ rejectReason: '信息不全：缺少地址', rejectCode: 'incomplete', rejectedAt: T0, respondedAt: at(-2) });
  });

  it('转办 to another person', () => {
    const i = item({ previousHolders: [community] });
    expect(run(i, { type: 'transfer', to: other, reason: '不在我片区' })).toEqual({
      state: 'submitted', version: 4, event: ev(i, A, 'transfer', 'submitted', { note: '转给李四：不在我片区', holder: '李四' }),
      set: { holder: other, holderKey: 'pB', level: 'grid', previousHolders: [community, cadre], responseDueAt: at(8), overdueAt: null, remindedFor: null },
      newHolder: other,
      effects: [toHolder(other, '转办待核单', '不在我片区'), count('transferred')],
    });
  });

  it('上报 one level up, and only one level', () => {
    const i = item();
    expect(run(i, { type: 'sendUp', to: community, reason: '网格无法解决' })).toEqual({
      state: 'submitted', version: 4, event: ev(i, A, 'sendUp', 'submitted', { note: '已上报社区：网格无法解决', holder: '一社区社区待办' }),
      set: { holder: community, holderKey: 'queue:C1', level: 'community', previousHolders: [cadre], responseDueAt: at(8), overdueAt: null, remindedFor: null },
      newHolder: community,
      effects: [toHolder(community, '已上报社区', '网格无法解决'), toSubmitter('已上报社区', '网格无法解决'), count('escalated')],
    });
    const c = item({ holder: community, holderKey: 'queue:C1', level: 'community' });
    const d = run(c, { type: 'sendUp', to: street, reason: '社区无法解决' });
    expect(d.event).toEqual(ev(c, A, 'sendUp', 'submitted', { note: '已派至街道：社区无法解决', holder: '河南街道街道待办' }));
    expect(d.effects).toEqual([toHolder(street, '已派至街道', '社区无法解决'), toSubmitter('已派至街道', '社区无法解决'), count('escalated')]);
    expect(refusal(() => run(i, { type: 'sendUp', to: street, reason: '跳级' })).message).toBe('只能上报到上一级');
    expect(refusal(() => run(c, { type: 'sendUp', to: community, reason: '同级' })).message).toBe('只能上报到上一级');
    expect(refusal(() => run(i, { type: 'sendUp', to: other, reason: '同级' })).message).toBe('只能上报到上一级');
    expect(refusal(() => run(c, { type: 'sendUp', to: other, reason: '下级' })).message).toBe('只能上报到上一级');
    const s = item({ holder: street, holderKey: 'queue:S1', level: 'street' });
    expect(refusal(() => run(s, { type: 'sendUp', to: street, reason: '再上' })).message).toBe('街道可向职能部门吹哨，不能再上报');
  });

  it('吹哨 notifies each department and the resident with the same note', () => {
    const s = item({ holder: street, holderKey: 'queue:S1', level: 'street' });
    const two = [{ id: 'D1', name: '城管' }, { id: 'D2', name: '市场监管' }];
    const d = run(s, { type: 'whistle', kind: 'tough', departments: two });
    const note = '街道已吹攻坚哨，城管、市场监管须在 24 小时内报到';
    expect(d.event).toEqual(ev(s, A, 'whistle', 'whistled', { note, holder: '城管、市场监管' }));
    expect(d.effects).toEqual([
      toHolder(dept, '待报到', note), toHolder({ kind: 'department', departmentId: 'D2', name: '市场监管' }, '待报到', note),
      toSubmitter('已吹哨', note), count('whistled'),
    ]);
  });

  it('吹哨 limits read as minutes under two hours, hours under two days, else days', () => {
    const s = item({ holder: street, holderKey: 'queue:S1', level: 'street' });
    const note = (hours: number) => run(s, { type: 'whistle', kind: 'quick', departments: [{ id: 'D1', name: '城管' }] }, A, {
      now: T0, clocks: { ...clocks, whistleDue: (_k, from) => new Date(from.getTime() + hours * H) },
    }).event.note;
    expect(note(119 / 60)).toBe('街道已吹快捷哨，城管须在 119 分钟内报到');
    expect(note(2)).toBe('街道已吹快捷哨，城管须在 2 小时内报到');
    expect(note(47)).toBe('街道已吹快捷哨，城管须在 47 小时内报到');
    expect(note(48)).toBe('街道已吹快捷哨，城管须在 2 天内报到');
  });

  it('报到: waiting for the others, then all reported', () => {
    const w = item({
      state: 'whistled', holder: dept, holderKey: 'dept:D1', level: 'department',
      whistle: { kind: 'tough', by: '王', at: T0, reportDueAt: at(24), departments: [{ id: 'D1', name: '城管' }, { id: 'D2', name: '市场监管', reportedAt: at(1), reportedBy: '赵' }] },
    });
    const D: Actor = { name: '钱', role: 'departmentStaff', by: 'pD' };
    const d = run(w, { type: 'report', departmentId: 'D1' }, D, ctx(at(2)));
    expect(d).toEqual({
      state: 'accepted', version: 4, event: ev(w, D, 'report', 'accepted', { note: '城管已报到', holder: '城管' }, at(2)),
      set: {
        whistle: { ...w.whistle, departments: [{ id: 'D1', name: '城管', reportedAt: at(2), reportedBy: '钱' }, { id: 'D2', name: '市场监管', reportedAt: at(1), reportedBy: '赵' }] },
        dueAt: at(2 + 72), overdueAt: null, remindedFor: null,
      },
      effects: [toSubmitter('部门已报到', '城管、市场监管已报到办理')],
    });
    const first = item({ ...w, whistle: { ...w.whistle!, departments: [{ id: 'D1', name: '城管' }, { id: 'D2', name: '市场监管' }] } });
    const p = run(first, { type: 'report', departmentId: 'D2' }, D, ctx(at(2)));
    expect(p).toEqual({
      state: 'whistled', version: 4, event: ev(first, D, 'report', 'whistled', { note: '市场监管已报到，等待其他部门报到', holder: '市场监管' }, at(2)),
      set: { whistle: { ...first.whistle, departments: [{ id: 'D1', name: '城管' }, { id: 'D2', name: '市场监管', reportedAt: at(2), reportedBy: '钱' }] } },
      effects: [],
    });
  });

  it('会商 note lists the attendees and the plan', () => {
    const w = item({ state: 'accepted', whistle: { kind: 'tough', by: '王', at: T0, reportDueAt: at(24), departments: [{ id: 'D1', name: '城管' }] } });
    const d = run(w, { type: 'meet', attendees: ['城管', '社区'], plan: '周三联合整治' });
    expect(d.event).toEqual(ev(w, A, 'meet', 'accepted', { note: '会商：城管、社区参加；方案：周三联合整治' }));
    expect(d.effects).toEqual([toSubmitter('已会商', '周三联合整治')]);
  });

  it('部门退回 hands the item back with a fresh response limit and no whistle', () => {
    const w = item({ state: 'inProgress', holder: dept, holderKey: 'dept:D1', level: 'department' });
    const D: Actor = { name: '钱', role: 'departmentStaff', by: 'pD' };
    expect(run(w, { type: 'return', reason: '不属于城管职责', to: street }, D)).toEqual({
      state: 'submitted', version: 4, event: ev(w, D, 'return', 'submitted', { note: '退回河南街道街道待办：不属于城管职责', holder: '河南街道街道待办' }),
      set: { holder: street, holderKey: 'queue:S1', level: 'street', previousHolders: [dept], responseDueAt: at(8), overdueAt: null, remindedFor: null, whistle: null },
      newHolder: street,
      effects: [toHolder(street, '部门退回', '不属于城管职责'), count('returned')],
    });
  });

  it('开始办理 and 办结 (on time up to the deadline itself)', () => {
    const a = item({ state: 'accepted' });
    expect(run(a, { type: 'start' })).toStrictEqual({ state: 'inProgress', version: 4, event: ev(a, A, 'start', 'inProgress'), set: {}, effects: [] });
    const p = item({ state: 'inProgress' });
    expect(run(p, { type: 'resolve', note: '已更换灯泡', photos: ['f1'] }, A, ctx(at(72)))).toEqual({
      state: 'resolved', version: 4, event: ev(p, A, 'resolve', 'resolved', { note: '已更换灯泡', photos: ['f1'] }, at(72)),
      set: { resolution: { note: '已更换灯泡', photos: ['f1'], at: at(72) } },
      effects: [toSubmitter('已办结', '请您评价办理结果'), count('resolvedOnTime')],
    });
    expect(run(p, { type: 'resolve', note: '已更换', photos: [] }, A, ctx(at(73))).effects[1]).toEqual(count('resolvedLate'));
  });

  it('挂起: request, approve, deny (with and without a note), resume', () => {
    const p = item({ state: 'inProgress' });
    expect(run(p, { type: 'pause', reason: '等待停电检修' })).toEqual({
      state: 'pausePending', version: 4, event: ev(p, A, 'pause', 'pausePending', { note: '申请挂起：等待停电检修' }),
      set: { pause: { fromState: 'inProgress', reason: '等待停电检修', requestedAt: T0, requestedBy: '张三' } },
      // The cadre's grid decides: its 第一经办人, else its leader, hears of it.
      effects: [toHolder({ kind: 'queue', nodeId: 'G1', name: '', level: 'grid' }, '挂起待审批', '张三申请挂起：等待停电检修')],
    });
    const pending = item({ state: 'pausePending', pause: { fromState: 'inProgress', reason: '等待停电检修', requestedAt: T0, requestedBy: '张三' } });
    const B: Actor = { name: '社区主任', role: 'communityAdmin', by: 'pC' };
    expect(run(pending, { type: 'pauseApprove' }, B, ctx(at(1)))).toEqual({
      state: 'paused', version: 4, event: ev(pending, B, 'pauseApprove', 'paused', { note: '同意挂起：等待停电检修' }, at(1)),
      set: { pause: { ...pending.pause, pausedAt: at(1), approvedBy: '社区主任' } },
      effects: [toHolder(cadre, '挂起已批准', '等待停电检修'), toSubmitter('已挂起', '等待停电检修')],
    });
    expect(run(pending, { type: 'pauseDeny', note: '可以先办' }, B)).toEqual({
      state: 'inProgress', version: 4, event: ev(pending, B, 'pauseDeny', 'inProgress', { note: '不同意挂起：可以先办' }),
      set: { pause: null }, effects: [toHolder(cadre, '挂起未批准', '可以先办')],
    });
    const bare = run(pending, { type: 'pauseDeny' }, B);
    expect([bare.event.note, bare.effects]).toEqual(['不同意挂起', [toHolder(cadre, '挂起未批准', '请继续办理')]]);
    const paused = item({ state: 'paused', dueAt: at(30), pause: { ...pending.pause!, pausedAt: at(6) } });
    expect(run(paused, { type: 'resume' }, A, ctx(at(100)))).toEqual({
      state: 'inProgress', version: 4, event: ev(paused, A, 'resume', 'inProgress', { note: '解除挂起，11月28日 14:00前办结' }, at(100)),
      set: { pause: null, dueAt: at(124), overdueAt: null, remindedFor: null },
      effects: [toHolder(cadre, '已解挂', '11月28日 14:00前办结'), toSubmitter('已恢复办理', '11月28日 14:00前办结')],
    });
    // paused without a pausedAt: no paused time is added, the deadline stays.
    const noStamp = item({ state: 'paused', dueAt: at(30), pause: pending.pause });
    expect(run(noStamp, { type: 'resume' }, A, ctx(at(100))).set.dueAt).toEqual(at(30));
  });

  it('撤回 by the resident, with or without a reason', () => {
    const i = item();
    expect(run(i, { type: 'withdraw', reason: '已自行解决' }, R)).toEqual({
      state: 'withdrawn', version: 4, event: ev(i, R, 'withdraw', 'withdrawn', { note: '已自行解决' }),
      set: {}, effects: [toHolder(cadre, '居民已撤回', '已自行解决'), count('withdrawn')],
    });
    expect(run(i, { type: 'withdraw' }, R).effects[0]).toEqual(toHolder(cadre, '居民已撤回', '无需办理'));
  });

  it('aboveQueue: who decides a pause, one level above the holder (as issuers.ts lets them approve)', () => {
    const q = (nodeId: string, level: 'grid' | 'community' | 'street') => ({ kind: 'queue', nodeId, name: '', level });
    const on = (holder: Holder) => aboveQueue({ holder, gridId: 'G1', communityId: 'C1', streetId: 'S1' });
    const person = (role: 'cadre' | 'gridLeader' | 'communityAdmin' | 'streetAdmin'): Holder => ({ kind: 'person', personId: 'p', name: '某', role });
    expect(on(person('cadre'))).toEqual(q('G1', 'grid'));
    expect(on(person('gridLeader'))).toEqual(q('C1', 'community'));
    expect(on(person('communityAdmin'))).toEqual(q('S1', 'street'));
    expect(on(person('streetAdmin'))).toBeNull();
    expect(on({ kind: 'queue', nodeId: 'G1', name: '', level: 'grid' })).toEqual(q('C1', 'community'));
    expect(on({ kind: 'queue', nodeId: 'C1', name: '', level: 'community' })).toEqual(q('S1', 'street'));
    expect(on({ kind: 'department', departmentId: 'D1', name: '城管' })).toEqual(q('S1', 'street'));
  });

  it('申诉 within 7 days of the rejection, once; reviewed upheld or reopened', () => {
    const r = item({ state: 'rejected', rejectedAt: T0, updatedAt: at(100) });
    expect(run(r, { type: 'appeal', reason: '确实在本辖区' }, R, ctx(at(7 * 24)))).toEqual({
      state: 'appealing', version: 4, event: ev(r, R, 'appeal', 'appealing', { note: '确实在本辖区' }, at(7 * 24)),
      set: { appeal: { at: at(7 * 24), reason: '确实在本辖区' } },
      effects: [toHolder({ kind: 'queue', nodeId: 'G1', name: '', level: 'grid' }, '申诉待审核', '确实在本辖区'), count('appealed')],
    });
    expect(refusal(() => run(r, { type: 'appeal', reason: '晚了' }, R, ctx(at(7 * 24 + 0.001)))).message).toBe('退回已超过7日，不能再申诉');
    // without rejectedAt, the last update counts
    const old = item({ state: 'rejected', updatedAt: T0 });
    expect(refusal(() => run(old, { type: 'appeal', reason: '晚了' }, R, ctx(at(7 * 24 + 1)))).message).toBe('退回已超过7日，不能再申诉');
    expect(run(old, { type: 'appeal', reason: '不晚' }, R, ctx(at(7 * 24 - 1))).state).toBe('appealing');
    expect(refusal(() => run({ ...r, appeal: { at: T0, reason: 'x' } }, { type: 'appeal', reason: '再诉' }, R, ctx(at(1)))).message).toBe('该事项已申诉过');

    const appealing = item({ state: 'appealing', rejectReason: '重复', rejectCode: 'duplicate', appeal: { at: T0, reason: '确实在本辖区' } });
    const V: Actor = { name: '街道主任', role: 'streetAdmin', by: 'pS' };
    expect(run(appealing, { type: 'appealUphold', note: '确属重复' }, V, ctx(at(1)))).toEqual({
      state: 'rejected', version: 4, event: ev(appealing, V, 'appealUphold', 'rejected', { note: '申诉未支持：确属重复' }, at(1)),
      set: { appeal: { at: T0, reason: '确实在本辖区', outcome: 'upheld', decidedAt: at(1) } },
      effects: [toSubmitter('申诉未支持', '确属重复')],
    });
    expect(run(appealing, { type: 'appealReopen', note: '请重新核实', to: other }, V, ctx(at(1)))).toEqual({
      state: 'submitted', version: 4, event: ev(appealing, V, 'appealReopen', 'submitted', { note: '申诉成立，重新办理：请重新核实', holder: '李四' }, at(1)),
      set: {
        holder: other, holderKey: 'pB', level: 'grid', previousHolders: [cadre],
        appeal: { at: T0, reason: '确实在本辖区', outcome: 'reopened', decidedAt: at(1) }, rejectReason: null, rejectCode: null, responseDueAt: at(9), respondedAt: null,
      },
      newHolder: other,
      effects: [toSubmitter('申诉成立', '请重新核实'), toHolder(other, '申诉重办', '请重新核实')],
    });
  });

  it('the sweep: 临期提醒, 超期, 报到超时 and 超期上报', () => {
    const i = item({ state: 'accepted', dueAt: new Date('2026-11-24T01:05:00Z') });
    expect(run(i, { type: 'remind' }, SYS)).toEqual({
      state: 'accepted', version: 4, event: ev(i, SYS, 'remind', 'accepted', { note: '临期提醒：11月24日 09:05到期' }),
      set: { remindedFor: '2026-11-24T01:05:00.000Z' }, effects: [toHolder(cadre, '即将到期', '11月24日 09:05到期，请及时办理')],
    });
    expect(run(i, { type: 'overdue' }, SYS)).toEqual({
      state: 'accepted', version: 4, event: ev(i, SYS, 'overdue', 'accepted', { note: '已超期' }),
      set: { overdueAt: T0 }, effects: [toHolder(cadre, '已超期', '请尽快办理'), count('overdue')],
    });
    const w = item({
      state: 'whistled', holder: dept, holderKey: 'dept:D1', level: 'department',
      whistle: { kind: 'tough', by: '王', at: T0, reportDueAt: at(1), departments: [{ id: 'D1', name: '城管', reportedAt: T0 }, { id: 'D2', name: '市场监管' }, { id: 'D3', name: '住建' }] },
    });
    expect(run(w, { type: 'whistleOverdue' }, SYS, ctx(at(2)))).toEqual({
      state: 'whistled', version: 4, event: ev(w, SYS, 'whistleOverdue', 'whistled', { note: '市场监管、住建未按时报到' }, at(2)),
      set: { whistle: { ...w.whistle, flaggedAt: at(2) } },
      effects: [{ kind: 'notify', to: { kind: 'admins', nodeId: 'S1' }, template: 'assigned', phrase: '报到超时', note: '市场监管、住建未按时报到' }, count('whistleLate')],
    });
    const s = item();
    expect(run(s, { type: 'escalateOverdue', to: community }, SYS, ctx(at(9)))).toEqual({
      state: 'submitted', version: 4, event: ev(s, SYS, 'escalate', 'submitted', { note: '超期未办，自动上报一社区社区待办', holder: '一社区社区待办' }, at(9)),
      set: { holder: community, holderKey: 'queue:C1', level: 'community', previousHolders: [cadre], overdueAt: null, remindedFor: null, responseDueAt: at(17) },
      newHolder: community,
      effects: [toHolder(community, '超期上报', '张三超期未办'), count('escalated')],
    });
  });

  it('评价: satisfied closes; first unsatisfied rectifies; again unsatisfied goes one level up', () => {
    const r = item({ state: 'resolved' });
    expect(run(r, { type: 'rate', stars: 5, solved: true, comment: '很快' }, R)).toEqual({
      state: 'closed', version: 4, event: ev(r, R, 'rate', 'closed', { note: '5星，已解决：很快' }), set: {},
      rating: { stars: 5, solved: true, comment: '很快', at: T0, satisfied: true },
      effects: [count('rated'), count('ratedSolved'), count('closed')],
    });
    expect(run(r, { type: 'rate', stars: 2, solved: false }, R)).toEqual({
      state: 'rectifying', version: 4, event: ev(r, R, 'rectify', 'rectifying', { note: '2星，未解决', holder: '张三' }),
      set: { rectifyCount: 1, dueAt: at(72), overdueAt: null, remindedFor: null },
      rating: { stars: 2, solved: false, comment: undefined, at: T0, satisfied: false },
      effects: [toHolder(cadre, '需整改', '2星，未解决'), count('rated'), count('ratedUnsolved'), count('rectified')],
    });
    const again = item({ state: 'resolved', rectifyCount: 1 });
    expect(run(again, { type: 'rate', stars: 1, solved: true }, R, ctx(T0, { escalateTo: community }))).toEqual({
      state: 'rectifying', version: 4, event: ev(again, R, 'escalate', 'rectifying', { note: '1星，已解决', holder: '一社区社区待办' }),
      set: { rectifyCount: 2, holder: community, holderKey: 'queue:C1', level: 'community', dueAt: at(72), overdueAt: null, remindedFor: null, previousHolders: [cadre] },
      rating: { stars: 1, solved: true, comment: undefined, at: T0, satisfied: false },
      newHolder: community,
      effects: [
        toHolder(community, '升级办理', '1星，已解决'),
        { kind: 'notify', to: { kind: 'admins', nodeId: 'C1' }, template: 'assigned', phrase: '多次不满意', note: '1星，已解决' },
        count('rated'), count('ratedSolved'), count('escalated'),
      ],
    });
    const e = refusal(() => run(again, { type: 'rate', stars: 1, solved: false }, R));
    expect([e.code, e.message]).toEqual(['INTERNAL', '未找到可接手的上级，请联系社区']);
  });

  it('deadlineOf: the report limit while whistled, the response limit while submitted, else the due time', () => {
    const w = { kind: 'quick' as const, by: '王', at: T0, reportDueAt: at(1), departments: [] };
    expect(deadlineOf(item({ state: 'whistled', whistle: w }))).toEqual(at(1));
    expect(deadlineOf(item({ state: 'whistled' }))).toEqual(at(72));
    expect(deadlineOf(item({ state: 'accepted', whistle: w }))).toEqual(at(72));
    expect(deadlineOf(item({ state: 'submitted', whistle: w }))).toEqual(at(8));
    expect(deadlineOf(item({ state: 'submitted', responseDueAt: undefined }))).toEqual(at(72));
    expect(deadlineOf(item({ state: 'accepted' }))).toEqual(at(72));
  });

  it('dueText: China time, zero-padded', () => {
    expect(dueText(new Date('2026-01-04T17:03:00Z'))).toBe('1月5日 01:03');
    expect(dueText(new Date('2026-12-31T15:59:00Z'))).toBe('12月31日 23:59');
  });
});
