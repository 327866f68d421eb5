import type { OrgNode, Person } from '../../../../src/core/types';
import { type AbuseLimits, type StreetSettings, DEFAULT_SETTINGS, settingsFor } from '../../../../src/core/settings';
import type { Database } from '../cloud';
import { getOrNull, isDuplicateKey } from './getOrNull';

/** settings/{streetId}: a street's policy, inherited by its communities. */
export type SettingsDoc = Omit<StreetSettings, 'streetId'> & { _id: string; version: number };

/**
 * Settings change rarely and every workflow command needs them: a warm function instance keeps
 * them for CACHE_MS (per database), and a save through this instance drops its copy at once.
 * Another instance sees a save within CACHE_MS.
 */
export const SETTINGS_CACHE_MS = 30_000;
const cache = new WeakMap<object, Map<string, { at: number; value: Promise<StreetSettings> }>>();
/** Per database: the strictest abuse limits over all streets, cached like one street's settings. */
const strictCache = new WeakMap<object, { at: number; value: Promise<AbuseLimits> }>();

export const settingsRepo = (db: Database) => {
  const col = db.collection('settings');
  const _ = db.command;
  let mine = cache.get(db);
  if (!mine) cache.set(db, (mine = new Map()));
  const cached = mine;
  return {
    /**
     * The lowest of each abuse limit over every street (the defaults when none saved). For limits
     * checked before the street is known (card.resolve); one read, or none when cached.
     */
    strictestAbuseLimits(): Promise<AbuseLimits> {
      const hit = strictCache.get(db);
      if (hit && Date.now() - hit.at < SETTINGS_CACHE_MS) return hit.value;
      const value = col
        .field({ abuseLimits: true })
        .limit(1000)
        .get()
        .then(({ data }) => {
          const out = { ...DEFAULT_SETTINGS.abuseLimits };
          for (const d of data as Partial<SettingsDoc>[]) {
            for (const k of Object.keys(out) as (keyof AbuseLimits)[]) {
              const n = d.abuseLimits?.[k];
              if (typeof n === 'number' && n < out[k]) out[k] = n;
            }
          }
          return out;
        });
      value.catch(() => strictCache.delete(db));
      strictCache.set(db, { at: Date.now(), value });
      return value;
    },
    /** The stored doc, or null when the street never saved (one read). */
    doc: (streetId: string) => getOrNull<SettingsDoc>(col.doc(streetId)),
    /** The effective settings of a street: stored over the defaults (one read, or none when cached). */
    get(streetId: string): Promise<StreetSettings> {
      const hit = cached.get(streetId);
      if (hit && Date.now() - hit.at < SETTINGS_CACHE_MS) return hit.value;
      const value = getOrNull<SettingsDoc>(col.doc(streetId)).then((d) => settingsFor(streetId, d));
      value.catch(() => cached.delete(streetId));
      cached.set(streetId, { at: Date.now(), value });
      return value;
    },
    /**
     * Compare-and-set on version: writes when the stored version is still `expected` (0 = never
     * saved) and answers false when someone saved in between. One write.
     */
    async save(s: StreetSettings, expected: number): Promise<boolean> {
      const { streetId, ...rest } = s;
      cached.delete(streetId);
      strictCache.delete(db);
      const version = expected + 1;
      if (expected === 0) {
        try {
          await col.add({ data: { _id: streetId, ...rest, version } });
          cached.delete(streetId); // a get between the first delete and the write cached the old value
          strictCache.delete(db);
          return true;
        } catch (err) {
          if (isDuplicateKey(err)) return false;
          throw err;
        }
      }
      // Whole-value `set` for the maps and lists, so removed keys and rules do not linger.
      const data: Record<string, unknown> = { version };
      for (const [k, v] of Object.entries(rest)) data[k] = v !== null && typeof v === 'object' && !(v instanceof Date) ? _.set(v) : v;
      const r = await col.where({ _id: streetId, version: expected }).update({ data });
      cached.delete(streetId);
      strictCache.delete(db);
      return r.stats.updated === 1;
    },
    /** People holding a role at the street node itself (street office staff), at most 50 (one read). */
    async streetStaff(streetId: string): Promise<Person[]> {
      const { data } = await db.collection('people').where({ 'roles.nodeId': streetId }).orderBy('_id', 'asc').limit(50).get();
      return data as Person[];
    },
    /** Queues that can have a 第一经办人: the street, its communities and their grids (one read). */
    async queueNodes(streetId: string): Promise<OrgNode[]> {
      const { data } = await db
        .collection('orgNodes')
        .where({ path: streetId, level: _.in(['community', 'grid']) })
        .orderBy('_id', 'asc')
        .limit(1000)
        .get();
      return data as OrgNode[];
    },
  };
};
