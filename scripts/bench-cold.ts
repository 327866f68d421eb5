// `npm run bench:cold` (part of `npm run bench`): what a resident's first tap pays when WeChat
// cold-starts a function. Builds the bundles, then times, in fresh Node processes and the same run,
// `node -e 0` against `node` requiring each bundle (wx-server-sdk stubbed, as build-functions.test.ts
// does). Issue 11's targets: api bundle ≤ 300 KB; cold require ≤ 1.5× a bare `node -e 0`.
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const RUNS = 15;
execFileSync(process.execPath, [path.join(root, 'scripts/build-functions.mjs')], { cwd: root, stdio: 'pipe' });

const probe = (file: string) => `
  const Module = require('module');
  const load = Module._load;
  Module._load = function (r, p, m) { return r === 'wx-server-sdk' ? { init() {}, DYNAMIC_CURRENT_ENV: Symbol('env') } : load.call(this, r, p, m); };
  require(${JSON.stringify(file)});`;

/** Wall time (ms) of one fresh `node -e <code>`. */
function once(code: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, stdio: 'pipe' });
  if (r.status !== 0) throw new Error(`node -e failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Each round runs a bare process right before each bundle, so drift in machine load hits both alike.
const names = ['api', 'timer', 'jobs'] as const;
const times = Object.fromEntries(names.map((n) => [n, { bare: [] as number[], cold: [] as number[] }]));
for (let i = 0; i < RUNS; i++) {
  for (const name of names) {
    times[name].bare.push(once('0'));
    times[name].cold.push(once(probe(path.join(root, 'cloudfunctions', name, 'index.js'))));
  }
}
console.log('# Cold start of the cloud functions (issue 11)\n');
console.log(`Median of ${RUNS} fresh processes each, a \`node -e 0\` right before each; wx-server-sdk stubbed. Targets: api ≤ 300 KB, ≤ 1.5×.\n`);
console.log('| function | bundle KB | node -e 0 ms | cold require ms | ratio |');
console.log('|---|---|---|---|---|');
for (const name of names) {
  const kb = statSync(path.join(root, 'cloudfunctions', name, 'index.js')).size / 1024;
  const b = median(times[name].bare);
  const c = median(times[name].cold);
  console.log(`| ${name} | ${kb.toFixed(0)} | ${b.toFixed(1)} | ${c.toFixed(1)} | ${(c / b).toFixed(2)}× |`);
}
