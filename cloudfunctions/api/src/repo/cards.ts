import type { CardDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const cardsRepo = (db: Database) => {
  const col = db.collection('cards');
  return {
    get: (code: string) => getOrNull<CardDoc>(col.doc(code)),
  };
};
