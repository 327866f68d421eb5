// How `npm start` runs the emulator process: admin token, demo mode, --no-demo and --pilot.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { launch, phone } from './browser';
import { ROOT } from './server';

interface Started {
  url: string;
  out: string;
  stop(): Promise<void>;
}

/** Starts `emulator/main.ts` and keeps everything it printed up to its URL line. */
function start(dataDir: string, extra: string[] = []): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--data', dataDir, ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /请在浏览器打开：(http:\/\/[^\s/]+)\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        out,
        stop: () =>
          new Promise<void>((res) => {
            if (proc.exitCode !== null || proc.signalCode) return res();
            proc.once('exit', () => res());
            proc.kill('SIGTERM');
          }),
      });
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}:\n${out}`));
    });
  });
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const api = async (base: string, token: string, action: string, data: unknown) =>
  (await post(`${base}/api/functions/api`, { action, data }, { authorization: `Bearer ${token}` })).json() as Promise<any>;

const running: Started[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
});

describe('npm start', () => {
  it('demo mode: a new admin token each run (file 0600, printed), and the console warns about demo accounts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gridlink-sec-'));
    const first = await start(dir);
    running.push(first);
    const file = path.join(dir, 'admin-token');
    const token = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.out).toContain(token);
    expect(first.out).toMatch(/演示模式已开启.*任何/);

    expect((await fetch(`${first.url}/admin/stats`)).status).toBe(401);
    expect((await fetch(`${first.url}/admin/stats`, { headers: { 'x-admin-token': token } })).status).toBe(200);
    expect(await (await fetch(`${first.url}/auth/config`)).json()).toMatchObject({ demo: true, mode: 'demo' });

    // A demo persona's session works while demo mode is on ...
    const config = (await (await fetch(`${first.url}/auth/config`)).json()) as { personas: { id: string; label: string }[] };
    const adminPersona = config.personas.find((p) => p.label.startsWith('社区管理员'))!;
    const demo = (await (await post(`${first.url}/auth/demo`, { personaId: adminPersona.id })).json()) as { token: string };
    expect((await api(first.url, demo.token, 'auth.whoami', {})).data.isAdmin).toBe(true);
    const guest = (await (await post(`${first.url}/auth/guest`, {})).json()) as { token: string };
    await first.stop();

    // ... and is void once it is off; the token of the earlier run is void too.
    const second = await start(dir, ['--no-demo']);
    running.push(second);
    const token2 = readFileSync(file, 'utf8').trim();
    expect(token2).not.toBe(token);
    expect((await fetch(`${second.url}/admin/stats`, { headers: { 'x-admin-token': token } })).status).toBe(403);
    expect(second.out).toMatch(/演示模式已关闭/);
    const refused = await api(second.url, demo.token, 'auth.whoami', {});
    expect(refused).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect((await api(second.url, guest.token, 'auth.whoami', {})).ok).toBe(true);
    expect(await (await fetch(`${second.url}/auth/config`)).json()).toMatchObject({ demo: false, personas: [] });
    await second.stop();
  });

  it('--pilot: no demo personas; the first community admin binds through an invite printed once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gridlink-pilot-'));
    const first = await start(dir, ['--pilot']);
    running.push(first);
    const link = new RegExp(`${first.url.replace(/[.]/g, '\\.')}/#/pages/invite/index\\?scene=([A-Z0-9]{8})`).exec(first.out);
    expect(link, first.out).not.toBeNull();
    expect(first.out.match(/scene=/g)).toHaveLength(1);
    expect(await (await fetch(`${first.url}/auth/config`)).json()).toMatchObject({ demo: false, mode: 'pilot', personas: [] });
    expect((await post(`${first.url}/auth/demo`, { personaId: 'demo-resident-1' })).status).toBe(403);

    const me = (await (await post(`${first.url}/auth/guest`, {})).json()) as { token: string };
    expect((await api(first.url, me.token, 'invite.accept', { code: link![1] })).ok).toBe(true);
    expect((await api(first.url, me.token, 'auth.whoami', {})).data.isAdmin).toBe(true);
    const other = (await (await post(`${first.url}/auth/guest`, {})).json()) as { token: string };
    expect((await api(first.url, other.token, 'invite.accept', { code: link![1] })).ok).toBe(false);
    await first.stop();

    const second = await start(dir, ['--pilot']);
    running.push(second);
    expect(second.out).not.toMatch(/scene=/);
    expect((await api(second.url, me.token, 'auth.whoami', {})).data.isAdmin).toBe(true);
    await second.stop();
  });

  it('the login page says demo mode is on, in its banner', async () => {
    const browser = await launch();
    try {
      const { page } = await phone(browser);
      await page.goto(`${inject('baseUrl')}/#/pages/login/index`);
      await expect.poll(() => page.locator('.demo-banner:visible').first().textContent(), { timeout: 15_000 }).toMatch(/演示模式.*任何人/);
      await page.goto(`${inject('baseUrl')}/#/pages/index/index`);
      await page.reload();
      await expect.poll(() => page.locator('.demo-banner:visible').first().textContent(), { timeout: 15_000 }).toMatch(/演示模式.*任何人/);
    } finally {
      await browser.close();
    }
  });
});
