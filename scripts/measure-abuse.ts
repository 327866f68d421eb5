// The hostile numbers of issue 10 (防刷), measured through a real emulator process over HTTP:
// one resident submitting 10,000 items, 500 guest accounts, card-code guessing, 8 × 45 MB uploads.
// Usage: npx tsx scripts/measure-abuse.ts [--submits 10000] [--guests 500] [--guesses 2000]
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoFacts } from '../e2e/demoFacts';
import { callApi, sessionFor, startEmulatorProcess } from '../e2e/server';

const args = process.argv.slice(2);
const num = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};

async function pool<T>(n: number, c: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: c }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  }));
  return out;
}

const tally = (codes: string[]) => Object.entries(codes.reduce<Record<string, number>>((a, c) => ((a[c] = (a[c] ?? 0) + 1), a), {})).map(([k, v]) => `${k} ${v}`).join(', ');
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function main() {
  const facts = demoFacts();
  const server = await startEmulatorProcess(mkdtempSync(path.join(tmpdir(), 'gridlink-abuse-')));
  try {
    const base = server.url;
    const N = num('submits', 10_000);
    const resident = await sessionFor(base, 'o-abuse-resident');
    const c = await callApi(base, resident, 'household.confirm', { cardCode: facts.cadre.cardCode, householdId: facts.household._id });
    if (!c.ok) throw new Error(`household.confirm: ${c.message}`);
    // 1. Eight 45 MB uploads at once (as a spreadsheet, the largest type allowed).
    const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(45 * 1024 * 1024 - 4, 7)]);
    const rss0 = rssMb(server.pid);
    const peak0 = peakRssMb(server.pid);
    let t0 = performance.now();
    const ups = await Promise.all(
      Array.from({ length: 8 }, async () => {
        try {
          const r = await fetch(`${base}/storage/upload`, {
            method: 'POST',
            headers: { authorization: `Bearer ${resident}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
            body: big,
          });
          return String(r.status);
        } catch (e) {
          return `error ${(e as Error).cause ? String(((e as Error).cause as Error).message ?? '') : (e as Error).message}`;
        }
      }),
    );
    console.log(`uploads: 8 × 45 MB in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${tally(ups)}; server RSS ${rss0.toFixed(0)} MB before (peak so far ${peak0.toFixed(0)} MB), peak after ${peakRssMb(server.pid).toFixed(0)} MB`);

    // 2. One resident submits as fast as 16 connections allow.
    t0 = performance.now();
    const subs = await pool(N, 16, async (i) => {
      const r = await callApi(base, resident, 'item.submit', {
        clientRequestId: `abuse-${i}-xxxxxxxx`, kind: 'complaint', category: '环境卫生', description: `第${i}条：楼道堆放杂物影响通行`, photos: [], anonymous: false,
      });
      return r.ok ? 'created' : r.code;
    });
    const subSecs = (performance.now() - t0) / 1000;
    console.log(`submits: ${N} by one resident in ${subSecs.toFixed(1)} s → ${tally(subs)}`);

    // 3. Guest accounts from one IP.
    const G = num('guests', 500);
    t0 = performance.now();
    const guests = await pool(G, 16, async () => String((await fetch(`${base}/auth/guest`, { method: 'POST' })).status));
    console.log(`guests: ${G} requests in ${((performance.now() - t0) / 1000).toFixed(2)} s → HTTP ${tally(guests)}`);

    // 4. Card-code guessing from one IP (one session; new guests are limited above).
    const K = num('guesses', 2000);
    const guesser = await sessionFor(base, 'o-abuse-guesser');
    t0 = performance.now();
    const guesses = await pool(K, 32, async (i) => {
      const r = await callApi(base, guesser, 'card.resolve', { scene: `Z${(i * 7919).toString(36).toUpperCase().padStart(6, '0')}` });
      return r.ok ? 'found' : r.code;
    });
    const gSecs = (performance.now() - t0) / 1000;
    const looked = guesses.filter((g) => g !== 'RATE_LIMITED').length;
    console.log(`card guessing: ${K} tries in ${gSecs.toFixed(1)} s → ${tally(guesses)}; codes actually checked: ${(looked / gSecs).toFixed(0)}/s in this burst (${looked} in all)`);

  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
