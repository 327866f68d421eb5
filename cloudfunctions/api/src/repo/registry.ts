import type { Department, WorkGroup } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';
import { stripId } from './people';
import { SETTINGS_CACHE_MS } from './settings';

/** Per database: departments a warm instance read lately for the workflow (see `known`). */
const departmentCache = new WeakMap<object, Map<string, { at: number; value: Department | null }>>();

export const departmentsRepo = (db: Database) => {
  const col = db.collection('departments');
  let mine = departmentCache.get(db);
  if (!mine) departmentCache.set(db, (mine = new Map()));
  const cached = mine;
  return {
    get: (id: string) => getOrNull<Department>(col.doc(id)),
    /**
     * Departments as the workflow needs them (吹哨 targets, a category rule's department), kept by a
     * warm instance like the street settings (SETTINGS_CACHE_MS): they are registered once and
     * rarely change. A save through this instance shows at once; one read for the rest, or none.
     */
    async known(ids: string[]): Promise<Department[]> {
      const wanted = [...new Set(ids)];
      const fresh = (id: string) => {
        const hit = cached.get(id);
        return hit && Date.now() - hit.at < SETTINGS_CACHE_MS ? hit : null;
      };
      const missing = wanted.filter((id) => !fresh(id));
      if (missing.length) {
        const { data } = await col.where({ _id: db.command.in(missing) }).limit(Math.min(1000, missing.length)).get();
        const found = new Map((data as Department[]).map((d) => [d._id, d]));
        if (cached.size > 2000) cached.clear();
        for (const id of missing) cached.set(id, { at: Date.now(), value: found.get(id) ?? null });
      }
      return wanted.map((id) => cached.get(id)?.value).filter((d): d is Department => !!d);
    },
    /** Several departments in one read. */
    async many(ids: string[]): Promise<Department[]> {
      if (!ids.length) return [];
      const { data } = await col.where({ _id: db.command.in(ids) }).limit(Math.min(1000, ids.length)).get();
      return data as Department[];
    },
    async inScopes(scopeNodeIds: string[]): Promise<Department[]> {
      const { data } = await col.where({ scopeNodeId: db.command.in(scopeNodeIds) }).orderBy('_id', 'asc').limit(200).get();
      return data as Department[];
    },
    async save(d: Department): Promise<void> {
      cached.delete(d._id);
      await col.doc(d._id).set({ data: stripId(d) });
      cached.delete(d._id);
    },
  };
};

export const workGroupsRepo = (db: Database) => {
  const col = db.collection('workGroups');
  const people = db.collection('people');
  const _ = db.command;
  return {
    get: (id: string) => getOrNull<WorkGroup>(col.doc(id)),
    async ofCommunity(communityId: string): Promise<WorkGroup[]> {
      const { data } = await col.where({ communityId }).orderBy('_id', 'asc').limit(200).get();
      return data as WorkGroup[];
    },
    save: (g: WorkGroup) => col.doc(g._id).set({ data: stripId(g) }),
    /** Members carry their group, so a group's cards print from one query; leavers lose it. */
    async setMembers(groupId: string, memberIds: string[], leftIds: string[]) {
      if (memberIds.length) await people.where({ _id: _.in(memberIds) }).update({ data: { workGroupId: groupId } });
      if (leftIds.length) await people.where({ _id: _.in(leftIds), workGroupId: groupId }).update({ data: { workGroupId: _.remove() } });
    },
  };
};
