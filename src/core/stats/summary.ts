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

/** `docs` must cover [from, to] exactly (periods.bucketPeriods) and lie in the scope's community or street. */
export function summarize(docs: CounterDoc[], scope: { level: ScopeLevel; id: string }, from: string, to: string): SummaryCounts {
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
      sum(children, doc.communityId, doc.t);
    } else if (scope.level === 'community') {
      if (doc.communityId !== scope.id) continue;
      part = doc;
      for (const [g, gp] of Object.entries(doc.g ?? {})) sum(children, fromFieldKey(g), gp.t);
    } else {
      part = doc.g?.[fieldKey(scope.id)];
      if (!part) continue;
      sumMap(children, part.p);
    }
    sum(totals, 't', part.t);
    sumMap(categories, part.c);
    sumMap(departments, part.d);
    if (by === 'month') toTrend(doc.period.slice(0, 7), part.t);
    else if (doc.span === 'day') toTrend(doc.period, part.t);
    else for (const [dd, c] of Object.entries(part.y ?? {})) toTrend(`${doc.period}-${dd}`, c);
  }
  return {
    totals: totals.t ?? {},
    children,
    categories,
    departments,
    trend: { by, points: keys.map((key) => ({ key, counts: trend[key] })) },
  };
}
