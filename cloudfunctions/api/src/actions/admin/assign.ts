import type { AssignOverview } from '../../../../../src/core/api/adminContract';
import { AssignOverviewInput, AssignSetInput } from '../../../../../src/core/adminSchemas';
import { chinaDateKey } from '../../../../../src/core/calendar';
import { fail } from '../../../../../src/core/errors';
import { defineAction } from '../../action';
import { nodeInScope, personInScope, requireAdmin } from '../../adminScope';
import { auditScopeOf, recordAudit } from '../../audit';
import { hasSensitiveTags } from '../../../../../src/core/privacy';
import { householdView } from './views';

/** 30比1: one cadre serves about 30 households (蛟河). */
export const TARGET_PER_CADRE = 30;
const TOLERANCE = 5;

export const assignOverview = defineAction({
  name: 'admin.assign.overview',
  input: AssignOverviewInput,
  async run(ctx, { gridId }): Promise<AssignOverview> {
    const scope = await requireAdmin(ctx);
    const grid = await nodeInScope(ctx, scope, gridId, 'grid');
    const [cadres, counts, unserved] = await Promise.all([
      ctx.repos.people.cadresOfGrid(gridId),
      ctx.repos.households.countsByCadre(gridId),
      ctx.repos.households.unserved(gridId, 50),
    ]);
    const people = new Map(cadres.map((c) => [c._id, c]));
    const tagged = unserved.filter((h) => hasSensitiveTags(h.tags));
    if (tagged.length) {
      await recordAudit(ctx, scope, { action: 'household.view', target: gridId, scopeNodeId: auditScopeOf(grid), detail: `查看未包保住户，其中 ${tagged.length} 户有敏感标签：${tagged.map((h) => h._id).join('、')}` });
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    return {
      target: TARGET_PER_CADRE,
      cadres: cadres.map((c) => {
        const count = counts.get(c._id) ?? 0;
        const status = count > TARGET_PER_CADRE + TOLERANCE ? 'over' : count < TARGET_PER_CADRE - TOLERANCE ? 'under' : 'ok';
        // 外出 now or later: the page warns before households go to someone who is not there.
        const away = c.away && c.away.to >= chinaDateKey(ctx.now) ? { away: { from: c.away.from, to: c.away.to } } : {};
        return { id: c._id, name: c.name, count, status, ...away };
      }),
      households: total,
      unservedCount: counts.get(null) ?? 0,
      unserved: unserved.map((h) => householdView(h, people)),
    };
  },
});

/**
 * 包保 by building or unit in one multi-document write, or by a list of households.
 * Only households in the cadre's own grid are touched.
 */
export const assignSet = defineAction({
  name: 'admin.assign.set',
  input: AssignSetInput,
  async run(ctx, { cadreId, householdIds, nodeId, onlyUnserved }) {
    const scope = await requireAdmin(ctx);
    if (!householdIds?.length && !nodeId) return fail('INVALID_INPUT', '请选择楼栋、单元或住户');
    let gridId: string;
    if (cadreId) {
      const { person } = await personInScope(ctx, scope, cadreId);
      if (!person.roles.some((r) => r.role === 'cadre') || !person.gridId) return fail('INVALID_INPUT', `${person.name}不是包保干部`);
      gridId = person.gridId;
    } else {
      const anchor = nodeId ?? (await ctx.repos.households.get(householdIds![0]))?.unitId;
      if (!anchor) return fail('NOT_FOUND', '未找到要取消包保的住户');
      const node = await nodeInScope(ctx, scope, anchor);
      gridId = node.level === 'grid' ? node._id : node.path[2];
    }
    const _ = ctx.db.command;
    const cond: Record<string, unknown> = { gridId };
    if (nodeId) {
      const node = await nodeInScope(ctx, scope, nodeId);
      if (node.level !== 'building' && node.level !== 'unit') return fail('INVALID_INPUT', '请按楼栋或单元分配');
      if (!node.path.includes(gridId)) return fail('INVALID_INPUT', '只能分配该干部所在网格内的住户');
      cond[`${node.level}Id`] = nodeId;
    }
    if (householdIds?.length) cond._id = _.in(householdIds);
    if (cadreId && onlyUnserved) cond.cadreId = _.exists(false);
    const changed = await ctx.repos.households.assign(cond, cadreId);
    return { changed };
  },
});
