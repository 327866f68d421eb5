import { describe, expect, it } from 'vitest';
import type { Holder, Item } from '../types';
import { decide, type Actor, type Clocks, type Command, type DecideContext } from '../workflow/decide';
import {
  bucketId, bucketsOf, dayKey, diffDocs, effectiveDocs, fieldKey, fromFieldKey, monthBucketOf, monthKey, Rebuild, spanDocs, spanW, addTree, type CounterDoc, type Geo, type Tree,
} from './buckets';
import { monthSpans, previousRange, resolvePeriod, trendKeys } from './periods';
import { gridCategoryCounts, isWarning, warningsOf, WARNING_RULE } from './warnings';
import { average, duration, percent, rate, rates, RATES } from './rates';
import { summarize } from './summary';
import { COUNTERS, creationTally, itemTallies, type Counts, type Tally } from './tally';

const T0 = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 China time
const H = 3_600_000;
const at = (h: number) => new Date(T0.getTime() + h * H);
const clocks: Clocks = {
  handleDue: (c, from) => new Date(from.getTime() + { simple: 1, general: 3, major: 5, hard: 10, crossRegion: 15 }[c] * 24 * H),
  responseDue: (_c, from) => new Date(from.getTime() + 8 * H),
  whistleDue: (_k, from) => new Date(from.getTime() + H),
  resumeDue: (due, paused, now) => new Date(now.getTime() + (due.getTime() - paused.getTime())),
};
const cadre: Holder = { kind: 'person', personId: 'pA', name: '张三', role: 'cadre' };
const community: Holder = { kind: 'queue', nodeId: 'C1', name: '一社区社区待办', level: 'community' };
const A: Actor = { name: '张三', role: 'cadre', by: 'pA' };
const R: Actor = { name: '居民', role: 'resident', by: 'submitter' };
const SYS: Actor = { name: '系统', role: 'system', by: 'system' };

function fresh(over: Partial<Item> = {}): Item {
  return {
    _id: 'i1', kind: 'complaint', category: '公共设施', itemClass: 'general', description: '路灯坏了', photos: [], anonymous: false,
    submitterOpenid: 'o-r', clientRequestId: 'req-00000001', householdId: 'h1', householdLabel: '1栋101', streetId: 'S1', communityId: 'C1',
    gridId: 'G1', buildingId: 'B1', holder: cadre, holderKey: 'pA', handlerIds: ['pA'], state: 'submitted', version: 0, rectifyCount: 0,
    ratings: [], timeline: [{ at: T0, actor: '居民', actorRole: 'resident', action: 'submit', from: null, to: 'submitted' }],
    createdAt: T0, updatedAt: T0, dueAt: at(72), responseDueAt: at(8), level: 'grid', ...over,
  };
}

/** Decide and store a command as the application layer does (fields, event with its tallies, rating). */
function step(item: Item, cmd: Command, hours: number, actor = A, extra: Partial<DecideContext> = {}): Item {
  const d = decide(item, cmd, actor, { now: at(hours), clocks, ...extra });
  const next: Record<string, unknown> = { ...item };
  for (const [k, v] of Object.entries(d.set)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return {
    ...(next as unknown as Item), state: d.state, version: d.version, updatedAt: at(hours),
    timeline: [...item.timeline, d.event], ratings: d.rating ? [...item.ratings, d.rating] : item.ratings,
  };
}

/** Totals of items' counters, as the rebuild sums them. */
function totalsOf(...items: Item[]): Counts {
  const r = new Rebuild();
  for (const i of items) r.add(i);
  const out: Tree = {};
  for (const d of r.docs.values()) if (d.span === 'day') addTree(out, (d.t ?? {}) as Tree);
  return out as Counts;
}

const verify = (i: Item, h: number) => step(i, { type: 'verify', itemClass: 'general', category: '公共设施' }, h);
const resolve = (i: Item, h: number) => step(i, { type: 'resolve', note: '已修好', photos: [] }, h);
const rateIt = (i: Item, h: number, stars: number, solved: boolean, extra: Partial<DecideContext> = {}) => step(i, { type: 'rate', stars, solved }, h, R, extra);

describe('tallies: what each transition counts', () => {
  it('a first 核单 in time counts due, responded, on time and accepted, with its response time', () => {
    const v = verify(fresh(), 2);
    expect(v.timeline.at(-1)!.tallies).toEqual([{ hk: 'pA', cat: '公共设施', n: { accepted: 1, responded: 1, respondedMs: 2 * H, responseDue: 1, respondedOnTime: 1 } }]);
    // a second 核单 after a transfer back to 待核单 is no new response
    const moved = step(v, { type: 'transfer', to: { kind: 'person', personId: 'pC', name: '王五', role: 'cadre' }, reason: '对方负责' }, 3);
    const again = step(moved, { type: 'verify', itemClass: 'general', category: '公共设施' }, 4, { name: '王五', role: 'cadre', by: 'pC' });
    expect(again.timeline.at(-1)!.tallies).toBeUndefined();
    expect(totalsOf(again)).toMatchObject({ submitted: 1, accepted: 1, responded: 1, transferred: 1 });
  });

  it('a response limit missed counts as due once, and the late 核单 is not on time', () => {
    const late = step(fresh(), { type: 'overdue' }, 9, SYS);
    expect(late.timeline.at(-1)!.tallies![0].n).toEqual({ overdue: 1, responseDue: 1 });
    const up = step(late, { type: 'escalateOverdue', to: community }, 10, SYS);
    const v = step(up, { type: 'verify', itemClass: 'general', category: '公共设施' }, 12, { name: '孙管理员', role: 'communityAdmin', by: 'pAdmin' });
    expect(v.timeline.at(-1)!.tallies![0]).toMatchObject({ hk: 'queue:C1', n: { accepted: 1, responded: 1, respondedMs: 12 * H } });
    expect(v.timeline.at(-1)!.tallies![0].n.responseDue).toBeUndefined();
    const t = totalsOf(v);
    expect(rate(t, 'response')).toEqual({ num: 0, den: 1, value: 0 });
    expect(t).toMatchObject({ escalated: 1, overdue: 1 });
  });

  it('退回 at 核单 is a response; a reopened appeal starts a new response cycle', () => {
    const rejected = step(fresh(), { type: 'reject', code: 'outOfArea' }, 1);
    expect(rejected.timeline.at(-1)!.tallies![0].n).toEqual({ rejected: 1, responded: 1, respondedMs: H, responseDue: 1, respondedOnTime: 1 });
    const appealed = step(rejected, { type: 'appeal', reason: '就在本小区' }, 2, R);
    const reopened = step(appealed, { type: 'appealReopen', note: '确属本辖区', to: cadre }, 3, { name: '钱网格长', role: 'gridLeader', by: 'pGL' });
    const v = verify(reopened, 5);
    expect(v.timeline.at(-1)!.tallies![0].n).toMatchObject({ accepted: 1, responded: 1, respondedMs: 2 * H, responseDue: 1, respondedOnTime: 1 });
    expect(totalsOf(v)).toMatchObject({ submitted: 1, responseDue: 2, respondedOnTime: 2, appealed: 1, rejected: 1, accepted: 1 });
  });

  it('sent up and whistled without 核单: the departments\' 报到 is the response and the acceptance', () => {
    const streetQ: Holder = { kind: 'queue', nodeId: 'S1', name: '街道待办', level: 'street' };
    const up = step(step(fresh(), { type: 'sendUp', to: community, reason: '网格解决不了' }, 1), { type: 'sendUp', to: streetQ, reason: '需要街道' }, 2);
    const w = step(up, { type: 'whistle', kind: 'tough', departments: [{ id: 'D1', name: '城管' }, { id: 'D2', name: '市监' }] }, 3);
    const one = step(w, { type: 'report', departmentId: 'D2' }, 3.5);
    expect(one.timeline.at(-1)!.tallies).toBeUndefined(); // waiting for the other department
    const all = step(one, { type: 'report', departmentId: 'D1' }, 5); // whistle limit 1 h: late
    expect(all.timeline.at(-1)!.tallies![0]).toEqual({ hk: 'dept:D1', cat: '公共设施', n: { accepted: 1, responded: 1, respondedMs: 5 * H, responseDue: 1 } });
    expect(totalsOf(all)).toMatchObject({ submitted: 1, escalated: 2, whistled: 1, accepted: 1 });
  });

  it('办结 on time and late, with the time from submission', () => {
    const onTime = resolve(verify(fresh(), 1), 30);
    expect(onTime.timeline.at(-1)!.tallies![0].n).toEqual({ resolved: 1, resolvedOnTime: 1, resolvedMs: 30 * H });
    const late = resolve(verify(fresh(), 1), 100);
    expect(late.timeline.at(-1)!.tallies![0].n).toEqual({ resolved: 1, resolvedMs: 100 * H });
  });

  it('a 核单 that changes the category credits the new one and remembers the old for the rebuild', () => {
    const v = step(fresh({ category: '其他' }), { type: 'verify', itemClass: 'general', category: '公共设施' }, 1);
    expect(v.timeline.at(-1)!.tallies![0]).toMatchObject({ cat: '公共设施', cat0: '其他' });
    const entries = itemTallies(v);
    expect(entries[0]).toEqual({ at: T0, tally: { hk: 'pA', cat: '其他', n: { submitted: 1 } } });
    expect(entries[0].tally).toEqual(creationTally(fresh({ category: '其他' })));
  });
});

describe('rates: each definition', () => {
  const closedItem = () => rateIt(resolve(verify(fresh(), 1), 20), 30, 5, true);

  it('满意率 and 解决率 divide by rated items; an unrated item is never satisfied', () => {
    const unrated = resolve(verify(fresh({ _id: 'i2' }), 1), 20);
    const t = totalsOf(closedItem(), unrated);
    expect(t).toMatchObject({ accepted: 2, resolved: 2, rated: 1, ratedSatisfied: 1, ratedSolved: 1, closed: 1 });
    expect(t.ratedUnsatisfied ?? 0).toBe(0); // unrated is neither satisfied nor unsatisfied
    expect(rate(t, 'satisfaction')).toEqual({ num: 1, den: 1, value: 1 });
    expect(rate(t, 'solve').value).toBe(1);
    expect(rate(t, 'close')).toEqual({ num: 1, den: 2, value: 0.5 }); // 办结率: closed ÷ accepted
    expect(rate(t, 'onTime').value).toBe(1);
  });

  it('a rectified item counts once as rated; its final rating decides, in the month of the first', () => {
    const first = rateIt(resolve(verify(fresh(), 1), 20), 30, 2, true); // 不满意, 已解决 → 整改
    expect(first).toMatchObject({ state: 'rectifying', rectifyCount: 1 });
    let t = totalsOf(first);
    expect(t).toMatchObject({ rated: 1, ratedSolved: 1, ratedUnsatisfied: 1, rectified: 1 });
    expect(rate(t, 'satisfaction')).toEqual({ num: 0, den: 1, value: 0 });

    // 40 days later (another month), rectified and rated satisfied: the first month's outcome moves.
    const second = rateIt(resolve(first, 24 * 40), 24 * 40 + 1, 5, true);
    expect(second.state).toBe('closed');
    const shift = second.timeline.at(-1)!.tallies!;
    expect(shift).toEqual([
      { hk: 'pA', cat: '公共设施', at: at(1), n: { closed: 1 } }, // where it was accepted
      { hk: 'pA', cat: '公共设施', at: at(30), n: { ratedSatisfied: 1, ratedUnsatisfied: -1 } }, // where it was first rated
    ]);
    t = totalsOf(second);
    expect(t).toMatchObject({ rated: 1, ratedSatisfied: 1, ratedSolved: 1, resolved: 2, closed: 1, rectified: 1 });
    expect(t.ratedUnsatisfied ?? 0).toBe(0); // the final rating moved it from unsatisfied to satisfied
    expect(shift.length).toBe(2);
    expect(rate(t, 'satisfaction').value).toBe(1);
    // the first rating is kept on the item
    expect(second.ratings.map((r) => r.stars)).toEqual([2, 5]);
    // and the correction is counted in November, where the first rating was
    const r = new Rebuild();
    r.add(second);
    expect(r.docs.get(bucketId('C1', '2026-11'))!.t).toMatchObject({ rated: 1, ratedSatisfied: 1 });
    expect(r.docs.get(bucketId('C1', '2027-01'))?.t?.ratedSatisfied).toBeUndefined();
  });

  it('again unsatisfied after 整改: still one rated item, unsatisfied, escalated', () => {
    const first = rateIt(resolve(verify(fresh(), 1), 20), 30, 4, false); // 未解决 → 整改
    const second = rateIt(resolve(first, 50), 60, 1, false, { escalateTo: community });
    const t = totalsOf(second);
    expect(t).toMatchObject({ rated: 1, rectified: 1, escalated: 1, ratedUnsatisfied: 1 });
    expect(t.ratedSatisfied ?? 0).toBe(0);
    expect(t.ratedSolved ?? 0).toBe(0);
    expect(rate(t, 'satisfaction')).toEqual({ num: 0, den: 1, value: 0 });
    // solved at first, then not: the outcome moves back down
    const a = rateIt(resolve(verify(fresh(), 1), 20), 30, 2, true);
    const b = rateIt(resolve(a, 50), 60, 2, false, { escalateTo: community });
    expect(totalsOf(b)).toMatchObject({ rated: 1 });
    expect(totalsOf(b).ratedSolved ?? 0).toBe(0);
  });

  it('nothing due is "—", not 0% or 100%; averages and their formats', () => {
    expect(rate({}, 'satisfaction')).toEqual({ num: 0, den: 0, value: null });
    expect(percent(rate({}, 'close'))).toBe('—');
    expect(percent(rate({ closed: 939, accepted: 1000 }, 'close'))).toBe('93.9%');
    expect(percent(rate({ closed: 1, accepted: 1 }, 'close'))).toBe('100%');
    expect(average({ respondedMs: 3 * H, responded: 2 }, 'response')).toBe(1.5 * H);
    expect(average({}, 'resolve')).toBeNull();
    expect(duration(1.5 * H)).toBe('1.5 小时');
    expect(duration(20 * 60_000)).toBe('20 分钟');
    expect(duration(72 * H)).toBe('3 天');
    expect(duration(null)).toBe('—');
    expect(Object.keys(rates({}))).toEqual(RATES.map((r) => r.key));
    for (const r of RATES) expect(r.text.length).toBeGreaterThan(10);
  });
});

describe('buckets and periods', () => {
  it('days and months in China time', () => {
    expect(dayKey(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(monthKey(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
  });

  it('field keys survive dots and dollars', () => {
    for (const s of ['物业', 'a.b', '$x', '100%', '']) expect(fromFieldKey(fieldKey(s))).toBe(s);
    expect(fieldKey('a.b')).not.toContain('.');
  });

  it('a tally lands in its day document once, in every scope it touches', () => {
    const b = bucketsOf({ streetId: 'S1', communityId: 'C1', gridId: 'G1' }, [{ at: T0, tally: { hk: 'dept:D1', cat: '物业', n: { whistled: 1, submitted: 1 } } }]);
    expect([...b.keys()]).toEqual(['c:C1:2026-11-23']);
    const n = { whistled: 1, submitted: 1 };
    expect(b.get('c:C1:2026-11-23')!).toEqual({
      meta: { streetId: 'S1', communityId: 'C1', period: '2026-11-23', span: 'day' },
      tree: {
        t: n, c: { 物业: n }, d: { D1: n }, y: { 23: n },
        g: { G1: { t: n, c: { 物业: n }, d: { D1: n }, y: { 23: n } } },
        w: { G1: { 物业: { 23: 1 } } },
      },
    });
    // its month document takes the same tree when the day is rolled
    const day = { _id: 'c:C1:2026-11-23', ...b.get('c:C1:2026-11-23')!.meta, rolled: false, ...b.get('c:C1:2026-11-23')!.tree } as CounterDoc;
    expect(monthBucketOf(day)).toEqual({ meta: { streetId: 'S1', communityId: 'C1', period: '2026-11', span: 'month' }, tree: b.get('c:C1:2026-11-23')!.tree });
    const person = bucketsOf({ streetId: 'S1', communityId: 'C1', gridId: 'G1' }, [{ at: T0, tally: { hk: 'pA', cat: '物业', n: { accepted: 1 } } }]);
    expect((person.get('c:C1:2026-11-23')!.tree.g as Tree).G1).toMatchObject({ p: { pA: { accepted: 1 } } });
    expect(person.get('c:C1:2026-11-23')!.tree.w).toBeUndefined(); // 预警 counts new items only
    // a queue credits no person and no department
    const queue = bucketsOf({ streetId: 'S1', communityId: 'C1', gridId: 'G1' }, [{ at: T0, tally: { hk: 'queue:C1', cat: '物业', n: { submitted: 1 } } }]);
    expect(Object.keys((queue.get('c:C1:2026-11-23')!.tree.g as Tree).G1).sort()).toEqual(['c', 't', 'y']);
    // a correction dated on another day goes to that day's document
    const two = bucketsOf({ streetId: 'S1', communityId: 'C1', gridId: 'G1' }, [
      { at: T0, tally: { hk: 'pA', cat: '物业', n: { ratedSatisfied: 1 } } },
      { at: at(24 * 40), tally: { hk: 'pA', cat: '物业', n: { resolved: 1 } } },
    ]);
    expect([...two.keys()]).toEqual(['c:C1:2026-11-23', 'c:C1:2027-01-02']);
  });

  it('the rebuild rolls finished days into their months (an hour after midnight) and keeps every day', () => {
    const r = new Rebuild(new Date('2026-11-23T16:30:00Z')); // 00:30 on the 24th: the 23rd is not finished yet
    r.add(fresh());
    r.add(fresh({ _id: 'i2', createdAt: at(-24), timeline: [{ at: at(-24), actor: '居民', actorRole: 'resident', action: 'submit', from: null, to: 'submitted' }] }));
    const docs = r.docs;
    expect(docs.get('c:C1:2026-11-22')).toMatchObject({ span: 'day', rolled: true, t: { submitted: 1 } });
    expect(docs.get('c:C1:2026-11-23')).toMatchObject({ span: 'day', rolled: false, t: { submitted: 1 } });
    expect(docs.get('c:C1:2026-11')).toMatchObject({ span: 'month', t: { submitted: 1 }, y: { 22: { submitted: 1 } } });
    expect(effectiveDocs(docs.values()).find((d) => d._id === 'c:C1:2026-11')!.t).toEqual({ submitted: 2 });
  });

  it('diffDocs: agreeing documents give nothing; zeros equal missing', () => {
    const a: CounterDoc = { _id: 'x', streetId: 'S', communityId: 'C', period: '2026-11', span: 'month', t: { submitted: 2, closed: 0 } };
    const b: CounterDoc = { ...a, t: { submitted: 2 } };
    expect(diffDocs([a], [b])).toEqual([]);
    expect(diffDocs([a], [{ ...a, t: { submitted: 3 } }])).toEqual(['x t.submitted: 2 ≠ 3']);
    expect(diffDocs([a], [])).toEqual(['x t.submitted: 2 ≠ 0']);
  });

  it('presets and custom ranges, with Chinese messages for bad ranges', () => {
    const now = new Date('2026-11-20T04:00:00Z');
    expect(resolvePeriod({ kind: 'month' }, now)).toMatchObject({ from: '2026-11-01', to: '2026-11-20' });
    expect(resolvePeriod({ kind: 'lastMonth' }, now)).toMatchObject({ from: '2026-10-01', to: '2026-10-31' });
    expect(resolvePeriod({ kind: 'lastMonth' }, new Date('2026-01-10T04:00:00Z'))).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect(resolvePeriod({ kind: 'quarter' }, now)).toMatchObject({ from: '2026-10-01', to: '2026-11-20' });
    expect(resolvePeriod({ kind: 'year' }, now)).toMatchObject({ from: '2026-01-01', to: '2026-11-20' });
    expect(resolvePeriod({ kind: 'custom', from: '2026-10-15', to: '2026-11-05' }, now)).toMatchObject({ from: '2026-10-15', to: '2026-11-05' });
    const error = (from: string, to: string) => (resolvePeriod({ kind: 'custom', from, to }, now) as { error: string }).error;
    expect(error('2026-11-05', '2026-11-01')).toMatch(/不能早于开始日期/);
    expect(error('2025-01-01', '2026-11-01')).toMatch(/最长一年/);
    expect(error('2026-11-21', '2026-11-22')).toMatch(/开始日期不能晚于今天/);
    expect(error('2026-11-01', '2026-11-21')).toMatch(/结束日期不能晚于今天/);
    expect(error('2026-02-30', '2026-03-01')).toMatch(/格式/);
    expect((resolvePeriod({ kind: 'custom' }, now) as { error: string }).error).toMatch(/请选择/);
  });

  it('month spans: whole months, ragged ends by their days, the running month whole', () => {
    const w = (month: string, from: string, to: string, whole: boolean) => ({ month, from, to, whole });
    expect(monthSpans('2026-01-01', '2026-03-31', '2026-11-20')).toEqual([
      w('2026-01', '2026-01-01', '2026-01-31', true), w('2026-02', '2026-02-01', '2026-02-28', true), w('2026-03', '2026-03-01', '2026-03-31', true),
    ]);
    expect(monthSpans('2026-11-01', '2026-11-20', '2026-11-20')).toEqual([w('2026-11', '2026-11-01', '2026-11-20', true)]);
    expect(monthSpans('2026-11-02', '2026-11-20', '2026-11-20')).toEqual([w('2026-11', '2026-11-02', '2026-11-20', false)]);
    expect(monthSpans('2026-10-30', '2026-11-02', '2026-11-20')).toEqual([w('2026-10', '2026-10-30', '2026-10-31', false), w('2026-11', '2026-11-01', '2026-11-02', false)]);
    expect(monthSpans('2025-12-31', '2026-02-01', '2026-11-20')).toEqual([
      w('2025-12', '2025-12-31', '2025-12-31', false), w('2026-01', '2026-01-01', '2026-01-31', true), w('2026-02', '2026-02-01', '2026-02-01', false),
    ]);
    expect(trendKeys('2026-11-01', '2026-11-03')).toEqual({ by: 'day', keys: ['2026-11-01', '2026-11-02', '2026-11-03'] });
    expect(trendKeys('2026-01-01', '2026-11-20').keys).toHaveLength(11);
  });

  it('a summary sums communities for a street, grids for a community, people for a grid', () => {
    const r = new Rebuild();
    const v = verify(fresh(), 1);
    r.add(v);
    r.add({ ...fresh({ _id: 'i2', gridId: 'G2' }) });
    r.add({ ...fresh({ _id: 'i3', communityId: 'C2', gridId: 'G9' }) });
    const docs = spanDocs([...r.docs.values()], { month: '2026-11', from: '2026-11-01', to: '2026-11-30', whole: true });
    const street = summarize(docs, { level: 'street', id: 'S1' }, '2026-11-01', '2026-11-30');
    expect(street.totals).toMatchObject({ submitted: 3, accepted: 1 });
    expect(street.children).toEqual({ C1: expect.objectContaining({ submitted: 2 }), C2: { submitted: 1 } });
    expect(street.trend.points.find((p) => p.key === '2026-11-23')!.counts).toMatchObject({ submitted: 3 });
    const c1 = summarize(docs, { level: 'community', id: 'C1' }, '2026-11-01', '2026-11-30');
    expect(Object.keys(c1.children).sort()).toEqual(['G1', 'G2']);
    const g1 = summarize(docs, { level: 'grid', id: 'G1' }, '2026-11-01', '2026-11-30');
    expect(g1.totals).toMatchObject({ submitted: 1, accepted: 1 });
    expect(g1.children).toEqual({ pA: expect.objectContaining({ submitted: 1, accepted: 1 }) });
    expect(g1.categories).toEqual({ 公共设施: expect.objectContaining({ submitted: 1 }) });
  });
});

describe('rates: 响应率, 按期办结率 and the averages from transitions', () => {
  it('响应率: responded within the limit ÷ due; a missed limit is due and not on time; an unanswered item not yet due is not due', () => {
    const inTime = verify(fresh(), 2);
    const late = verify(step(fresh({ _id: 'i2' }), { type: 'overdue' }, 9, SYS), 10);
    const waiting = fresh({ _id: 'i3' });
    const t = totalsOf(inTime, late, waiting);
    expect(t).toMatchObject({ submitted: 3, responseDue: 2, respondedOnTime: 1, responded: 2, respondedMs: 12 * H });
    expect(rate(t, 'response')).toEqual({ num: 1, den: 2, value: 0.5 });
    expect(average(t, 'response')).toBe(6 * H);
  });

  it('按期办结率: resolved by the deadline ÷ resolved, a rectification\'s 办结 counting again; 解决率 by the final rating', () => {
    const onTime = resolve(verify(fresh(), 1), 20);
    const lateOne = resolve(verify(fresh({ _id: 'i2' }), 1), 24 * 10);
    const t = totalsOf(onTime, lateOne);
    expect(rate(t, 'onTime')).toEqual({ num: 1, den: 2, value: 0.5 });
    expect(average(t, 'resolve')).toBe((20 * H + 240 * H) / 2);
    const rectified = rateIt(resolve(rateIt(onTime, 30, 5, false), 40), 50, 5, true);
    const r = totalsOf(rectified);
    expect(r).toMatchObject({ resolved: 2, resolvedOnTime: 2, rated: 1, ratedSolved: 1, rectified: 1 });
    expect(rate(r, 'solve')).toEqual({ num: 1, den: 1, value: 1 });
  });
});

describe('预警 (warnings.ts)', () => {
  /** A month document with new items per grid and category on one day ('YYYY-MM-DD'). */
  const doc = (day: string, grids: Record<string, Record<string, number>>): CounterDoc => ({
    _id: bucketId('C1', day.slice(0, 7)), streetId: 'S1', communityId: 'C1', period: day.slice(0, 7), span: 'month',
    w: Object.fromEntries(Object.entries(grids).map(([g, cats]) => [fieldKey(g), Object.fromEntries(Object.entries(cats).map(([c, n]) => [fieldKey(c), { [day.slice(8)]: n }]))])),
  });

  it('the previous period has the same number of days, just before', () => {
    expect(previousRange({ from: '2026-11-01', to: '2026-11-10' })).toEqual({ from: '2026-10-22', to: '2026-10-31' });
    expect(previousRange({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(previousRange({ from: '2026-01-01', to: '2026-01-01' })).toEqual({ from: '2025-12-31', to: '2025-12-31' });
  });

  it('flags a category in a grid at ≥ 2× the previous count and ≥ 5 items, the largest rise first', () => {
    expect(WARNING_RULE).toEqual({ counter: 'submitted', factor: 2, minCount: 5 });
    expect(isWarning(5, 2)).toBe(true);
    expect(isWarning(5, 3)).toBe(false); // not doubled
    expect(isWarning(4, 0)).toBe(false); // too few
    expect(isWarning(5, 0)).toBe(true); // from nothing
    const cur = gridCategoryCounts([doc('2026-11-02', { G1: { 物业: 6, 'a.b': 5 }, G2: { 物业: 9 } }), doc('2026-11-03', { G1: { 物业: 2 } })]);
    const prev = gridCategoryCounts([doc('2026-11-01', { G1: { 物业: 2, 'a.b': 1 }, G2: { 物业: 5 } })]);
    expect(cur.get('G1')!.get('物业')).toBe(8);
    expect(warningsOf(cur, prev)).toEqual([
      { gridId: 'G1', category: 'a.b', count: 5, previous: 1, ratio: 5 },
      { gridId: 'G1', category: '物业', count: 8, previous: 2, ratio: 4 },
    ]);
    // only the scope's grids
    expect(gridCategoryCounts([doc('2026-11-02', { G1: { 物业: 6 }, G2: { 物业: 9 } })], WARNING_RULE, new Set(['G2'])).has('G1')).toBe(false);
  });

  it('a drill by category or department sums only that one, per child, without a trend', () => {
    const docs: CounterDoc[] = [{
      _id: bucketId('C1', '2026-11'), streetId: 'S1', communityId: 'C1', period: '2026-11', span: 'month',
      t: { submitted: 3 }, c: { 物业: { submitted: 2 }, 噪音: { submitted: 1 } }, d: { D1: { accepted: 1 } },
      g: { G1: { t: { submitted: 2 }, c: { 物业: { submitted: 2 } }, d: { D1: { accepted: 1 } } }, G2: { t: { submitted: 1 }, c: { 噪音: { submitted: 1 } } } },
    }];
    const byCat = summarize(docs, { level: 'community', id: 'C1' }, '2026-11-01', '2026-11-30', { category: '物业' });
    expect(byCat).toMatchObject({ totals: { submitted: 2 }, children: { G1: { submitted: 2 } }, categories: { 物业: { submitted: 2 } }, departments: {} });
    expect(byCat.trend.points).toEqual([]);
    const byDept = summarize(docs, { level: 'street', id: 'S1' }, '2026-11-01', '2026-11-30', { department: 'D1' });
    expect(byDept).toMatchObject({ totals: { accepted: 1 }, children: { C1: { accepted: 1 } }, categories: {}, departments: { D1: { accepted: 1 } } });
  });
});

describe('ranges that cut months (spanDocs over monthSpans)', () => {
  // Random tallies over three months in two communities; any range's figures from month documents,
  // day documents (rolled up to 2026-11-15, later ones not) and pending ones equal those of
  // documents holding only the range's tallies.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rnd() * xs.length)];
  const GEOS: Geo[] = [
    { streetId: 'S1', communityId: 'C1', gridId: 'G1' }, { streetId: 'S1', communityId: 'C1', gridId: 'G.2' }, { streetId: 'S1', communityId: 'C2', gridId: 'G9' },
  ];
  const start = new Date('2026-09-30T16:00:00Z').getTime(); // 2026-10-01 00:00 China time
  const entries = Array.from({ length: 600 }, () => {
    const n: Counts = {};
    for (let k = 0; k < 3; k++) n[pick(COUNTERS)] = 1 + Math.floor(rnd() * 3);
    const tally: Tally = { hk: pick(['pA', 'pB', 'p.C', 'dept:D1', 'dept:D$2', 'queue:C1']), cat: pick(['物业', '噪音', 'a.b', '100%']), n };
    return { geo: pick(GEOS), at: new Date(start + rnd() * 81 * 86_400_000), tally }; // to 2026-12-20
  });
  const docsOf = (keep: (day: string) => boolean): CounterDoc[] => {
    const out = new Map<string, CounterDoc>();
    for (const e of entries) {
      if (!keep(dayKey(e.at))) continue;
      for (const [id, b] of bucketsOf(e.geo, [{ at: e.at, tally: e.tally }])) addTree((out.get(id) ?? out.set(id, { _id: id, ...b.meta } as CounterDoc).get(id)!) as unknown as Tree, b.tree);
    }
    return [...out.values()];
  };
  /** Stored documents as the timer leaves them (days before `rolledBefore` rolled), the last 50 tallies still pending. */
  const stored = (rolledBefore: string): CounterDoc[] => {
    const out = new Map<string, CounterDoc>();
    const pending = new Map<string, CounterDoc>();
    entries.forEach((e, i) => {
      for (const [id, b] of bucketsOf(e.geo, [{ at: e.at, tally: e.tally }])) {
        const into = i >= entries.length - 50 ? pending : out;
        const doc = into.get(id) ?? into.set(id, { _id: id, ...b.meta, ...(into === out ? { rolled: b.meta.period < rolledBefore } : {}) } as CounterDoc).get(id)!;
        addTree(doc as unknown as Tree, b.tree);
      }
    });
    for (const d of [...out.values()]) {
      if (!d.rolled) continue;
      const m = monthBucketOf(d);
      const id = bucketId(d.communityId, m.meta.period);
      addTree((out.get(id) ?? out.set(id, { _id: id, ...m.meta } as CounterDoc).get(id)!) as unknown as Tree, m.tree);
    }
    return [...out.values(), ...pending.values()];
  };
  const all = stored('2026-11-15');
  const months = (days: CounterDoc[]) => effectiveDocs(days).filter((d) => d.span === 'month');
  const cut = (docs: CounterDoc[], from: string, to: string, today: string, clip = spanDocs) => monthSpans(from, to, today).flatMap((s) => clip(docs, s));
  const scopes = [{ level: 'street', id: 'S1' }, { level: 'community', id: 'C1' }, { level: 'community', id: 'C2' }, { level: 'grid', id: 'G.2' }] as const;
  const filters = [undefined, { category: 'a.b' }, { department: 'D$2' }];

  it.each([
    ['2026-10-01', '2026-12-20', '2026-12-20'], // whole months, the last up to today
    ['2026-10-05', '2026-10-05', '2026-12-20'], // one day
    ['2026-10-13', '2026-11-07', '2026-12-20'], // two ragged ends
    ['2026-10-31', '2026-12-02', '2026-12-20'], // ragged, whole, ragged
    ['2026-11-02', '2026-12-20', '2026-12-20'], // a ragged start, then up to today
    ['2026-10-02', '2026-12-31', '2027-01-10'], // a ragged start, whole months after
  ])('%s … %s (today %s): totals, rows, categories, departments, trend and 预警', (from, to, today) => {
    const expected = months(docsOf((d) => d >= from && d <= to));
    const got = cut(all, from, to, today);
    for (const scope of scopes) {
      for (const filter of filters) {
        if (scope.level === 'grid' && filter) continue;
        expect(summarize(got, scope, from, to, filter)).toEqual(summarize(expected, scope, from, to, filter));
      }
    }
    expect(gridCategoryCounts(got)).toEqual(gridCategoryCounts(expected));
    expect(gridCategoryCounts(cut(all, from, to, today, spanW))).toEqual(gridCategoryCounts(expected));
    expect(summarize(got, { level: 'street', id: 'S1' }, from, to).totals.submitted).toBeGreaterThan(0);
  });

  it('a whole month: its month document plus its days not rolled, each day once', () => {
    const whole = { month: '2026-11', from: '2026-11-01', to: '2026-11-30', whole: true };
    const expected = months(docsOf((d) => d.startsWith('2026-11')));
    for (const rolledBefore of ['2026-10-01', '2026-11-15', '2027-01-01']) {
      expect(spanDocs(stored(rolledBefore), whole).map((d) => d.t)).toEqual(expected.map((d) => d.t));
    }
  });
});
