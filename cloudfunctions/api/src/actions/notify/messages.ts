// 消息中心: every notice of the caller, whether or not WeChat delivered it.
import type { Delivery, MessageListResult, MessageView } from '../../../../../src/core/api/notifyContract';
import { fail } from '../../../../../src/core/errors';
import { MessageListInput, MessageReadInput } from '../../../../../src/core/notify/schemas';
import { defineAction } from '../../action';
import type { OutboxStatus } from '../../repo/outbox';

const DELIVERY: Record<OutboxStatus, Delivery> = {
  pending: 'sending',
  sending: 'sending',
  sent: 'wechat',
  skipped: 'inApp',
  refused: 'failed',
  failed: 'failed',
};
const DELIVERY_LABEL: Record<Delivery, string> = {
  wechat: '已推送到微信',
  sending: '微信推送中',
  inApp: '仅站内通知（微信订阅次数已用完）',
  failed: '微信通知未送达',
};

export const messageList = defineAction({
  name: 'message.list',
  input: MessageListInput,
  async run(ctx, { page, countOnly }): Promise<MessageListResult> {
    if (countOnly) return { messages: [], hasMore: false, unread: await ctx.repos.messages.unread(ctx.openid) };
    const [r, unread] = await Promise.all([ctx.repos.messages.page(ctx.openid, page), ctx.repos.messages.unread(ctx.openid)]);
    const status = await ctx.repos.outbox.statusOf(r.messages.map((m) => m._id));
    const messages = r.messages.map((m): MessageView => {
      const delivery = DELIVERY[status.get(m._id)?.status ?? 'skipped'];
      return {
        id: m._id,
        itemId: m.itemId,
        title: m.title,
        summary: m.summary,
        body: m.body,
        at: new Date(m.createdAt).toISOString(),
        read: m.read,
        url: `/${m.page}`,
        delivery,
        deliveryLabel: DELIVERY_LABEL[delivery],
      };
    });
    return { messages, hasMore: r.hasMore, unread };
  },
});

export const messageRead = defineAction({
  name: 'message.read',
  input: MessageReadInput,
  async run(ctx, { ids, all }): Promise<{ unread: number }> {
    if (!all) {
      const list = [...new Set(ids ?? [])];
      if ((await ctx.repos.messages.owned(ctx.openid, list)) === 0) return fail('NOT_FOUND', '消息不存在或已删除');
      await ctx.repos.messages.markRead(ctx.openid, list, ctx.now);
    } else await ctx.repos.messages.markRead(ctx.openid, 'all', ctx.now);
    return { unread: await ctx.repos.messages.unread(ctx.openid) };
  },
});
