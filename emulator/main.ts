// Runs the local WeChat Cloud emulator with GridLink's functions and serves the H5 build.
// Usage: tsx emulator/main.ts [--port 8710] [--data .data] [--no-demo] [--memory]
import path from 'node:path';
import { seedDemo } from '../scripts/seed';
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
const dataDir = flag('memory') ? undefined : path.resolve(root, opt('data', process.env.GRIDLINK_DATA ?? '.data'));
const demo = !flag('no-demo') && process.env.GRIDLINK_DEMO !== '0';
const timerMs = Number(opt('timer-ms', '60000'));

async function main() {
  const emu = await createGridLinkEmulator({ dataDir });
  const seed = async () => {
    const r = await seedDemo(emu.db);
    if (r.seeded) console.log(`[gridlink] 已生成演示社区：${Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join('，')}`);
    return r;
  };
  const seeded = await seed();
  const server = await startServer({
    emulator: emu,
    port,
    h5Dir: path.join(root, 'dist-h5'),
    demo: { enabled: demo, personas: seeded.personas },
    reset: async () => {
      await emu.reset();
      await seed();
    },
  });

  // The cloud's timer trigger, every minute.
  const timer = setInterval(() => {
    emu.functions.invoke('timer', { Type: 'Timer' }, { openid: '', source: 'wx_trigger' }).catch((e) => console.error('[timer]', e));
  }, timerMs);
  timer.unref();

  console.log(`[gridlink] 数据目录：${dataDir ?? '内存（不持久化）'}${demo ? '；演示模式已开启' : ''}`);
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
  console.error('[gridlink] 启动失败：', err);
  process.exit(1);
});
