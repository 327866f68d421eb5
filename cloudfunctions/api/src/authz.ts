import { fail } from '../../../src/core/errors';
import type { Actor } from '../../../src/core/stateMachine';
import type { Item, Role, UserDoc } from '../../../src/core/types';
import type { Ctx } from './context';

const ADMIN_ROLES: Role[] = ['communityAdmin', 'streetAdmin'];

function adminOver(user: UserDoc | null, item: Pick<Item, 'communityId' | 'streetId'>): boolean {
  return !!user?.roles.some((r) => ADMIN_ROLES.includes(r.role) && (r.nodeId === item.communityId || r.nodeId === item.streetId));
}

export function relation(user: UserDoc | null, openid: string, item: Item) {
  const personId = user?.person?.id;
  const isMine = item.submitterOpenid === openid;
  const isHolder =
    item.holder.kind === 'person'
      ? !!personId && item.holder.personId === personId
      : adminOver(user, item);
  const canRead =
    isMine ||
    isHolder ||
    (!!personId && item.handlerIds.includes(personId)) ||
    !!user?.roles.some((r) => r.role === 'gridLeader' && r.nodeId === item.gridId) ||
    adminOver(user, item);
  return { isMine, isHolder, canRead };
}

/** Holder keys whose inboxes this user works: their own, and the community queues they administer. */
export function holderKeys(user: UserDoc | null): string[] {
  if (!user) return [];
  const keys = user.person ? [user.person.id] : [];
  for (const r of user.roles) if (r.role === 'communityAdmin') keys.push(`queue:${r.nodeId}`);
  return keys;
}

export function actorOf(user: UserDoc | null, item: Item): Actor {
  if (!user?.person) return { name: '居民', role: 'resident' };
  const holderRole = item.holder.kind === 'person' ? item.holder.role : 'communityAdmin';
  const role: Role = holderRole === 'backup' ? 'cadre' : (holderRole as Role);
  return { name: user.person.name, role };
}

export async function loadReadable(ctx: Ctx, id: string) {
  const [item, user] = await Promise.all([ctx.repos.items.get(id), ctx.user()]);
  // Same answer for missing and not-yours, so ids cannot be probed.
  if (!item) return fail('NOT_FOUND', '事项不存在或您无权查看');
  const rel = relation(user, ctx.openid, item);
  if (!rel.canRead) return fail('NOT_FOUND', '事项不存在或您无权查看');
  return { item, user, rel };
}
