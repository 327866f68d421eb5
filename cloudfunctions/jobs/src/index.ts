// Deployed entry: the only file that loads the real SDK. Bundled to ../index.js.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloud = require('wx-server-sdk');
import type { CloudSdk } from '../../api/src/cloud';
import { createJobs } from './main';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

export const main = createJobs(cloud as CloudSdk);
