import type { Collection, Database } from '../cloud';

/** Ids per `_id in [...]` read or write: the most one `get()` returns (`limit(1000)`). */
export const PAGE = 1000;

export function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pool<T>(items: readonly T[], concurrency: number, task: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Every doc matching `cond`, read in pages of 1000 ordered by `_id` (keyset: `_id > last`), so no
 * call is unbounded and each page costs one read.
 */
export async function* paged<T = any>(db: Database, col: Collection, cond: object, fields?: Record<string, boolean>): AsyncGenerator<T[]> {
  const _ = db.command;
  let last: string | null = null;
  for (;;) {
    let q = col.where(last === null ? cond : { ...cond, _id: _.gt(last) }).orderBy('_id', 'asc').limit(PAGE);
    if (fields) q = q.field(fields);
    const { data } = await q.get();
    if (data.length) yield data as T[];
    if (data.length < PAGE) return;
    last = data[data.length - 1]._id;
  }
}
