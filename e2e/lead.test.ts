// 书记领办 in the browser: the community's secretary (the seeded 社区管理员 is also its 书记) opens
// 书记领办 from home, switches to 可领办事项, takes one on, and the item page's timeline says so.
// The command goes through the workflow table like any other (core/workflow/table.ts `lead`).
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { q, shot, site, usePhones } from './browser';
import { demoFacts } from './demoFacts';

const base = inject('baseUrl');
const { signIn } = site(base);
const facts = demoFacts();
const secretary = facts.data.people.find((p) => p.roles.some((r) => r.role === 'secretary'))!;
const persona = facts.data.personas.find((p) => p.openid === secretary.openid)!;

let page: Page;

describe('书记领办: a secretary takes an open item on', () => {
  usePhones('lead', ['secretary'], (p) => ({ secretary: page } = p));

  it('leads an open item from 可领办事项; the row and the item timeline show who led it', async () => {
    await signIn(page, persona.label);
    await q(page, '.entry-lead').click();
    await page.waitForURL(/packages\/admin\/lead\/index/);
    await q(page, '.lead-view-chip', '可领办事项').click();
    const row = page.locator('.lead-row:visible', { has: page.locator('.lead-btn') }).first();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const id = await row.getAttribute('data-id');
    await row.locator('.lead-btn').click();
    const led = page.locator(`.lead-row[data-id="${id}"]:visible .lead-row__by`);
    await expect.poll(() => led.textContent(), { timeout: 10_000 }).toContain(`${secretary.name}`);
    expect(await led.textContent()).toContain('领办');
    await shot(page, 'lead-01-led');

    await page.locator(`.lead-row[data-id="${id}"]:visible .lead-row__desc`).click();
    await page.waitForURL(/pages\/item\/index\?id=/);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 20_000 }).toContain('书记领办，跟踪督办至办结');
    await shot(page, 'lead-02-timeline');
  });
});
