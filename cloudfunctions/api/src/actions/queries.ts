import type { ItemView, ListResult } from '../../../../src/core/api/contract';
import { InboxInput, ItemRef, MineInput } from '../../../../src/core/schemas';
import type { ItemState } from '../../../../src/core/types';
import { defineAction } from '../action';
import { holderKeysOf as holderKeys } from '../app/issuers';
import { loadItem } from '../app/itemCommand';
import { deptIdsOf } from '../app/issuers';
import { statesIn } from '../../../../src/core/workflow/table';
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
    // A grid leader decides pauses and appeals of their grid's items, which others hold.
    const leaderOf = (user?.roles ?? []).filter((r) => r.role === 'gridLeader').map((r) => r.nodeId);
    if (filter === 'todo' && leaderOf.length && page === 0) {
      const toDecide = await ctx.repos.items.awaitingDecision(leaderOf);
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
