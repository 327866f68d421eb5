// Authorization helpers shared by actions; the relation itself lives in app/issuers.ts.
import { fail } from '../../../src/core/errors';
import type { Item, UserDoc } from '../../../src/core/types';
import { holderKeysOf, relationTo } from './app/issuers';
import type { Ctx } from './context';

export function relation(user: UserDoc | null, openid: string, item: Item) {
  return relationTo(user, openid, item);
}

/** Holder keys whose inboxes this user works: their own, the queues they run, their departments. */
export const holderKeys = (user: UserDoc | null): string[] => holderKeysOf(user);

export async function loadReadable(ctx: Ctx, id: string) {
  const [item, user] = await Promise.all([ctx.repos.items.get(id), ctx.user()]);
  // Same answer for missing and not-yours, so ids cannot be probed.
  if (!item) return fail('NOT_FOUND', '事项不存在或您无权查看');
  const rel = relation(user, ctx.openid, item);
  if (!rel.canRead) return fail('NOT_FOUND', '事项不存在或您无权查看');
  return { item, user, rel };
}
