import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';

/** Cloud storage on disk (or in memory for tests). fileIDs look like the cloud's: cloud://<env>/<path>. */
export interface Storage {
  put(cloudPath: string, content: Uint8Array, contentType?: string): Promise<string>;
  get(cloudPath: string): Promise<{ content: Buffer; contentType: string } | null>;
  fileIdToPath(fileID: string): string | null;
  tempUrl(fileID: string): string | null;
}

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

export function createStorage(opts: { env: string; dir?: string; publicUrl: () => string }): Storage {
  const mem = new Map<string, Buffer>();
  const prefix = `cloud://${opts.env}/`;
  const check = (p: string) => {
    if (!SAFE_PATH.test(p) || p.includes('..') || p.startsWith('/')) throw new Error(`invalid cloudPath: ${p}`);
    return p;
  };
  return {
    async put(cloudPath, content) {
      check(cloudPath);
      const buf = Buffer.from(content);
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
    fileIdToPath(fileID) {
      return fileID.startsWith(prefix) ? fileID.slice(prefix.length) : null;
    },
    tempUrl(fileID) {
      const p = this.fileIdToPath(fileID);
      return p ? `${opts.publicUrl()}/storage/${p}` : null;
    },
  };
}
