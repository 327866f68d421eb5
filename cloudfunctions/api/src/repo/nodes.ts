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
    /** Adds a new node; an existing code fails with a duplicate key, never overwritten. */
    create: (n: OrgNode) => col.add({ data: n }),
    remove: (id: string) => col.doc(id).remove(),
    countChildren: async (parentId: string) => (await col.where({ parentId }).count()).total,
    /**
     * A statistics scope in one read: the node, its children, and (for a street) the grids below
     * its communities. Buildings and lower levels are not read.
     */
    async withStatsTree(id: string): Promise<{ node: OrgNode | null; nodes: OrgNode[] }> {
      const _ = db.command;
      const { data } = await col.where(_.or([{ _id: id }, { parentId: id }, { path: id, level: 'grid' }]) as object).limit(1000).get();
      const nodes = data as OrgNode[];
      return { node: nodes.find((n) => n._id === id) ?? null, nodes: nodes.filter((n) => n._id !== id) };
    },
    /** The streets (the roots of the tree). One read. */
    async streets(): Promise<OrgNode[]> {
      const { data } = await col.where({ parentId: null }).orderBy('_id', 'asc').limit(100).get();
      return data as OrgNode[];
    },
    async children(parentId: string): Promise<OrgNode[]> {
      const { data } = await col.where({ parentId }).orderBy('_id', 'asc').limit(200).get();
      return data as OrgNode[];
    },
    /** A building's units (at most 1,000). One read. */
    async unitsOf(buildingId: string): Promise<OrgNode[]> {
      const { data } = await col.where({ parentId: buildingId, level: 'unit' }).limit(1000).get();
      return data as OrgNode[];
    },
    /** A rename's relabelling finished (actions/admin/relabel.ts). One write. */
    clearRelabelPending: async (id: string): Promise<void> => void (await col.doc(id).update({ data: { relabelPending: db.command.remove() } })),
  };
};
