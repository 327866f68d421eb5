import { householdLabel } from '../../../../../src/core/rooms';
import type { Household, OrgNode } from '../../../../../src/core/types';
import type { Database } from '../../cloud';

/** Households relabelled per transaction: each one commits with its residents' copies. */
export const RELABEL_BATCH = 50;
const PAGE = 200;

/**
 * After a building or unit rename (issue 10, item 14): rewrites the labels ("3栋2单元301") of the
 * households below it, and the copy each resident's account keeps, in bounded batches.
 *
 * The rename itself is written with `relabelPending: true`. Each batch is one transaction, so a
 * household and its residents never disagree. If the call dies between batches, the node keeps
 * `relabelPending`, the org page says so, and saving the node again (its 继续更新 button) runs this
 * again: labels are derived from the current names, so a rerun only writes what is still stale.
 * The flag is cleared only after the last batch. Items keep the address they were submitted with.
 */
export async function relabelBelow(
  db: Database,
  node: OrgNode,
  opts: { batchSize?: number; afterBatch?: () => void } = {},
): Promise<number> {
  const batchSize = opts.batchSize ?? RELABEL_BATCH;
  const nodes = db.collection('orgNodes');
  const _ = db.command;
  let units: OrgNode[];
  let buildingName: string;
  if (node.level === 'building') {
    const { data } = await nodes.where({ parentId: node._id, level: 'unit' }).limit(1000).get();
    units = data as OrgNode[];
    buildingName = node.name;
  } else if (node.level === 'unit') {
    units = [node];
    const { data } = await nodes.where({ _id: node.parentId }).limit(1).get();
    buildingName = (data[0] as OrgNode | undefined)?.name ?? '';
  } else {
    return 0;
  }

  let changed = 0;
  for (const unit of units) {
    let after = '';
    for (;;) {
      const cond = after ? { unitId: unit._id, _id: _.gt(after) } : { unitId: unit._id };
      const { data } = await db.collection('households').where(cond).orderBy('_id', 'asc').limit(PAGE).get();
      const page = data as Household[];
      const stale = page
        .map((h) => ({ h, label: householdLabel(buildingName, unit.name, h.room) }))
        .filter(({ h, label }) => h.label !== label);
      for (let i = 0; i < stale.length; i += batchSize) {
        const batch = stale.slice(i, i + batchSize);
        const { data: residents } = await db
          .collection('users')
          .where({ householdId: _.in(batch.map(({ h }) => h._id)) })
          .limit(1000)
          .get();
        await db.runTransaction(async (tx) => {
          for (const { h, label } of batch) {
            await tx.collection('households').doc(h._id).update({ data: { label } });
            for (const u of residents as { _id: string; householdId: string }[]) {
              if (u.householdId === h._id) await tx.collection('users').doc(u._id).update({ data: { 'household.label': label } });
            }
          }
        });
        changed += batch.length;
        opts.afterBatch?.();
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]._id;
    }
  }
  await nodes.doc(node._id).update({ data: { relabelPending: _.remove() } });
  return changed;
}
