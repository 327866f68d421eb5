import type { StatsOverview } from '../../../../../src/core/stats/contract';
import { StatsOverviewInput } from '../../../../../src/core/stats/schemas';
import { defineAction } from '../../action';
import { authorizeStats, categoryRows, childRows, countsOf, departmentRows, loadCounters, trailOf, warningsFor } from '../../app/stats';

/**
 * 统计: everything the page shows for a street, community or grid in the caller's subtree and a
 * period: totals, one row per child (the ranking), by category and by department, the trend, and
 * 预警 against the previous period. Reads counter documents only (app/stats.ts), never items:
 * for a street, the user, the scope's nodes, its counter documents, pending tallies and
 * department names.
 */
export const statsOverview = defineAction({
  name: 'stats.overview',
  input: StatsOverviewInput,
  async run(ctx, input): Promise<StatsOverview> {
    const scope = await authorizeStats(ctx, input);
    const loaded = await loadCounters(ctx.repos, scope, ctx.now, { previous: true });
    const counts = countsOf(scope, loaded.current);
    const [trail, children, departments] = await Promise.all([
      trailOf(ctx.repos, scope),
      childRows(ctx.repos, scope, counts.children),
      departmentRows(ctx.repos, counts.departments),
    ]);
    return {
      scope: { id: scope.node._id, name: scope.node.name, level: scope.level },
      trail,
      period: scope.period,
      documents: loaded.documents,
      totals: counts.totals,
      children,
      categories: categoryRows(counts.categories),
      departments,
      trend: counts.trend,
      warnings: { previous: loaded.previousRange, items: warningsFor(scope, loaded) },
    };
  },
});
