import { householdLabel } from '../../../../../src/core/rooms';
import type { Household, OrgNode } from '../../../../../src/core/types';
import type { Database } from '../../cloud';
import type { Repos } from '../../repo';
import { retryOnConflict } from '../../app/conflicts';

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
  deps: { db: Database; repos: Pick<Repos, 'nodes' | 'households' | 'users'> },
  node: OrgNode,
  opts: { batchSize?: number; afterBatch?: () => void } = {},
): Promise<number> {
  const { db, repos } = deps;
  const batchSize = opts.batchSize ?? RELABEL_BATCH;
  let units: OrgNode[];
  let buildingName: string;
  if (node.level === 'building') {
    units = await repos.nodes.unitsOf(node._id);
    buildingName = node.name;
  } else if (node.level === 'unit') {
    units = [node];
    buildingName = (node.parentId ? await repos.nodes.get(node.parentId) : null)?.name ?? '';
  } else {
    return 0;
  }

  let changed = 0;
  for (const unit of units) {
    let after = '';
    for (;;) {
      const page: Household[] = await repos.households.ofUnitAfter(unit._id, after, PAGE);
      const stale = page
        .map((h) => ({ h, label: householdLabel(buildingName, unit.name, h.room) }))
        .filter(({ h, label }) => h.label !== label);
      for (let i = 0; i < stale.length; i += batchSize) {
        const batch = stale.slice(i, i + batchSize);
        const residents = await repos.users.ofHouseholds(batch.map(({ h }) => h._id));
        // The batch's households and their residents' copies commit together (the transaction stays here).
        // A resident confirming a household meanwhile conflicts on their account: run the batch again.
        await retryOnConflict(() => db.runTransaction(async (tx) => {
          for (const { h, label } of batch) {
            await tx.collection('households').doc(h._id).update({ data: { label } });
            for (const u of residents) {
              if (u.householdId === h._id) await tx.collection('users').doc(u._id).update({ data: { 'household.label': label } });
            }
          }
        }));
        changed += batch.length;
        opts.afterBatch?.();
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]._id;
    }
  }
  await repos.nodes.clearRelabelPending(node._id);
  return changed;
}
