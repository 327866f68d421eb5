// The use case core shared by people (actions) and the system (timer): decide a transition,
// then write the item, its new version and its notices in one transaction, and send after.
import { createHash } from 'node:crypto';
import { fail } from '../../../../src/core/errors';
import { decide, type Actor, type Command, type Decision } from '../../../../src/core/workflow/decide';
import { closingPatch } from './retention';
import { DEFAULT_SWEEP_POLICY, watchAtOf, type SweepPolicy } from '../../../../src/core/workflow/sweep';
import type { Item } from '../../../../src/core/types';
import type { CloudSdk, Database } from '../cloud';
import { txGetOrNull as txGet } from '../repo/getOrNull';
import type { OutboxDoc } from '../repo/outbox';
import type { Repos } from '../repo';
import { clocksFor } from '../../../../src/core/deadlines';
import type { StreetSettings } from '../../../../src/core/settings';
import { noticesFor } from './effects';
import { deliver } from './deliver';
import { countTransition } from './counters';
import { isWriteConflict, retryOnConflict } from './conflicts';
import { echoOnClose } from './echoWall';

export interface UseCaseDeps {
  cloud: CloudSdk;
  db: Database;
  repos: Repos;
  now: Date;
  /** The item's street settings (limits, calendar, 第一经办人); read when not given. */
  settings?: StreetSettings;
}

/** The sweep policy a street's settings give. */
export const policyOf = (s: StreetSettings): SweepPolicy => ({ reminderLeadMs: s.reminderLeadHours * 3_600_000, escalateOverdue: s.escalateOverdue });

/** A fingerprint of a command, stored in its timeline event so a retried call can be recognised. */
export const commandHash = (cmd: Command): string =>
  createHash('sha256').update(JSON.stringify(cmd)).digest('hex').slice(0, 16);

/** The item after a decision, as it will be stored. */
export function applied(item: Item, d: Decision, now: Date, hash: string): Item {
  const next: Record<string, unknown> = { ...item };
  for (const [k, v] of Object.entries(d.set)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return {
    ...(next as unknown as Item),
    state: d.state,
    version: d.version,
    updatedAt: now,
    timeline: [...item.timeline, { ...d.event, cmd: hash } as Item['timeline'][number]],
    ratings: d.rating ? [...item.ratings, d.rating] : item.ratings,
    handlerIds: d.newHolder?.kind === 'person' && !item.handlerIds.includes(d.newHolder.personId)
      ? [...item.handlerIds, d.newHolder.personId] : item.handlerIds,
  };
}

function patchOf(db: Database, item: Item, next: Item, d: Decision, now: Date): Record<string, unknown> {
  const _ = db.command;
  const data: Record<string, unknown> = {
    state: d.state,
    version: d.version,
    updatedAt: now,
    timeline: _.push(next.timeline[next.timeline.length - 1]),
  };
  for (const [k, v] of Object.entries(d.set)) {
    // Objects replace wholesale (plain objects would merge field by field); null removes.
    data[k] = v === null ? _.remove() : v !== null && typeof v === 'object' && !(v instanceof Date) ? _.set(v) : v;
  }
  if (d.rating) data.ratings = _.push(d.rating);
  data.watchAt = next.watchAt ? next.watchAt : _.remove();
  if (next.handlerIds !== item.handlerIds) data.handlerIds = _.set(next.handlerIds);
  return data;
}

/** The item with the sweep's next look-in time. */
export function withWatch(item: Item, policy: SweepPolicy = DEFAULT_SWEEP_POLICY): Item {
  const watchAt = watchAtOf(item, policy);
  const out = { ...item };
  if (watchAt) out.watchAt = watchAt;
  else delete out.watchAt;
  return out;
}

class VersionMoved extends Error {}


/** What a command needs once its item is read: the command, who issues it, where an escalation goes. */
export interface Plan {
  cmd: Command;
  actor: Actor;
  escalateTo?: Item['holder'];
  /** The item's street settings, when the planner already has them. */
  settings?: StreetSettings;
}

/** A planner may also find the command already applied (a retried call): nothing is written. */
export type Planned = Plan | { done: Item };

export interface Committed {
  item: Item;
  decision: Decision;
  outbox: OutboxDoc[];
}

/**
 * Read the item inside the transaction, let `plan` check and build the command on that very
 * version, then decide and write the item, its counters, notices and 回音壁 copy together. Reading
 * once, in the transaction, is the version check: a change committed by anyone after that read
 * makes this transaction's write conflict (snapshot isolation), so nothing is written twice. One
 * read of the item per command (issue 7: ≤ 3 reads).
 */
export async function commitCommand(deps: UseCaseDeps, id: string, plan: (item: Item | null) => Planned | Promise<Planned>): Promise<Committed | { done: Item }> {
  const { db, repos, now } = deps;
  let out: Committed | { done: Item } | undefined;
  // The transaction re-runs after a write conflict. What it decided for a version of the item is
  // kept for the re-runs that read that same version: the planner's reads and content check, the
  // ledger read and the decision happen once, and the counters see the re-run as one (they then
  // defer its tallies instead of colliding on the day document again: app/counters.ts).
  let memo: (Committed & { version: number; patch: Record<string, unknown>; echo: Awaited<ReturnType<typeof echoOnClose>> }) | undefined;
  const run = {}; // this call, across its re-runs
  try {
    await retryOnConflict(() => db.runTransaction(async (tx) => {
      const item = await txGet<Item>(tx, 'items', id);
      if (!memo || !item || memo.version !== item.version) {
        const p = await plan(item);
        if ('done' in p) return void (out = p);
        if (!item) throw new VersionMoved();
        const { cmd, actor } = p;
        const settings = p.settings ?? deps.settings ?? (await repos.settings.get(item.streetId));
        // A verify may change the category, and with it the clock (5321 for 物业): use the new one.
        const category = cmd.type === 'verify' ? cmd.category : item.category;
        const decision = decide(item, cmd, actor, { now, clocks: clocksFor(settings, category), escalateTo: p.escalateTo });
        const next = withWatch(applied(item, decision, now, commandHash(cmd)), policyOf(settings));
        memo = {
          version: item.version, item: next, decision,
          outbox: await noticesFor(repos, next, decision.effects, now, settings.firstHandlers), // one document per notice: 消息中心 + delivery (issue 8)
          patch: { ...patchOf(db, item, next, decision, now), ...closingPatch(item, next, now) }, // photo retention (retention.ts)
          echo: await echoOnClose(repos, item, next, now), // 回音壁: the redacted public copy, when the resident agreed
        };
      }
      const { item: next, decision, outbox, patch, echo } = memo;
      await tx.collection('items').doc(id).update({ data: patch });
      await countTransition(tx, db, next, decision, run); // 统计 counters, committed with the item (app/counters.ts)
      for (const o of outbox) await tx.collection('outbox').add({ data: o }); // the notice, 消息中心 included: one write each
      if (echo) await tx.collection(echo.collection).doc(echo.entry._id).set({ data: echo.data }); // 回音壁, committed with the close
      out = { item: next, decision, outbox };
    }));
  } catch (err) {
    // Someone else's change won (a moved version, or a write conflict that outlasted the retries).
    if (err instanceof VersionMoved || isWriteConflict(err)) return fail('CONFLICT', '该事项刚被他人处理，请刷新后查看');
    throw err;
  }
  if (!out) throw new Error('transaction finished without a result');
  if (!('done' in out)) await deliver(deps, out.outbox);
  return out;
}

/**
 * Decide and persist a command on an item already loaded (the timer's batch): if its version
 * moved since, nothing is written and the caller gets CONFLICT.
 */
export async function applyCommand(
  deps: UseCaseDeps,
  item: Item,
  cmd: Command,
  actor: Actor,
  extra: { escalateTo?: Item['holder'] } = {},
): Promise<Committed> {
  return (await commitCommand(deps, item._id, (cur) => {
    if (!cur || cur.version !== item.version) throw new VersionMoved();
    return { cmd, actor, escalateTo: extra.escalateTo };
  })) as Committed;
}

/** Send committed notices once now (the sender claims, spends a grant, then sends: app/deliver.ts). */
export { deliver };
