import type { Department, WorkGroup } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';
import { stripId } from './people';

export const departmentsRepo = (db: Database) => {
  const col = db.collection('departments');
  return {
    get: (id: string) => getOrNull<Department>(col.doc(id)),
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
    save: (d: Department) => col.doc(d._id).set({ data: stripId(d) }),
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
