// Runs the local WeChat Cloud emulator with GridLink's functions and serves the H5 build.
// Usage: tsx emulator/main.ts [--port 8710] [--data .data] [--memory] [--no-demo | --pilot] [--session-days 7]
//        [--subscribe-dialog ask|auto] [--guests-per-hour 30] [--upload-image-mb 5] [--upload-sheet-mb 20]
//        [--upload-mb-per-day 200]
import { randomBytes } from 'node:crypto';
import { chmod, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seedDemo } from '../scripts/seed';
import { DEMO_GRANTS, demoGrants } from '../scripts/seed/subscriptions';
import { DemoDataError, startPilot } from '../scripts/seed/pilot';
import { DEFAULT_SESSION_TTL_MS } from './auth';
import { DEFAULT_EMULATOR_LIMITS, type EmulatorLimits } from './limits';
import { createGridLinkEmulator } from './project';
import { startServer } from './server';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};

const root = path.resolve(__dirname, '..');
const port = Number(opt('port', process.env.PORT ?? '8710'));
const pilot = flag('pilot');
// A pilot keeps its data apart from the demo's.
const dataDir = flag('memory') ? undefined : path.resolve(root, opt('data', process.env.GRIDLINK_DATA ?? (pilot ? '.data-pilot' : '.data')));
const demo = !pilot && !flag('no-demo') && process.env.GRIDLINK_DEMO !== '0';
const timerMs = Number(opt('timer-ms', '60000'));
// The H5 app's simulated WeChat subscribe dialog: shown ('ask'), or answered 允许 at once ('auto').
const subscribeDialog = opt('subscribe-dialog', process.env.GRIDLINK_SUBSCRIBE_DIALOG ?? 'ask') === 'auto' ? 'auto' : 'ask';
const sessionDays = Number(opt('session-days', process.env.GRIDLINK_SESSION_DAYS ?? String(DEFAULT_SESSION_TTL_MS / 86_400_000)));
// 防刷 limits of the emulator itself (emulator/limits.ts); the product's are in 街道设置.
const MB = 1024 * 1024;
const limits: EmulatorLimits = {
  guestsPerIpPerHour: Number(opt('guests-per-hour', String(DEFAULT_EMULATOR_LIMITS.guestsPerIpPerHour))),
  maxImageBytes: Number(opt('upload-image-mb', String(DEFAULT_EMULATOR_LIMITS.maxImageBytes / MB))) * MB,
  maxSheetBytes: Number(opt('upload-sheet-mb', String(DEFAULT_EMULATOR_LIMITS.maxSheetBytes / MB))) * MB,
  uploadBytesPerDay: Number(opt('upload-mb-per-day', String(DEFAULT_EMULATOR_LIMITS.uploadBytesPerDay / MB))) * MB,
};

/** Written with mode 0600 before the server listens; a new one each run. */
async function writeAdminToken(dir: string, token: string): Promise<string> {
  const file = path.join(dir, 'admin-token');
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${token}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  return file;
}

async function main() {
  if (!(sessionDays > 0)) throw new Error('--session-days 应为正数');
  for (const [name, n] of [['guests-per-hour', limits.guestsPerIpPerHour], ['upload-image-mb', limits.maxImageBytes], ['upload-sheet-mb', limits.maxSheetBytes], ['upload-mb-per-day', limits.uploadBytesPerDay]] as const) {
    if (!(n > 0)) throw new Error(`--${name} 应为正数`);
  }
  const emu = await createGridLinkEmulator({ dataDir, sessionTtlMs: sessionDays * 86_400_000 });
  const seed = async () => {
    const r = await seedDemo(emu.db, { history: true });
    // WeChat's side of the personas' subscriptions, matching the ledger the seed wrote.
    if (r.seeded) for (const g of demoGrants(r.personas)) await emu.subscriptions.grant(g.openid, g.templateId, DEMO_GRANTS);
    if (r.seeded) console.log(`[gridlink] 已生成演示社区：${Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join('，')}`);
    return r;
  };
  let invite: { code: string; expiresAt: Date } | null = null;
  const prepare = async () => {
    if (!pilot) return (await seed()).personas;
    invite = (await startPilot(emu.db)).invite;
    return [];
  };
  const personas = await prepare();

  const adminToken = randomBytes(32).toString('base64url');
  const tokenFile = dataDir ? await writeAdminToken(dataDir, adminToken) : null;

  const server = await startServer({
    emulator: emu,
    port,
    h5Dir: path.join(root, 'dist-h5'),
    demo: { enabled: demo, personas },
    mode: pilot ? 'pilot' : demo ? 'demo' : 'standard',
    adminToken,
    subscribeDialog,
    limits,
    reset: async () => {
      await emu.reset();
      await prepare();
      printInvite();
    },
  });
  function printInvite() {
    if (!invite) return;
    const until = invite.expiresAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    console.log(`[gridlink] 试点模式：首位社区管理员的一次性邀请链接（仅显示这一次，${until} 前有效；用它绑定的微信即成为社区管理员）：`);
    console.log(`[gridlink]   ${server.url}/#/pages/invite/index?scene=${invite.code}`);
    invite = null;
  }

  // The cloud's timer triggers, every minute: the sweep and outbox (timer), and due background jobs
  // (jobs: ones nobody started, runs that crashed; cloudfunctions/jobs/config.json).
  const timer = setInterval(() => {
    for (const name of ['timer', 'jobs']) {
      emu.functions.invoke(name, { Type: 'Timer' }, { openid: '', source: 'wx_trigger' }).catch((e) => console.error(`[${name}]`, e));
    }
  }, timerMs);
  timer.unref();

  console.log(`[gridlink] 数据目录：${dataDir ?? '内存（不持久化）'}；登录有效期 ${sessionDays} 天`);
  console.log(
    `[gridlink] 防刷：每个 IP 每小时最多新建 ${limits.guestsPerIpPerHour} 个访客账号；图片不超过 ${limits.maxImageBytes / MB}MB，表格不超过 ${limits.maxSheetBytes / MB}MB，每人每天上传不超过 ${limits.uploadBytesPerDay / MB}MB`,
  );
  console.log(`[gridlink] 管理令牌（仅本次运行有效，调用 /admin/* 时放在请求头 X-Admin-Token）：${adminToken}${tokenFile ? `，已写入 ${tokenFile}` : ''}`);
  if (demo) {
    console.log('[gridlink] 注意：演示模式已开启，任何能打开页面的人都可以用演示账号（包括社区管理员）登录，请勿录入真实信息。');
    console.log('[gridlink]       关闭演示账号：npm start -- --no-demo；真实试点：npm start -- --pilot');
  } else if (pilot) {
    console.log('[gridlink] 试点模式：没有演示账号；社区管理员通过一次性邀请绑定。');
    if (!invite) console.log('[gridlink] 社区管理员已绑定；其他人员请由社区管理员在「人员与角色」中邀请。');
  } else console.log('[gridlink] 演示模式已关闭：演示账号及其登录均已失效。');
  printInvite();
  console.log(`[gridlink] 网格连心已启动，请在浏览器打开：${server.url}/`);

  const stop = async () => {
    clearInterval(timer);
    await server.close();
    await emu.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error('[gridlink] 启动失败：', err instanceof DemoDataError ? err.message : err);
  process.exit(1);
});
