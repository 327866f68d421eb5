// 回音壁 and 民主测评 in the browser: a visitor who never signed in opens 回音壁 from home and sees a
// closed item without the name, phone and room its resident wrote; the community admin hides it
// and it is gone; a resident rates their 包保干部 on the cadre's card, once.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { q, shot, site, usePhones } from './browser';
import { demoFacts } from './demoFacts';
import { callApi, sessionFor } from './server';

const base = inject('baseUrl');
const { open, signIn } = site(base);
const adminToken = inject('adminToken');
const facts = demoFacts();
const d = facts.data;

const COMMUNITY = 'JH01-01';
const adminPerson = d.people.find((p) => p.roles.some((r) => r.role === 'communityAdmin' && r.nodeId === COMMUNITY))!;
const adminPersona = d.personas.find((p) => p.openid === adminPerson.openid)!;
/** A household of the community whose 包保干部 is present: the item goes straight to them. */
const household = d.households.find((h) => {
  const c = h.cadreId && d.people.find((p) => p._id === h.cadreId);
  return h.communityId === COMMUNITY && c && !c.away;
})!;
const cadre = d.people.find((p) => p._id === household.cadreId)!;
/** The first resident persona, and the card of the cadre who serves them. */
const residentPersona = d.personas[0];
const residentUser = d.users.find((u) => u._id === residentPersona.openid)!;
const residentCadre = d.people.find((p) => p._id === d.households.find((h) => h._id === residentUser.householdId)!.cadreId)!;

const SECRETS = { name: '王建国', phone: '13912345678', room: '301' };
const TEXT = `我是${SECRETS.name}，住3栋2单元${SECRETS.room}，电话${SECRETS.phone}，楼下的路灯坏了一个多月，晚上回家很黑`;

let visitor: Page;
let admin: Page;
let resident: Page;
let itemId = '';

describe('回音壁 and 民主测评 in the browser', () => {
  usePhones('echo', ['visitor', 'admin', 'resident'], (p) => ({ visitor, admin, resident } = p));
  beforeAll(async () => {
    // A closed item whose resident agreed to the 回音壁, played through the api (another account of the household).
    const ok = async (openid: string, action: string, data: object) => {
      const r = await callApi(base, await sessionFor(base, openid, adminToken), action, data);
      if (!r.ok) throw new Error(`${action}: ${r.code} ${r.message}`);
      return r.data;
    };
    const submitter = `o-e2e-echo-${Date.now().toString(36)}`;
    await ok(submitter, 'household.confirm', { cardCode: cadre.cardCode, householdId: household._id });
    const { item } = await ok(submitter, 'item.submit', {
      clientRequestId: `e2e-echo-${Date.now().toString(36)}`, kind: 'request', category: '公共设施', description: TEXT, photos: [], anonymous: false, echoWall: true,
    });
    itemId = item.id;
    expect(item.holderName).toBe(cadre.name);
    await ok(cadre.openid!, 'item.verify', { id: itemId, version: 0, itemClass: 'simple', category: '公共设施' });
    await ok(cadre.openid!, 'item.resolve', { id: itemId, version: 1, note: `已联系物业更换路灯，${cadre.name}回访确认`, photos: [] });
    await ok(submitter, 'item.rate', { id: itemId, version: 2, stars: 5, solved: true, comment: '修得很快' });
  });

  it('a visitor who never signed in opens 回音壁 from home and sees the closed item, redacted', async () => {
    await visitor.goto(`${base}/#/pages/index/index`);
    await q(visitor, '.entry-echo').click();
    await visitor.waitForURL(/pages\/echo\/index/);
    const entry = visitor.locator(`.echo-entry[data-id="${itemId}"]:visible`);
    await expect.poll(() => entry.count(), { timeout: 20_000 }).toBe(1);
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain('路灯坏了一个多月');
    expect(text).toContain('公共设施');
    expect(text).toContain('已解决');
    for (const s of [...Object.values(SECRETS), cadre.name, household.label]) expect(text, s).not.toContain(s);
    // Several seeded items closed with their residents' consent are on the wall too.
    expect(await visitor.locator('.echo-entry:visible').count()).toBeGreaterThan(1);
    await shot(visitor, 'echo-01-wall');
  });

  it('the community admin hides it; the wall no longer shows it, and the log says who', async () => {
    await signIn(admin, adminPersona.label);
    await open(admin, 'packages/admin/echo/index');
    const card = admin.locator(`.echo-review[data-id="${itemId}"]:visible`);
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    await shot(admin, 'echo-02-review');
    await card.locator('.echo-hide-btn').click();
    await expect.poll(() => card.locator('.echo-review__state').textContent(), { timeout: 15_000 }).toBe('已隐藏');
    expect(await card.locator('.echo-review__log').textContent()).toContain(`${adminPerson.name} 隐藏`);
    await shot(admin, 'echo-03-hidden');

    await open(visitor, 'pages/echo/index');
    await expect.poll(() => visitor.locator('.echo-entry:visible').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await visitor.locator(`.echo-entry[data-id="${itemId}"]:visible`).count()).toBe(0);
    await shot(visitor, 'echo-04-wall-after');
  });

  it('a resident rates their 包保干部 on the card page, once per period', async () => {
    await signIn(resident, residentPersona.label);
    await open(resident, `pages/card/index?scene=${residentCadre.cardCode}`);
    await expect.poll(() => resident.locator('.evaluation:visible').count(), { timeout: 20_000 }).toBe(1);
    expect(await q(resident, '.evaluation').textContent()).toContain(residentCadre.name);
    await q(resident, '.evaluation .rate-star-4').click();
    await q(resident, '.evaluation-comment textarea').fill('上门很及时');
    await shot(resident, 'echo-05-evaluation');
    await q(resident, '.evaluation-submit').click();
    await expect.poll(() => q(resident, '.evaluation__done').textContent(), { timeout: 15_000 }).toContain('4 星');
    await shot(resident, 'echo-06-evaluated');
    // Once per period: the card now says so, and the server refuses a second rating in Chinese.
    await open(resident, `pages/card/index?scene=${residentCadre.cardCode}`);
    await expect.poll(() => q(resident, '.evaluation__rated').textContent(), { timeout: 20_000 }).toContain('4 星');
    const again = await callApi(base, await sessionFor(base, residentPersona.openid, adminToken), 'assessment.rate', {
      personId: residentCadre._id, stars: 1, clientRequestId: 'e2e-echo-second-try',
    });
    expect(again).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(again.message).toContain('每个考核期只能测评一次');
  });

  it('the admin sees the rating in the 五考 ranking', async () => {
    await open(admin, 'packages/admin/assessment/index');
    const row = admin.locator(`.assess-row[data-id="${residentCadre._id}"]:visible`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.textContent()).toContain('民主测评');
    await shot(admin, 'echo-07-assessment');
    await open(admin, 'packages/admin/lead/index');
    await expect.poll(() => admin.locator('.lead-row:visible').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot(admin, 'echo-08-lead');
  });
});
