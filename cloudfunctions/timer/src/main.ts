import type { CloudSdk } from '../../api/src/cloud';
import { makeRepos } from '../../api/src/repo';
import { retryDue, type RetryTally } from '../../api/src/app/deliver';
import { sweep, type SweepTally } from '../../api/src/app/sweep';
import { foldPending, rollDays } from '../../api/src/app/counters';
import { purgeExpiredLimits } from '../../api/src/app/limits';
import { purgeDuePhotos, type PurgeTally } from '../../api/src/app/retention';

/**
 * Timer trigger: sweeps due items (reminders, overdue, escalation, late whistles), then sends the
 * outbox records whose backoff has passed, and those whose sender died holding the claim. Each
 * record is claimed (compare-and-set) before it is sent, so two overlapping runs never send the
 * same message twice, and none is sent without a grant from the recipient's subscription ledger.
 */
export function createTimer(cloud: CloudSdk, opts: { now?: () => Date } = {}) {
  const now = opts.now ?? (() => new Date());
  let handle: ReturnType<CloudSdk['database']> | undefined; // one per warm instance, as the api's
  return async function main(): Promise<RetryTally & { sweep: SweepTally; photos: PurgeTally }> {
    const db = (handle ??= cloud.database());
    const repos = makeRepos(db);
    const at = now();
    // Deadlines first: its notices are sent as they are written; the retries below pick up the rest.
    const swept = await sweep({ cloud, db, repos, now: at });
    const tally = await retryDue({ cloud, repos, now: at });
    await foldPending(db); // 统计: pending tallies into the counter documents (api/src/app/counters.ts)
    await rollDays(db, at); // 统计: finished days into their month documents (same file)
    await purgeExpiredLimits(repos, at); // 防刷 counters of past days and minutes (api/src/app/limits.ts)
    const photos = await purgeDuePhotos({ cloud, repos, now: at }); // photo retention (api/src/app/retention.ts)
    return { ...tally, sweep: swept, photos };
  };
}
