import type { Item, ItemState } from '../../../../src/core/types';
import { AWAITING_DECISION, statesIn } from '../../../../src/core/workflow/table';
import type { Database } from '../cloud';
import { getOrNull, isDuplicateKey } from './getOrNull';
import { pagesOf } from './pages';

export const PAGE_SIZE = 20;

/** Fields a list needs; the timeline stays out of list reads. */
const SUMMARY_FIELDS = {
  kind: true, category: true, description: true, state: true, holder: true, createdAt: true,
  updatedAt: true, dueAt: true, version: true, rectifyCount: true, level: true, responseDueAt: true, whistle: true,
};

export const itemsRepo = (db: Database) => {
  const col = db.collection('items');
  const _ = db.command;
  const submitted = async (openid: string, page: number, size: number, fields: Record<string, boolean>): Promise<{ items: Item[]; hasMore: boolean }> => {
    const { data } = await col
      .where({ submitterOpenid: openid })
      .orderBy('createdAt', 'desc')
      .skip(page * size)
      .limit(size + 1)
      .field(fields)
      .get();
    return { items: data.slice(0, size) as Item[], hasMore: data.length > size };
  };
  return {
    /**
     * The 统计分析报告's 超期与不满意事项: items created in [from, to] under a street, community or grid
     * that went overdue or were rated unsatisfied. `count` is one read; `page` one read per call,
     * after the given _id, in _id order, with the report's fields only.
     */
    flaggedInPeriod(level: 'street' | 'community' | 'grid', nodeId: string, from: Date, to: Date) {
      const field = level === 'street' ? 'streetId' : level === 'community' ? 'communityId' : 'gridId';
      const where = { [field]: nodeId, createdAt: (_.gte(from) as { and(x: unknown): unknown }).and(_.lte(to)) };
      const flagged = _.or([{ overdueAt: _.exists(true) }, { 'ratings.satisfied': false }]) as object;
      return {
        count: async (): Promise<number> => (await col.where(_.and([where, flagged]) as object).count()).total,
        async page(after: string, size: number): Promise<Item[]> {
          const { data } = await col
            .where(_.and([where, flagged, ...(after ? [{ _id: _.gt(after) }] : [])]) as object)
            .orderBy('_id', 'asc')
            .limit(size)
            .field({ _id: true, createdAt: true, category: true, gridId: true, state: true, holder: true, overdueAt: true, ratings: true, rectifyCount: true, description: true })
            .get();
          return data as Item[];
        },
      };
    },
    get: (id: string) => getOrNull<Item>(col.doc(id)),
    /** Every item with these fields, a page at a time (the counters' rebuild, app/counters.ts). */
    scan: (fields: Record<string, boolean>) => pagesOf<Item>(col, _, { field: fields }),

    /** Insert once: the _id is derived from the request id, so a retry collides instead of duplicating. */
    async insertOnce(item: Item): Promise<'created' | 'duplicate'> {
      try {
        await col.add({ data: item });
        return 'created';
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate';
        throw err;
      }
    },

    /**
     * Items waiting on a decision (挂起审批, 申诉复核) in these grids, communities and streets,
     * newest first; the caller keeps those it may decide (app/issuers relationTo).
     */
    async awaitingDecision(scope: { gridIds: string[]; communityIds: string[]; streetIds: string[] }): Promise<Item[]> {
      const where = [
        ...(scope.gridIds.length ? [{ gridId: _.in(scope.gridIds) }] : []),
        ...(scope.communityIds.length ? [{ communityId: _.in(scope.communityIds) }] : []),
        ...(scope.streetIds.length ? [{ streetId: _.in(scope.streetIds) }] : []),
      ];
      if (!where.length) return [];
      const { data } = await col
        .where(_.and([{ state: _.in(AWAITING_DECISION) }, _.or(where)]) as object)
        .orderBy('updatedAt', 'desc')
        .limit(50)
        .field({ ...SUMMARY_FIELDS, gridId: true, communityId: true, streetId: true, submitterOpenid: true, handlerIds: true })
        .get();
      return data as Item[];
    },

    /** Open items whistled to these departments (a 攻坚哨's other departments work them too). */
    async whistledTo(deptIds: string[], states: ItemState[]): Promise<Item[]> {
      const { data } = await col
        .where({ 'whistle.departments.id': _.in(deptIds), state: _.in(states) })
        .orderBy('updatedAt', 'desc')
        .limit(PAGE_SIZE)
        .field(SUMMARY_FIELDS)
        .get();
      return data as Item[];
    },

    /** 调度台: one page of a subtree's items (street, community or grid), newest first. */
    async inScope(scope: { streetId?: string; communityId?: string; gridId?: string }, cond: Record<string, unknown>, page: number, size: number) {
      const { data } = await col
        .where({ ...scope, ...cond })
        .orderBy('updatedAt', 'desc')
        .skip(page * size)
        .limit(size + 1)
        .field({ ...SUMMARY_FIELDS, gridId: true, itemClass: true, level: true, whistle: true, responseDueAt: true, overdueAt: true, previousHolders: true })
        .get();
      return { items: data.slice(0, size) as Item[], hasMore: data.length > size };
    },

    countWhere: async (cond: Record<string, unknown>) => (await col.where(cond).count()).total,

    /** A person bound another WeChat account: the unfinished items they hold notify the new one. */
    async rebindHolder(personId: string, openid: string): Promise<void> {
      // Plain objects merge field by field: only holder.openid changes. A rejected item keeps its
      // holder for an appeal's 重新办理, so it is refreshed too.
      await col.where({ holderKey: personId, state: _.in([...statesIn('open', 'waiting'), 'rejected']) }).update({ data: { holder: { openid } } });
    },

    /** Closed items of a street whose photos are past `cutoff` (index streetId + photosClosedAt). One read. */
    async photosDue(streetId: string, cutoff: Date, limit: number): Promise<Item[]> {
      const { data } = await col.where({ streetId, photosClosedAt: _.lte(cutoff) }).limit(limit).get();
      return data as Item[];
    },

    /** Empties an item's photos after the retention period, saying so on the item. One write. */
    async purgePhotos(item: Item, note: string, now: Date): Promise<void> {
      await col.doc(item._id).update({
        data: {
          photos: _.set([]),
          ...(item.resolution ? { 'resolution.photos': _.set([]) } : {}),
          timeline: _.set(item.timeline.map(({ photos: _p, ...e }) => e)),
          hiddenPhotos: _.remove(),
          photosClosedAt: _.remove(),
          photosRemoved: _.set({ at: now, note }),
        },
      });
    },

    /** A batch of the items a resident submitted, whole (个人信息删除; index submitterOpenid + createdAt). One read. */
    async ofSubmitter(openid: string, limit: number): Promise<Item[]> {
      const { data } = await col.where({ submitterOpenid: openid }).limit(limit).get();
      return data as Item[];
    },

    /** Takes the resident out of an item they submitted: a random token for the OPENID, no household, no photos. One write. */
    async anonymise(id: string, token: string, kept: Pick<Item, 'description' | 'timeline'> & { hiddenPhotos: NonNullable<Item['hiddenPhotos']> }, note: string, now: Date): Promise<void> {
      await col.doc(id).update({
        data: {
          submitterOpenid: token,
          householdId: '',
          householdLabel: '',
          description: kept.description,
          photos: _.set([]),
          hiddenPhotos: _.set(kept.hiddenPhotos),
          timeline: _.set(kept.timeline),
          erased: true,
          photosRemoved: _.set({ at: now, note }),
        },
      });
    },

    /** Hides a photo the content check found risky (its uploader and admins still see it). One write. */
    async hidePhoto(id: string, hidden: NonNullable<Item['hiddenPhotos']>[number]): Promise<void> {
      await col.doc(id).update({ data: { hiddenPhotos: _.push(hidden) } });
    },

    /** Items the sweep must look at now, oldest first (index on watchAt). */
    async dueForSweep(now: Date, limit: number): Promise<Item[]> {
      const { data } = await col.where({ watchAt: _.lte(now) }).orderBy('watchAt', 'asc').limit(limit).get();
      return data as Item[];
    },

    /** Move the sweep's look-in time, only if nobody changed the item meanwhile. */
    async setWatch(item: Item, watchAt: Date | null): Promise<void> {
      await col.where({ _id: item._id, version: item.version }).update({ data: { watchAt: watchAt ?? _.remove() } });
    },

    /** A resident's items, newest first, a page at a time (index submitterOpenid + createdAt). */
    bySubmitter: (openid: string, page: number) => submitted(openid, page, PAGE_SIZE, SUMMARY_FIELDS),

    /** A resident's latest `size` items with their photos (个人信息查阅), and whether there are more. One read. */
    latestOfSubmitter: (openid: string, size: number) => submitted(openid, 0, size, { ...SUMMARY_FIELDS, photos: true }),

    async byHolder(holderKeys: string[], states: ItemState[], page: number): Promise<{ items: Item[]; hasMore: boolean }> {
      const { data } = await col
        .where({ holderKey: _.in(holderKeys), state: _.in(states) })
        .orderBy('updatedAt', 'desc')
        .skip(page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .field(SUMMARY_FIELDS)
        .get();
      return { items: data.slice(0, PAGE_SIZE) as Item[], hasMore: data.length > PAGE_SIZE };
    },
  };
};
