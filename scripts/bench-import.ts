// `npx tsx scripts/bench-import.ts`: imports a 蛟河-size district (123,800 households, 9,390 cadres,
// 370 grids and groups) from spreadsheets into a persisted emulator database, then compares routing
// lookups and subtree queries at 1k vs 120k households. Not part of the tests.
import { createMain } from '../cloudfunctions/api/src/main';
import type { CloudSdk } from '../cloudfunctions/api/src/cloud';
import { makeRepos } from '../cloudfunctions/api/src/repo';
import { routeHousehold } from '../src/core/routing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, type EmulatedDatabase } from '../emulator/db';
import type { Database } from '../cloudfunctions/api/src/cloud';
import { INDEXES } from '../cloudfunctions/api/src/indexes';
import { importFile, type ImportOutcome } from '../cloudfunctions/api/src/importer';
import { writeCsv, writeXlsx } from '../cloudfunctions/api/src/importer/sheet';
import { COLUMNS, type FileFormat, type ImportKind } from '../src/core/importing/columns';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Spec {
  communities: number;
  grids: number;
  households: number;
  cadres: number;
}

const JIAOHE: Spec = { communities: 16, grids: 370, households: 123_800, cadres: 9_390 };
const SMALL: Spec = { communities: 1, grids: 3, households: 1_000, cadres: 76 };

/** Spreadsheet rows (by Chinese header order) for every kind, generated deterministically. */
function generate(spec: Spec) {
  const rows: Record<ImportKind, string[][]> = { orgUnits: [], households: [], cadres: [], assignments: [], workGroups: [] };
  const street = 'JH01';
  rows.orgUnits.push([street, '', '街道', '河南街道', '']);
  const gridIds: string[] = [];
  for (let c = 1; c <= spec.communities; c++) {
    const community = `${street}-${pad(c, 2)}`;
    rows.orgUnits.push([community, street, '社区', `第${c}社区`, '']);
  }
  for (let g = 0; g < spec.grids; g++) {
    const community = `${street}-${pad((g % spec.communities) + 1, 2)}`;
    const grid = `${community}-${pad(Math.floor(g / spec.communities) + 1, 2)}`;
    gridIds.push(grid);
    rows.orgUnits.push([grid, community, '网格', `第${Math.floor(g / spec.communities) + 1}网格`, g % 7 === 0 ? '农村' : '城市']);
  }
  gridIds.sort();

  // Households: spread evenly over grids; 2–3 buildings per grid (≈1,000), 3 units each, 4 rooms a floor.
  const householdsOf = new Map<string, string[]>();
  let hhLeft = spec.households;
  gridIds.forEach((grid, gi) => {
    const n = Math.round(hhLeft / (gridIds.length - gi));
    hhLeft -= n;
    const buildings = gi % 10 < 7 ? 3 : 2;
    const units: string[] = [];
    for (let b = 1; b <= buildings; b++) {
      const building = `${grid}-${pad(b, 2)}`;
      rows.orgUnits.push([building, grid, '楼栋', `${b}栋`, '']);
      for (let u = 1; u <= 3; u++) {
        const unit = `${building}-${u}`;
        rows.orgUnits.push([unit, building, '单元', `${u}单元`, '']);
        units.push(unit);
      }
    }
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const unit = units[i % units.length];
      const k = Math.floor(i / units.length);
      const room = String((Math.floor(k / 4) + 1) * 100 + (k % 4) + 1);
      const id = `${unit}-${pad(Number(room), 4)}`;
      ids.push(id);
      const tags = i % 29 === 0 ? '独居老人、低保' : i % 41 === 0 ? '留守儿童' : '';
      // Sensitive tags are imported with their consent note (标签同意人, 标签同意日期, 标签用途).
      rows.households.push([id, unit, room, String((i % 5) + 1), tags, '', ...(tags ? ['户主本人', '2026-11-01', '关怀走访'] : ['', '', ''])]);
    }
    householdsOf.set(grid, ids.sort());
  });

  // Cadres: spread over grids; contiguous household blocks; neighbours are each other's B角; one group per grid.
  let cadreLeft = spec.cadres;
  let seq = 0;
  gridIds.forEach((grid, gi) => {
    const n = Math.round(cadreLeft / (gridIds.length - gi));
    cadreLeft -= n;
    const ids = Array.from({ length: n }, () => `P${pad(++seq, 5)}`);
    const group = `${grid}-G`;
    ids.forEach((id, k) => {
      const partner = k % 2 === 0 ? ids[k + 1] ?? ids[0] : ids[k - 1];
      rows.cadres.push([id, `干部${seq}`, `139${pad(seq, 8)}`, '蛟河市直机关', '科员', grid, `C${id}`, partner === id ? '' : partner, group]);
    });
    const community = grid.split('-').slice(0, 2).join('-');
    rows.workGroups.push([group, `${grid}工作组`, community, ids[0], ids.slice(1, 3).join('、'), grid]);
    const hh = householdsOf.get(grid)!;
    hh.forEach((h, i) => rows.assignments.push([h, ids[Math.floor((i * n) / hh.length)]]));
  });
  return rows;
}

async function sheet(kind: ImportKind, format: FileFormat, rows: string[][]): Promise<Buffer> {
  const spec = { name: kind, header: COLUMNS[kind].map((c) => c.header), rows };
  return format === 'csv' ? writeCsv(spec) : writeXlsx([spec]);
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    peak: () => Math.max(peak, process.memoryUsage().rss),
    stop: () => clearInterval(t),
  };
}

/**
 * `--what-if-sparse`: re-declare the single-field, non-unique indexes as sparse through NeDB itself.
 * The emulator declares them non-sparse, so every doc lacking the field (123,800 households before
 * their first assignment) sits in one index bucket whose removal is a linear scan; updating those
 * docs one by one is then quadratic. This flag shows what a sparse option in the emulator would give.
 */
const WHAT_IF_SPARSE = process.argv.includes('--what-if-sparse');

async function openDb(): Promise<{ emu: EmulatedDatabase; db: Database; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gridlink-bench-import-'));
  const emu = createDatabase({ dir });
  await emu.ensureIndexes(INDEXES);
  if (WHAT_IF_SPARSE) {
    for (const i of INDEXES) {
      if (i.unique || i.fields.length !== 1) continue;
      const ds = (emu as unknown as { _store(c: string): { ds: any } })._store(i.collection).ds;
      await ds.removeIndexAsync(i.fields[0]);
      await ds.ensureIndexAsync({ fieldName: i.fields[0], sparse: true });
    }
  }
  return { emu, db: emu as unknown as Database, dir };
}

const PLAN: [ImportKind, FileFormat][] = [
  ['orgUnits', 'xlsx'],
  ['households', 'csv'],
  ['cadres', 'xlsx'],
  ['workGroups', 'xlsx'],
  ['assignments', 'csv'],
];

async function importAll(db: Database, spec: Spec, label: string, log: boolean) {
  const rows = generate(spec);
  const files = new Map<ImportKind, Buffer>();
  for (const [kind, format] of PLAN) files.set(kind, await sheet(kind, format, rows[kind]));
  if (log) {
    console.log(`\n## Import: ${label}`);
    console.log(`rows: ${PLAN.map(([k]) => `${k} ${rows[k].length}`).join(', ')}`);
    console.log('\n| kind | format | file | rows | wall | created | updated | unchanged | related writes |');
    console.log('|---|---|---|---|---|---|---|---|---|');
  }
  let total = 0;
  let written = 0;
  for (const [kind, format] of PLAN) {
    const buf = files.get(kind)!;
    const t0 = performance.now();
    const r: ImportOutcome = await importFile({ db, kind, format, buffer: buf, scopeNodeId: 'JH01', ownerOpenid: 'bench', jobId: `bench-${kind}` });
    const ms = performance.now() - t0;
    total += ms;
    if (!r.ok) throw new Error(`${kind}: ${JSON.stringify(r.errors.slice(0, 3))} (${r.total} errors)`);
    const related = Object.values(r.related).reduce((n, x) => n + (x?.created ?? 0) + (x?.updated ?? 0), 0);
    written += r.created + r.updated + related;
    if (log) {
      const rel = Object.entries(r.related).map(([c, x]) => `${c} +${x!.created}/~${x!.updated}`).join(' ') || '–';
      console.log(`| ${kind} | ${format} | ${mb(buf.length)} | ${rows[kind].length} | ${secs(ms)} | ${r.created} | ${r.updated} | ${r.unchanged} | ${rel} |`);
    }
  }
  return { total, written, rows, files };
}

/** Deterministic pseudo-random picks. */
function picker(seed: number) {
  let x = seed >>> 0;
  return <T>(xs: T[]): T => {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return xs[x % xs.length];
  };
}

interface LookupSet {
  hh: string[];
  parents: string[];
  units: string[];
  /** A cadre's card per grid, so a resident's household.browse can be replayed. */
  cardOfGrid: Map<string, string>;
}

/** Ids to look up, so the generated rows and files can be released before measuring. */
function lookupSet(rows: Record<ImportKind, string[][]>): LookupSet {
  return {
    hh: rows.assignments.filter((r) => r[1]).map((r) => r[0]),
    parents: rows.orgUnits.filter((r) => r[2] !== '单元').map((r) => r[0]),
    units: rows.orgUnits.filter((r) => r[2] === '单元').map((r) => r[0]),
    cardOfGrid: new Map(rows.cadres.map((r) => [r[5], r[6]])),
  };
}

/** The real api function over a bare database (no openapi needed for read-only actions). */
const mains = new WeakMap<Database, ReturnType<typeof createMain>>();
function apiOver(db: Database) {
  let main = mains.get(db);
  if (!main) {
    const cloud = { getWXContext: () => ({ OPENID: 'o-bench-resident', APPID: 'bench' }), database: () => db } as unknown as CloudSdk;
    main = createMain(cloud, { log: () => {} });
    mains.set(db, main);
  }
  return main;
}

type Probe = (db: Database, ids: LookupSet, pick: <T>(xs: T[]) => T) => Promise<unknown>;
const PROBES: [string, Probe][] = [
  ['routing: households.doc(id).get() + people.doc(cadreId).get()', async (db, ids, pick) => {
    const h = (await db.collection('households').doc(pick(ids.hh)).get()).data;
    await db.collection('people').doc(h.cadreId).get();
  }],
  ['orgNodes.where({parentId}).get()', (db, ids, pick) => db.collection('orgNodes').where({ parentId: pick(ids.parents) }).get()],
  ['households.where({unitId}).get()', (db, ids, pick) => db.collection('households').where({ unitId: pick(ids.units) }).get()],
  // The same lookups as the actions make them (repos + the pure routing use case).
  ['routing use case: repos.households.get + routeHousehold', async (db, ids, pick) => {
    const repos = makeRepos(db);
    const h = await repos.households.get(pick(ids.hh));
    await routeHousehold(h!, { person: (id) => repos.people.get(id), node: (id) => repos.nodes.get(id) }, NOW);
  }],
  ['subtree: repos.nodes.children(parentId)', (db, ids, pick) => makeRepos(db).nodes.children(pick(ids.parents))],
  ['subtree: repos.households.inUnit(unitId)', (db, ids, pick) => makeRepos(db).households.inUnit(pick(ids.units))],
  // End to end through the api function, as a resident choosing a room does (validate, card, grid, unit).
  ['action: household.browse(unit) via api main', async (db, ids, pick) => {
    const unit = pick(ids.units);
    const r = (await apiOver(db)({ action: 'household.browse', data: { cardCode: ids.cardOfGrid.get(unit.split('-').slice(0, 3).join('-')), parentId: unit } })) as { ok: boolean };
    if (!r.ok) throw new Error(JSON.stringify(r));
  }],
];
const NOW = new Date('2026-11-20T02:00:00Z');

/**
 * p50/p95 of each probe against both databases. Calls alternate between the two so GC pauses and
 * JIT state hit both sides alike; ids are picked at random (fixed seed).
 */
async function compareLookups(small: Database, smallIds: LookupSet, big: Database, bigIds: LookupSet, n = 5000) {
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  console.log('\n| query | 1k p50 | 1k p95 | 120k p50 | 120k p95 | p95 ratio |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, probe] of PROBES) {
    const pick = picker(42);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 500; i++) {
      await probe(small, smallIds, pick);
      await probe(big, bigIds, pick);
    }
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      await probe(small, smallIds, pick);
      a.push(performance.now() - t);
      t = performance.now();
      await probe(big, bigIds, pick);
      b.push(performance.now() - t);
    }
    const f = (x: number) => x.toFixed(3);
    console.log(`| ${name} | ${f(pct(a, 0.5))} | ${f(pct(a, 0.95))} | ${f(pct(b, 0.5))} | ${f(pct(b, 0.95))} | ${(pct(b, 0.95) / pct(a, 0.95)).toFixed(2)}× |`);
  }
}

/** The 蛟河 import, then re-imports that must write nothing. Returns only the ids the lookups need. */
async function importPhase(db: Database, rss: ReturnType<typeof rssSampler>): Promise<LookupSet> {
  const t0 = performance.now();
  const imported = await importAll(db, JIAOHE, '蛟河-size district (persisted emulator db)', true);
  const wall = performance.now() - t0;
  const peak = rss.peak();
  console.log(`\ntotal import wall time: ${secs(imported.total)} (sum of importFile calls incl. job progress writes; generating the files took another ${secs(wall - imported.total)})`);
  console.log(`documents written: ${imported.written}`);
  console.log(`peak RSS: ${mb(peak)} (sampled every 100 ms; includes the generated files and the whole emulator db held in memory)`);
  console.log(`targets: total ≤ 60 s → ${imported.total <= 60_000 ? 'met' : `MISSED by ${secs(imported.total - 60_000)}`}; peak ≤ 1.5 GB → ${peak <= 1.5 * 1024 ** 3 ? 'met' : `MISSED by ${mb(peak - 1.5 * 1024 ** 3)}`}`);

  // Idempotence at scale: the same files again change nothing; households also as xlsx.
  console.log('\n## Re-import of the same data (must write nothing)');
  console.log('\n| kind | format | wall | created | updated | unchanged |');
  console.log('|---|---|---|---|---|---|');
  const again: [ImportKind, FileFormat, Buffer][] = [
    ['households', 'csv', imported.files.get('households')!],
    ['households', 'xlsx', await sheet('households', 'xlsx', imported.rows.households)],
    ['assignments', 'csv', imported.files.get('assignments')!],
  ];
  for (const [kind, format, buf] of again) {
    const t = performance.now();
    const r = await importFile({ db, kind, format, buffer: buf, scopeNodeId: 'JH01', ownerOpenid: 'bench' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    console.log(`| ${kind} | ${format} | ${secs(performance.now() - t)} | ${r.created} | ${r.updated} | ${r.unchanged} |`);
  }
  console.log(`\npeak RSS so far: ${mb(rss.peak())}`);
  return lookupSet(imported.rows);
}

/** What the same lookup costs without an index: a full scan (few calls; it is slow). */
async function scanContrast(db: Database, ids: LookupSet) {
  const pick = picker(7);
  const xs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await db.collection('households').where({ label: `${pick(ids.units)}` }).limit(1).get(); // label is not indexed
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
}

async function main() {
  const rss = rssSampler();
  if (WHAT_IF_SPARSE) console.log('(what-if run: single-field non-unique indexes made sparse; not the emulator as shipped)');
  const big = await openDb();
  const bigIds = await importPhase(big.db, rss);
  const small = await openDb();
  const smallIds = lookupSet((await importAll(small.db, SMALL, 'small', false)).rows);
  (globalThis as { gc?: () => void }).gc?.();
  console.log('\n## Lookups at 1k vs 120k households (ms; 5,000 random calls each, alternating between the two dbs)');
  await compareLookups(small.db, smallIds, big.db, bigIds);
  console.log(`\nfor contrast, an unindexed households query (full scan) takes ${(await scanContrast(small.db, smallIds)).toFixed(2)} ms at 1k and ${(await scanContrast(big.db, bigIds)).toFixed(2)} ms at 120k (median of 20)`);
  rss.stop();
  await big.emu.close();
  await small.emu.close();
  rmSync(big.dir, { recursive: true, force: true });
  rmSync(small.dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
