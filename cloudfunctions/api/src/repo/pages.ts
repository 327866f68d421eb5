import type { Collection, DbCommand } from '../cloud';

/** Every document of a collection, a page of `size` at a time in _id order (never an unbounded get). */
export async function* pagesOf<T extends { _id: string }>(col: Collection, _: DbCommand, field?: Record<string, boolean>, size = 100): AsyncGenerator<T[]> {
  let after = '';
  for (;;) {
    let q = col.where(after ? { _id: _.gt(after) } : {}).orderBy('_id', 'asc').limit(size);
    if (field) q = q.field(field);
    const { data } = await q.get();
    if (data.length) yield data as T[];
    if (data.length < size) return;
    after = (data[data.length - 1] as T)._id;
  }
}
