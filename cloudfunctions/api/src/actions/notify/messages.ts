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
    const outbox = ctx.repos.outbox;
    if (countOnly) return { messages: [], hasMore: false, unread: await outbox.unread(ctx.openid) };
    // One document per notice: its 消息中心 fields and its delivery status (repo/outbox.ts).
    const [r, unread] = await Promise.all([outbox.page(ctx.openid, page), outbox.unread(ctx.openid)]);
    const messages = r.docs.map((m): MessageView => {
      const delivery = DELIVERY[m.status];
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
    const outbox = ctx.repos.outbox;
    if (!all) {
      const list = [...new Set(ids ?? [])];
      // Only the caller's notices change (the update matches touser); ownership is read only when nothing changed.
      if ((await outbox.markRead(ctx.openid, list, ctx.now)) === 0 && (await outbox.owned(ctx.openid, list)) === 0) return fail('NOT_FOUND', '消息不存在或已删除');
    } else await outbox.markRead(ctx.openid, 'all', ctx.now);
    return { unread: await outbox.unread(ctx.openid) };
  },
});
