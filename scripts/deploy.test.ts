import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '../cloudfunctions/api/src/collections';
import { INDEXES } from '../cloudfunctions/api/src/indexes';
import { TEMPLATES } from '../src/core/notify/templates';

// The deployment as a dry run: what it would call, checked against what the code uses. Nothing
// here reaches WeChat; `--skip-build` inspects the function bundles in memory.
const ROOT = path.resolve(__dirname, '..');
const run = promisify(execFile);

interface Step {
  id: string;
  call: string;
  args: Record<string, any>;
}
interface Plan {
  ok: boolean;
  errors: string[];
  warnings: string[];
  steps: Step[];
  privacyGuide: string[];
  declarations: {
    collections: string[];
    collectionsUsedInCode: Record<string, string[]>;
    functions: { name: string; timeout: number; memorySize: number; permissions: { openapi: string[] }; triggers?: { name: string; type: string; config: string }[] }[];
    bundles: { name: string; bytes: number; external: string[] }[];
  };
}

async function dryRun(env: Record<string, string>): Promise<{ code: number; plan: Plan }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WX_') && k !== 'VERSION'));
  try {
    const { stdout } = await run(process.execPath, ['scripts/deploy.mjs', '--dry-run', '--json', '--skip-build'], { cwd: ROOT, env: { ...clean, ...env } as NodeJS.ProcessEnv, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, plan: JSON.parse(stdout) };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    if (!err.stdout) throw new Error(`deploy.mjs printed nothing (exit ${err.code}): ${err.stderr}`);
    return { code: err.code, plan: JSON.parse(err.stdout) };
  }
}

let keyPath: string;
const good = () => ({
  WX_APPID: 'wx0123456789abcdef',
  WX_PRIVATE_KEY_PATH: keyPath,
  WX_CLOUD_ENV: 'prod-7g3k2m9p1a2b3c4d',
  WX_TPL_ITEM_ASSIGNED: 'Xq3Lk9VbN2mT8rYwZ1cD4fGhJ6sA0pEuI7oK5nB2vC',
  WX_TPL_ITEM_UPDATED: 'Pz8Wq2Er5Ty7Ui9Op1As3Df6Gh8Jk0Lz2Xc4Vb6Nm9Q',
  VERSION: '1.2.3',
});

beforeAll(() => {
  keyPath = path.join(mkdtempSync(path.join(tmpdir(), 'gridlink-deploy-')), 'private.key');
  writeFileSync(keyPath, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
});

describe('deploy --dry-run', () => {
  let plan: Plan;
  beforeAll(async () => {
    const r = await dryRun(good());
    expect(r.plan.errors).toEqual([]);
    expect(r.code).toBe(0);
    plan = r.plan;
  }, 60_000);

  const steps = (call: string) => plan.steps.filter((s) => s.call === call);

  it('creates every collection the code uses, with its security rule, closed by default', () => {
    const used = Object.keys(plan.declarations.collectionsUsedInCode);
    expect(used.length).toBeGreaterThan(10);
    const created = steps('cloudAPI.flexdbCreateTable').map((s) => s.args.tableName);
    for (const name of used) expect(created, name).toContain(name);
    expect(created.sort()).toEqual([...COLLECTION_NAMES].sort());
    const rules = steps('cloudAPI.tcbModifySafeRule');
    expect(rules.map((s) => s.args.collectionName).sort()).toEqual([...COLLECTION_NAMES].sort());
    for (const r of rules) expect(r.args.rule).toEqual({ read: false, write: false });
  });

  it('creates every index declared in indexes.ts', () => {
    const made = steps('cloudAPI.flexdbUpdateTable').flatMap((s) => s.args.createIndexes.map((i: any) => `${s.args.tableName}:${i.mgoKeySchema.mgoIndexKeys.map((k: any) => k.name).join('+')}`));
    for (const i of INDEXES) expect(made, `${i.collection}(${i.fields.join(',')})`).toContain(`${i.collection}:${i.fields.join('+')}`);
    expect(made).toHaveLength(INDEXES.length);
  });

  it('uploads every function, sets its timeout and memory, and creates the trigger its config names', () => {
    const fns = plan.declarations.functions;
    expect(fns.map((f) => f.name)).toEqual(['api', 'jobs', 'timer']);
    for (const f of fns) {
      expect(steps('ci.cloud.uploadFunction').map((s) => s.args.name)).toContain(f.name);
      expect(steps('cloudAPI.scfUpdateFunctionInfo').find((s) => s.args.functionName === f.name)?.args).toMatchObject({ timeout: f.timeout, memorySize: f.memorySize });
      const trigger = steps('ci.cloud.createTimeTrigger').find((s) => s.args.functionName === f.name);
      if (f.triggers?.length) expect(trigger?.args.triggersConfig).toEqual(f.triggers);
      else expect(trigger).toBeUndefined();
    }
    expect(fns.find((f) => f.name === 'api')).toMatchObject({ timeout: 20 });
    expect(fns.find((f) => f.name === 'timer')?.triggers?.[0].config.split(' ')).toHaveLength(7);
  });

  it('permits every openapi each function calls (the dry run refuses otherwise), and api leaves pdfkit and exceljs to jobs', () => {
    const api = plan.declarations.bundles.find((b) => b.name === 'api')!;
    expect(api.external).not.toContain('pdfkit');
    expect(api.external).not.toContain('exceljs');
    expect(plan.declarations.bundles.find((b) => b.name === 'jobs')!.external).toEqual(expect.arrayContaining(['pdfkit', 'exceljs']));
    expect(plan.declarations.functions.find((f) => f.name === 'jobs')!.permissions.openapi).toContain('wxacode.getUnlimited');
  });

  it('sets storage and function rules, uploads the app last, and prints the privacy guide', () => {
    expect(steps('cloudAPI.tcbModifyStorageSafeRule')[0].args.rule).toMatchObject({ read: false });
    expect(steps('cloudAPI.tcbModifySecurityRule')[0].args.rule).toMatchObject({ '*': { invoke: false }, api: { invoke: 'auth != null' } });
    expect(plan.steps.at(-1)).toMatchObject({ call: 'ci.upload', args: { appid: 'wx0123456789abcdef', version: '1.2.3' } });
    expect(plan.privacyGuide.join('\n')).toContain('选中的照片或视频信息');
  });
});

describe('deploy refuses', () => {
  it('placeholders and missing settings, with a clear message for each', async () => {
    const r = await dryRun({ WX_APPID: 'touristappid', WX_CLOUD_ENV: 'your-env-id', WX_TPL_ITEM_ASSIGNED: 'TPL_ITEM_ASSIGNED' });
    expect(r.code).toBe(2);
    const text = r.plan.errors.join('\n');
    expect(text).toContain('WX_APPID=touristappid 是占位值');
    expect(text).toContain('WX_CLOUD_ENV=your-env-id 是占位值');
    expect(text).toContain('WX_TPL_ITEM_ASSIGNED=TPL_ITEM_ASSIGNED 是占位值');
    expect(text).toContain('缺少 WX_TPL_ITEM_UPDATED');
    expect(text).toContain('缺少 WX_PRIVATE_KEY_PATH');
  }, 60_000);

  it('a malformed appid, a key that is no key, and a template id that names no template', async () => {
    const notKey = path.join(path.dirname(keyPath), 'not.key');
    writeFileSync(notKey, 'hello');
    const r = await dryRun({ ...good(), WX_APPID: 'wx123', WX_PRIVATE_KEY_PATH: notKey, WX_TPL_NOPE: 'Abcdefghijklmnopqrstuvwxyz' });
    const text = r.plan.errors.join('\n');
    expect(text).toContain('WX_APPID=wx123 格式不对');
    expect(text).toContain('不是 PEM 格式的私钥');
    expect(text).toContain('WX_TPL_NOPE 不对应任何模板');
  }, 60_000);

  it('a real deployment with a placeholder stops before building or calling anything', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WX_')));
    const err = await run(process.execPath, ['scripts/deploy.mjs', '--json'], { cwd: ROOT, env: { ...clean, ...good(), WX_APPID: 'touristappid' } as unknown as NodeJS.ProcessEnv, maxBuffer: 32 * 1024 * 1024 }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect((JSON.parse(err!.stdout) as Plan).errors).toEqual(['WX_APPID=touristappid 是占位值，请填写真实的小程序 AppID']);
  }, 60_000);

  it('knows every template the code sends', () => {
    expect(TEMPLATES.map((t) => `WX_${t.placeholder}`).sort()).toEqual(Object.keys(good()).filter((k) => k.startsWith('WX_TPL_')).sort());
  });
});

describe('repository declarations', () => {
  it('sitemap: only the home, card and 回音壁 pages may be indexed', () => {
    const sitemap = JSON.parse(readFileSync(path.join(ROOT, 'config/sitemap.json'), 'utf8')) as { rules: { action: string; page: string }[] };
    expect(sitemap.rules.filter((r) => r.action === 'allow').map((r) => r.page).sort()).toEqual(['pages/card/index', 'pages/echo/index', 'pages/index/index']);
    expect(sitemap.rules.at(-1)).toEqual({ action: 'disallow', page: '*' });
  });
});
