import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Signed local sessions standing in for WeChat's login: a token carries an OPENID. */
export interface Session {
  openid: string;
  /** Issued at, epoch ms. Required; never in the future. */
  iat: number;
  /** Issued to a demo persona (`/auth/demo`); refused when demo mode is off. */
  demo?: true;
}

/** Default session lifetime: 7 days (`--session-days`). */
export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 3600_000;
/** Clock skew tolerated for `iat` (tokens are issued by this very process, so small). */
const SKEW_MS = 60_000;
/** `<payload>.<sig>`: base64url, and a SHA-256 HMAC is exactly 43 base64url characters. Nothing else. */
const TOKEN = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/;
/** `Authorization: Bearer <token>`, exactly one space, no trailing garbage. */
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{43})$/;
const OPENID = /^[\w-]{1,128}$/;
export const isOpenid = (s: unknown): s is string => typeof s === 'string' && OPENID.test(s);

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** The token of an `Authorization` header, or undefined unless it is exactly `Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

export function createAuth(secret: string, ttlMs = DEFAULT_SESSION_TTL_MS) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    ttlMs,
    issue(openid: string, opts: { now?: number; demo?: boolean } = {}): string {
      const s: Session = { openid, iat: opts.now ?? Date.now(), ...(opts.demo ? { demo: true as const } : {}) };
      const payload = b64(JSON.stringify(s));
      return `${payload}.${sign(payload)}`;
    },
    verify(token: string | undefined, now = Date.now()): Session | null {
      if (typeof token !== 'string') return null;
      const m = TOKEN.exec(token);
      if (!m) return null;
      // Both sides are 43 ASCII bytes: a fixed-length, constant-time comparison.
      if (!timingSafeEqual(Buffer.from(sign(m[1])), Buffer.from(m[2]))) return null;
      let s: Record<string, unknown>;
      try {
        s = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      if (!s || typeof s !== 'object' || Array.isArray(s)) return null;
      const { openid, iat, demo } = s;
      if (!isOpenid(openid)) return null;
      if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat <= 0) return null;
      if (iat > now + SKEW_MS || now - iat > ttlMs) return null;
      if (demo !== undefined && demo !== true) return null;
      return { openid, iat, ...(demo ? { demo } : {}) };
    },
  };
}
export type Auth = ReturnType<typeof createAuth>;

/** A fresh OPENID in WeChat's shape (28 chars starting with "o"). */
export function newOpenid(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time equality of two secrets of any length (compares their HMACs). */
export function sameSecret(a: string, b: string): boolean {
  const k = randomBytes(32);
  const h = (s: string) => createHmac('sha256', k).update(s).digest();
  return timingSafeEqual(h(a), h(b));
}
