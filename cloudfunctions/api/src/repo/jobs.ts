import type { JobDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull, isDuplicateKey } from './getOrNull';

export const jobsRepo = (db: Database) => {
  const col = db.collection('jobs');
  return {
    get: (id: string) => getOrNull<JobDoc>(col.doc(id)),
    /**
     * Claims jobs/{id} for one owner: the first caller creates it (insert-once, so two racing admins
     * cannot both win); later calls by the same owner may reuse it. False when another owner has it.
     */
    async claim(id: string, ownerOpenid: string, kind: string, now: Date): Promise<boolean> {
      try {
        await col.add({ data: { _id: id, kind, ownerOpenid, status: 'running', total: 0, processed: 0, message: '排队中', createdAt: now, updatedAt: now } });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const job = await getOrNull<JobDoc>(col.doc(id));
        return !job || job.ownerOpenid === ownerOpenid;
      }
    },
  };
};
