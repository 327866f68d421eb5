import type { ItemView, ListResult } from '../../../../src/core/api/contract';
import { InboxInput, ItemRef, MineInput } from '../../../../src/core/schemas';
import type { ItemState } from '../../../../src/core/types';
import { defineAction } from '../action';
import { holderKeysOf as holderKeys } from '../app/issuers';
import { loadItem } from '../app/itemCommand';
import { deptIdsOf, relationTo } from '../app/issuers';
import { PAGE_SIZE } from '../repo/items';
import { buttonsFor, statesIn } from '../../../../src/core/workflow/table';
import { fail } from '../../../../src/core/errors';
import { toSummary, toView } from '../views';

export const mine = defineAction({
  name: 'item.mine',
  input: MineInput,
  async run(ctx, { page }): Promise<ListResult> {
    const r = await ctx.repos.items.bySubmitter(ctx.openid, page);
    return { items: r.items.map((i) => toSummary(i, ctx.now)), hasMore: r.hasMore };
  },
});

export const detail = defineAction({
  name: 'item.detail',
  input: ItemRef,
  async run(ctx, { id }): Promise<ItemView> {
    const { item, rel } = await loadItem(ctx, id);
    return toView(ctx.cloud, item, rel, ctx.now);
  },
});

/** Inbox tabs are the workflow table's groups: 待办 open, 等待 waiting, 已完成 closed. */
const FILTER_STATES: Record<'todo' | 'waiting' | 'done', ItemState[]> = {
  todo: statesIn('open'),
  waiting: statesIn('waiting'),
  done: statesIn('closed'),
};

export const inbox = defineAction({
  name: 'cadre.inbox',
  input: InboxInput,
  async run(ctx, { filter, page }): Promise<ListResult> {
    const user = await ctx.user();
    const keys = holderKeys(user);
    if (!keys.length) return fail('FORBIDDEN', '您还不是包保干部或社区工作人员，请使用社区发放的邀请码绑定身份');
    const r = await ctx.repos.items.byHolder(keys, FILTER_STATES[filter], page);
    // Pauses and appeals wait on the level above or a reviewer, not the holder: list those this
    // caller may decide (grid leader over a cadre, community admin over a grid leader, street
    // admin over a community or a department).
    const rolesAt = (role: string) => (user?.roles ?? []).filter((g) => g.role === role).map((g) => g.nodeId);
    const scope = { gridIds: rolesAt('gridLeader'), communityIds: rolesAt('communityAdmin'), streetIds: rolesAt('streetAdmin') };
    if (filter === 'todo' && page === 0) {
      const toDecide = (await ctx.repos.items.awaitingDecision(scope))
        .filter((i) => buttonsFor(i.state, relationTo(user, ctx.openid, i).issuers).length > 0)
        .slice(0, PAGE_SIZE);
      const seen = new Set(r.items.map((i) => i._id));
      r.items.unshift(...toDecide.filter((i) => !seen.has(i._id)));
    }
    // A 攻坚哨 names several departments; those that are not its lead see it here too.
    const depts = deptIdsOf(user);
    if (filter === 'todo' && depts.length && page === 0) {
      const whistled = await ctx.repos.items.whistledTo(depts, FILTER_STATES.todo);
      const seen = new Set(r.items.map((i) => i._id));
      r.items.unshift(...whistled.filter((i) => !seen.has(i._id)));
    }
    return { items: r.items.map((i) => toSummary(i, ctx.now)), hasMore: r.hasMore };
  },
});
