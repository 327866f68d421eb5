import type { OrgNode, Person } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from './getOrNull';
import { stripId } from './people';
import { SETTINGS_CACHE_MS } from './settings';

/** What a queue needs of its node: never leaders, which routing must read fresh. */
export type QueueNode = Pick<OrgNode, '_id' | 'name' | 'level' | 'path'>;

/** Per database: queue nodes a warm instance read lately (see `queueNode`). */
const queueCache = new WeakMap<object, Map<string, { at: number; value: Promise<QueueNode | null> }>>();

export const nodesRepo = (db: Database) => {
  const col = db.collection('orgNodes');
  let mine = queueCache.get(db);
  if (!mine) queueCache.set(db, (mine = new Map()));
  const cached = mine;
  const forget = <T>(id: string, write: Promise<T>): Promise<T> => {
    cached.delete(id);
    return write.finally(() => cached.delete(id));
  };
  return {
    get: (id: string) => getOrNull<OrgNode>(col.doc(id)),
    /** A node with its leader (楼长, 网格长) joined in (`$lookup`): routing's fallbacks in one call each. */
    async withLeader(id: string): Promise<{ node: OrgNode | null; leader: Person | null }> {
      const { list } = await col.aggregate().match({ _id: id }).lookup({ from: 'people', localField: 'leaderId', foreignField: '_id', as: 'leader' }).limit(1).end();
      const found = list[0] as (OrgNode & { leader: Person[] }) | undefined;
      if (!found) return { node: null, leader: null };
      const { leader, ...node } = found;
      return { node, leader: node.leaderId ? leader.find((p) => p._id === node.leaderId) ?? null : null };
    },
    /**
     * A node as the target of 下单 / 派单 / 转办 / 退回 (its name, level and place in the tree), kept
     * by a warm instance like the street settings (SETTINGS_CACHE_MS): a community or street is
     * where most items go up to, and its name and place almost never change. A rename through
     * another instance shows in new queue names within that time. One read, or none when cached.
     */
    queueNode(id: string): Promise<QueueNode | null> {
      const hit = cached.get(id);
      if (hit && Date.now() - hit.at < SETTINGS_CACHE_MS) return hit.value;
      const value = getOrNull<OrgNode>(col.doc(id)).then((n) => (n ? { _id: n._id, name: n.name, level: n.level, path: n.path } : null));
      value.catch(() => cached.delete(id));
      if (cached.size > 5000) cached.clear();
      cached.set(id, { at: Date.now(), value });
      return value;
    },
    /** Several nodes in one read. */
    async many(ids: string[]): Promise<Map<string, OrgNode>> {
      const unique = [...new Set(ids.filter(Boolean))];
      if (!unique.length) return new Map();
      const { data } = await col.where({ _id: db.command.in(unique) }).limit(Math.min(1000, unique.length)).get();
      return new Map((data as OrgNode[]).map((n) => [n._id, n]));
    },
    save: (n: OrgNode) => forget(n._id, col.doc(n._id).set({ data: stripId(n) })),
    /** Adds a new node; an existing code fails with a duplicate key, never overwritten. */
    create: (n: OrgNode) => forget(n._id, col.add({ data: n })),
    remove: (id: string) => forget(id, col.doc(id).remove()),
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
