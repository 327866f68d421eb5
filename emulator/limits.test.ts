// 防刷 on the HTTP bridge (issue 10): guest sessions per IP, upload size while streaming, the daily
// upload quota, and CLIENTIP in the functions' wx-context.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './emulator';
import type { EmulatorLimits } from './limits';
import { startServer } from './server';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const png = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 1)]);

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

function request(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Streams `total` bytes in 64 KB chunks (chunked, or with Content-Length when `declare`), stopping
 * as soon as the answer arrives; answers it and how many bytes were sent by then.
 */
function streamUpload(port: number, token: string, total: number, declare: boolean, type = 'image/png'): Promise<{ status: number; body: any; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}`, 'content-type': type };
    if (declare) headers['content-length'] = String(total);
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/storage/upload', headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), sent }));
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const chunk = png(64 * 1024);
    const pump = () => {
      if (answered || sent >= total) return void (answered ? req.destroy() : req.end());
      sent += chunk.length;
      // Paced, so the server's answer can arrive before everything is sent.
      if (req.write(chunk)) setTimeout(pump, 1);
      else req.once('drain', () => setTimeout(pump, 1));
    };
    pump();
  });
}

describe('emulator abuse limits', () => {
  let emu: Emulator;
  let server: Awaited<ReturnType<typeof startServer>>;
  async function start(limits: Partial<EmulatorLimits>) {
    emu = await createEmulator({
      templates: [],
      indexes: [],
      functions: { whoami: (cloud) => async () => cloud.getWXContext() },
    });
    server = await startServer({ emulator: emu, port: 0, demo: { enabled: false, personas: [] }, adminToken: ADMIN_TOKEN, limits });
  }
  afterEach(async () => {
    await server.close();
    await emu.close();
  });
  const session = (openid: string) => emu.auth.issue(openid);

  it('limits new guest sessions per IP and hour with a 429 in Chinese', async () => {
    await start({ guestsPerIpPerHour: 3 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => request(server.port, 'POST', '/auth/guest')));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.body).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(refused.body.message).toMatch(/^此网络新建账号过于频繁（每小时最多 3 个），请 \d+ 分钟后再试$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Sessions already issued keep working.
    const ok = answers.find((r) => r.status === 200)!;
    expect((await request(server.port, 'POST', '/api/functions/whoami', { authorization: `Bearer ${ok.body.token}` }, '{}')).status).toBe(200);
  });

  it("gives functions the caller's IP as CLIENTIP, as CloudBase does", async () => {
    await start({});
    const r = await request(server.port, 'POST', '/api/functions/whoami', { authorization: `Bearer ${session('o-ip')}` }, '{}');
    expect(r.body).toMatchObject({ OPENID: 'o-ip', CLIENTIP: '127.0.0.1' });
  });

  it('refuses an oversized upload on its Content-Length, before the body is read', async () => {
    await start({ maxImageBytes: 1024 * 1024 });
    const r = await streamUpload(server.port, session('o-big'), 45 * 1024 * 1024, true);
    expect(r.status).toBe(413);
    expect(r.body).toEqual({ ok: false, code: 'TOO_LARGE', message: '图片不能超过 1MB' });
    expect(r.sent).toBeLessThan(2 * 1024 * 1024);
  });

  it('refuses an oversized chunked upload while it streams, not after buffering it (a 45 MB sheet)', async () => {
    await start({});
    const r = await streamUpload(server.port, session('o-big'), 45 * 1024 * 1024, false, 'text/csv');
    expect(r.status).toBe(413);
    expect(r.body).toEqual({ ok: false, code: 'TOO_LARGE', message: '表格不能超过 20MB' });
    expect(r.sent).toBeLessThan(24 * 1024 * 1024);
    // The server is still there for everyone else.
    const ok = await request(server.port, 'POST', '/storage/upload', { authorization: `Bearer ${session('o-small')}`, 'content-type': 'image/png' }, png(1000));
    expect(ok.status).toBe(200);
  });

  it('holds each user to a daily upload quota, also when uploads run in parallel', async () => {
    await start({ uploadBytesPerDay: 1024 * 1024 });
    const up = (openid: string) => request(server.port, 'POST', '/storage/upload', { authorization: `Bearer ${session(openid)}`, 'content-type': 'image/png' }, png(300 * 1024));
    const results = await Promise.all(Array.from({ length: 6 }, () => up('o-quota')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.map((r) => r.status)).toEqual([429, 429, 429]);
    expect(refused[0].body).toEqual({ ok: false, code: 'RATE_LIMITED', message: '今天上传的文件已达上限（每天 1MB），请明天再试' });
    // Refused uploads give their bytes back: 100 KB more still fit. Others have their own quota.
    expect((await request(server.port, 'POST', '/storage/upload', { authorization: `Bearer ${session('o-quota')}`, 'content-type': 'image/png' }, png(100 * 1024))).status).toBe(200);
    expect((await up('o-other')).status).toBe(200);
  });
});
