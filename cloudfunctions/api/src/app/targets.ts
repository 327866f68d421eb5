// Resolving where a command sends an item: people, queues at org nodes, departments. Each check
// keeps the target inside the item's community or street, with a Chinese message when not.
import { fail } from '../../../../src/core/errors';
import { levelOf } from '../../../../src/core/workflow/decide';
import { personHolder as corePersonHolder, queueName, type RoutingLoader } from '../../../../src/core/routing';
import type { Department, Holder, HolderRole, Item, Person } from '../../../../src/core/types';
import type { Ctx } from '../context';
import type { QueueNode } from '../repo/nodes';

export function queueOf(node: Pick<QueueNode, '_id' | 'name' | 'level'>): Holder {
  const level = node.level === 'grid' ? 'grid' : node.level === 'street' ? 'street' : 'community';
  // "河南街道待办", not "河南街道街道待办": most node names already say their level (core/routing.ts).
  return { kind: 'queue', nodeId: node._id, name: queueName(node.name, level === 'grid' ? '网格' : level === 'community' ? '社区' : '街道'), level };
}

export function personHolder(p: Person, item: Pick<Item, 'gridId' | 'communityId' | 'streetId'>): Holder {
  const on = (role: string, node?: string) => p.roles.some((r) => r.role === role && (!node || r.nodeId === node));
  const role: HolderRole = on('gridLeader', item.gridId) ? 'gridLeader'
    : on('communityAdmin', item.communityId) ? 'communityAdmin'
    : on('streetAdmin', item.streetId) ? 'streetAdmin'
    : on('gridWorker') ? 'gridWorker' : 'cadre';
  return corePersonHolder(p, role);
}

async function node(ctx: Pick<Ctx, 'repos'>, id: string, what: string): Promise<QueueNode> {
  const n = await ctx.repos.nodes.queueNode(id);
  if (!n) return fail('NOT_FOUND', `${what}不存在，请刷新后重试`);
  return n;
}

/** 转办 target: a person working in the item's community, or a grid of the item's community. */
export async function transferTarget(ctx: Ctx, item: Item, to: { toPersonId?: string; toGridId?: string }): Promise<Holder> {
  if (to.toGridId) {
    const g = await node(ctx, to.toGridId, '网格');
    if (g.level !== 'grid' || !g.path.includes(item.communityId)) return fail('FORBIDDEN', '只能转给本社区的网格');
    return queueOf(g);
  }
  const p = await ctx.repos.people.get(to.toPersonId!);
  if (!p) return fail('NOT_FOUND', '该干部不存在，请刷新后重试');
  const inCommunity = p.communityId === item.communityId || p.roles.some((r) => r.nodeId === item.communityId || r.nodeId === item.gridId);
  if (!inCommunity) return fail('FORBIDDEN', '只能转给本社区的干部');
  return personHolder(p, item);
}

/** 下单 / 派单 target: the queue one level above where the item is. */
export async function upTarget(ctx: Pick<Ctx, 'repos'>, item: Item): Promise<Holder> {
  const level = levelOf(item.holder);
  if (level === 'grid') return queueOf(await node(ctx, item.communityId, '社区'));
  if (level === 'community') return queueOf(await node(ctx, item.streetId, '街道'));
  return fail('INVALID_STATE', level === 'street' ? '街道已是最高一级，请向职能部门吹哨' : '职能部门请用「退回上级」');
}

/** Departments a whistle may call: registered for the item's street or community. One read for all. */
export async function whistleTargets(ctx: Ctx, item: Item, ids: string[]): Promise<Department[]> {
  const wanted = [...new Set(ids)];
  const found = new Map((await ctx.repos.departments.known(wanted)).map((d) => [d._id, d]));
  return wanted.map((id) => {
    const d = found.get(id);
    if (!d || (d.scopeNodeId !== item.streetId && d.scopeNodeId !== item.communityId)) {
      return fail('NOT_FOUND', '所选职能部门不在本街道，请刷新后重新选择');
    }
    return d;
  });
}

/** Where a department returns an item: whoever whistled it (the last holder that was not a department). */
export async function returnTarget(ctx: Ctx, item: Item): Promise<Holder> {
  const back = [...(item.previousHolders ?? [])].reverse().find((h) => h.kind !== 'department');
  return back ?? queueOf(await node(ctx, item.streetId, '街道'));
}

/**
 * Routing's reads (core RoutingLoader) over the repos. `joined`: a person already read with the
 * household (households.withCadre; null when their id points at nobody), so routing reads them no more.
 */
export const routingLoader = (repos: Ctx['repos'], joined?: { id?: string; person: Person | null }): RoutingLoader => ({
  person: (pid) => (joined && pid === joined.id ? Promise.resolve(joined.person) : repos.people.get(pid)),
  node: (nid) => repos.nodes.get(nid),
  nodeWithLeader: (nid) => repos.nodes.withLeader(nid),
});
