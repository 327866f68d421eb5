// Abuse limits (issue 10, 防刷). The numbers are street settings (core/settings.ts `abuseLimits`).
//
// Daily creations per user: today's count lives on the caller's account document (`daily`), read
// and written in the transaction that stores the item — the same read that gives the submit its
// household, so the count costs no read of its own. Two parallel submits for the last slot both
// read n = limit - 1, but only the first to write the account commits; the other conflicts,
// re-runs, reads n = limit and is refused. A refused or duplicate submit rolls back and counts
// nothing. Cost: one write per submit; only the user's own submits (and account changes such as a
// new household) write that document, so it adds no contention.
//
// Per-IP lookups: a fixed-window counter document per IP and minute, bumped by a conditional
// update (`n < limit`), which is atomic on one document. A warm instance remembers windows it saw
// full, so a guessing burst costs no database calls once refused.
import { chinaDateKey } from '../../../../src/core/calendar';
import { DomainError, fail } from '../../../../src/core/errors';
import type { UserDoc } from '../../../../src/core/types';
import type { Database, DbCommand, Transaction } from '../cloud';
import type { Ctx } from '../context';
import type { Repos } from '../repo';

export type DailyKind = 'submit' | 'onBehalf';

/** Key of a user's day in this instance's memory of refusals. */
const dayKeyOf = (openid: string, now: Date) => `${openid}:${chinaDateKey(now)}`;

const DAILY_MESSAGE: Record<DailyKind, (limit: number) => string> = {
  submit: (n) => `今天提交的诉求已达上限（${n} 件），如有紧急情况请直接联系包保干部`,
  onBehalf: (n) => `您今天代居民登记的事项已达上限（${n} 件），请明天再登记；如需提高上限请联系街道管理员`,
};

/**
 * Takes one of today's `limit` slots on `account` (as read inside the caller's transaction `tx`),
 * or fails RATE_LIMITED, rolling the transaction back.
 */
export async function takeDailySlot(tx: Transaction, _: DbCommand, account: UserDoc, kind: DailyKind, limit: number, now: Date): Promise<void> {
  const day = chinaDateKey(now);
  const today = account.daily?.day === day ? account.daily : { day };
  const used = today[kind] ?? 0;
  if (used >= limit) throw new DomainError('RATE_LIMITED', DAILY_MESSAGE[kind](limit));
  // The value read plus one: a concurrent writer makes this write conflict, never lose a count.
  // `set`, so yesterday's other count does not survive into today.
  await tx.collection('users').doc(account._id).update({ data: { daily: _.set({ ...today, [kind]: used + 1 }) } });
}

/** Per database (its shared limits repo): window documents known to be full, until their window ends. */
const knownFull = new WeakMap<object, Map<string, number>>();

/**
 * One request in `key`'s fixed window of `windowMs`; false when the window already holds `limit`.
 * One write (two for the window's first request).
 */
export async function takeWindowSlot(repos: Pick<Repos, 'limits'>, key: string, limit: number, windowMs: number, now: Date): Promise<boolean> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const id = `win:${key}:${start}`;
  const windows = repos.limits;
  let full = knownFull.get(windows);
  if (!full) knownFull.set(windows, (full = new Map()));
  if ((full.get(id) ?? 0) > now.getTime()) return false;
  if (await windows.bump(id, limit)) return true;
  if (await windows.open(id, key, new Date(start + windowMs))) return true;
  // It exists: full, or another request created it just now (then there is room).
  if (await windows.bump(id, limit)) return true;
  if (full.size > 10_000) for (const [k, until] of full) if (until <= now.getTime()) full.delete(k);
  full.set(id, start + windowMs);
  return false;
}

/** Who a per-IP limit counts: the caller's IP, or the caller when the platform gives none. */
export const clientKey = (ctx: Pick<Ctx, 'clientIp' | 'openid'>) => (ctx.clientIp ? `ip:${ctx.clientIp}` : `user:${ctx.openid}`);

/** card.resolve: at most the street settings' `cardLookupsPerMinute` per IP (the strictest street's). */
export async function limitCardLookups(ctx: Ctx): Promise<void> {
  const { cardLookupsPerMinute } = await ctx.repos.settings.strictestAbuseLimits();
  if (!(await takeWindowSlot(ctx.repos, `card:${clientKey(ctx)}`, cardLookupsPerMinute, 60_000, ctx.now))) {
    fail('RATE_LIMITED', '查询联系卡过于频繁，请一分钟后再试；请直接扫描联系卡上的二维码');
  }
}

/** Per database: users this instance refused today, so a script at its limit costs no reads (for the settings' cache time). */
const refusedToday = new WeakMap<object, Map<string, { until: number; message: string }>>();

/**
 * Refuses at once a user this instance has just refused for `kind` today, before any content check
 * or routing: one read (is it a retry of stored `itemId`? then the normal path answers it).
 */
export async function refuseIfRecentlyLimited(ctx: Pick<Ctx, 'db' | 'openid' | 'now' | 'repos'>, kind: DailyKind, itemId: string): Promise<void> {
  const hit = refusedToday.get(ctx.db)?.get(`${kind}:${dayKeyOf(ctx.openid, ctx.now)}`);
  if (hit && hit.until > Date.now() && !(await ctx.repos.items.get(itemId))) fail('RATE_LIMITED', hit.message);
}

/** Remembers a RATE_LIMITED refusal for refuseIfRecentlyLimited. */
export function rememberRefusal(db: Database, openid: string, kind: DailyKind, now: Date, message: string, forMs: number): void {
  let m = refusedToday.get(db);
  if (!m) refusedToday.set(db, (m = new Map()));
  if (m.size > 10_000) for (const [k, v] of m) if (v.until <= Date.now()) m.delete(k);
  m.set(`${kind}:${dayKeyOf(openid, now)}`, { until: Date.now() + forMs, message });
}

/** The timer: deletes per-IP window documents whose minute is over (every 15 minutes; one write). */
export async function purgeExpiredLimits(repos: Pick<Repos, 'limits'>, now: Date): Promise<void> {
  if (now.getUTCMinutes() % 15 !== 0) return;
  await repos.limits.purgeExpired(now);
}

/** A settings save on this instance: refusals remembered under the old limits no longer hold. */
export function forgetRefusals(db: Database): void {
  refusedToday.delete(db);
}
