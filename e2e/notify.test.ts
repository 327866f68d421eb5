// Issue 8 in the browser: a resident accepts WeChat's subscribe dialog (simulated on H5) on submit;
// the cadre accepts and resolves; the resident gets exactly one WeChat message (the grant buys
// one) and sees the rest in 消息中心, opens the item from there and rates it.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { q, shot, site, usePhones } from './browser';
import { demoFacts } from './demoFacts';
import { adminHeaders, callApi, sessionFor } from './server';

const base = inject('baseUrl');
const { open } = site(base);
const adminToken = inject('adminToken');
const facts = demoFacts();
const TEXT = '小区东门的路灯坏了好几天，晚上看不清路';

let resident: Page;
let itemId = '';
let residentOpenid = '';

const state = (page: Page) => q(page, '.item-state');
const admin = async (path: string) => (await fetch(`${base}${path}`, { headers: adminHeaders(base, adminToken) })).json();

describe('notifications in the browser: subscribe dialog, one WeChat message, 消息中心', () => {
  usePhones('notify', ['resident'], (p) => ({ resident } = p));

  it('the resident turns the simulated dialog on, posts an item and taps 允许 on the dialog', async () => {
    await open(resident, 'pages/messages/index');
    // The test server answers 允许 by itself; this browser asks, like WeChat.
    await expect.poll(() => q(resident, '.messages__dialog').textContent(), { timeout: 20_000 }).toContain('自动允许');
    await q(resident, '.messages__dialog').click();
    await expect.poll(() => q(resident, '.messages__dialog').textContent()).toContain('每次询问');

    await open(resident, `pages/card/index?scene=${facts.cadre.cardCode}`);
    await q(resident, '.post-btn').click({ timeout: 20_000 });
    await q(resident, '.org-choice', facts.building.name).click();
    await q(resident, '.org-choice', facts.unit.name).click();
    await q(resident, '.org-choice', `${facts.household.room}室`).click();
    await q(resident, '.confirm-household-btn').click();
    await resident.waitForURL(/pages\/submit\/index/);
    await expect.poll(() => q(resident, '.subscribe-remaining').textContent(), { timeout: 15_000 }).toContain('未订阅');
    await q(resident, '.kind-chip', '诉求').click();
    await q(resident, '.category-chip', '公共设施').click();
    await q(resident, '.desc-input textarea').fill(TEXT);
    await q(resident, '.submit-btn').click();
    // WeChat's dialog (simulated): one template, 允许.
    await expect.poll(() => resident.locator('.wx-subscribe-dialog').count(), { timeout: 10_000 }).toBe(1);
    await expect(q(resident, '.wx-subscribe-item').textContent()).resolves.toContain('事项办理进度通知');
    await shot(resident, 'notify-01-subscribe-dialog', { viewport: true });
    await q(resident, '.wx-subscribe-allow').click();
    await resident.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
    itemId = new URL(resident.url().replace('#/', '')).searchParams.get('id')!;
    await expect.poll(() => state(resident).textContent(), { timeout: 15_000 }).toContain('待核单');
    // The item page says how many progress notices WeChat will still bring.
    await expect.poll(() => q(resident, '.subscribe-bar-follow .subscribe-remaining').textContent()).toContain('还可接收 1 条');
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

    await open(resident, 'pages/index/index');
    await expect.poll(() => q(resident, '.messages-badge').textContent(), { timeout: 15_000 }).toBe('2');
    await shot(resident, 'notify-02-home-badge');
    await q(resident, '.entry-messages').click();
    await expect.poll(() => resident.locator('.message-row:visible').count(), { timeout: 15_000 }).toBe(2);
    const rows = resident.locator('.message-row:visible');
    await expect(rows.nth(0).textContent()).resolves.toContain('已办结');
    await expect(rows.nth(0).locator('.message-row__delivery').textContent()).resolves.toContain('仅站内通知');
    await expect(rows.nth(1).textContent()).resolves.toContain('已受理');
    await expect(rows.nth(1).locator('.message-row__delivery').textContent()).resolves.toContain('已推送到微信');
    await shot(resident, 'notify-03-message-center');
  });

  it('the resident opens the item from 消息中心 and rates it; the notice is read', async () => {
    await q(resident, '.message-row', '已办结').click();
    await resident.waitForURL(/pages\/item\/index\?id=/);
    await expect.poll(() => state(resident).textContent(), { timeout: 15_000 }).toContain('已办结');
    await q(resident, '.rate-star-5').click();
    await q(resident, '.rate-solved').click();
    await q(resident, '.rate-submit').click();
    await expect.poll(() => state(resident).textContent(), { timeout: 15_000 }).toContain('已完结');
    const token = await sessionFor(base, residentOpenid, adminToken);
    const list = await callApi(base, token, 'message.list', {});
    expect(list.data.unread).toBe(1);
    expect(list.data.messages.find((m: { title: string }) => m.title === '已办结').read).toBe(true);
    // 全部已读 clears the badge.
    await open(resident, 'pages/messages/index');
    await q(resident, '.messages-read-all').click({ timeout: 15_000 });
    await expect.poll(() => resident.locator('.message-row--unread:visible').count()).toBe(0);
  });

  it('the item page asks again from a tap when none is left, and shows the new count', async () => {
    await open(resident, `pages/submit/index?card=${facts.cadre.cardCode}`);
    await q(resident, '.kind-chip', '建议').click({ timeout: 20_000 });
    await q(resident, '.category-chip', '公共设施').click();
    await q(resident, '.desc-input textarea').fill('建议在东门路灯旁加装一个监控');
    await q(resident, '.submit-btn').click();
    // The first grant was spent on 已受理, so the submit asks again; this time the resident taps 取消.
    await expect.poll(() => resident.locator('.wx-subscribe-dialog').count(), { timeout: 10_000 }).toBe(1);
    await q(resident, '.wx-subscribe-cancel').click();
    await resident.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
    const bar = q(resident, '.subscribe-bar-follow');
    await expect.poll(() => bar.locator('.subscribe-remaining').textContent(), { timeout: 15_000 }).toContain('未订阅');
    await bar.locator('.subscribe-btn').click();
    await q(resident, '.wx-subscribe-allow').click();
    await expect.poll(() => bar.locator('.subscribe-remaining').textContent()).toContain('还可接收 1 条');
    const held = (await admin(`/admin/subscriptions?openid=${residentOpenid}`)).subscriptions as { templateId: string; count: number }[];
    expect(held.find((s) => s.templateId === 'TPL_ITEM_UPDATED')?.count).toBe(1);
  });
});

describe('kill -9 between the state change and the send (issue 8)', () => {
  it('loses no notice; after restart the timer sends the unsent one exactly once, and never re-sends one handed to WeChat', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { startEmulatorProcess } = await import('./server');
    const { killHard } = await import('./hardKill');
    const { createGridLinkEmulator } = await import('../emulator/project');
    const { createTimer } = await import('../cloudfunctions/timer/src/main');
    const { CLAIM_LEASE_MS } = await import('../cloudfunctions/api/src/repo/outbox');
    const { MESSAGES } = await import('../emulator/openapi');

    const dir = mkdtempSync(path.join(tmpdir(), 'gridlink-notify-kill9-'));
    let server = await startEmulatorProcess(dir);
    const url = server.url;
    const post = (p: string, body: unknown) => fetch(`${url}${p}`, { method: 'POST', headers: { ...adminHeaders(url, server.adminToken), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const cadreOpenid = facts.cadre.openid!;
    const R = 'o-notify-kill9-resident';
    // 同意挂起 is the grid leader's (the level above the cadre).
    const leader = facts.data.people.find((p) => p.openid && p.roles.some((r) => r.role === 'gridLeader' && r.nodeId === facts.cadre.gridId))!;
    const [rTok, cTok, sTok] = await Promise.all([R, cadreOpenid, leader.openid!].map((o) => sessionFor(url, o)));
    expect((await callApi(url, rTok, 'household.confirm', { cardCode: facts.cadre.cardCode, householdId: facts.household._id })).ok).toBe(true);
    // Both may receive: WeChat holds grants and the ledger knows them.
    for (const [openid, tok, tpl] of [[cadreOpenid, cTok, 'TPL_ITEM_ASSIGNED'], [R, rTok, 'TPL_ITEM_UPDATED']] as const) {
      await post('/admin/subscriptions/grant', { openid, templateId: tpl, count: 5 });
      for (let i = 0; i < 3; i++) expect((await callApi(url, tok, 'subscription.report', { results: { [tpl]: 'accept' } })).ok).toBe(true);
    }
    const sub = await callApi(url, rTok, 'item.submit', { clientRequestId: 'kill9-notify-0001', kind: 'request', category: '其他', description: '单元门禁坏了，请尽快维修', photos: [], anonymous: false });
    const id = sub.data.item.id as string;
    expect((await callApi(url, cTok, 'item.accept', { id, version: 0 })).ok).toBe(true);
    expect((await callApi(url, cTok, 'item.pause', { id, version: 1, reason: '等待门禁厂家配件' })).ok).toBe(true);

    // 同意挂起 notifies the holder (first) and the resident. WeChat stalls inside the first send,
    // so the resident's notice is committed but not yet sent when the process is killed.
    await post('/admin/openapi/hold-next-sends', { count: 100 });
    const review = callApi(url, sTok, 'item.pauseReview', { id, version: 2, approve: true }).catch(() => null);
    const early = await Promise.race([review, new Promise((r) => setTimeout(() => r('pending'), 3000))]);
    expect(early, 'the review answered: WeChat did not stall it').toBe('pending');
    const records = async () => ((await (await fetch(`${server.url}/admin/outbox?limit=500`, { headers: adminHeaders(server.url, server.adminToken) })).json()).outbox as { _id: string; itemId: string; touser: string; status: string }[]).filter((o) => o._id.startsWith(`${id}:v3:`));
    await expect.poll(async () => (await records()).map((o) => `${o.touser === R ? 'R' : 'C'}:${o.status}`).sort(), { timeout: 20_000 }).toEqual(['C:sent', 'R:sending']);
    await killHard(server, dir);

    // Restart: the records are there; before the lease runs out, nobody takes the claim over.
    server = await startEmulatorProcess(dir);
    expect((await records()).map((o) => o.status).sort()).toEqual(['sending', 'sent']);
    await fetch(`${server.url}/admin/timer/timer`, { method: 'POST', headers: adminHeaders(server.url, server.adminToken) });
    expect((await records()).map((o) => o.status).sort()).toEqual(['sending', 'sent']);
    await server.stop();

    // The timer after the lease (fake clock), two runs at once, over the same data.
    const emu = await createGridLinkEmulator({ dataDir: dir, quiet: true });
    try {
      const later = () => new Date(Date.now() + CLAIM_LEASE_MS + 60_000);
      const timer = createTimer(emu.cloud as never, { now: later });
      await Promise.all([timer(), timer()]);
      await timer();
      const got = (await emu.platformDb.collection(MESSAGES).limit(1000).get()).data as { touser: string; page: string; data: Record<string, { value: string }> }[];
      const of = (touser: string, phrase: string) => got.filter((m) => m.touser === touser && m.page.endsWith(`id=${id}`) && Object.values(m.data).some((v) => v.value === phrase));
      expect(of(R, '已挂起')).toHaveLength(1); // committed, unsent at the kill: sent exactly once
      expect(of(cadreOpenid, '挂起已批准')).toHaveLength(0); // handed to WeChat when killed: at most once, never re-sent
      const out = (await emu.db.collection('outbox').where({ itemId: id }).limit(100).get()).data as { _id: string; status: string; title: string }[];
      const v3 = out.filter((o) => o._id.startsWith(`${id}:v3:`));
      expect(v3.map((o) => o.status)).toEqual(['sent', 'sent']);
      // 消息中心 has both notices whatever WeChat did (each notice is one outbox document).
      expect(v3.map((m) => m.title).sort()).toEqual(['已挂起', '挂起已批准'].sort());
    } finally {
      await emu.close();
    }
  }, 120_000);
});
