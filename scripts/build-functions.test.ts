import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGridLinkEmulator } from '../emulator/project';

// The deployable artifact: bundle the functions, then load the bundle with `require('wx-server-sdk')`
// answered by the emulator, and call it like WeChat would.
const root = path.resolve(__dirname, '..');
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Loader };
const original = mod._load;

let emu: Awaited<ReturnType<typeof createGridLinkEmulator>>;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-functions.mjs')], { cwd: root, stdio: 'pipe' });
  emu = await createGridLinkEmulator({ quiet: true });
  let inits = 0;
  const sdk = { ...emu.cloud, init: () => void inits++ };
  mod._load = function (request, parent, isMain) {
    return request === 'wx-server-sdk' ? sdk : original.call(this, request, parent, isMain);
  };
  const req = createRequire(__filename);
  for (const name of ['api', 'timer', 'jobs']) {
    const file = path.join(root, 'cloudfunctions', name, 'index.js');
    delete req.cache[file];
    emu.functions.register(`bundled-${name}`, req(file).main);
  }
  expect(inits).toBe(3);
});

afterAll(() => {
  mod._load = original;
});

it('the bundled api function answers actions under the caller’s OPENID', async () => {
  const r = (await emu.functions.invoke('bundled-api', { action: 'auth.whoami', data: {} }, { openid: 'o-bundle' })) as { ok: boolean; data: { openid: string } };
  expect(r).toMatchObject({ ok: true, data: { openid: 'o-bundle' } });
  const bad = (await emu.functions.invoke('bundled-api', { action: 'item.submit', data: {} }, { openid: 'o-bundle' })) as { ok: boolean; code: string };
  expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
});

it('the bundled timer runs', async () => {
  const r = await emu.functions.invoke('bundled-timer', {}, { openid: '' });
  expect(r).toMatchObject({ retried: 0 });
});

it('the bundled jobs function refuses a call from the app and runs due jobs for its trigger', async () => {
  expect(await emu.functions.invoke('bundled-jobs', { jobId: 'job-whatever' }, { openid: 'o-bundle' })).toMatchObject({ code: 'FORBIDDEN' });
  expect(await emu.functions.invoke('bundled-jobs', { Type: 'Timer' }, { openid: '', source: 'wx_trigger' })).toMatchObject({ ran: 0, expired: 0 });
});

/**
 * A resident's first tap cold-starts `api`: requiring its bundle must not load pdfkit, exceljs or the
 * CJK font (only the jobs function has them, and loads them when a job needs them). Measured in a
 * fresh Node process, with wx-server-sdk stubbed as above.
 */
it('a cold require of any bundle loads neither pdfkit nor exceljs, and the api bundle stays small', () => {
  const probe = `
    const Module = require('module');
    const load = Module._load;
    Module._load = function (r, p, m) { return r === 'wx-server-sdk' ? { init() {}, DYNAMIC_CURRENT_ENV: Symbol('env') } : load.call(this, r, p, m); };
    const t0 = process.hrtime.bigint();
    require(process.argv[1]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const files = Object.keys(require.cache);
    console.log(JSON.stringify({ ms, files: files.length, heavy: files.filter((f) => /[\\/]node_modules[\\/](pdfkit|exceljs|fontkit|@fontsource)[\\/]/.test(f)) }));
  `;
  for (const name of ['api', 'timer', 'jobs']) {
    const file = path.join(root, 'cloudfunctions', name, 'index.js');
    const r = JSON.parse(execFileSync(process.execPath, ['-e', probe, file], { encoding: 'utf8' })) as { ms: number; files: number; heavy: string[] };
    console.log(`cold require of ${name}: ${r.ms.toFixed(0)} ms, ${r.files} files`);
    expect(r.heavy, name).toEqual([]);
    expect(r.files, name).toBeLessThan(50);
  }
  // The probe does see them when something loads them.
  const seen = (m: string) => (JSON.parse(execFileSync(process.execPath, ['-e', probe, require.resolve(m)], { encoding: 'utf8' })) as { heavy: string[] }).heavy.length;
  expect(seen('pdfkit')).toBeGreaterThan(0);
  expect(seen('exceljs')).toBeGreaterThan(10);
  const api = readFileSync(path.join(root, 'cloudfunctions', 'api', 'index.js'), 'utf8');
  expect(api).not.toMatch(/require\(["'](pdfkit|exceljs)["']\)/);
  expect(JSON.parse(readFileSync(path.join(root, 'cloudfunctions', 'api', 'package.json'), 'utf8')).dependencies).toEqual({ 'wx-server-sdk': expect.any(String) });
  // Issue 11's target for the api bundle.
  expect(Buffer.byteLength(api), 'cloudfunctions/api/index.js over 300 KB').toBeLessThanOrEqual(300 * 1024);
});
