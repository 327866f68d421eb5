import { bucketId, COUNTERS_COLLECTION, PENDING_COLLECTION, type CounterDoc, type PendingTally } from '../../../../src/core/stats/buckets';
import type { Database } from '../cloud';
import { pagesOf } from './pages';

const PAGE = 100;
/** The server answers up to 1,000 documents per get. */
const PAGE_MAX = 1000;

/**
 * Statistics counter documents, per community and day, and per month for finished days
 * (core/stats/buckets.ts); written only inside transitions and by the timer (app/counters.ts).
 * Readers ask for the fields they need (buckets.counterFields).
 */
export const countersRepo = (db: Database) => {
  const col = db.collection(COUNTERS_COLLECTION);
  const pendingCol = db.collection(PENDING_COLLECTION);
  const _ = db.command;
  const all = async (where: unknown, fields: Record<string, boolean>): Promise<CounterDoc[]> => {
    const out: CounterDoc[] = [];
    for (let page = 0; ; page++) {
      const { data } = await col.where(where as Record<string, unknown>).orderBy('_id', 'asc').skip(page * PAGE_MAX).limit(PAGE_MAX).field(fields).get();
      out.push(...(data as CounterDoc[]));
      if (data.length < PAGE_MAX || page >= 20) return out;
    }
  };
  /**
   * Unrolled days count only within the months asked for: after a timer outage a read still
   * fetches no day outside its period ('YYYY-MM-DD' strings order like the dates; '~' sorts after digits).
   */
  const within = (months: string[], days: string[]) => {
    const keys = [...months, ...days].map((p) => p.slice(0, 7)).sort();
    return keys.length ? _.and(_.gte(keys[0]), _.lte(`${keys[keys.length - 1]}~`)) : _.in([]);
  };
  return {
    /**
     * A community's documents of these months and days ('YYYY-MM', 'YYYY-MM-DD', by _id), and its day
     * documents not yet rolled (index communityId + rolled): one read per 1,000.
     */
    ofCommunity(communityId: string, months: string[], days: string[], fields: Record<string, boolean>): Promise<CounterDoc[]> {
      const ids = [...months, ...days].map((p) => bucketId(communityId, p));
      return all(_.or([{ _id: _.in(ids) }, { communityId, rolled: false, period: within(months, days) }]), fields);
    },
    /** The same for a street (index streetId + period, streetId + rolled). */
    ofStreet(streetId: string, months: string[], days: string[], fields: Record<string, boolean>): Promise<CounterDoc[]> {
      return all(_.or([{ streetId, period: _.in([...months, ...days]) }, { streetId, rolled: false, period: within(months, days) }]), fields);
    },
    /** Tallies not yet folded into the counter documents (the timer folds them every minute). */
    async pending(where: { streetId: string } | { communityId: string }): Promise<PendingTally[]> {
      const out: PendingTally[] = [];
      for (let page = 0; page < 20; page++) {
        const { data } = await pendingCol.where(where).orderBy('_id', 'asc').skip(page * PAGE).limit(PAGE).get();
        out.push(...(data as PendingTally[]));
        if (data.length < PAGE) break;
      }
      return out;
    },
    // The timer's fold and roll-up (app/counters.ts) read these outside their transactions.
    /** The oldest pending tallies, at most `limit` (≤ 1,000). One read. */
    async pendingOldest(limit: number): Promise<PendingTally[]> {
      const { data } = await pendingCol.orderBy('createdAt', 'asc').limit(Math.min(limit, PAGE_MAX)).get();
      return data as PendingTally[];
    },
    /** The ids of day documents not yet rolled whose day is before `cutoff`, oldest first, at most `limit`. One read. */
    async unrolledBefore(cutoff: string, limit: number): Promise<string[]> {
      const { data } = await col.where({ rolled: false, period: _.lt(cutoff) }).orderBy('period', 'asc').limit(limit).field({ _id: true }).get();
      return (data as { _id: string }[]).map((d) => d._id);
    },
    // The rebuild (app/counters.ts rebuildCounters): whole collections, a page at a time.
    /** Every counter document. */
    scan: () => pagesOf<CounterDoc>(col, _),
    /** Every pending tally (only these fields, when given). */
    scanPending: (field?: Record<string, boolean>) => pagesOf<PendingTally>(pendingCol, _, { field }),
    /** Writes a counter document whole. One write. */
    put: async ({ _id, ...data }: CounterDoc): Promise<void> => void (await col.doc(_id).set({ data })),
    /** Removes these counter documents (up to 100 a write). */
    async remove(ids: readonly string[]): Promise<void> {
      for (let i = 0; i < ids.length; i += PAGE) await col.where({ _id: _.in(ids.slice(i, i + PAGE)) }).remove();
    },
    /** Removes these pending tallies (one write). */
    async removePending(ids: readonly string[]): Promise<void> {
      if (ids.length) await pendingCol.where({ _id: _.in([...ids]) }).remove();
    },
  };
};
