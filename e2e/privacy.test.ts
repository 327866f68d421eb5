// 个人信息查阅/删除 and the audit log in the browser: a resident opens 我的个人信息 from home, sees
// their household, item and messages, and deletes them after the confirm dialog; the community
// admin opens 审计日志 and sees the export they just made, without a reason, logged.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { q, shot, site, usePhones } from './browser';
import { demoFacts } from './demoFacts';
import { callApi, sessionFor } from './server';

const base = inject('baseUrl');
const { signIn } = site(base);
const adminToken = inject('adminToken');
const d = demoFacts().data;

const COMMUNITY = 'JH01-01';
const adminPerson = d.people.find((p) => p.roles.some((r) => r.role === 'communityAdmin' && r.nodeId === COMMUNITY))!;
const adminPersona = d.personas.find((p) => p.openid === adminPerson.openid)!;
const household = d.households.find((h) => {
  const c = h.cadreId && d.people.find((p) => p._id === h.cadreId);
  return h.communityId === COMMUNITY && c && !c.away && c.cardCode;
})!;
const cadre = d.people.find((p) => p._id === household.cadreId)!;
const DESCRIPTION = '楼道声控灯不亮，晚上上下楼看不清台阶';

let resident: Page;
let admin: Page;
const openid = `o-e2e-privacy-${Date.now().toString(36)}`;

describe('我的个人信息 and 审计日志 in the browser', () => {
  usePhones('privacy', ['resident', 'admin'], (p) => ({ resident, admin } = p));
  beforeAll(async () => {
    const token = await sessionFor(base, openid, adminToken);
    const ok = async (tok: string, action: string, data: object) => {
      const r = await callApi(base, tok, action, data);
      if (!r.ok) throw new Error(`${action}: ${r.code} ${r.message}`);
      return r.data;
    };
    await ok(token, 'household.confirm', { cardCode: cadre.cardCode, householdId: household._id });
    await ok(token, 'item.submit', { clientRequestId: `e2e-privacy-${Date.now().toString(36)}`, kind: 'request', category: '公共设施', description: DESCRIPTION, photos: [], anonymous: false });
    // The admin exports households without a reason: logged, and the file has no tags.
    await ok(await sessionFor(base, adminPerson.openid!, adminToken), 'admin.export', { kind: 'households', format: 'csv', nodeId: COMMUNITY });
    // The resident's phone holds their session (as the H5 app stores it: Taro's storage format).
    await resident.addInitScript((tok) => localStorage.setItem('gridlink.session', JSON.stringify({ data: tok })), token);
  });

  it('a resident opens 我的个人信息 from home, sees what is stored, and deletes it after confirming', async () => {
    await resident.goto(`${base}/#/pages/index/index`);
    await q(resident, '.home__mydata').click();
    await resident.waitForURL(/pages\/mydata\/index/);
    await expect.poll(async () => (await q(resident, '.mydata-household').textContent()) ?? '', { timeout: 20_000 }).toContain(household.label);
    expect(await q(resident, '.mydata-items').textContent()).toContain(DESCRIPTION);
    // The account shows as a masked id with a plain note, not the raw OPENID.
    const account = (await q(resident, '.mydata-account').textContent()) ?? '';
    expect(account).toContain(`${openid.slice(0, 4)}****${openid.slice(-4)}`);
    expect(account).not.toContain(openid);
    expect(account).not.toContain('OPENID');
    await shot(resident, 'privacy-01-mine');

    await q(resident, '.mydata-erase-btn').click();
    const modal = resident.locator('.taro-modal__content:visible');
    await expect.poll(() => modal.count()).toBe(1);
    expect(await modal.textContent()).toContain('删除后不能恢复');
    await shot(resident, 'privacy-02-confirm');
    await q(resident, '.taro-model__confirm').click();
    await expect.poll(async () => (await resident.locator('.mydata__done:visible').count()), { timeout: 20_000 }).toBe(1);
    expect(await q(resident, '.mydata-household').textContent()).toContain('未绑定');
    expect(await q(resident, '.mydata-items').textContent()).not.toContain(DESCRIPTION);
    await shot(resident, 'privacy-03-erased');
    // On the server: no binding left.
    const after = await callApi(base, await sessionFor(base, openid, adminToken), 'privacy.mine', {});
    expect(after.data).toMatchObject({ household: null, items: [] });
  });

  it('the community admin opens 审计日志 and sees the export, without a reason', async () => {
    await signIn(admin, adminPersona.label);
    await admin.goto(`${base}/#/packages/admin/index/index`);
    await admin.reload();
    await q(admin, '.admin-tile-audit').click();
    await admin.waitForURL(/packages\/admin\/audit\/index/);
    const row = admin.locator('.audit-row[data-action="household.export"]:visible').first();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('导出住户');
    expect(text).toContain(adminPerson.name);
    expect(text).toContain('不含标签');
    expect(text).toContain('原因：未填写');
    await shot(admin, 'privacy-04-audit');
    await q(admin, '.audit-filter-chip', '导出住户').click();
    await expect.poll(async () => admin.locator('.audit-row:visible').count()).toBeGreaterThan(0);
    const actions = await admin.locator('.audit-row:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(new Set(actions)).toEqual(new Set(['household.export']));
  });
});
