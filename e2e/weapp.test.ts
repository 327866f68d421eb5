import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ci = require('miniprogram-ci');

const MP = path.join(ROOT, 'miniprogram');
const MAIN_PACKAGE_LIMIT = 1024 * 1024; // our own bar, far under WeChat's 2 MB
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024; // WeChat's limit for one subpackage

function sizeOf(dir: string, skip: (rel: string) => boolean, base = dir): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const rel = path.relative(base, p);
    if (skip(rel)) continue;
    total += e.isDirectory() ? sizeOf(p, skip, base) : statSync(p).size;
  }
  return total;
}

/** miniprogram-ci insists on a key file even for offline compiles; a throwaway one will do. */
function ciProject() {
  const keyPath = path.join(mkdtempSync(path.join(tmpdir(), 'gridlink-ci-')), 'private.key');
  writeFileSync(keyPath, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
  const project = new ci.Project({ appid: 'wx0000000000local', type: 'miniProgram', projectPath: ROOT, privateKeyPath: keyPath, ignores: ['node_modules/**/*'] });
  project.attr = async () => ci.DefaultProjectAttr;
  return project;
}

describe('weapp build', () => {
  const app = JSON.parse(readFileSync(path.join(MP, 'app.json'), 'utf8')) as { pages: string[]; subPackages?: { root: string; pages: string[] }[] };

  it("WeChat's own compiler accepts every page offline", async () => {
    const result: Record<string, unknown> = await ci.getCompiledResult({ project: ciProject(), version: '0.0.1', setting: { es6: true, minify: true } });
    const files = Object.keys(result);
    for (const page of app.pages) expect(files, `compiled ${page}`).toContain(`${page}.js`);
    for (const sub of app.subPackages ?? []) for (const page of sub.pages) expect(files).toContain(`${sub.root}/${page}.js`);
  });

  it('the main package stays under 1 MB, and the cadre pages live in a subpackage', () => {
    const subRoots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''));
    expect(subRoots).toContain('packages/cadre');
    const main = sizeOf(MP, (rel) => subRoots.some((r) => rel === r || rel.startsWith(`${r}/`)) || rel.endsWith('.map') || rel.endsWith('.LICENSE.txt'));
    console.log(`weapp main package: ${(main / 1024).toFixed(1)} KB`);
    expect(main).toBeGreaterThan(50 * 1024); // a real build, not an empty folder
    expect(main).toBeLessThan(MAIN_PACKAGE_LIMIT);
  });

  it('the admin subpackage, F2 charts included, stays within WeChat\'s 2 MB subpackage limit; the main package carries no F2', () => {
    const admin = sizeOf(path.join(MP, 'packages', 'admin'), (rel) => rel.endsWith('.map') || rel.endsWith('.LICENSE.txt'));
    console.log(`weapp admin subpackage: ${(admin / 1024).toFixed(1)} KB`);
    expect(admin).toBeLessThan(SUBPACKAGE_LIMIT);
    // F2's code (its transposed coordinate, say) lives in the 统计 page's file only.
    const mainJs = readdirSync(MP).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(MP, f), 'utf8'));
    expect(mainJs.some((js) => js.includes('transposed'))).toBe(false);
    expect(readFileSync(path.join(MP, 'packages', 'admin', 'stats', 'index.js'), 'utf8')).toContain('transposed');
  });

  it("WeChat's code-quality check passes the package size, lazy code loading and WXML/WXSS compression rules", async () => {
    const checks: { name: string; success: boolean; detail?: Record<string, number> }[] = await ci.checkCodeQuality(ciProject());
    const size = checks.find((c) => c.name === 'PACKAGE_SIZE_LIMIT');
    expect(size?.success).toBe(true);
    expect(size?.detail?.__APP__).toBeLessThan(MAIN_PACKAGE_LIMIT);
    for (const rule of ['LAZYCODE_LOADING_OPEN', 'WXML_COMPRESS_OPEN', 'WXSS_COMPRESS_OPEN', 'JS_COMPRESS_OPEN']) {
      expect(checks.find((c) => c.name === rule), rule).toMatchObject({ success: true });
    }
    console.log(`checkCodeQuality: ${checks.map((c) => `${c.name} ${c.success ? 'ok' : 'FAIL'}`).join(', ')}`);
  });

  it('app.json loads components lazily, opts into the privacy check and has the privacy policy page in the main package', () => {
    const json = JSON.parse(readFileSync(path.join(MP, 'app.json'), 'utf8')) as Record<string, unknown> & { pages: string[] };
    expect(json.lazyCodeLoading).toBe('requiredComponents');
    expect(json.__usePrivacyCheck__).toBe(true);
    expect(json.pages).toContain('pages/privacy/index');
  });

  it('sitemap.json lets WeChat index only the home, card and 回音壁 pages', () => {
    const sitemap = JSON.parse(readFileSync(path.join(MP, 'sitemap.json'), 'utf8')) as { rules: { action: string; page: string }[] };
    const allowed = sitemap.rules.filter((r) => r.action === 'allow').map((r) => r.page);
    expect(allowed.sort()).toEqual(['pages/card/index', 'pages/echo/index', 'pages/index/index']);
    expect(sitemap.rules.at(-1)).toEqual({ action: 'disallow', page: '*' });
    for (const p of [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((x) => `${s.root}/${x}`))]) {
      if (!allowed.includes(p)) expect(sitemap.rules.some((r) => r.action === 'allow' && r.page === p), p).toBe(false);
    }
  });
});
