import type { UserDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull, isDuplicateKey } from './getOrNull';

export const usersRepo = (db: Database) => {
  const col = db.collection('users');

  /**
   * Idempotent upsert: update; when nothing changed, create. "0 changed" means either missing or
   * already equal (a double tap in the same millisecond), so a duplicate key on create means the doc
   * exists (made just now by a concurrent call, or already holding these values): apply the patch
   * once more and succeed either way.
   */
  async function upsert(openid: string, patch: object, created: () => object) {
    const r = await col.doc(openid).update({ data: patch });
    if (r.stats.updated > 0) return;
    try {
      await col.add({ data: { _id: openid, ...created() } });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await col.doc(openid).update({ data: patch });
    }
  }

  return {
    get: (openid: string) => getOrNull<UserDoc>(col.doc(openid)),
    /** Binds a person's roles to this account; creates the account doc if needed. */
    bindPerson: (openid: string, person: Required<UserDoc>['person'], roles: UserDoc['roles'], now: Date) =>
      upsert(
        openid,
        { person: db.command.set(person), roles: db.command.set(roles), updatedAt: now },
        () => ({ roles, person, createdAt: now, updatedAt: now }),
      ),
    /** Drops a person's roles from an account that no longer represents them. */
    unbindPerson: (openid: string, now: Date) =>
      col.doc(openid).update({ data: { person: db.command.remove(), roles: db.command.set([]), updatedAt: now } }),
    /** Sets the household; creates the account doc on first use (one write either way when it exists). */
    setHousehold(openid: string, household: Required<UserDoc>['household'] & { id: string }, now: Date) {
      const { id, ...loc } = household;
      return upsert(
        openid,
        { householdId: id, household: db.command.set(loc), updatedAt: now },
        () => ({ roles: [], householdId: id, household: loc, createdAt: now, updatedAt: now }),
      );
    },
    /** 个人信息删除 under way: the mark with its token, on the account, or on a new one when there is none (`exists`). One write. */
    async markErasure(openid: string, erasure: Required<UserDoc>['erasure'], exists: boolean, now: Date): Promise<void> {
      if (exists) await col.doc(openid).update({ data: { erasure: db.command.set(erasure), updatedAt: now } });
      else await col.doc(openid).set({ data: { roles: [], erasure, createdAt: now, updatedAt: now } });
    },
    /** The accounts bound to these households (at most 1,000): their ids and household. One read. */
    async ofHouseholds(householdIds: string[]): Promise<{ _id: string; householdId: string }[]> {
      if (!householdIds.length) return [];
      const { data } = await col.where({ householdId: db.command.in(householdIds) }).field({ _id: true, householdId: true }).limit(1000).get();
      return data as { _id: string; householdId: string }[];
    },
    /** Deletes the account (its household binding and any mark): 个人信息删除's last step. */
    async remove(openid: string): Promise<void> {
      await col.doc(openid).remove();
    },
  };
};
