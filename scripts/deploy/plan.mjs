// The deployment as data: settings read from the environment, everything the repository declares
// (collections, indexes, rules, function configs, templates, privacy declarations), the checks of
// both against each other and against the code, and the ordered list of calls to WeChat's cloud.
// scripts/deploy.mjs prints it (--dry-run) or runs it; scripts/deploy.test.ts checks it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { buildFunctions, functionNames } from '../build-functions.mjs';
import { collectionsUsedInCode, openapiUsedIn } from './scan.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'];
const ENV_VERSIONS = ['develop', 'trial', 'release'];
/** Memory sizes a cloud function may have (MB). */
const MEMORY_SIZES = [128, 256, 512, 1024, 2048, 3072];
const PLACEHOLDER = /^(touristappid|wx0{16}|wx0000000000local)$|your|example|placeholder|changeme|x{4,}|^local-gridlink$|^TPL_/i;

const readJson = (rel) => JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8'));
const load = (rel) => tsImport(pathToFileURL(path.join(ROOT, rel)).href, import.meta.url);

/** Everything the repository declares for the cloud. */
export async function loadDeclarations() {
  const [{ COLLECTIONS }, { INDEXES }, { TEMPLATES }, privacy] = await Promise.all([
    load('cloudfunctions/api/src/collections.ts'),
    load('cloudfunctions/api/src/indexes.ts'),
    load('src/core/notify/templates.ts'),
    load('src/core/privacy.ts'),
  ]);
  const functions = functionNames().map((name) => ({
    name,
    config: readJson(`cloudfunctions/${name}/config.json`),
    pkg: readJson(`cloudfunctions/${name}/package.json`),
  }));
  return {
    collections: COLLECTIONS,
    indexes: INDEXES,
    templates: TEMPLATES.map((t) => ({ placeholder: t.placeholder, title: t.title, keys: [...t.keys] })),
    privacyGuide: privacy.privacyGuideLines(),
    databaseRules: readJson('cloud/database-rules.json'),
    storageRules: readJson('cloud/storage-rules.json'),
    functionRules: readJson('cloud/function-rules.json'),
    functions,
  };
}

/** Settings from the environment (never from files in the repository: appid, key and ids differ per deployment). */
export function readSettings(env = process.env) {
  const version = env.VERSION || readJson('package.json').version;
  return {
    appid: env.WX_APPID ?? '',
    privateKeyPath: env.WX_PRIVATE_KEY_PATH ?? '',
    env: env.WX_CLOUD_ENV ?? '',
    templateIds: Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('WX_TPL_') && v).map(([k, v]) => [k.slice(3), v])),
    version,
    desc: env.DESC || `GridLink ${version}`,
    miniprogramState: env.WX_MINIPROGRAM_STATE || 'formal',
    envVersion: env.WX_ENV_VERSION || 'release',
    robot: Number(env.WX_ROBOT || 1),
  };
}

/** A 7-field cron (second minute hour day month weekday year) as CloudBase timer triggers take it (UTC+8). */
export function cronProblem(expr) {
  const fields = String(expr).trim().split(/\s+/);
  if (fields.length !== 7) return `需要 7 个字段（秒 分 时 日 月 星期 年），实际 ${fields.length} 个`;
  const ranges = [[0, 59], [0, 59], [0, 23], [1, 31], [1, 12], [0, 6], [1970, 2099]];
  const names = ['秒', '分', '时', '日', '月', '星期', '年'];
  const ok = (f, [lo, hi], i) =>
    f.split(',').every((part) => {
      if (part === '*' || (i === 5 && part === '?') || (i === 3 && part === '?')) return true;
      const m = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(i === 4 ? part.replace(/JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC/gi, '1') : i === 5 ? part.replace(/MON|TUE|WED|THU|FRI|SAT|SUN/gi, '1') : part);
      if (!m) return false;
      const nums = [m[1], m[2]].filter((x) => x !== undefined && x !== '*').map(Number);
      return nums.every((n) => n >= lo && n <= hi) && (m[3] === undefined || Number(m[3]) > 0);
    });
  for (let i = 0; i < 7; i++) if (!ok(fields[i], ranges[i], i)) return `第 ${i + 1} 个字段（${names[i]}）“${fields[i]}”无效`;
  return null;
}

const ruleValueOk = (v) => typeof v === 'boolean' || (typeof v === 'string' && v.trim().length > 0);

/**
 * Checks the settings, the declarations against each other, and the declarations against the code.
 * `bundles` (from buildFunctions) tells which source files each function contains.
 */
export function validate(settings, decl, { bundles }) {
  const errors = [];
  const warnings = [];
  const err = (m) => errors.push(m);

  // --- settings (refused when missing or a placeholder)
  if (!settings.appid) err('缺少 WX_APPID（小程序 AppID，微信公众平台 → 开发管理 → 开发设置）');
  else if (PLACEHOLDER.test(settings.appid)) err(`WX_APPID=${settings.appid} 是占位值，请填写真实的小程序 AppID`);
  else if (!/^wx[0-9a-f]{16}$/.test(settings.appid)) err(`WX_APPID=${settings.appid} 格式不对：应为 wx 加 16 位十六进制字符`);

  if (!settings.privateKeyPath) err('缺少 WX_PRIVATE_KEY_PATH（代码上传密钥文件，公众平台 → 开发设置 → 小程序代码上传）');
  else if (!existsSync(settings.privateKeyPath)) err(`WX_PRIVATE_KEY_PATH=${settings.privateKeyPath}：文件不存在`);
  else if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(readFileSync(settings.privateKeyPath, 'utf8'))) err(`WX_PRIVATE_KEY_PATH=${settings.privateKeyPath}：不是 PEM 格式的私钥`);

  if (!settings.env) err('缺少 WX_CLOUD_ENV（云开发环境 ID，云开发控制台 → 设置 → 环境 ID）');
  else if (PLACEHOLDER.test(settings.env)) err(`WX_CLOUD_ENV=${settings.env} 是占位值，请填写真实的云开发环境 ID`);
  else if (!/^[a-z][a-z0-9-]{3,62}$/i.test(settings.env)) err(`WX_CLOUD_ENV=${settings.env} 格式不对：环境 ID 形如 prod-1a2b3c4d5e6f7g8h`);

  const seen = new Map();
  for (const t of decl.templates) {
    const key = `WX_${t.placeholder}`;
    const id = settings.templateIds[t.placeholder];
    if (!id) err(`缺少 ${key}（订阅消息模板“${t.title}”的模板 ID，公众平台 → 订阅消息；字段 ${t.keys.join('、')}）`);
    else if (PLACEHOLDER.test(id) || id === t.placeholder) err(`${key}=${id} 是占位值，请填写公众平台分配的模板 ID`);
    else if (!/^[A-Za-z0-9_-]{20,64}$/.test(id)) err(`${key}=${id} 格式不对：模板 ID 为 20–64 位字母、数字、- 或 _`);
    else if (seen.has(id)) err(`${key} 与 WX_${seen.get(id)} 是同一个模板 ID`);
    else seen.set(id, t.placeholder);
  }
  const known = new Set(decl.templates.map((t) => t.placeholder));
  for (const k of Object.keys(settings.templateIds)) if (!known.has(k)) err(`WX_${k} 不对应任何模板（src/core/notify/templates.ts 中有：${[...known].map((p) => `WX_${p}`).join('、')}）`);

  if (!/^\d+\.\d+\.\d+([-.+][\w.]+)?$/.test(settings.version)) err(`VERSION=${settings.version} 格式不对，应为 1.2.3`);
  if (!MINIPROGRAM_STATES.includes(settings.miniprogramState)) err(`WX_MINIPROGRAM_STATE 应为 ${MINIPROGRAM_STATES.join(' / ')}`);
  if (!ENV_VERSIONS.includes(settings.envVersion)) err(`WX_ENV_VERSION 应为 ${ENV_VERSIONS.join(' / ')}`);
  const pairs = { formal: 'release', trial: 'trial', developer: 'develop' };
  if (pairs[settings.miniprogramState] !== settings.envVersion) {
    warnings.push(`消息打开 ${settings.miniprogramState} 版、小程序码打开 ${settings.envVersion} 版，二者不一致（通常 formal+release 或 trial+trial）`);
  }
  if (!Number.isInteger(settings.robot) || settings.robot < 1 || settings.robot > 30) err('WX_ROBOT 应为 1–30');

  // --- collections: code ⊆ declared; indexes and rules name declared collections
  const declared = new Set(decl.collections.map((c) => c.name));
  const used = collectionsUsedInCode(ROOT);
  for (const [name, files] of used) if (!declared.has(name)) err(`集合 ${name} 在代码中使用（${files.join('、')}），但未在 cloudfunctions/api/src/collections.ts 中声明`);
  for (const c of decl.collections) if (!used.has(c.name)) warnings.push(`集合 ${c.name} 已声明，但代码中没有找到使用它的地方`);
  for (const i of decl.indexes) if (!declared.has(i.collection)) err(`索引 ${i.collection}(${i.fields.join(', ')}) 所在集合未声明`);
  const names = new Set();
  for (const i of decl.indexes) {
    const n = indexName(i);
    if (names.has(`${i.collection}/${n}`)) err(`索引 ${i.collection}.${n} 重复声明`);
    names.add(`${i.collection}/${n}`);
  }
  const dbRules = decl.databaseRules;
  if (!dbRules.default || !ruleValueOk(dbRules.default.read) || !ruleValueOk(dbRules.default.write)) err('cloud/database-rules.json：default 需要 read 和 write');
  if (dbRules.default?.read !== false || dbRules.default?.write !== false) warnings.push('cloud/database-rules.json：默认规则不是完全关闭（read/write 为 false）');
  for (const name of Object.keys(dbRules.collections ?? {})) if (!declared.has(name)) err(`cloud/database-rules.json：集合 ${name} 未声明`);
  const st = decl.storageRules.rule ?? {};
  if (!ruleValueOk(st.read) || !ruleValueOk(st.write)) err('cloud/storage-rules.json：rule 需要 read 和 write');
  for (const k of Object.keys(st)) if (!['read', 'write'].includes(k)) err(`cloud/storage-rules.json：不支持的操作 ${k}`);
  const fr = decl.functionRules.rule ?? {};
  if (!fr['*'] || !('invoke' in fr['*'])) err('cloud/function-rules.json：必须有 "*": { "invoke": … }');
  for (const [name, r] of Object.entries(fr)) {
    if (name !== '*' && !decl.functions.some((f) => f.name === name)) err(`cloud/function-rules.json：没有名为 ${name} 的云函数`);
    if (![true, false, 'auth != null'].includes(r?.invoke)) err(`cloud/function-rules.json：${name}.invoke 只能是 true、false 或 "auth != null"`);
  }

  // --- functions: config.json is complete, every openapi the bundle calls is permitted
  for (const f of decl.functions) {
    const c = f.config;
    const where = `cloudfunctions/${f.name}/config.json`;
    if (!Number.isInteger(c.timeout) || c.timeout < 1 || c.timeout > 900) err(`${where}：timeout 应为 1–900 秒的整数`);
    else if (c.timeout > 60) warnings.push(`${where}：timeout ${c.timeout} 秒超过微信云开发控制台可选的 60 秒；部署时通过云函数配置接口设置（腾讯云 SCF 上限 900 秒），若被拒绝请在控制台改为 60 并缩小任务批量`);
    if (!MEMORY_SIZES.includes(c.memorySize)) err(`${where}：memorySize 应为 ${MEMORY_SIZES.join('/')} MB 之一`);
    if (!Array.isArray(c.permissions?.openapi)) err(`${where}：缺少 permissions.openapi`);
    const triggers = c.triggers ?? [];
    if (triggers.length > 1) err(`${where}：一个云函数只能有一个定时触发器`);
    for (const t of triggers) {
      if (!/^[A-Za-z][\w-]{0,59}$/.test(t.name ?? '')) err(`${where}：触发器名称“${t.name}”无效（字母开头，最长 60 个字母、数字、- 或 _）`);
      if (t.type !== 'timer') err(`${where}：触发器类型只能是 timer`);
      const p = cronProblem(t.config);
      if (p) err(`${where}：触发器 ${t.name} 的 cron“${t.config}”${p}`);
    }
    const bundle = bundles?.find((b) => b.name === f.name);
    if (!bundle) {
      err(`云函数 ${f.name} 未能打包`);
      continue;
    }
    const calls = openapiUsedIn(bundle.inputs.map((i) => path.join(ROOT, i)));
    for (const api of calls) if (!c.permissions?.openapi?.includes(api)) err(`${where}：代码调用了 openapi.${api}，但 permissions.openapi 中没有声明`);
    for (const api of c.permissions?.openapi ?? []) if (!calls.includes(api)) warnings.push(`${where}：声明了 ${api}，但代码中没有调用`);
    for (const ext of bundle.external) {
      if (ext.startsWith('node:')) continue;
      const pkgName = ext.startsWith('@') ? ext.split('/').slice(0, 2).join('/') : ext.split('/')[0];
      if (!f.pkg.dependencies?.[pkgName]) err(`cloudfunctions/${f.name}：代码引用了 ${pkgName}，但 package.json 的 dependencies 中没有`);
    }
  }
  return { errors, warnings, used: Object.fromEntries(used) };
}

export const indexName = (i) => `${i.unique ? 'uniq' : 'idx'}_${i.fields.join('_').replace(/\./g, '-')}`;

/** The ordered calls to WeChat's cloud (and the builds before them). */
export function planSteps(settings, decl) {
  const env = settings.env || '<WX_CLOUD_ENV>';
  const steps = [];
  const step = (id, call, args, note) => steps.push({ id, call, args, ...(note ? { note } : {}) });
  step('build.weapp', 'taro build --type weapp', { WX_CLOUD_ENV: env, WX_TPL: Object.keys(settings.templateIds).length }, '云环境与模板 ID 编译进小程序');
  step('build.functions', 'node scripts/build-functions.mjs', { WX_ENV_VERSION: settings.envVersion, WX_MINIPROGRAM_STATE: settings.miniprogramState });
  step('verify.build', 'check built files', { weapp: 'miniprogram/ contains the env id and every template id, no placeholder', functions: 'api bundle does not require pdfkit/exceljs; every bundle contains the template ids' });
  for (const f of decl.functions) {
    step(`function.${f.name}.upload`, 'ci.cloud.uploadFunction', { env, name: f.name, path: `cloudfunctions/${f.name}`, remoteNpmInstall: true }, `package.json 依赖在云端安装；config.json 随代码上传（permissions.openapi: ${(f.config.permissions?.openapi ?? []).join(', ') || '无'}）`);
    step(`function.${f.name}.config`, 'cloudAPI.scfUpdateFunctionInfo', { namespace: env, functionName: f.name, timeout: f.config.timeout, memorySize: f.config.memorySize });
    for (const t of f.config.triggers ?? []) {
      step(`function.${f.name}.trigger`, 'ci.cloud.createTimeTrigger', { envId: env, functionName: f.name, triggersConfig: [{ name: t.name, type: t.type, config: t.config }] }, 'cron 7 字段，北京时间（UTC+8）');
    }
  }
  step('function.rules', 'cloudAPI.tcbModifySecurityRule', { envId: env, resourceType: 'FUNCTION', aclTag: 'CUSTOM', rule: decl.functionRules.rule });
  for (const c of decl.collections) {
    step(`collection.${c.name}.create`, 'cloudAPI.flexdbCreateTable', { tableName: c.name }, `已存在则跳过；${c.holds}`);
    const rule = decl.databaseRules.collections?.[c.name] ?? decl.databaseRules.default;
    step(`collection.${c.name}.rule`, 'cloudAPI.tcbModifySafeRule', { envId: env, collectionName: c.name, aclTag: 'CUSTOM', rule });
    const idx = decl.indexes.filter((i) => i.collection === c.name);
    if (idx.length) {
      step(`collection.${c.name}.indexes`, 'cloudAPI.flexdbUpdateTable', {
        tableName: c.name,
        createIndexes: idx.map((i) => ({ indexName: indexName(i), mgoKeySchema: { mgoIndexKeys: i.fields.map((name) => ({ name, direction: '1' })), mgoIsUnique: !!i.unique } })),
      }, '已存在的同名索引跳过');
    }
  }
  step('storage.rule', 'cloudAPI.tcbModifyStorageSafeRule', { envId: env, aclTag: 'CUSTOM', rule: decl.storageRules.rule });
  step('app.upload', 'ci.upload', { appid: settings.appid || '<WX_APPID>', version: settings.version, desc: settings.desc, robot: settings.robot, setting: { es6: true, minify: true, minifyJS: true, minifyWXML: true, minifyWXSS: true } });
  return steps;
}

/** Settings, declarations, checks and steps in one object (what --dry-run --json prints). */
export async function makePlan({ env = process.env, bundles } = {}) {
  const settings = readSettings(env);
  const decl = await loadDeclarations();
  const built = bundles ?? (await buildFunctions({ env, quiet: true, write: false }));
  const { errors, warnings, used } = validate(settings, decl, { bundles: built });
  return {
    ok: errors.length === 0,
    errors,
    warnings,
    settings: { ...settings, privateKeyPath: settings.privateKeyPath ? '<set>' : '' },
    declarations: {
      collections: decl.collections.map((c) => c.name),
      indexes: decl.indexes.map((i) => ({ collection: i.collection, name: indexName(i), fields: i.fields, unique: !!i.unique })),
      functions: decl.functions.map((f) => ({ name: f.name, ...f.config })),
      templates: decl.templates,
      collectionsUsedInCode: used,
      bundles: built.map((b) => ({ name: b.name, bytes: b.bytes, external: b.external })),
    },
    privacyGuide: decl.privacyGuide,
    steps: planSteps(settings, decl),
    manual: [
      '公众平台 → 订阅消息：按 src/core/notify/templates.ts 选用模板（字段名须一致），把模板 ID 填入 WX_TPL_*；政务民生类账号可申请长期订阅模板',
      '公众平台 → 设置 → 服务内容声明 → 用户隐私保护指引：逐条填写上面列出的声明（npm run privacy-guide 也会打印）',
      '公众平台 → 开发设置 → 小程序代码上传：下载上传密钥（WX_PRIVATE_KEY_PATH），并把运行本脚本的机器 IP 加入白名单',
      '上传后在公众平台 → 版本管理 将此版本设为体验版或提交审核',
      '部署后在云开发控制台确认：云函数 api/timer/jobs 的“云调用”权限与 config.json 一致（权限有约 10 分钟缓存）',
      '云开发控制台 → 设置 → 消息推送：添加事件 wxa_media_check 推送到云函数 api（照片内容安全的异步结果；未配置则违规照片不会被隐藏）',
    ],
  };
}
