import type { Item, ItemState } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull, isDuplicateKey } from './getOrNull';

export const PAGE_SIZE = 20;

/** Fields a list needs; the timeline stays out of list reads. */
const SUMMARY_FIELDS = {
  kind: true, category: true, description: true, state: true, holder: true, createdAt: true,
  updatedAt: true, dueAt: true, rectifyCount: true,
};

export const itemsRepo = (db: Database) => {
  const col = db.collection('items');
  const _ = db.command;
  return {
    get: (id: string) => getOrNull<Item>(col.doc(id)),

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

    async bySubmitter(openid: string, page: number): Promise<{ items: Item[]; hasMore: boolean }> {
      const { data } = await col
        .where({ submitterOpenid: openid })
        .orderBy('createdAt', 'desc')
        .skip(page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .field(SUMMARY_FIELDS)
        .get();
      return { items: data.slice(0, PAGE_SIZE) as Item[], hasMore: data.length > PAGE_SIZE };
    },

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
