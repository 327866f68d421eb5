import type { LeadRow } from '../../../../../src/core/engage/contract';
import { LeadInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { monthKey } from '../../../../../src/core/stats/buckets';
import type { Item, ItemLead, TimelineEvent } from '../../../../../src/core/types';
import { isOpen } from '../../../../../src/core/workflow/table';
import { defineAction } from '../../action';
import type { Ctx } from '../../context';
import { leadRow } from '../lead/rows';

class Changed extends Error {
  constructor(public readonly item: Item) {
    super('changed');
  }
}

/**
 * 书记领办: a community or street secretary takes an open item of their subtree on. The item keeps
 * its holder and state (领办 is oversight, not a hand-off); it gets `lead`, a timeline event and a
 * new version (every timeline event is a version) in one compare-and-set transaction. Leading it
 * again is a no-op; another secretary's 领办 stands.
 */
export const itemLead = defineAction({
  name: 'item.lead',
  input: LeadInput,
  async run(ctx, input): Promise<LeadRow> {
    // A command of the holder may land between the read and the write: read again, at most 3 times.
    for (let attempt = 0; ; attempt++) {
      try {
        return await leadOnce(ctx, input);
      } catch (err) {
        if (!(err instanceof Moved) || attempt >= 2) throw err instanceof Moved ? fail('CONFLICT', '该事项刚有新的进展，请刷新后重试') : err;
      }
    }
  },
});

class Moved extends Error {}

async function leadOnce(ctx: Ctx, { id, note }: { id: string; note?: string }): Promise<LeadRow> {
  const user = await ctx.user();
  const posts = (user?.roles ?? []).filter((g) => g.role === 'secretary');
  if (!user?.person || !posts.length) return fail('FORBIDDEN', '只有社区或街道书记可以领办事项');
  const item = await ctx.repos.items.get(id);
  // Outside the secretary's subtree looks like a missing item, so ids cannot be probed.
  const post = item && posts.find((g) => g.nodeId === item.communityId || g.nodeId === item.streetId);
  if (!item || !post) return fail('NOT_FOUND', '事项不存在或不在您的管理范围内');
  if (item.lead) {
    if (item.lead.personId === user.person.id) return leadRow(item, ctx.now);
    return fail('INVALID_STATE', `该事项已由${item.lead.name}领办`);
  }
  if (!isOpen(item.state)) return fail('INVALID_STATE', '该事项已结束，不能再领办');

  const lead: ItemLead = { personId: user.person.id, name: user.person.name, nodeId: post.nodeId, at: ctx.now, month: monthKey(ctx.now), ...(note ? { note } : {}) };
  const event: TimelineEvent = {
    at: ctx.now, actor: user.person.name, actorRole: 'secretary', action: 'lead', from: item.state, to: item.state,
    note: note ? `书记领办：${note}` : '书记领办，跟踪督办至办结', by: user.person.id,
  };
  const _ = ctx.db.command;
  try {
    await ctx.db.runTransaction(async (tx) => {
      const cur = (await tx.collection('items').doc(id).get()).data as Item | null;
      if (!cur) return fail('NOT_FOUND', '事项不存在或不在您的管理范围内');
      if (cur.lead || !isOpen(cur.state)) throw new Changed(cur);
      if (cur.version !== item.version) throw new Moved();
      await tx.collection('items').doc(id).update({ data: { lead: _.set(lead), timeline: _.push(event), version: item.version + 1, updatedAt: ctx.now } });
    });
  } catch (err) {
    if (!(err instanceof Changed)) throw err;
    // Someone led it (or it finished) between the read and the write: answer as if called then.
    if (err.item.lead?.personId === user.person.id) return leadRow(err.item, ctx.now);
    return fail('INVALID_STATE', err.item.lead ? `该事项已由${err.item.lead.name}领办` : '该事项已结束，不能再领办');
  }
  return leadRow({ ...item, lead, version: item.version + 1, timeline: [...item.timeline, event], updatedAt: ctx.now }, ctx.now);
}
