// Where tallies are counted. One counter document per community and period ("bucket"): a month
// (`c:<communityId>:2026-11`) and a day (`c:<communityId>:2026-11-05`), China time. Each holds the
// community's totals and, nested, every scope below it, so a transition writes two documents
// (month + day) however many scopes it touches:
//
//   t                      community totals            c.<category>, d.<department>
//   g.<gridId>.t           grid totals                 g.<gridId>.p.<personId>  (holder = person)
//                                                      g.<gridId>.c.<category>, g.<gridId>.d.<department>
//   y.<DD>, g.<gridId>.y.<DD>   daily totals (month documents only: the trend)
//
// A street is the sum of its communities' documents. Items count where they belong (their
// household's grid), whoever holds them; holders are credited in p (people) and d (departments).
import { COUNTERS, itemTallies, type Counts, type Tally } from './tally';
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
  /** 'YYYY-MM' or 'YYYY-MM-DD' (China time). */
  period: string;
  span: 'month' | 'day';
  t?: Counts;
  c?: Record<string, Counts>;
  d?: Record<string, Counts>;
  g?: Record<string, GridPart>;
  y?: Record<string, Counts>;
}

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

/** The leaves one tally adds to a bucket (month documents also get the day's totals). */
export function leavesOf(geo: Geo, tally: Tally, at: Date, span: 'month' | 'day'): [string[], number][] {
  const out: [string[], number][] = [];
  const { person, department } = holderScope(tally.hk);
  const g = fieldKey(geo.gridId);
  const cat = fieldKey(tally.cat);
  const dd = dayKey(at).slice(8, 10);
  for (const [c, v] of Object.entries(tally.n)) {
    if (!v) continue;
    const put = (...p: string[]) => out.push([[...p, c], v]);
    put('t');
    put('c', cat);
    put('g', g, 't');
    put('g', g, 'c', cat);
    if (department) {
      put('d', fieldKey(department));
      put('g', g, 'd', fieldKey(department));
    }
    if (person) put('g', g, 'p', fieldKey(person));
    if (span === 'month') {
      put('y', dd);
      put('g', g, 'y', dd);
    }
  }
  return out;
}

/** Increments per bucket for tallies of one item: document id → its meta and tree of increments. */
export function bucketsOf(geo: Geo, entries: { at: Date; tally: Tally }[]): Map<string, { meta: Omit<CounterDoc, '_id'>; tree: Tree }> {
  const out = new Map<string, { meta: Omit<CounterDoc, '_id'>; tree: Tree }>();
  for (const { at, tally } of entries) {
    for (const span of ['month', 'day'] as const) {
      const period = span === 'month' ? monthKey(at) : dayKey(at);
      const id = bucketId(geo.communityId, period);
      let b = out.get(id);
      if (!b) out.set(id, (b = { meta: { streetId: geo.streetId, communityId: geo.communityId, period, span }, tree: {} }));
      for (const [path, v] of leavesOf(geo, tally, at, span)) addAt(b.tree, path, v);
    }
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

/** Pending tallies as counter documents (summed per document id), optionally only of some periods. */
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
