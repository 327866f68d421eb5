// 个人信息删除 (app/erase.ts): the bookkeeping documents that name a resident and belong to no other
// repo, removed one bounded batch at a time. The items, the 回音壁 entries, the notices (outbox), the
// subscription ledger and the account go through their own repos.
import type { Database } from '../cloud';
import { MEDIA_CHECKS } from './mediaChecks';
import { EVALUATIONS_COLLECTION, raterKey } from './engage';
import { removeBatch } from './removeBatch';

export const erasureRepo = (db: Database) => {
  const _ = db.command;
  return {
    /** The 内容安全 checks of photos they uploaded. */
    mediaChecks: (openid: string, limit: number) => removeBatch(db.collection(MEDIA_CHECKS), _, { uploader: openid }, limit),
    /** Their 民主测评 ratings, found by their rater key (the totals keep their sums, which name nobody). */
    ratings: (openid: string, limit: number) => removeBatch(db.collection(EVALUATIONS_COLLECTION), _, { rater: raterKey(openid) }, limit),
  };
};
