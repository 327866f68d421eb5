// Dead letters: notices WeChat did not deliver for good (a permanent error, or every retry failed),
// for the community and street admins of the items' subtree. The holder's inbox still shows the
// item, and the recipient's 消息中心 still has the notice (the same document).
import type { DeadLetterView } from '../../../../../src/core/api/notifyContract';
import { DeadLettersInput } from '../../../../../src/core/notify/schemas';
import { TEMPLATES } from '../../../../../src/core/notify/templates';
import { defineAction } from '../../action';
import { requireAdmin } from '../../adminScope';

const PAGE = 20;

export const deadLetters = defineAction({
  name: 'admin.deadLetters',
  input: DeadLettersInput,
  async run(ctx, { page }): Promise<{ letters: DeadLetterView[]; hasMore: boolean }> {
    const scope = await requireAdmin(ctx);
    const r = await ctx.repos.outbox.deadLetters(scope.roots, page, PAGE);
    const people = await ctx.repos.people.namesByOpenid(r.docs.map((d) => d.touser));
    const letters = r.docs.map((d): DeadLetterView => ({
      id: d._id,
      itemId: d.itemId,
      recipient: people.find((p) => p.openid === d.touser)?.name ?? '居民',
      templateTitle: TEMPLATES.find((t) => t.id === d.templateId)?.title ?? d.templateId,
      summary: d.summary ?? d.data?.thing1?.value ?? '',
      error: d.lastError ?? '',
      attempts: d.attempts,
      at: new Date(d.updatedAt).toISOString(),
    }));
    return { letters, hasMore: r.hasMore };
  },
});
