// Issue 10, items 12–18 and 21 in the browser: the admin pages as a new community admin uses them,
// input that must never be dropped without a word, and dead ends. Everything it changes lives in a
// grid of its own (…-91), so the seeded data other browser tests rely on stays as it was.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { q, shot, site, testPhoto, usePhones } from './browser';
import { demoFacts } from './demoFacts';
import { callApi, sessionFor } from './server';

const base = inject('baseUrl');
const { open, signIn } = site(base);
const adminToken = inject('adminToken');
const facts = demoFacts();
const persona = (label: string) => facts.data.personas.find((p) => p.label.startsWith(label))!;
const adminPersona = persona('社区管理员');
const adminPerson = facts.data.people.find((x) => x.openid === adminPersona.openid)!;
const community = adminPerson.roles.find((r) => r.role === 'communityAdmin')!.nodeId;
const GRID = `${community}-91`;
const BUILDING = `${GRID}-01`;
const UNIT = `${BUILDING}-1`;

let admin: Page;
let resident: Page;
let leader: Page;
let token = '';

const api = async (action: string, data: unknown) => {
  const r = await callApi(base, token, action, data);
  if (!r.ok) throw new Error(`${action}: ${r.code} ${r.message}`);
  return r.data;
};

describe('admin pages and dead ends (issue 10)', () => {
  usePhones('adminPages', ['admin', 'resident', 'leader'], (p) => ({ admin, resident, leader } = p));
  beforeAll(async () => {
    token = await sessionFor(base, adminPersona.openid, adminToken);
    await api('admin.org.save', { id: GRID, parentId: community, level: 'grid', name: '测试九一网格', gridType: 'urban' });
    await api('admin.org.save', { id: BUILDING, parentId: GRID, level: 'building', name: '1栋' });
    await api('admin.org.save', { id: UNIT, parentId: BUILDING, level: 'unit', name: '1单元' });
    await api('admin.household.save', { id: `${UNIT}-0101`, unitId: UNIT, room: '101' });
    await signIn(admin, adminPersona.label);
  });

  it('12: 添加 with an existing code is refused and nothing is overwritten', async () => {
    await open(admin, `packages/admin/org/index?id=${GRID}`);
    await expect.poll(() => q(admin, '.org-add-id input').inputValue(), { timeout: 15_000 }).toBe(`${GRID}-`);
    await q(admin, '.org-add-id input').fill(BUILDING);
    await q(admin, '.org-add-name input').fill('新楼');
    await q(admin, '.org-add-btn').click();
    await expect.poll(() => q(admin, '.org-form .error-box').textContent(), { timeout: 15_000 }).toContain('已存在');
    expect(await admin.locator('.org-form .field-error:visible').count(), 'the refusal is said once').toBe(0);
    expect(await admin.locator('.org-notice:visible').count()).toBe(0);
    await shot(admin, 'adminPages-12-existing-code');
    expect((await api('admin.org.children', { parentId: GRID })).children[0].name).toBe('1栋');
  });

  it('13: the add form suggests the normal form, and a second 101 is refused', async () => {
    await open(admin, `packages/admin/org/index?id=${UNIT}`);
    await expect.poll(() => q(admin, '.household-add-id input').inputValue(), { timeout: 15_000 }).toBe(`${UNIT}-`);
    await q(admin, '.household-add-room input').fill('101');
    await expect.poll(() => q(admin, '.household-add-id input').inputValue()).toBe(`${UNIT}-0101`);
    await q(admin, '.household-add-btn').click();
    await expect.poll(() => q(admin, '.household-form .error-box').textContent(), { timeout: 15_000 }).toMatch(/已存在|已有/);
    // Said once: not again as a short line under the field.
    expect(await admin.locator('.household-form .field-error:visible').count()).toBe(0);
    await shot(admin, 'adminPages-13-duplicate-room');
    await q(admin, '.household-add-room input').fill('0102');
    await expect.poll(() => q(admin, '.household-add-id input').inputValue()).toBe(`${UNIT}-0102`);
    await q(admin, '.household-add-btn').click();
    await expect.poll(() => q(admin, '.org-notice').textContent(), { timeout: 15_000 }).toContain('1栋1单元102');
  });

  it('14: renaming the building relabels its households', async () => {
    await open(admin, `packages/admin/org/index?id=${GRID}`);
    await q(admin, `.org-row[data-id="${BUILDING}"] .org-edit-btn`).click();
    await q(admin, '.org-add-name input').fill('1号楼');
    await q(admin, '.org-add-btn').click();
    await expect.poll(() => q(admin, '.org-notice').textContent(), { timeout: 15_000 }).toContain('已保存');
    const { households } = await api('admin.org.children', { parentId: UNIT });
    expect(households.map((h: { label: string }) => h.label).sort()).toEqual(['1号楼1单元101', '1号楼1单元102']);
  });

  it('15 and 18: 包保分配 clears its error on choosing, and warns about an away cadre', async () => {
    const away = await api('admin.people.save', {
      name: '远行者', phone: '13700009191', workUnit: '测试局', title: '科员', gridId: GRID, roles: [{ role: 'cadre', nodeId: GRID }],
    });
    await api('admin.people.setAway', { personId: away.id, away: { from: '2020-01-01', to: '2099-12-31' } });
    await open(admin, `packages/admin/assign/index?gridId=${GRID}`);
    await q(admin, '.assign-btn').click();
    // Said once, under the field it belongs to; above the button only a pointer to it.
    await expect.poll(() => q(admin, '.assign-form .field-error-cadreId').textContent(), { timeout: 15_000 }).toContain('请先选择包保干部');
    expect(await q(admin, '.assign-form .error-box').textContent()).toBe('请按标红的提示修改后再提交');
    await shot(admin, 'adminPages-15-assign-error');
    await q(admin, '.assign-cadre-chip', '远行者').click();
    await expect.poll(() => admin.locator('.assign-form .field-error:visible').count()).toBe(0);
    await expect.poll(() => q(admin, '.assign-away-warning').textContent()).toContain('外出');
    await shot(admin, 'adminPages-18-away-warning');
  });

  it('15: 工作组 clears 请选择组长 once a leader is chosen', async () => {
    await open(admin, `packages/admin/groups/index?communityId=${community}`);
    await q(admin, '.group-new-btn').click();
    await q(admin, '.group-name-input input').fill('测试工作组');
    await q(admin, '.group-save-btn').click();
    await expect.poll(() => q(admin, '.group-form .field-error').textContent(), { timeout: 15_000 }).toContain('请选择组长');
    expect(await q(admin, '.group-form .error-box').textContent()).toBe('请按标红的提示修改后再提交');
    await q(admin, '.group-leader-btn').click();
    await expect.poll(() => admin.locator('.group-form .field-error:visible').count()).toBe(0);
    await shot(admin, 'adminPages-15-group-leader');
  });

  it('16: long text is kept and counted, a 4th photo and a PDF get a message', async () => {
    await signIn(resident, persona('居民').label);
    await open(resident, 'pages/submit/index');
    const long = '楼道灯坏了'.repeat(120); // 600 characters
    await q(resident, '.desc-input textarea').fill(long);
    expect((await q(resident, '.desc-input textarea').inputValue()).length).toBe(600);
    await expect.poll(() => q(resident, '.desc-counter').textContent()).toContain('超出 100 字');
    const photo = (n: number) => ({ name: `p${n}.png`, mimeType: 'image/png', buffer: testPhoto() });
    let chooser = resident.waitForEvent('filechooser');
    await q(resident, '.photo-add').click();
    await (await chooser).setFiles([photo(1), photo(2), photo(3), photo(4)]);
    await expect.poll(() => resident.locator('.photo-thumb:visible').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => q(resident, '.photo-error').textContent()).toContain('1 张未添加');
    await resident.locator('.photo-del:visible').first().click();
    chooser = resident.waitForEvent('filechooser');
    await q(resident, '.photo-add').click();
    await (await chooser).setFiles({ name: '通知.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF') });
    await expect.poll(() => q(resident, '.photo-error').textContent(), { timeout: 15_000 }).toContain('通知.pdf 不是图片');
    expect(await resident.locator('.photo-thumb:visible').count()).toBe(2);
    await q(resident, '.kind-chip').click();
    await q(resident, '.category-chip').click();
    await q(resident, '.submit-btn').click();
    await expect.poll(() => q(resident, '.field-error-description').textContent()).toContain('500');
    await shot(resident, 'adminPages-16-long-text-photos');
  });

  it('17: dead ends offer a way out; unknown routes show a not-found page; H5 has a navigation bar', async () => {
    await open(resident, 'pages/item/index?id=NOPE-404');
    await expect.poll(() => q(resident, '.error-box').textContent(), { timeout: 15_000 }).toContain('事项不存在');
    expect(await resident.locator('.dead-end__retry:visible').count()).toBe(0);
    expect(await resident.locator('.dead-end__home:visible').count()).toBe(1);
    await shot(resident, 'adminPages-17-item-missing');

    await open(resident, 'pages/card/index?scene=ZZZZZZ9');
    await expect.poll(() => q(resident, '.error-box').textContent(), { timeout: 15_000 }).toMatch(/未找到|不存在/);
    expect(await resident.locator('.card-retry:visible').count()).toBe(0);
    await shot(resident, 'adminPages-17-card-missing');
    await q(resident, '.card-home').click();
    await resident.waitForURL(/pages\/index\/index/);

    await open(resident, 'pages/nowhere/index');
    await expect.poll(() => resident.locator('.not-found:visible').count(), { timeout: 15_000 }).toBe(1);
    await shot(resident, 'adminPages-17-not-found');
    await q(resident, '.not-found-home').click();
    await resident.waitForURL(/pages\/index\/index/);

    // In-app navigation: the bar shows the page's title, back and home.
    await q(resident, '.home__privacy').click();
    await resident.waitForURL(/pages\/privacy\/index/);
    const bar = resident.locator('#taro-navigation-bar');
    await expect.poll(() => bar.isVisible()).toBe(true);
    // Taro shows back and home a moment after the bar itself: wait for them, as a person would.
    await expect.poll(() => bar.locator('.taro-navigation-bar-back').isVisible()).toBe(true);
    await expect.poll(() => bar.locator('.taro-navigation-bar-home').isVisible()).toBe(true);
    // The page scrolls inside its own container under the bar; the document itself cannot, so a
    // swipe past the end never slides the page's top under the bar.
    expect(await resident.evaluate(() => (window.scrollTo(0, 500), document.scrollingElement!.scrollTop))).toBe(0);
    await shot(resident, 'adminPages-17-navbar');
    await bar.locator('.taro-navigation-bar-back').click();
    await resident.waitForURL(/pages\/index\/index/);
  });

  it('21: staff without a card see how to get one, not a dead 我的联系卡 link', async () => {
    await signIn(leader, persona('网格长').label);
    await open(leader, 'packages/cadre/inbox/index');
    await expect.poll(() => leader.locator('.inbox-nocard:visible').count(), { timeout: 15_000 }).toBe(1);
    expect(await leader.locator('.inbox__mycard:visible', { hasText: '我的联系卡' }).count()).toBe(0);
    await shot(leader, 'adminPages-21-no-card');
  });
});
