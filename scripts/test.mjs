// `npm test`: every test (unit, integration, browser, weapp build checks), then the plain
// "N passed, N failed" line CI reads. The browser project runs after the others, not beside
// them, so Chromium never competes with 500 in-process tests for two cores.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.e2e-artifacts');
mkdirSync(outDir, { recursive: true });
const extra = process.argv.slice(2);
const projects = extra.length ? [null] : ['unit', 'e2e'];

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;
for (const project of projects) {
  const report = path.join(outDir, `vitest-${project ?? 'custom'}.json`);
  rmSync(report, { force: true });
  const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...(project ? ['--project', project] : []), ...extra];
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
  });
  let f = 0;
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests ?? 0;
    // A file that failed to load has no tests of its own; count it as one failure.
    f = (j.numFailedTests ?? 0) + (j.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).length).length;
    skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  }
  if (r.status !== 0 && f === 0) f = 1; // a crash outside any test still fails the run
  failed += f;
  ok &&= r.status === 0 && f === 0;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
