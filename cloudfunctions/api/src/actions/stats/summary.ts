import { fail } from '../../../../../src/core/errors';
import type { StatsRow, StatsSummary } from '../../../../../src/core/stats/contract';
import { dayKey, pendingDocs } from '../../../../../src/core/stats/buckets';
import { bucketPeriods, resolvePeriod } from '../../../../../src/core/stats/periods';
import { StatsSummaryInput } from '../../../../../src/core/stats/schemas';
import { summarize, type ScopeLevel } from '../../../../../src/core/stats/summary';
import type { Counts } from '../../../../../src/core/stats/tally';
import type { OrgNode, Role } from '../../../../../src/core/types';
import { defineAction } from '../../action';

/** Who may read statistics, and how far: street admins their street, community admins their community, grid leaders their grid. */
export const STATS_ROLES: Role[] = ['streetAdmin', 'communityAdmin', 'gridLeader'];
const LEVELS: ScopeLevel[] = ['street', 'community', 'grid'];

const bySubmitted = (a: StatsRow, b: StatsRow) => (b.counts.submitted ?? 0) - (a.counts.submitted ?? 0) || a.name.localeCompare(b.name, 'zh');

/**
 * 统计: the counters of a period for a street, community or grid in the caller's subtree: totals,
 * one row per child, by category and by department, and a trend. Reads counter documents only
 * (one read per 100 of them), never items.
 */
export const statsSummary = defineAction({
  name: 'stats.summary',
  input: StatsSummaryInput,
  async run(ctx, input): Promise<StatsSummary> {
    const user = await ctx.user();
    const roots = STATS_ROLES.flatMap((role) => (user?.roles ?? []).filter((g) => g.role === role).map((g) => g.nodeId));
    if (!roots.length) return fail('FORBIDDEN', '统计仅对街道、社区管理员和网格长开放');
    const period = resolvePeriod(input.period, ctx.now);
    if ('error' in period) return fail('INVALID_INPUT', period.error, { period: period.error });

    const node = await ctx.repos.nodes.get(input.nodeId ?? roots[0]);
    if (!node) return fail('NOT_FOUND', '您要查看的组织不存在');
    const root = roots.find((r) => node._id === r || node.path.includes(r));
    if (!root) return fail('FORBIDDEN', '该组织不在您的管理范围内');
    if (!LEVELS.includes(node.level as ScopeLevel)) return fail('INVALID_INPUT', '只能按街道、社区或网格查看统计');
    const level = node.level as ScopeLevel;

    const periods = bucketPeriods(period.from, period.to, dayKey(ctx.now));
    const communityId = level === 'community' ? node._id : level === 'grid' ? node.parentId ?? '' : '';
    const trailIds = [...(node._id === root ? [] : node.path.slice(node.path.indexOf(root))), node._id];
    const [stored, pending, trailNodes, childNodes] = await Promise.all([
      level === 'street' ? ctx.repos.counters.ofStreet(node._id, periods) : ctx.repos.counters.ofCommunity(communityId, periods),
      ctx.repos.counters.pending(level === 'street' ? { streetId: node._id } : { communityId }),
      node._id === root ? Promise.resolve(new Map([[node._id, node]])) : ctx.repos.nodes.many(trailIds),
      level === 'grid' ? Promise.resolve([] as OrgNode[]) : ctx.repos.nodes.children(node._id),
    ]);
    // Tallies the timer has not folded in yet count too, so the figures are always exact.
    const docs = [...stored, ...pendingDocs(pending, new Set(periods))];
    const counts = summarize(docs, { level, id: node._id }, period.from, period.to);

    const row = (id: string, name: string, c: Counts | undefined): StatsRow => ({ id, name, counts: c ?? {} });
    let children: StatsSummary['children'];
    if (level === 'grid') {
      // The grid's cadres (with nothing counted too), and whoever else held its items.
      const cadres = await ctx.repos.people.cadresOfGrid(node._id);
      const names = new Map(cadres.map((p) => [p._id, p.name]));
      const others = Object.keys(counts.children).filter((id) => !names.has(id));
      if (others.length) for (const [id, p] of await ctx.repos.people.many(others)) names.set(id, p.name);
      const ids = new Set([...cadres.map((p) => p._id), ...Object.keys(counts.children)]);
      children = { level: 'person', rows: [...ids].map((id) => row(id, names.get(id) ?? id, counts.children[id])).sort(bySubmitted) };
    } else {
      const kids = childNodes.filter((n) => n.level === (level === 'street' ? 'community' : 'grid'));
      children = { level: level === 'street' ? 'community' : 'grid', rows: kids.map((n) => row(n._id, n.name, counts.children[n._id])) };
    }

    const deptIds = Object.keys(counts.departments);
    const deptName = new Map((await ctx.repos.departments.many(deptIds)).map((d) => [d._id, d.name]));

    return {
      scope: { id: node._id, name: node.name, level },
      trail: trailIds
        .map((id) => trailNodes.get(id))
        .filter((n): n is OrgNode => !!n && LEVELS.includes(n.level as ScopeLevel))
        .map((n) => ({ id: n._id, name: n.name, level: n.level as ScopeLevel })),
      period,
      totals: counts.totals,
      children,
      categories: Object.entries(counts.categories).map(([k, c]) => row(k, k, c)).sort(bySubmitted),
      departments: deptIds.map((id) => row(id, deptName.get(id) ?? id, counts.departments[id])).sort(bySubmitted),
      trend: counts.trend,
      documents: stored.length + pending.length,
    };
  },
});
