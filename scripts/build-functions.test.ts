import { execFileSync } from 'node:child_process';
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
  for (const name of ['api', 'timer']) {
    const file = path.join(root, 'cloudfunctions', name, 'index.js');
    delete req.cache[file];
    emu.functions.register(`bundled-${name}`, req(file).main);
  }
  expect(inits).toBe(2);
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
