import { bucketId, COUNTERS_COLLECTION, PENDING_COLLECTION, type CounterDoc, type PendingTally } from '../../../../src/core/stats/buckets';
import type { Database } from '../cloud';

const PAGE = 100;
/** The server answers up to 1,000 documents per get. */
const STREET_PAGE = 1000;

/**
 * Statistics counter documents, one per community and month (core/stats/buckets.ts); written only
 * inside transitions (app/counters.ts). Readers ask for the fields they need (buckets.counterFields):
 * a month's own figures, or some of its days.
 */
export const countersRepo = (db: Database) => {
  const col = db.collection(COUNTERS_COLLECTION);
  const _ = db.command;
  return {
    /** A community's documents of these months, by _id (one read per 100). */
    async ofCommunity(communityId: string, months: string[], fields: Record<string, boolean>): Promise<CounterDoc[]> {
      const ids = months.map((p) => bucketId(communityId, p));
      const out: CounterDoc[] = [];
      for (let i = 0; i < ids.length; i += PAGE) {
        const { data } = await col.where({ _id: _.in(ids.slice(i, i + PAGE)) }).limit(PAGE).field(fields).get();
        out.push(...(data as CounterDoc[]));
      }
      return out;
    },
    /** A street's documents of these months (index streetId + period), a page of up to 1,000 per read. */
    async ofStreet(streetId: string, months: string[], fields: Record<string, boolean>): Promise<CounterDoc[]> {
      const out: CounterDoc[] = [];
      for (let page = 0; ; page++) {
        const { data } = await col
          .where({ streetId, period: _.in(months) })
          .orderBy('_id', 'asc')
          .skip(page * STREET_PAGE)
          .limit(STREET_PAGE)
          .field(fields)
          .get();
        out.push(...(data as CounterDoc[]));
        if (data.length < STREET_PAGE || page >= 20) return out;
      }
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
