// The one place where weapp and H5 differ. weapp talks to WeChat Cloud; H5 talks to the local
// emulator over HTTP. Taro replaces process.env.TARO_ENV at build time, so each build keeps one branch.
import Taro from '@tarojs/taro';
import type { ApiEvent } from '../core/api/contract';

export interface RawResponse {
  ok: boolean;
  code?: string;
  message?: string;
  data?: unknown;
  details?: Record<string, string>;
}

export interface DemoPersona {
  id: string;
  label: string;
  description: string;
}

export interface Platform {
  callFunction(event: ApiEvent): Promise<RawResponse>;
  /** Uploads a local image path and returns its cloud fileID. */
  uploadImage(filePath: string, openid: string): Promise<string>;
  /** Lets the user pick an .xlsx or .csv file (admin import). */
  chooseSpreadsheet(): Promise<PickedFile | null>;
  /** Uploads a picked file under the caller's uploads folder and returns its fileID. */
  uploadFile(file: PickedFile, openid: string): Promise<string>;
  /** Opens or downloads a file the server made (template, export, card PDF). */
  openFile(url: string, name: string): Promise<void>;
  /** A URL an <Image> can show for a cloud fileID (weapp resolves cloud:// itself). */
  fileUrl(fileID: string): string;
  /** Asks for one-time subscriptions where the platform has them. */
  requestSubscribe(templateIds: string[]): Promise<void>;
  demoConfig(): Promise<{ demo: boolean; personas: DemoPersona[] }>;
  signInAs(personaId: string): Promise<void>;
  signOut(): Promise<void>;
  /** The cloud environment's name for humans ("本地模拟环境" on H5). */
  environmentLabel: string;
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
  environmentLabel: '微信云开发',
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
      await Taro.requestSubscribeMessage({ tmplIds: templateIds } as Taro.requestSubscribeMessage.Option);
    } catch {
      // Refusing is the user's right; the in-app inbox still shows everything.
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
    token = ((await res.json()) as { token: string }).token;
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
  environmentLabel: '本地模拟环境',
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
    const res = await h5Post('/api/functions/api', JSON.stringify(event), 'application/json');
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
  async requestSubscribe() {
    // Subscription messages exist only inside WeChat.
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

export const platform: Platform = process.env.TARO_ENV === 'weapp' ? weapp : h5;
export const isWeapp = process.env.TARO_ENV === 'weapp';
