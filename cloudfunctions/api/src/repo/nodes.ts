import type { OrgNode } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';

export const nodesRepo = (db: Database) => {
  const col = db.collection('orgNodes');
  return {
    get: (id: string) => getOrNull<OrgNode>(col.doc(id)),
    /** Several nodes in one read. */
    async many(ids: string[]): Promise<Map<string, OrgNode>> {
      const { data } = await col.where({ _id: db.command.in(ids) }).limit(ids.length).get();
      return new Map((data as OrgNode[]).map((n) => [n._id, n]));
    },
    async children(parentId: string): Promise<OrgNode[]> {
      const { data } = await col.where({ parentId }).orderBy('_id', 'asc').limit(200).get();
      return data as OrgNode[];
    },
  };
};
