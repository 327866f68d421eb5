// Recomputes the 统计 counters from the items (paged reads of their timelines) and compares them
// with the stored ones; `--write` replaces the stored ones. Stop `npm start` first: a data folder
// is opened by one process at a time, and a transition committed during a rebuild would be lost
// from the counters until the next one. Run it with `--write` once after the counter layout changes
// (core/stats/buckets.ts; e.g. month documents split into day documents rolled up by the timer: the
// rewrite leaves every day, finished days rolled into their months, and removes the rest).
//
//   npx tsx scripts/rebuild-counters.ts [--data .data] [--write]
//
// Exit code 0: they agree (or were rewritten); 1: they differ (without --write).
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createDatabase } from '../emulator/db';
import { INDEXES } from '../cloudfunctions/api/src/indexes';
import { rebuildCounters } from '../cloudfunctions/api/src/app/counters';
import type { Database } from '../cloudfunctions/api/src/cloud';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const write = args.includes('--write');
const dir = path.resolve(opt('data', process.env.GRIDLINK_DATA ?? '.data'));

async function main() {
  if (!existsSync(dir)) {
    console.error(`数据目录不存在：${dir}`);
    process.exit(2);
  }
  const db = createDatabase({ dir, throwOnNotFound: false });
  await db.ensureIndexes(INDEXES.filter((i) => i.collection === 'counters' || i.collection === 'items'));
  const started = Date.now();
  const r = await rebuildCounters(db as unknown as Database, { write });
  console.log(`[rebuild-counters] ${dir}: ${r.items} items → ${r.documents} counter documents in ${Date.now() - started} ms`);
  if (!r.differences.length) console.log('[rebuild-counters] the stored counters agree with the items');
  else {
    console.log(`[rebuild-counters] ${r.differences.length}${r.differences.length >= 50 ? '+' : ''} differences (stored ≠ rebuilt):`);
    for (const d of r.differences) console.log(`  ${d}`);
    console.log(write ? '[rebuild-counters] stored counters replaced' : '[rebuild-counters] run again with --write to replace them');
  }
  await db.close();
  process.exit(r.differences.length && !write ? 1 : 0);
}

void main().catch((err) => {
  console.error(err);
  process.exit(2);
});
