// The subscription ledger: per user and template, how many messages WeChat will still let us send.
// The client reports every requestSubscribeMessage answer; a send spends one grant first, and
// nothing is sent without one. A template in long-term mode (长期订阅, 政务民生 accounts) keeps its
// grant: an accepted user stays subscribed until they turn it off (reject) or WeChat says 43101.
import type { Database } from '../cloud';
import { getOrNull, isDuplicateKey } from './getOrNull';
import { removeBatch } from './removeBatch';

export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';

export interface SubscriptionDoc {
  _id: string;
  openid: string;
  templateId: string;
  /** One-time grants left (long-term mode: 1 while subscribed, 0 when off). */
  grants: number;
  /** How many times the user accepted, in all. */
  accepted: number;
  lastResult: SubscribeResult;
  /** WeChat banned the template for this user (or the account): never ask or send. */
  banned?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** config/notify: which templates the account has as long-term (长期订阅) templates. */
export interface NotifyConfigDoc {
  _id: 'notify';
  longTermTemplates: string[];
}

/** Unspent grants stop counting here: nobody reads 50 unread notices about one item. */
export const MAX_GRANTS = 50;
const CONFIG_CACHE_MS = 30_000;
const configCache = new WeakMap<object, { at: number; value: Promise<Set<string>> }>();

export const ledgerKey = (openid: string, templateId: string) => `${openid}|${templateId}`;

/** An entry that lets one more message go out now. */
export const holdsGrant = (d: Pick<SubscriptionDoc, 'grants' | 'banned'>) => d.grants > 0 && !d.banned;

export const subscriptionsRepo = (db: Database) => {
  const col = db.collection('subscriptions');
  const _ = db.command;

  /** Update the user's entry, or create it when it is missing (a race with another create retries the update). */
  async function upsert(openid: string, templateId: string, patch: Record<string, unknown>, fresh: Partial<SubscriptionDoc>, cond: object = {}, now: Date) {
    const _id = ledgerKey(openid, templateId);
    for (let i = 0; ; i++) {
      const r = await col.where({ _id, ...cond }).update({ data: { ...patch, updatedAt: now } });
      // Nothing matched twice: the entry exists and `cond` excludes it (at the cap).
      if (r.stats.updated || i > 0) return;
      try {
        await col.add({ data: { _id, openid, templateId, grants: 0, accepted: 0, createdAt: now, updatedAt: now, ...fresh } });
        return;
      } catch (err) {
        // It exists: another call created it, or `cond` excluded it; the second update tells.
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  return {
    /** Templates in long-term mode (config/notify), cached for 30 s per warm instance. */
    longTermTemplates(): Promise<Set<string>> {
      const hit = configCache.get(db);
      if (hit && Date.now() - hit.at < CONFIG_CACHE_MS) return hit.value;
      const value = getOrNull<NotifyConfigDoc>(db.collection('config').doc('notify')).then((d) => new Set(d?.longTermTemplates ?? []));
      value.catch(() => configCache.delete(db));
      configCache.set(db, { at: Date.now(), value });
      return value;
    },
    /** Writes config/notify and drops the cached copy (tests, deployment scripts). */
    async setLongTermTemplates(ids: string[]): Promise<void> {
      configCache.delete(db);
      await db.collection('config').doc('notify').set({ data: { longTermTemplates: ids } });
      configCache.delete(db);
    },
    /** The user's entries, one per template they ever answered. One read. */
    async of(openid: string): Promise<SubscriptionDoc[]> {
      const { data } = await col.where({ openid }).limit(100).get();
      return data as SubscriptionDoc[];
    },
    /**
     * Which of these ledger entries (`ledgerKey`) hold a grant now (not yet spent). One read for
     * all of them: the notices of one change learn up front whether a send can follow.
     */
    async withGrants(keys: string[]): Promise<Set<string>> {
      const ids = [...new Set(keys)];
      if (!ids.length) return new Set();
      const { data } = await col.where({ _id: _.in(ids) }).field({ grants: true, banned: true }).limit(ids.length).get();
      return new Set((data as SubscriptionDoc[]).filter(holdsGrant).map((d) => d._id));
    },
    /** Records one dialog answer. One write (two when the entry is new and raced). */
    async report(openid: string, templateId: string, result: SubscribeResult, longTerm: boolean, now: Date): Promise<void> {
      if (result === 'accept') {
        if (longTerm) return upsert(openid, templateId, { grants: 1, accepted: _.inc(1), lastResult: result, banned: false }, { grants: 1, accepted: 1, lastResult: result }, {}, now);
        return upsert(openid, templateId, { grants: _.inc(1), accepted: _.inc(1), lastResult: result, banned: false }, { grants: 1, accepted: 1, lastResult: result }, { grants: _.lt(MAX_GRANTS) }, now);
      }
      if (result === 'ban') return upsert(openid, templateId, { grants: 0, lastResult: result, banned: true }, { lastResult: result, banned: true }, {}, now);
      // A one-time grant the user gave earlier stays theirs after a later 取消; a long-term one is switched off.
      if (result === 'reject') return upsert(openid, templateId, longTerm ? { grants: 0, lastResult: result } : { lastResult: result }, { lastResult: result }, {}, now);
      // 'filter': WeChat hid the template from the dialog (same title as another): nothing changed.
    },
    /**
     * Takes one grant for a send; false when none is left, and then nothing may be sent. Long-term
     * mode only checks the user is subscribed. One write (one read in long-term mode).
     */
    async spend(openid: string, templateId: string, longTerm: boolean, now: Date): Promise<boolean> {
      const _id = ledgerKey(openid, templateId);
      if (longTerm) {
        const d = await getOrNull<SubscriptionDoc>(col.doc(_id));
        return !!d && d.grants > 0 && !d.banned;
      }
      const r = await col.where({ _id, grants: _.gt(0) }).update({ data: { grants: _.inc(-1), updatedAt: now } });
      return r.stats.updated === 1;
    },
    /** Gives back a grant WeChat did not use (the send failed for good before it counted). */
    async refund(openid: string, templateId: string, longTerm: boolean, now: Date): Promise<void> {
      if (longTerm) return;
      await col.where({ _id: ledgerKey(openid, templateId), grants: _.lt(MAX_GRANTS) }).update({ data: { grants: _.inc(1), updatedAt: now } });
    },
    /** WeChat answered 43101: whatever the ledger thought, the user has nothing left. */
    async exhaust(openid: string, templateId: string, now: Date): Promise<void> {
      await col.where({ _id: ledgerKey(openid, templateId) }).update({ data: { grants: 0, updatedAt: now } });
    },
    /** 个人信息删除: up to `limit` of the user's ledger entries removed; answers how many. */
    removeOf: (openid: string, limit: number) => removeBatch(col, _, { openid }, limit),
  };
};
