import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { bearerToken, isOpenid, newOpenid, sameSecret } from './auth';
import type { Emulator } from './emulator';
import { MESSAGES, REFUSALS } from './openapi';
import { SubscribeError, type DialogAnswer } from './openapi/subscriptions';
import { contentMatches } from './storage';

export interface DemoPersona {
  id: string;
  label: string;
  description: string;
  openid: string;
}

export interface ServerOptions {
  emulator: Emulator;
  port: number;
  host?: string;
  /** The H5 build to serve at `/`. */
  h5Dir?: string;
  /** Demo personas are offered only when enabled; when not, sessions issued to them are refused. */
  demo: { enabled: boolean; personas: DemoPersona[] };
  /** How the product was started, for the page banner (`GET /auth/config`). */
  mode?: 'demo' | 'pilot' | 'standard';
  /** Per-run secret every `/admin/*` request must carry as `X-Admin-Token`. */
  adminToken: string;
  /** Admin reset: drop data and seed again. */
  reset?: () => Promise<void>;
  /** The H5 app's simulated subscribe dialog: 'ask' shows it (default), 'auto' answers 允许 at once. */
  subscribeDialog?: 'ask' | 'auto';
}

const MAX_JSON = 256 * 1024;
const MAX_UPLOAD = 5 * 1024 * 1024;
const UPLOAD_EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/csv': 'csv',
};
const MAX_SHEET = 50 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Only requests addressed to this server by a loopback name and its port, and sent from its own
 * origin (or from no browser page at all), get through. A foreign Host is DNS rebinding; a foreign
 * Origin is a cross-site request.
 */
function checkOrigin(req: IncomingMessage, port: number, listenHost: string | undefined) {
  const names = [...LOOPBACK];
  if (listenHost && listenHost !== '0.0.0.0' && listenHost !== '::') names.push(listenHost.includes(':') ? `[${listenHost}]` : listenHost);
  const host = (req.headers.host ?? '').toLowerCase();
  if (!names.some((n) => host === `${n.toLowerCase()}:${port}`)) {
    throw new HttpError(403, 'FORBIDDEN_HOST', `拒绝访问：请通过 http://127.0.0.1:${port}/ 打开`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) throw new HttpError(403, 'FORBIDDEN_ORIGIN', '拒绝来自其他网站的请求');
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'TOO_LARGE', limit === MAX_UPLOAD ? '图片不能超过 5MB' : limit === MAX_SHEET ? '表格不能超过 50MB' : '请求内容过大');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<any> {
  const buf = await readBody(req, MAX_JSON);
  if (!buf.length) return {};
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_INPUT', '请求格式不正确');
  }
}

/** HTTP bridge: `POST /api/functions/<name>` is what `wx.cloud.callFunction` is in WeChat. */
export async function startServer(opts: ServerOptions) {
  const { emulator: emu } = opts;
  const statics =
    opts.h5Dir && existsSync(opts.h5Dir)
      ? sirv(opts.h5Dir, { dev: false, etag: true, single: false, setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff') })
      : null;
  if (!opts.adminToken) throw new Error('adminToken is required');
  let port = opts.port;
  // With demo mode off, sessions of demo personas (and any token minted by /auth/demo) are void.
  const demoOpenids = new Set(opts.demo.personas.map((x) => x.openid));

  const caller = (req: IncomingMessage) => {
    const s = emu.auth.verify(bearerToken(req.headers.authorization));
    if (!s || (!opts.demo.enabled && (s.demo || demoOpenids.has(s.openid)))) throw new HttpError(401, 'UNAUTHENTICATED', '登录已过期，请重新进入');
    return s.openid;
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    checkOrigin(req, port, opts.host);
    const target = req.url ?? '';
    if (!target.startsWith('/')) throw new HttpError(400, 'INVALID_INPUT', '请求地址不正确');
    const url = new URL(`http://local${target}`);
    const p = url.pathname;
    const m = req.method ?? 'GET';

    if (m === 'GET' && p === '/healthz') return send(res, 200, { ok: true }), true;

    // --- auth ---
    if (m === 'GET' && p === '/auth/config') {
      const personas = opts.demo.enabled ? opts.demo.personas.map(({ id, label, description }) => ({ id, label, description })) : [];
      const mode = opts.mode ?? (opts.demo.enabled ? 'demo' : 'standard');
      return send(res, 200, { demo: opts.demo.enabled, mode, personas, subscribeDialog: opts.subscribeDialog ?? 'ask' }), true;
    }
    if (m === 'POST' && p === '/auth/guest') {
      // Like opening the Mini Program in WeChat: a new user silently gets an OPENID.
      const openid = newOpenid();
      return send(res, 200, { token: emu.auth.issue(openid), openid }), true;
    }
    if (m === 'POST' && p === '/auth/demo') {
      if (!opts.demo.enabled) throw new HttpError(403, 'FORBIDDEN', '当前不是演示模式，不能使用演示账号');
      const { personaId } = await readJson(req);
      const persona = opts.demo.personas.find((x) => x.id === personaId);
      if (!persona) throw new HttpError(404, 'NOT_FOUND', '演示账号不存在');
      return send(res, 200, { token: emu.auth.issue(persona.openid, { demo: true }), openid: persona.openid }), true;
    }

    // --- functions ---
    const fn = /^\/api\/functions\/([\w-]+)$/.exec(p);
    if (m === 'POST' && fn) {
      const openid = caller(req);
      if (!emu.functions.has(fn[1])) throw new HttpError(404, 'NOT_FOUND', '云函数不存在');
      const event = await readJson(req);
      return send(res, 200, await emu.functions.invoke(fn[1], event, { openid })), true;
    }

    // --- WeChat's subscribe dialog (wx.requestSubscribeMessage): the H5 app posts the user's answers ---
    if (m === 'POST' && p === '/platform/subscribe') {
      const openid = caller(req);
      const { answers } = await readJson(req);
      if (!answers || typeof answers !== 'object' || Array.isArray(answers)) throw new HttpError(400, 'INVALID_INPUT', '订阅请求格式不正确');
      try {
        return send(res, 200, await emu.subscriptions.request(openid, answers as Record<string, DialogAnswer>)), true;
      } catch (err) {
        if (err instanceof SubscribeError) throw new HttpError(400, 'SUBSCRIBE_FAILED', `订阅失败（${err.errCode} ${err.errMsg}）`);
        throw err;
      }
    }

    // --- storage ---
    if (m === 'POST' && p === '/storage/upload') {
      const openid = caller(req);
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
      const ext = UPLOAD_EXT[type];
      if (!ext) throw new HttpError(415, 'INVALID_INPUT', '只能上传 JPG、PNG、WEBP、GIF 图片或 xlsx、csv 表格');
      const sheet = ext === 'xlsx' || ext === 'csv';
      const body = await readBody(req, sheet ? MAX_SHEET : MAX_UPLOAD);
      if (!body.length) throw new HttpError(400, 'INVALID_INPUT', sheet ? '文件内容为空' : '图片内容为空');
      const cloudPath = `uploads/${openid}/${randomUUID().replace(/-/g, '')}.${ext}`;
      // The declared type must be what the bytes are: HTML sent as image/png is refused.
      if (!contentMatches(cloudPath, body)) {
        throw new HttpError(415, 'INVALID_INPUT', sheet ? '文件内容与类型不符，请上传真实的 xlsx 或 csv 表格' : '图片内容与格式不符，请上传真实的 JPG、PNG、WEBP 或 GIF 图片');
      }
      const fileID = await emu.storage.put(cloudPath, body);
      // A signed URL, so the uploader can show what was just sent.
      return send(res, 200, { fileID, url: emu.storage.tempUrl(fileID) }), true;
    }
    if (m === 'GET' && p.startsWith('/storage/')) {
      let cloudPath: string;
      try {
        cloudPath = decodeURIComponent(p.slice('/storage/'.length));
      } catch {
        throw new HttpError(400, 'INVALID_INPUT', '文件地址格式不正确');
      }
      // Files are private: readable only through the short-lived signed URLs getTempFileURL gives.
      const access = emu.storage.checkUrl(cloudPath, url.searchParams.get('expires'), url.searchParams.get('sig'));
      if (access === 'expired') throw new HttpError(403, 'LINK_EXPIRED', '文件链接已过期，请返回刷新后重试');
      if (access !== 'ok') throw new HttpError(403, 'FORBIDDEN', '文件链接无效，请在应用内打开');
      const f = await emu.storage.get(cloudPath);
      if (!f) throw new HttpError(404, 'NOT_FOUND', '文件不存在');
      res.writeHead(200, { 'content-type': f.contentType, 'cache-control': 'private, max-age=600', 'x-content-type-options': 'nosniff' });
      res.end(f.content);
      return true;
    }

    // --- admin paths: loopback and the per-run admin token ---
    if (p.startsWith('/admin/')) {
      const token = req.headers['x-admin-token'];
      if (typeof token !== 'string' || !token) throw new HttpError(401, 'ADMIN_TOKEN_REQUIRED', '管理接口需要管理令牌（X-Admin-Token，见数据目录下的 admin-token）');
      if (!sameSecret(token, opts.adminToken)) throw new HttpError(403, 'ADMIN_TOKEN_INVALID', '管理令牌不正确');
      return await admin(req, res, p, m, url), true;
    }
    return false;
  }

  async function admin(req: IncomingMessage, res: ServerResponse, p: string, m: string, url: URL) {
    const db = emu.db;
    if (m === 'POST' && p === '/admin/reset') {
      if (opts.reset) await opts.reset();
      else await emu.reset();
      return send(res, 200, { ok: true });
    }
    if (m === 'GET' && p === '/admin/outbox') {
      const { data } = await db.collection('outbox').orderBy('createdAt', 'desc').limit(Number(url.searchParams.get('limit') ?? 100)).get();
      return send(res, 200, { outbox: data });
    }
    if (m === 'GET' && p === '/admin/messages') {
      const touser = url.searchParams.get('touser');
      const pdb = emu.platformDb;
      const q = touser ? pdb.collection(MESSAGES).where({ touser }) : pdb.collection(MESSAGES);
      const { data } = await q.orderBy('sentAt', 'desc').limit(100).get();
      return send(res, 200, { messages: data });
    }
    const timer = /^\/admin\/timer\/([\w-]+)$/.exec(p);
    if (m === 'POST' && timer) {
      return send(res, 200, await emu.functions.invoke(timer[1], { Type: 'Timer', TriggerName: 'manual' }, { openid: '', source: 'wx_trigger' }));
    }
    if (m === 'GET' && p === '/admin/stats') return send(res, 200, db.stats());
    if (m === 'POST' && p === '/admin/stats/reset') return db.resetStats(), send(res, 200, { ok: true });
    if (m === 'POST' && p === '/admin/subscriptions/refuse') {
      const { openid, templateId } = await readJson(req);
      await emu.platformDb.collection(REFUSALS).add({ data: { openid, templateId } });
      return send(res, 200, { ok: true });
    }
    if (m === 'POST' && p === '/admin/subscriptions/grant') {
      // As if the user tapped 允许 `count` times (tests, scripts).
      const { openid, templateId, count } = await readJson(req);
      if (!isOpenid(openid) || typeof templateId !== 'string') throw new HttpError(400, 'INVALID_INPUT', 'openid 或模板编号不正确');
      await emu.subscriptions.grant(openid, templateId, Math.max(1, Math.min(100, Number(count) || 1)));
      return send(res, 200, { ok: true, subscriptions: await emu.subscriptions.of(openid) });
    }
    if (m === 'POST' && p === '/admin/subscriptions/long-term') {
      // The template's type in the Mini Program console: 长期订阅 (政务民生 accounts) or 一次性订阅.
      const { templateId, longTerm } = await readJson(req);
      if (typeof templateId !== 'string') throw new HttpError(400, 'INVALID_INPUT', '模板编号不正确');
      await emu.subscriptions.setLongTerm(templateId, !!longTerm);
      return send(res, 200, { ok: true });
    }
    if (m === 'GET' && p === '/admin/subscriptions') {
      const openid = url.searchParams.get('openid') ?? '';
      return send(res, 200, { subscriptions: await emu.subscriptions.of(openid) });
    }
    if (m === 'POST' && p === '/admin/openapi/fail-next-sends') {
      const { count, errCode } = await readJson(req);
      emu.failNextSends.count = Number(count) || 0;
      emu.failNextSends.errCode = Number.isInteger(errCode) ? errCode : undefined;
      return send(res, 200, { ok: true });
    }
    if (m === 'POST' && p === '/admin/session') {
      // Tests and scripts act as any OPENID; loopback only, never in WeChat.
      const { openid } = await readJson(req);
      if (!isOpenid(openid)) throw new HttpError(400, 'INVALID_INPUT', 'openid 格式不正确');
      return send(res, 200, { token: emu.auth.issue(openid), openid });
    }
    throw new HttpError(404, 'NOT_FOUND', '管理接口不存在');
  }

  const server = http.createServer((req, res) => {
    route(req, res)
      .then((handled) => {
        if (handled) return;
        if (statics) {
          statics(req, res, () => send(res, 404, { ok: false, code: 'NOT_FOUND', message: '页面不存在' }));
        } else send(res, 404, { ok: false, code: 'NOT_FOUND', message: 'H5 尚未构建，请先运行 npm run build:h5' });
      })
      .catch((err) => {
        if (err instanceof HttpError) return send(res, err.status, { ok: false, code: err.code, message: err.message });
        console.error('[emulator]', err);
        send(res, 500, { ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' });
      });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`端口 ${opts.port} 已被占用，请用 --port 指定其他端口`) : err),
    );
    server.listen(opts.port, opts.host ?? '127.0.0.1', resolve);
  });
  const addr = server.address() as AddressInfo;
  port = addr.port;
  const url = `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${addr.port}`;
  emu.setPublicUrl(url);
  return {
    url,
    port: addr.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
