// 六单联办 in the browser: one item walks grid → community → street → department → resolve → rate,
// each step done by its own persona on its own phone. Then the 调度台 (counts, filters, bulk
// whistle) and 代居民登记.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { q, routeOf, shot, site, testPhoto, usePhones } from './browser';
import { demoFacts } from './demoFacts';

const base = inject('baseUrl');
const { open, signIn } = site(base);
const facts = demoFacts();
const d = facts.data;

// Personas, found in the seed by their roles rather than by their labels.
const residentUser = d.users.find((u) => u.household?.cadreId === facts.cadre._id && d.personas.some((p) => p.openid === u._id))!;
const resident = { persona: d.personas.find((p) => p.openid === residentUser._id)!, household: residentUser.household! };
const communityAdminPerson = d.people.find(
  (p) => p.roles.some((r) => r.role === 'communityAdmin' && r.nodeId === resident.household.communityId) && d.personas.some((x) => x.openid === p.openid),
)!;
const communityAdmin = { person: communityAdminPerson, persona: d.personas.find((p) => p.openid === communityAdminPerson.openid)! };
const street = facts.streetAdmin;
const dept = facts.departments.find((x) => x.department.kind === '城管') ?? facts.departments[0];

const TEXT = '小区北门路灯坏了半个月，晚上一片漆黑，老人出门不方便';

const phones: Record<string, Page> = {};
let itemUrl = '';

const state = (page: Page) => q(page, '.item-state');

/** Signs in and waits until home shows whose account it is. */
async function signInShowing(page: Page, label: string, shows: string) {
  await signIn(page, label);
  await expect.poll(() => q(page, '.home__me').textContent(), { timeout: 15_000 }).toContain(shows);
}

async function openFromInbox(page: Page, text: string) {
  await open(page, 'packages/cadre/inbox/index');
  await q(page, '.inbox-row', text).click();
  await page.waitForURL(/packages\/cadre\/handle\/index\?id=/);
  await expect.poll(() => q(page, '.item-desc').textContent(), { timeout: 15_000 }).toContain(text);
}

describe('六单联办: one item walks the whole ladder', () => {
  beforeAll(async () => {
    expect(resident.persona, 'a resident persona served by the cadre persona').toBeTruthy();
    expect(communityAdmin.persona, "a community admin persona over the resident's community").toBeTruthy();
    expect(street?.persona, 'a street admin persona').toBeTruthy();
    expect(dept?.persona, 'a department staff persona').toBeTruthy();
  });
  usePhones('ladder', ['resident', 'cadre', 'community', 'street', 'department'], (p) => Object.assign(phones, p));

  it('点单: the resident posts; it waits for 核单 by their cadre', async () => {
    const p = phones.resident;
    await signInShowing(p, resident.persona.label, resident.household.label);
    await open(p, 'pages/submit/index');
    await q(p, '.kind-chip', '诉求').click();
    await q(p, '.category-chip', '公共设施').click();
    await q(p, '.desc-input textarea').fill(TEXT);
    await q(p, '.submit-btn').click();
    await p.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
    itemUrl = p.url();
    await expect.poll(() => state(p).textContent(), { timeout: 15_000 }).toContain('待核单');
    await expect(q(p, '.item-holder').textContent()).resolves.toContain(`${facts.cadre.name}（包保干部）`);
    await expect(q(p, '.item-level').textContent()).resolves.toBe('网格');
    await expect(q(p, '.item-due').textContent()).resolves.toMatch(/\d{4}-\d{2}-\d{2}/);
    await shot(p, 'ladder-01-resident-submitted');
  });

  it('下单: the cadre cannot solve it in the grid and sends it up to the community', async () => {
    const p = phones.cadre;
    await signInShowing(p, facts.persona.label, facts.cadre.name);
    await openFromInbox(p, TEXT);
    await q(p, '.cmd-tab-sendUp').click();
    await expect(q(p, '.cmd-submit-sendUp').textContent()).resolves.toBe('上报社区');
    await q(p, '.sendup-reason textarea').fill('路灯属于市政设施，网格无法维修');
    await shot(p, 'ladder-02-cadre-send-up');
    await q(p, '.cmd-submit-sendUp').click();
    await expect.poll(() => q(p, '.item-level').textContent()).toBe('社区');
    // A queue is named by its name alone: 拉法社区待办, not 拉法社区待办（待办队列）.
    await expect(q(p, '.item-holder').textContent()).resolves.toMatch(/社区待办$/);
  });

  it('派单: the community admin passes it to the street', async () => {
    const p = phones.community;
    await signInShowing(p, communityAdmin.persona.label, communityAdmin.person.name);
    await openFromInbox(p, TEXT);
    await q(p, '.cmd-tab-sendUp').click();
    await expect(q(p, '.cmd-submit-sendUp').textContent()).resolves.toBe('派单到街道');
    // No reason: the shared schema answers at once and nothing is sent.
    await q(p, '.cmd-submit-sendUp').click();
    await expect.poll(() => q(p, '.field-error-reason').textContent()).toContain('上报原因');
    await q(p, '.sendup-reason textarea').fill('需街道协调路灯管理所');
    await expect.poll(() => p.locator('.field-error-reason:visible').count()).toBe(0);
    await q(p, '.cmd-submit-sendUp').click();
    await expect.poll(() => q(p, '.item-level').textContent()).toBe('街道');
    await shot(p, 'ladder-03-community-dispatched');
  });

  it('吹哨: the street admin whistles the department, which must report in time', async () => {
    const p = phones.street;
    await signInShowing(p, street.persona.label, street.person.name);
    await openFromInbox(p, TEXT);
    await q(p, '.cmd-tab-whistle').click();
    await q(p, '.whistle-kind-chip', '快捷哨').click();
    await q(p, '.dept-chip', dept.department.name).click();
    await q(p, '.whistle-note textarea').fill('请三日内修复北门路灯');
    await shot(p, 'ladder-04-street-whistle');
    await q(p, '.cmd-submit-whistle').click();
    await expect.poll(() => state(p).textContent()).toContain('待报到');
    await expect(q(p, '.whistle-box').textContent()).resolves.toContain(`${dept.department.name}未报到`);
    await expect(q(p, '.item-holder').textContent()).resolves.toContain('（职能部门）');
    await shot(p, 'ladder-05-street-whistled');
  });

  it('报到 and 办结: the department staff reports, works on it and resolves it with a photo', async () => {
    const p = phones.department;
    await signInShowing(p, dept.persona.label, dept.staff.name);
    await openFromInbox(p, TEXT);
    await q(p, '.cmd-submit-report').click();
    await expect.poll(() => state(p).textContent()).toContain('已受理');
    await expect(q(p, '.whistle-box').textContent()).resolves.toContain('已报到');
    await q(p, '.cmd-tab-start').click();
    await q(p, '.cmd-submit-start').click();
    await expect.poll(() => state(p).textContent()).toContain('办理中');
    await q(p, '.cmd-tab-resolve').click();
    await q(p, '.resolve-note textarea').fill('已更换北门两盏路灯灯头，夜间照明恢复');
    const chooser = p.waitForEvent('filechooser');
    await q(p, '.photo-add').click();
    await (await chooser).setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: testPhoto() });
    await expect.poll(() => p.locator('.photo-thumb:visible').count(), { timeout: 15_000 }).toBe(1);
    await shot(p, 'ladder-06-department-resolve');
    await q(p, '.cmd-submit-resolve').click();
    await expect.poll(() => state(p).textContent()).toContain('已办结');
  });

  it('评单: the resident reads every hop in plain Chinese and rates it; it closes', async () => {
    const p = phones.resident;
    await open(p, routeOf(itemUrl));
    await expect.poll(() => state(p).textContent(), { timeout: 15_000 }).toContain('已办结');
    const timeline = (await q(p, '.timeline').textContent()) ?? '';
    for (const hop of ['已上报社区：路灯属于市政设施', '已派至街道：需街道协调路灯管理所', `街道已吹快捷哨，${dept.department.name}须在`, `${dept.department.name}已报到`]) {
      expect(timeline).toContain(hop);
    }
    await shot(p, 'ladder-07-resident-timeline');
    await q(p, '.rate-star-5').click();
    await q(p, '.rate-solved').click();
    await q(p, '.rate-submit').click();
    await expect.poll(() => state(p).textContent()).toContain('已完结');
    await shot(p, 'ladder-08-resident-closed');
  });
});

describe('调度台 and 代居民登记', () => {
  let admin: Page;
  let cadre: Page;
  usePhones('board', ['admin', 'cadre'], (p) => ({ admin, cadre } = p));

  it('the street admin sees counts, filters overdue items and opens one with its hop history', async () => {
    await signInShowing(admin, street.persona.label, street.person.name);
    await open(admin, 'packages/admin/index/index');
    await q(admin, '.admin-tile-board').click();
    await admin.waitForURL(/packages\/admin\/board\/index/);
    await expect.poll(() => q(admin, '.board-count-open .board-count__n').textContent(), { timeout: 15_000 }).toMatch(/^\d+$/);
    const overdue = Number(await q(admin, '.board-count-overdue .board-count__n').textContent());
    expect(overdue).toBeGreaterThan(0);
    await expect.poll(() => admin.locator('.board-row:visible').count()).toBeGreaterThan(0);
    await shot(admin, 'board-01-street');
    await q(admin, '.board-count-overdue').click();
    await expect.poll(() => admin.locator('.board-row:visible').count()).toBe(Math.min(overdue, 20));
    await expect.poll(async () => (await admin.locator('.board-row:visible .overdue-badge').count()) > 0).toBe(true);
    await shot(admin, 'board-02-overdue');
    await q(admin, '.board-row__body').click();
    await admin.waitForURL(/packages\/cadre\/handle\/index\?id=/);
    await expect.poll(() => admin.locator('.timeline-event:visible').count(), { timeout: 15_000 }).toBeGreaterThan(1);
  });

  it('bulk whistle: the street admin picks items of the street queue and gets a result per item', async () => {
    await open(admin, 'packages/admin/board/index');
    await q(admin, '.board-filters__head').click();
    await q(admin, '.board-level-chip', '街道').click();
    await q(admin, '.board-group-chip', '待办').click();
    await expect.poll(() => admin.locator('.board-row:visible').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const n = Math.min(2, await admin.locator('.board-row:visible').count());
    for (let i = 0; i < n; i++) await admin.locator('.board-row:visible .board-check').nth(i).click();
    await expect.poll(() => q(admin, '.bulk-bar__count').textContent()).toBe(`已选 ${n} 件`);
    await q(admin, '.bulk-whistle-btn').click();
    await q(admin, '.bulk-whistle-kind-chip', '快捷哨').click();
    await q(admin, '.bulk-dept-chip', dept.department.name).click();
    await shot(admin, 'board-03-bulk-whistle');
    await q(admin, '.bulk-run').click();
    await expect.poll(() => admin.locator('.bulk-result:visible').count(), { timeout: 30_000 }).toBe(n);
    // Street-queue items waiting for 核单 or returned by a department can be whistled; each says how it went.
    expect(await admin.locator('.bulk-result--ok:visible').count()).toBeGreaterThan(0);
    await shot(admin, 'board-04-bulk-results');
  });

  it('代居民登记: a cadre records a visit for a household of their grid', async () => {
    await signInShowing(cadre, facts.persona.label, facts.cadre.name);
    await open(cadre, 'packages/cadre/inbox/index');
    await q(cadre, '.inbox-onbehalf').click();
    await cadre.waitForURL(/packages\/cadre\/onbehalf\/index/);
    await q(cadre, '.onbehalf-building-chip', facts.building.name).click();
    await q(cadre, '.onbehalf-unit-chip', facts.unit.name).click();
    await q(cadre, '.onbehalf-room-chip', `${facts.household.room}室`).click();
    await q(cadre, '.channel-chip', '走访').click();
    await q(cadre, '.onbehalf-kind-chip', '诉求').click();
    await q(cadre, '.onbehalf-category-chip', '帮扶救助').click();
    await q(cadre, '.onbehalf-submit').click();
    await expect.poll(() => q(cadre, '.field-error-description').textContent()).toContain('事项描述');
    await q(cadre, '.onbehalf-desc textarea').fill('走访时老人反映家中暖气不热，希望帮忙联系维修');
    await expect.poll(() => cadre.locator('.field-error-description:visible').count()).toBe(0);
    await shot(cadre, 'onbehalf-01-form');
    await q(cadre, '.onbehalf-submit').click();
    await cadre.waitForURL(/pages\/item\/index\?id=/, { timeout: 20_000 });
    await expect.poll(() => q(cadre, '.item-onbehalf').textContent(), { timeout: 15_000 }).toContain(`${facts.cadre.name}代居民登记（走访）`);
    await expect(state(cadre).textContent()).resolves.toContain('待核单');
    await shot(cadre, 'onbehalf-02-item');
    // The cadre registered it, not the resident: no progress-notice bar meant for the resident, and
    // 撤回 is worded for whoever registered it.
    expect(await cadre.locator('.subscribe-bar-follow:visible').count()).toBe(0);
    expect(await q(cadre, '.withdraw-box__hint').textContent()).toContain('登记有误');
  });
});
