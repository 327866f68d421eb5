import type { Person } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const peopleRepo = (db: Database) => {
  const col = db.collection('people');
  return {
    get: (id: string) => getOrNull<Person>(col.doc(id)),
  };
};
