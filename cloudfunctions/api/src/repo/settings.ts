import type { OrgNode, Person } from '../../../../src/core/types';
import { type StreetSettings, settingsFor } from '../../../../src/core/settings';
import type { Database } from '../cloud';
import { getOrNull, isDuplicateKey } from './getOrNull';

/** settings/{streetId}: a street's policy, inherited by its communities. */
export type SettingsDoc = Omit<StreetSettings, 'streetId'> & { _id: string; version: number };

export const settingsRepo = (db: Database) => {
  const col = db.collection('settings');
  const _ = db.command;
  return {
    /** The stored doc, or null when the street never saved (one read). */
    doc: (streetId: string) => getOrNull<SettingsDoc>(col.doc(streetId)),
    /** The effective settings of a street: stored over the defaults (one read). */
    async get(streetId: string): Promise<StreetSettings> {
      return settingsFor(streetId, await getOrNull<SettingsDoc>(col.doc(streetId)));
    },
    /**
     * Compare-and-set on version: writes when the stored version is still `expected` (0 = never
     * saved) and answers false when someone saved in between. One write.
     */
    async save(s: StreetSettings, expected: number): Promise<boolean> {
      const { streetId, ...rest } = s;
      const version = expected + 1;
      if (expected === 0) {
        try {
          await col.add({ data: { _id: streetId, ...rest, version } });
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
