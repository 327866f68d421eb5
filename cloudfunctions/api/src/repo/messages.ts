// 消息中心: every notice lands here, whether or not a WeChat subscription message goes out. Written
// in the same transaction as the change that causes it; `_id` is the id of its outbox record.
import type { Database } from '../cloud';

export interface MessageDoc {
  _id: string;
  /** The recipient. */
  openid: string;
  itemId: string;
  templateId: string;
  /** Short status word, e.g. 新待办, 已受理, 请评价. */
  title: string;
  /** 投诉·环境卫生 */
  summary: string;
  /** The note or the item's text, untruncated. */
  body: string;
  /** The page that opens the item, as the WeChat message would (`packages/cadre/handle/index?id=…`). */
  page: string;
  read: boolean;
  readAt?: Date;
  createdAt: Date;
}

export const MESSAGE_PAGE_SIZE = 20;

export const messagesRepo = (db: Database) => {
  const col = db.collection('messages');
  const _ = db.command;
  return {
    /** A page of the user's messages, newest first. One read. */
    async page(openid: string, page: number): Promise<{ messages: MessageDoc[]; hasMore: boolean }> {
      const { data } = await col
        .where({ openid })
        .orderBy('createdAt', 'desc')
        .skip(page * MESSAGE_PAGE_SIZE)
        .limit(MESSAGE_PAGE_SIZE + 1)
        .get();
      return { messages: (data as MessageDoc[]).slice(0, MESSAGE_PAGE_SIZE), hasMore: data.length > MESSAGE_PAGE_SIZE };
    },
    /** One read. */
    unread: async (openid: string) => (await col.where({ openid, read: false }).count()).total,
    /** How many of these ids are the user's. One read. */
    owned: async (openid: string, ids: string[]) => (await col.where({ openid, _id: _.in(ids) }).count()).total,
    /** Marks the given messages (or all) read. One write. */
    async markRead(openid: string, ids: string[] | 'all', now: Date): Promise<number> {
      const cond = ids === 'all' ? { openid, read: false } : { openid, read: false, _id: _.in(ids) };
      const r = await col.where(cond).update({ data: { read: true, readAt: now } });
      return r.stats.updated;
    },
  };
};
