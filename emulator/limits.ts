// Emulator-only abuse limits (issue 10): guest sessions per IP, upload size and a daily upload quota
// per user. In WeChat these are the platform's (a WeChat account per person; wx.cloud.uploadFile's own
// limits), so they live in the emulator's options (`npm start -- --guests-per-hour 30 …`), not in
// the street settings. Counts are kept in memory: a restart starts them afresh.
import type { IncomingMessage } from 'node:http';

export interface EmulatorLimits {
  /** New guest sessions (POST /auth/guest) per client IP per clock hour. */
  guestsPerIpPerHour: number;
  /** One photo upload at most (WeChat's content check takes images up to 10 MB). */
  maxImageBytes: number;
  /** One spreadsheet upload at most (imports). */
  maxSheetBytes: number;
  /** Everything one user uploads in a China calendar day. */
  uploadBytesPerDay: number;
}

const MB = 1024 * 1024;
export const DEFAULT_EMULATOR_LIMITS: EmulatorLimits = {
  guestsPerIpPerHour: 30,
  maxImageBytes: 5 * MB,
  maxSheetBytes: 20 * MB,
  uploadBytesPerDay: 200 * MB,
};

/** The request's remote address, with IPv4-mapped IPv6 (::ffff:1.2.3.4) unwrapped. */
export function clientIpOf(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/** Fixed windows per key: `take` answers false once `limit` were taken in the current window. */
export function createWindowCounter(limit: number, windowMs: number) {
  const counts = new Map<string, { start: number; n: number }>();
  return {
    take(key: string, now = Date.now()): boolean {
      const start = Math.floor(now / windowMs) * windowMs;
      if (counts.size > 10_000) for (const [k, v] of counts) if (v.start < start) counts.delete(k);
      const c = counts.get(key);
      if (!c || c.start !== start) return counts.set(key, { start, n: 1 }), true;
      if (c.n >= limit) return false;
      c.n += 1;
      return true;
    },
    /** Milliseconds until the current window ends. */
    retryAfterMs: (now = Date.now()) => windowMs - (now % windowMs),
  };
}

const DAY = 86_400_000;
const CN_OFFSET = 8 * 3_600_000;
const chinaDay = (now: number) => Math.floor((now + CN_OFFSET) / DAY);

/**
 * Bytes per user per China day. Bytes are reserved as they arrive (so parallel uploads cannot
 * overshoot together) and released when an upload is refused.
 */
export function createUploadQuota(bytesPerDay: number) {
  const used = new Map<string, { day: number; bytes: number }>();
  const entry = (openid: string, now: number) => {
    const day = chinaDay(now);
    let e = used.get(openid);
    if (!e || e.day !== day) {
      if (used.size > 10_000) for (const [k, v] of used) if (v.day !== day) used.delete(k);
      used.set(openid, (e = { day, bytes: 0 }));
    }
    return e;
  };
  return {
    bytesPerDay,
    remaining: (openid: string, now = Date.now()) => bytesPerDay - entry(openid, now).bytes,
    /** Reserves `n` bytes, or answers false (reserving nothing) when they do not fit. */
    reserve(openid: string, n: number, now = Date.now()): boolean {
      const e = entry(openid, now);
      if (e.bytes + n > bytesPerDay) return false;
      e.bytes += n;
      return true;
    },
    release(openid: string, n: number, now = Date.now()) {
      const e = entry(openid, now);
      e.bytes = Math.max(0, e.bytes - n);
    },
  };
}

/** `12.5MB`-style sizes for messages. */
export const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10}MB`;
