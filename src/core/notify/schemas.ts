import * as v from 'valibot';
import { id, pageNumber } from '../schemas';
import { TEMPLATES } from './templates';

// Inputs of the notification actions (subscription ledger, 消息中心, dead letters). Messages are Chinese.

const templateId = v.picklist(TEMPLATES.map((t) => t.id), '订阅消息模板无效，请更新小程序后重试');
const answer = v.picklist(['accept', 'reject', 'ban', 'filter'] as const, '订阅结果无效');

/** What requestSubscribeMessage answered, per template id (WeChat asks for at most 3 at once). */
export const SubscriptionReportInput = v.object({
  results: v.pipe(
    v.record(templateId, answer, '订阅结果格式不正确'),
    v.check((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 3, '每次最多报告 3 个模板的订阅结果'),
  ),
});

export const SubscriptionStatusInput = v.object({});

export const MessageListInput = v.object({
  page: pageNumber,
  /** Only the unread count (the home page's badge). */
  countOnly: v.optional(v.boolean('参数无效'), false),
});

export const MessageReadInput = v.pipe(
  v.object({
    ids: v.optional(v.pipe(v.array(id, '消息编号格式不正确'), v.minLength(1, '请选择消息'), v.maxLength(50, '一次最多标记 50 条消息'))),
    all: v.optional(v.boolean('参数无效'), false),
  }),
  v.check((x) => !!x.all !== !!x.ids, '请选择要标记已读的消息，或选择全部已读'),
);

export const DeadLettersInput = v.object({ page: pageNumber });

/** system.ping: no input (the benchmark's floor). */
export const PingInput = v.object({});
