import type { Database } from '../cloud';

export type OutboxStatus = 'pending' | 'sent' | 'refused' | 'failed';

/** One subscription message to deliver; retried by the timer until sent or given up. */
export interface OutboxDoc {
  _id: string;
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  itemId: string;
  status: OutboxStatus;
  attempts: number;
  lastError?: string;
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const outboxRepo = (db: Database) => {
  const col = db.collection('outbox');
  const _ = db.command;
  return {
    add: (doc: OutboxDoc) => col.add({ data: doc }),
    /** Whether a notice with this key (`<itemId>:v<version>`) was recorded. */
    has: async (id: string) => (await col.where({ _id: id }).count()).total > 0,
    async due(now: Date, limit: number): Promise<OutboxDoc[]> {
      const { data } = await col
        .where({ status: 'pending', nextAttemptAt: _.lte(now) })
        .orderBy('nextAttemptAt', 'asc')
        .limit(limit)
        .get();
      return data as OutboxDoc[];
    },
    /** Guarded by attempts so two timer runs never record the same try twice. */
    async record(doc: OutboxDoc, patch: Partial<OutboxDoc>): Promise<boolean> {
      const r = await col.where({ _id: doc._id, attempts: doc.attempts }).update({ data: patch });
      return r.stats.updated === 1;
    },
  };
};
