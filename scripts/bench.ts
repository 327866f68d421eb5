// `npm run bench`: submit throughput and latency through the HTTP bridge, the raw store's insert
// rate measured in the same run, and database reads/writes per action. Not part of the tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase } from '../emulator/db';
import { createGridLinkEmulator } from '../emulator/project';
import { callApi, sessionFor, startEmulatorProcess } from '../e2e/server';
import { demoFacts } from '../e2e/demoFacts';
import { seedDemo } from './seed';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 1);

async function pool<T>(n: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

async function submitBench() {
  const facts = demoFacts();
  const dir = mkdtempSync(path.join(tmpdir(), 'gridlink-bench-'));
  const server = await startEmulatorProcess(dir);
  const base = server.url;
  const households = facts.data.households.filter((h) => h.gridId === facts.cadre.gridId).slice(0, 32);
  const tokens = await Promise.all(
    households.map(async (h, i) => {
      const token = await sessionFor(base, `o-bench-${i}`);
      const r = await callApi(base, token, 'household.confirm', { cardCode: facts.cadre.cardCode, householdId: h._id });
      if (!r.ok) throw new Error(r.message);
      return token;
    }),
  );
  const body = (i: number, c: number) => ({
    clientRequestId: `bench-${c}-${i}-xxxxxxxx`, kind: 'complaint', category: '环境卫生',
    description: `第${i}号楼道堆放杂物，影响通行，请尽快清理`, photos: [], anonymous: false,
  });
  const rows: string[] = [];
  const results: Record<number, number> = {};
  // Warm-up so the JIT and file handles are settled before timing.
  await pool(100, 8, (i) => callApi(base, tokens[i % tokens.length], 'item.submit', body(i, 0)));
  for (const [c, n] of [[1, 300], [8, 1200], [32, 2000]] as const) {
    const lat: number[] = [];
    const t0 = performance.now();
    await pool(n, c, async (i) => {
      const s = performance.now();
      const r = await callApi(base, tokens[i % tokens.length], 'item.submit', body(i, c));
      lat.push(performance.now() - s);
      if (!r.ok) throw new Error(`${r.code} ${r.message}`);
    });
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    results[c] = n / secs;
    rows.push(`| ${c} | ${n} | ${fmt(n / secs)} | ${fmt(pct(lat, 50))} | ${fmt(pct(lat, 95))} | ${fmt(pct(lat, 99))} |`);
  }
  await server.stop();
  return { rows, results };
}

async function rawStoreBench() {
  const db = createDatabase({ dir: mkdtempSync(path.join(tmpdir(), 'gridlink-raw-')) });
  const col = db.collection('raw');
  const doc = (i: number) => ({
    kind: 'complaint', category: '环境卫生', description: `第${i}号楼道堆放杂物，影响通行，请尽快清理`, state: 'submitted', version: 0,
    timeline: [{ at: new Date(), actor: '居民', action: 'submit', to: 'submitted' }], createdAt: new Date(),
  });
  const out: Record<number, number> = {};
  for (const [c, n] of [[1, 3000], [32, 6000]] as const) {
    const t0 = performance.now();
    await pool(n, c, (i) => col.add({ data: doc(i) }));
    out[c] = n / ((performance.now() - t0) / 1000);
  }
  await db.close();
  return out;
}

async function costPerAction() {
  const emu = await createGridLinkEmulator({ quiet: true });
  await seedDemo(emu.db);
  const facts = demoFacts();
  const R = 'o-cost-resident';
  const cadre = facts.cadre.openid!;
  const rows: string[] = [];
  const measure = async (label: string, openid: string, action: string, data: unknown) => {
    emu.db.resetStats();
    const r = (await emu.call('api', { action, data }, openid)) as { ok: boolean; data: any; message?: string };
    if (!r.ok) throw new Error(`${action}: ${r.message}`);
    const s = emu.db.stats();
    rows.push(`| ${label} | ${s.reads} | ${s.writes} |`);
    return r.data;
  };
  const card = facts.cadre.cardCode!;
  await measure('auth.whoami', R, 'auth.whoami', {});
  await measure('card.resolve', R, 'card.resolve', { scene: card });
  await measure('household.browse (buildings)', R, 'household.browse', { cardCode: card });
  await measure('household.browse (rooms)', R, 'household.browse', { cardCode: card, parentId: facts.unit._id });
  await measure('household.confirm', R, 'household.confirm', { cardCode: card, householdId: facts.household._id });
  const sub = { kind: 'complaint', category: '环境卫生', description: '楼道堆放杂物影响通行', photos: [], anonymous: false };
  const a = await measure('item.submit (+ outbox)', R, 'item.submit', { ...sub, clientRequestId: 'cost-aaaaaaaa' });
  await measure('item.submit (retry, duplicate)', R, 'item.submit', { ...sub, clientRequestId: 'cost-aaaaaaaa' });
  await measure('item.mine', R, 'item.mine', {});
  await measure('item.detail', R, 'item.detail', { id: a.item.id });
  await measure('cadre.inbox', cadre, 'cadre.inbox', { filter: 'todo' });
  await measure('item.accept (+ notify resident)', cadre, 'item.accept', { id: a.item.id, version: 0 });
  await measure('item.start', cadre, 'item.start', { id: a.item.id, version: 1 });
  await measure('item.resolve (+ notify resident)', cadre, 'item.resolve', { id: a.item.id, version: 2, note: '已清理', photos: [] });
  await measure('item.rate (2★, reopen + notify cadre)', R, 'item.rate', { id: a.item.id, version: 3, stars: 2, solved: true });
  await emu.call('api', { action: 'item.resolve', data: { id: a.item.id, version: 4, note: '再次清理', photos: [] } }, cadre);
  await measure('item.rate (2nd unsatisfied, escalate)', R, 'item.rate', { id: a.item.id, version: 5, stars: 1, solved: false });
  const b = await measure('item.submit', R, 'item.submit', { ...sub, clientRequestId: 'cost-bbbbbbbb' });
  await measure('item.reject (+ notify resident)', cadre, 'item.reject', { id: b.item.id, version: 0, reason: '重复事项' });
  await emu.close();
  return rows;
}

async function main() {
  console.log('# GridLink bench\n');
  const cost = await costPerAction();
  console.log('## Database calls per action (counted by the emulator)\n\n| action | reads | writes |\n|---|---|---|');
  console.log(cost.join('\n'));
  const raw = await rawStoreBench();
  const sub = await submitBench();
  const raw2 = await rawStoreBench(); // again after, to bracket machine noise
  console.log('\n## item.submit through the HTTP bridge (separate emulator process, persisted)\n');
  console.log('| concurrency | requests | req/s | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|');
  console.log(sub.rows.join('\n'));
  const rawC1 = (raw[1] + raw2[1]) / 2;
  const rawC32 = (raw[32] + raw2[32]) / 2;
  console.log('\n## Raw store (persisted collection.add, same run)\n');
  console.log(`| concurrency | inserts/s (before) | inserts/s (after) |\n|---|---|---|\n| 1 | ${fmt(raw[1])} | ${fmt(raw2[1])} |\n| 32 | ${fmt(raw[32])} | ${fmt(raw2[32])} |`);
  console.log('\n## Ratios (submit path vs raw store)\n');
  console.log(`- concurrency 1: submit ${fmt(sub.results[1])}/s vs raw ${fmt(rawC1)}/s → ${fmt(rawC1 / sub.results[1])}× slower`);
  console.log(`- concurrency 32: submit ${fmt(sub.results[32])}/s vs raw ${fmt(rawC32)}/s → ${fmt(rawC32 / sub.results[32])}× slower`);
  console.log('\nA submit does HTTP + session check + validation + 3 reads (account, household, cadre) + content check + 2 writes (item, outbox) + a send.');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
