// Deploys GridLink to a WeChat cloud environment with miniprogram-ci, from what the repository
// declares (scripts/deploy/plan.mjs): builds, uploads the cloud functions with their config.json
// (permissions, timeout, memory) and timer triggers, creates every collection with its indexes and
// security rules, sets the storage and function rules, and uploads the Mini Program.
//
//   WX_APPID=wx… WX_PRIVATE_KEY_PATH=./private.key WX_CLOUD_ENV=prod-… \
//   WX_TPL_ITEM_ASSIGNED=… WX_TPL_ITEM_UPDATED=… VERSION=1.0.0 npm run deploy
//
// Options: --dry-run   print every step and check everything offline, call nothing
//          --json      print the plan as JSON (with --dry-run)
//          --skip-build  do not run the builds (dry run: inspect the function bundles in memory)
// Optional: DESC, WX_MINIPROGRAM_STATE (formal|trial|developer), WX_ENV_VERSION (release|trial|develop), WX_ROBOT (1–30).
//
// Only the dry run has ever run: the calls need WeChat's servers, a real appid and an upload key.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildFunctions } from './build-functions.mjs';
import { makePlan, ROOT } from './deploy/plan.mjs';

const args = new Set(process.argv.slice(2));
const dryRun = args.has('--dry-run');
const asJson = args.has('--json');
const skipBuild = args.has('--skip-build');
const require = createRequire(import.meta.url);

const log = (...a) => {
  if (!asJson) console.log(...a);
};

function printPlan(plan) {
  log(`\n== GridLink 部署计划（${dryRun ? '演练：不调用任何微信接口' : '正式部署'}）`);
  const s = plan.settings;
  log(`AppID ${s.appid || '（缺）'} · 云环境 ${s.env || '（缺）'} · 版本 ${s.version}（${s.desc}）· 消息打开 ${s.miniprogramState} 版 · 小程序码打开 ${s.envVersion} 版`);
  log(`\n集合 ${plan.declarations.collections.length} 个：${plan.declarations.collections.join('、')}`);
  log(`索引 ${plan.declarations.indexes.length} 个；云函数：${plan.declarations.functions.map((f) => `${f.name}（${f.timeout} s，${f.memorySize} MB${f.triggers?.length ? `，定时 ${f.triggers[0].config}` : ''}）`).join('、')}`);
  log(`打包：${plan.declarations.bundles.map((b) => `${b.name} ${(b.bytes / 1024).toFixed(0)} KB（外部依赖 ${b.external.filter((e) => !e.startsWith('node:')).join(', ')}）`).join('；')}`);
  log('\n步骤：');
  plan.steps.forEach((st, i) => log(`${String(i + 1).padStart(3)}. [${st.id}] ${st.call} ${JSON.stringify(st.args)}${st.note ? `\n       ${st.note}` : ''}`));
  log('\n用户隐私保护指引（公众平台 → 设置 → 服务内容声明，逐条填写）：');
  for (const l of plan.privacyGuide) log(`  · ${l}`);
  log('\n需要在公众平台手工完成：');
  for (const m of plan.manual) log(`  · ${m}`);
  if (plan.warnings.length) {
    log('\n提示：');
    for (const w of plan.warnings) log(`  · ${w}`);
  }
  if (plan.errors.length) {
    log(`\n✗ 发现 ${plan.errors.length} 个问题，${dryRun ? '正式部署将被拒绝' : '已停止部署'}：`);
    for (const e of plan.errors) log(`  · ${e}`);
  } else log('\n✓ 检查全部通过');
}

function run(cmd, argv, env) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: asJson ? 'pipe' : 'inherit', env: { ...process.env, ...env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} 失败（退出码 ${r.status}）`);
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(js|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The built app and functions carry the deployment's env and template ids, and no placeholder. */
function verifyBuild(plan, bundles) {
  const problems = [];
  const s = plan.settings;
  const appText = walk(path.join(ROOT, 'miniprogram')).map((f) => readFileSync(f, 'utf8')).join('\n');
  if (!appText.includes(s.env)) problems.push(`小程序构建中没有云环境 ${s.env}（Taro.cloud.init 将无法选中环境）`);
  // The placeholder stays in the code as the template's name; the real id must be there beside it.
  for (const t of plan.declarations.templates) {
    if (appText.includes(t.placeholder) && !appText.includes(s.templateIds[t.placeholder])) problems.push(`小程序构建中模板 ${t.placeholder} 没有换成真实 ID`);
  }
  for (const b of bundles) {
    const text = readFileSync(b.file, 'utf8');
    for (const t of plan.declarations.templates) if (text.includes(t.placeholder) && !text.includes(s.templateIds[t.placeholder])) problems.push(`云函数 ${b.name} 中模板 ${t.placeholder} 没有换成真实 ID`);
  }
  const api = bundles.find((b) => b.name === 'api');
  if (api && /require\(["'](pdfkit|exceljs)["']\)/.test(readFileSync(api.file, 'utf8'))) problems.push('api 云函数引用了 pdfkit/exceljs（应只在 jobs 云函数中）');
  return problems;
}

async function execute(plan, bundles) {
  const ci = require('miniprogram-ci');
  // The same cloud API miniprogram-ci's own uploadFunction/createTimeTrigger use (signed with the
  // upload key); miniprogram-ci has no public call for collections, indexes or rules.
  const { initEnvironmentByProject } = require('miniprogram-ci/dist/ci/cloud/utils');
  const { boundTransactRequest } = require('miniprogram-ci/dist/ci/cloud/cloudapi');
  const s = plan.settings;
  const privateKeyPath = process.env.WX_PRIVATE_KEY_PATH;
  const project = new ci.Project({ appid: s.appid, type: 'miniProgram', projectPath: ROOT, privateKeyPath, ignores: ['node_modules/**/*'] });
  const { currentEnv, cloudAPI } = await initEnvironmentByProject(project, s.env);
  const region = currentEnv.functions?.[0]?.region;
  const db = currentEnv.databases?.[0];
  const bucket = currentEnv.storages?.[0]?.bucket;
  if (!db?.instanceId) throw new Error(`云环境 ${s.env} 没有数据库实例`);
  const topts = { request: boundTransactRequest(project), transactType: cloudAPI.TransactType.IDE };
  const tables = new Set();
  for (let offset = 0; ; offset += 100) {
    const r = await cloudAPI.flexdbListTables({ region: db.region, tag: db.instanceId, mgoLimit: 100, mgoOffset: offset });
    for (const t of r.tables) tables.add(t.tableName);
    if (offset + 100 >= r.pager.total) break;
  }
  const handlers = {
    'ci.cloud.uploadFunction': (a) => ci.cloud.uploadFunction({ project, env: a.env, name: a.name, path: path.join(ROOT, a.path), remoteNpmInstall: a.remoteNpmInstall }),
    'cloudAPI.scfUpdateFunctionInfo': (a) => cloudAPI.scfUpdateFunctionInfo({ namespace: a.namespace, region, functionName: a.functionName, timeout: a.timeout, memorySize: a.memorySize }, topts),
    'ci.cloud.createTimeTrigger': async (a) => {
      const r = await ci.cloud.createTimeTrigger({ project, envId: a.envId, functionName: a.functionName, triggersConfig: a.triggersConfig });
      if (r !== '创建定时触发器成功') throw new Error(String(r));
      return r;
    },
    'cloudAPI.tcbModifySecurityRule': (a) => cloudAPI.tcbModifySecurityRule({ envId: a.envId, resourceType: a.resourceType, aclTag: a.aclTag, rule: JSON.stringify(a.rule) }),
    'cloudAPI.flexdbCreateTable': async (a) => {
      if (tables.has(a.tableName)) return 'exists';
      await cloudAPI.flexdbCreateTable({ region: db.region, tag: db.instanceId, tableName: a.tableName });
      tables.add(a.tableName);
      return 'created';
    },
    'cloudAPI.tcbModifySafeRule': (a) => cloudAPI.tcbModifySafeRule({ envId: a.envId, collectionName: a.collectionName, aclTag: a.aclTag, rule: JSON.stringify(a.rule) }),
    'cloudAPI.flexdbUpdateTable': async (a) => {
      const { indexes } = await cloudAPI.flexdbDescribeTable({ region: db.region, tag: db.instanceId, tableName: a.tableName });
      const have = new Set(indexes.map((i) => i.name));
      const createIndexes = a.createIndexes.filter((i) => !have.has(i.indexName));
      if (!createIndexes.length) return 'up to date';
      await cloudAPI.flexdbUpdateTable({ region: db.region, tag: db.instanceId, tableName: a.tableName, createIndexes, dropIndexes: [] });
      return `created ${createIndexes.map((i) => i.indexName).join(', ')}`;
    },
    'cloudAPI.tcbModifyStorageSafeRule': (a) => {
      if (!bucket) throw new Error(`云环境 ${s.env} 没有云存储`);
      return cloudAPI.tcbModifyStorageSafeRule({ envId: a.envId, bucket, aclTag: a.aclTag, rule: JSON.stringify(a.rule) });
    },
    'ci.upload': (a) => ci.upload({ project, version: a.version, desc: a.desc, robot: a.robot, setting: a.setting, onProgressUpdate: () => {} }),
  };
  for (const [i, st] of plan.steps.entries()) {
    if (st.id.startsWith('build.') || st.id === 'verify.build') continue;
    const h = handlers[st.call];
    if (!h) throw new Error(`未知步骤 ${st.call}`);
    try {
      const r = await h(st.args);
      log(`✓ ${i + 1}. ${st.id}${typeof r === 'string' ? `（${r}）` : ''}`);
    } catch (e) {
      throw new Error(`第 ${i + 1} 步 ${st.id} 失败：${e?.message ?? e}\n  后面的步骤未执行；修正后重新运行即可（每一步都可重复执行）`);
    }
  }
  void bundles;
}

async function main() {
  // Refuse a real deployment at once, before a minute of building, when a setting is missing or a placeholder.
  if (!dryRun) {
    const early = await makePlan();
    if (!early.ok) {
      if (asJson) console.log(JSON.stringify(early, null, 2));
      else printPlan(early);
      process.exitCode = 2;
      return;
    }
  }
  let bundles;
  if (!skipBuild) {
    log('构建小程序与云函数 …');
    run('npx', ['taro', 'build', '--type', 'weapp'], {});
    bundles = await buildFunctions({ quiet: asJson });
  }
  const plan = await makePlan({ bundles });
  if (bundles && plan.ok) {
    const problems = verifyBuild(plan, bundles);
    plan.errors.push(...problems);
    plan.ok = plan.errors.length === 0;
  }
  if (asJson) console.log(JSON.stringify(plan, null, 2));
  else printPlan(plan);
  // exitCode, not exit(): a large plan written to a pipe must be flushed first.
  if (!plan.ok) {
    process.exitCode = 2;
    return;
  }
  if (dryRun) return;
  if (skipBuild) throw new Error('正式部署必须构建（去掉 --skip-build）');
  await execute(plan, bundles);
  log(`\n✓ 已部署 ${plan.settings.version} 到 ${plan.settings.env}。请在公众平台 → 版本管理 设为体验版或提交审核。`);
}

main().catch((e) => {
  console.error(`✗ ${e?.message ?? e}`);
  process.exitCode = 1;
});
