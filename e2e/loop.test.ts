import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, inject, it } from 'vitest';
import { q, routeOf, shot, site, testPhoto, usePhones } from './browser';
import { demoFacts } from './demoFacts';
import { adminHeaders, callApi, sessionFor } from './server';

const base = inject('baseUrl');
const { open, signIn } = site(base);
const adminToken = inject('adminToken');
const facts = demoFacts();
const cardCode = facts.cadre.cardCode!;

let resident: Page;
let cadre: Page;
let cardUrl = '';
let itemUrl = '';

// Taro H5 keeps earlier pages of the stack in the DOM, hidden: every locator asks for :visible.
const state = (page: Page) => q(page, '.item-state');

async function signInAs(page: Page, label: string) {
  await signIn(page, label);
  // Home shows the person once the new session is in use.
  await expect.poll(() => page.locator('.entry-inbox:visible').count(), { timeout: 15_000 }).toBe(1);
}

async function submitItem(page: Page, kind: string, category: string, text: string, withPhoto: boolean) {
  await q(page, '.kind-chip', kind).click();
  await q(page, '.category-chip', category).click();
  await q(page, '.desc-input textarea').fill(text);
  if (withPhoto) {
    const chooser = page.waitForEvent('filechooser');
    await q(page, '.photo-add').click();
    await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: testPhoto() });
    await expect.poll(() => page.locator('.photo-thumb:visible').count(), { timeout: 15_000 }).toBe(1);
  }
  await q(page, '.submit-btn').click();
  await page.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
  await expect.poll(() => state(page).textContent(), { timeout: 15_000 }).toContain('待核单');
}

async function openInInbox(page: Page, text: string) {
  await open(page, 'packages/cadre/inbox/index');
  await q(page, '.inbox-row', text).click();
  await page.waitForURL(/packages\/cadre\/handle\/index\?id=/);
}

describe('the whole loop in the browser: scan, post, route, handle, rate', () => {
  usePhones('loop', ['resident', 'cadre'], (p) => ({ resident, cadre } = p));

  it("the cadre's card QR is a real PNG that opens the card page", async () => {
    const token = await sessionFor(base, facts.cadre.openid!, adminToken);
    const r = await callApi(base, token, 'card.qrcode', { cardCode });
    expect(r.ok).toBe(true);
    const png = PNG.sync.read(Buffer.from(await (await fetch(r.data.url)).arrayBuffer()));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(`${base}/#/pages/card/index?scene=${cardCode}`);
    cardUrl = decoded!.data;
  });

  it('a resident opens the card, confirms the household and posts a complaint with a photo', async () => {
    // The cadre holds grants of their own for the new-item notice: other browser files share this
    // server and may have spent the seeded ones (as WeChat and the ledger both count them).
    const cTok = await sessionFor(base, facts.cadre.openid!, adminToken);
    const grant = await fetch(`${base}/admin/subscriptions/grant`, {
      method: 'POST', headers: { ...adminHeaders(base, adminToken), 'content-type': 'application/json' },
      body: JSON.stringify({ openid: facts.cadre.openid, templateId: 'TPL_ITEM_ASSIGNED', count: 3 }),
    });
    expect(grant.ok).toBe(true);
    for (let i = 0; i < 3; i++) expect((await callApi(base, cTok, 'subscription.report', { results: { TPL_ITEM_ASSIGNED: 'accept' } })).ok).toBe(true);
    await resident.goto(cardUrl); // the URL in the QR, as the phone's scanner opens it
    await expect.poll(() => q(resident, '.card-name').textContent(), { timeout: 20_000 }).toContain(facts.cadre.name);
    await expect(q(resident, '.card-phone').textContent()).resolves.toContain(facts.cadre.phone);
    await shot(resident, '01-resident-card');
    await q(resident, '.post-btn').click();
    await q(resident, '.org-choice', facts.building.name).click();
    await q(resident, '.org-choice', facts.unit.name).click();
    await q(resident, '.org-choice', `${facts.household.room}室`).click();
    await shot(resident, '02-resident-household');
    await q(resident, '.confirm-household-btn').click();
    await resident.waitForURL(/pages\/submit\/index/);
    await submitItem(resident, '投诉', '环境卫生', '楼道里堆满了杂物，老人进出很不方便', true);
    itemUrl = resident.url();
    await expect(q(resident, '.item-holder').textContent()).resolves.toContain(facts.cadre.name);
    await expect.poll(async () => resident.evaluate(() => Array.from(document.images).some((i) => i.src.includes('/storage/uploads/') && i.naturalWidth === 64))).toBe(true);
    await shot(resident, '03-resident-submitted');
  });

  it('the cadre was notified and sees it in the inbox, verifies it with a class (核单) and resolves it', async () => {
    const msgs = await (await fetch(`${base}/admin/messages?touser=${facts.cadre.openid}`, { headers: adminHeaders(base, adminToken) })).json();
    expect(msgs.messages.some((m: { data: { thing2?: { value: string } } }) => m.data.thing2?.value.includes('楼道里堆满了杂物'))).toBe(true);
    await signInAs(cadre, facts.persona.label);
    await openInInbox(cadre, '楼道里堆满了杂物');
    await expect.poll(() => cadre.locator('.cmd-form-verify:visible').count(), { timeout: 15_000 }).toBe(1);
    await cadre.waitForTimeout(300); // the page transition
    await shot(cadre, '04-cadre-handle');
    // 核单 is the first form offered; it opens with the item's class (一般, as every new item has) and category chosen.
    await expect.poll(() => q(cadre, '.class-chip.chip--active').textContent()).toContain('一般');
    await expect.poll(() => q(cadre, '.verify-category-chip.chip--active').textContent()).toContain('环境卫生');
    await q(cadre, '.class-chip', '简单').click();
    await expect.poll(() => q(cadre, '.class-chip.chip--active').textContent()).toContain('简单');
    await q(cadre, '.cmd-submit-verify').click();
    await expect.poll(() => state(cadre).textContent()).toContain('已受理');
    await expect.poll(() => q(cadre, '.item-class').textContent()).toContain('简单');
    await q(cadre, '.cmd-tab-resolve').click();
    await q(cadre, '.resolve-note textarea').fill('已联系物业清理楼道杂物');
    await q(cadre, '.cmd-submit-resolve').click();
    await expect.poll(() => state(cadre).textContent()).toContain('已办结');
    await shot(cadre, '05-cadre-resolved');
  });

  it('the resident rates 2 stars and the item is reopened for rectification', async () => {
    await open(resident, routeOf(itemUrl));
    await q(resident, '.rate-star-2').click();
    await q(resident, '.rate-solved').click();
    await shot(resident, '06-resident-rating');
    await q(resident, '.rate-submit').click();
    await expect.poll(() => state(resident).textContent()).toContain('整改中');
    await shot(resident, '07-resident-reopened');
  });

  it('the cadre resolves it again, the resident rates 5 and it closes', async () => {
    await openInInbox(cadre, '楼道里堆满了杂物');
    await q(cadre, '.cmd-tab-resolve').click();
    await q(cadre, '.resolve-note textarea').fill('重新清理并张贴了楼道禁放告示');
    await q(cadre, '.cmd-submit-resolve').click();
    await expect.poll(() => state(cadre).textContent()).toContain('已办结');
    await open(resident, routeOf(itemUrl));
    await q(resident, '.rate-star-5').click();
    await q(resident, '.rate-solved').click();
    await q(resident, '.rate-submit').click();
    await expect.poll(() => state(resident).textContent()).toContain('已完结');
    await expect.poll(() => resident.locator('.rating-record:visible').count()).toBe(2);
    await shot(resident, '08-resident-closed');
  });

  it('the reject path: the cadre returns an item with a reason chip, the resident sees it and appeals', async () => {
    await open(resident, `pages/submit/index?card=${cardCode}`);
    await submitItem(resident, '建议', '公共设施', '建议在小区门口增设一处电动车充电桩', false);
    const url = resident.url();
    // While nobody has taken it, the resident may withdraw it.
    await expect.poll(() => resident.locator('.withdraw-btn:visible').count()).toBe(1);
    await openInInbox(cadre, '电动车充电桩');
    await q(cadre, '.cmd-tab-reject').click();
    await q(cadre, '.reject-chip', '不属于本辖区').click();
    await q(cadre, '.reject-note textarea').fill('充电桩由街道统一规划');
    await q(cadre, '.cmd-submit-reject').click();
    await expect.poll(() => state(cadre).textContent()).toContain('已退回');
    await open(resident, routeOf(url));
    await expect.poll(() => q(resident, '.reject-box').textContent()).toContain('不属于本辖区：充电桩由街道统一规划');
    await expect(resident.locator('.withdraw-btn:visible').count()).resolves.toBe(0);
    await q(resident, '.appeal-btn').click();
    await q(resident, '.appeal-submit').click();
    await expect.poll(() => q(resident, '.field-error-reason').textContent()).toContain('申诉理由');
    await q(resident, '.appeal-reason textarea').fill('小区门口是本网格的公共区域，希望重新考虑');
    await shot(resident, '09-resident-rejected');
    await q(resident, '.appeal-submit').click();
    await expect.poll(() => state(resident).textContent()).toContain('申诉中');
    await shot(resident, '09b-resident-appealing');
  });

  it("my items lists both, and nobody else's", async () => {
    // A neighbour in the same household posts too, so there is always someone else's item to leave out.
    const neighbour = await sessionFor(base, 'o-e2e-loop-neighbour', adminToken);
    expect((await callApi(base, neighbour, 'household.confirm', { cardCode, householdId: facts.household._id })).ok).toBe(true);
    const posted = await callApi(base, neighbour, 'item.submit', {
      clientRequestId: `loop-neighbour-${Date.now()}`, kind: 'request', category: '公共设施', description: '邻居反映单元门禁坏了', photos: [], anonymous: false,
    });
    expect(posted.ok).toBe(true);
    await open(resident, 'pages/items/index');
    await expect.poll(() => resident.locator('.item-row:visible').count()).toBe(2);
    expect(await resident.locator('.item-row:visible', { hasText: '单元门禁坏了' }).count()).toBe(0);
    await shot(resident, '10-resident-my-items');
  });
});
