// 回音壁 (echo wall): the public copy of a closed item is written in the transaction that closes it
// (app/apply.ts), only when the resident agreed at submit. Reads and moderation live in
// actions/echoWall/*; queries in repo/engage.ts (repos.engage).
import { ECHO_COLLECTION, echoEntryOf, type EchoEntry, type EchoLog } from '../../../../src/core/engage/echo';
import { PHOTOS_PURGED_NOTE } from '../../../../src/core/personal/schemas';
import type { Item } from '../../../../src/core/types';
import type { CloudSdk } from '../cloud';
import type { Repos } from '../repo';
import { deleteFiles } from './files';

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

/** Tries per entry when a moderation changes it between our read and our write (compare-and-set). */
const ECHO_PURGE_TRIES = 3;

/** The public copies (echo/…) an entry holds: approved photos copied out of the uploader's path. */
export const echoCopiesOf = (e: Pick<EchoEntry, 'photos'>): string[] => (e.photos ?? []).flatMap((p) => (p.publicFileID ? [p.publicFileID] : []));

/**
 * Photo retention for the 回音壁 (app/retention.ts): the entries of items whose photos are being
 * deleted lose theirs too. The public copies are deleted first, then the entry's photo list is
 * emptied (compare-and-set on its version, with a log line), so a re-run after a crash finds nothing
 * left and a moderation approving a photo meanwhile is caught and its copy deleted as well.
 * At most one read of the entries per call (the caller passes one bounded batch of item ids).
 * Answers the copies deleted and the entries still holding photos (the caller keeps their items due).
 */
export async function purgeEchoPhotos(
  deps: { repos: Pick<Repos, 'engage'>; cloud: CloudSdk; now: Date },
  itemIds: readonly string[],
): Promise<{ files: number; pending: string[] }> {
  const { repos, cloud, now } = deps;
  if (!itemIds.length) return { files: 0, pending: [] };
  const echo = repos.engage.echo;
  let entries = await echo.withPhotos(itemIds);
  const deleted = new Set<string>();
  for (let attempt = 1; entries.length && attempt <= ECHO_PURGE_TRIES; attempt++) {
    const copies = [...new Set(entries.flatMap(echoCopiesOf))].filter((f) => !deleted.has(f));
    await deleteFiles(cloud, copies);
    for (const f of copies) deleted.add(f);
    const moved: string[] = [];
    for (const e of entries) {
      const log: EchoLog = { at: now, by: 'system', name: '系统', op: 'photoHide', detail: `${PHOTOS_PURGED_NOTE}（${e.photos.length} 张）` };
      if (!(await echo.clearPhotos(e, log, now))) moved.push(e._id);
    }
    entries = await echo.withPhotos(moved);
  }
  return { files: deleted.size, pending: entries.map((e) => e._id) };
}
