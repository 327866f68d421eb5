// Seeds the demo community into a WeChat-Cloud-style database (real or the local emulator).
import type { Database } from '../../cloudfunctions/api/src/cloud';
import { generateDemoCommunity, type DemoData, type DemoOptions, type DemoPersona } from './demoCommunity';
import { driveDemoItems } from './drive';
import { generateHistory } from './history';
import { grantDemoPersonas } from './subscriptions';
import { seedEngagement } from './engage';

export { generateDemoCommunity } from './demoCommunity';
export type { DemoData, DemoOptions, DemoPersona } from './demoCommunity';
export type { DemoExpect, DemoItemScript } from './demoItems';
export { DemoItemError } from './drive';

/** The slice of the wx-server-sdk database API the seeder needs. */
export interface SeedDb {
  collection(name: string): {
    add(o: { data: object }): Promise<unknown>;
    count(): Promise<{ total: number }>;
  };
}

export interface SeedOptions extends DemoOptions {
  /** Drive the demo items through the api function (default). Needs a full database (transactions). */
  items?: boolean;
  /** With the items: months of finished items for the 统计 page (history.ts); `npm start` asks for them. */
  history?: boolean;
}

export interface SeedResult {
  seeded: boolean;
  counts: Record<string, number>;
  personas: DemoPersona[];
}

/** Concurrent inserts in flight at once: fast, without flooding the database. */
const BATCH = 200;

/**
 * Collection name → documents, in insertion order. `orgNodes` goes last: it is the "already seeded"
 * marker, so a run interrupted midway is not mistaken for a complete one. The items come after it
 * (the api function reads the org tree), so a run interrupted while playing them is not detected.
 */
function collections(d: DemoData): [string, object[]][] {
  return [
    ['households', d.households],
    ['people', d.people],
    ['cards', d.cards],
    ['users', d.users],
    ['departments', d.departments],
    ['orgNodes', d.orgNodes],
  ];
}

/** Demo accounts to offer on the login screen; stable for a given seed. */
export function demoPersonas(opts?: DemoOptions): DemoPersona[] {
  return generateDemoCommunity(opts).personas;
}

/**
 * Inserts the demo community unless `orgNodes` already holds documents; then nothing is written and
 * `counts` is empty. Then plays the demo items through the api function and the timer, on a clock
 * that ends at `now` (items: the number of items; outbox: the notices they wrote). Not
 * transactional: after an interrupted run, clear the database and rerun.
 * Timestamps (and the away cadre's period) follow the real clock unless `opts.now` is given.
 */
export async function seedDemo(db: SeedDb, opts?: SeedOptions): Promise<SeedResult> {
  const now = opts?.now ?? new Date();
  const data = generateDemoCommunity({ ...opts, now });
  const cols = collections(data);
  const withItems = opts?.items !== false;
  if (withItems && typeof (db as Partial<Database>).runTransaction !== 'function') {
    throw new Error('seedDemo: the demo items need a database with transactions; pass { items: false } to skip them');
  }
  const { total } = await db.collection('orgNodes').count();
  if (total > 0) return { seeded: false, counts: {}, personas: data.personas };

  const counts: Record<string, number> = {};
  for (const [name, docs] of cols) {
    const col = db.collection(name);
    for (let i = 0; i < docs.length; i += BATCH) {
      await Promise.all(docs.slice(i, i + BATCH).map((doc) => col.add({ data: doc })));
    }
    counts[name] = docs.length;
  }
  if (withItems) {
    const full = db as unknown as Database;
    // The personas subscribed before the history began: some of its notices reached WeChat, the
    // rest went to 消息中心 only. Afterwards they have DEMO_GRANTS left of each template.
    const start = new Date(now.getTime() - 30 * 86_400_000);
    // Months of finished items for the 统计 page, written directly (history.ts); then the recent ones through the api.
    if (opts?.history) {
      const history = await generateHistory(data, { now });
      for (const [name, docs] of [['items', history.items], ['counters', history.counters]] as const) {
        const col = full.collection(name);
        for (let i = 0; i < docs.length; i += BATCH) await Promise.all(docs.slice(i, i + BATCH).map((doc) => col.add({ data: doc })));
      }
      counts.history = history.items.length;
    }
    await grantDemoPersonas(full, data.personas, start);
    counts.items = (await driveDemoItems(full, data.items, now)).size;
    // 民主测评 and 书记领办 on top of the items (engage.ts); 回音壁 entries came with the closed items.
    const engaged = await seedEngagement(full, data, now);
    counts.evaluations = engaged.evaluations;
    counts.leads = engaged.leads;
    counts.outbox = (await full.collection('outbox').count()).total;
    counts.subscriptions = await grantDemoPersonas(full, data.personas, now);
  }
  return { seeded: true, counts, personas: data.personas };
}
