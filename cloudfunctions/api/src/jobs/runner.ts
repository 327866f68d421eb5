// The `jobs` function: runs queued jobs. Started by the api for one job (`{ jobId }`), and by its
// timer trigger every minute for whatever is due: queued jobs nobody started, and jobs whose run
// crashed or timed out (their lease ran out). A job is tried MAX_ATTEMPTS times; each run starts it
// from the beginning, which is safe because every handler is idempotent (imports upsert by code and
// write only what changed, so a second run writes only what the crashed one did not).
import { DomainError } from '../../../../src/core/errors';
import type { CloudSdk, Database } from '../cloud';
import { jobsRepo } from '../repo/jobs';
import { runHandler, type HandlerResult, type JobEnv } from './handlers';
import { JOB_RETENTION_DAYS, MAX_ATTEMPTS, type JobOutcome, type QueuedJobDoc, type StoredFile } from './spec';

export interface RunnerOptions {
  now?: () => Date;
  log?: (msg: string, err?: unknown) => void;
  /** Stop picking up new jobs after this long in one trigger run (the function's timeout is longer). */
  budgetMs?: number;
}

const outcomeOf = (job: QueuedJobDoc): JobOutcome => ({ id: job._id, status: job.status, result: job.result, message: job.message, ...(job.code ? { code: job.code } : {}) });

export function createJobRunner(cloud: CloudSdk, opts: RunnerOptions = {}) {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((msg, err) => console.error(msg, err ?? ''));
  // The database handle is made on first use, not when the function's module loads.
  let handle: Database | undefined;
  const dbOf = () => (handle ??= cloud.database());
  let repo: ReturnType<typeof jobsRepo> | undefined;
  const jobs = () => (repo ??= jobsRepo(dbOf()));

  async function finish(id: string, patch: Record<string, unknown>) {
    const at = now();
    await jobs().patch(id, { ...patch, leaseUntil: null, updatedAt: at, finishedAt: at });
  }

  /** Runs one job if it is free to run; answers its state afterwards either way. */
  async function runOne(id: string): Promise<JobOutcome | null> {
    const db = dbOf();
    const start = now();
    if (!(await jobs().lease(id, start))) {
      const job = await jobs().queued(id);
      return job ? outcomeOf(job) : null;
    }
    const job = (await jobs().queued(id))!;
    const env: JobEnv = { cloud, db, now: start };
    let out: HandlerResult;
    try {
      out = await runHandler(env, job);
    } catch (err) {
      if (err instanceof DomainError) {
        await finish(id, { status: 'failed', message: err.message, code: err.code });
        return { id, status: 'failed', message: err.message, code: err.code };
      }
      log(`job ${id} (${job.kind}) failed on attempt ${job.attempts ?? 1}`, err);
      if ((job.attempts ?? 1) >= MAX_ATTEMPTS) {
        const message = `任务多次失败（${(err as Error).message}），已停止；已写入的部分会保留，重新发起即可继续`;
        await finish(id, { status: 'failed', message, code: 'INTERNAL' });
        return { id, status: 'failed', message, code: 'INTERNAL' };
      }
      // Free it for the next trigger run at once, rather than waiting for the lease.
      const message = `第 ${job.attempts ?? 1} 次执行中断，稍后自动重试`;
      await jobs().patch(id, { status: 'running', leaseUntil: now(), message, updatedAt: now() });
      return { id, status: 'running', message };
    }
    // _.set replaces the result the import's progress writer left (an update would merge into it).
    await finish(id, { status: out.status, result: db.command.set(out.result), ...(out.message ? { message: out.message } : {}) });
    return { id, status: out.status, result: out.result, message: out.message };
  }

  /** Jobs that are due: queued and never started, or running on an expired lease. */
  const due = (at: Date, limit: number): Promise<QueuedJobDoc[]> => jobs().due(at, limit);

  /** Deletes jobs (and the files they made) older than the retention period, a page per run. */
  async function expire(at: Date): Promise<number> {
    const old = await jobs().finishedBefore(new Date(at.getTime() - JOB_RETENTION_DAYS * 86_400_000));
    const files = old.map((j) => (j.result as StoredFile | undefined)?.fileID).filter((f): f is string => typeof f === 'string' && f.startsWith('cloud://'));
    if (files.length && cloud.deleteFile) await cloud.deleteFile({ fileList: files }).catch((err) => log('deleting expired job files failed', err));
    for (const j of old) await jobs().remove(j._id);
    return old.length;
  }

  return {
    runOne,
    due,
    expire,
    /** The function's entry: one job when the api names it, else everything due (trigger). */
    async main(event: unknown): Promise<JobOutcome | { ran: number; expired: number }> {
      const jobId = (event as { jobId?: unknown } | null)?.jobId;
      if (typeof jobId === 'string') return (await runOne(jobId)) ?? { id: jobId, status: 'failed', message: '任务不存在', code: 'NOT_FOUND' };
      const started = Date.now();
      const budget = opts.budgetMs ?? 240_000;
      let ran = 0;
      for (const job of await due(now(), 10)) {
        if (Date.now() - started > budget) break;
        if ((await runOne(job._id))?.status) ran += 1;
      }
      const expired = await expire(now());
      return { ran, expired };
    },
  };
}
