// 个人信息删除 (app/erase.ts): the bookkeeping documents that name a resident, removed one bounded
// batch at a time. The items, the 回音壁 entries and the account go through their own repos.
import type { Database } from '../cloud';
import { MEDIA_CHECKS } from './mediaChecks';
import { EVALUATIONS_COLLECTION, raterKey } from './engage';

export const erasureRepo = (db: Database) => {
  /** Up to `limit` documents of a collection matching `where`: one read, and one write when any. Answers how many. */
  async function removeBatch(collection: string, where: Record<string, string>, limit: number): Promise<number> {
    const { data } = await db.collection(collection).where(where).limit(limit).get();
    const ids = (data as { _id: string }[]).map((d) => d._id);
    if (ids.length) await db.collection(collection).where({ _id: db.command.in(ids) }).remove();
    return ids.length;
  }
  return {
    /** 消息中心: the notices sent to them (each also its WeChat delivery record). */
    messages: (openid: string, limit: number) => removeBatch('outbox', { touser: openid }, limit),
    /** Their subscription ledger. */
    subscriptions: (openid: string, limit: number) => removeBatch('subscriptions', { openid }, limit),
    /** The 内容安全 checks of photos they uploaded. */
    mediaChecks: (openid: string, limit: number) => removeBatch(MEDIA_CHECKS, { uploader: openid }, limit),
    /** Their 民主测评 ratings, found by their rater key (the totals keep their sums, which name nobody). */
    ratings: (openid: string, limit: number) => removeBatch(EVALUATIONS_COLLECTION, { rater: raterKey(openid) }, limit),
  };
};
