// Fills the planner's `Known` in batches: by id through `_id in [...]` (1000 per read), lists
// (children, households of a unit, residents, group members) through indexed fields, paged.
import type { Known, Need } from '../../../../src/core/importing/plan';
import type { Database } from '../cloud';
import { chunks, PAGE, paged, pool } from './util';

const BY_ID: Record<'nodes' | 'households' | 'people' | 'cards' | 'users' | 'workGroups', string> = {
  nodes: 'orgNodes', households: 'households', people: 'people', cards: 'cards', users: 'users', workGroups: 'workGroups',
};

/**
 * Values per `field in [...]` query, sized by the usual fan-out (a unit has ~50 households, a group
 * ~40 members, a household ~1 resident account) so most chunks fit one page of 1000.
 */
const FANOUT_CHUNK = { childrenOf: 50, householdsOfUnit: 20, residentsOf: 500, membersOf: 25 };
const CONCURRENCY = 4;

async function loadByIds(db: Database, known: Known, key: keyof typeof BY_ID, ids: string[]) {
  const map = known[key] as Map<string, unknown>;
  const col = db.collection(BY_ID[key]);
  await pool(chunks(ids, PAGE), CONCURRENCY, async (chunk) => {
    const { data } = await col.where({ _id: db.command.in(chunk) }).limit(PAGE).get();
    for (const d of data) map.set(d._id, d);
    for (const id of chunk) if (!map.has(id)) map.set(id, null);
  });
}

async function loadLists(
  db: Database, values: string[], chunkSize: number, collection: string, field: string,
  put: (doc: any) => void, fields?: Record<string, boolean>,
) {
  const col = db.collection(collection);
  await pool(chunks(values, chunkSize), CONCURRENCY, async (chunk) => {
    for await (const page of paged(db, col, { [field]: db.command.in(chunk) }, fields)) for (const d of page) put(d);
  });
}

function grouped<T>(map: Map<string, T[]>, keys: string[], key: (d: any) => string, value: (d: any) => T) {
  for (const k of keys) map.set(k, []);
  return (d: any) => map.get(key(d))?.push(value(d));
}

export async function loadNeed(db: Database, known: Known, need: Need): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const key of Object.keys(BY_ID) as (keyof typeof BY_ID)[]) {
    const ids = need[key];
    if (ids?.length) jobs.push(loadByIds(db, known, key, ids));
  }
  if (need.childrenOf?.length) {
    const put = grouped(known.childrenOf, need.childrenOf, (d) => d.parentId, (d) => d);
    jobs.push(loadLists(db, need.childrenOf, FANOUT_CHUNK.childrenOf, 'orgNodes', 'parentId', (d) => {
      put(d);
      known.nodes.set(d._id, d);
    }));
  }
  if (need.householdsOfUnit?.length) {
    const put = grouped(known.householdsOfUnit, need.householdsOfUnit, (d) => d.unitId, (d) => d);
    jobs.push(loadLists(db, need.householdsOfUnit, FANOUT_CHUNK.householdsOfUnit, 'households', 'unitId', (d) => {
      put(d);
      known.households.set(d._id, d);
    }));
  }
  if (need.residentsOf?.length) {
    const put = grouped(known.residentsOf, need.residentsOf, (d) => d.householdId, (d) => d);
    jobs.push(loadLists(db, need.residentsOf, FANOUT_CHUNK.residentsOf, 'users', 'householdId', (d) => {
      put(d);
      known.users.set(d._id, d);
    }));
  }
  if (need.membersOf?.length) {
    const put = grouped(known.membersOf, need.membersOf, (d) => d.workGroupId, (d) => d._id as string);
    jobs.push(loadLists(db, need.membersOf, FANOUT_CHUNK.membersOf, 'people', 'workGroupId', put, { _id: true, workGroupId: true }));
  }
  await Promise.all(jobs);
}
