// Issue 8 in the browser: a resident accepts WeChat's subscribe dialog (simulated on H5) on submit;
// the cadre accepts and resolves; the resident gets exactly one WeChat message (the grant buys
// one) and sees the rest in 消息中心, opens the item from there and rates it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, phone, shot } from './browser';
import { demoFacts } from './demoFacts';
import { adminHeaders, callApi, sessionFor } from './server';

const base = inject('baseUrl');
const adminToken = inject('adminToken');
const facts = demoFacts();
const TEXT = '小区东门的路灯坏了好几天，晚上看不清路';

let browser: Browser;
let resident: Page;
let itemId = '';
let residentOpenid = '';

const state = (page: Page) => page.locator('.item-state:visible').first();
const admin = async (path: string) => (await fetch(`${base}${path}`, { headers: adminHeaders(base, adminToken) })).json();

describe('notifications in the browser: subscribe dialog, one WeChat message, 消息中心', () => {
  beforeAll(async () => {
    browser = await launch();
    resident = (await phone(browser)).page;
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await shot(resident, `FAIL-notify-${ctx.task.name.slice(0, 30).replace(/[^\w]+/g, '-')}`).catch(() => {});
  });

  it('the resident turns the simulated dialog on, posts an item and taps 允许 on the dialog', async () => {
    await resident.goto(`${base}/#/pages/messages/index`);
    // The test server answers 允许 by itself; this browser asks, like WeChat.
    await expect.poll(() => resident.locator('.messages__dialog:visible').textContent(), { timeout: 20_000 }).toContain('自动允许');
    await resident.locator('.messages__dialog:visible').click();
    await expect.poll(() => resident.locator('.messages__dialog:visible').textContent()).toContain('每次询问');

    await resident.goto(`${base}/#/pages/card/index?scene=${facts.cadre.cardCode}`);
    await resident.reload();
    await resident.locator('.post-btn:visible').click({ timeout: 20_000 });
    await resident.locator('.org-choice:visible', { hasText: facts.building.name }).first().click();
    await resident.locator('.org-choice:visible', { hasText: facts.unit.name }).first().click();
    await resident.locator('.org-choice:visible', { hasText: `${facts.household.room}室` }).first().click();
    await resident.locator('.confirm-household-btn:visible').click();
    await resident.waitForURL(/pages\/submit\/index/);
    await expect.poll(() => resident.locator('.subscribe-remaining:visible').first().textContent(), { timeout: 15_000 }).toContain('未订阅');
    await resident.locator('.kind-chip:visible', { hasText: '诉求' }).click();
    await resident.locator('.category-chip:visible', { hasText: '公共设施' }).click();
    await resident.locator('.desc-input:visible textarea').fill(TEXT);
    await resident.locator('.submit-btn:visible').click();
    // WeChat's dialog (simulated): one template, 允许.
    await expect.poll(() => resident.locator('.wx-subscribe-dialog').count(), { timeout: 10_000 }).toBe(1);
    await expect(resident.locator('.wx-subscribe-item').textContent()).resolves.toContain('事项办理进度通知');
    await shot(resident, 'notify-01-subscribe-dialog');
    await resident.locator('.wx-subscribe-allow').click();
    await resident.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
    itemId = new URL(resident.url().replace('#/', '')).searchParams.get('id')!;
    await expect.poll(() => state(resident).textContent(), { timeout: 15_000 }).toContain('待核单');
    // The item page says how many progress notices WeChat will still bring.
    await expect.poll(() => resident.locator('.subscribe-bar-follow .subscribe-remaining:visible').textContent()).toContain('还可接收 1 条');
  });

  it('the cadre accepts and resolves; WeChat delivers exactly one message, 消息中心 has both', async () => {
    const cadre = await sessionFor(base, facts.cadre.openid!, adminToken);
    let r = await callApi(base, cadre, 'item.verify', { id: itemId, version: 0, itemClass: 'simple', category: '公共设施' });
    expect(r.ok, r.message).toBe(true);
    r = await callApi(base, cadre, 'item.resolve', { id: itemId, version: r.data.version, note: '已更换路灯灯泡', photos: [] });
    expect(r.ok, r.message).toBe(true);

    const outbox = (await admin('/admin/outbox?limit=200')).outbox as { itemId: string; templateId: string; touser: string; status: string }[];
    const mine = outbox.filter((o) => o.itemId === itemId && o.templateId === 'TPL_ITEM_UPDATED');
    residentOpenid = mine[0].touser;
    expect(mine.map((o) => o.status).sort()).toEqual(['sent', 'skipped']);
    const msgs = (await admin(`/admin/messages?touser=${residentOpenid}`)).messages as { data: { phrase2: { value: string } } }[];
    expect(msgs.map((m) => m.data.phrase2.value)).toEqual(['已受理']);

    await resident.goto(`${base}/#/pages/index/index`);
    await resident.reload();
    await expect.poll(() => resident.locator('.messages-badge:visible').textContent(), { timeout: 15_000 }).toBe('2');
    await shot(resident, 'notify-02-home-badge');
    await resident.locator('.entry-messages:visible').click();
    await expect.poll(() => resident.locator('.message-row:visible').count(), { timeout: 15_000 }).toBe(2);
    const rows = resident.locator('.message-row:visible');
    await expect(rows.nth(0).textContent()).resolves.toContain('已办结');
    await expect(rows.nth(0).locator('.message-row__delivery').textContent()).resolves.toContain('仅站内通知');
    await expect(rows.nth(1).textContent()).resolves.toContain('已受理');
    await expect(rows.nth(1).locator('.message-row__delivery').textContent()).resolves.toContain('已推送到微信');
    await shot(resident, 'notify-03-message-center');
  });

  it('the resident opens the item from 消息中心 and rates it; the notice is read', async () => {
    await resident.locator('.message-row:visible', { hasText: '已办结' }).click();
    await resident.waitForURL(/pages\/item\/index\?id=/);
    await expect.poll(() => state(resident).textContent(), { timeout: 15_000 }).toContain('已办结');
    await resident.locator('.rate-star-5:visible').click();
    await resident.locator('.rate-solved:visible').click();
    await resident.locator('.rate-submit:visible').click();
    await expect.poll(() => state(resident).textContent(), { timeout: 15_000 }).toContain('已完结');
    const token = await sessionFor(base, residentOpenid, adminToken);
    const list = await callApi(base, token, 'message.list', {});
    expect(list.data.unread).toBe(1);
    expect(list.data.messages.find((m: { title: string }) => m.title === '已办结').read).toBe(true);
    // 全部已读 clears the badge.
    await resident.goto(`${base}/#/pages/messages/index`);
    await resident.reload();
    await resident.locator('.messages-read-all:visible').click({ timeout: 15_000 });
    await expect.poll(() => resident.locator('.message-row--unread:visible').count()).toBe(0);
  });

  it('the item page asks again from a tap when none is left, and shows the new count', async () => {
    await resident.goto(`${base}/#/pages/submit/index?card=${facts.cadre.cardCode}`);
    await resident.reload();
    await resident.locator('.kind-chip:visible', { hasText: '建议' }).click({ timeout: 20_000 });
    await resident.locator('.category-chip:visible', { hasText: '公共设施' }).click();
    await resident.locator('.desc-input:visible textarea').fill('建议在东门路灯旁加装一个监控');
    await resident.locator('.submit-btn:visible').click();
    // The first grant was spent on 已受理, so the submit asks again; this time the resident taps 取消.
    await expect.poll(() => resident.locator('.wx-subscribe-dialog').count(), { timeout: 10_000 }).toBe(1);
    await resident.locator('.wx-subscribe-cancel').click();
    await resident.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
    const bar = resident.locator('.subscribe-bar-follow:visible');
    await expect.poll(() => bar.locator('.subscribe-remaining').textContent(), { timeout: 15_000 }).toContain('未订阅');
    await bar.locator('.subscribe-btn').click();
    await resident.locator('.wx-subscribe-allow').click();
    await expect.poll(() => bar.locator('.subscribe-remaining').textContent()).toContain('还可接收 1 条');
    const held = (await admin(`/admin/subscriptions?openid=${residentOpenid}`)).subscriptions as { templateId: string; count: number }[];
    expect(held.find((s) => s.templateId === 'TPL_ITEM_UPDATED')?.count).toBe(1);
  });
});
