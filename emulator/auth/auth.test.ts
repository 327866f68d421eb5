import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerToken, createAuth, DEFAULT_SESSION_TTL_MS } from '.';

const SECRET = 'test-secret';
const NOW = Date.parse('2026-03-02T09:00:00Z');
const DAY = 86_400_000;

/** A token signed with the real secret over any payload, as a forger with the secret could not, but a bug could. */
function signed(payload: unknown): string {
  const p = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${p}.${createHmac('sha256', SECRET).update(p).digest('base64url')}`;
}

describe('sessions', () => {
  const auth = createAuth(SECRET);

  it('accepts a fresh token and gives back its OPENID', () => {
    expect(auth.verify(auth.issue('o-1', { now: NOW }), NOW)).toEqual({ openid: 'o-1', iat: NOW });
    expect(auth.verify(auth.issue('o-1', { now: NOW, demo: true }), NOW)).toEqual({ openid: 'o-1', iat: NOW, demo: true });
  });

  it('has a strict format: no trailing segments, spaces or other garbage', () => {
    const t = auth.issue('o-1', { now: NOW });
    for (const bad of [`${t}.anything`, `${t}.`, `${t} `, ` ${t}`, `${t}x`, `${t}\n`, t.replace('.', '..'), `${t.split('.')[0]}.`, t.split('.')[1]]) {
      expect(auth.verify(bad, NOW), JSON.stringify(bad)).toBeNull();
    }
    expect(bearerToken(`Bearer ${t}`)).toBe(t);
    for (const bad of [`Bearer ${t}.anything`, `Bearer  ${t}`, `bearer ${t}`, `Bearer ${t} `, `Bearer ${t},x`, t, 'Bearer ']) {
      expect(bearerToken(bad), bad).toBeUndefined();
    }
  });

  it('refuses a tampered signature or payload', () => {
    const [p, s] = auth.issue('o-1', { now: NOW }).split('.');
    const flipped = s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    expect(auth.verify(`${p}.${flipped}`, NOW)).toBeNull();
    const other = Buffer.from(JSON.stringify({ openid: 'o-admin', iat: NOW })).toString('base64url');
    expect(auth.verify(`${other}.${s}`, NOW)).toBeNull();
    expect(createAuth('other-secret').verify(`${p}.${s}`, NOW)).toBeNull();
  });

  it('requires an iat, never in the future', () => {
    expect(auth.verify(signed({ openid: 'o-1' }), NOW)).toBeNull();
    expect(auth.verify(signed({ openid: 'o-1', iat: 'x' }), NOW)).toBeNull();
    expect(auth.verify(signed({ openid: 'o-1', iat: NOW + 0.5 }), NOW)).toBeNull();
    expect(auth.verify(signed({ openid: 'o-1', iat: NOW + DAY }), NOW)).toBeNull();
    expect(auth.verify(signed({ openid: 'o-1', iat: 1e300 }), NOW)).toBeNull();
    expect(auth.verify(signed({ openid: 'o-1', iat: -1 }), NOW)).toBeNull();
    expect(auth.verify(signed({ openid: 'o-1', iat: NOW }), NOW)).not.toBeNull();
  });

  it('refuses payloads that are not a session', () => {
    for (const p of [null, [], 'o-1', { openid: '', iat: NOW }, { openid: 'a/b', iat: NOW }, { openid: 1, iat: NOW }, { openid: 'o-1', iat: NOW, demo: 'yes' }]) {
      expect(auth.verify(signed(p), NOW), JSON.stringify(p)).toBeNull();
    }
  });

  it('expires after 7 days by default, or the configured lifetime', () => {
    const t = auth.issue('o-1', { now: NOW });
    expect(DEFAULT_SESSION_TTL_MS).toBe(7 * DAY);
    expect(auth.verify(t, NOW + 7 * DAY - 1)).not.toBeNull();
    expect(auth.verify(t, NOW + 7 * DAY + 1)).toBeNull();
    const short = createAuth(SECRET, DAY);
    expect(short.verify(t, NOW + DAY + 1)).toBeNull();
  });
});
