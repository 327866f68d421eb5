import type { CloudSdk } from '../../api/src/cloud';
import { createJobRunner, type RunnerOptions } from '../../api/src/jobs/runner';

/**
 * The `jobs` function: spreadsheet import/export and card PDFs, out of the api's request path and
 * with their own timeout and memory (config.json). `{ jobId }` runs that job (the api starts it);
 * the timer trigger runs whatever is due (jobs nobody started, runs that crashed) and deletes jobs
 * and generated files older than 7 days.
 */
export function createJobs(cloud: CloudSdk, opts: RunnerOptions = {}) {
  const runner = createJobRunner(cloud, opts);
  return async function main(event: unknown) {
    // Only the api (another function) and the trigger start jobs; the client never may. The
    // function security rules (cloud/function-rules.json) refuse it too; this is the second lock.
    const source = cloud.getWXContext().SOURCE ?? '';
    if (source === 'wx_client' || source === 'wx_devtools') return { id: '', status: 'failed', message: '不支持从小程序端调用', code: 'FORBIDDEN' };
    return runner.main(event);
  };
}
