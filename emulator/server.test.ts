import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './emulator';
import { startServer } from './server';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const PERSONAS = [{ id: 'demo-admin', label: '社区管理员', description: '', openid: 'demo-admin' }];
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/admin/reset",{method:"POST"})</script></body></html>');

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  raw: Buffer;
}

/** Raw HTTP, so Host and Origin can be anything a hostile page or DNS rebinding would send. */
function request(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(raw.toString('utf8'));
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode!, headers: res.headers, body: parsed, raw });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function emulator(): Promise<Emulator> {
  return createEmulator({
    templates: [],
    indexes: [],
    functions: { echo: () => async (event: unknown) => ({ ok: true, event }) },
  });
}

describe('HTTP bridge', () => {
  let emu: Emulator;
  let server: Awaited<ReturnType<typeof startServer>>;
  let resets = 0;
  const req = (method: string, path: string, headers?: Record<string, string>, body?: Buffer | string) => request(server.port, method, path, headers, body);
  const admin = { 'x-admin-token': ADMIN_TOKEN };

  beforeAll(async () => {
    emu = await emulator();
    server = await startServer({
      emulator: emu,
      port: 0,
      demo: { enabled: true, personas: PERSONAS },
      adminToken: ADMIN_TOKEN,
      reset: async () => {
        resets += 1;
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await emu.close();
  });

  describe('admin paths need the per-run admin token', () => {
    it('refuses a request without it, or with a wrong one', async () => {
      for (const [path, method] of [['/admin/session', 'POST'], ['/admin/reset', 'POST'], ['/admin/stats', 'GET'], ['/admin/nope', 'GET']] as const) {
        const body = method === 'POST' ? JSON.stringify({ openid: 'o-x' }) : undefined;
        const none = await req(method, path, { 'content-type': 'text/plain' }, body);
        expect(none.status, path).toBe(401);
        expect(none.body).toMatchObject({ ok: false, code: 'ADMIN_TOKEN_REQUIRED' });
        expect(none.body.message).toMatch(/管理令牌/);
        const wrong = await req(method, path, { 'x-admin-token': `${ADMIN_TOKEN}x` }, body);
        expect(wrong.status, path).toBe(403);
        expect(wrong.body).toMatchObject({ ok: false, code: 'ADMIN_TOKEN_INVALID' });
      }
      expect(resets).toBe(0);
    });

    it('works with it', async () => {
      const r = await req('POST', '/admin/session', admin, JSON.stringify({ openid: 'o-x' }));
      expect(r.status).toBe(200);
      expect(emu.auth.verify(r.body.token)?.openid).toBe('o-x');
      expect((await req('POST', '/admin/reset', admin)).status).toBe(200);
      expect(resets).toBe(1);
      expect((await req('GET', '/admin/nope', admin)).body).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('foreign Host and Origin are refused on every path', () => {
    it('refuses a foreign Host (DNS rebinding)', async () => {
      for (const host of ['evil.example', `evil.example:${0}`, 'evil.example:80', '127.0.0.1', `127.0.0.1:${1}`, `127.0.0.1.evil.example:${0}`]) {
        const h = host.replace(':0', `:${server.port}`);
        for (const path of ['/healthz', '/auth/config', '/admin/stats', '/']) {
          const r = await req('GET', path, { host: h, ...admin });
          expect(r.status, `${h} ${path}`).toBe(403);
          expect(r.body).toMatchObject({ ok: false, code: 'FORBIDDEN_HOST' });
          expect(r.body.message).toMatch(/[\u4e00-\u9fa5]/);
        }
      }
    });

    it('accepts the loopback names with the server port', async () => {
      for (const host of ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST']) {
        expect((await req('GET', '/healthz', { host: `${host}:${server.port}` })).status, host).toBe(200);
      }
    });

    it('refuses a cross-site Origin, even with the admin token', async () => {
      const before = resets;
      for (const origin of ['http://evil.example', 'null', `http://localhost:${server.port}`, `https://127.0.0.1:${server.port}`]) {
        const r = await req('POST', '/admin/reset', { origin, 'content-type': 'text/plain', ...admin });
        expect(r.status, origin).toBe(403);
        expect(r.body).toMatchObject({ ok: false, code: 'FORBIDDEN_ORIGIN' });
        expect((await req('POST', '/auth/demo', { origin, 'content-type': 'text/plain' }, JSON.stringify({ personaId: 'demo-admin' }))).status).toBe(403);
      }
      expect(resets).toBe(before);
    });

    it('accepts its own origin', async () => {
      const r = await req('POST', '/auth/demo', { origin: `http://127.0.0.1:${server.port}` }, JSON.stringify({ personaId: 'demo-admin' }));
      expect(r.status).toBe(200);
    });
  });

  describe('sessions on the bridge', () => {
    it('accepts exactly `Bearer <token>`', async () => {
      const t = emu.auth.issue('o-1');
      const call = (authorization: string) => req('POST', '/api/functions/echo', { authorization, 'content-type': 'application/json' }, '{}');
      expect((await call(`Bearer ${t}`)).status).toBe(200);
      for (const bad of [`Bearer ${t}.anything`, `Bearer ${t} x`, `Bearer  ${t}`, t]) {
        const r = await call(bad);
        expect(r.status, bad).toBe(401);
        expect(r.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      }
    });
  });

  describe("WeChat's subscribe dialog and grants (issue 8)", () => {
    it('/platform/subscribe needs a session and known templates; the admin paths give and show grants', async () => {
      expect((await req('POST', '/platform/subscribe', {}, JSON.stringify({ answers: { T: 'accept' } }))).status).toBe(401);
      const token = emu.auth.issue('o-sub');
      const unknown = await req('POST', '/platform/subscribe', { authorization: `Bearer ${token}` }, JSON.stringify({ answers: { T: 'accept' } }));
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ ok: false, code: 'SUBSCRIBE_FAILED' });
      expect(unknown.body.message).toContain('20001');
      expect((await req('POST', '/platform/subscribe', { authorization: `Bearer ${token}` }, JSON.stringify({ answers: ['T'] }))).status).toBe(400);
      const granted = await req('POST', '/admin/subscriptions/grant', admin, JSON.stringify({ openid: 'o-sub', templateId: 'T', count: 2 }));
      expect(granted.body.subscriptions).toMatchObject([{ openid: 'o-sub', templateId: 'T', count: 2 }]);
      expect((await req('GET', '/admin/subscriptions?openid=o-sub', admin)).body.subscriptions[0].count).toBe(2);
      expect((await req('POST', '/admin/subscriptions/grant', {}, JSON.stringify({ openid: 'o-sub', templateId: 'T' }))).status).toBe(401);
    });
  });

  describe('storage', () => {
    let token: string;
    beforeAll(() => {
      token = emu.auth.issue('o-uploader');
    });
    const upload = (type: string, body: Buffer) => req('POST', '/storage/upload', { authorization: `Bearer ${token}`, 'content-type': type }, body);

    it('refuses HTML uploaded as an image or a sheet', async () => {
      for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
        const r = await upload(type, HTML);
        expect(r.status, type).toBe(415);
        expect(r.body).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
        expect(r.body.message).toMatch(/不符/);
      }
    });

    it('serves a file only through a signed, unexpired URL, with nosniff', async () => {
      const up = await upload('image/png', PNG);
      expect(up.status).toBe(200);
      const path = up.body.fileID.replace(/^cloud:\/\/[^/]+\//, '');
      const plain = await req('GET', `/storage/${path}`);
      expect(plain.status).toBe(403);
      expect(plain.body).toMatchObject({ ok: false, code: 'FORBIDDEN' });

      const signed = new URL(up.body.url);
      expect(signed.pathname).toBe(`/storage/${path}`);
      const ok = await req('GET', signed.pathname + signed.search);
      expect(ok.status).toBe(200);
      expect(ok.raw.equals(PNG)).toBe(true);
      expect(ok.headers['content-type']).toBe('image/png');
      expect(ok.headers['x-content-type-options']).toBe('nosniff');

      // getTempFileURL gives the same kind of URL; another file's signature does not fit.
      const temp = new URL(emu.storage.tempUrl(up.body.fileID)!);
      expect((await req('GET', temp.pathname + temp.search)).status).toBe(200);
      expect((await req('GET', `/storage/uploads/o-uploader/other.png${signed.search}`)).status).toBe(403);

      const expired = new URL(emu.storage.tempUrl(up.body.fileID, Date.now() - 11 * 60_000)!);
      const late = await req('GET', expired.pathname + expired.search);
      expect(late.status).toBe(403);
      expect(late.body).toMatchObject({ ok: false, code: 'LINK_EXPIRED' });
    });

    it('answers malformed percent-encodings with a structured 400', async () => {
      for (const path of ['/storage/%E0%A4%A', '/storage/%', '/storage/a%ZZ.png', '/storage/%C0%AF']) {
        const r = await req('GET', path);
        expect(r.status, path).toBe(400);
        expect(r.body).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      }
    });
  });
});

describe('demo mode off', () => {
  it('drops every demo session', async () => {
    const emu = await emulator();
    const on = await startServer({ emulator: emu, port: 0, demo: { enabled: true, personas: PERSONAS }, adminToken: ADMIN_TOKEN });
    const fromDemo = (await request(on.port, 'POST', '/auth/demo', {}, JSON.stringify({ personaId: 'demo-admin' }))).body.token as string;
    const persona = emu.auth.issue('demo-admin'); // e.g. a token minted before sessions carried the demo mark
    const other = emu.auth.issue('o-real');
    const call = (port: number, t: string) => request(port, 'POST', '/api/functions/echo', { authorization: `Bearer ${t}` }, '{}');
    expect((await call(on.port, fromDemo)).status).toBe(200);
    await on.close();

    const off = await startServer({ emulator: emu, port: 0, demo: { enabled: false, personas: PERSONAS }, adminToken: ADMIN_TOKEN });
    try {
      expect((await call(off.port, fromDemo)).status).toBe(401);
      expect((await call(off.port, persona)).status).toBe(401);
      expect((await call(off.port, other)).status).toBe(200);
      expect((await request(off.port, 'POST', '/auth/demo', {}, JSON.stringify({ personaId: 'demo-admin' }))).status).toBe(403);
      expect((await request(off.port, 'GET', '/auth/config')).body).toMatchObject({ demo: false, personas: [] });
    } finally {
      await off.close();
      await emu.close();
    }
  });
});

describe('the H5 build', () => {
  it('a rebuild while running is served: new files are found once index.html changes', async () => {
    const { mkdtempSync, writeFileSync, utimesSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'h5-'));
    writeFileSync(join(dir, 'index.html'), '<script src="/js/app.1111.js"></script>');
    writeFileSync(join(dir, 'app.1111.js'), 'old');
    const emu = await emulator();
    const server = await startServer({ emulator: emu, port: 0, demo: { enabled: true, personas: PERSONAS }, adminToken: ADMIN_TOKEN, h5Dir: dir });
    try {
      expect((await request(server.port, 'GET', '/app.1111.js')).raw.toString()).toBe('old');
      // The rebuild: new hashed names, a new index.html.
      writeFileSync(join(dir, 'app.2222.js'), 'new');
      writeFileSync(join(dir, 'index.html'), '<script src="/js/app.2222.js"></script>');
      utimesSync(join(dir, 'index.html'), new Date(), new Date(Date.now() + 5000));
      const r = await request(server.port, 'GET', '/app.2222.js');
      expect([r.status, r.raw.toString()]).toEqual([200, 'new']);
    } finally {
      await server.close();
      await emu.close();
    }
  });
});
