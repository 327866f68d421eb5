// The one place where weapp and H5 differ. weapp talks to WeChat Cloud; H5 talks to the local
// emulator over HTTP. Taro replaces process.env.TARO_ENV at build time, so each build keeps one branch.
import Taro from '@tarojs/taro';
import type { ApiEvent } from '../core/api/contract';
import { TEMPLATES } from '../core/notify/templates';

export interface RawResponse {
  ok: boolean;
  code?: string;
  message?: string;
  data?: unknown;
  details?: Record<string, string>;
}

/** One template's answer of requestSubscribeMessage, as WeChat gives it. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';

export interface DemoPersona {
  id: string;
  label: string;
  description: string;
}

/** The cloud environment, compiled in by the build from WX_CLOUD_ENV (config/index.ts); '' when unset. */
declare const GRIDLINK_CLOUD_ENV: string;

export interface Platform {
  /** Once at launch: weapp selects the cloud environment; H5 has nothing to set up. */
  init(): void;
  callFunction(event: ApiEvent): Promise<RawResponse>;
  /** Uploads a local image path and returns its cloud fileID. */
  uploadImage(filePath: string, openid: string): Promise<string>;
  /**
   * Lets the user take or pick up to `count` photos: local paths ([] when cancelled), and what was
   * left out, so the page can say so: how many beyond `count`, and the names of non-images.
   */
  chooseImages(count: number): Promise<PickedImages>;
  /** Lets the user pick an .xlsx or .csv file (admin import). */
  chooseSpreadsheet(): Promise<PickedFile | null>;
  /** Uploads a picked file under the caller's uploads folder and returns its fileID. */
  uploadFile(file: PickedFile, openid: string): Promise<string>;
  /** Opens or downloads a file the server made (template, export, card PDF). */
  openFile(url: string, name: string): Promise<void>;
  /** A URL an <Image> can show for a cloud fileID (weapp resolves cloud:// itself). */
  fileUrl(fileID: string): string;
  /**
   * wx.requestSubscribeMessage (at most 3 ids; weapp: only inside a tap). Answers per template id;
   * empty when the dialog could not be shown. H5 plays WeChat's dialog against the emulator.
   */
  requestSubscribe(templateIds: string[]): Promise<Record<string, SubscribeAnswer>>;
  demoConfig(): Promise<{ demo: boolean; personas: DemoPersona[] }>;
  signInAs(personaId: string): Promise<void>;
  signOut(): Promise<void>;
}

export interface PickedImages {
  paths: string[];
  tooMany: number;
  notImages: string[];
}

export interface PickedFile {
  path: string;
  name: string;
  size: number;
}

const SESSION_KEY = 'gridlink.session';
const extOf = (name: string) => (/\.(xlsx|csv)$/i.exec(name)?.[1] ?? '').toLowerCase();
const SHEET_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};
const randomId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

const weapp: Platform = {
  init() {
    const env = typeof GRIDLINK_CLOUD_ENV === 'string' ? GRIDLINK_CLOUD_ENV : '';
    // scripts/deploy.mjs always compiles the environment in (and checks the build for it). A local
    // build without WX_CLOUD_ENV falls back to DevTools' default environment.
    if (env) Taro.cloud.init({ env, traceUser: true });
    else {
      console.error('[gridlink] 未配置云开发环境（构建时设置 WX_CLOUD_ENV），将使用开发者工具的默认环境');
      Taro.cloud.init({ traceUser: true });
    }
  },
  async chooseImages(count) {
    try {
      // chooseMedia replaces the deprecated chooseImage; declared in the privacy guide as 选中的照片或视频信息 and 摄像头.
      const r = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      const paths = r.tempFiles.map((f) => f.tempFilePath);
      return { paths: paths.slice(0, count), tooMany: Math.max(0, paths.length - count), notImages: [] };
    } catch {
      return { paths: [], tooMany: 0, notImages: [] }; // cancelled
    }
  },
  fileUrl: (fileID) => fileID,
  async chooseSpreadsheet() {
    try {
      const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
      const f = r.tempFiles[0];
      return f ? { path: f.path, name: f.name, size: f.size } : null;
    } catch {
      return null;
    }
  },
  async uploadFile(file, openid) {
    const res = await Taro.cloud.uploadFile({ cloudPath: `uploads/${openid}/${randomId()}.${extOf(file.name) || 'xlsx'}`, filePath: file.path });
    return res.fileID;
  },
  async openFile(url) {
    const { tempFilePath } = await Taro.downloadFile({ url });
    await Taro.openDocument({ filePath: tempFilePath, showMenu: true });
  },
  async callFunction(event) {
    const res = await Taro.cloud.callFunction({ name: 'api', data: event as unknown as Record<string, unknown> });
    return res.result as RawResponse;
  },
  async uploadImage(filePath, openid) {
    const ext = /\.(png|webp|jpe?g)$/i.exec(filePath)?.[1] ?? 'jpg';
    const res = await Taro.cloud.uploadFile({ cloudPath: `uploads/${openid}/${randomId()}.${ext}`, filePath });
    return res.fileID;
  },
  async requestSubscribe(templateIds) {
    try {
      const r = (await Taro.requestSubscribeMessage({ tmplIds: templateIds } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
      return pickAnswers(r, templateIds);
    } catch {
      // The dialog could not be shown (main switch off, no tap): 消息中心 still shows everything.
      return {};
    }
  },
  async demoConfig() {
    return { demo: false, personas: [] };
  },
  async signInAs() {
    throw new Error('微信内由微信身份登录');
  },
  async signOut() {},
};

async function h5Session(forceNew = false): Promise<string> {
  let token = forceNew ? '' : (Taro.getStorageSync(SESSION_KEY) as string);
  if (!token) {
    const res = await fetch('/auth/guest', { method: 'POST' });
    const body = (await res.json()) as { token?: string; code?: string; message?: string };
    // 429: too many new accounts from this network (防刷); say so instead of a failed sign-in.
    if (!res.ok || !body.token) throw Object.assign(new Error(body.message || '登录失败，请稍后重试'), { code: body.code });
    token = body.token;
    Taro.setStorageSync(SESSION_KEY, token);
  }
  return token;
}

async function h5Post(path: string, body: BodyInit, contentType: string, retry = true): Promise<Response> {
  const token = await h5Session();
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body });
  if (res.status === 401 && retry) {
    // The emulator was reset or the secret changed: start a fresh local session, like a new WeChat login.
    await h5Session(true);
    return h5Post(path, body, contentType, false);
  }
  return res;
}

/** fileID → the short-lived signed URL the emulator answered an upload with. */
const signedUploads = new Map<string, string>();

const h5: Platform = {
  init() {},
  chooseImages(count) {
    // Our own file input, not Taro.chooseImage: its H5 loader drops a file that is not an image
    // without a word, and a browser's dialog lets anything be picked, and any number of files.
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = 'image/*';
      input.multiple = count > 1;
      input.style.display = 'none';
      const done = (r: PickedImages) => {
        input.remove();
        resolve(r);
      };
      input.onchange = () => {
        const files = Array.from(input.files ?? []);
        const images = files.filter((f) => /^image\//.test(f.type));
        const notImages = files.filter((f) => !/^image\//.test(f.type)).map((f) => f.name || '所选文件');
        done({ paths: images.slice(0, count).map((f) => URL.createObjectURL(f)), tooMany: Math.max(0, images.length - count), notImages });
      };
      input.addEventListener('cancel', () => done({ paths: [], tooMany: 0, notImages: [] }));
      document.body.appendChild(input);
      input.click();
    });
  },
  chooseSpreadsheet() {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.xlsx,.csv';
      input.style.display = 'none';
      input.onchange = () => {
        const f = input.files?.[0];
        input.remove();
        resolve(f ? { path: URL.createObjectURL(f), name: f.name, size: f.size } : null);
      };
      document.body.appendChild(input);
      input.click();
    });
  },
  async uploadFile(file) {
    const blob = await (await fetch(file.path)).blob();
    const res = await h5Post('/storage/upload', blob, SHEET_TYPES[extOf(file.name)] ?? 'application/octet-stream');
    const body = (await res.json()) as RawResponse & { fileID?: string };
    if (!res.ok || !body.fileID) throw Object.assign(new Error(body.message || '文件上传失败'), { code: body.code });
    return body.fileID;
  },
  async openFile(url, name) {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.target = '_blank';
    document.body.appendChild(a);
    a.click();
    a.remove();
  },
  fileUrl(fileID) {
    // Storage is private: a cloud:// fileID shows through the signed URL its upload returned;
    // anything else already is a URL (the server's getTempFileURL).
    return /^cloud:\/\//.test(fileID) ? signedUploads.get(fileID) ?? '' : fileID;
  },
  async callFunction(event) {
    let res: Response;
    try {
      res = await h5Post('/api/functions/api', JSON.stringify(event), 'application/json');
    } catch (e) {
      // No session could be made (防刷: too many new accounts from this network): say why.
      if ((e as { code?: string }).code === 'RATE_LIMITED') return { ok: false, code: 'RATE_LIMITED', message: (e as Error).message };
      throw e;
    }
    return (await res.json()) as RawResponse;
  },
  async uploadImage(filePath) {
    const blob = await (await fetch(filePath)).blob();
    const res = await h5Post('/storage/upload', blob, blob.type || 'image/jpeg');
    const body = (await res.json()) as RawResponse & { fileID?: string; url?: string };
    if (!res.ok || !body.fileID) throw Object.assign(new Error(body.message || '图片上传失败'), { code: body.code });
    if (body.url) signedUploads.set(body.fileID, body.url);
    return body.fileID;
  },
  async requestSubscribe(templateIds) {
    // WeChat's dialog, simulated; its answers are recorded by the emulator as WeChat records them.
    const answers = await h5SubscribeDialog(templateIds);
    if (!Object.keys(answers).length) return {};
    const res = await h5Post('/platform/subscribe', JSON.stringify({ answers }), 'application/json');
    if (!res.ok) return {};
    return pickAnswers((await res.json()) as Record<string, string>, templateIds);
  },
  async demoConfig() {
    const res = await fetch('/auth/config');
    return (await res.json()) as { demo: boolean; personas: DemoPersona[] };
  },
  async signInAs(personaId) {
    const res = await fetch('/auth/demo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personaId }) });
    const body = (await res.json()) as { token?: string; message?: string };
    if (!res.ok || !body.token) throw new Error(body.message || '登录失败');
    Taro.setStorageSync(SESSION_KEY, body.token);
  },
  async signOut() {
    Taro.removeStorageSync(SESSION_KEY);
    await h5Session(true);
  },
};

function pickAnswers(r: Record<string, string> | null | undefined, ids: string[]): Record<string, SubscribeAnswer> {
  const out: Record<string, SubscribeAnswer> = {};
  for (const id of ids) {
    const a = r?.[id];
    if (a === 'accept' || a === 'reject' || a === 'ban' || a === 'filter') out[id] = a;
  }
  return out;
}

/** H5 only: 'ask' shows the simulated dialog, 'auto' answers 允许 at once (the emulator's default: `--subscribe-dialog`). */
export const SUBSCRIBE_DIALOG_KEY = 'gridlink.subscribeDialog';
const ALWAYS_KEY = 'gridlink.subscribeAlways';
let dialogDefault: Promise<'ask' | 'auto'> | null = null;

export async function h5SubscribeMode(): Promise<'ask' | 'auto'> {
  const mine = Taro.getStorageSync(SUBSCRIBE_DIALOG_KEY) as string;
  if (mine === 'ask' || mine === 'auto') return mine;
  dialogDefault ??= fetch('/auth/config')
    .then((r) => r.json() as Promise<{ subscribeDialog?: string }>)
    .then((c) => (c.subscribeDialog === 'auto' ? 'auto' : 'ask'))
    .catch(() => 'ask' as const);
  return dialogDefault;
}

/**
 * WeChat's subscribe dialog, drawn in the page: one switch per template, 总是保持以上选择（不再询问）,
 * 取消 and 允许. A kept choice answers later requests without showing the dialog, as in WeChat.
 */
async function h5SubscribeDialog(ids: string[]): Promise<Record<string, 'accept' | 'reject'>> {
  const always = (Taro.getStorageSync(ALWAYS_KEY) || {}) as Record<string, 'accept' | 'reject'>;
  if (ids.every((id) => always[id])) return Object.fromEntries(ids.map((id) => [id, always[id]]));
  if ((await h5SubscribeMode()) === 'auto') {
    Taro.showToast({ title: '（模拟微信）已允许接收通知', icon: 'none' });
    return Object.fromEntries(ids.map((id) => [id, 'accept' as const]));
  }
  return new Promise((resolve) => {
    const el = (tag: string, css: string, text = '') => {
      const e = document.createElement(tag);
      e.style.cssText = css;
      if (text) e.textContent = text;
      return e;
    };
    const mask = el('div', 'position:fixed;inset:0;background:rgba(0,0,0,.6);z-index:10000;display:flex;align-items:flex-end;');
    mask.className = 'wx-subscribe-dialog';
    const box = el('div', 'background:#fff;width:100%;border-radius:12px 12px 0 0;padding:20px 20px 28px;box-sizing:border-box;font-size:15px;color:#262626;');
    box.appendChild(el('div', 'font-weight:bold;font-size:16px;margin-bottom:6px;', '「网格连心」申请'));
    box.appendChild(el('div', 'color:#8c8c8c;margin-bottom:12px;', '发送以下订阅消息（模拟微信授权弹窗）'));
    const switches: Record<string, HTMLInputElement> = {};
    for (const id of ids) {
      const row = el('label', 'display:flex;justify-content:space-between;align-items:center;padding:10px 0;border-top:1px solid #f0f0f0;');
      row.className = 'wx-subscribe-item';
      row.appendChild(el('span', '', TEMPLATES.find((t) => t.id === id)?.title ?? id));
      const sw = document.createElement('input');
      sw.type = 'checkbox';
      sw.checked = true;
      sw.className = 'wx-subscribe-switch';
      switches[id] = sw;
      row.appendChild(sw);
      box.appendChild(row);
    }
    const keepRow = el('label', 'display:flex;align-items:center;gap:8px;color:#595959;margin:12px 0 16px;');
    const keep = document.createElement('input');
    keep.type = 'checkbox';
    keep.className = 'wx-subscribe-always';
    keepRow.appendChild(keep);
    keepRow.appendChild(el('span', '', '总是保持以上选择，不再询问'));
    box.appendChild(keepRow);
    const buttons = el('div', 'display:flex;gap:12px;');
    const btn = (text: string, cls: string, css: string, accept: boolean) => {
      const b = el('button', `flex:1;height:44px;border-radius:6px;border:none;font-size:16px;${css}`, text);
      b.className = cls;
      b.onclick = () => {
        const answers = Object.fromEntries(ids.map((id) => [id, accept && switches[id].checked ? ('accept' as const) : ('reject' as const)]));
        if (keep.checked) Taro.setStorageSync(ALWAYS_KEY, { ...always, ...answers });
        mask.remove();
        resolve(answers);
      };
      return b;
    };
    buttons.appendChild(btn('取消', 'wx-subscribe-cancel', 'background:#f2f2f2;color:#262626;', false));
    buttons.appendChild(btn('允许', 'wx-subscribe-allow', 'background:#07c160;color:#fff;', true));
    box.appendChild(buttons);
    mask.appendChild(box);
    document.body.appendChild(mask);
  });
}

export const platform: Platform = process.env.TARO_ENV === 'weapp' ? weapp : h5;
export const isWeapp = process.env.TARO_ENV === 'weapp';

/** A `type="2d"` <Canvas> ready to draw on (the statistics charts draw with F2 through it). */
export interface Canvas2d {
  context: CanvasRenderingContext2D;
  /** CSS size; the backing store is already size × pixelRatio. */
  width: number;
  height: number;
  pixelRatio: number;
  /** weapp: what F2 needs beside the context (images, text measuring, animation frames). */
  extra: Record<string, unknown>;
}

/**
 * The canvas of `<Canvas type='2d' id={id}>`, or null when it is not (yet) on the page. weapp: the
 * node a selector query answers; H5: the <canvas> inside Taro's <taro-canvas-core id>.
 */
export function canvas2d(id: string): Promise<Canvas2d | null> {
  if (process.env.TARO_ENV === 'weapp') {
    return new Promise((resolve) => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: { getContext(t: '2d'): CanvasRenderingContext2D; width: number; height: number; createImage?: () => unknown; requestAnimationFrame?: (f: () => void) => number; cancelAnimationFrame?: (n: number) => void }; width: number; height: number }[]) => {
          const r = res?.[0];
          if (!r?.node) return resolve(null);
          const pixelRatio = Taro.getWindowInfo?.().pixelRatio ?? Taro.getSystemInfoSync().pixelRatio;
          const node = r.node;
          node.width = r.width * pixelRatio;
          node.height = r.height * pixelRatio;
          const offscreen = (Taro as unknown as { createOffscreenCanvas?: (o: object) => unknown }).createOffscreenCanvas?.({ type: '2d' });
          resolve({
            context: node.getContext('2d'), width: r.width, height: r.height, pixelRatio,
            extra: {
              createImage: node.createImage?.bind(node),
              requestAnimationFrame: node.requestAnimationFrame?.bind(node),
              cancelAnimationFrame: node.cancelAnimationFrame?.bind(node),
              ...(offscreen ? { offscreenCanvas: offscreen } : {}),
            },
          });
        });
    });
  }
  const host = document.getElementById(id);
  const canvas = host instanceof HTMLCanvasElement ? host : host?.querySelector('canvas');
  if (!canvas) return Promise.resolve(null);
  const rect = canvas.getBoundingClientRect();
  if (!rect.width || !rect.height) return Promise.resolve(null);
  const pixelRatio = window.devicePixelRatio || 1;
  canvas.width = Math.round(rect.width * pixelRatio);
  canvas.height = Math.round(rect.height * pixelRatio);
  const context = canvas.getContext('2d');
  return Promise.resolve(context ? { context, width: rect.width, height: rect.height, pixelRatio, extra: {} } : null);
}
