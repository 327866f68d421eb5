// 防刷 (issue 10, abuse limits): daily submits per user, 代登记 per staff member, card lookups per IP.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chinaDateKey } from '../../../../src/core/calendar';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';
import { IDS } from '../../test/fixture';
import { OPENID, setup, submitForm } from '../../test/harness';
import { SETTINGS_CACHE_MS } from '../repo/settings';

const resident = 'o-limit-resident';
const onBehalfForm = () => ({ ...submitForm(), householdId: IDS.hhServed, channel: 'visit' });
const settingsForm = (abuseLimits: Partial<typeof DEFAULT_SETTINGS.abuseLimits>, version = 0) => ({
  streetId: IDS.street,
  version,
  ...structuredClone(DEFAULT_SETTINGS),
  abuseLimits: { ...DEFAULT_SETTINGS.abuseLimits, ...abuseLimits },
});

describe('abuse limits', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
    await t.ok(resident, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('submits per user per day', () => {
    it('refuses the submit past the default limit with a Chinese message, counting per user and China day', async () => {
      const n = DEFAULT_SETTINGS.abuseLimits.submitsPerDay;
      const first = submitForm();
      for (let i = 0; i < n; i++) await t.ok(resident, 'item.submit', i === 0 ? first : submitForm());
      const r = await t.call(resident, 'item.submit', submitForm());
      expect(r).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: `今天提交的诉求已达上限（${n} 件），如有紧急情况请直接联系包保干部` });
      expect(await t.count('items')).toBe(n);
      // A retried tap of a stored item still answers that item, not the limit.
      expect(await t.ok(resident, 'item.submit', first)).toMatchObject({ duplicate: true });
      // Another resident has their own count.
      await t.ok('o-limit-other', 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      await t.ok('o-limit-other', 'item.submit', submitForm());
      // The next China day starts afresh (00:00 Beijing time = 16:00 UTC).
      vi.useFakeTimers({ toFake: ['Date'] });
      const now = Date.now();
      vi.setSystemTime(Math.floor((now + 8 * 3_600_000) / 86_400_000) * 86_400_000 + 86_400_000 - 8 * 3_600_000 + 1000);
      await t.ok(resident, 'item.submit', submitForm());
      // Yesterday's count is replaced, not carried over.
      const { data } = await t.emu.db.collection('users').doc(resident).get();
      expect((data as { daily?: object }).daily).toEqual({ day: chinaDateKey(new Date()), submit: 1 });
    });

    it('lets exactly the limit through when many submits race for the last slots', async () => {
      await t.ok(OPENID.street, 'settings.save', settingsForm({ submitsPerDay: 5 }));
      await t.ok(resident, 'item.submit', submitForm());
      await t.ok(resident, 'item.submit', submitForm());
      const results = await Promise.all(Array.from({ length: 12 }, () => t.call(resident, 'item.submit', submitForm())));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok).map((r) => r.code)).toEqual(Array(9).fill('RATE_LIMITED'));
      expect(await t.count('items')).toBe(5);
      // Today's count is on the resident's account, taken in each item's transaction.
      const { data } = await t.emu.db.collection('users').doc(resident).get();
      expect((data as { daily?: object }).daily).toEqual({ day: chinaDateKey(new Date()), submit: 5 });
    });

    it('counts 代居民登记 for the staff member, with its own limit', async () => {
      await t.ok(OPENID.street, 'settings.save', settingsForm({ onBehalfPerDay: 2 }));
      await t.ok(OPENID.A, 'item.onBehalf', onBehalfForm());
      await t.ok(OPENID.A, 'item.onBehalf', onBehalfForm());
      const r = await t.call(OPENID.A, 'item.onBehalf', onBehalfForm());
      expect(r).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      expect(r.message).toContain('代居民登记的事项已达上限（2 件）');
      // The resident's own limit is untouched by the cadre's registrations.
      await t.ok(resident, 'item.submit', submitForm());
    });

    it('reads the limit from the street settings: a lowered or raised limit applies', async () => {
      for (let i = 0; i < 3; i++) await t.ok(resident, 'item.submit', submitForm());
      const saved = await t.ok(OPENID.street, 'settings.save', settingsForm({ submitsPerDay: 3 }));
      expect(saved.settings.abuseLimits.submitsPerDay).toBe(3);
      expect(await t.call(resident, 'item.submit', submitForm())).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: expect.stringContaining('（3 件）') });
      // Raised again: the refusal this instance remembered is dropped at once.
      await t.ok(OPENID.street, 'settings.save', settingsForm({ submitsPerDay: 4 }, saved.version));
      await t.ok(resident, 'item.submit', submitForm());
    });

    it('another instance’s save is seen once the 30 s settings cache runs out', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      await t.ok(resident, 'item.submit', submitForm()); // caches the defaults
      // Written as another function instance would, behind this instance's cache.
      await t.emu.db.collection('settings').add({ data: { _id: IDS.street, ...structuredClone(DEFAULT_SETTINGS), abuseLimits: { ...DEFAULT_SETTINGS.abuseLimits, submitsPerDay: 1 }, version: 1 } });
      await t.ok(resident, 'item.submit', submitForm());
      vi.setSystemTime(Date.now() + SETTINGS_CACHE_MS + 1);
      expect(await t.call(resident, 'item.submit', submitForm())).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    });

    it('validates the limits in Chinese', async () => {
      const r = await t.call(OPENID.street, 'settings.save', settingsForm({ submitsPerDay: 0 }));
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '每位居民每天提交诉求上限应为 1–1000 件' });
      expect(r.details).toHaveProperty(['abuseLimits.submitsPerDay']);
      const big = await t.call(OPENID.street, 'settings.save', settingsForm({ cardLookupsPerMinute: 1e9 }));
      expect(big).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '同一网络每分钟查询联系卡上限应为 5–6000 次' });
      const frac = await t.call(OPENID.street, 'settings.save', settingsForm({ onBehalfPerDay: 2.5 }));
      expect(frac).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '每位工作人员每天代登记上限应为整数' });
    });
  });

  it('refuses an anonymous submit whose photo is over WeChat’s 10 MB (uploads bypass the emulator there)', async () => {
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(10 * 1024 * 1024, 1)]);
    const fileID = await t.emu.storage.put(`uploads/${resident}/big.jpg`, big);
    const r = await t.call(resident, 'item.submit', submitForm({ anonymous: true, photos: [fileID] }));
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '第 1 张图片超过 10MB，请压缩后重新上传' });
    expect(await t.count('items')).toBe(0);
  });

  describe('card lookups per IP', () => {
    const resolve = (ip: string | undefined, scene: string, openid = 'o-scanner') =>
      t.emu.call('api', { action: 'card.resolve', data: { scene } }, openid, ip ? { clientIp: ip } : {}) as Promise<{ ok: boolean; code?: string; message?: string }>;

    it('refuses a guessing burst from one IP, whatever account it uses, and never a person scanning', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1000); // the start of a minute
      const n = DEFAULT_SETTINGS.abuseLimits.cardLookupsPerMinute;
      const burst = await Promise.all(Array.from({ length: n + 30 }, (_, i) => resolve('203.0.113.9', `GUESS${i}`, `o-guess-${i % 7}`)));
      expect(burst.filter((r) => r.code === 'NOT_FOUND')).toHaveLength(n);
      const refused = burst.filter((r) => r.code === 'RATE_LIMITED');
      expect(refused).toHaveLength(30);
      expect(refused[0].message).toBe('查询联系卡过于频繁，请一分钟后再试；请直接扫描联系卡上的二维码');
      // Even a real card is refused from that IP now; household.browse is no way around it.
      expect(await resolve('203.0.113.9', 'CARDA')).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      const browse = await t.emu.call('api', { action: 'household.browse', data: { cardCode: 'CARDA' } }, 'o-guess-1', { clientIp: '203.0.113.9' });
      expect(browse).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      // Someone else scanning from another network is not affected.
      expect(await resolve('198.51.100.4', 'CARDA')).toMatchObject({ ok: true });
      // The next minute the IP may look up again.
      vi.setSystemTime(Date.now() + 60_000);
      expect(await resolve('203.0.113.9', 'CARDA')).toMatchObject({ ok: true });
    });

    it('counts per account when the platform gives no IP, with the limit from the settings', async () => {
      await t.ok(OPENID.street, 'settings.save', settingsForm({ cardLookupsPerMinute: 5 }));
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1000);
      for (let i = 0; i < 5; i++) expect(await resolve(undefined, 'CARDA')).toMatchObject({ ok: true });
      expect(await resolve(undefined, 'CARDA')).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      expect(await resolve(undefined, 'CARDA', 'o-someone-else')).toMatchObject({ ok: true });
    });

    it('the timer deletes counters whose window is over', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      await resolve('203.0.113.9', 'CARDA');
      expect(await t.count('limits')).toBeGreaterThan(0);
      vi.setSystemTime(Math.ceil((Date.now() + 2 * 86_400_000) / 900_000) * 900_000); // a quarter hour, two days on
      await t.emu.functions.invoke('timer', { Type: 'Timer' }, { openid: '', source: 'wx_trigger' });
      expect(await t.count('limits')).toBe(0);
    });
  });
});
