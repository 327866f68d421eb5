// Sums the counter documents of a period into what the 统计 page shows for one scope: its totals,
// a row per child (street → communities, community → grids, grid → the people who held items),
// by category and by department, and a trend. Rates come from rates.ts on each of these.
import { addTree, fieldKey, fromFieldKey, type CounterDoc, type GridPart, type Tree } from './buckets';
import { trendKeys } from './periods';
import type { Counts } from './tally';

export type ScopeLevel = 'street' | 'community' | 'grid';

export interface SummaryCounts {
  totals: Counts;
  /** By child id: communities of a street, grids of a community, people of a grid. */
  children: Record<string, Counts>;
  categories: Record<string, Counts>;
  departments: Record<string, Counts>;
  trend: { by: 'day' | 'month'; points: { key: string; counts: Counts }[] };
}

const sum = (dst: Record<string, Counts>, key: string, c: Counts | undefined) => {
  if (!c) return;
  dst[key] = addTree((dst[key] ?? {}) as Tree, c as Tree) as Counts;
};
const sumMap = (dst: Record<string, Counts>, src: Record<string, Counts> | undefined) => {
  for (const [k, c] of Object.entries(src ?? {})) sum(dst, fromFieldKey(k), c);
};

/** Only one category's or one department's counts (a drill-down). */
export interface SummaryFilter {
  category?: string;
  department?: string;
}

/** The counts of a scope part: all of them, or the filter's category or department. */
function pick(part: { t?: Counts; c?: Record<string, Counts>; d?: Record<string, Counts> } | undefined, f?: SummaryFilter): Counts | undefined {
  if (!part) return undefined;
  if (f?.category !== undefined) return part.c?.[fieldKey(f.category)];
  if (f?.department !== undefined) return part.d?.[fieldKey(f.department)];
  return part.t;
}

const only = (m: Record<string, Counts> | undefined, k: string | undefined): Record<string, Counts> | undefined =>
  k === undefined ? m : m?.[fieldKey(k)] ? { [fieldKey(k)]: m[fieldKey(k)] } : undefined;

/**
 * `docs` must be the month-shaped figures of [from, to], each cut to the range's days (buckets.spanDocs
 * over periods.monthSpans), and lie in the scope's community or street. With a filter, totals and
 * children count that category or department only (a grid's people are not broken down by
 * category: their rows stay empty), and there is no trend.
 */
export function summarize(docs: CounterDoc[], scope: { level: ScopeLevel; id: string }, from: string, to: string, filter?: SummaryFilter): SummaryCounts {
  const filtered = filter?.category !== undefined || filter?.department !== undefined;
  const totals: Record<string, Counts> = {};
  const children: Record<string, Counts> = {};
  const categories: Record<string, Counts> = {};
  const departments: Record<string, Counts> = {};
  const { by, keys } = trendKeys(from, to);
  const trend: Record<string, Counts> = Object.fromEntries(keys.map((k) => [k, {}]));
  const toTrend = (key: string, c: Counts | undefined) => {
    if (c && trend[key]) sum(trend, key, c);
  };

  for (const doc of docs) {
    let part: GridPart | undefined;
    if (scope.level === 'street') {
      if (doc.streetId !== scope.id) continue;
      part = doc;
      sum(children, doc.communityId, pick(doc, filter));
    } else if (scope.level === 'community') {
      if (doc.communityId !== scope.id) continue;
      part = doc;
      for (const [g, gp] of Object.entries(doc.g ?? {})) sum(children, fromFieldKey(g), pick(gp, filter));
    } else {
      part = doc.g?.[fieldKey(scope.id)];
      if (!part) continue;
      if (!filtered) sumMap(children, part.p);
    }
    sum(totals, 't', pick(part, filter));
    // A category's drill keeps its own row; a department's drill has no categories, and vice versa.
    if (filter?.department === undefined) sumMap(categories, only(part.c, filter?.category));
    if (filter?.category === undefined) sumMap(departments, only(part.d, filter?.department));
    if (filtered) continue;
    if (by === 'month') toTrend(doc.period, part.t);
    else for (const [dd, c] of Object.entries(part.y ?? {})) toTrend(`${doc.period}-${dd}`, c);
  }
  return {
    totals: totals.t ?? {},
    children,
    categories,
    departments,
    trend: { by, points: filtered ? [] : keys.map((key) => ({ key, counts: trend[key] })) },
  };
}
