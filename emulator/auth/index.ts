import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Signed local sessions standing in for WeChat's login: a token carries an OPENID. */
export interface Session {
  openid: string;
  iat: number;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

export function createAuth(secret: string, ttlMs = 30 * 24 * 3600_000) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    issue(openid: string, now = Date.now()): string {
      const payload = b64(JSON.stringify({ openid, iat: now } satisfies Session));
      return `${payload}.${sign(payload)}`;
    },
    verify(token: string | undefined, now = Date.now()): Session | null {
      if (!token) return null;
      const [payload, sig] = token.split('.');
      if (!payload || !sig) return null;
      const want = Buffer.from(sign(payload));
      const got = Buffer.from(sig);
      if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
      try {
        const s = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Session;
        if (typeof s.openid !== 'string' || !s.openid || now - s.iat > ttlMs) return null;
        return s;
      } catch {
        return null;
      }
    },
  };
}

/** A fresh OPENID in WeChat's shape (28 chars starting with "o"). */
export function newOpenid(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

export function newSecret(): string {
  return randomBytes(32).toString('hex');
}
