// Several months of finished items for the 统计 page (issue 9): submitted, verified, resolved, rated
// (some unsatisfied and rectified), some late, some withdrawn or rejected, across every grid and
// category, with a rise of one category in one grid this month (预警). Playing hundreds of items
// through the api would make `npm start`'s first run slow, so this is the fast path: each item is
// driven by the workflow's own pure decide() (the same transitions, timeline events and tallies
// the api writes), the items are inserted in bulk, and the counter documents are the rebuild's
// projection of them (core/stats/buckets Rebuild), so counters and a rebuild agree by construction.
// Every item is finished before the seed's clock: no holder's inbox changes, the timer has nothing
// to do. The demo personas' cadres and households are left out.
import { createHash } from 'node:crypto';
import { closingPatch } from '../../cloudfunctions/api/src/app/retention';
import { CATEGORIES } from '../../src/core/labels';
import { clocksFor } from '../../src/core/deadlines';
import { routeHousehold } from '../../src/core/routing';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { Rebuild, type CounterDoc } from '../../src/core/stats/buckets';
import type { Household, Item, Person } from '../../src/core/types';
import { decide, holderKey, levelOf, type Actor, type Command } from '../../src/core/workflow/decide';
import type { DemoData } from './demoCommunity';
import { Rng } from './random';

const H = 3_600_000;
const D = 24 * H;

export interface HistoryOptions {
  now: Date;
  /** Days of history before `now`. */
  days?: number;
  /** Items per day on average. */
  perDay?: number;
  seed?: number;
}

export interface History {
  items: Item[];
  counters: CounterDoc[];
  /** The grid and category that rose this month (预警). */
  spike: { gridId: string; category: string; count: number };
}

const DESCRIPTIONS: Record<string, string[]> = {
  公共设施: ['楼道声控灯不亮了', '单元门禁坏了关不上', '小区路灯晚上不亮', '健身器材松动有危险'],
  环境卫生: ['垃圾桶满了没人清运', '楼道里堆满杂物', '绿化带里有建筑垃圾', '下水道反味'],
  邻里纠纷: ['楼上装修噪音太大', '邻居占用公共走廊', '楼上漏水到我家'],
  物业服务: ['电梯经常停运', '物业不及时维修水管', '小区停车乱收费'],
  安全隐患: ['电动车在楼道充电', '消防通道被车堵住', '井盖松动'],
};
const peopleMaps = new WeakMap<DemoData, Map<string, Person>>();
const nodeMaps = new WeakMap<DemoData, Map<string, DemoData['orgNodes'][number]>>();
const peopleOf = (d: DemoData) => peopleMaps.get(d) ?? (peopleMaps.set(d, new Map(d.people.map((p) => [p._id, p]))), peopleMaps.get(d)!);
const nodesOf = (d: DemoData) => nodeMaps.get(d) ?? (nodeMaps.set(d, new Map(d.orgNodes.map((x) => [x._id, x]))), nodeMaps.get(d)!);
const describe = (rng: Rng, category: string) => `${rng.pick(DESCRIPTIONS[category] ?? [`${category}方面的问题需要处理`])}（历史事项）`;

/** The default street's clocks per category (the working-day calendar is costly to build). */
const clockCache = new Map<string, ReturnType<typeof clocksFor>>();
const clocksOf = (streetId: string, category: string) => {
  const k = `${streetId}\n${category}`;
  if (!clockCache.has(k)) clockCache.set(k, clocksFor({ ...DEFAULT_SETTINGS, streetId }, category));
  return clockCache.get(k)!;
};

/** An item the way createItem builds it, routed by the real routing rules. */
async function newItem(d: DemoData, h: Household, category: string, at: Date, n: number, description: string): Promise<Item> {
  const people = peopleOf(d);
  const nodes = nodesOf(d);
  const route = await routeHousehold(h, { person: async (id) => people.get(id) ?? null, node: async (id) => nodes.get(id) ?? null }, at);
  const clocks = clocksOf(h.streetId, category);
  const clientRequestId = `history-${String(n).padStart(5, '0')}`;
  const submitterOpenid = `demo-history-${h._id}`;
  return {
    _id: createHash('sha256').update(`${submitterOpenid}\n${clientRequestId}`).digest('hex').slice(0, 32),
    kind: 'complaint', category, itemClass: 'general', description, photos: [], anonymous: false, submitterOpenid, clientRequestId,
    householdId: h._id, householdLabel: h.label, streetId: h.streetId, communityId: h.communityId, gridId: h.gridId, buildingId: h.buildingId,
    holder: route.holder, holderKey: holderKey(route.holder), level: levelOf(route.holder),
    handlerIds: route.holder.kind === 'person' ? [route.holder.personId] : [],
    state: 'submitted', version: 0, rectifyCount: 0, ratings: [],
    timeline: [{ at, actor: '居民', actorRole: 'resident', by: 'submitter', action: 'submit', from: null, to: 'submitted', holder: route.holder.name, note: `已分派给${route.holder.name}` }],
    createdAt: at, updatedAt: at, responseDueAt: clocks.responseDue('general', at),
  } as unknown as Item;
}

/**
 * Applies a command at `at` as the api would (item.fields, timeline event with its tallies, rating,
 * and the photo-retention stamp `photosClosedAt` when it closes an item with photos: closingPatch).
 */
function apply(item: Item, cmd: Command, actor: Actor, at: Date): Item {
  const clocks = clocksOf(item.streetId, item.category);
  const d = decide(item, cmd, actor, { now: at, clocks });
  const next: Record<string, unknown> = { ...item };
  for (const [k, v] of Object.entries(d.set)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  const out: Item = {
    ...(next as unknown as Item),
    state: d.state, version: d.version, updatedAt: at,
    timeline: [...item.timeline, { ...d.event, cmd: createHash('sha256').update(JSON.stringify(cmd)).digest('hex').slice(0, 16) }],
    ratings: d.rating ? [...item.ratings, d.rating] : item.ratings,
  };
  return { ...out, ...closingPatch(item, out, at) };
}

const SYSTEM: Actor = { name: '系统', role: 'system', by: 'system' };
const RESIDENT: Actor = { name: '居民', role: 'resident', by: 'submitter' };

/** Plays one item's life from `at`; answers null when it would not be finished by `end`. */
function live(rng: Rng, start: Item, holder: Person, at: number, end: number): Item | null {
  const cadre: Actor = { name: holder.name, role: 'cadre', by: holder._id };
  let item = start;
  let t = at;
  const step = (cmd: Command, actor: Actor, hours: number) => {
    t += hours * H;
    item = apply(item, cmd, actor, new Date(t));
  };
  if (rng.chance(0.05)) {
    step({ type: 'withdraw' }, RESIDENT, rng.int(1, 6));
    return t < end ? item : null;
  }
  // 核单: mostly within the 8 working hours; some late (the sweep marked them overdue first).
  const late = rng.chance(0.1);
  if (late) {
    const due = new Date(item.responseDueAt!).getTime();
    t = Math.max(t, due);
    item = apply(item, { type: 'overdue' }, SYSTEM, new Date(t));
  }
  if (rng.chance(0.05)) {
    step({ type: 'reject', code: rng.pick(['duplicate', 'invalid', 'outOfArea'] as const) }, cadre, rng.int(1, 4));
    return t + 8 * D < end ? item : null; // the appeal window has passed
  }
  step({ type: 'verify', itemClass: rng.weighted([['simple', 2], ['general', 5], ['major', 1]] as const), category: item.category }, cadre, late ? rng.int(1, 20) : rng.int(1, 6));
  step({ type: 'start' }, cadre, rng.int(1, 12));
  const resolveLate = rng.chance(0.1);
  const due = new Date(item.dueAt!).getTime();
  if (resolveLate) {
    t = Math.max(t, due);
    item = apply(item, { type: 'overdue' }, SYSTEM, new Date(t));
    step({ type: 'resolve', note: '已处理完毕', photos: [] }, cadre, rng.int(4, 60));
  } else {
    t = t + Math.max(1, Math.min(due - t - H, rng.int(2, 60) * H));
    item = apply(item, { type: 'resolve', note: '已处理完毕', photos: [] }, cadre, new Date(t));
  }
  // Every history item is rated in the end: one left 待评价 would sit on a holder's list.
  const unhappy = rng.chance(resolveLate ? 0.35 : 0.1);
  const rating = (bad: boolean): Command => (bad ? { type: 'rate', stars: rng.int(1, 2), solved: rng.chance(0.4) } : { type: 'rate', stars: rng.weighted([[5, 6], [4, 3], [3, 1]] as const), solved: true });
  step(rating(unhappy), RESIDENT, rng.int(2, 48));
  if (item.state === 'rectifying') {
    step({ type: 'resolve', note: '已整改', photos: [] }, cadre, rng.int(4, 48));
    step(rating(false), RESIDENT, rng.int(2, 48)); // a second unsatisfied rating would escalate: kept out of the history
  }
  return t < end && item.state === 'closed' ? item : null;
}

/** Months of finished items ending an hour before `now`, and their counter documents. */
export async function generateHistory(d: DemoData, opts: HistoryOptions): Promise<History> {
  const rng = new Rng(opts.seed ?? 20261101);
  const now = opts.now.getTime();
  const end = now - H;
  const days = opts.days ?? 150;
  const perDay = opts.perDay ?? 7;
  const personaOpenids = new Set(d.personas.map((p) => p.openid));
  const avoidPeople = new Set(d.people.filter((p) => p.openid && personaOpenids.has(p.openid)).map((p) => p._id));
  const avoidHouseholds = new Set(d.users.filter((u) => personaOpenids.has(u._id) && u.householdId).map((u) => u.householdId!));
  const people = new Map(d.people.map((p) => [p._id, p]));
  const households = d.households.filter((h) => h.cadreId && !avoidPeople.has(h.cadreId) && !avoidHouseholds.has(h._id) && !people.get(h.cadreId)?.away);
  const grids = [...new Set(households.map((h) => h.gridId))].sort();
  // Busier grids, commoner categories.
  const gridWeight = grids.map((g, i) => [g, 1 + ((i * 7) % 5)] as const);
  const categories = CATEGORIES.filter((c) => c !== '其他');
  const catWeight = categories.map((c, i) => [c, i < 3 ? 5 - i : 1] as const);
  const byGrid = new Map(grids.map((g) => [g, households.filter((h) => h.gridId === g)]));

  // 预警: this month, one grid's 环境卫生 rises (kept out of that grid's background since 60 days).
  const spikeGrid = grids[1] ?? grids[0];
  const spikeCategory = categories.includes('环境卫生' as never) ? '环境卫生' : categories[0];
  const monthStart = new Date(new Date(now + 8 * H).toISOString().slice(0, 8) + '01T00:00:00+08:00').getTime();

  const items: Item[] = [];
  let n = 0;
  const add = async (h: Household, category: string, at: number) => {
    const first = await newItem(d, h, category, new Date(at), ++n, describe(rng, category));
    const holder = first.holder.kind === 'person' ? people.get(first.holder.personId) : undefined;
    if (!holder) return;
    const done = live(rng, first, holder, at, end);
    if (done) items.push(done);
  };
  for (let day = days; day >= 1; day--) {
    const count = Math.max(0, Math.round(perDay * (0.6 + rng.next() * 0.8)));
    for (let i = 0; i < count; i++) {
      const at = now - day * D + rng.int(8, 19) * H + rng.int(0, 59) * 60_000;
      if (at >= end) continue;
      const gridId = rng.weighted(gridWeight);
      const category = rng.weighted(catWeight);
      if (gridId === spikeGrid && category === spikeCategory && at > now - 60 * D) continue;
      await add(rng.pick(byGrid.get(gridId)!), category, at);
    }
  }
  const spikeFrom = Math.max(monthStart, now - 10 * D);
  const before = items.length;
  for (let i = 0; i < 8; i++) {
    const at = spikeFrom + Math.floor(((end - 30 * H - spikeFrom) * i) / 8);
    if (at > spikeFrom - 1) await add(rng.pick(byGrid.get(spikeGrid)!), spikeCategory, Math.max(spikeFrom, at));
  }
  const rebuild = new Rebuild(opts.now);
  for (const it of items) rebuild.add(it);
  return { items, counters: [...rebuild.docs.values()], spike: { gridId: spikeGrid, category: spikeCategory, count: items.length - before } };
}
