import type { BoardResult } from '../../../../../src/core/api/contract';
import { fail } from '../../../../../src/core/errors';
import { CLASS_LABEL, HOLDER_ROLE_LABEL } from '../../../../../src/core/labels';
import { BoardInput } from '../../../../../src/core/workflowSchemas';
import { statesIn } from '../../../../../src/core/workflow/table';
import { defineAction } from '../../action';
import { toSummary } from '../../views';

const SIZE = 20;

/**
 * 调度台: items in the caller's subtree (street admin: the street; community admin: the community;
 * grid leader: the grid), filtered by level, state group, overdue, class, category and grid, with
 * counts on top (each a count() call, not a scan).
 */
export const board = defineAction({
  name: 'dispatch.board',
  input: BoardInput,
  async run(ctx, input): Promise<BoardResult> {
    const user = await ctx.user();
    const role = ['streetAdmin', 'communityAdmin', 'gridLeader'].map((r) => user?.roles.find((g) => g.role === r)).find(Boolean);
    if (!role) return fail('FORBIDDEN', '调度台仅对街道、社区管理员和网格长开放');
    const node = await ctx.repos.nodes.get(role.nodeId);
    if (!node) return fail('NOT_FOUND', '您所在的组织不存在，请联系管理员');
    const level = role.role === 'streetAdmin' ? 'street' : role.role === 'communityAdmin' ? 'community' : 'grid';
    const scope: Record<string, string> = { [`${level}Id`]: node._id };
    if (input.gridId) {
      const g = await ctx.repos.nodes.get(input.gridId);
      if (!g || (g._id !== node._id && !g.path.includes(node._id))) return fail('FORBIDDEN', '该网格不在您的管理范围内');
      scope.gridId = g._id;
    }
    const _ = ctx.db.command;
    const cond: Record<string, unknown> = {};
    // Items made before levels existed have none: they are at grid level.
    if (input.level === 'grid') cond.level = _.or(_.eq('grid'), _.exists(false));
    else if (input.level) cond.level = input.level;
    if (input.group) cond.state = _.in(statesIn(input.group));
    if (input.itemClass) cond.itemClass = input.itemClass;
    if (input.category) cond.category = input.category;
    if (input.overdue) {
      cond.state = _.in(statesIn('open', 'waiting'));
      cond.overdueAt = _.exists(true);
    }
    const [page, open, waiting, closed, overdue] = await Promise.all([
      ctx.repos.items.inScope(scope, cond, input.page ?? 0, SIZE),
      ctx.repos.items.countWhere({ ...scope, state: _.in(statesIn('open')) }),
      ctx.repos.items.countWhere({ ...scope, state: _.in(statesIn('waiting')) }),
      ctx.repos.items.countWhere({ ...scope, state: _.in(statesIn('closed')) }),
      ctx.repos.items.countWhere({ ...scope, state: _.in(statesIn('open', 'waiting')), overdueAt: _.exists(true) }),
    ]);
    return {
      items: page.items.map((i) => ({
        ...toSummary(i, ctx.now),
        gridId: i.gridId,
        itemClass: i.itemClass,
        classLabel: CLASS_LABEL[i.itemClass],
        holderRoleLabel: i.holder.kind === 'person' ? HOLDER_ROLE_LABEL[i.holder.role] ?? '' : i.holder.kind === 'department' ? '职能部门' : '', // a queue's name says what it is
        hops: (i.previousHolders ?? []).length,
      })),
      hasMore: page.hasMore,
      counts: { open, waiting, closed, overdue },
      scope: { nodeId: node._id, name: node.name, level },
    };
  },
});
