// Wire types of the statistics actions (dates as 'YYYY-MM-DD').
import type * as v from 'valibot';
import type { FileResult, JobView, QueuedJob } from '../api/adminContract';
import type { StatsDrillInput, StatsExportInput, StatsJobInput, StatsOverviewInput } from './schemas';
import type { Period } from './periods';
import type { ScopeLevel } from './summary';
import type { Counts } from './tally';

export interface StatsRow {
  id: string;
  name: string;
  counts: Counts;
}

export interface ScopeRef {
  id: string;
  name: string;
  level: ScopeLevel;
}

export type ChildLevel = 'community' | 'grid' | 'person';

/** What every statistics answer starts with: where, when. */
export interface StatsHead {
  scope: ScopeRef;
  /** From the caller's own scope down to this one, for breadcrumbs (the scope itself last). */
  trail: ScopeRef[];
  period: Period;
  /** Counter documents and pending tallies read (no item is read). */
  documents: number;
}

/** A flagged rise of one category in one grid (core/stats/warnings.ts). */
export interface StatsWarning {
  gridId: string;
  gridName: string;
  category: string;
  count: number;
  previous: number;
  ratio: number | null;
}

export interface StatsOverview extends StatsHead {
  totals: Counts;
  /** Street: its communities; community: its grids; grid: the people who held its items. */
  children: { level: ChildLevel; rows: StatsRow[] };
  categories: StatsRow[];
  departments: StatsRow[];
  trend: { by: 'day' | 'month'; points: { key: string; counts: Counts }[] };
  /** 预警 against the previous period of the same length (from … to). */
  warnings: { previous: { from: string; to: string }; items: StatsWarning[] };
}

export interface StatsDrill extends StatsHead {
  dimension: 'children' | 'categories' | 'departments';
  filter: { category?: string; departmentId?: string; departmentName?: string };
  /** The scope's counts under the filter. */
  totals: Counts;
  /** For dimension 'children': which level the rows are. */
  level?: ChildLevel;
  rows: StatsRow[];
}

export interface StatsActions {
  'stats.overview': [v.InferInput<typeof StatsOverviewInput>, StatsOverview];
  'stats.drill': [v.InferInput<typeof StatsDrillInput>, StatsDrill];
  'stats.export': [v.InferInput<typeof StatsExportInput>, FileResult | QueuedJob];
  'stats.job': [v.InferInput<typeof StatsJobInput>, JobView];
}
