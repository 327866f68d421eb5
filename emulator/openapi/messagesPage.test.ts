// The admin page of received messages (issue 8): readable by a person in a browser, guarded by
// the admin token like every /admin path.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../emulator';
import { startServer } from '../server';

const TOKEN = 'page-admin-token-0123456789';
const TPL = { id: 'TPL_X', title: '事项办理进度通知', keys: ['thing1', 'phrase2', 'thing3', 'time4'] };

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      })
      .on('error', reject);
  });
}

describe('GET /admin/messages.html', () => {
  let emu: Emulator;
  let server: Awaited<ReturnType<typeof startServer>>;
  const page = (path = '/admin/messages.html', headers?: Record<string, string>) => get(server.port, path, headers);

  beforeAll(async () => {
    emu = await createEmulator({ templates: [TPL], indexes: [], functions: {} });
    server = await startServer({ emulator: emu, port: 0, demo: { enabled: false, personas: [] }, adminToken: TOKEN });
    const send = (touser: string, phrase: string, note: string) =>
      emu.openapi.subscribeMessage.send({
        touser, templateId: TPL.id, page: 'pages/item/index?id=item-1',
        data: { thing1: { value: '投诉·环境卫生' }, phrase2: { value: phrase }, thing3: { value: note }, time4: { value: '2026年01月01日 10:00' } },
      });
    await emu.subscriptions.grant('o-alice', TPL.id, 2);
    await emu.subscriptions.grant('o-bob', TPL.id, 1);
    await send('o-alice', '已受理', '张三已受理');
    await send('o-alice', '已办结', '<script>x</script>');
    await send('o-bob', '已退回', '退回原因：重复');
  });
  afterAll(async () => {
    await server.close();
    await emu.close();
  });

  it('without the token: 401, saying in Chinese how to open it', async () => {
    const r = await page();
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text)).toMatchObject({ ok: false, code: 'ADMIN_TOKEN_REQUIRED' });
    expect(JSON.parse(r.text).message).toContain('?token=');
    expect((await page('/admin/messages.html', { cookie: `gridlink_admin_${server.port}=wrong` })).status).toBe(403);
    expect((await page('/admin/messages.html?token=wrong')).status).toBe(403);
  });

  it('?token= sets an HttpOnly SameSite=Strict cookie and sends the browser to the page without the token', async () => {
    const r = await page(`/admin/messages.html?touser=o-bob&token=${TOKEN}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/admin/messages.html?touser=o-bob');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`gridlink_admin_${server.port}=${TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin\//);
    const ok = await page(r.headers.location, { cookie: cookie.split(';')[0] });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('o-bob');
    expect(ok.text).not.toContain('o-alice</code> <small>');
  });

  it('shows per user each message: template title, time, fields and page path, in Chinese, escaped', async () => {
    const r = await page('/admin/messages.html', { 'x-admin-token': TOKEN });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.text).toContain('微信订阅消息 · 已送达');
    expect(r.text).toMatch(/用户 <code>o-alice<\/code> <small>共 2 条<\/small>/);
    expect(r.text).toMatch(/用户 <code>o-bob<\/code> <small>共 1 条<\/small>/);
    expect(r.text).toContain('事项办理进度通知');
    expect(r.text).toContain('跳转页面：<code>pages/item/index?id=item-1</code>');
    expect(r.text).toContain('<dt>phrase2</dt><dd>已受理</dd>');
    expect(r.text).toMatch(/<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/time>/);
    expect(r.text).not.toContain('<script>');
    expect(r.text).toContain('&lt;script&gt;x&lt;/script&gt;');
  });

  it('the cookie opens this read-only page only: other admin paths still need the header', async () => {
    const cookie = `gridlink_admin_${server.port}=${TOKEN}`;
    expect((await page('/admin/messages', { cookie })).status).toBe(401);
    expect((await page('/admin/outbox', { cookie })).status).toBe(401);
  });
});
