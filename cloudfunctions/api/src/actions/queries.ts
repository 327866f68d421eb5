import type { ItemView, ListResult } from '../../../../src/core/api/contract';
import { InboxInput, ItemRef, MineInput } from '../../../../src/core/schemas';
import type { ItemState } from '../../../../src/core/types';
import { defineAction } from '../action';
import { holderKeys, loadReadable } from '../authz';
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
    const { item, rel } = await loadReadable(ctx, id);
    return toView(ctx.cloud, item, rel, ctx.now);
  },
});

const FILTER_STATES: Record<'todo' | 'waiting' | 'done', ItemState[]> = {
  todo: ['submitted', 'accepted', 'inProgress', 'rectifying'],
  waiting: ['resolved'],
  done: ['closed', 'rejected'],
};

export const inbox = defineAction({
  name: 'cadre.inbox',
  input: InboxInput,
  async run(ctx, { filter, page }): Promise<ListResult> {
    const keys = holderKeys(await ctx.user());
    if (!keys.length) return fail('FORBIDDEN', '您还不是包保干部或社区工作人员，请使用社区发放的邀请码绑定身份');
    const r = await ctx.repos.items.byHolder(keys, FILTER_STATES[filter], page);
    return { items: r.items.map((i) => toSummary(i, ctx.now)), hasMore: r.hasMore };
  },
});
