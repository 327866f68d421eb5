// One command to run GridLink locally: install, build the H5 app, seed a demo community on first
// run (or, with --pilot, print a one-time invite for the first community admin), serve it with the
// WeChat Cloud emulator and print the URL and the per-run admin token. Options go to emulator/main.ts.
// Uses only Node built-ins so it works before `npm ci`.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`[gridlink] 命令失败：${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
};

/** Newest mtime under a folder, to rebuild only when the sources changed. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('[gridlink] 安装依赖（npm ci）…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const h5Index = path.join(root, 'dist-h5', 'index.html');
const srcTime = Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'config')));
if (!existsSync(h5Index) || statSync(h5Index).mtimeMs < srcTime) {
  console.log('[gridlink] 构建 H5 应用…');
  run('npx', ['taro', 'build', '--type', 'h5'], { NODE_ENV: 'production' });
}

const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['emulator/main.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
