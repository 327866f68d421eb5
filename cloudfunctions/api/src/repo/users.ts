import type { UserDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const usersRepo = (db: Database) => {
  const col = db.collection('users');
  return {
    get: (openid: string) => getOrNull<UserDoc>(col.doc(openid)),
    /** Sets the household; creates the account doc on first use (one write either way when it exists). */
    async setHousehold(openid: string, household: Required<UserDoc>['household'] & { id: string }, now: Date) {
      const { id, ...loc } = household;
      const patch = { householdId: id, household: db.command.set(loc), updatedAt: now };
      const r = await col.doc(openid).update({ data: patch });
      if (r.stats.updated === 0) {
        await col.add({ data: { _id: openid, roles: [], householdId: id, household: loc, createdAt: now, updatedAt: now } });
      }
    },
  };
};
