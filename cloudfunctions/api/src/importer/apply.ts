// Writes a plan: new docs through batched `add({data: [...]})`, changes through `update` of the
// changed fields only. Identical patches were merged by the planner, so one `where(_id in).update`
// covers e.g. all households of one cadre.
import type { ImportPlan, Patch } from '../../../../src/core/importing/plan';
import type { Database } from '../cloud';
import { chunks, PAGE, pool } from './util';

const WRITE_CONCURRENCY = 8;

/** Patch → update data: dotted keys become nested objects (merged by the database), unset → remove(). */
export function updateData(db: Database, p: Patch): Record<string, unknown> {
  const data: Record<string, any> = {};
  const put = (key: string, value: unknown) => {
    const parts = key.split('.');
    let o = data;
    for (const k of parts.slice(0, -1)) o = o[k] ??= {};
    o[parts[parts.length - 1]] = value;
  };
  for (const [k, v] of Object.entries(p.set)) put(k, v);
  for (const k of p.unset) put(k, db.command.remove());
  return data;
}

/** Applies every write; `progress(n)` is told how many primary rows each finished write covered. */
export async function applyPlan(db: Database, plan: ImportPlan, progress: (rows: number) => Promise<void> | void): Promise<void> {
  for (const { collection, writes } of plan.writes) {
    const col = db.collection(collection);
    const primary = collection === plan.primary;
    await pool(chunks(writes.create, PAGE), WRITE_CONCURRENCY, async (batch) => {
      await col.add({ data: batch });
      if (primary) await progress(batch.length);
    });
    const units = writes.patch.flatMap((p) => chunks(p.ids, PAGE).map((ids) => ({ ids, data: updateData(db, p) })));
    await pool(units, WRITE_CONCURRENCY, async ({ ids, data }) => {
      if (ids.length === 1) await col.doc(ids[0]).update({ data });
      else await col.where({ _id: db.command.in(ids) }).update({ data });
      if (primary) await progress(ids.length);
    });
  }
}
