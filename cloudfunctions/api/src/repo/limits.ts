// 防刷 per-IP windows (app/limits.ts): a counter document per key and fixed window, bumped by a
// conditional update; the timer deletes the windows that are over (index expiresAt).
import type { Database } from '../cloud';
import { isDuplicateKey } from './getOrNull';

export const LIMITS_COLLECTION = 'limits';

export const limitsRepo = (db: Database) => {
  const col = db.collection(LIMITS_COLLECTION);
  const _ = db.command;
  return {
    /** One more request in window `id`, if it holds fewer than `limit`; false when full or missing. One write. */
    bump: async (id: string, limit: number): Promise<boolean> => (await col.where({ _id: id, n: _.lt(limit) }).update({ data: { n: _.inc(1) } })).stats.updated === 1,
    /** Creates window `id` holding its first request; false when it exists already. One write. */
    async open(id: string, key: string, expiresAt: Date): Promise<boolean> {
      try {
        await col.add({ data: { _id: id, key, n: 1, expiresAt } });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return false;
      }
    },
    /** Deletes the windows that ended before `now`. One write. */
    purgeExpired: async (now: Date): Promise<void> => void (await col.where({ expiresAt: _.lt(now) }).remove()),
  };
};
