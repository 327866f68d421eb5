// 统计 in the browser: a community admin opens 统计 (seeded with months of history), sees the rates,
// the F2 trend and ranking charts and the 预警, drills by category, then down to a grid, exports the
// 统计分析报告 there, and the xlsx holds the numbers the page shows. Screenshots of the charts go to
// .e2e-artifacts/shots (stats-*.png).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { percent } from '../src/core/stats/rates';
import { q, shot, SHOTS, site, usePhones } from './browser';
import { demoFacts } from './demoFacts';

const base = inject('baseUrl');
const { signIn } = site(base);
const facts = demoFacts();
const adminPersona = facts.data.personas.find((p) => facts.data.people.find((x) => x.openid === p.openid)?.roles.some((r) => r.role === 'communityAdmin'))!;
const adminPerson = facts.data.people.find((x) => x.openid === adminPersona.openid)!;
const community = facts.data.orgNodes.find((n) => n._id === adminPerson.roles.find((r) => r.role === 'communityAdmin')!.nodeId)!;

let admin: Page;

/** Pixels of a chart's canvas that are drawn on (not transparent). */
const inked = (page: Page, cls: string) =>
  page.evaluate((c) => {
    const hosts = Array.from(document.querySelectorAll(`.${c}`)).filter((e) => (e as HTMLElement).offsetParent !== null);
    const canvas = hosts[0]?.querySelector('canvas');
    if (!canvas) return -1;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  }, cls);

/** "完结 num / 受理 den" under a rate tile. */
const frac = async (key: string) => {
  const [num, den] = ((await q(admin, `.stats-rate-${key} .stats-tile__frac`).innerText()).match(/\d+/g) ?? []).map(Number);
  return { num, den, text: await q(admin, `.stats-rate-${key} .stats-tile__value`).innerText() };
};

describe('统计: rates, charts, 预警, drill-down and the 统计分析报告', () => {
  usePhones('stats', ['admin'], (p) => ({ admin } = p));

  it('the community admin opens 统计: rates, a drawn trend and ranking, and a 预警', async () => {
    await signIn(admin, adminPersona.label);
    await q(admin, '.entry-admin').click();
    await q(admin, '.admin-tile-stats').click();
    await expect.poll(() => q(admin, '.stats-scope').innerText(), { timeout: 20_000 }).toContain(community.name);
    // The admin's own community is named once, in the title: no trail above it.
    expect(await admin.locator('.stats-trail:visible').count()).toBe(0);
    expect(await q(admin, '.stats-rate-close .stats-tile__frac').innerText()).toMatch(/^完结 \d+ \/ 受理 \d+$/);
    // the seeded history: this month has submitted, closed and rated items
    const submitted = Number((await q(admin, '.stats-count-submitted').innerText()).replace(/\D+/g, ''));
    expect(submitted).toBeGreaterThan(50);
    const close = await frac('close');
    expect(close.den).toBeGreaterThan(0);
    expect(close.text).toBe(percent(close.num / close.den));
    // F2 drew both charts on their canvases
    await expect.poll(() => inked(admin, 'stats-trend-chart'), { timeout: 15_000 }).toBeGreaterThan(2000);
    await expect.poll(() => inked(admin, 'stats-rank-chart'), { timeout: 15_000 }).toBeGreaterThan(2000);
    // 预警: the seed's rise of one category in one grid this month
    await expect.poll(() => admin.locator('.stats-warning:visible').count()).toBeGreaterThan(0);
    expect(await q(admin, '.stats-warning').innerText()).toMatch(/本期 \d+ 件，上期 \d+ 件/);
    await shot(admin, 'stats-01-community');
    await q(admin, '.stats-trend-chart').screenshot({ path: path.join(SHOTS, 'stats-01-trend.png') });
    await q(admin, '.stats-rank-chart').screenshot({ path: path.join(SHOTS, 'stats-01-ranking.png') });
  });

  it('drills by category into the grids, then down to a grid', async () => {
    const cat = q(admin, '.stats-categories .stats-table__row');
    const name = (await cat.locator('.stats-table__name').innerText()).replace(/^\d+|›/g, '').trim();
    const catTotal = Number((await cat.locator('.stats-col-submitted').innerText()).trim());
    await cat.click();
    await expect.poll(() => admin.locator('.stats-drill-rows .stats-table__row:visible').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await q(admin, '.stats-drill .section-title').innerText()).toContain(name);
    const parts = await admin.locator('.stats-drill-rows .stats-table__row:visible .stats-col-submitted').allInnerTexts();
    expect(parts.reduce((n, s) => n + Number(s), 0)).toBe(catTotal);

    const warnGrid = await q(admin, '.stats-warning').getAttribute('data-grid');
    const grid = facts.data.orgNodes.find((n) => n._id === warnGrid)!;
    await q(admin, `.stats-children .stats-table__row[data-id="${grid._id}"]`).click();
    await expect.poll(() => q(admin, '.stats-scope').innerText(), { timeout: 20_000 }).toContain(grid.name);
    expect(await q(admin, '.stats-trail').innerText()).toContain(community.name);
    expect(await q(admin, '.section-title', '按人员排名').count()).toBe(1);
    await expect.poll(() => inked(admin, 'stats-trend-chart'), { timeout: 15_000 }).toBeGreaterThan(1000);
    await shot(admin, 'stats-02-grid');
  });

  it("exports the grid's 统计分析报告; the xlsx holds the page's numbers", async () => {
    const submitted = Number((await q(admin, '.stats-count-submitted').innerText()).replace(/\D+/g, ''));
    const close = await frac('close');
    const satisfaction = await frac('satisfaction');
    const people = await admin.locator('.stats-children .stats-table__row:visible').count();
    const download = admin.waitForEvent('download', { timeout: 60_000 });
    await q(admin, '.stats-export-btn').click();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gridlink-stats-')), 'report.xlsx');
    const d = await download;
    expect(d.suggestedFilename()).toMatch(/^统计分析报告-.*\.xlsx$/);
    await d.saveAs(file);
    await expect.poll(() => admin.locator('.stats-export__done:visible').count()).toBe(1);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按组织', '按分类', '超期与不满意事项', '口径与预警']);
    const byNode = wb.getWorksheet('按组织')!;
    const head = (byNode.getRow(1).values as unknown[]).slice(1) as string[];
    const row = (byNode.getRow(2).values as unknown[]).slice(1);
    const cell = (label: string) => row[head.indexOf(label)];
    expect(row[0]).toBe('网格');
    expect(cell('提交')).toBe(submitted);
    expect(percent(cell('办结率') as number | null)).toBe(close.text);
    expect(cell('完结')).toBe(close.num);
    expect(cell('受理')).toBe(close.den);
    expect(percent(cell('满意率') as number | null)).toBe(satisfaction.text);
    expect(byNode.rowCount).toBe(2 + people); // the grid, then one row per person on the page
    const byCat = wb.getWorksheet('按分类')!;
    let catSum = 0;
    byCat.eachRow((r, i) => {
      if (i > 1) catSum += Number((r.values as unknown[])[2]);
    });
    expect(catSum).toBe(submitted);
    const items = wb.getWorksheet('超期与不满意事项')!;
    expect((items.getRow(1).values as unknown[])[1]).toBe('编号');
    await shot(admin, 'stats-03-exported');
  });
});
