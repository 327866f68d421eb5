import type { CloudSdk } from '../../api/src/cloud';
import { attemptSend } from '../../api/src/notify';
import { makeRepos } from '../../api/src/repo';
import { sweep, type SweepTally } from '../../api/src/app/sweep';

const BATCH = 50;

/**
 * Timer trigger: sweeps due items (reminders, overdue, escalation, late whistles), then retries pending outbox messages whose backoff has passed. Each record is
 * guarded by its attempt count, so two overlapping runs never send the same try twice.
 */
export function createTimer(cloud: CloudSdk, opts: { now?: () => Date } = {}) {
  const now = opts.now ?? (() => new Date());
  return async function main(): Promise<{ retried: number; sent: number; pending: number; gaveUp: number; sweep: SweepTally }> {
    const db = cloud.database();
    const repos = makeRepos(db);
    const at = now();
    // Deadlines first: its notices are written pending and the retry loop below may send them.
    const swept = await sweep({ cloud, db, repos, now: at });
    const due = await repos.outbox.due(at, BATCH);
    const tally = { retried: 0, sent: 0, pending: 0, gaveUp: 0 };
    for (const doc of due) {
      const outcome = await attemptSend(cloud, doc, at);
      if (!(await repos.outbox.record(doc, outcome))) continue;
      tally.retried += 1;
      if (outcome.status === 'sent') tally.sent += 1;
      else if (outcome.status === 'pending') tally.pending += 1;
      else tally.gaveUp += 1;
    }
    return { ...tally, sweep: swept };
  };
}
