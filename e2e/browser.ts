import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ROOT } from './server';

export const SHOTS = path.join(ROOT, '.e2e-artifacts', 'shots');

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
    // Playwright gives each launch a fresh temporary profile.
  });
}

/** A phone-sized context: each person (resident, cadre) gets their own, like their own phone. */
export async function phone(browser: Browser): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  return { ctx, page };
}

/**
 * Phones for a describe block, one browser context each: launched before its tests (`ready` gets
 * the pages), closed after them, and after a failed test a screenshot of what each one showed
 * (FAIL-<prefix>-<test>-<who>.png). Call it before the block's own beforeAll that uses the pages.
 */
export function usePhones<N extends string>(prefix: string, names: readonly N[], ready: (pages: Record<N, Page>) => void): void {
  let browser: Browser | undefined;
  const pages = {} as Record<N, Page>;
  beforeAll(async () => {
    browser = await launch();
    for (const n of names) pages[n] = (await phone(browser)).page;
    ready(pages);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const name = ctx.task.name.slice(0, 30).replace(/[^\w]+/g, '-');
    for (const [who, p] of Object.entries<Page>(pages)) await shot(p, `FAIL-${prefix}-${name}-${who}`).catch(() => {});
  });
}

/** A screenshot; `viewport` for a dialog over the page, as the phone shows it (a full-page shot would stretch the page past a fixed mask). */
export async function shot(page: Page, name: string, opts: { viewport?: boolean } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(150); // let Taro finish its transition
  // A page sliding in or out widens the document for a moment; a full-page shot would catch it.
  await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 2000 }).catch(() => {});
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: !opts.viewport });
}

/** A small real PNG photo (a red square) to upload. */
export function testPhoto(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([200, 22, 29, 255], i);
  return PNG.sync.write(png);
}

/** The first visible element matching `sel` (with `text`: the first that contains it). */
export const q = (page: Page, sel: string, text?: string): Locator => page.locator(`${sel}:visible`, text ? { hasText: text } : undefined).first();

/** Navigation on the H5 build served at `base`. */
export function site(base: string) {
  return {
    /** Opens a route; the reload makes the H5 app route a hash-only change. */
    async open(page: Page, route: string): Promise<void> {
      await page.goto(`${base}/#/${route}`);
      await page.reload();
    },
    /** Signs in as a demo persona from the login page, and waits for home. */
    async signIn(page: Page, label: string): Promise<void> {
      await page.goto(`${base}/#/pages/login/index`);
      await q(page, '.persona__label', label).click();
      await page.waitForURL(/pages\/index\/index/);
    },
  };
}

/** The route of a URL of the H5 app (what follows `#/`), for `site(base).open`. */
export const routeOf = (url: string): string => url.slice(url.indexOf('#/') + 2);
