import type { Collection, DbCommand } from '../cloud';

/**
 * Removes up to `limit` documents of `col` matching `where` (个人信息删除 works in bounded batches):
 * one read, and one write when any. Answers how many.
 */
export async function removeBatch(col: Collection, _: DbCommand, where: Record<string, unknown>, limit: number): Promise<number> {
  const { data } = await col.where(where).limit(limit).get();
  const ids = (data as { _id: string }[]).map((d) => d._id);
  if (ids.length) await col.where({ _id: _.in(ids) }).remove();
  return ids.length;
}
