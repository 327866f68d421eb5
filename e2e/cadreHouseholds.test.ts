// 包保住户 in the browser (issue 11 point 5): a 包保干部 opens their households; the sensitive tags
// stay hidden until they say what for, then show, and the community admin finds that view, with its
// purpose, in the audit log.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SENSITIVE_TAGS } from '../src/core/privacy';
import { q, shot, site, usePhones } from './browser';
import { demoFacts } from './demoFacts';
import { callApi, sessionFor } from './server';

const base = inject('baseUrl');
const { open, signIn } = site(base);
const adminToken = inject('adminToken');
const facts = demoFacts();
const d = facts.data;
const { cadre, persona } = facts;
const sensitive = (tags?: string[]) => (tags ?? []).filter((t) => (SENSITIVE_TAGS as readonly string[]).includes(t));
/** The cadre's first page (50 by code) and, on it, a household to show with a sensitive tag. */
const firstPage = d.households.filter((h) => h.cadreId === cadre._id).sort((a, b) => (a._id < b._id ? -1 : 1)).slice(0, 50);
const seededTagged = firstPage.find((h) => sensitive(h.tags).length);
const target = seededTagged ?? firstPage[0];
const TAG = seededTagged ? sensitive(seededTagged.tags)[0] : '独居老人';
const adminPerson = d.people.find((p) => p.roles.some((r) => r.role === 'communityAdmin' && r.nodeId === target.communityId))!;
const PURPOSE = `入户走访${Date.now().toString(36).slice(-4)}`;

let page: Page;

describe('包保住户: tags only with a purpose, and audited', () => {
  usePhones('cadre-households', ['cadre'], (p) => ({ cadre: page } = p));
  beforeAll(async () => {
    const adminSession = await sessionFor(base, adminPerson.openid!, adminToken);
    if (!seededTagged) {
      // No seeded tag on the first page: the community admin records one, with its consent note.
      const r = await callApi(base, adminSession, 'admin.household.save', {
        mode: 'edit', id: target._id, unitId: target.unitId, room: target.room, members: target.members ?? 1, tags: [TAG],
        consent: { by: '户主本人', at: '2026-11-01', purpose: '关怀走访' },
      });
      if (!r.ok) throw new Error(`admin.household.save: ${r.code} ${r.message}`);
    }
  });

  it('the cadre sees their households without tags, then with them after giving a purpose', async () => {
    await signIn(page, persona.label);
    // From the inbox's links, as a cadre finds it.
    await open(page, 'packages/cadre/inbox/index');
    await q(page, '.inbox-households').click();
    await page.waitForURL(/packages\/cadre\/households/);
    const row = page.locator(`.cadre-hh-row[data-id="${target._id}"]:visible`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.textContent()).toContain(target.label);
    expect(await page.locator('.cadre-hh-tag:visible').count()).toBe(0);
    expect(await q(page, '.cadre-hh__count').textContent()).toContain('敏感标签');
    await shot(page, 'cadre-households-01-hidden');

    // No purpose: the form says so, under the field; nothing is shown.
    await q(page, '.cadre-hh-show').click();
    await expect.poll(() => page.locator('.field-error-purpose:visible').count()).toBe(1);
    expect(await page.locator('.cadre-hh-tag:visible').count()).toBe(0);

    await q(page, '.cadre-hh-purpose input').fill(PURPOSE);
    await q(page, '.cadre-hh-show').click();
    await expect.poll(async () => (await row.locator('.cadre-hh-tag').allTextContents()).join(), { timeout: 20_000 }).toContain(TAG);
    expect(await q(page, '.cadre-hh__shown').textContent()).toContain('审计日志');
    await shot(page, 'cadre-households-02-shown');

    // 隐藏标签 hides them again.
    await q(page, '.cadre-hh-hide').click();
    await expect.poll(() => page.locator('.cadre-hh-tag:visible').count(), { timeout: 20_000 }).toBe(0);
  });

  it('the community admin finds that view, with the purpose, in the audit log', async () => {
    const r = await callApi(base, await sessionFor(base, adminPerson.openid!, adminToken), 'audit.list', { action: 'household.view' });
    expect(r.ok).toBe(true);
    const entry = (r.data as { entries: { actorName: string; reason: string; detail: string }[] }).entries.find((e) => e.reason === PURPOSE);
    expect(entry).toMatchObject({ actorName: cadre.name, detail: expect.stringContaining(target._id) });
  });
});
