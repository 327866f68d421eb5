// Seeds the demo community into a WeChat-Cloud-style database (real or the local emulator).
import { generateDemoCommunity, type DemoData, type DemoOptions, type DemoPersona } from './demoCommunity';

export { generateDemoCommunity } from './demoCommunity';
export type { DemoData, DemoOptions, DemoPersona } from './demoCommunity';

/** The slice of the wx-server-sdk database API the seeder needs. */
export interface SeedDb {
  collection(name: string): {
    add(o: { data: object }): Promise<unknown>;
    count(): Promise<{ total: number }>;
  };
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
 * marker, so a run interrupted midway is not mistaken for a complete one.
 */
function collections(d: DemoData): [string, object[]][] {
  return [
    ['households', d.households],
    ['people', d.people],
    ['cards', d.cards],
    ['users', d.users],
    ['orgNodes', d.orgNodes],
  ];
}

/** Demo accounts to offer on the login screen; stable for a given seed. */
export function demoPersonas(opts?: DemoOptions): DemoPersona[] {
  return generateDemoCommunity(opts).personas;
}

/**
 * Inserts the demo community unless `orgNodes` already holds documents; then nothing is written and
 * `counts` is empty. Not transactional: after an interrupted run, clear the database and rerun.
 * Timestamps (and the away cadre's period) follow the real clock unless `opts.now` is given.
 */
export async function seedDemo(db: SeedDb, opts?: DemoOptions): Promise<SeedResult> {
  const data = generateDemoCommunity({ ...opts, now: opts?.now ?? new Date() });
  const cols = collections(data);
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
  return { seeded: true, counts, personas: data.personas };
}
