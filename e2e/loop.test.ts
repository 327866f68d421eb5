import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, inject, it } from 'vitest';
import { q, shot, site, testPhoto, usePhones } from './browser';
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
  await page.locator('.kind-chip:visible', { hasText: kind }).click();
  await page.locator('.category-chip:visible', { hasText: category }).click();
  await page.locator('.desc-input:visible textarea').fill(text);
  if (withPhoto) {
    const chooser = page.waitForEvent('filechooser');
    await page.locator('.photo-add:visible').click();
    await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: testPhoto() });
    await expect.poll(() => page.locator('.photo-thumb:visible').count(), { timeout: 15_000 }).toBe(1);
  }
  await page.locator('.submit-btn:visible').click();
  await page.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
  await expect.poll(() => state(page).textContent(), { timeout: 15_000 }).toContain('待核单');
}

async function openInInbox(page: Page, text: string) {
  await open(page, 'packages/cadre/inbox/index');
  await page.locator('.inbox-row:visible', { hasText: text }).first().click();
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
    await resident.goto(cardUrl);
    await expect.poll(() => resident.locator('.card-name:visible').textContent(), { timeout: 20_000 }).toContain(facts.cadre.name);
    await expect(resident.locator('.card-phone:visible').textContent()).resolves.toContain(facts.cadre.phone);
    await shot(resident, '01-resident-card');
    await resident.locator('.post-btn:visible').click();
    await resident.locator('.org-choice:visible', { hasText: facts.building.name }).first().click();
    await resident.locator('.org-choice:visible', { hasText: facts.unit.name }).first().click();
    await resident.locator('.org-choice:visible', { hasText: `${facts.household.room}室` }).first().click();
    await shot(resident, '02-resident-household');
    await resident.locator('.confirm-household-btn:visible').click();
    await resident.waitForURL(/pages\/submit\/index/);
    await submitItem(resident, '投诉', '环境卫生', '楼道里堆满了杂物，老人进出很不方便', true);
    itemUrl = resident.url();
    await expect(resident.locator('.item-holder:visible').textContent()).resolves.toContain(facts.cadre.name);
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
    // 核单 is the first form offered; without a class it says so and sends nothing.
    await cadre.locator('.cmd-submit-verify:visible').click();
    await expect.poll(() => cadre.locator('.field-error-itemClass:visible').textContent()).toContain('请选择事项分级');
    await cadre.locator('.class-chip:visible', { hasText: '简单' }).click();
    await expect.poll(() => cadre.locator('.field-error-itemClass:visible').count()).toBe(0);
    await cadre.locator('.cmd-submit-verify:visible').click();
    await expect.poll(() => state(cadre).textContent()).toContain('已受理');
    await expect.poll(() => cadre.locator('.item-class:visible').textContent()).toContain('简单');
    await cadre.locator('.cmd-tab-resolve:visible').click();
    await cadre.locator('.resolve-note:visible textarea').fill('已联系物业清理楼道杂物');
    await cadre.locator('.cmd-submit-resolve:visible').click();
    await expect.poll(() => state(cadre).textContent()).toContain('已办结');
    await shot(cadre, '05-cadre-resolved');
  });

  it('the resident rates 2 stars and the item is reopened for rectification', async () => {
    await resident.goto(itemUrl);
    await resident.reload();
    await resident.locator('.rate-star-2:visible').click();
    await resident.locator('.rate-solved:visible').click();
    await shot(resident, '06-resident-rating');
    await resident.locator('.rate-submit:visible').click();
    await expect.poll(() => state(resident).textContent()).toContain('整改中');
    await shot(resident, '07-resident-reopened');
  });

  it('the cadre resolves it again, the resident rates 5 and it closes', async () => {
    await openInInbox(cadre, '楼道里堆满了杂物');
    await cadre.locator('.cmd-tab-resolve:visible').click();
    await cadre.locator('.resolve-note:visible textarea').fill('重新清理并张贴了楼道禁放告示');
    await cadre.locator('.cmd-submit-resolve:visible').click();
    await expect.poll(() => state(cadre).textContent()).toContain('已办结');
    await resident.goto(itemUrl);
    await resident.reload();
    await resident.locator('.rate-star-5:visible').click();
    await resident.locator('.rate-solved:visible').click();
    await resident.locator('.rate-submit:visible').click();
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
    await cadre.locator('.cmd-tab-reject:visible').click();
    await cadre.locator('.reject-chip:visible', { hasText: '不属于本辖区' }).click();
    await cadre.locator('.reject-note:visible textarea').fill('充电桩由街道统一规划');
    await cadre.locator('.cmd-submit-reject:visible').click();
    await expect.poll(() => state(cadre).textContent()).toContain('已退回');
    await resident.goto(url);
    await resident.reload();
    await expect.poll(() => resident.locator('.reject-box:visible').textContent()).toContain('不属于本辖区：充电桩由街道统一规划');
    await expect(resident.locator('.withdraw-btn:visible').count()).resolves.toBe(0);
    await resident.locator('.appeal-btn:visible').click();
    await resident.locator('.appeal-submit:visible').click();
    await expect.poll(() => resident.locator('.field-error-reason:visible').textContent()).toContain('申诉理由');
    await resident.locator('.appeal-reason:visible textarea').fill('小区门口是本网格的公共区域，希望重新考虑');
    await shot(resident, '09-resident-rejected');
    await resident.locator('.appeal-submit:visible').click();
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
