// The outbox sender, shared by the api function (right after a commit) and the timer (retries).
// Rules: only the holder of a record's claim sends it; nothing is sent without a grant from the
// recipient's subscription ledger; 43101 empties the ledger; permanent errors end the record at
// once; other errors back off until MAX_ATTEMPTS, then the record becomes a dead letter.
//
// Writes. The notice is one document, written once in the transaction of its change (its 消息中心
// fields included). The change reads the recipients' ledger first (effects.ts): a notice that
// cannot go out is written final ('skipped') and costs nothing more; one that can is written
// claimed, and after commit costs the grant (one-time templates) and the 'sent' mark, no more.
//
// Delivery to WeChat is AT MOST ONCE per record; the notice itself is exactly once (it commits
// with the state change). subscribeMessage.send has no idempotency key and no way to ask whether a
// message went out, so a sender that dies inside the call leaves an outcome nobody can learn.
// Re-sending then risks a double that burns a second one-time grant (the user's next notice, e.g.
// 请评价, would then be refused); not re-sending risks a lost push of a notice that is in 消息中心
// anyway. So the claim holder marks the record 'sent' (with `sentAt`) BEFORE it calls send (the
// point of no return) and corrects it only when WeChat answers an error:
// - died before the mark: still 'sending', the timer takes it over after the lease and sends it;
// - died after the mark: 'sent' whether or not WeChat got it, and never sent again.
// The mark costs no extra write on success: it is the write that used to record the outcome.
import { randomUUID } from 'node:crypto';
import type { CloudSdk } from '../cloud';
import { attemptSend, validateMessage, type Message } from '../notify';
import type { OutboxDoc, OutboxStatus } from '../repo/outbox';
import type { Repos } from '../repo';

export interface SendDeps {
  cloud: CloudSdk;
  repos: Repos;
  now: Date;
}

/** Why a record went to the message center only. */
export const NO_GRANT = '没有可用的订阅次数，仅发到消息中心';

/** Message-rule problems as the record's lastError. */
const invalid = (problems: Record<string, string>) => `消息内容不符合模板规则：${JSON.stringify(problems)}`;

/**
 * The delivery fields a notice is written with, in the transaction of its change. Only a notice
 * that can go out (the ledger showed a grant when the change was made) is written claimed by this
 * call; the others are final at once and never cost a write after commit: no grant → 'skipped',
 * a message that breaks its template's rules → 'failed' (a dead letter). A long-term template's
 * grant is not used up by a send, so its check is the read itself (`grantSpent`: held).
 */
export function initialDelivery(
  msg: Message,
  hasGrant: boolean,
  longTerm: boolean,
  claimOwner: string,
  now: Date,
): Pick<OutboxDoc, 'status' | 'lastError' | 'claimOwner' | 'claimedAt' | 'grantSpent'> {
  const problems = validateMessage(msg);
  if (Object.keys(problems).length) return { status: 'failed', lastError: invalid(problems) };
  if (!hasGrant) return { status: 'skipped', lastError: NO_GRANT };
  return { status: 'sending', claimOwner, claimedAt: now, ...(longTerm ? { grantSpent: true } : {}) };
}

/**
 * Sends one record whose claim `owner` holds, and records the outcome. Answers the status written,
 * or null when the claim had been taken over meanwhile (nothing sent). Writes: the grant (none when
 * already held), then one write on the record (and a second only when WeChat answers an error).
 */
export async function sendClaimed(deps: SendDeps, doc: OutboxDoc, owner: string): Promise<OutboxStatus | null> {
  const { cloud, repos, now } = deps;
  const ledger = repos.subscriptions;
  const longTerm = (await ledger.longTermTemplates()).has(doc.templateId);
  const problems = validateMessage(doc);
  if (Object.keys(problems).length) {
    if (doc.grantSpent) await ledger.refund(doc.touser, doc.templateId, longTerm, now);
    const ok = await repos.outbox.record(doc, owner, { status: 'failed', lastError: invalid(problems), grantSpent: false, updatedAt: now });
    return ok ? 'failed' : null;
  }
  const spentNow = !doc.grantSpent;
  // Unavoidable write: the one-time grant is taken by a compare-and-set, or two notices could share it.
  if (spentNow && !(await ledger.spend(doc.touser, doc.templateId, longTerm, now))) {
    // Rare: the grant seen when the notice was written went to another notice meanwhile.
    return (await repos.outbox.record(doc, owner, { status: 'skipped', lastError: NO_GRANT, updatedAt: now })) ? 'skipped' : null;
  }
  // The point of no return (at most once, see the top): from here the record never goes out again.
  // Unavoidable write: without it a crash inside send could not be told from one before it.
  const attempts = doc.attempts + 1;
  if (!(await repos.outbox.record(doc, owner, { status: 'sent', attempts, sentAt: now, lastError: undefined, grantSpent: false, updatedAt: now }))) {
    // The claim was taken over meanwhile (lease ran out): the new holder sends, with its own grant.
    if (spentNow) await ledger.refund(doc.touser, doc.templateId, longTerm, now);
    return null;
  }
  const outcome = await attemptSend(cloud, doc, now);
  if (outcome.status === 'sent') return 'sent';
  const { code: _code, ...patch } = outcome;
  // WeChat counts a grant only when it delivers: a final failure gives it back; a retry keeps it.
  if (outcome.status === 'refused') await ledger.exhaust(doc.touser, doc.templateId, now);
  else if (outcome.status === 'failed') await ledger.refund(doc.touser, doc.templateId, longTerm, now);
  await repos.outbox.settle(doc._id, attempts, { ...patch, sentAt: undefined, grantSpent: outcome.status === 'pending' });
  return outcome.status;
}

/**
 * Right after a commit: send the records this call wrote already claimed (status 'sending', its
 * own claimOwner). Whatever is not sent stays with the timer: pending with a backoff, or claimed
 * until the lease runs out if this process dies.
 */
export async function deliver(deps: SendDeps, outbox: OutboxDoc[]): Promise<void> {
  for (const doc of outbox) {
    if (doc.status !== 'sending' || !doc.claimOwner) continue;
    try {
      await sendClaimed(deps, doc, doc.claimOwner);
    } catch {
      // still claimed: the timer takes it over once the lease has run out
    }
  }
}

export interface RetryTally {
  retried: number;
  sent: number;
  pending: number;
  gaveUp: number;
  /** Went to the message center only: no subscription left. */
  skipped: number;
  /** Claimed by another sender first. */
  lost: number;
}

const BATCH = 50;
const MAX_BATCHES = 4;

/**
 * The timer's half: claim due pending records (and records whose sender died) and send each.
 * Two runs at once never send the same record twice: each record is sent only by the run that
 * won its claim.
 */
export async function retryDue(deps: SendDeps, owner = randomUUID()): Promise<RetryTally> {
  const { repos, now } = deps;
  const tally: RetryTally = { retried: 0, sent: 0, pending: 0, gaveUp: 0, skipped: 0, lost: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const [due, stale] = await Promise.all([repos.outbox.due(now, BATCH), repos.outbox.stale(now, BATCH)]);
    const docs = [...due, ...stale];
    for (const doc of docs) {
      if (!(await repos.outbox.claim(doc, owner, now))) {
        tally.lost += 1;
        continue;
      }
      let status: OutboxStatus | null;
      try {
        status = await sendClaimed(deps, { ...doc, status: 'sending', claimOwner: owner, claimedAt: now }, owner);
      } catch {
        continue; // claimed: the next run after the lease takes it over
      }
      if (!status) continue;
      tally.retried += 1;
      if (status === 'sent') tally.sent += 1;
      else if (status === 'pending') tally.pending += 1;
      else if (status === 'skipped') tally.skipped += 1;
      else tally.gaveUp += 1;
    }
    if (due.length < BATCH && stale.length < BATCH) break;
  }
  return tally;
}
