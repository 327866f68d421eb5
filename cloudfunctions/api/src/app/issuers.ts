// How a caller stands to an item, in the terms of the workflow table (core/workflow/table.ts):
// holder, whistled department, the level above, submitter, appeal reviewer. One place decides
// it, for reads, buttons and commands alike.
import type { Issuer } from '../../../../src/core/workflow/table';
import { aboveQueue } from '../../../../src/core/workflow/decide';
import type { Item, Role, UserDoc } from '../../../../src/core/types';

const has = (user: UserDoc | null, role: Role, nodeId: string | undefined) =>
  !!nodeId && !!user?.roles.some((r) => r.role === role && r.nodeId === nodeId);

export const deptIdsOf = (user: UserDoc | null): string[] =>
  (user?.roles ?? []).filter((r) => r.role === 'departmentStaff' && r.departmentId).map((r) => r.departmentId!);

/** Community or street admin over the item. */
export const adminOver = (user: UserDoc | null, item: Pick<Item, 'communityId' | 'streetId'>): boolean =>
  has(user, 'communityAdmin', item.communityId) || has(user, 'streetAdmin', item.streetId);

function holds(user: UserDoc | null, item: Item, firstHandlers: Record<string, string>): boolean {
  const h = item.holder;
  const personId = user?.person?.id;
  if (h.kind === 'person') return !!personId && h.personId === personId;
  if (h.kind === 'department') return deptIdsOf(user).includes(h.departmentId);
  if (personId && firstHandlers[h.nodeId] === personId) return true;
  const level = h.level ?? 'community';
  if (level === 'grid') return has(user, 'gridLeader', h.nodeId) || has(user, 'communityAdmin', item.communityId);
  if (level === 'community') return has(user, 'communityAdmin', h.nodeId);
  return has(user, 'streetAdmin', h.nodeId);
}

/**
 * The level above the holder (挂起审批): whoever holds the queue one level up (core aboveQueue),
 * its 第一经办人 included, so the person the 挂起待审批 notice reaches can act on it.
 */
function above(user: UserDoc | null, item: Item, firstHandlers: Record<string, string>): boolean {
  const h = item.holder;
  // Nobody is above themselves: a holder never approves their own pause.
  if (h.kind === 'person' && h.personId === user?.person?.id) return false;
  const up = aboveQueue(item);
  return !!up && holds(user, { ...item, holder: up }, firstHandlers);
}

export interface Relation {
  isMine: boolean;
  isHolder: boolean;
  canRead: boolean;
  issuers: Set<Issuer>;
  /** Who is looking: photos hidden by content security stay visible to their uploader and admins. */
  viewer: { openid: string; isAdmin: boolean };
}

export function relationTo(user: UserDoc | null, openid: string, item: Item, firstHandlers: Record<string, string> = {}): Relation {
  const issuers = new Set<Issuer>();
  const isMine = item.submitterOpenid === openid;
  if (isMine) issuers.add('submitter');
  const isHolder = holds(user, item, firstHandlers);
  if (isHolder) issuers.add('holder');
  if (item.whistle?.departments.some((d) => deptIdsOf(user).includes(d.id))) issuers.add('whistled');
  if (above(user, item, firstHandlers)) issuers.add('above');
  // 申诉审核: whoever holds the item's grid (its 第一经办人 or leader: the 申诉待审核 notice goes there), or an admin over it.
  if (holds(user, { ...item, holder: { kind: 'queue', nodeId: item.gridId, name: '', level: 'grid' } }, firstHandlers) || adminOver(user, item)) issuers.add('reviewer');
  const personId = user?.person?.id;
  // 书记领办: a community or street secretary reads the items of their post and leads from it.
  if (has(user, 'secretary', item.communityId) || has(user, 'secretary', item.streetId)) issuers.add('secretary');
  const canRead =
    issuers.size > 0 ||
    (!!personId && item.handlerIds.includes(personId)) ||
    deptIdsOf(user).some((d) => (item.previousHolders ?? []).some((h) => h.kind === 'department' && h.departmentId === d));
  return { isMine, isHolder, canRead, issuers, viewer: { openid, isAdmin: adminOver(user, item) } };
}

/** Inbox keys (items.holderKey) this user works: their own, the queues they run, their departments. */
export function holderKeysOf(user: UserDoc | null, firstHandlerNodes: string[] = []): string[] {
  if (!user) return [];
  const keys = user.person ? [user.person.id] : [];
  for (const r of user.roles) {
    if (r.role === 'communityAdmin' || r.role === 'streetAdmin' || r.role === 'gridLeader') keys.push(`queue:${r.nodeId}`);
    if (r.role === 'departmentStaff' && r.departmentId) keys.push(`dept:${r.departmentId}`);
  }
  for (const n of firstHandlerNodes) keys.push(`queue:${n}`);
  return [...new Set(keys)];
}
