import type { Database } from '../cloud';
import { removeBatch } from './removeBatch';

/**
 * One notice (消息中心 message and WeChat delivery record in one document, written once in the
 * transaction of the change that causes it; app/effects.ts). Delivery status:
 * pending: waits for its (next) try. sending: a sender holds the claim (claimOwner, claimedAt) and
 * has not yet called WeChat. sent: handed to WeChat (marked just before the call, `sentAt`): WeChat
 * accepted it, or its sender died inside the call; never sent again (app/deliver.ts). skipped: the
 * recipient had no subscription left, so it went to the message center only. refused: WeChat
 * answered 43101. failed: a permanent error or no tries left (a dead letter, shown to community admins).
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'refused' | 'failed';

/** Statuses that never change again. */
export const FINAL_STATUSES: readonly OutboxStatus[] = ['sent', 'skipped', 'refused', 'failed'];

/**
 * A claim older than this may be taken over: its sender died (a cloud function runs at most 60 s,
 * CloudBase up to 900 s). The notice then goes out late rather than never.
 */
export const CLAIM_LEASE_MS = 15 * 60_000;

/**
 * One notice to one user: what 消息中心 shows (title, summary, body, read) and the subscription
 * message to deliver, retried by the timer until sent or given up. `_id` is `<itemId>:v<version>:<n>`.
 */
export interface OutboxDoc {
  _id: string;
  /** The recipient's OPENID (消息中心 lists a user's notices by it). */
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  itemId: string;
  /** The item's street and community: admins see the dead letters of their subtree. */
  scope?: string[];
  status: OutboxStatus;
  attempts: number;
  lastError?: string;
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Who holds the claim while status is 'sending', and since when. */
  claimOwner?: string;
  claimedAt?: Date;
  /**
   * One grant of the recipient's ledger is held for this record (kept across retries); for a
   * long-term template, the ledger showed the user subscribed when the notice was written.
   */
  grantSpent?: boolean;
  /** When it was handed to WeChat (status 'sent'). */
  sentAt?: Date;
  // 消息中心
  /** Short status word, e.g. 新待办, 已受理, 请评价. */
  title: string;
  /** 投诉·环境卫生 */
  summary: string;
  /** The note or the item's text, untruncated. */
  body: string;
  read: boolean;
  readAt?: Date;
}

export const MESSAGE_PAGE_SIZE = 20;

export const outboxRepo = (db: Database) => {
  const col = db.collection('outbox');
  const _ = db.command;
  return {
    add: (doc: OutboxDoc) => col.add({ data: doc }),
    /** Whether a notice with this key (`<itemId>:v<version>`) was recorded. */
    has: async (id: string) => (await col.where({ _id: id }).count()).total > 0,
    /** Pending records whose backoff has passed, oldest first. */
    async due(now: Date, limit: number): Promise<OutboxDoc[]> {
      const { data } = await col
        .where({ status: 'pending', nextAttemptAt: _.lte(now) })
        .orderBy('nextAttemptAt', 'asc')
        .limit(limit)
        .get();
      return data as OutboxDoc[];
    },
    /** Records whose sender died holding the claim (older than the lease). */
    async stale(now: Date, limit: number): Promise<OutboxDoc[]> {
      const { data } = await col
        .where({ status: 'sending', claimedAt: _.lte(new Date(now.getTime() - CLAIM_LEASE_MS)) })
        .orderBy('claimedAt', 'asc')
        .limit(limit)
        .get();
      return data as OutboxDoc[];
    },
    /**
     * Compare-and-set pending → sending (or a stale claim → a new one) for `owner`. Exactly one of
     * several concurrent senders wins; only the winner may send. One write.
     */
    async claim(doc: OutboxDoc, owner: string, now: Date): Promise<boolean> {
      const cond =
        doc.status === 'pending'
          ? { _id: doc._id, status: 'pending', attempts: doc.attempts }
          : { _id: doc._id, status: 'sending', claimOwner: doc.claimOwner, claimedAt: _.lte(new Date(now.getTime() - CLAIM_LEASE_MS)) };
      const r = await col.where(cond).update({ data: { status: 'sending', claimOwner: owner, claimedAt: now } });
      return r.stats.updated === 1;
    },
    /** Records the outcome of a try and releases the claim; false when the claim was taken over. One write. */
    async record(doc: Pick<OutboxDoc, '_id'>, owner: string, patch: Partial<OutboxDoc>): Promise<boolean> {
      const data: Record<string, unknown> = { ...patch, claimOwner: _.remove(), claimedAt: _.remove() };
      for (const [k, v] of Object.entries(data)) if (v === undefined) data[k] = _.remove();
      const r = await col.where({ _id: doc._id, status: 'sending', claimOwner: owner }).update({ data });
      return r.stats.updated === 1;
    },
    /**
     * Corrects a record marked 'sent' before its send, once WeChat answered an error. No other
     * sender touches a 'sent' record, so the try's number is guard enough. One write.
     */
    async settle(id: string, attempts: number, patch: Partial<OutboxDoc>): Promise<boolean> {
      const data: Record<string, unknown> = { ...patch };
      for (const [k, v] of Object.entries(data)) if (v === undefined) data[k] = _.remove();
      const r = await col.where({ _id: id, status: 'sent', attempts }).update({ data });
      return r.stats.updated === 1;
    },
    // 消息中心: a user's notices (indexes touser+createdAt, touser+read).
    /** A page of the user's notices, newest first. One read. */
    async page(touser: string, page: number): Promise<{ docs: OutboxDoc[]; hasMore: boolean }> {
      const { data } = await col
        .where({ touser })
        .orderBy('createdAt', 'desc')
        .skip(page * MESSAGE_PAGE_SIZE)
        .limit(MESSAGE_PAGE_SIZE + 1)
        .get();
      return { docs: (data as OutboxDoc[]).slice(0, MESSAGE_PAGE_SIZE), hasMore: data.length > MESSAGE_PAGE_SIZE };
    },
    /** One read. */
    unread: async (touser: string) => (await col.where({ touser, read: false }).count()).total,
    /** How many notices the user has. One read. */
    count: async (touser: string) => (await col.where({ touser }).count()).total,
    /** How many of these ids are the user's. One read. */
    owned: async (touser: string, ids: string[]) => (await col.where({ touser, _id: _.in(ids) }).count()).total,
    /** Marks the user's given notices (or all) read; answers how many changed. One write. */
    async markRead(touser: string, ids: string[] | 'all', now: Date): Promise<number> {
      const cond = ids === 'all' ? { touser, read: false } : { touser, read: false, _id: _.in(ids) };
      const r = await col.where(cond).update({ data: { read: true, readAt: now } });
      return r.stats.updated;
    },
    /** Dead letters (failed for good) of items under any of the given nodes, newest first. One read. */
    async deadLetters(nodeIds: string[], page: number, size: number): Promise<{ docs: OutboxDoc[]; hasMore: boolean }> {
      const { data } = await col
        .where({ scope: _.in(nodeIds), status: 'failed' })
        .orderBy('updatedAt', 'desc')
        .skip(page * size)
        .limit(size + 1)
        .get();
      return { docs: (data as OutboxDoc[]).slice(0, size), hasMore: data.length > size };
    },
    /** 个人信息删除: up to `limit` of the user's notices (each also its WeChat delivery record) removed; answers how many. */
    removeOf: (touser: string, limit: number) => removeBatch(col, _, { touser }, limit),
  };
};
