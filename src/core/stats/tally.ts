// What one transition adds to the statistics. decide() stamps these tallies on the timeline event it
// makes, so an item's timeline is the log the counters are a projection of: the application layer
// adds them to the counters in the transition's own transaction (app/counters.ts), and the rebuild
// (scripts/rebuild-counters.ts) sums the same tallies from the stored items. Pure: no clock, no db.
import type { Item, Rating } from '../types';
import type { Decision } from '../workflow/decide';

/** Every counter, kept per scope and period (see buckets.ts); rates.ts says what each rate divides. */
export const COUNTERS = [
  'submitted', // 点单: new items
  'responseDue', // items whose response came due: answered (in time or late) or whose limit passed unanswered; once per item
  'responded', // first 核单 (受理 or 退回) or the whistled departments' 报到
  'respondedOnTime', // … of those, within the limit and never missed before
  'respondedMs', // sum of response times (ms): submission (or a reopened appeal) → first response
  'accepted', // 受理 (核单 or 报到), once per item
  'rejected', // 退回 at 核单
  'resolved', // 办结 (every one, a rectification's too)
  'resolvedOnTime', // … of those, by the handling deadline
  'resolvedMs', // sum of submission → 办结 (ms)
  'closed', // 已完结 by a satisfied rating; counted where the item was accepted (month, holder)
  'rated', // items rated (once per item, in the month of its first rating)
  'ratedSolved', // … whose final rating says solved
  'ratedSatisfied', // … whose final rating is satisfied (not ≤2 stars, and solved)
  'ratedUnsatisfied', // … whose final rating is unsatisfied (rated − ratedSatisfied, kept explicitly)
  'rectified', // 整改: reopened after a first unsatisfied rating
  'escalated', // 上报 / 超期上报 / repeated unsatisfied
  'transferred', // 转办
  'whistled', // 吹哨
  'returned', // department returned the item
  'withdrawn', // 撤回 by the resident
  'appealed', // 申诉
  'overdue', // a deadline passed (marked by the timer)
  'whistleLate', // a whistled department did not report in time
] as const;

export type Counter = (typeof COUNTERS)[number];
export type Counts = Partial<Record<Counter, number>>;

export interface Tally {
  /** Increments (a later rating that changes an item's outcome moves the earlier one: ±1). */
  n: Counts;
  /** Who is credited: the holder's key before the transition (person id, `queue:<node>`, `dept:<id>`). */
  hk: string;
  /** The item's category credited (after a 核单 that sets it). */
  cat: string;
  /** Counted in the period of this time instead of the event's (a re-rating corrects the first rating's month). */
  at?: Date;
  /** A 核单 that changed the category: the category before (the rebuild needs the one at submission). */
  cat0?: string;
}

const ms = (d: Date | string) => new Date(d).getTime();

/** The tallies of an item's first timeline event (点单), stored implicitly: the rebuild derives it. */
export const creationTally = (item: Pick<Item, 'holderKey' | 'category'>): Tally => ({ hk: item.holderKey, cat: item.category, n: { submitted: 1 } });

/** Timeline events since the item last entered a response cycle (creation or an appeal that reopened it). */
function currentCycle(item: Item): Item['timeline'] {
  let start = 0;
  item.timeline.forEach((e, i) => {
    if (e.action === 'appealReopen') start = i + 1;
  });
  return item.timeline.slice(start);
}

const counted = (events: Item['timeline'], c: Counter) => events.some((e) => e.tallies?.some((t) => (t.n[c] ?? 0) > 0));

/** Where a counter was first counted for this item: its holder, category and time. */
function firstCounted(item: Item, c: Counter): { hk: string; cat: string; at: Date } | null {
  for (const e of item.timeline) {
    const t = e.tallies?.find((x) => (x.n[c] ?? 0) > 0);
    if (t) return { hk: t.hk, cat: t.cat, at: new Date(t.at ?? e.at) };
  }
  return null;
}

const b = (x: boolean) => (x ? 1 : 0);

/** The tallies of a decided transition (`item` is the item before it). */
export function talliesOf(item: Item, d: Pick<Decision, 'effects' | 'set' | 'rating' | 'state' | 'event'>, now: Date): Tally[] {
  const counters = d.effects.flatMap((e) => (e.kind === 'count' ? [e.counter] : []));
  const cat = typeof d.set.category === 'string' ? d.set.category : item.category;
  const n: Counts = {};
  const add = (c: Counter, v = 1) => {
    if (v) n[c] = (n[c] ?? 0) + v;
  };
  const out: Tally[] = [];
  const cycle = currentCycle(item);
  const act = d.event.action;

  // 受理: 核单 (verify / accept), or the last whistled department's 报到. Once per item.
  const accepts = act === 'verify' || act === 'accept' || (act === 'report' && d.state === 'accepted');
  if (accepts && !counted(item.timeline, 'accepted')) add('accepted');

  // The response: the first 受理 or 退回 of the cycle, timed from submission (or the reopened appeal).
  if ((accepts || act === 'reject') && !counted(cycle, 'responded')) {
    const since = item.appeal?.outcome === 'reopened' && item.appeal.decidedAt ? item.appeal.decidedAt : item.createdAt;
    add('responded');
    add('respondedMs', Math.max(0, now.getTime() - ms(since)));
    if (!counted(cycle, 'responseDue')) {
      add('responseDue');
      const limit = act === 'report' ? item.whistle?.reportDueAt : item.responseDueAt;
      if (!limit || now.getTime() <= ms(limit)) add('respondedOnTime');
    }
  }

  for (const c of counters) {
    switch (c) {
      case 'resolvedOnTime':
      case 'resolvedLate':
        add('resolved');
        if (c === 'resolvedOnTime') add('resolvedOnTime');
        add('resolvedMs', Math.max(0, now.getTime() - ms(item.createdAt)));
        break;
      case 'overdue':
        add('overdue');
        // The response limit passed unanswered: due, and missed.
        if (item.state === 'submitted' && !counted(cycle, 'responded') && !counted(cycle, 'responseDue')) add('responseDue');
        break;
      case 'closed': {
        // Counted where the item was accepted (its month and holder), so 办结率 compares like with like.
        const first = firstCounted(item, 'accepted');
        if (first) out.push({ hk: first.hk, cat: first.cat, at: first.at, n: { closed: 1 } });
        else add('closed');
        break;
      }
      case 'responded': // from the action, above
      case 'rated': // from the rating, below
      case 'ratedSolved':
      case 'ratedUnsolved':
        break;
      default:
        if ((COUNTERS as readonly string[]).includes(c)) add(c as Counter);
    }
  }

  if (d.rating) rated(item, d.rating, add, out);

  const tally: Tally = { hk: item.holderKey, cat, n };
  if (cat !== item.category) tally.cat0 = item.category;
  if (Object.keys(n).length || tally.cat0) out.unshift(tally);
  return out;
}

/**
 * A rating: the item's first counts it as rated, with its outcome; a later one (after 整改) only
 * moves the outcome, where and when the first was counted, so each item is rated once and its
 * final rating decides whether it counts as solved and satisfied.
 */
function rated(item: Item, r: Rating, add: (c: Counter, v?: number) => void, out: Tally[]) {
  const prev = item.ratings[item.ratings.length - 1];
  if (!prev) {
    add('rated');
    add('ratedSolved', b(r.solved));
    add('ratedSatisfied', b(r.satisfied));
    add('ratedUnsatisfied', b(!r.satisfied));
    return;
  }
  const n: Counts = {};
  const solved = b(r.solved) - b(prev.solved);
  const satisfied = b(r.satisfied) - b(prev.satisfied);
  if (solved) n.ratedSolved = solved;
  if (satisfied) {
    n.ratedSatisfied = satisfied;
    n.ratedUnsatisfied = -satisfied;
  }
  if (!Object.keys(n).length) return;
  const first = firstCounted(item, 'rated') ?? { hk: item.holderKey, cat: item.category, at: new Date(item.ratings[0].at) };
  out.push({ hk: first.hk, cat: first.cat, at: first.at, n });
}

/** The holder's key at the item's creation: hand-offs append the previous holder to previousHolders. */
function firstHolderKey(item: Item): string {
  const h = item.previousHolders?.[0];
  if (!h) return item.holderKey;
  return h.kind === 'person' ? h.personId : h.kind === 'queue' ? `queue:${h.nodeId}` : `dept:${h.departmentId}`;
}

/** The category at submission: the first 核单 that changed it says what it was. */
function firstCategory(item: Item): string {
  for (const e of item.timeline) {
    const t = e.tallies?.find((x) => x.cat0 !== undefined);
    if (t) return t.cat0!;
  }
  return item.category;
}

/** Every tally an item's timeline holds, with the time it counts at, creation first. */
export function itemTallies(item: Item): { at: Date; tally: Tally }[] {
  const out = [{ at: new Date(item.createdAt), tally: { hk: firstHolderKey(item), cat: firstCategory(item), n: { submitted: 1 } } as Tally }];
  for (const e of item.timeline) for (const t of e.tallies ?? []) out.push({ at: new Date(t.at ?? e.at), tally: t });
  return out;
}
