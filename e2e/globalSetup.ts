import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, startEmulatorProcess, type RunningServer } from './server';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds a Taro target unless its output is newer than every source file. */
function buildIfStale(type: 'h5' | 'weapp', marker: string) {
  const srcTime = Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'config')));
  if (existsSync(marker) && statSync(marker).mtimeMs > srcTime) return;
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', type], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  // Taro's progress output is noise in test logs; show it only when the build fails.
  if (r.status !== 0) throw new Error(`taro build --type ${type} failed:\n${(r.stdout + r.stderr).slice(-4000)}`);
  console.log(`[e2e] built ${type}`);
}

let server: RunningServer | undefined;

export default async function setup(project: TestProject) {
  buildIfStale('h5', path.join(ROOT, 'dist-h5', 'index.html'));
  buildIfStale('weapp', path.join(ROOT, 'miniprogram', 'app.json'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gridlink-e2e-'));
  // The browser tests of other flows answer WeChat's subscribe dialog with 允许 at once; e2e/notify
  // turns the dialog on for its pages (localStorage) and walks it.
  // Every browser of every test file is one IP (127.0.0.1) on this one server: the per-IP guest
  // limit (30 an hour, emulator/limits.test.ts) would refuse the later files' fresh pages.
  server = await startEmulatorProcess(dataDir, ['--subscribe-dialog', 'auto', '--guests-per-hour', '100000']);
  project.provide('baseUrl', server.url);
  project.provide('adminToken', server.adminToken);
  return async () => {
    await server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminToken: string;
  }
}
