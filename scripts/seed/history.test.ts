// The demo's months of history (history.ts): written on the fast path, its counters agree with a
// rebuild from the items (with the recent items played through the api on top), every item is
// finished, the seed stays quick, and the 统计 page has something to show: rates, a trend over
// months and a 预警.
import { describe, expect, it } from 'vitest';
import type { CloudSdk } from '../../cloudfunctions/api/src/cloud';
import { rebuildCounters } from '../../cloudfunctions/api/src/app/counters';
import { createGridLinkEmulator } from '../../emulator/project';
import { demoFacts } from '../../e2e/demoFacts';
import { rate } from '../../src/core/stats/rates';
import type { Item } from '../../src/core/types';
import { generateDemoCommunity } from './demoCommunity';
import { generateHistory } from './history';
import { seedDemo } from './index';

describe('the demo history', () => {
  it('is finished items only, across months, grids and categories, with one grid\'s category rising this month', async () => {
    const now = new Date('2026-11-20T10:00:00+08:00');
    const h = await generateHistory(generateDemoCommunity({ now }), { now });
    expect(h.items.length).toBeGreaterThan(600);
    expect(new Set(h.items.map((i) => i.state))).toEqual(new Set(['closed', 'withdrawn', 'rejected']));
    const months = new Set(h.items.map((i) => new Date(i.createdAt).toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(5);
    expect(new Set(h.items.map((i) => i.gridId)).size).toBeGreaterThanOrEqual(5);
    expect(h.items.some((i) => i.rectifyCount > 0)).toBe(true);
    expect(h.items.some((i) => i.overdueAt || i.timeline.some((e) => e.action === 'overdue'))).toBe(true);
    for (const i of h.items) expect(new Date(i.updatedAt).getTime()).toBeLessThan(now.getTime());
    expect(h.spike.count).toBeGreaterThanOrEqual(5);
  });

  it('seeds quickly; the counters agree with a rebuild; the street admin sees rates, a trend and a 预警', async () => {
    const emu = await createGridLinkEmulator({ quiet: true });
    try {
      const t0 = Date.now();
      const r = await seedDemo(emu.db, { history: true });
      const seconds = (Date.now() - t0) / 1000;
      console.log(`[seed] with history: ${seconds.toFixed(1)} s, ${JSON.stringify(r.counts)}`);
      expect(r.counts.history).toBeGreaterThan(600);
      const db = (emu.cloud as unknown as CloudSdk).database();
      const rebuilt = await rebuildCounters(db);
      expect(rebuilt.differences).toEqual([]);
      expect(rebuilt.items).toBe(r.counts.history + r.counts.items);
      const { data } = await emu.db.collection('items').where({ clientRequestId: /^history-/ }).limit(1).get();
      expect((data[0] as Item).timeline.length).toBeGreaterThan(2);

      const admin = demoFacts().streetAdmin.person.openid!;
      const res = (await emu.call('api', { action: 'stats.overview', data: { period: { kind: 'year' } } }, admin)) as { ok: boolean; data: any };
      expect(res.ok).toBe(true);
      const o = res.data;
      for (const k of ['response', 'solve', 'satisfaction', 'close', 'onTime'] as const) expect(rate(o.totals, k).value, k).not.toBeNull();
      expect(rate(o.totals, 'satisfaction').value).toBeLessThan(1);
      expect(o.trend.by).toBe('month');
      expect(o.trend.points.filter((p: any) => (p.counts.submitted ?? 0) > 0).length).toBeGreaterThanOrEqual(4);
      const month = (await emu.call('api', { action: 'stats.overview', data: {} }, admin)) as { data: any };
      expect(month.data.warnings.items.length).toBeGreaterThan(0);
    } finally {
      await emu.close();
    }
  }, 180_000);
});
