import type { JobDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const jobsRepo = (db: Database) => {
  const col = db.collection('jobs');
  return { get: (id: string) => getOrNull<JobDoc>(col.doc(id)) };
};
