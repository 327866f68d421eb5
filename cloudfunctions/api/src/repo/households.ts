import type { Household } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const householdsRepo = (db: Database) => {
  const col = db.collection('households');
  return {
    get: (id: string) => getOrNull<Household>(col.doc(id)),
    async inUnit(unitId: string): Promise<Household[]> {
      const { data } = await col.where({ unitId }).orderBy('room', 'asc').limit(200).get();
      return data as Household[];
    },
  };
};
