// 统计 end to end: counters written in the transitions' own transactions agree with a rebuild from
// the items (scripted and randomized runs), a command applied twice counts once, the write cost of
// a command, and stats.overview's numbers and scopes.
import { beforeEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../../../src/core/labels';
import { rate } from '../../../../../src/core/stats/rates';
import type { StatsRow, StatsWarning } from '../../../../../src/core/stats/contract';
import { addTree, bucketId, bucketsOf, dayKey, effectiveDocs, monthKey, rolledLayout, type CounterDoc, type Geo, type Tree } from '../../../../../src/core/stats/buckets';
import { previousRange } from '../../../../../src/core/stats/periods';
import { summarize } from '../../../../../src/core/stats/summary';
import { gridCategoryCounts, warningsOf } from '../../../../../src/core/stats/warnings';
import { COUNTERS, type Counts, type Tally } from '../../../../../src/core/stats/tally';
import type { CommandName } from '../../../../../src/core/workflow/table';
import type { Item, TimelineEvent } from '../../../../../src/core/types';
import { countTransition, foldPending, readAllCounters, rebuildCounters, rollDays } from '../../app/counters';
import { loadCounters } from '../../app/stats';
import { sweep } from '../../app/sweep';
import { makeRepos } from '../../repo';
import type { CloudSdk } from '../../cloud';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGridLinkEmulator } from '../../../../../emulator/project';
import { cards, departments, households, IDS, orgNodes, people, users } from '../../../test/fixture';
import { OPENID, reqId, setup } from '../../../test/harness';

type T = Awaited<ReturnType<typeof setup>>;
const H = 3_600_000;

const RESIDENTS: { openid: string; card: string; household: string }[] = [
  { openid: 'o-st-r1', card: 'CARDA', household: IDS.hhServed },
  { openid: 'o-st-r2', card: 'CARDA', household: IDS.hhUnserved },
  { openid: 'o-st-r3', card: 'CARDX', household: IDS.hhOther },
  { openid: 'o-st-r4', card: 'CARDY', household: IDS.hh2 },
];

async function community(): Promise<T> {
  const t = await setup();
  await Promise.all(departments.map((d) => t.emu.db.collection('departments').add({ data: d })));
  for (const r of RESIDENTS) await t.ok(r.openid, 'household.confirm', { cardCode: r.card, householdId: r.household });
  return t;
}

const submit = async (t: T, openid: string, category = '公共设施') =>
  (await t.ok(openid, 'item.submit', { clientRequestId: reqId(), kind: 'complaint', category, description: '楼道灯坏了好几天，晚上很黑', photos: [], anonymous: false })).item.id as string;

const runSweep = (t: T, now: Date) => {
  const cloud = t.emu.cloud as unknown as CloudSdk;
  const db = cloud.database();
  return sweep({ cloud, db, repos: makeRepos(db), now });
};

const db = (t: T) => (t.emu.cloud as unknown as CloudSdk).database();

/** The stored counters agree with a rebuild from the items. */
async function expectAgreement(t: T) {
  const r = await rebuildCounters(db(t));
  expect(r.differences).toEqual([]);
  expect(r.documents).toBeGreaterThan(0);
  return r;
}

/** What readers see: the stored counter documents plus tallies not folded in yet. */
const live = async (t: T) => readAllCounters(db(t));
const monthDoc = async (t: T, communityId = IDS.community) =>
  (await live(t)).find((d) => d._id === bucketId(communityId, monthKey(new Date())))!;

describe('counters', () => {
  let t: T;
  beforeEach(async () => {
    t = await community();
  });

  it('a scripted workflow: every counter where it belongs, and the rebuild agrees', async () => {
    const [r1, r2, r3, r4] = RESIDENTS.map((r) => r.openid);
    // 1: 核单 → 办结 → 满意 (cadre A, grid 1)
    const a = await submit(t, r1);
    await t.ok(OPENID.A, 'item.verify', { id: a, version: 0, itemClass: 'simple', category: '环境卫生' });
    await t.ok(OPENID.A, 'item.resolve', { id: a, version: 1, note: '已清理', photos: [] });
    await t.ok(r1, 'item.rate', { id: a, version: 2, stars: 5, solved: true });
    // 2: 退回, appeal, reopened, accepted, resolved, unsatisfied → 整改 → resolved → satisfied
    const b = await submit(t, r1);
    await t.ok(OPENID.A, 'item.reject', { id: b, version: 0, code: 'outOfArea' });
    await t.ok(r1, 'item.appeal', { id: b, version: 1, reason: '就在本楼道，属于本辖区' });
    await t.ok(OPENID.GL, 'item.appealReview', { id: b, version: 2, uphold: false, note: '确属本网格' });
    let v = await t.ok(OPENID.A, 'item.accept', { id: b, version: 3 });
    v = await t.ok(OPENID.A, 'item.resolve', { id: b, version: v.version, note: '已修好', photos: [] });
    v = await t.ok(r1, 'item.rate', { id: b, version: v.version, stars: 2, solved: false });
    expect(v.state).toBe('rectifying');
    v = await t.ok(OPENID.A, 'item.resolve', { id: b, version: v.version, note: '重新修好', photos: [] });
    v = await t.ok(r1, 'item.rate', { id: b, version: v.version, stars: 4, solved: true });
    expect(v.state).toBe('closed');
    // 3: grid → community → street → 吹哨 two departments → 报到 → 办结, never rated (building leader's item)
    const c = await submit(t, r2);
    await t.ok(OPENID.BL, 'item.escalate', { id: c, version: 0, reason: '网格解决不了' });
    await t.ok(OPENID.admin, 'item.escalate', { id: c, version: 1, reason: '需要街道协调' });
    await t.ok(OPENID.street, 'item.whistle', { id: c, version: 2, kind: 'tough', departmentIds: ['D-CG', 'D-SJ'] });
    await t.ok(OPENID.D1, 'item.report', { id: c, version: 3 });
    await t.ok(OPENID.D2, 'item.report', { id: c, version: 4 });
    await t.ok(OPENID.D1, 'item.resolve', { id: c, version: 5, note: '联合执法完成', photos: [] });
    // 4: withdrawn in the other grid; 5: the second community, left for the timer (overdue, escalated)
    const d = await submit(t, r3, '邻里纠纷');
    await t.ok(r3, 'item.withdraw', { id: d, version: 0 });
    await submit(t, r4);
    const tally = await runSweep(t, new Date(Date.now() + 30 * 24 * H));
    expect(tally.overdue).toBe(1);
    await runSweep(t, new Date(Date.now() + 31 * 24 * H));

    await expectAgreement(t);
    const m = await monthDoc(t);
    expect(m.t).toMatchObject({
      submitted: 4, accepted: 3, responded: 4, responseDue: 4, respondedOnTime: 4, rejected: 1, appealed: 1, resolved: 4, resolvedOnTime: 4,
      rated: 2, ratedSolved: 2, ratedSatisfied: 2, closed: 2, rectified: 1, escalated: 2, whistled: 1, withdrawn: 1,
    });
    expect(rate(m.t!, 'close')).toEqual({ num: 2, den: 3, value: 2 / 3 });
    expect(rate(m.t!, 'satisfaction').value).toBe(1);
    // by scope: cadre A, the building leader, the departments, the two grids, the categories
    const g = m.g![IDS.grid];
    expect(g.p!.pA).toMatchObject({ submitted: 2, accepted: 2, resolved: 3, rated: 2, ratedSatisfied: 2, rectified: 1 });
    expect(g.p!.pBL).toMatchObject({ submitted: 1, escalated: 1 });
    expect(m.d!['D-CG']).toMatchObject({ accepted: 1, resolved: 1 });
    expect(m.d!['D-SJ']).toBeUndefined(); // the lead department holds the item
    expect(m.g![IDS.otherGrid].t).toMatchObject({ submitted: 1, withdrawn: 1 });
    expect(m.c!['环境卫生']).toMatchObject({ accepted: 1, closed: 1 });
    expect(m.c!['公共设施']).toMatchObject({ submitted: 3 }); // item 1 was submitted as 公共设施, verified as 环境卫生
    expect(m.c!['邻里纠纷']).toMatchObject({ submitted: 1, withdrawn: 1 });
    const other = (await live(t)).filter((d) => d.communityId === IDS.community2);
    const otherMonth = other.find((x) => x.span === 'month' && x.period === monthKey(new Date()))!;
    expect(otherMonth.t).toMatchObject({ submitted: 1 });
    const late = other.filter((x) => x.span === 'month').reduce((n, x) => n + (x.t?.overdue ?? 0), 0);
    expect(late).toBe(1);
    // today's day document holds what happened today
    const today = dayKey(new Date());
    const day = (await live(t)).find((d) => d._id === bucketId(IDS.community, today))!;
    expect(day.t).toMatchObject({ submitted: 4, closed: 2 });
    expect(day.g![IDS.grid].p!.pA).toMatchObject({ submitted: 2, resolved: 3 });
  });

  it('a command applied twice counts once: a retry answers success, a stale version is refused, two at once: one wins', async () => {
    const r1 = RESIDENTS[0].openid;
    const id = await submit(t, r1);
    const before = (await monthDoc(t)).t;
    await t.ok(OPENID.A, 'item.verify', { id, version: 0, itemClass: 'general', category: '公共设施' });
    const once = (await monthDoc(t)).t;
    expect(once).toMatchObject({ accepted: 1, responded: 1, submitted: before!.submitted });
    // the same call again (its answer was lost): success, nothing counted
    expect((await t.call(OPENID.A, 'item.verify', { id, version: 0, itemClass: 'general', category: '公共设施' })).ok).toBe(true);
    // a different command on the old version: CONFLICT, nothing counted
    expect(await t.call(OPENID.A, 'item.reject', { id, version: 0, code: 'duplicate' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await monthDoc(t)).t).toEqual(once);

    // two resolves of version 1 at once: one commits, the other loses the version check
    const rs = await Promise.all([1, 2].map(() => t.call(OPENID.A, 'item.resolve', { id, version: 1, note: '已处理完毕', photos: [] })));
    expect(rs.filter((r) => r.ok)).toHaveLength(rs.filter((r) => r.ok).length); // both may answer ok (the second as a retry)…
    const item = (await t.emu.db.collection('items').doc(id).get()).data;
    expect(item.version).toBe(2); // …but the item moved once
    expect((await monthDoc(t)).t).toMatchObject({ resolved: 1 });
    // and the timer run twice at once counts an overdue once
    const other = await submit(t, r1);
    const late = new Date(Date.now() + 30 * 24 * H);
    await Promise.all([runSweep(t, late), runSweep(t, late)]);
    const all = (await live(t)).filter((d) => d.communityId === IDS.community && d.span === 'month');
    expect(all.reduce((n, x) => n + (x.t?.overdue ?? 0), 0)).toBe(1);
    expect(other).toBeTruthy();
    await expectAgreement(t);
  });

  it('bursts in one community (on disk, where commits are slow): none fails, each counted once', async () => {
    // Every transition of a community writes its counter documents, so concurrent ones conflict;
    // they are re-run after a jittered pause (app/counters.ts retryOnConflict).
    const emu = await createGridLinkEmulator({ quiet: true, dataDir: mkdtempSync(path.join(tmpdir(), 'gridlink-stats-')) });
    const put = (col: string, docs: object[]) => Promise.all(docs.map((d) => emu.db.collection(col).add({ data: d })));
    await Promise.all([put('orgNodes', orgNodes), put('households', households), put('people', people), put('cards', cards), put('users', users)]);
    const N = 32;
    const as = (i: number) => `o-burst-${i}`;
    for (let i = 0; i < N; i++) await emu.call('api', { action: 'household.confirm', data: { cardCode: 'CARDA', householdId: IDS.hhServed } }, as(i));
    const call = (i: number, action: string, data: object) => emu.call('api', { action, data }, as(i)) as Promise<{ ok: boolean; code?: string; data?: any }>;
    const edb = emu.cloud.database() as unknown as ReturnType<typeof db>;
    let runs = 0;
    const runTransaction = edb.runTransaction.bind(edb);
    edb.runTransaction = ((fn, times) => runTransaction((tx) => (runs++, fn(tx)), times)) as typeof edb.runTransaction;
    const submitted = await Promise.all(Array.from({ length: N }, (_, i) => call(i, 'item.submit', { clientRequestId: reqId(), kind: 'complaint', category: '公共设施', description: '楼道灯坏了好几天，晚上很黑', photos: [], anonymous: false })));
    expect(submitted.filter((r) => !r.ok)).toEqual([]);
    // A submit re-run after a conflict writes a pending tally, so it runs at most twice.
    expect(runs).toBeLessThanOrEqual(2 * N);
    // The submits' conflicts marked the community contended (app/counters.ts), so the verifies
    // right after write pending tallies from their first run: almost none runs twice.
    runs = 0;
    const verified = await Promise.all(submitted.map((r) => emu.call('api', { action: 'item.verify', data: { id: r.data.item.id, version: 0, itemClass: 'general', category: '公共设施' } }, OPENID.A) as Promise<{ ok: boolean }>));
    edb.runTransaction = runTransaction;
    expect(verified.filter((r) => !r.ok)).toEqual([]);
    expect(runs).toBeLessThan(N + N / 4);
    const monthOf = (docs: CounterDoc[]) => docs.find((d) => d._id === bucketId(IDS.community, monthKey(new Date())))!;
    // what readers see is exact at once: counter documents plus pending tallies
    expect(monthOf(await readAllCounters(edb)).t).toMatchObject({ submitted: N, accepted: N, responded: N });
    expect((await rebuildCounters(edb)).differences).toEqual([]);
    const pending = (await edb.collection('tallies').count()).total;
    expect(pending).toBeGreaterThan(0); // the burst's re-runs wrote pending tallies instead of waiting in line
    // the item commands' re-runs too (verify: version 1), not only the submits'
    const pendingIds = ((await edb.collection('tallies').limit(100).get()).data as { _id: string }[]).map((d) => d._id);
    expect(pendingIds.filter((x) => x.endsWith(':v1')).length).toBeGreaterThan(0);
    // the timer folds them in, each once; two folds at once change nothing more
    const folds = await Promise.all([foldPending(edb), foldPending(edb)]);
    expect(folds[0].folded + folds[1].folded).toBe(pending);
    expect((await edb.collection('tallies').count()).total).toBe(0);
    const stored = (await edb.collection('counters').doc(bucketId(IDS.community, dayKey(new Date()))).get()).data as CounterDoc;
    expect(stored.t).toMatchObject({ submitted: N, accepted: N, responded: N });
    expect((await rebuildCounters(edb)).differences).toEqual([]);
    await emu.close();
  }, 60_000);

  it('write cost: the item, its notices and one counter document, today\'s (one more write on the first of a day)', async () => {
    const r1 = RESIDENTS[0].openid;
    const cost = async (f: () => Promise<unknown>) => {
      t.emu.db.resetStats();
      await f();
      const s = t.emu.db.stats();
      return { reads: s.reads, writes: s.writes, counters: s.byCollection.counters?.writes ?? 0, counterReads: s.byCollection.counters?.reads ?? 0 };
    };
    const first = await cost(() => submit(t, r1));
    expect(first.counters).toBe(2); // the day's: update finds nothing, then set
    let id = '';
    const second = await cost(async () => (id = await submit(t, r1)));
    expect(second.counters).toBe(1);
    const verify = await cost(() => t.ok(OPENID.A, 'item.verify', { id, version: 0, itemClass: 'general', category: '公共设施' }));
    const start = await cost(() => t.ok(OPENID.A, 'item.start', { id, version: 1 }));
    const resolve = await cost(() => t.ok(OPENID.A, 'item.resolve', { id, version: 2, note: '已处理完毕', photos: [] }));
    const rateCost = await cost(() => t.ok(r1, 'item.rate', { id, version: 3, stars: 5, solved: true }));
    expect(verify.counters).toBe(1);
    expect(start.counters).toBe(0); // 开始办理 counts nothing
    expect(resolve.counters).toBe(1);
    expect(rateCost.counters).toBe(1);
    for (const c of [first, second, verify, start, resolve, rateCost]) expect(c.counterReads).toBe(0);
    console.log('[stats] writes per command (total / counters):', JSON.stringify({ firstSubmit: first, submit: second, verify, start, resolve, rate: rateCost }));
  });

  it('the timer rolls finished days into their months once; tallies of a rolled day reach its month too', async () => {
    const edb = db(t);
    const col = edb.collection('counters');
    const now = new Date();
    const past = new Date(now.getTime() - 2 * 24 * H); // a finished day (rollCutoff: an hour's grace)
    const pastDay = dayKey(past);
    const dayId = bucketId(IDS.community, pastDay);
    const monthId = bucketId(IDS.community, pastDay.slice(0, 7));
    const geo = { streetId: IDS.street, communityId: IDS.community, gridId: IDS.grid };
    const tally = (n: Counts): Tally => ({ hk: 'pA', cat: '公共设施', n, at: past });
    const pend = (id: string, n: Counts) => edb.collection('tallies').doc(id).set({ data: { ...geo, entries: [{ at: past, tally: tally(n) }], createdAt: past } });
    const monthT = async () => (await readAllCounters(edb)).find((d) => d._id === monthId)!.t;
    await submit(t, RESIDENTS[0].openid); // today's day document, not rolled
    const before = (await readAllCounters(edb)).find((d) => d._id === monthId)?.t?.submitted ?? 0;
    // a pending tally of the past day: folded into a new day document, not rolled
    await pend('x:v1', { submitted: 2 });
    await foldPending(edb);
    expect((await col.doc(dayId).get()).data).toMatchObject({ span: 'day', rolled: false, t: { submitted: 2 } });
    // two roll-ups at once roll it once; today's stays
    const runs = await Promise.all([rollDays(edb, now), rollDays(edb, now)]);
    expect(runs[0].rolled + runs[1].rolled).toBe(1);
    expect((await col.doc(dayId).get()).data).toMatchObject({ rolled: true, t: { submitted: 2 } });
    expect((await col.doc(bucketId(IDS.community, dayKey(now))).get()).data).toMatchObject({ rolled: false });
    expect((await col.doc(monthId).get()).data.y[pastDay.slice(8)]).toEqual({ submitted: 2 });
    expect((await monthT())!.submitted).toBe(before + 2);
    // a pending tally of the rolled day: its day and its month
    await pend('x:v2', { resolved: 1 });
    expect((await monthT())!.resolved).toBe(1); // read while pending
    await foldPending(edb);
    expect((await col.doc(dayId).get()).data.t).toEqual({ submitted: 2, resolved: 1 });
    expect((await col.doc(monthId).get()).data.t).toMatchObject({ resolved: 1 });
    expect((await monthT())!.resolved).toBe(1);
    // a transition's tally stamped on the rolled day (a re-rating correcting it): its day and its month, in its transaction
    const item = { _id: 'i-past', ...geo } as unknown as Item;
    const event = { at: now, by: 'system', tallies: [tally({ ratedSatisfied: 1 })] } as unknown as TimelineEvent & { by: string };
    await edb.runTransaction((tx) => countTransition(tx, edb, item, { event, version: 7 }, {}));
    expect((await col.doc(dayId).get()).data.t).toMatchObject({ ratedSatisfied: 1 });
    expect((await col.doc(monthId).get()).data.t).toMatchObject({ ratedSatisfied: 1 });
    expect((await monthT())!.ratedSatisfied).toBe(1);
    // nothing left to roll
    expect((await rollDays(edb, now)).rolled).toBe(0);
  });

  it('a randomized run of workflow commands, replays and timer sweeps: live counters equal the rebuilt ones', async () => {
    let seed = 20261120;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rnd() * xs.length)];
    const staff = [OPENID.A, OPENID.B, OPENID.C, OPENID.BL, OPENID.GL, OPENID.GL2, OPENID.admin, OPENID.admin2, OPENID.street, OPENID.D1, OPENID.D2, OPENID.X];
    const items: { id: string; resident: string }[] = [];
    const ACTION: Partial<Record<CommandName, string>> = {
      verify: 'item.verify', reject: 'item.reject', transfer: 'item.transfer', sendUp: 'item.escalate', whistle: 'item.whistle', report: 'item.report',
      meet: 'item.meet', return: 'item.return', start: 'item.start', resolve: 'item.resolve', rate: 'item.rate', pause: 'item.pause',
      pauseApprove: 'item.pauseReview', pauseDeny: 'item.pauseReview', resume: 'item.resume', withdraw: 'item.withdraw', appeal: 'item.appeal',
      appealUphold: 'item.appealReview', appealReopen: 'item.appealReview',
    };
    const dataFor = async (cmd: CommandName, who: string, id: string): Promise<Record<string, unknown> | null> => {
      switch (cmd) {
        case 'verify': return { itemClass: pick(['simple', 'general', 'major']), category: pick(CATEGORIES) };
        case 'reject': return { code: pick(['duplicate', 'outOfArea', 'incomplete', 'invalid']) };
        case 'transfer': {
          const tg = await t.call(who, 'item.targets', { id });
          if (!tg.ok) return null;
          const people = tg.data.people as { id: string }[];
          const grids = tg.data.grids as { id: string }[];
          if (people.length && rnd() < 0.7) return { toPersonId: pick(people).id, reason: '由对方负责办理' };
          return grids.length ? { toGridId: pick(grids).id, reason: '属于该网格' } : null;
        }
        case 'sendUp': return { reason: '需要上级协调' };
        case 'whistle': return rnd() < 0.5 ? { kind: 'quick', departmentIds: ['D-CG'] } : { kind: 'tough', departmentIds: ['D-CG', 'D-SJ'] };
        case 'meet': return { attendees: ['城管执法中队'], plan: '联合处理' };
        case 'return': return { reason: '不属于本部门职责' };
        case 'resolve': return { note: '已处理完毕', photos: [] };
        case 'rate': return { stars: 1 + Math.floor(rnd() * 5), solved: rnd() < 0.7 };
        case 'pause': return { reason: '等待配件到货' };
        case 'pauseApprove': return { approve: true };
        case 'pauseDeny': return { approve: false, note: '请继续办理' };
        case 'appeal': return { reason: '确实属于本辖区范围' };
        case 'appealUphold': return { uphold: true, note: '维持退回' };
        case 'appealReopen': return { uphold: false, note: '重新办理' };
        default: return {};
      }
    };
    let clock = Date.now();
    let applied = 0;
    let replays = 0;
    for (let step = 0; step < 160; step++) {
      const roll = rnd();
      if (roll < 0.15 || items.length < 3) {
        const r = pick(RESIDENTS);
        items.push({ id: await submit(t, r.openid, pick(CATEGORIES)), resident: r.openid });
        continue;
      }
      if (roll < 0.22) {
        clock += pick([6, 12, 30, 80]) * H;
        await runSweep(t, new Date(clock));
        await foldPending(db(t));
        continue;
      }
      const it = pick(items);
      const options: { who: string; cmd: CommandName; version: number }[] = [];
      for (const who of [it.resident, ...staff]) {
        const v = await t.call(who, 'item.detail', { id: it.id });
        if (v.ok) for (const cmd of v.data.actions as CommandName[]) if (ACTION[cmd]) options.push({ who, cmd, version: v.data.version });
      }
      if (!options.length) continue;
      const o = pick(options);
      const data = await dataFor(o.cmd, o.who, it.id);
      if (!data) continue;
      const call = () => t.call(o.who, ACTION[o.cmd] as never, { id: it.id, version: o.version, ...data });
      const r = await call();
      if (!r.ok) continue; // e.g. a department not in scope for this item: refused, nothing written
      applied++;
      if (rnd() < 0.2) {
        // the same call again: answered as a retry (or CONFLICT), never applied twice
        const snapshot = JSON.stringify((await readAllCounters(db(t))).sort((x, y) => x._id.localeCompare(y._id)));
        const again = await call();
        expect(again.ok || again.code === 'CONFLICT').toBe(true);
        expect(JSON.stringify((await readAllCounters(db(t))).sort((x, y) => x._id.localeCompare(y._id)))).toBe(snapshot);
        replays++;
      }
    }
    expect(applied).toBeGreaterThan(40);
    expect(replays).toBeGreaterThan(3);
    const r = await expectAgreement(t);
    expect(r.items).toBe(items.length);
    // and a rebuild from nothing restores them
    await t.emu.db.collection('counters').where({ span: t.emu.db.command.exists(true) }).remove();
    expect((await rebuildCounters(db(t), { write: true })).differences.length).toBeGreaterThan(0);
    await expectAgreement(t);
  });
});

describe('stats.overview', () => {
  let t: T;
  beforeEach(async () => {
    t = await community();
    const [r1, , r3, r4] = RESIDENTS.map((r) => r.openid);
    const a = await submit(t, r1);
    await t.ok(OPENID.A, 'item.verify', { id: a, version: 0, itemClass: 'simple', category: '环境卫生' });
    await t.ok(OPENID.A, 'item.resolve', { id: a, version: 1, note: '已清理', photos: [] });
    await t.ok(r1, 'item.rate', { id: a, version: 2, stars: 5, solved: true });
    await submit(t, r3);
    await submit(t, r4);
  });

  it('a community admin sees the community by grid, its categories and trend; then drills into a grid by person', async () => {
    const s = await t.ok(OPENID.admin, 'stats.overview', {});
    expect(s.scope).toEqual({ id: IDS.community, name: '测试社区', level: 'community' });
    expect(s.period.kind).toBe('month');
    expect(s.totals).toMatchObject({ submitted: 2, accepted: 1, closed: 1, rated: 1 });
    expect(s.children.level).toBe('grid');
    expect(s.children.rows.map((r: { id: string; counts: { submitted?: number } }) => [r.id, r.counts.submitted ?? 0])).toEqual([[IDS.grid, 1], [IDS.otherGrid, 1]]);
    expect(s.categories.map((c: { name: string }) => c.name)).toEqual(['公共设施', '环境卫生']);
    expect(s.trend.by).toBe('day');
    expect(s.trend.points.find((p: { key: string }) => p.key === dayKey(new Date())).counts).toMatchObject({ submitted: 2 });
    expect(s.documents).toBe(1);

    const g = await t.ok(OPENID.admin, 'stats.overview', { nodeId: IDS.grid, period: { kind: 'year' } });
    expect(g.trail.map((n: { id: string }) => n.id)).toEqual([IDS.community, IDS.grid]);
    expect(g.children.level).toBe('person');
    const rows = Object.fromEntries(g.children.rows.map((r: { name: string; counts: object }) => [r.name, r.counts]));
    expect(rows['张三']).toMatchObject({ submitted: 1, accepted: 1, closed: 1 });
    expect(rows['李四']).toEqual({}); // a cadre of the grid with nothing counted still has a row
  });

  it('reads counter documents only, never items: a few reads, whatever the number of items', async () => {
    const reads = async (who: string, data: object) => {
      t.emu.db.resetStats();
      await t.ok(who, 'stats.overview', data);
      const s = t.emu.db.stats();
      return { reads: s.reads, items: s.byCollection.items?.reads ?? 0, writes: s.writes };
    };
    const community = await reads(OPENID.admin, { period: { kind: 'year' } });
    const street = await reads(OPENID.street, { period: { kind: 'year' } });
    const grid = await reads(OPENID.admin, { nodeId: IDS.grid });
    for (const r of [community, street, grid]) expect(r).toMatchObject({ items: 0, writes: 0 });
    // user, node, counters, children (+ department names when departments held items)
    expect(community.reads).toBeLessThanOrEqual(5);
    expect(street.reads).toBeLessThanOrEqual(5);
    // + the breadcrumb's nodes and the grid's people
    expect(grid.reads).toBeLessThanOrEqual(7);
    console.log('[stats] stats.overview reads:', JSON.stringify({ community, street, grid }));
  });

  it('scopes: the street sees its communities; a grid leader only their grid; others are refused', async () => {
    const st = await t.ok(OPENID.street, 'stats.overview', { period: { kind: 'quarter' } });
    expect(st.scope.level).toBe('street');
    expect(st.totals.submitted).toBe(3);
    expect(Object.fromEntries(st.children.rows.map((r: { id: string; counts: { submitted?: number } }) => [r.id, r.counts.submitted]))).toEqual({ [IDS.community]: 2, [IDS.community2]: 1 });

    const gl = await t.ok(OPENID.GL, 'stats.overview', {});
    expect(gl.scope.id).toBe(IDS.grid);
    expect(gl.totals.submitted).toBe(1);
    const refuse = async (who: string, data: object, code: string) => expect(await t.call(who, 'stats.overview', data)).toMatchObject({ ok: false, code });
    await refuse(OPENID.GL, { nodeId: IDS.otherGrid }, 'FORBIDDEN');
    await refuse(OPENID.GL, { nodeId: IDS.community }, 'FORBIDDEN');
    await refuse(OPENID.admin, { nodeId: IDS.community2 }, 'FORBIDDEN');
    await refuse(OPENID.admin, { nodeId: IDS.street }, 'FORBIDDEN');
    await refuse(OPENID.admin2, { nodeId: IDS.grid }, 'FORBIDDEN');
    await refuse(OPENID.A, {}, 'FORBIDDEN');
    await refuse(OPENID.D1, {}, 'FORBIDDEN');
    await refuse(RESIDENTS[0].openid, {}, 'FORBIDDEN');
    await refuse(OPENID.admin, { nodeId: IDS.building }, 'INVALID_INPUT');
    await refuse(OPENID.admin, { nodeId: 'NOPE-1' }, 'NOT_FOUND');
  });

  it('periods: custom ranges by day, and Chinese messages for bad ones', async () => {
    const today = dayKey(new Date());
    const s = await t.ok(OPENID.admin, 'stats.overview', { period: { kind: 'custom', from: today, to: today } });
    expect(s.totals.submitted).toBe(2);
    expect(s.documents).toBe(1); // this month's document
    const last = await t.ok(OPENID.admin, 'stats.overview', { period: { kind: 'lastMonth' } });
    expect(last.totals).toEqual({});
    const bad = async (period: object, message: RegExp) => {
      const r = await t.call(OPENID.admin, 'stats.overview', { period });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(r.message).toMatch(message);
    };
    await bad({ kind: 'custom', from: today, to: '2000-01-01' }, /不能早于开始日期/);
    await bad({ kind: 'custom', from: '2000-01-01', to: today }, /最长一年/);
    await bad({ kind: 'custom', from: '2999-01-01', to: '2999-01-02' }, /不能晚于今天/);
    await bad({ kind: 'custom', from: '2026/01/01', to: today }, /年-月-日/);
    await bad({ kind: 'week' }, /统计期无效/);
  });
});

describe('stats.drill, 预警 and the 统计分析报告', () => {
  let t: T;
  beforeEach(async () => {
    t = await community();
  });

  it('drills a community by category into its grids, and by department; the same sums as the overview', async () => {
    const [r1, r2, r3] = RESIDENTS.map((r) => r.openid);
    const a = await submit(t, r1, '环境卫生');
    await t.ok(OPENID.A, 'item.verify', { id: a, version: 0, itemClass: 'simple', category: '环境卫生' });
    await submit(t, r1, '公共设施');
    await submit(t, r3, '环境卫生');
    const c = await submit(t, r2, '公共设施');
    await t.ok(OPENID.BL, 'item.escalate', { id: c, version: 0, reason: '网格解决不了' });
    await t.ok(OPENID.admin, 'item.escalate', { id: c, version: 1, reason: '需要街道协调' });
    await t.ok(OPENID.street, 'item.whistle', { id: c, version: 2, kind: 'quick', departmentIds: ['D-CG'] });
    await t.ok(OPENID.D1, 'item.report', { id: c, version: 3 });

    const o = await t.ok(OPENID.admin, 'stats.overview', {});
    const byCat = await t.ok(OPENID.admin, 'stats.drill', { dimension: 'children', category: '环境卫生' });
    expect(byCat).toMatchObject({ dimension: 'children', level: 'grid', filter: { category: '环境卫生' } });
    expect(byCat.totals).toEqual(o.categories.find((r: StatsRow) => r.name === '环境卫生')!.counts);
    expect(Object.fromEntries(byCat.rows.map((r: StatsRow) => [r.id, r.counts.submitted ?? 0]))).toEqual({ [IDS.grid]: 1, [IDS.otherGrid]: 1 });
    const cats = await t.ok(OPENID.admin, 'stats.drill', { dimension: 'categories' });
    expect(cats.rows).toEqual(o.categories);
    const depts = await t.ok(OPENID.admin, 'stats.drill', { dimension: 'departments' });
    expect(depts.rows).toEqual(o.departments);
    expect(depts.rows[0]).toMatchObject({ id: 'D-CG', name: '城管执法中队', counts: { accepted: 1 } });
    const byDept = await t.ok(OPENID.street, 'stats.drill', { dimension: 'children', departmentId: 'D-CG' });
    expect(byDept.filter).toEqual({ departmentId: 'D-CG', departmentName: '城管执法中队' });
    expect(byDept.rows.find((r: StatsRow) => r.id === IDS.community)!.counts).toMatchObject({ accepted: 1 });
    const grid = await t.ok(OPENID.GL, 'stats.drill', { dimension: 'categories' });
    expect(grid.scope.id).toBe(IDS.grid);
    expect(grid.rows.map((r: StatsRow) => r.name).sort()).toEqual(['公共设施', '环境卫生']);

    const refuse = async (who: string, data: Record<string, unknown>, code: string, message?: RegExp) => {
      const r = await t.call(who, 'stats.drill', data);
      expect(r).toMatchObject({ ok: false, code });
      if (message) expect(r.message).toMatch(message);
    };
    await refuse(OPENID.GL, { dimension: 'children', category: '环境卫生' }, 'INVALID_INPUT', /网格内的人员不按分类/);
    await refuse(OPENID.admin, { dimension: 'children', category: '环境卫生', departmentId: 'D-CG' }, 'INVALID_INPUT', /一次只能/);
    await refuse(OPENID.admin, { dimension: 'rooms' }, 'INVALID_INPUT', /下钻维度无效/);
    await refuse(OPENID.admin, { nodeId: IDS.community2, dimension: 'categories' }, 'FORBIDDEN');
    await refuse(OPENID.GL, { nodeId: IDS.otherGrid, dimension: 'categories' }, 'FORBIDDEN');
    await refuse(OPENID.admin, { dimension: 'categories', period: { kind: 'custom', from: '2999-01-01', to: '2999-01-02' } }, 'INVALID_INPUT', /不能晚于今天/);
  });

  it('预警: a category that at least doubled in a grid against the previous period, with at least 5 items', async () => {
    const today = dayKey(new Date());
    const yesterday = dayKey(new Date(Date.now() - 86_400_000));
    // yesterday: one 公共设施 and four 环境卫生 items in grid 1 (as the counters hold them)
    const geo = { streetId: IDS.street, communityId: IDS.community, gridId: IDS.grid };
    const at = new Date(Date.now() - 86_400_000);
    const tally = (cat: string): { at: Date; tally: Tally } => ({ at, tally: { hk: 'pA', cat, n: { submitted: 1 } } });
    const [[id, b]] = [...bucketsOf(geo, [tally('公共设施'), ...Array.from({ length: 4 }, () => tally('环境卫生'))])];
    await t.emu.db.collection('counters').add({ data: { _id: id, ...b.meta, rolled: false, ...b.tree } });
    for (let i = 0; i < 5; i++) await submit(t, RESIDENTS[0].openid, '公共设施');
    for (let i = 0; i < 5; i++) await submit(t, RESIDENTS[0].openid, '环境卫生');
    for (let i = 0; i < 4; i++) await submit(t, RESIDENTS[2].openid, '邻里纠纷');
    const o = await t.ok(OPENID.admin, 'stats.overview', { period: { kind: 'custom', from: today, to: today } });
    expect(o.warnings.previous).toEqual({ from: yesterday, to: yesterday });
    // 公共设施 1 → 5: flagged; 环境卫生 4 → 5: not doubled; 邻里纠纷 0 → 4: fewer than 5
    expect(o.warnings.items).toEqual([{ gridId: IDS.grid, gridName: '第一网格', category: '公共设施', count: 5, previous: 1, ratio: 5 }]);
    const st = await t.ok(OPENID.street, 'stats.overview', { period: { kind: 'custom', from: today, to: today } });
    expect(st.warnings.items.map((w: StatsWarning) => w.gridName)).toEqual(['第一网格']);
    const gl2 = await t.ok(OPENID.GL2, 'stats.overview', { period: { kind: 'custom', from: today, to: today } });
    expect(gl2.warnings.items).toEqual([]);
  });

  it('exports the 统计分析报告 as xlsx: rates by node, by category, overdue and unsatisfied items; the page\'s numbers', async () => {
    const [r1, r2, r3] = RESIDENTS.map((r) => r.openid);
    const a = await submit(t, r1);
    await t.ok(OPENID.A, 'item.verify', { id: a, version: 0, itemClass: 'simple', category: '环境卫生' });
    await t.ok(OPENID.A, 'item.resolve', { id: a, version: 1, note: '已清理', photos: [] });
    await t.ok(r1, 'item.rate', { id: a, version: 2, stars: 1, solved: false }); // unsatisfied → 整改
    await submit(t, r2);
    await submit(t, r3, '邻里纠纷');
    await runSweep(t, new Date(Date.now() + 10 * 24 * H)); // the others go overdue

    const page = await t.ok(OPENID.admin, 'stats.overview', {});
    const file = await t.ok(OPENID.admin, 'stats.export', {});
    expect('queued' in file).toBe(false);
    const f = file as { fileID: string; name: string; url: string };
    expect(f.name).toMatch(/^统计分析报告-测试社区-.*\.xlsx$/);
    const stored = await t.emu.storage.get(t.emu.storage.fileIdToPath(f.fileID)!);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored!.content as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按组织', '按分类', '超期与不满意事项', '口径与预警']);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const [head, ...byNode] = rows('按组织');
    const col = (label: string) => head.indexOf(label);
    expect(byNode[0].slice(0, 2)).toEqual(['社区', '测试社区']);
    expect(byNode[0][col('提交')]).toBe(page.totals.submitted);
    expect(byNode[0][col('不满意')]).toBe(1);
    expect(byNode[0][col('满意率')]).toBe(rate(page.totals, 'satisfaction').value);
    expect(byNode[0][col('办结率')]).toBe(rate(page.totals, 'close').value);
    expect(byNode.slice(1).map((r) => [r[1], r[col('提交')]])).toEqual(page.children.rows.map((r: StatsRow) => [r.name, r.counts.submitted ?? 0]));
    const [, ...byCat] = rows('按分类');
    expect(byCat.map((r) => [r[0], r[col('提交') - 1]])).toEqual(page.categories.map((r: StatsRow) => [r.name, r.counts.submitted ?? 0]));
    const [itemHead, ...items] = rows('超期与不满意事项');
    expect(itemHead[0]).toBe('编号');
    expect(items).toHaveLength(3); // one unsatisfied, two overdue
    expect(items.filter((r) => r[8] === '不满意')).toHaveLength(1);
    expect(items.filter((r) => r[6]).length).toBeGreaterThanOrEqual(2); // the two left alone went overdue

    // a grid leader exports their grid; another grid is refused
    expect(await t.ok(OPENID.GL, 'stats.export', { nodeId: IDS.grid })).toMatchObject({ name: expect.stringMatching(/第一网格/) });
    expect(await t.call(OPENID.GL, 'stats.export', { nodeId: IDS.otherGrid })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // every export is in the audit log, the refused one is not
    const logged = (await t.emu.db.collection('audit').where({ action: 'report.export' }).get()).data as { actorOpenid: string; target: string }[];
    expect(logged.map((a) => [a.actorOpenid, a.target])).toEqual(expect.arrayContaining([[OPENID.admin, expect.any(String)], [OPENID.GL, IDS.grid]]));
    expect(logged.some((a) => a.target === IDS.otherGrid)).toBe(false);
    expect(await t.call(OPENID.admin, 'stats.export', { period: { kind: 'custom', from: '2026-05-01', to: '2026-04-01' } })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    // its job is the owner's: stats.job shows it to them only
    const job = (await t.emu.db.collection('jobs').where({ kind: 'stats.report', ownerOpenid: OPENID.admin }).get()).data[0];
    expect(await t.ok(OPENID.admin, 'stats.job', { id: job._id })).toMatchObject({ status: 'done', result: { name: f.name } });
    expect(await t.call(OPENID.street, 'stats.job', { id: job._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('custom ranges that cut months, from the stored month and day documents', () => {
  it('any range: the figures of only its days (month documents, days rolled or not); one read of counters', async () => {
    const t = await community();
    // Tallies over the three months before this one, in both communities, stored as the counters hold them.
    let seed = 99;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rnd() * xs.length)];
    const [y, m] = dayKey(new Date()).split('-').map(Number);
    const start = Date.UTC(y, m - 4, 1) - 8 * H; // the 1st, three months ago, 00:00 China time
    const day = (n: number) => dayKey(new Date(start + n * 24 * H + H));
    const geos: Geo[] = [
      { streetId: IDS.street, communityId: IDS.community, gridId: IDS.grid }, { streetId: IDS.street, communityId: IDS.community, gridId: IDS.otherGrid },
      { streetId: IDS.street, communityId: IDS.community2, gridId: IDS.grid2 },
    ];
    const entries = Array.from({ length: 500 }, (_, i) => {
      const n: Counts = i % 3 ? { [pick(COUNTERS)]: 1 + Math.floor(rnd() * 3) } : { submitted: 1 };
      const tally: Tally = { hk: pick(['pA', 'pC', 'pX', 'dept:D-CG', 'dept:D-SJ', `queue:${IDS.community}`]), cat: pick(['公共设施', '环境卫生', '邻里纠纷']), n };
      // a burst of new 公共设施 items in grid 1 on days 40–44, for 预警
      if (i < 40) return { geo: geos[0], at: new Date(start + (40 + (i % 5)) * 24 * H + 3 * H), tally: { ...tally, cat: '公共设施', n: { submitted: 1 } } };
      return { geo: pick(geos), at: new Date(start + rnd() * 88 * 24 * H), tally };
    });
    const docsOf = (keep: (d: string) => boolean): CounterDoc[] => {
      const out = new Map<string, CounterDoc>();
      for (const e of entries) {
        if (!keep(dayKey(e.at))) continue;
        for (const [id, b] of bucketsOf(e.geo, [{ at: e.at, tally: e.tally }])) addTree((out.get(id) ?? out.set(id, { _id: id, ...b.meta } as CounterDoc).get(id)!) as unknown as Tree, b.tree);
      }
      return [...out.values()];
    };
    // days before day 60 rolled into their months, later ones not (as if the timer had stopped)
    await t.emu.db.collection('counters').add({ data: rolledLayout(docsOf(() => true), day(60)) });
    const months = (days: CounterDoc[]) => effectiveDocs(days).filter((d) => d.span === 'month');

    const rowsOf = (rows: StatsRow[]) => Object.fromEntries(rows.filter((r) => Object.keys(r.counts).length).map((r) => [r.id, r.counts]));
    const ranges: [number, number, number][] = [[4, 4, 1], [12, 40, 1], [35, 50, 1], [20, 75, 1], [1, 87, 1], [55, 70, 1]]; // [from, to, counter reads]
    for (const [a, b, reads] of ranges) {
      const from = day(a);
      const to = day(b);
      const period = { kind: 'custom', from, to };
      const expected = months(docsOf((d) => d >= from && d <= to));
      const prev = previousRange({ from, to });
      const previous = months(docsOf((d) => d >= prev.from && d <= prev.to));
      for (const [who, scope, nodeId] of [
        [OPENID.admin, { level: 'community', id: IDS.community }, undefined], [OPENID.street, { level: 'street', id: IDS.street }, undefined],
        [OPENID.admin, { level: 'grid', id: IDS.grid }, IDS.grid],
      ] as const) {
        t.emu.db.resetStats();
        const o = await t.ok(who, 'stats.overview', { period, ...(nodeId ? { nodeId } : {}) });
        const counterReads = t.emu.db.stats().byCollection.counters?.reads ?? 0;
        const x = summarize(expected, scope, from, to);
        const label = `${scope.level} ${from}…${to}`;
        expect(o.totals, label).toEqual(x.totals);
        expect(rowsOf(o.children.rows), label).toEqual(x.children);
        expect(rowsOf(o.categories), label).toEqual(x.categories);
        expect(rowsOf(o.departments), label).toEqual(x.departments);
        expect(o.trend, label).toEqual(x.trend);
        const grids = new Set(scope.level === 'grid' ? [IDS.grid] : scope.level === 'community' ? [IDS.grid, IDS.otherGrid] : [IDS.grid, IDS.otherGrid, IDS.grid2]);
        const warned = warningsOf(gridCategoryCounts(expected, undefined, grids), gridCategoryCounts(previous, undefined, grids));
        expect(o.warnings.items.map((w: StatsWarning) => [w.gridId, w.category, w.count, w.previous]), label).toEqual(warned.map((w) => [w.gridId, w.category, w.count, w.previous]));
        expect(counterReads, label).toBe(reads);
      }
      const drill = await t.ok(OPENID.admin, 'stats.drill', { period, dimension: 'children', category: '公共设施' });
      const xd = summarize(expected, { level: 'community', id: IDS.community }, from, to, { category: '公共设施' });
      expect(drill.totals).toEqual(xd.totals);
      expect(rowsOf(drill.rows)).toEqual(xd.children);
      // the report's rows per grid under a street (every grid part, days included)
      const repos = makeRepos(db(t));
      const { node, nodes } = await repos.nodes.withStatsTree(IDS.street);
      const loaded = await loadCounters(repos, { node: node!, level: 'street', below: nodes, period: { kind: 'custom', from, to, label: '' } }, new Date(), { grids: 'all' });
      const grids = summarize(loaded.current, { level: 'community', id: IDS.community }, from, to).children;
      expect(grids).toEqual(summarize(expected, { level: 'community', id: IDS.community }, from, to).children);
    }
    // a burst was flagged somewhere, so the comparison of 预警 meant something
    const burst = await t.ok(OPENID.admin, 'stats.overview', { period: { kind: 'custom', from: day(40), to: day(44) } });
    expect(burst.warnings.items).toContainEqual(expect.objectContaining({ gridId: IDS.grid, category: '公共设施' }));
  });
});
