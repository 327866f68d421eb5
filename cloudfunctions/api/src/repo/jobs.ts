import type { JobDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { LEASE_MS, type QueuedJobDoc } from '../jobs/spec';
import { getOrNull, isDuplicateKey, updatedOf } from './getOrNull';

/** Adds a document under its own id; false when one exists already (insert-once). */
async function addOnce(add: () => Promise<unknown>): Promise<boolean> {
  try {
    await add();
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return false;
  }
}

export interface ImportLockDoc {
  /** The scope's node id: one import at a time per scope. */
  _id: string;
  jobId: string;
  openid: string;
  at: Date;
}

export const jobsRepo = (db: Database) => {
  const col = db.collection('jobs');
  const locks = db.collection('importLocks');
  return {
    get: (id: string) => getOrNull<JobDoc>(col.doc(id)),
    /** A background job as the jobs function runs it (jobs/spec.ts). */
    queued: (id: string) => getOrNull<QueuedJobDoc>(col.doc(id)),
    /**
     * Claims jobs/{id} for one owner: the first caller creates it (insert-once, so two racing admins
     * cannot both win); later calls by the same owner may reuse it. False when another owner has it.
     */
    async claim(id: string, ownerOpenid: string, kind: string, now: Date): Promise<boolean> {
      if (await addOnce(() => col.add({ data: { _id: id, kind, ownerOpenid, status: 'running', total: 0, processed: 0, message: '排队中', createdAt: now, updatedAt: now } }))) return true;
      const job = await getOrNull<JobDoc>(col.doc(id));
      return !job || job.ownerOpenid === ownerOpenid;
    },
    /** Creates jobs/{id} queued; false when the id exists. One write. */
    addQueued: (id: string, fresh: Omit<QueuedJobDoc, '_id' | 'createdAt'>, now: Date) => addOnce(() => col.add({ data: { _id: id, ...fresh, createdAt: now } })),
    /** Queues an existing job again, its earlier result dropped. One write. */
    requeue: async (id: string, fresh: Omit<QueuedJobDoc, '_id' | 'createdAt'>): Promise<void> => void (await col.doc(id).update({ data: { ...fresh, result: db.command.remove() } })),
    // The jobs function's runner (jobs/runner.ts).
    /**
     * Takes the job for a run if it is queued, or running with an expired lease (a crashed run): one
     * conditional update, so two runs racing for the same job cannot both get it.
     */
    async lease(id: string, now: Date): Promise<boolean> {
      const _ = db.command;
      const r = await col.where({ _id: id, status: _.in(['queued', 'running']), leaseUntil: _.lte(now) })
        .update({ data: { status: 'running', leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: _.inc(1), updatedAt: now } });
      return updatedOf(r) === 1;
    },
    /** Writes a run's outcome (or its progress). One write. */
    patch: async (id: string, data: Record<string, unknown>): Promise<void> => void (await col.doc(id).update({ data })),
    /** Jobs due to run: queued and never started, or running on an expired lease, oldest lease first. One read. */
    async due(at: Date, limit: number): Promise<QueuedJobDoc[]> {
      const _ = db.command;
      const { data } = await col.where({ status: _.in(['queued', 'running']), leaseUntil: _.lte(at) }).orderBy('leaseUntil', 'asc').limit(limit).get();
      return data as QueuedJobDoc[];
    },
    /** Finished jobs older than `before`, at most 100. One read. */
    async finishedBefore(before: Date): Promise<QueuedJobDoc[]> {
      const _ = db.command;
      const { data } = await col.where({ status: _.in(['done', 'failed']), finishedAt: _.lt(before) }).limit(100).get();
      return data as QueuedJobDoc[];
    },
    remove: async (id: string): Promise<void> => void (await col.doc(id).remove()),
    /** 导入互斥 (jobs/client.ts lockImportScope): one import lock per scope. */
    importLocks: {
      get: (scopeNodeId: string) => getOrNull<ImportLockDoc>(locks.doc(scopeNodeId)),
      /** Takes a free scope; false when it is locked already. One write. */
      add: (lock: ImportLockDoc) => addOnce(() => locks.add({ data: lock })),
      /** Moves the lock from `fromJobId` to a new holder (compare-and-set); false when it moved meanwhile. One write. */
      async takeOver(scopeNodeId: string, fromJobId: string, to: Omit<ImportLockDoc, '_id'>): Promise<boolean> {
        return updatedOf(await locks.where({ _id: scopeNodeId, jobId: fromJobId }).update({ data: to })) > 0;
      },
    },
  };
};
