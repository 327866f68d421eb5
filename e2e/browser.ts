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

/**
 * A screenshot of the whole page, top to bottom, as a person scrolling through it would see it;
 * `viewport` for a dialog over the page, as the phone shows it (a full-page shot would stretch the
 * page past a fixed mask). A success toast is let fade first: it would cover what the shot is for.
 *
 * Taro H5 scrolls inside the page's own container (.taro_page, the height of the screen), not the
 * window, so a plain full-page shot stops at the screen's height. For the shot the shown pages and
 * their parents are let out to their full height; afterwards their styles and scroll are put back.
 */
export async function shot(page: Page, name: string, opts: { viewport?: boolean } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page
    .waitForFunction(() => !Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).some((e) => e.style.display !== 'none' && e.style.opacity !== '0'), undefined, { timeout: 5000 })
    .catch(() => {});
  await page.waitForTimeout(150); // let Taro finish its transition
  // A page sliding in or out widens the document for a moment; a full-page shot would catch it.
  await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 2000 }).catch(() => {});
  const file = path.join(SHOTS, `${name}.png`);
  if (opts.viewport) {
    await page.screenshot({ path: file });
    return;
  }
  const expanded = await page.evaluate(expandScroller).catch(() => false);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    if (expanded) await page.evaluate(restoreScroller).catch(() => {});
  }
}

type Saved = { el: HTMLElement; css: string; top: number }[];
declare global {
  interface Window {
    __shotSaved?: Saved;
  }
}

/** In the page: the shown Taro pages, and everything above them, as tall as their content. */
function expandScroller(): boolean {
  const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((e) => getComputedStyle(e).display !== 'none');
  if (!shown.length) return false;
  const els = new Set<HTMLElement>();
  for (const p of shown) for (let e: HTMLElement | null = p; e; e = e.parentElement) els.add(e);
  const saved: Saved = [];
  for (const el of els) {
    saved.push({ el, css: el.style.cssText, top: el.scrollTop });
    el.style.setProperty('height', 'auto', 'important');
    el.style.setProperty('min-height', '100%', 'important');
    el.style.setProperty('overflow', 'visible', 'important');
  }
  for (const p of shown) p.style.setProperty('position', 'relative', 'important');
  window.__shotSaved = saved;
  return true;
}

function restoreScroller(): void {
  for (const { el, css, top } of window.__shotSaved ?? []) {
    el.style.cssText = css;
    el.scrollTop = top;
  }
  delete window.__shotSaved;
}

/** The route of a URL of the H5 app (what follows `#/`), for `site(base).open`. */
export const routeOf = (url: string): string => url.slice(url.indexOf('#/') + 2);

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
      // Loaded afresh like open(): after a hash-only change the H5 router may still be settling,
      // and a tap on a persona then did nothing (seen once in a clean-clone run).
      await page.goto(`${base}/#/pages/login/index`);
      await page.reload();
      // A person taps again when the first tap does nothing; twice in clean-clone runs a tap on a
      // freshly loaded login page left it there (the page shows the same persona list, no error).
      for (let attempt = 1; ; attempt++) {
        await q(page, '.persona__label', label).click();
        try {
          await page.waitForURL(/pages\/index\/index/, { timeout: attempt < 3 ? 8000 : 30_000 });
          return;
        } catch (err) {
          if (attempt >= 3) throw err;
        }
      }
    },
  };
}
