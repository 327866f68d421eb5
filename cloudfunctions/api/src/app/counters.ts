// Statistics counters (core/stats). A transition's tallies (stamped on its timeline event by
// decide()) are counted inside the transition's own transaction, so they commit exactly when the
// item's new version does: a command applied twice loses its version check the second time and
// counts nothing, and a transaction re-run after a conflict starts over from a fresh snapshot.
//
// A transition writes its community's DAY document (buckets.ts); the timer rolls each finished
// day into its month document once (rollDays: in one transaction, it reads the day, skips it if
// already rolled, adds it to the month and marks it rolled). A tally stamped on an earlier day (a
// re-rating correcting the first rating) may find its day rolled: days before today are read in
// the transaction, and a rolled one's increments go to its month document too (the same
// transaction; a roll-up running meanwhile writes the same day document, so one of them conflicts
// and runs again). Days not yet rolled need nothing more: their roll-up adds them later.
//
// Every transition of a community the same day writes the same day document, so when several
// commit at the same moment they conflict there (first writer wins) and would have to commit one
// at a time. Therefore: the first run of a transaction adds to the day document directly; if it is
// re-run (a conflict), it writes the tallies as one pending record instead
// (`tallies/<itemId>:v<version>`, a document nobody else writes), which never conflicts; for a
// moment after such a conflict, the community's transitions write pending tallies from their first
// run, so a burst does not pay an aborted run per transition (CONTENTION_MS). The
// timer folds pending records into the day documents (and the months of rolled days) as above,
// each in the transaction that removes it, so each counts once; readers add whatever is still
// pending (as unrolled days), so figures are always exact.
//
// Cost per counting transition: directly, one `update` with `_.inc` on today's day document (no
// read; the first of a community's day finds none and `set`s it: +1; a tally of an earlier day
// adds a read, and an update of its month if that day is rolled); re-run, one `add`. A fold: per
// pending record one read and one remove, per day document a read and an update. A roll-up: per
// finished day one read and two updates.
import {
  bucketId, bucketsOf, COUNTERS_COLLECTION, dayKey, diffDocs, effectiveDocs, monthBucketOf, pendingDocs, PENDING_COLLECTION, Rebuild, rollCutoff, addTree,
  type Bucket, type CounterDoc, type Geo, type PendingTally, type Tree,
} from '../../../../src/core/stats/buckets';
import { creationTally, type Tally } from '../../../../src/core/stats/tally';
import type { Decision } from '../../../../src/core/workflow/decide';
import type { Item } from '../../../../src/core/types';
import type { Database, DbCommand, Transaction } from '../cloud';
import { makeRepos } from '../repo';
import { txGetOrNull as txGet, updatedOf } from '../repo/getOrNull';
import { retryOnConflict } from './conflicts';

/** The tree with `_.inc` at its leaves, as an update's data. */
function incOf(_: DbCommand, tree: Tree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(tree)) out[k] = typeof v === 'number' ? _.inc(v) : incOf(_, v);
  return out;
}

type Entry = { at: Date; tally: Tally };

/** Adds a bucket's increments to its document, or creates it (a new day document is not rolled). */
async function incOrSet(tx: Transaction, db: Database, id: string, b: Bucket): Promise<void> {
  const ref = tx.collection(COUNTERS_COLLECTION).doc(id);
  const created = b.meta.span === 'day' ? { rolled: false } : {};
  if (updatedOf(await ref.update({ data: incOf(db.command, b.tree) })) === 0) await ref.set({ data: { ...b.meta, ...created, ...b.tree } });
}

/**
 * Adds day buckets to their day documents, inside the caller's transaction. Days before `today`
 * (every day when null) are read first: a rolled one's increments go to its month document too.
 * Answers the documents written.
 */
async function addDays(tx: Transaction, db: Database, buckets: Map<string, Bucket>, today: string | null): Promise<number> {
  const months = new Map<string, Bucket>();
  for (const [id, b] of buckets) {
    if (today !== null && b.meta.period >= today) {
      await incOrSet(tx, db, id, b);
      continue;
    }
    const day = await txGet<CounterDoc>(tx, COUNTERS_COLLECTION, id);
    const ref = tx.collection(COUNTERS_COLLECTION).doc(id);
    if (!day) await ref.set({ data: { ...b.meta, rolled: false, ...b.tree } });
    else await ref.update({ data: incOf(db.command, b.tree) });
    if (!day?.rolled) continue;
    const m = monthBucketOf({ _id: id, ...b.meta, ...(b.tree as object) } as CounterDoc);
    const mid = bucketId(m.meta.communityId, m.meta.period);
    const cur = months.get(mid);
    if (cur) addTree(cur.tree, m.tree);
    else months.set(mid, m);
  }
  for (const [id, m] of months) await incOrSet(tx, db, id, m);
  return buckets.size + months.size;
}

/** Transitions (decisions, new items) whose transaction already ran once: a re-run defers its counting. */
const ranOnce = new WeakSet<object>();

/**
 * Per database: communities whose day document this instance saw contended (a re-run), until when.
 * Meanwhile their transitions write pending tallies from the first run: in a burst nearly every
 * direct write would conflict, and each conflict costs a whole aborted run of the transaction.
 */
const contended = new WeakMap<object, Map<string, number>>();
export const CONTENTION_MS = 2000;

function isContended(db: Database, communityId: string): boolean {
  return (contended.get(db)?.get(communityId) ?? 0) > Date.now();
}

function markContended(db: Database, communityId: string): void {
  let m = contended.get(db);
  if (!m) contended.set(db, (m = new Map()));
  if (m.size > 1000) for (const [k, until] of m) if (until <= Date.now()) m.delete(k);
  m.set(communityId, Date.now() + CONTENTION_MS);
}

async function count(tx: Transaction, db: Database, geo: Geo, key: object, id: string, entries: Entry[]): Promise<number> {
  if (!entries.length) return 0;
  const rerun = ranOnce.has(key);
  if (rerun) markContended(db, geo.communityId);
  else ranOnce.add(key);
  if (!rerun && !isContended(db, geo.communityId)) return addDays(tx, db, bucketsOf(geo, entries), dayKey(new Date()));
  const pending: PendingTally = { _id: id, streetId: geo.streetId, communityId: geo.communityId, gridId: geo.gridId, entries, createdAt: entries[0].at };
  const { _id, ...data } = pending;
  await tx.collection(PENDING_COLLECTION).doc(_id).set({ data });
  return 1;
}

/**
 * The counts of a decided transition, in its transaction. `run` stands for the one call whose
 * transaction may re-run (the same object on every re-run): a re-run writes a pending tally.
 */
export function countTransition(tx: Transaction, db: Database, item: Item, d: Pick<Decision, 'event' | 'version'>, run: object): Promise<number> {
  const entries = (d.event.tallies ?? []).map((tally) => ({ at: new Date(tally.at ?? d.event.at), tally }));
  return count(tx, db, item, run, `${item._id}:v${d.version}`, entries);
}

/** 点单: a new item counts as submitted, for its first holder and category, in its transaction (`run` as above). */
export const countNewItem = (tx: Transaction, db: Database, item: Item, run: object): Promise<number> =>
  count(tx, db, item, run, `${item._id}:v0`, [{ at: new Date(item.createdAt), tally: creationTally(item) }]);

const txExists = async (tx: Transaction, collection: string, id: string): Promise<boolean> => !!(await txGet(tx, collection, id));

/**
 * The timer: adds pending tallies to their day documents (and the months of rolled days), a
 * community at a time, each record in the transaction that removes it (a record another run folded
 * first is skipped).
 */
export async function foldPending(db: Database, opts: { batch?: number; perTransaction?: number } = {}): Promise<{ folded: number; more: boolean }> {
  const batch = opts.batch ?? 200;
  const per = opts.perTransaction ?? 25;
  const data = await makeRepos(db).counters.pendingOldest(batch);
  const byCommunity = new Map<string, PendingTally[]>();
  for (const p of data) {
    const list = byCommunity.get(p.communityId) ?? [];
    list.push(p);
    byCommunity.set(p.communityId, list);
  }
  let folded = 0;
  for (const list of byCommunity.values()) {
    for (let i = 0; i < list.length; i += per) {
      const group = list.slice(i, i + per);
      folded += await retryOnConflict(() =>
        db.runTransaction(async (tx) => {
          const live: PendingTally[] = [];
          for (const p of group) if (await txExists(tx, PENDING_COLLECTION, p._id)) live.push(p);
          if (!live.length) return 0;
          const buckets = new Map<string, Bucket>();
          for (const p of live) {
            for (const [id, b] of bucketsOf(p, p.entries.map((e) => ({ at: new Date(e.at), tally: e.tally })))) {
              const cur = buckets.get(id);
              if (cur) addTree(cur.tree, b.tree);
              else buckets.set(id, b);
            }
          }
          await addDays(tx, db, buckets, null);
          for (const p of live) await tx.collection(PENDING_COLLECTION).doc(p._id).remove();
          return live.length;
        }),
      );
    }
  }
  return { folded, more: data.length === batch };
}

/**
 * The timer: rolls finished days (before rollCutoff) into their month documents, each in one
 * transaction that reads the day, skips it if already rolled, adds its tree to the month and marks
 * it rolled, so each day counts once in its month however often this runs or overlaps.
 */
export async function rollDays(db: Database, now: Date = new Date(), opts: { batch?: number } = {}): Promise<{ rolled: number; more: boolean }> {
  const batch = Math.min(opts.batch ?? 200, 1000);
  const data = await makeRepos(db).counters.unrolledBefore(rollCutoff(now), batch);
  let rolled = 0;
  for (const _id of data) {
    rolled += await retryOnConflict(() =>
      db.runTransaction(async (tx) => {
        const day = await txGet<CounterDoc>(tx, COUNTERS_COLLECTION, _id);
        if (!day || day.span !== 'day' || day.rolled) return 0;
        const m = monthBucketOf(day);
        await incOrSet(tx, db, bucketId(m.meta.communityId, m.meta.period), m);
        await tx.collection(COUNTERS_COLLECTION).doc(_id).update({ data: { rolled: true } });
        return 1;
      }),
    );
  }
  return { rolled, more: data.length === batch };
}

/** Only what the rebuild needs of an item. */
const ITEM_FIELDS = {
  streetId: true, communityId: true, gridId: true, createdAt: true, holderKey: true, category: true, previousHolders: true, timeline: true,
};

export interface RebuildResult {
  items: number;
  documents: number;
  /** Differences between the stored counters and the recomputed ones ("id path: stored ≠ rebuilt"). */
  differences: string[];
  written: boolean;
}

/** Every counter document, recomputed from the items (paged reads). */
export async function recomputeCounters(db: Database, now: Date = new Date()): Promise<{ docs: Map<string, CounterDoc>; items: number }> {
  const r = new Rebuild(now);
  let items = 0;
  for await (const page of makeRepos(db).items.scan(ITEM_FIELDS)) {
    for (const item of page) r.add(item);
    items += page.length;
  }
  return { docs: r.docs, items };
}

async function readStored(db: Database): Promise<CounterDoc[]> {
  const stored: CounterDoc[] = [];
  for await (const page of makeRepos(db).counters.scan()) stored.push(...page);
  return stored;
}

/**
 * What readers see of the stored counter documents plus the pending tallies (buckets.effectiveDocs):
 * each day's figures and each month's (month document + days not rolled + pending).
 */
export async function readAllCounters(db: Database, stored?: CounterDoc[]): Promise<CounterDoc[]> {
  const pending: PendingTally[] = [];
  for await (const page of makeRepos(db).counters.scanPending()) pending.push(...page);
  return effectiveDocs([...(stored ?? (await readStored(db))), ...pendingDocs(pending)]);
}

/**
 * Recompute the counters from the items and compare what readers see of them with the stored ones
 * (plus pending tallies; whether the timer rolled a day yet makes no difference); with `write`,
 * replace the stored ones (finished days rolled) and drop the pending tallies. Run it while nobody works items (stop the api): a transition committed
 * between the read and the write would be lost from the counters until the next rebuild.
 */
export async function rebuildCounters(db: Database, opts: { write?: boolean; now?: Date } = {}): Promise<RebuildResult> {
  const { docs, items } = await recomputeCounters(db, opts.now);
  const stored = await readStored(db);
  const differences = diffDocs(await readAllCounters(db, stored), effectiveDocs(docs.values()));
  const layout = stored.length !== docs.size || stored.some((d) => d.span === 'day' && docs.get(d._id)?.rolled !== d.rolled);
  if (opts.write && (differences.length || layout)) {
    const { counters } = makeRepos(db);
    for (const doc of docs.values()) await counters.put(doc);
    await counters.remove(stored.filter((d) => !docs.has(d._id)).map((d) => d._id));
    // The rebuild counted the pending tallies too.
    for await (const page of counters.scanPending({ _id: true })) await counters.removePending(page.map((p) => p._id));
  }
  return { items, documents: docs.size, differences, written: !!opts.write };
}
