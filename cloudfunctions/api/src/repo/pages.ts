import type { Collection, DbCommand } from '../cloud';

/**
 * Every document of a collection matching `where`, a page of `size` at a time ordered by `_id`
 * (keyset: `_id > last`), so no call is unbounded and each page costs one read.
 */
export async function* pagesOf<T extends { _id: string }>(
  col: Collection,
  _: DbCommand,
  opts: { where?: object; field?: Record<string, boolean>; size?: number } = {},
): AsyncGenerator<T[]> {
  const { where = {}, field, size = 100 } = opts;
  let after: string | null = null;
  for (;;) {
    let q = col.where(after === null ? where : { ...where, _id: _.gt(after) }).orderBy('_id', 'asc').limit(size);
    if (field) q = q.field(field);
    const { data } = await q.get();
    if (data.length) yield data as T[];
    if (data.length < size) return;
    after = (data[data.length - 1] as T)._id;
  }
}
