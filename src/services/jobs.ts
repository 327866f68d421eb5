// Long admin jobs (imports, exports, card PDFs) may move to the background: the action then answers
// `{ queued: true, jobId }` and the page waits here for admin.job to report the result.
import type { JobView, QueuedJob } from '../core/api/adminContract';
import { call } from './api';

const POLL_MS = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const isQueued = (r: unknown): r is QueuedJob => !!r && typeof r === 'object' && (r as QueuedJob).queued === true;

/**
 * The action's own answer: at once when it finished inline, else once the background job is done.
 * `onProgress` sees every poll; `alive` stops waiting when the page is gone.
 */
export async function settle<T>(
  res: T | QueuedJob,
  onProgress?: (job: JobView) => void,
  alive: () => boolean = () => true,
  /** How to read the job (the 统计 page's reports: stats.job, which grid leaders may use too). */
  poll: (id: string) => Promise<JobView> = (id) => call('admin.job', { id }),
): Promise<T> {
  if (!isQueued(res)) return res;
  let misses = 0;
  for (;;) {
    await sleep(POLL_MS);
    if (!alive()) throw new Error('已离开页面，任务仍在后台进行');
    let job: JobView;
    try {
      job = await poll(res.jobId);
      misses = 0;
    } catch (e) {
      if (++misses >= 5) throw e;
      continue;
    }
    onProgress?.(job);
    if (job.status === 'done' && job.result) return job.result as T;
    if (job.status === 'failed') {
      // An import with errors answers them (nothing was written); anything else is an error.
      if (job.result && (job.result as { ok?: unknown }).ok === false) return job.result as T;
      throw new Error(job.message || '任务失败，请稍后重试');
    }
  }
}
