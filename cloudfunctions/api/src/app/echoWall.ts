// 回音壁 (echo wall): the public copy of a closed item is written in the transaction that closes it
// (app/apply.ts), only when the resident agreed at submit. Reads and moderation live in
// actions/echoWall/*; queries in repo/echoWall.ts.
import { ECHO_COLLECTION, echoEntryOf, type EchoEntry } from '../../../../src/core/engage/echo';
import type { Item } from '../../../../src/core/types';
import type { Repos } from '../repo';

/** The entry to write when `next` closes `item` and the resident agreed; null otherwise (no read then). */
export async function echoOnClose(
  repos: Pick<Repos, 'nodes'>,
  item: Item,
  next: Item,
  now: Date,
): Promise<{ collection: string; entry: EchoEntry; data: Omit<EchoEntry, '_id'> } | null> {
  if (!next.echoWall || next.state !== 'closed' || item.state === 'closed') return null;
  const nodes = await repos.nodes.many([item.gridId, item.communityId]);
  const entry = echoEntryOf(next, { communityName: nodes.get(item.communityId)?.name ?? '', gridName: nodes.get(item.gridId)?.name ?? '' }, now);
  const { _id, ...data } = entry;
  void _id;
  return { collection: ECHO_COLLECTION, entry, data };
}
