// The api side of background jobs: queue a job, start the `jobs` function for it, and wait a short
// while. A small job (the usual case: one community's sheet, one grid's cards) finishes within that
// wait and the caller gets its result as before; a large one keeps running in the jobs function and
// the caller gets `{ queued: true, jobId }` and polls admin.job. Nothing heavy is loaded here.
import type { FileResult, JobView, QueuedJob } from '../../../../src/core/api/adminContract';
import { fail } from '../../../../src/core/errors';
import type { CloudSdk } from '../cloud';
import type { Ctx } from '../context';
import type { JobOutcome, JobSpec, StoredFile } from './spec';

/** How long the api waits for a job before answering "queued" (its own timeout is 20 s). */
export const INLINE_WAIT_MS = 12_000;

export const JOBS_FUNCTION = 'jobs';

const EPOCH = new Date(0);

export const newJobId = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/**
 * Writes jobs/{id} as queued for `ownerOpenid`. The first caller creates it (insert-once, so two
 * racing admins cannot both win); the same owner may queue it again (a second import with the same
 * id runs again). False when another owner holds the id.
 */
export async function enqueueJob(ctx: Ctx, id: string, kind: string, spec: JobSpec): Promise<boolean> {
  const jobs = ctx.repos.jobs;
  const fresh = { kind, ownerOpenid: ctx.openid, status: 'queued' as const, spec, leaseUntil: EPOCH, attempts: 0, total: 0, processed: 0, message: '排队中', updatedAt: ctx.now };
  if (await jobs.addQueued(id, fresh, ctx.now)) return true;
  const job = await jobs.queued(id);
  if (job && job.ownerOpenid !== ctx.openid) return false;
  if (job && (job.status === 'queued' || job.status === 'running') && job.spec && job.leaseUntil && job.leaseUntil.getTime() > Date.now()) {
    return fail('CONFLICT', '该任务正在进行中，请稍候');
  }
  await jobs.requeue(id, fresh);
  return true;
}

/**
 * Starts the jobs function for this job and waits up to `waitMs`. Returns its outcome, or null when
 * the job is still running (or the platform cannot start functions; the jobs trigger picks it up).
 */
export async function runNow(cloud: CloudSdk, jobId: string, waitMs = INLINE_WAIT_MS): Promise<JobOutcome | null> {
  if (!cloud.callFunction) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = cloud
    .callFunction({ name: JOBS_FUNCTION, data: { jobId } })
    .then((r) => (r?.result ?? null) as JobOutcome | null)
    // The job stays queued; the jobs function's trigger starts it within a minute.
    .catch((err) => (console.error(`start job ${jobId} failed`, err), null));
  const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, waitMs, null)));
  try {
    return await Promise.race([call, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const queuedAnswer = (jobId: string): QueuedJob => ({
  queued: true,
  jobId,
  message: '文件较大，已转为后台任务继续处理，完成后可在本页查看结果（可离开本页，稍后回来）',
});

/** A stored file as a download link (links are short-lived; each read makes a new one). */
export async function fileResult(cloud: CloudSdk, f: StoredFile): Promise<FileResult & { count?: number }> {
  const { fileList } = await cloud.getTempFileURL({ fileList: [f.fileID] });
  return { url: fileList[0]?.tempFileURL ?? '', fileID: f.fileID, name: f.name, ...(f.count === undefined ? {} : { count: f.count }) };
}

/** A finished job's outcome as the action's answer; a failed job becomes the error it carries. */
export function settled(outcome: JobOutcome): unknown {
  if (outcome.status === 'done') return outcome.result;
  if (outcome.status === 'failed') {
    // An import that found errors answers them as its result (nothing was written).
    if (outcome.result && typeof outcome.result === 'object' && (outcome.result as { ok?: unknown }).ok === false) return outcome.result;
    return fail(outcome.code ?? 'INTERNAL', outcome.message || '任务失败，请稍后重试');
  }
  return undefined;
}

/** A job as its owner's page sees it (someone else's, or another kind, looks like a missing one). */
export async function jobView(ctx: Ctx, id: string, kindPrefix?: string): Promise<JobView> {
  const job = await ctx.repos.jobs.queued(id);
  if (!job || job.ownerOpenid !== ctx.openid || (kindPrefix && !job.kind.startsWith(kindPrefix))) return fail('NOT_FOUND', '任务不存在或已结束');
  const stored = job.result as StoredFile | undefined;
  const result = job.status === 'done' && stored && typeof stored.fileID === 'string' ? await fileResult(ctx.cloud, stored) : (job.result as JobView['result']);
  // A run that died leaves the job running with a lease in the past: 已中断 until someone (the
  // jobs trigger within a minute, or admin.job.resume) takes it over.
  const interrupted = job.status === 'running' && !!job.leaseUntil && new Date(job.leaseUntil).getTime() < ctx.now.getTime();
  const message = interrupted ? `已中断（已处理 ${job.processed} 行），将在一分钟内自动继续，也可点「继续导入」` : job.message;
  return { id: job._id, status: job.status, total: job.total, processed: job.processed, message, ...(interrupted ? { interrupted } : {}), ...(result ? { result } : {}) };
}

/**
 * 导入互斥: one import at a time per scope. The lock names the job holding it; a later import takes
 * it over only when that job has finished (compare-and-set on the holder), so two admins starting
 * imports into one community at once cannot both run.
 */
export async function lockImportScope(ctx: Ctx, scopeNodeId: string, jobId: string): Promise<void> {
  const { jobs } = ctx.repos;
  const busy = () => fail('CONFLICT', '该范围正在进行另一项导入，请等它完成后再导入');
  if (await jobs.importLocks.add({ _id: scopeNodeId, jobId, openid: ctx.openid, at: ctx.now })) return;
  const lock = await jobs.importLocks.get(scopeNodeId);
  if (!lock || lock.jobId === jobId) return;
  const holder = await jobs.queued(lock.jobId);
  if (holder && (holder.status === 'queued' || holder.status === 'running')) return busy();
  if (!(await jobs.importLocks.takeOver(scopeNodeId, lock.jobId, { jobId, openid: ctx.openid, at: ctx.now }))) return busy();
}
