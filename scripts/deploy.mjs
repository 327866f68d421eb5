// Deploys to WeChat: uploads the weapp build and the cloud functions with miniprogram-ci.
// Needs WeChat's servers, so it cannot run on a machine without internet access to them.
//   WX_APPID=wx... WX_PRIVATE_KEY_PATH=./private.key WX_CLOUD_ENV=prod-xxxx VERSION=1.0.0 node scripts/deploy.mjs
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ci = require('miniprogram-ci');
const root = path.resolve(import.meta.dirname, '..');

const need = (k) => {
  const v = process.env[k];
  if (!v) {
    console.error(`缺少环境变量 ${k}（部署需要 WX_APPID、WX_PRIVATE_KEY_PATH、WX_CLOUD_ENV）`);
    process.exit(2);
  }
  return v;
};
const appid = need('WX_APPID');
const privateKeyPath = need('WX_PRIVATE_KEY_PATH');
const env = need('WX_CLOUD_ENV');
const version = process.env.VERSION ?? '0.1.0';

for (const [cmd, args] of [
  ['npx', ['taro', 'build', '--type', 'weapp']],
  ['node', ['scripts/build-functions.mjs']],
]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const project = new ci.Project({ appid, type: 'miniProgram', projectPath: root, privateKeyPath, ignores: ['node_modules/**/*'] });

for (const name of ['api', 'timer']) {
  console.log(`上传云函数 ${name} …`);
  await ci.cloud.uploadFunction({ project, env, name, path: path.join(root, 'cloudfunctions', name), remoteNpmInstall: true });
}
console.log('上传小程序代码 …');
const r = await ci.upload({ project, version, desc: process.env.DESC ?? `GridLink ${version}`, setting: { es6: true, minify: true } });
console.log('完成：', JSON.stringify(r.subPackageInfo ?? []));
