import type { UserDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const usersRepo = (db: Database) => {
  const col = db.collection('users');
  return {
    get: (openid: string) => getOrNull<UserDoc>(col.doc(openid)),
    /** Binds a person's roles to this account; creates the account doc if needed. */
    async bindPerson(openid: string, person: Required<UserDoc>['person'], roles: UserDoc['roles'], now: Date) {
      const r = await col.doc(openid).update({ data: { person: db.command.set(person), roles: db.command.set(roles), updatedAt: now } });
      if (r.stats.updated === 0) {
        await col.add({ data: { _id: openid, roles, person, createdAt: now, updatedAt: now } });
      }
    },
    /** Drops a person's roles from an account that no longer represents them. */
    unbindPerson: (openid: string, now: Date) =>
      col.doc(openid).update({ data: { person: db.command.remove(), roles: db.command.set([]), updatedAt: now } }),
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
