// `npm run bench:stats`: the 统计 page's action (stats.overview) for the demo street with 5,000 and
// 50,000 items, for the presets and two custom ranges that cut months (they read days): time per call
// and database reads, side by side with the ratio, and the largest counter document. Goals: ≤ 300 ms
// and ≤ 5 reads, flat in the number of items (the action reads counter documents, never items).
// Items are the seed's history (scripts/seed/history.ts: real transitions through decide()),
// repeated over the street's households up to the size; the counters are their rebuild.
import { createGridLinkEmulator } from '../emulator/project';
import { demoFacts } from '../e2e/demoFacts';
import { dayKey, Rebuild } from '../src/core/stats/buckets';
import type { Item } from '../src/core/types';
import { seedDemo } from './seed';
import { generateHistory } from './seed/history';

const SIZES = [5_000, 50_000] as const;
const RUNS = 30;
/** 'YYYY-MM-DD' of day `day` of the month `months` before this one (China time). */
const dayOfMonthsAgo = (now: Date, months: number, day: number): string => {
  const [y, m] = dayKey(now).split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - months, day));
  return d.toISOString().slice(0, 10);
};
type PeriodArg = { kind: 'month' | 'quarter' | 'year' } | { kind: 'custom'; from: string; to: string };
/** The presets, a custom range inside last month, and one with ragged ends around whole months. */
const periodsOf = (now: Date): { label: string; period: PeriodArg }[] => {
  const inMonth = { kind: 'custom' as const, from: dayOfMonthsAgo(now, 1, 5), to: dayOfMonthsAgo(now, 1, 24) };
  const across = { kind: 'custom' as const, from: dayOfMonthsAgo(now, 3, 10), to: dayOfMonthsAgo(now, 1, 20) };
  return [
    { label: 'month', period: { kind: 'month' } },
    { label: 'quarter', period: { kind: 'quarter' } },
    { label: 'year', period: { kind: 'year' } },
    { label: `custom ${inMonth.from}…${inMonth.to}`, period: inMonth },
    { label: `custom ${across.from}…${across.to}`, period: across },
  ];
};

interface Row { items: number; counters: number; largest: number; period: string; p50: number; p95: number; reads: number; itemReads: number }

async function run(size: number, base: Item[]): Promise<Row[]> {
  const emu = await createGridLinkEmulator({ quiet: true });
  await seedDemo(emu.db, { items: false });
  const facts = demoFacts();
  // Copies of the history items, each under a new id (and request id): same transitions, same tallies.
  const items: Item[] = [];
  for (let k = 0; items.length < size; k++) {
    for (const it of base) {
      if (items.length >= size) break;
      items.push({ ...it, _id: `${it._id.slice(0, 24)}${String(k).padStart(8, '0')}`, clientRequestId: `${it.clientRequestId}-${k}` });
    }
  }
  const r = new Rebuild();
  for (const it of items) r.add(it);
  for (let i = 0; i < items.length; i += 5000) await emu.db.collection('items').add({ data: items.slice(i, i + 5000) });
  const docs = [...r.docs.values()];
  await emu.db.collection('counters').add({ data: docs });

  const admin = facts.streetAdmin.person.openid!;
  const rows: Row[] = [];
  const largest = Math.max(...docs.map((d) => Buffer.byteLength(JSON.stringify(d))));
  for (const { label, period } of periodsOf(new Date())) {
    const call = async () => {
      const res = (await emu.call('api', { action: 'stats.overview', data: { period } }, admin)) as { ok: boolean; message?: string; data?: { totals: { submitted?: number } } };
      if (!res.ok) throw new Error(`stats.overview: ${res.message}`);
      return res.data!;
    };
    for (let i = 0; i < 3; i++) await call(); // warm up
    const times: number[] = [];
    let reads = 0;
    let itemReads = 0;
    for (let i = 0; i < RUNS; i++) {
      emu.db.resetStats();
      const t0 = performance.now();
      await call();
      times.push(performance.now() - t0);
      const s = emu.db.stats();
      reads = Math.max(reads, s.reads);
      itemReads = Math.max(itemReads, s.byCollection.items?.reads ?? 0);
    }
    times.sort((a, b) => a - b);
    rows.push({ items: items.length, counters: docs.length, largest, period: label, p50: times[Math.floor(RUNS / 2)], p95: times[Math.floor(RUNS * 0.95)], reads, itemReads });
  }
  await emu.close();
  return rows;
}

async function main() {
  const t0 = Date.now();
  const facts = demoFacts();
  // A history sized so one copy covers 5,000 items: a realistic spread of days, grids, categories and outcomes.
  const now = new Date();
  const base = (await generateHistory(facts.data, { now, days: 150, perDay: 40, seed: 9 })).items;
  console.log(`统计 benchmark: ${base.length} distinct history items (${((Date.now() - t0) / 1000).toFixed(1)} s), repeated to each size`);
  const results: Row[][] = [];
  for (const size of SIZES) results.push(await run(size, base));
  const [small, large] = results;
  console.log('');
  console.log(`stats.overview as the street admin (河南街道, 2 communities, 7 grids), ${RUNS} calls each, in-process emulator`);
  console.log('| period | 5k items: p50 ms | p95 ms | reads | 50k items: p50 ms | p95 ms | reads | ratio p50 (50k/5k) | item reads |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (let i = 0; i < small.length; i++) {
    const a = small[i];
    const b = large[i];
    console.log(`| ${a.period} | ${a.p50.toFixed(1)} | ${a.p95.toFixed(1)} | ${a.reads} | ${b.p50.toFixed(1)} | ${b.p95.toFixed(1)} | ${b.reads} | ${(b.p50 / a.p50).toFixed(2)} | ${a.itemReads + b.itemReads} |`);
  }
  console.log(`counter documents: ${small[0].counters} (5k) / ${large[0].counters} (50k); the largest: ${(small[0].largest / 1024).toFixed(1)} KB (5k) / ${(large[0].largest / 1024).toFixed(1)} KB (50k) as JSON`);
  const worst = Math.max(...large.map((r) => r.p95));
  const reads = Math.max(...large.map((r) => r.reads), ...small.map((r) => r.reads));
  console.log(`goals: ≤ 300 ms per action (worst p95 ${worst.toFixed(1)} ms: ${worst <= 300 ? 'met' : 'NOT met'}), ≤ 5 reads (max ${reads}: ${reads <= 5 ? 'met' : 'NOT met'})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
