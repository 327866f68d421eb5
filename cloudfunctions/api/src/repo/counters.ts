import { bucketId, COUNTERS_COLLECTION, PENDING_COLLECTION, type CounterDoc, type PendingTally } from '../../../../src/core/stats/buckets';
import type { Database } from '../cloud';

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
        const { data } = await db.collection(PENDING_COLLECTION).where(where).orderBy('_id', 'asc').skip(page * PAGE).limit(PAGE).get();
        out.push(...(data as PendingTally[]));
        if (data.length < PAGE) break;
      }
      return out;
    },
  };
};
