// 内容安全 for photos (app/mediaCheck.ts): one document per photo sent to mediaCheckAsync, keyed by
// WeChat's trace id, until its verdict arrives.
import type { Database } from '../cloud';
import { updatedOf } from './getOrNull';

export const MEDIA_CHECKS = 'mediaChecks';

export interface MediaCheckDoc {
  /** WeChat's trace id: the only key the verdict carries. */
  _id: string;
  itemId: string;
  fileID: string;
  /** Who uploaded it: they keep seeing it when it is hidden. */
  uploader: string;
  status: 'pending' | 'pass' | 'risky';
  createdAt: Date;
  decidedAt?: Date;
}

export const mediaChecksRepo = (db: Database) => {
  const col = db.collection(MEDIA_CHECKS);
  return {
    /** Records the checks asked for: one write for all of them (an array add). */
    async add(docs: readonly MediaCheckDoc[]): Promise<void> {
      if (docs.length) await col.add({ data: [...docs] });
    },
    /** Decides a pending check; false when there is none under this id (unknown, or decided already). One write. */
    async claim(traceId: string, status: 'pass' | 'risky', now: Date): Promise<boolean> {
      return updatedOf(await col.where({ _id: traceId, status: 'pending' }).update({ data: { status, decidedAt: now } })) > 0;
    },
    get: async (traceId: string): Promise<MediaCheckDoc> => (await col.doc(traceId).get()).data as MediaCheckDoc,
  };
};
