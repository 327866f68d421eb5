import { fail } from '../../../../../src/core/errors';
import type { StatsDrill } from '../../../../../src/core/stats/contract';
import { StatsDrillInput } from '../../../../../src/core/stats/schemas';
import { defineAction } from '../../action';
import { authorizeStats, categoryRows, childRows, countsOf, departmentRows, loadCounters, trailOf } from '../../app/stats';

/**
 * 下钻: one dimension of a scope — its children (street → communities → grids → people), its
 * categories or its departments — optionally for one category or one department only (which grids
 * a category came from, which communities a department worked for). The same counters and sums as
 * stats.overview (app/stats.ts); a grid's people are not broken down by category or department.
 */
export const statsDrill = defineAction({
  name: 'stats.drill',
  input: StatsDrillInput,
  async run(ctx, input): Promise<StatsDrill> {
    const scope = await authorizeStats(ctx, input);
    const filter = { category: input.category, department: input.departmentId };
    const filtered = filter.category !== undefined || filter.department !== undefined;
    if (filtered && input.dimension === 'children' && scope.level === 'grid') {
      return fail('INVALID_INPUT', '网格内的人员不按分类或部门细分，请在社区或街道一级按分类、部门下钻');
    }
    const loaded = await loadCounters(ctx.repos, scope, ctx.now);
    const counts = countsOf(scope, loaded.current, filter);
    const [trail, dept] = await Promise.all([
      trailOf(ctx.repos, scope),
      input.departmentId ? ctx.repos.departments.many([input.departmentId]) : Promise.resolve([]),
    ]);
    const head = { scope: { id: scope.node._id, name: scope.node.name, level: scope.level }, trail, period: scope.period, documents: loaded.documents };
    const common = {
      ...head,
      dimension: input.dimension,
      filter: { ...(input.category ? { category: input.category } : {}), ...(input.departmentId ? { departmentId: input.departmentId, departmentName: dept[0]?.name ?? input.departmentId } : {}) },
      totals: counts.totals,
    };
    if (input.dimension === 'children') {
      const children = await childRows(ctx.repos, scope, counts.children);
      return { ...common, level: children.level, rows: children.rows };
    }
    if (input.dimension === 'categories') return { ...common, rows: categoryRows(counts.categories) };
    return { ...common, rows: await departmentRows(ctx.repos, counts.departments) };
  },
});
