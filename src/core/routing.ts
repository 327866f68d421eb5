import { chinaDateKey } from './calendar';
import type { Holder, HolderRole, Household, OrgNode, Person } from './types';

/** Read port the use case supplies; routing itself does no I/O of its own. */
export interface RoutingLoader {
  person(id: string): Promise<Person | null>;
  node(id: string): Promise<OrgNode | null>;
  /** A node with its leader (楼长, 网格长) in one call, where the store can join; else node, then person. */
  nodeWithLeader?(id: string): Promise<{ node: OrgNode | null; leader: Person | null }>;
}

export interface RouteResult {
  holder: Holder;
  /** Why each candidate was passed over, for the timeline (in Chinese). */
  trail: string[];
}

type HouseholdRef = Pick<Household, 'cadreId' | 'buildingId' | 'gridId' | 'communityId'>;

export function isAway(p: Person, now: Date): boolean {
  if (!p.away) return false;
  const today = chinaDateKey(now);
  return p.away.from <= today && today <= p.away.to;
}

/** A person can hold an item only if their WeChat account is bound (else nobody would see it). */
function unavailableReason(p: Person | null, now: Date): string | null {
  if (!p) return '人员不存在';
  if (!p.openid) return `${p.name}未绑定微信`;
  if (isAway(p, now)) return `${p.name}外出（${p.away!.from}至${p.away!.to}）`;
  return null;
}

export const personHolder = (p: Person, role: HolderRole): Holder =>
  ({ kind: 'person', personId: p._id, name: p.name, role, ...(p.openid ? { openid: p.openid } : {}) });

/**
 * A queue's name: the node's name and its level's word, which is not said twice ("河南社区待办",
 * not "河南社区社区待办"); the same rule as queueOf in the api's app/targets.ts.
 */
export const queueName = (nodeName: string, word: string): string => `${nodeName}${nodeName.includes(word) ? '' : word}待办`;

/** The community's queue, named after the community ("民主社区待办"); plainly "社区待办" without its node. */
export function communityQueue(communityId: string, community?: Pick<OrgNode, 'name'> | null): Holder {
  return { kind: 'queue', nodeId: communityId, name: community?.name ? queueName(community.name, '社区') : '社区待办' };
}

/** The fallback: the community node is read only here, when nobody on the way could take the item. */
async function loadCommunityQueue(communityId: string, load: RoutingLoader): Promise<Holder> {
  return communityQueue(communityId, await load.node(communityId));
}

/**
 * 包保干部 → B角 (if away) → 楼长 → 网格长 → 社区待办 (e.g. 民主社区待办). The community queue
 * always exists, so an item is never left with nobody.
 */
export async function routeHousehold(h: HouseholdRef, load: RoutingLoader, now: Date): Promise<RouteResult> {
  const trail: string[] = [];

  if (h.cadreId) {
    const cadre = await load.person(h.cadreId);
    const why = unavailableReason(cadre, now);
    if (!why) return { holder: personHolder(cadre!, 'cadre'), trail };
    trail.push(`包保干部：${why}`);
    // AB岗: whenever the cadre cannot take it (away or not yet bound), their B角 does.
    if (cadre?.backupId) {
      const backup = await load.person(cadre.backupId);
      const whyB = unavailableReason(backup, now);
      if (!whyB) return { holder: personHolder(backup!, 'backup'), trail };
      trail.push(`B角：${whyB}`);
    }
  } else {
    trail.push('该住户暂无包保干部');
  }

  const leader = await leaderOf(h.buildingId, 'buildingLeader', '楼长', load, now, trail);
  if (leader) return { holder: leader, trail };
  const gridLeader = await leaderOf(h.gridId, 'gridLeader', '网格长', load, now, trail);
  if (gridLeader) return { holder: gridLeader, trail };
  return { holder: await loadCommunityQueue(h.communityId, load), trail };
}

async function leaderOf(
  nodeId: string,
  role: HolderRole,
  label: string,
  load: RoutingLoader,
  now: Date,
  trail: string[],
): Promise<Holder | null> {
  const joined = load.nodeWithLeader ? await load.nodeWithLeader(nodeId) : null;
  const node = joined ? joined.node : await load.node(nodeId);
  if (!node?.leaderId) {
    trail.push(`暂无${label}`);
    return null;
  }
  const p = joined ? joined.leader : await load.person(node.leaderId);
  const why = unavailableReason(p, now);
  if (!why) return personHolder(p!, role);
  trail.push(`${label}：${why}`);
  return null;
}

/** Where a second unsatisfied rating goes: one level above the current holder. */
export async function escalationTarget(
  item: { holder: Holder; gridId: string; communityId: string },
  load: RoutingLoader,
  now: Date,
): Promise<Holder> {
  const h = item.holder;
  if (h.kind === 'person' && h.role !== 'gridLeader') {
    const gl = await leaderOf(item.gridId, 'gridLeader', '网格长', load, now, []);
    if (gl && !(gl.kind === 'person' && gl.personId === h.personId)) return gl;
  }
  return loadCommunityQueue(item.communityId, load);
}
