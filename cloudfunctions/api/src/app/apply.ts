// The use case core shared by people (actions) and the system (timer): decide a transition,
// then write the item, its new version and its notices in one transaction, and send after.
import { createHash } from 'node:crypto';
import { fail } from '../../../../src/core/errors';
import { decide, type Actor, type Command, type Decision } from '../../../../src/core/workflow/decide';
import { closingPatch } from './retention';
import { DEFAULT_SWEEP_POLICY, watchAtOf, type SweepPolicy } from '../../../../src/core/workflow/sweep';
import type { Item } from '../../../../src/core/types';
import type { CloudSdk, Database } from '../cloud';
import type { OutboxDoc } from '../repo/outbox';
import type { Repos } from '../repo';
import { clocksFor } from '../../../../src/core/deadlines';
import type { StreetSettings } from '../../../../src/core/settings';
import { noticesFor } from './effects';
import { deliver } from './deliver';
import { countTransition, isWriteConflict, retryOnConflict } from './counters';
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

export { isWriteConflict };

/**
 * Decide and persist. The item is re-read inside the transaction: if its version moved since
 * `item` was loaded, nothing is written and the caller gets CONFLICT.
 */
export async function applyCommand(
  deps: UseCaseDeps,
  item: Item,
  cmd: Command,
  actor: Actor,
  extra: { escalateTo?: Item['holder'] } = {},
): Promise<{ item: Item; decision: Decision; outbox: OutboxDoc[] }> {
  const { db, repos, now } = deps;
  const settings = deps.settings ?? (await repos.settings.get(item.streetId));
  // A verify may change the category, and with it the clock (5321 for 物业): use the new one.
  const category = cmd.type === 'verify' ? cmd.category : item.category;
  const decision = decide(item, cmd, actor, { now, clocks: clocksFor(settings, category), escalateTo: extra.escalateTo });
  const next = withWatch(applied(item, decision, now, commandHash(cmd)), policyOf(settings));
  const { outbox, messages } = await noticesFor(db, repos, next, decision.effects, now, settings.firstHandlers); // + 消息中心 (issue 8)
  const patch = { ...patchOf(db, item, next, decision, now), ...closingPatch(item, next, now) }; // photo retention (retention.ts)
  const echo = await echoOnClose(repos, item, next, now); // 回音壁: the redacted public copy, when the resident agreed
  try {
    await retryOnConflict(() => db.runTransaction(async (tx) => { // re-run after a counter conflict (app/counters.ts)
      const cur = (await tx.collection('items').doc(item._id).get()).data as Item | null;
      if (!cur || cur.version !== item.version) throw new VersionMoved();
      await tx.collection('items').doc(item._id).update({ data: patch });
      await countTransition(tx, db, next, decision); // 统计 counters, committed with the item (app/counters.ts)
      for (const o of outbox) await tx.collection('outbox').add({ data: o });
      for (const m of messages) await tx.collection('messages').add({ data: m }); // 消息中心, committed with its notice (issue 8)
      if (echo) await tx.collection(echo.collection).doc(echo.entry._id).set({ data: echo.data }); // 回音壁, committed with the close
    }));
  } catch (err) {
    // Someone else's change won (a moved version, or a write conflict that outlasted the retries).
    if (err instanceof VersionMoved || isWriteConflict(err)) return fail('CONFLICT', '该事项刚被他人处理，请刷新后查看');
    throw err;
  }
  await deliver(deps, outbox);
  return { item: next, decision, outbox };
}

/** Send committed notices once now (the sender claims, spends a grant, then sends: app/deliver.ts). */
export { deliver };
