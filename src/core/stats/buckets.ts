// Where tallies are counted, China time. Each transition adds its tallies to ONE small document,
// its community's DAY document (`c:<communityId>:2026-11-29`; a second only for a tally stamped on
// another day: a re-rating corrects the day of the first rating). The timer rolls each finished day
// into its community's MONTH document (`c:<communityId>:2026-11`) once, and marks the day `rolled`
// (app/counters.ts rollDays). Both hold the same tree (a day's has only its own day):
//
//   t                      community totals            c.<category>, d.<department>
//   g.<gridId>.t           grid totals                 g.<gridId>.p.<personId>  (holder = person)
//                                                      g.<gridId>.c.<category>, g.<gridId>.d.<department>
//   y.<DD>, g.<gridId>.y.<DD>     daily totals (the trend)
//   w.<gridId>.<category>.<DD>    new items a day (预警 over any range)
//
// So a month document is the sum of its rolled days, and exact figures are: a whole month = its
// month document + its day documents not yet rolled; part of a month = the day documents of its
// days (they persist as the per-day record). Readers ask for both in one query (repo/counters.ts).
// Size: a day document is a few KB (one day of one community); a month document of a busy
// community (10 grids, 40 people, 15 categories, 6 departments) ~150 KB at 60 new items a day.
//
// A street is the sum of its communities' documents. Items count where they belong (their
// household's grid), whoever holds them; holders are credited in p (people) and d (departments).
import { COUNTERS, itemTallies, type Counter, type Counts, type Tally } from './tally';
import type { Item } from '../types';

export const COUNTERS_COLLECTION = 'counters';

/** A counter tree: numbers at the leaves. */
export interface Tree {
  [k: string]: number | Tree;
}

export interface GridPart {
  t?: Counts;
  p?: Record<string, Counts>;
  c?: Record<string, Counts>;
  d?: Record<string, Counts>;
  y?: Record<string, Counts>;
}

export interface CounterDoc {
  _id: string;
  streetId: string;
  communityId: string;
  /** 'YYYY-MM' (a month document) or 'YYYY-MM-DD' (a day document), China time. */
  period: string;
  span: 'month' | 'day';
  /** A day document: false until the timer adds it to its month document (then true). */
  rolled?: boolean;
  t?: Counts;
  c?: Record<string, Counts>;
  d?: Record<string, Counts>;
  g?: Record<string, GridPart>;
  y?: Record<string, Counts>;
  /** grid → category → DD → count of W_COUNTER (预警). */
  w?: Record<string, Record<string, Record<string, number>>>;
}

/** The counter kept per grid, category and day in `w`: what 预警 compares (warnings.ts). */
export const W_COUNTER = 'submitted' satisfies Counter;

export interface Geo {
  streetId: string;
  communityId: string;
  gridId: string;
}

const CHINA_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD' of a moment, China time (UTC+8, no daylight saving). */
export const dayKey = (d: Date | string): string => new Date(new Date(d).getTime() + CHINA_MS).toISOString().slice(0, 10);
export const monthKey = (d: Date | string): string => dayKey(d).slice(0, 7);

/** A counter document's id: `period` is a month ('YYYY-MM') or a day ('YYYY-MM-DD'). */
export const bucketId = (communityId: string, period: string): string => `c:${communityId}:${period}`;

/**
 * Days before this one (China date of `now` minus an hour) are finished: the timer rolls them into
 * their months. The hour's grace covers a transition stamped just before midnight that commits
 * just after it (and clocks that differ a little); app/counters.ts reads any earlier day it writes.
 */
export const ROLL_GRACE_MS = 3_600_000;
export const rollCutoff = (now: Date): string => dayKey(new Date(now.getTime() - ROLL_GRACE_MS));

/** Field names may not contain '.' or start with '$': category names and ids are escaped. */
export const fieldKey = (s: string): string => (s === '' ? '%' : s.replace(/[%.$]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
export const fromFieldKey = (k: string): string => (k === '%' ? '' : k.replace(/%([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))));

/** The scope a holder key credits: a person, a department, or nobody (a queue counts in its node). */
export function holderScope(hk: string): { person?: string; department?: string } {
  if (hk.startsWith('dept:')) return { department: hk.slice(5) };
  if (hk.startsWith('queue:')) return {};
  return { person: hk };
}

/** Add `v` at a path of a tree. */
export function addAt(tree: Tree, path: string[], v: number): void {
  let node = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i]];
    if (typeof next !== 'object') node[path[i]] = {};
    node = node[path[i]] as Tree;
  }
  const k = path[path.length - 1];
  node[k] = ((node[k] as number | undefined) ?? 0) + v;
}

/**
 * The leaves one tally adds to its day document (and, rolled, its month's): the tree, the trend and
 * 预警's counts. `dd`: its day of the month ('01'…'31').
 */
export function leavesOf(geo: Geo, tally: Tally, dd: string): [string[], number][] {
  const out: [string[], number][] = [];
  const { person, department } = holderScope(tally.hk);
  const g = fieldKey(geo.gridId);
  const cat = fieldKey(tally.cat);
  const paths: string[][] = [['t'], ['c', cat], ['g', g, 't'], ['g', g, 'c', cat], ['y', dd], ['g', g, 'y', dd]];
  if (department) paths.push(['d', fieldKey(department)], ['g', g, 'd', fieldKey(department)]);
  if (person) paths.push(['g', g, 'p', fieldKey(person)]);
  for (const [c, v] of Object.entries(tally.n)) {
    if (!v) continue;
    for (const s of paths) out.push([[...s, c], v]);
    if (c === W_COUNTER) out.push([['w', g, cat, dd], v]);
  }
  return out;
}

export type Bucket = { meta: Omit<CounterDoc, '_id'>; tree: Tree };

/** Increments per day document for tallies of one item: document id → its meta and tree of increments. */
export function bucketsOf(geo: Geo, entries: { at: Date; tally: Tally }[]): Map<string, Bucket> {
  const out = new Map<string, Bucket>();
  for (const { at, tally } of entries) {
    const period = dayKey(at);
    const id = bucketId(geo.communityId, period);
    let b = out.get(id);
    if (!b) out.set(id, (b = { meta: { streetId: geo.streetId, communityId: geo.communityId, period, span: 'day' }, tree: {} }));
    for (const [path, v] of leavesOf(geo, tally, period.slice(8, 10))) addAt(b.tree, path, v);
  }
  for (const [id, b] of out) {
    prune(b.tree);
    if (!Object.keys(b.tree).length) out.delete(id);
  }
  return out;
}

/** Drops zero leaves and empty branches (a +1 and a −1 in one transition cancel). */
export function prune(tree: Tree): Tree {
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'number') {
      if (v === 0) delete tree[k];
    } else if (!Object.keys(prune(v)).length) delete tree[k];
  }
  return tree;
}

/** Sums tree `src` into `dst`. */
export function addTree(dst: Tree, src: Tree): Tree {
  for (const [k, v] of Object.entries(src)) {
    if (typeof v === 'number') dst[k] = ((dst[k] as number | undefined) ?? 0) + v;
    else {
      if (typeof dst[k] !== 'object') dst[k] = {};
      addTree(dst[k] as Tree, v);
    }
  }
  return dst;
}

export const PENDING_COLLECTION = 'tallies';

/**
 * A transition's tallies not yet added to the counter documents: written in the transition's
 * transaction when adding them there directly met a conflict (a burst in one community), and
 * folded in by the timer. Readers add them to what the counter documents say.
 */
export interface PendingTally extends Geo {
  /** `<itemId>:v<version>`: one per committed transition. */
  _id: string;
  entries: { at: Date; tally: Tally }[];
  createdAt: Date;
}

/** The month document a day document rolls into: its meta, and the day's tree. */
export function monthBucketOf(day: CounterDoc): Bucket {
  return { meta: { streetId: day.streetId, communityId: day.communityId, period: day.period.slice(0, 7), span: 'month' }, tree: treeOf(day) };
}

/** Pending tallies as (unrolled) day documents, summed per id, optionally only of some months. */
export function pendingDocs(pending: PendingTally[], months?: ReadonlySet<string>): CounterDoc[] {
  const out = new Map<string, CounterDoc>();
  for (const p of pending) {
    for (const [id, b] of bucketsOf(p, p.entries.map((e) => ({ at: new Date(e.at), tally: e.tally })))) {
      if (months && !months.has(b.meta.period.slice(0, 7))) continue;
      const doc = out.get(id) ?? ({ _id: id, ...b.meta } as CounterDoc);
      addTree(doc as unknown as Tree, b.tree);
      out.set(id, doc);
    }
  }
  return [...out.values()];
}

/**
 * The days of one month a range covers ('YYYY-MM-DD' from and to, inside `month`): `whole` when the
 * month's own figures are the range's (it covers the month, or all of it up to today).
 */
export interface MonthSpan {
  month: string;
  from: string;
  to: string;
  whole: boolean;
}

const inSpan = (span: MonthSpan) => {
  const a = span.from.slice(8, 10);
  const b = span.to.slice(8, 10);
  return (dd: string) => dd >= a && dd <= b;
};

function daysIn<V>(m: Record<string, V> | undefined, keep: (dd: string) => boolean): Record<string, V> | undefined {
  if (!m) return undefined;
  const out: Record<string, V> = {};
  for (const [dd, v] of Object.entries(m)) if (keep(dd)) out[dd] = v;
  return out;
}

/** 预警's counts of a month-shaped document for the span's days only (`w`). */
export function clipW(doc: CounterDoc, span: MonthSpan): CounterDoc {
  const keep = inSpan(span);
  const w: NonNullable<CounterDoc['w']> = {};
  for (const [g, cats] of Object.entries(doc.w ?? {})) {
    for (const [c, days] of Object.entries(cats)) {
      const kept = daysIn(days, keep)!;
      if (Object.keys(kept).length) (w[g] ??= {})[c] = kept;
    }
  }
  return { _id: doc._id, streetId: doc.streetId, communityId: doc.communityId, period: doc.period, span: 'month', w };
}

/** A month-shaped document of the span's figures (spanDocs), its trend and `w` kept to the span's days. */
export function clipDoc(doc: CounterDoc, span: MonthSpan): CounterDoc {
  const keep = inSpan(span);
  const out = clipW(doc, span);
  for (const k of ['t', 'c', 'd'] as const) if (doc[k]) (out as unknown as Tree)[k] = doc[k] as Tree;
  if (doc.y) out.y = daysIn(doc.y, keep);
  for (const [g, part] of Object.entries(doc.g ?? {})) (out.g ??= {})[g] = part.y ? { ...part, y: daysIn(part.y, keep) } : part;
  return out;
}

/**
 * What counts toward one month of a range, of the documents read (stored ones listed once, plus
 * pending day documents): a whole month takes its month document and its day documents not yet
 * rolled (pending ones never are); part of a month takes the day documents of its days. Summed
 * into one month-shaped document per community (`w` only for 预警's previous period).
 */
function spanParts(docs: CounterDoc[], span: MonthSpan, wOnly: boolean): CounterDoc[] {
  const keep = inSpan(span);
  const out = new Map<string, CounterDoc>();
  for (const d of docs) {
    if (d.period.slice(0, 7) !== span.month) continue;
    const isMonth = d.span === 'month';
    const counts = span.whole || wOnly ? isMonth || !d.rolled : !isMonth && keep(d.period.slice(8, 10));
    if (!counts) continue;
    const id = bucketId(d.communityId, span.month);
    const cur = out.get(id) ?? out.set(id, { _id: id, streetId: d.streetId, communityId: d.communityId, period: span.month, span: 'month' }).get(id)!;
    // addTree copies what it adds, so the stored document's own objects are read, not cloned first.
    addTree(cur as unknown as Tree, wOnly ? { w: (d.w ?? {}) as Tree } : partsOf(d));
  }
  return [...out.values()].map((d) => {
    prune(partsOf(d));
    return wOnly ? clipW(d, span) : clipDoc(d, span);
  });
}

/** The span's figures per community, cut to its days (summary.summarize sums them). */
export const spanDocs = (docs: CounterDoc[], span: MonthSpan): CounterDoc[] => spanParts(docs, span, false);
/** 预警's counts (`w`) of the span per community (the month's `w` is kept per day: no day documents needed beyond unrolled ones). */
export const spanW = (docs: CounterDoc[], span: MonthSpan): CounterDoc[] => spanParts(docs, span, true);

/**
 * The fields a read of counter documents asks for (month and day documents alike). `grid`: only
 * that grid's part; `grids: false`: no grid parts (a street's overview; 预警 reads `w`).
 */
export function counterFields(opts: { grid?: string; grids?: boolean }): Record<string, boolean> {
  const f: Record<string, boolean> = { streetId: true, communityId: true, period: true, span: true, rolled: true };
  const g = opts.grid === undefined ? undefined : fieldKey(opts.grid);
  f[g === undefined ? 'w' : `w.${g}`] = true;
  for (const p of g !== undefined ? [`g.${g}`] : ['t', 'c', 'd', 'y', ...(opts.grids === false ? [] : ['g'])]) f[p] = true;
  return f;
}

/**
 * Every counter document, recomputed from stored items (the rebuild): the day documents, those of
 * finished days (rollCutoff of `now`) marked rolled and summed into their month documents, as the
 * timer leaves them.
 */
export class Rebuild {
  private readonly days = new Map<string, CounterDoc>();
  private built?: Map<string, CounterDoc>;

  constructor(private readonly now: Date = new Date()) {}

  add(item: Item): void {
    this.built = undefined;
    for (const [id, b] of bucketsOf(item, itemTallies(item))) {
      const doc = this.days.get(id) ?? ({ _id: id, ...b.meta, rolled: false } as CounterDoc);
      addTree(doc as unknown as Tree, b.tree);
      this.days.set(id, doc);
    }
  }

  get docs(): Map<string, CounterDoc> {
    return (this.built ??= new Map(rolledLayout(this.days.values(), rollCutoff(this.now)).map((d) => [d._id, d])));
  }
}

/** Day documents as the timer leaves them: those before `cutoff` ('YYYY-MM-DD') rolled and summed into their month documents. */
export function rolledLayout(days: Iterable<CounterDoc>, cutoff: string): CounterDoc[] {
  const out = new Map<string, CounterDoc>();
  for (const day of days) {
    const rolled = day.period < cutoff;
    out.set(day._id, { ...day, rolled });
    if (!rolled) continue;
    const m = monthBucketOf(day);
    const mid = bucketId(day.communityId, m.meta.period);
    const doc = out.get(mid) ?? out.set(mid, { _id: mid, ...m.meta } as CounterDoc).get(mid)!;
    addTree(doc as unknown as Tree, m.tree);
  }
  return [...out.values()];
}

/**
 * What readers make of a set of counter documents (stored ones, plus pending day documents): each
 * day's figures (its day documents summed) and each month's (its month document plus its day
 * documents not rolled), without `rolled`. Two sets agree when these do, whenever the timer ran.
 */
export function effectiveDocs(docs: Iterable<CounterDoc>): CounterDoc[] {
  const out = new Map<string, CounterDoc>();
  const add = (id: string, meta: Omit<CounterDoc, '_id'>, d: CounterDoc) => {
    const cur = out.get(id) ?? out.set(id, { _id: id, ...meta }).get(id)!;
    addTree(cur as unknown as Tree, treeOf(d));
  };
  for (const d of docs) {
    const meta = { streetId: d.streetId, communityId: d.communityId };
    const month = d.period.slice(0, 7);
    if (d.span === 'day') add(d._id, { ...meta, period: d.period, span: 'day' }, d);
    if (d.span === 'month' || !d.rolled) add(bucketId(d.communityId, month), { ...meta, period: month, span: 'month' }, d);
  }
  return [...out.values()];
}

const META = new Set(['_id', 'streetId', 'communityId', 'period', 'span', 'rolled']);

/** A document's counter parts (its meta fields left out), sharing its objects: to read from, not to keep. */
function partsOf(doc: object): Tree {
  const out: Tree = {};
  for (const [k, v] of Object.entries(doc)) if (!META.has(k) && v && typeof v === 'object') out[k] = v as Tree;
  return out;
}

/** The counter tree of a document (its meta fields left out), zeros pruned. */
export function treeOf(doc: object): Tree {
  const out: Tree = {};
  for (const [k, v] of Object.entries(doc)) if (!META.has(k) && v && typeof v === 'object') out[k] = JSON.parse(JSON.stringify(v)) as Tree;
  return prune(out);
}

/** The leaves of a tree as "path → number". */
export function flatten(tree: Tree, prefix = '', out = new Map<string, number>()): Map<string, number> {
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number') out.set(path, v);
    else flatten(v, path, out);
  }
  return out;
}

/** Differences between two sets of counter documents, as "id path: a ≠ b" lines (empty: they agree). */
export function diffDocs(a: Iterable<CounterDoc>, b: Iterable<CounterDoc>, limit = 50): string[] {
  const flat = (docs: Iterable<CounterDoc>) => {
    const m = new Map<string, number>();
    for (const d of docs) for (const [p, v] of flatten(treeOf(d))) m.set(`${d._id} ${p}`, v);
    return m;
  };
  const x = flat(a);
  const y = flat(b);
  const out: string[] = [];
  for (const k of [...new Set([...x.keys(), ...y.keys()])].sort()) {
    if ((x.get(k) ?? 0) !== (y.get(k) ?? 0)) out.push(`${k}: ${x.get(k) ?? 0} ≠ ${y.get(k) ?? 0}`);
    if (out.length >= limit) break;
  }
  return out;
}

export { COUNTERS };
