// Wire contract of the notification actions: the subscription ledger, 消息中心 and dead letters.
import type * as v from 'valibot';
import type * as N from '../notify/schemas';

type In<S extends v.GenericSchema> = v.InferInput<S>;

export interface SubscriptionTemplateView {
  id: string;
  title: string;
  audience: 'staff' | 'resident';
  /** Long-term mode (长期订阅): remaining is 1 while subscribed. */
  longTerm: boolean;
  /** Messages WeChat will still deliver to this user. */
  remaining: number;
  lastResult: 'accept' | 'reject' | 'ban' | 'filter' | null;
  banned: boolean;
}

export interface SubscriptionStatus {
  templates: SubscriptionTemplateView[];
}

/** wechat: delivered to WeChat; sending: on its way; inApp: no subscription left, here only; failed: WeChat did not deliver it. */
export type Delivery = 'wechat' | 'sending' | 'inApp' | 'failed';

export interface MessageView {
  /** The notice's id: its one outbox document, which also carries the WeChat delivery status. */
  id: string;
  itemId: string;
  title: string;
  summary: string;
  body: string;
  at: string;
  read: boolean;
  /** Where tapping it goes (`/pages/item/index?id=…` or the handling page). */
  url: string;
  delivery: Delivery;
  deliveryLabel: string;
}

export interface MessageListResult {
  messages: MessageView[];
  hasMore: boolean;
  unread: number;
}

export interface DeadLetterView {
  id: string;
  itemId: string;
  /** Recipient's name, or 居民 for a resident. */
  recipient: string;
  templateTitle: string;
  /** 投诉·环境卫生 */
  summary: string;
  error: string;
  attempts: number;
  at: string;
}

export interface NotifyActions {
  /** The client's requestSubscribeMessage answers; answers the caller's ledger. */
  'subscription.report': [In<typeof N.SubscriptionReportInput>, SubscriptionStatus];
  /** The caller's ledger: how many notices each template will still bring. */
  'subscription.status': [In<typeof N.SubscriptionStatusInput>, SubscriptionStatus];
  /** 消息中心: the caller's notices, newest first, with the unread count. */
  'message.list': [In<typeof N.MessageListInput>, MessageListResult];
  /** Marks the caller's notices read (some, or all). */
  'message.read': [In<typeof N.MessageReadInput>, { unread: number }];
  /** Community and street admins: notices that failed for good, in their subtree. */
  'admin.deadLetters': [In<typeof N.DeadLettersInput>, { letters: DeadLetterView[]; hasMore: boolean }];
  /** Does nothing: the floor of every call (scripts/bench.ts). */
  'system.ping': [In<typeof N.PingInput>, { pong: true }];
}
