import type { Household, Person } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';
import { stripId } from './people';

export const householdsRepo = (db: Database) => {
  const col = db.collection('households');
  const _ = db.command;
  return {
    get: (id: string) => getOrNull<Household>(col.doc(id)),
    /**
     * A household with its 包保干部 joined in (`$lookup`): routing a new item needs both, and this
     * is one database call instead of two. Null when the household is gone.
     */
    async withCadre(id: string): Promise<{ household: Household; cadre: Person | null } | null> {
      const { list } = await col.aggregate().match({ _id: id }).lookup({ from: 'people', localField: 'cadreId', foreignField: '_id', as: 'cadre' }).limit(1).end();
      const found = list[0] as (Household & { cadre: Person[] }) | undefined;
      if (!found) return null;
      const { cadre, ...household } = found;
      return { household, cadre: household.cadreId ? cadre.find((p) => p._id === household.cadreId) ?? null : null };
    },
    async inUnit(unitId: string): Promise<Household[]> {
      const { data } = await col.where({ unitId }).orderBy('room', 'asc').limit(200).get();
      return data as Household[];
    },
    /** A unit's households after `after` in code order (from the first when empty), `limit` of them. One read. */
    async ofUnitAfter(unitId: string, after: string, limit: number): Promise<Household[]> {
      const { data } = await col.where(after ? { unitId, _id: _.gt(after) } : { unitId }).orderBy('_id', 'asc').limit(limit).get();
      return data as Household[];
    },
    save: (h: Household) => col.doc(h._id).set({ data: stripId(h) }),
    /** Adds a new household; an existing code fails with a duplicate key, never overwritten. */
    create: (h: Household) => col.add({ data: h }),
    countWhere: async (cond: object) => (await col.where(cond).count()).total,
    /** Households per cadre in a grid, from one aggregation (no per-household reads). */
    async countsByCadre(gridId: string): Promise<Map<string | null, number>> {
      const $ = _.aggregate;
      // Without a limit stage the cloud answers only 20 groups; a grid has fewer cadres than 1000.
      const { list } = await col.aggregate().match({ gridId }).group({ _id: '$cadreId', n: $.sum(1) }).limit(1000).end();
      return new Map(list.map((r: { _id: string | null; n: number }) => [r._id ?? null, r.n]));
    },
    /** One page of households by code: those these cadres serve, or a grid's. */
    async page(where: { cadreIds: string[] } | { gridId: string }, page: number, size: number): Promise<{ households: Household[]; hasMore: boolean }> {
      const cond = 'gridId' in where ? { gridId: where.gridId } : { cadreId: where.cadreIds.length === 1 ? where.cadreIds[0] : _.in(where.cadreIds) };
      const { data } = await col.where(cond).orderBy('_id', 'asc').skip(page * size).limit(size + 1).get();
      return { households: data.slice(0, size) as Household[], hasMore: data.length > size };
    },
    async unserved(gridId: string, limit: number): Promise<Household[]> {
      const { data } = await col.where({ gridId, cadreId: _.exists(false) }).orderBy('_id', 'asc').limit(limit).get();
      return data as Household[];
    },
    /** One multi-document write: (un)assign every matching household. */
    async assign(cond: object, cadreId: string | null): Promise<number> {
      const r = await col.where(cond).update({ data: { cadreId: cadreId ?? _.remove() } });
      return r.stats.updated;
    },
  };
};
