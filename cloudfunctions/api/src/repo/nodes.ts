import type { OrgNode } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';
import { stripId } from './people';

export const nodesRepo = (db: Database) => {
  const col = db.collection('orgNodes');
  return {
    get: (id: string) => getOrNull<OrgNode>(col.doc(id)),
    /** Several nodes in one read. */
    async many(ids: string[]): Promise<Map<string, OrgNode>> {
      const unique = [...new Set(ids.filter(Boolean))];
      if (!unique.length) return new Map();
      const { data } = await col.where({ _id: db.command.in(unique) }).limit(Math.min(1000, unique.length)).get();
      return new Map((data as OrgNode[]).map((n) => [n._id, n]));
    },
    save: (n: OrgNode) => col.doc(n._id).set({ data: stripId(n) }),
    remove: (id: string) => col.doc(id).remove(),
    countChildren: async (parentId: string) => (await col.where({ parentId }).count()).total,
    async children(parentId: string): Promise<OrgNode[]> {
      const { data } = await col.where({ parentId }).orderBy('_id', 'asc').limit(200).get();
      return data as OrgNode[];
    },
  };
};
