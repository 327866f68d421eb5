import type { Collection, Database } from '../cloud';
import { pagesOf } from '../repo/pages';

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

/** Every doc matching `cond`, read in pages of 1000 (repo/pages.ts: keyset on `_id`, one read a page). */
export const paged = <T = any>(db: Database, col: Collection, cond: object, fields?: Record<string, boolean>): AsyncGenerator<T[]> =>
  pagesOf<T & { _id: string }>(col, db.command, { where: cond, field: fields, size: PAGE }) as AsyncGenerator<T[]>;
