import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { bearerToken, isOpenid, newOpenid, sameSecret } from './auth';
import type { Emulator } from './emulator';
import { MESSAGES, REFUSALS, type SentMessage } from './openapi';
import { renderMessagesPage } from './openapi/messagesPage';
import { SubscribeError, type DialogAnswer } from './openapi/subscriptions';
import { contentMatches } from './storage';
import { clientIpOf, createUploadQuota, createWindowCounter, DEFAULT_EMULATOR_LIMITS, mb, type EmulatorLimits } from './limits';

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
  /** Abuse limits of the emulator itself (emulator/limits.ts); defaults where absent. */
  limits?: Partial<EmulatorLimits>;
}

const MAX_JSON = 256 * 1024;
const UPLOAD_EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/csv': 'csv',
};

class HttpError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(text);
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** Admin pages for a person in a browser (see adminPage). */
const ADMIN_PAGES = new Set(['/admin/messages.html']);

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

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

/**
 * The body, refused (413) before reading when Content-Length says it is over `limit`, and while
 * streaming as soon as the bytes that arrived are: nothing over the limit is ever held in memory.
 * `onChunk` may refuse further bytes too (a quota) by throwing.
 */
async function readBody(req: IncomingMessage, limit: number, tooLarge = '请求内容过大', onChunk?: (n: number) => void): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, 'TOO_LARGE', tooLarge);
  // Events rather than for-await: leaving a for-await early destroys the socket before the 413 is sent.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const stop = (err: unknown) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.pause();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop(new HttpError(413, 'TOO_LARGE', tooLarge));
      try {
        onChunk?.(chunk.length);
      } catch (err) {
        return stop(err);
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!done) (done = true), resolve(Buffer.concat(chunks));
    });
    req.once('error', stop);
    req.once('close', () => stop(new HttpError(400, 'INVALID_INPUT', '上传中断，请重试')));
  });
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
  // sirv lists the build's files once; a rebuild while running (new hashed file names) would leave
  // it serving the old list, so a changed index.html makes a fresh handler.
  const h5Dir = opts.h5Dir && existsSync(opts.h5Dir) ? opts.h5Dir : null;
  const builtAt = () => {
    try {
      return statSync(path.join(h5Dir!, 'index.html')).mtimeMs;
    } catch {
      return 0;
    }
  };
  const makeStatics = () => sirv(h5Dir!, { dev: false, etag: true, single: false, setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff') });
  let staticsAt = h5Dir ? builtAt() : 0;
  let staticsHandler = h5Dir ? makeStatics() : null;
  const statics = h5Dir
    ? (req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const at = builtAt();
        if (at !== staticsAt) [staticsAt, staticsHandler] = [at, makeStatics()];
        staticsHandler!(req, res, next);
      }
    : null;
  if (!opts.adminToken) throw new Error('adminToken is required');
  let port = opts.port;
  // With demo mode off, sessions of demo personas (and any token minted by /auth/demo) are void.
  const demoOpenids = new Set(opts.demo.personas.map((x) => x.openid));
  const limits: EmulatorLimits = { ...DEFAULT_EMULATOR_LIMITS, ...opts.limits };
  const guests = createWindowCounter(limits.guestsPerIpPerHour, 3_600_000);
  const uploads = createUploadQuota(limits.uploadBytesPerDay);

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
      // Like opening the Mini Program in WeChat: a new user silently gets an OPENID. A script minting
      // accounts by the hundred (each with its own daily limits) is held to a few per IP and hour.
      if (!guests.take(clientIpOf(req))) {
        const retry = Math.ceil(guests.retryAfterMs() / 1000);
        throw new HttpError(429, 'RATE_LIMITED', `此网络新建账号过于频繁（每小时最多 ${limits.guestsPerIpPerHour} 个），请 ${Math.ceil(retry / 60)} 分钟后再试`, { 'retry-after': String(retry) });
      }
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
      // CLIENTIP, as CloudBase's wx-context has it (per-IP limits in the functions).
      return send(res, 200, await emu.functions.invoke(fn[1], event, { openid, clientIp: clientIpOf(req) })), true;
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
      const max = sheet ? limits.maxSheetBytes : limits.maxImageBytes;
      // The day's quota: checked on Content-Length, then reserved as bytes arrive (parallel uploads
      // cannot overshoot it together) and given back if the upload is refused.
      const overQuota = () =>
        new HttpError(429, 'RATE_LIMITED', `今天上传的文件已达上限（每天 ${mb(uploads.bytesPerDay)}），请明天再试`);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared <= max && declared > uploads.remaining(openid)) throw overQuota();
      let reserved = 0;
      let body: Buffer;
      try {
        body = await readBody(req, max, sheet ? `表格不能超过 ${mb(max)}` : `图片不能超过 ${mb(max)}`, (n) => {
          if (!uploads.reserve(openid, n)) throw overQuota();
          reserved += n;
        });
        if (!body.length) throw new HttpError(400, 'INVALID_INPUT', sheet ? '文件内容为空' : '图片内容为空');
        // The declared type must be what the bytes are: HTML sent as image/png is refused.
        if (!contentMatches(`x.${ext}`, body)) {
          throw new HttpError(415, 'INVALID_INPUT', sheet ? '文件内容与类型不符，请上传真实的 xlsx 或 csv 表格' : '图片内容与格式不符，请上传真实的 JPG、PNG、WEBP 或 GIF 图片');
        }
      } catch (err) {
        uploads.release(openid, reserved);
        throw err;
      }
      const cloudPath = `uploads/${openid}/${randomUUID().replace(/-/g, '')}.${ext}`;
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
    if (m === 'GET' && ADMIN_PAGES.has(p)) return await adminPage(req, res, p, url), true;
    if (p.startsWith('/admin/')) {
      const token = req.headers['x-admin-token'];
      if (typeof token !== 'string' || !token) throw new HttpError(401, 'ADMIN_TOKEN_REQUIRED', '管理接口需要管理令牌（X-Admin-Token，见数据目录下的 admin-token）');
      if (!sameSecret(token, opts.adminToken)) throw new HttpError(403, 'ADMIN_TOKEN_INVALID', '管理令牌不正确');
      return await admin(req, res, p, m, url), true;
    }
    return false;
  }

  /** Per port: cookies ignore ports, and two emulators on 127.0.0.1 must not overwrite each other's. */
  const adminCookie = () => `gridlink_admin_${port}`;

  /**
   * Admin pages a person opens in a browser, which cannot send X-Admin-Token: the first visit
   * carries the token as `?token=`; it is checked, kept in an HttpOnly SameSite=Strict cookie
   * scoped to /admin/, and the browser is sent to the same page without it (out of the address bar
   * and history). The cookie opens these read-only GET pages only; every other admin path still
   * needs the header, so no cross-site request can act with it.
   */
  async function adminPage(req: IncomingMessage, res: ServerResponse, p: string, url: URL) {
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null) {
      if (!sameSecret(fromQuery, opts.adminToken)) throw new HttpError(403, 'ADMIN_TOKEN_INVALID', '管理令牌不正确');
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: `${p}${url.search}`,
        'set-cookie': `${adminCookie()}=${encodeURIComponent(fromQuery)}; Path=/admin/; HttpOnly; SameSite=Strict`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      return void res.end();
    }
    const header = req.headers['x-admin-token'];
    const token = typeof header === 'string' && header ? header : cookieValue(req, adminCookie());
    if (!token) throw new HttpError(401, 'ADMIN_TOKEN_REQUIRED', `请用 http://127.0.0.1:${port}${p}?token=<管理令牌> 打开（令牌见数据目录下的 admin-token）`);
    if (!sameSecret(token, opts.adminToken)) throw new HttpError(403, 'ADMIN_TOKEN_INVALID', '管理令牌不正确');
    const touser = url.searchParams.get('touser');
    const limit = 500;
    const col = emu.platformDb.collection(MESSAGES);
    const { data } = await (touser ? col.where({ touser }) : col).orderBy('sentAt', 'desc').limit(limit).get();
    const html = renderMessagesPage(data as unknown as SentMessage[], emu.templates, { touser, limit });
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Rendered data only: no script, no framing, styles inline.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'",
    });
    res.end(html);
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
    if (m === 'POST' && p === '/admin/openapi/hold-next-sends') {
      // The next sends never answer: a kill -9 test stops the process inside subscribeMessage.send.
      const { count } = await readJson(req);
      emu.holdNextSends.count = Math.max(0, Number(count) || 0);
      return send(res, 200, { ok: true });
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
        if (!req.complete) {
          // Answered before the whole body arrived (too large, over quota): drop the rest unread, so
          // the client gets to read the answer, and cut the connection if it still sends after 2 s.
          req.resume();
          const cut = setTimeout(() => req.socket.destroy(), 2000);
          cut.unref();
          req.once('end', () => clearTimeout(cut));
        }
        if (err instanceof HttpError) return send(res, err.status, { ok: false, code: err.code, message: err.message }, err.headers);
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
