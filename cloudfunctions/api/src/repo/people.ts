import type { Person } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';
import type { SubscriptionDoc } from './subscriptions';

/** A bound person with their subscription ledger entries joined in (notice recipients). */
export type Reachable = Person & { openid: string; ledger: SubscriptionDoc[] };

export const PEOPLE_PAGE = 50;

export const peopleRepo = (db: Database) => {
  const col = db.collection('people');
  const _ = db.command;
  /**
   * Bound people matching `where`, each with their subscription ledger joined in (`$lookup` on the
   * OPENID): whom a notice reaches and whether it may be sent, in one database call.
   */
  async function reachableWhere(where: Record<string, unknown>, limit: number): Promise<Reachable[]> {
    const { list } = await col.aggregate().match({ ...where, openid: _.gt('') }) // bound: a non-empty OPENID
      .lookup({ from: 'subscriptions', localField: 'openid', foreignField: 'openid', as: 'ledger' }).limit(limit).end();
    return list as Reachable[];
  }
  return {
    get: (id: string) => getOrNull<Person>(col.doc(id)),
    async many(ids: string[]): Promise<Map<string, Person>> {
      const unique = [...new Set(ids.filter(Boolean))];
      if (!unique.length) return new Map();
      const { data } = await col.where({ _id: _.in(unique) }).limit(Math.min(1000, unique.length)).get();
      return new Map((data as Person[]).map((p) => [p._id, p]));
    },
    /** People working in the given grids or communities, optionally with one role, paged by code. */
    async list(where: { gridId?: string; communityIds?: string[]; role?: string; q?: string }, page: number) {
      const cond: Record<string, unknown> = {};
      if (where.gridId) cond.gridId = where.gridId;
      if (where.communityIds) cond.communityId = _.in(where.communityIds);
      if (where.role) cond['roles.role'] = where.role;
      if (where.q) cond.name = db.RegExp({ regexp: where.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') });
      const { data } = await col.where(cond).orderBy('_id', 'asc').skip(page * PEOPLE_PAGE).limit(PEOPLE_PAGE + 1).get();
      return { people: data.slice(0, PEOPLE_PAGE) as Person[], hasMore: data.length > PEOPLE_PAGE };
    },
    async cadresOfGrid(gridId: string): Promise<Person[]> {
      const { data } = await col.where({ gridId, 'roles.role': 'cadre' }).orderBy('_id', 'asc').limit(200).get();
      return data as Person[];
    },
    /** The cadres this person is B角 for (index backupId). */
    async backedUpBy(personId: string): Promise<Person[]> {
      const { data } = await col.where({ backupId: personId }).limit(50).get();
      return data as Person[];
    },
    /** reachable(), by id. */
    reachableByIds: async (ids: string[]): Promise<Reachable[]> => {
      const unique = [...new Set(ids.filter(Boolean))];
      return unique.length ? reachableWhere({ _id: _.in(unique) }, unique.length) : [];
    },
    /** reachable(): staff of these departments, at most `limit` in all. */
    reachableInDepartments: (departmentIds: string[], limit: number) => reachableWhere({ 'roles.departmentId': _.in(departmentIds) }, limit),
    /** reachable(): people with a role at this node. */
    reachableAt: (nodeId: string, limit: number) => reachableWhere({ 'roles.nodeId': nodeId }, limit),
    async inWorkGroup(workGroupId: string): Promise<Person[]> {
      const { data } = await col.where({ workGroupId }).orderBy('_id', 'asc').limit(200).get();
      return data as Person[];
    },
    /** The names of the people bound to these accounts (name and openid only). One read. */
    async namesByOpenid(openids: string[]): Promise<Pick<Person, '_id' | 'name' | 'openid'>[]> {
      const unique = [...new Set(openids.filter(Boolean))];
      if (!unique.length) return [];
      const { data } = await col.where({ openid: _.in(unique) }).field({ name: true, openid: true }).limit(unique.length).get();
      return data as Pick<Person, '_id' | 'name' | 'openid'>[];
    },
    save: (p: Person) => col.doc(p._id).set({ data: stripId(p) }),
    update: (id: string, patch: Partial<Person> | Record<string, unknown>) => col.doc(id).update({ data: patch }),
  };
};

/** `set` takes the document without its _id. */
export function stripId<T extends { _id: string }>(d: T): Omit<T, '_id'> {
  const { _id, ...rest } = d;
  void _id;
  return rest;
}
