import type { CardDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull, isDuplicateKey } from './getOrNull';

export const cardsRepo = (db: Database) => {
  const col = db.collection('cards');
  return {
    get: (code: string) => getOrNull<CardDoc>(col.doc(code)),
    /** False when the code is taken (codes are random; the caller draws again). */
    async addIfFree(card: CardDoc): Promise<boolean> {
      try {
        await col.add({ data: card });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    revoke: async (code: string, replacedBy: string) =>
      (await col.where({ _id: code, status: 'active' }).update({ data: { status: 'revoked', replacedBy } })).stats.updated === 1,
  };
};
