// Deployed entry: the only file that loads the real SDK. Bundled to ../index.js.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk');
import type { CloudSdk } from './cloud';
import { createMain } from './main';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

export const main = createMain(cloud as CloudSdk);
