// 统计, the one implementation behind stats.overview, stats.drill and the 统计分析报告 job: who may
// look where (authorizeStats), which counter documents cover a period and what of them (loadCounters:
// the current period and, for 预警, the one before it), and the rows a scope shows (rowsOf).
// Reads counter documents and pending tallies only, never items.
import { fail } from '../../../../src/core/errors';
import type { ChildLevel, ScopeRef, StatsRow, StatsWarning } from '../../../../src/core/stats/contract';
import { counterFields, dayKey, pendingDocs, spanDocs, spanW, type CounterDoc } from '../../../../src/core/stats/buckets';
import { monthSpans, previousRange, resolvePeriod, spanDays, type Period, type PeriodInput } from '../../../../src/core/stats/periods';
import { summarize, type ScopeLevel, type SummaryCounts, type SummaryFilter } from '../../../../src/core/stats/summary';
import type { Counts } from '../../../../src/core/stats/tally';
import { gridCategoryCounts, warningsOf } from '../../../../src/core/stats/warnings';
import type { OrgNode, Role } from '../../../../src/core/types';
import type { Ctx } from '../context';
import type { Repos } from '../repo';

/** Who may read statistics, and how far: street admins their street, community admins their community, grid leaders their grid. */
export const STATS_ROLES: Role[] = ['streetAdmin', 'communityAdmin', 'gridLeader'];
export const STATS_LEVELS: ScopeLevel[] = ['street', 'community', 'grid'];

export interface StatsScope {
  node: OrgNode;
  level: ScopeLevel;
  /** The caller's root the node lies under. */
  root: string;
  /** The node's children, and for a street also the grids below its communities. */
  below: OrgNode[];
  period: Period;
}

/** The caller's statistics roots; FORBIDDEN without one. */
export async function statsRoots(ctx: Ctx): Promise<string[]> {
  const user = await ctx.user();
  const roots = STATS_ROLES.flatMap((role) => (user?.roles ?? []).filter((g) => g.role === role).map((g) => g.nodeId));
  if (!roots.length) return fail('FORBIDDEN', '统计仅对街道、社区管理员和网格长开放');
  return roots;
}

/** Checks the period and that the scope lies in the caller's subtree (reads: the user, the scope's nodes). */
export async function authorizeStats(ctx: Ctx, input: { nodeId?: string; period: PeriodInput }): Promise<StatsScope> {
  const roots = await statsRoots(ctx);
  const period = resolvePeriod(input.period, ctx.now);
  if ('error' in period) return fail('INVALID_INPUT', period.error, { period: period.error });
  const { node, nodes } = await ctx.repos.nodes.withStatsTree(input.nodeId ?? roots[0]);
  if (!node) return fail('NOT_FOUND', '您要查看的组织不存在');
  const root = roots.find((r) => node._id === r || node.path.includes(r));
  if (!root) return fail('FORBIDDEN', '该组织不在您的管理范围内');
  if (!STATS_LEVELS.includes(node.level as ScopeLevel)) return fail('INVALID_INPUT', '只能按街道、社区或网格查看统计');
  return { node, level: node.level as ScopeLevel, root, below: nodes, period };
}

export interface LoadedCounters {
  /** The period's figures, one month-shaped document per community and month, cut to the period's days (buckets.spanDocs). */
  current: CounterDoc[];
  /** The previous period of the same length (预警), when asked for: only `w`, cut to its days. */
  previous: CounterDoc[];
  previousRange: { from: string; to: string };
  /** Documents read (stored counter documents and pending tallies). */
  documents: number;
}

/**
 * The counter documents of a scope's period (and of the previous one, for 预警), plus pending
 * tallies, in one query of counter documents (repo/counters.ts; one per 1,000 documents): the
 * month documents of whole months (and of the previous period's months: their `w` is kept per
 * day), the day documents of a custom range's ragged ends, and every day document not yet rolled
 * (today's, and any the timer has not rolled yet). `grids`: a street's documents with every grid
 * part (the report's rows per grid); a street's overview needs none (预警 reads `w`).
 */
export async function loadCounters(
  repos: Repos, scope: Pick<StatsScope, 'node' | 'level' | 'period' | 'below'>, now: Date, opts: { previous?: boolean; grids?: 'all' } = {},
): Promise<LoadedCounters> {
  const today = dayKey(now);
  const { node, level, period } = scope;
  const cur = monthSpans(period.from, period.to, today);
  const prevRange = previousRange(period);
  const prev = opts.previous ? monthSpans(prevRange.from, prevRange.to, today) : [];
  const months = [...new Set([...cur.filter((s) => s.whole), ...prev].map((s) => s.month))];
  const days = cur.filter((s) => !s.whole).flatMap((s) => spanDays(s).map((dd) => `${s.month}-${dd}`));

  const communityId = level === 'community' ? node._id : level === 'grid' ? node.parentId ?? '' : '';
  const fields = counterFields(level === 'grid' ? { grid: node._id } : level === 'street' ? { grids: opts.grids === 'all' } : {});
  const [stored, pending] = await Promise.all([
    level === 'street' ? repos.counters.ofStreet(node._id, months, days, fields) : repos.counters.ofCommunity(communityId, months, days, fields),
    repos.counters.pending(level === 'street' ? { streetId: node._id } : { communityId }),
  ]);
  // Tallies the timer has not folded in yet count too (as days not rolled), so the figures are always exact.
  const all = [...stored, ...pendingDocs(pending, new Set([...cur, ...prev].map((s) => s.month)))];
  return {
    current: cur.flatMap((s) => spanDocs(all, s)),
    previous: prev.flatMap((s) => spanW(all, s)),
    previousRange: prevRange,
    documents: stored.length + pending.length,
  };
}

/** Sums the current documents for the scope (optionally one category or department only). */
export const countsOf = (scope: Pick<StatsScope, 'node' | 'level' | 'period'>, docs: CounterDoc[], filter?: SummaryFilter): SummaryCounts =>
  summarize(docs, { level: scope.level, id: scope.node._id }, scope.period.from, scope.period.to, filter);

const bySubmitted = (a: StatsRow, b: StatsRow) => (b.counts.submitted ?? 0) - (a.counts.submitted ?? 0) || a.name.localeCompare(b.name, 'zh');
const row = (id: string, name: string, c: Counts | undefined): StatsRow => ({ id, name, counts: c ?? {} });

export const CHILD_LEVEL: Record<ScopeLevel, ChildLevel> = { street: 'community', community: 'grid', grid: 'person' };

/** One row per child: a street's communities, a community's grids (all, counted or not), a grid's cadres and whoever else held its items. */
export async function childRows(repos: Repos, scope: Pick<StatsScope, 'node' | 'level' | 'below'>, counts: Record<string, Counts>): Promise<{ level: ChildLevel; rows: StatsRow[] }> {
  const level = CHILD_LEVEL[scope.level];
  if (level !== 'person') {
    const kids = scope.below.filter((n) => n.parentId === scope.node._id && n.level === level);
    return { level, rows: kids.map((n) => row(n._id, n.name, counts[n._id])) };
  }
  const cadres = await repos.people.cadresOfGrid(scope.node._id);
  const names = new Map(cadres.map((p) => [p._id, p.name]));
  const others = Object.keys(counts).filter((id) => !names.has(id));
  if (others.length) for (const [id, p] of await repos.people.many(others)) names.set(id, p.name);
  const ids = new Set([...cadres.map((p) => p._id), ...Object.keys(counts)]);
  return { level, rows: [...ids].map((id) => row(id, names.get(id) ?? id, counts[id])).sort(bySubmitted) };
}

export const categoryRows = (counts: Record<string, Counts>): StatsRow[] => Object.entries(counts).map(([k, c]) => row(k, k, c)).sort(bySubmitted);

/** Rows per department, named (one read when any department held items). */
export async function departmentRows(repos: Repos, counts: Record<string, Counts>): Promise<StatsRow[]> {
  const ids = Object.keys(counts);
  const names = new Map((await repos.departments.many(ids)).map((d) => [d._id, d.name]));
  return ids.map((id) => row(id, names.get(id) ?? id, counts[id])).sort(bySubmitted);
}

/** From the caller's root down to the scope (one read unless the scope is the root). */
export async function trailOf(repos: Repos, scope: Pick<StatsScope, 'node' | 'root'>): Promise<ScopeRef[]> {
  const { node, root } = scope;
  const ids = [...(node._id === root ? [] : node.path.slice(node.path.indexOf(root))), node._id];
  const nodes = node._id === root ? new Map([[node._id, node]]) : await repos.nodes.many(ids);
  return ids
    .map((id) => nodes.get(id))
    .filter((n): n is OrgNode => !!n && STATS_LEVELS.includes(n.level as ScopeLevel))
    .map((n) => ({ id: n._id, name: n.name, level: n.level as ScopeLevel }));
}

/** 预警 of the scope's grids (core/stats/warnings.ts), named from the scope's tree. */
export function warningsFor(scope: Pick<StatsScope, 'node' | 'level' | 'below'>, loaded: LoadedCounters): StatsWarning[] {
  const grids = scope.level === 'grid' ? [scope.node] : scope.below.filter((n) => n.level === 'grid');
  const ids = new Set(grids.map((g) => g._id));
  const names = new Map(grids.map((g) => [g._id, g.name]));
  return warningsOf(gridCategoryCounts(loaded.current, undefined, ids), gridCategoryCounts(loaded.previous, undefined, ids)).map((w) => ({
    ...w, gridName: names.get(w.gridId) ?? w.gridId,
  }));
}
