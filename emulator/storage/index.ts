import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Cloud storage on disk (or in memory for tests). fileIDs look like the cloud's: cloud://<env>/<path>. */
export interface Storage {
  /** Throws `ContentMismatchError` when the content does not match the path's type. */
  put(cloudPath: string, content: Uint8Array, contentType?: string): Promise<string>;
  get(cloudPath: string): Promise<{ content: Buffer; contentType: string } | null>;
  /** Deletes a file; a missing one is no error (`deleteFile`: retention, 个人信息删除, expired jobs). */
  remove(cloudPath: string): Promise<boolean>;
  fileIdToPath(fileID: string): string | null;
  /** A short-lived signed URL, like `getTempFileURL` gives for private files. */
  tempUrl(fileID: string, now?: number): string | null;
  /** Checks the `expires` and `sig` query of a `/storage/<path>` URL. */
  checkUrl(cloudPath: string, expires: string | null, sig: string | null, now?: number): 'ok' | 'expired' | 'invalid';
}

/** Temp URLs live 10 minutes unless configured otherwise. */
export const TEMP_URL_TTL_MS = 10 * 60_000;

const SAFE_PATH = /^[\w\-/.]{1,200}$/;
const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
};

export function contentTypeOf(p: string): string {
  return TYPES[path.extname(p).toLowerCase()] ?? 'application/octet-stream';
}

export class ContentMismatchError extends Error {
  constructor(public cloudPath: string) {
    super(`content does not match its type: ${cloudPath}`);
  }
}

const startsWith = (b: Buffer, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** WHATWG MIME sniffing's HTML/XML patterns: content a browser could be talked into rendering. */
const MARKUP = /^\s*<(!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|xml|\?xml|!--)[\s>/]/i;

/**
 * Whether content really is of the type its extension says (magic numbers; text must not be markup
 * or binary). Unknown extensions pass: they are served as application/octet-stream.
 */
export function contentMatches(cloudPath: string, content: Uint8Array): boolean {
  const b = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  switch (path.extname(cloudPath).toLowerCase()) {
    case '.png':
      return startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case '.jpg':
    case '.jpeg':
      return startsWith(b, [0xff, 0xd8, 0xff]);
    case '.gif':
      return startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'));
    case '.webp':
      return startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8);
    case '.pdf':
      return startsWith(b, ascii('%PDF-'));
    case '.xlsx':
      return startsWith(b, [0x50, 0x4b, 0x03, 0x04]);
    case '.csv': {
      const head = b.subarray(0, 4096);
      if (head.includes(0)) return false;
      const text = head.toString('utf8').replace(/^\uFEFF/, '');
      return !MARKUP.test(text);
    }
    default:
      return true;
  }
}

export function createStorage(opts: { env: string; dir?: string; publicUrl: () => string; secret: string; urlTtlMs?: number }): Storage {
  const mem = new Map<string, Buffer>();
  const prefix = `cloud://${opts.env}/`;
  const ttl = opts.urlTtlMs ?? TEMP_URL_TTL_MS;
  // A key of its own, so a URL signature can never stand for a session signature.
  const key = createHmac('sha256', opts.secret).update('gridlink-storage-url').digest();
  const sign = (p: string, expires: number) => createHmac('sha256', key).update(`${p}\n${expires}`).digest('base64url');
  const check = (p: string) => {
    if (!SAFE_PATH.test(p) || p.includes('..') || p.startsWith('/')) throw new Error(`invalid cloudPath: ${p}`);
    return p;
  };
  return {
    async put(cloudPath, content) {
      check(cloudPath);
      const buf = Buffer.from(content);
      if (!contentMatches(cloudPath, buf)) throw new ContentMismatchError(cloudPath);
      if (opts.dir) {
        const file = path.join(opts.dir, cloudPath);
        await mkdir(path.dirname(file), { recursive: true });
        // Write then rename so a crash never leaves half a photo behind.
        const tmp = `${file}.${randomUUID()}.tmp`;
        await writeFile(tmp, buf);
        await rename(tmp, file);
      } else mem.set(cloudPath, buf);
      return prefix + cloudPath;
    },
    async get(cloudPath) {
      try {
        check(cloudPath);
      } catch {
        return null;
      }
      const content = opts.dir ? await readFile(path.join(opts.dir, cloudPath)).catch(() => null) : mem.get(cloudPath) ?? null;
      return content ? { content, contentType: contentTypeOf(cloudPath) } : null;
    },
    async remove(cloudPath) {
      try {
        check(cloudPath);
      } catch {
        return false;
      }
      if (!opts.dir) return mem.delete(cloudPath);
      const file = path.join(opts.dir, cloudPath);
      const had = (await readFile(file).catch(() => null)) !== null;
      await rm(file, { force: true });
      return had;
    },
    fileIdToPath(fileID) {
      return fileID.startsWith(prefix) ? fileID.slice(prefix.length) : null;
    },
    tempUrl(fileID, now = Date.now()) {
      const p = this.fileIdToPath(fileID);
      if (!p) return null;
      const expires = Math.floor((now + ttl) / 1000);
      return `${opts.publicUrl()}/storage/${p}?expires=${expires}&sig=${sign(p, expires)}`;
    },
    checkUrl(cloudPath, expires, sig, now = Date.now()) {
      if (!expires || !sig || !/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
      const exp = Number(expires);
      if (!timingSafeEqual(Buffer.from(sign(cloudPath, exp)), Buffer.from(sig))) return 'invalid';
      return exp * 1000 < now ? 'expired' : 'ok';
    },
  };
}
