// Where tallies are counted. One counter document per community and month, China time
// (`c:<communityId>:2026-11`): it holds the month's figures and each day's, so a transition writes
// one document however many scopes it touches (a second only for a tally dated in another month: a
// re-rating corrects the month of the first rating):
//
//   t                      community totals            c.<category>, d.<department>
//   g.<gridId>.t           grid totals                 g.<gridId>.p.<personId>  (holder = person)
//                                                      g.<gridId>.c.<category>, g.<gridId>.d.<department>
//   y.<DD>, g.<gridId>.y.<DD>     daily totals (the trend)
//   w.<gridId>.<category>.<DD>    new items a day (预警 over any range, without reading `days`)
//   days.<DD>.g.<gridId>.{c,d,p}.<key>.<letter>   each day's grid parts, counters by DAY_CODE
//
// A day keeps only its grids' categories, departments and people: its totals, categories and
// departments, and each grid's totals, are their sums (every tally has one grid and one category).
// Readers take whole months without `days`, and only a range's ragged ends read days (clipDoc).
// Size, a busy community (10 grids, 40 people, 15 categories, 6 departments, 24-character ids,
// 31 days; int32 counts): ~450 KB at 60 new items a day (month figures ~150 KB, days ~300 KB),
// ~650 KB at 150 a day; with every counter of every scope on every day at most ~1.7 MB (the
// document limit is 16 MB). A whole-month read fetches the month figures only.
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

/** One day's figures: its grids' categories, departments and people, counters named by DAY_CODE. */
export interface DayPart {
  g?: Record<string, Partial<Record<'c' | 'd' | 'p', Record<string, Record<string, number>>>>>;
}

export interface CounterDoc {
  _id: string;
  streetId: string;
  communityId: string;
  /** 'YYYY-MM' (China time). */
  period: string;
  /** Always 'month' (each day's figures are under `days`). */
  span: 'month';
  t?: Counts;
  c?: Record<string, Counts>;
  d?: Record<string, Counts>;
  g?: Record<string, GridPart>;
  y?: Record<string, Counts>;
  /** grid → category → DD → count of W_COUNTER (预警). */
  w?: Record<string, Record<string, Record<string, number>>>;
  /** DD → that day's figures. */
  days?: Record<string, DayPart>;
}

/** The counter kept per grid, category and day in `w`: what 预警 compares (warnings.ts). */
export const W_COUNTER: Counter = 'submitted';

export interface Geo {
  streetId: string;
  communityId: string;
  gridId: string;
}

const CHINA_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD' of a moment, China time (UTC+8, no daylight saving). */
export const dayKey = (d: Date | string): string => new Date(new Date(d).getTime() + CHINA_MS).toISOString().slice(0, 10);
export const monthKey = (d: Date | string): string => dayKey(d).slice(0, 7);

export const bucketId = (communityId: string, period: string): string => `c:${communityId}:${period}`;

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
 * Counters' names in `days` (a day's tree is most of a month document): one letter each, fixed
 * here once (a new counter needs a new letter; a letter is never reused).
 */
export const DAY_CODE: Record<Counter, string> = {
  submitted: 'a', responseDue: 'b', responded: 'c', respondedOnTime: 'd', respondedMs: 'e', accepted: 'f', rejected: 'g',
  resolved: 'h', resolvedOnTime: 'i', resolvedMs: 'j', closed: 'k', rated: 'l', ratedSolved: 'm', ratedSatisfied: 'n',
  ratedUnsatisfied: 'o', rectified: 'p', escalated: 'q', transferred: 'r', whistled: 's', returned: 't', withdrawn: 'u',
  appealed: 'v', overdue: 'w', whistleLate: 'x',
};
const FROM_DAY_CODE = new Map(Object.entries(DAY_CODE).map(([c, k]) => [k, c]));

/** The leaves one tally adds to its month document: the month's tree, the trend, 预警's counts and the day's grid parts. */
export function leavesOf(geo: Geo, tally: Tally, at: Date): [string[], number][] {
  const out: [string[], number][] = [];
  const { person, department } = holderScope(tally.hk);
  const g = fieldKey(geo.gridId);
  const cat = fieldKey(tally.cat);
  const dd = dayKey(at).slice(8, 10);
  const month: string[][] = [['t'], ['c', cat], ['g', g, 't'], ['y', dd], ['g', g, 'y', dd]];
  const day: string[][] = [['c', cat]];
  if (department) month.push(['d', fieldKey(department)]), day.push(['d', fieldKey(department)]);
  if (person) day.push(['p', fieldKey(person)]);
  for (const s of day) month.push(['g', g, ...s]);
  for (const [c, v] of Object.entries(tally.n)) {
    if (!v) continue;
    for (const s of month) out.push([[...s, c], v]);
    for (const s of day) out.push([['days', dd, 'g', g, ...s, DAY_CODE[c as Counter]], v]);
    if (c === W_COUNTER) out.push([['w', g, cat, dd], v]);
  }
  return out;
}

export type Bucket = { meta: Omit<CounterDoc, '_id'>; tree: Tree };

/** Increments per month document for tallies of one item: document id → its meta and tree of increments. */
export function bucketsOf(geo: Geo, entries: { at: Date; tally: Tally }[]): Map<string, Bucket> {
  const out = new Map<string, Bucket>();
  for (const { at, tally } of entries) {
    const period = monthKey(at);
    const id = bucketId(geo.communityId, period);
    let b = out.get(id);
    if (!b) out.set(id, (b = { meta: { streetId: geo.streetId, communityId: geo.communityId, period, span: 'month' }, tree: {} }));
    for (const [path, v] of leavesOf(geo, tally, at)) addAt(b.tree, path, v);
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

/** Pending tallies as counter documents (summed per document id), optionally only of some months. */
export function pendingDocs(pending: PendingTally[], periods?: ReadonlySet<string>): CounterDoc[] {
  const out = new Map<string, CounterDoc>();
  for (const p of pending) {
    for (const [id, b] of bucketsOf(p, p.entries.map((e) => ({ at: new Date(e.at), tally: e.tally })))) {
      if (periods && !periods.has(b.meta.period)) continue;
      const doc = out.get(id) ?? ({ _id: id, ...b.meta } as CounterDoc);
      addTree(doc as unknown as Tree, b.tree);
      out.set(id, doc);
    }
  }
  return [...out.values()];
}

/** Sums documents with the same id (stored counters plus pending tallies). */
export function sumDocs(...lists: CounterDoc[][]): CounterDoc[] {
  const out = new Map<string, CounterDoc>();
  for (const list of lists) {
    for (const d of list) {
      const cur = out.get(d._id);
      if (!cur) out.set(d._id, JSON.parse(JSON.stringify(d)) as CounterDoc);
      else addTree(cur as unknown as Tree, treeOf(d));
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

/** 预警's counts of a month document for the span's days only (`w`). */
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

/**
 * A month document's figures for the span: its month tree when the span is whole, else the sum of
 * the span's days (which must have been read: counterFields with `days`); the trend and `w` kept to
 * the span's days. Without `days`.
 */
export function clipDoc(doc: CounterDoc, span: MonthSpan): CounterDoc {
  const keep = inSpan(span);
  const out = clipW(doc, span);
  if (span.whole) {
    for (const k of ['t', 'c', 'd'] as const) if (doc[k]) (out as unknown as Tree)[k] = doc[k] as Tree;
    if (doc.y) out.y = daysIn(doc.y, keep);
    for (const [g, part] of Object.entries(doc.g ?? {})) (out.g ??= {})[g] = part.y ? { ...part, y: daysIn(part.y, keep) } : part;
    return out;
  }
  // A day keeps its grids' parts only: every tally has one grid and one category, so the grid's and
  // the community's totals, categories and departments are their sums.
  const add = (dst: Record<string, Counts>, k: string, c: Counts) => addTree(((dst[k] ??= {}) as Tree), c as Tree);
  for (const [dd, day] of Object.entries(doc.days ?? {})) {
    if (!keep(dd)) continue;
    for (const [g, part] of Object.entries(day.g ?? {})) {
      const gp = ((out.g ??= {})[g] ??= {});
      for (const k of ['c', 'd', 'p'] as const) {
        for (const [key, coded] of Object.entries(part[k] ?? {})) {
          const c = decode(coded);
          add((gp[k] ??= {}), key, c);
          if (k === 'p') continue;
          add((out[k] ??= {}), key, c);
          if (k !== 'c') continue;
          add(out as unknown as Record<string, Counts>, 't', c);
          add(gp as Record<string, Counts>, 't', c);
          add((out.y ??= {}), dd, c);
          add((gp.y ??= {}), dd, c);
        }
      }
    }
  }
  return out;
}

/** A day's counts with the counters' names (DAY_CODE). */
function decode(coded: Record<string, number>): Counts {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(coded)) out[FROM_DAY_CODE.get(k) ?? k] = v;
  return out as Counts;
}

/**
 * The fields a read of month documents asks for: whole months (no `days`), or the given days of
 * ragged ones. `grid`: only that grid's part; `grids: false`: no grid parts (a street's overview;
 * 预警 reads `w`).
 */
export function counterFields(opts: { grid?: string; grids?: boolean; days?: string[] }): Record<string, boolean> {
  const f: Record<string, boolean> = { streetId: true, communityId: true, period: true, span: true };
  const g = opts.grid === undefined ? undefined : fieldKey(opts.grid);
  f[g === undefined ? 'w' : `w.${g}`] = true;
  if (opts.days) for (const dd of opts.days) f[g === undefined ? `days.${dd}` : `days.${dd}.g.${g}`] = true;
  else for (const p of g !== undefined ? [`g.${g}`] : ['t', 'c', 'd', 'y', ...(opts.grids === false ? [] : ['g'])]) f[p] = true;
  return f;
}

/** Every counter document, recomputed from stored items (the rebuild). */
export class Rebuild {
  readonly docs = new Map<string, CounterDoc>();

  add(item: Item): void {
    for (const [id, b] of bucketsOf(item, itemTallies(item))) {
      const doc = this.docs.get(id) ?? ({ _id: id, ...b.meta } as CounterDoc);
      addTree(doc as unknown as Tree, b.tree);
      this.docs.set(id, doc);
    }
  }
}

const META = new Set(['_id', 'streetId', 'communityId', 'period', 'span']);

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
