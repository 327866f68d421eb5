// Wire types of the statistics actions (dates as 'YYYY-MM-DD').
import type * as v from 'valibot';
import type { StatsSummaryInput } from './schemas';
import type { Period } from './periods';
import type { ScopeLevel } from './summary';
import type { Counts } from './tally';

export interface StatsRow {
  id: string;
  name: string;
  counts: Counts;
}

export interface StatsSummary {
  scope: { id: string; name: string; level: ScopeLevel };
  /** From the caller's own scope down to this one, for breadcrumbs (the scope itself last). */
  trail: { id: string; name: string; level: ScopeLevel }[];
  period: Period;
  totals: Counts;
  /** Street: its communities; community: its grids; grid: the people who held its items. */
  children: { level: 'community' | 'grid' | 'person'; rows: StatsRow[] };
  categories: StatsRow[];
  departments: StatsRow[];
  trend: { by: 'day' | 'month'; points: { key: string; counts: Counts }[] };
  /** Counter documents and pending tallies read (no item is read). */
  documents: number;
}

export interface StatsActions {
  'stats.summary': [v.InferInput<typeof StatsSummaryInput>, StatsSummary];
}
