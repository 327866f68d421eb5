// The audit log (audit.ts): entries are added, never changed; admins read their subtree's with
// audit.list (index scopeNodeId + at).
import type { AuditDoc } from '../audit';
import type { Database } from '../cloud';

export const AUDIT_COLLECTION = 'audit';

export const auditRepo = (db: Database) => {
  const col = db.collection(AUDIT_COLLECTION);
  const _ = db.command;
  return {
    /** One entry. One write. */
    add: async (doc: AuditDoc): Promise<void> => void (await col.add({ data: doc })),
    /** Several entries with their own ids, in one write (none when empty). */
    async addMany(docs: readonly (AuditDoc & { _id: string })[]): Promise<void> {
      if (docs.length) await col.add({ data: [...docs] });
    },
    /** Which of these ids are present. One read. */
    async present(ids: readonly string[]): Promise<Set<string>> {
      if (!ids.length) return new Set();
      const { data } = await col.where({ _id: _.in([...ids]) }).field({ _id: true }).limit(ids.length).get();
      return new Set((data as { _id: string }[]).map((d) => d._id));
    },
    /** A page of the entries filed under these nodes (optionally of one action), newest first. One read. */
    async page(scopeNodeIds: readonly string[], action: string | undefined, page: number, size: number): Promise<{ docs: (AuditDoc & { _id: string })[]; hasMore: boolean }> {
      const where: Record<string, unknown> = { scopeNodeId: _.in([...scopeNodeIds]) };
      if (action) where.action = action;
      const { data } = await col.where(where).orderBy('at', 'desc').skip(page * size).limit(size + 1).get();
      return { docs: (data as (AuditDoc & { _id: string })[]).slice(0, size), hasMore: data.length > size };
    },
  };
};
