// Photo retention (PIPL Art. 19; issue 11 point 5): photos of a closed (or withdrawn) item are
// deleted the street's `photoRetentionDays` after it closed (街道设置, default 180). The item stays
// for statistics and says its photos were removed per retention.
//
// When an item closes with photos, apply.ts stamps `photosClosedAt` (closingPatch); the timer reads,
// street by street, only the items whose stamp is older than that street's period (index streetId +
// photosClosedAt), in batches of 50 and at most 4 batches a run, so its reads grow with the due
// items, never with all items. Purging removes the stamp: each item is read once more at most.
//
// A closed item may have a 回音壁 entry whose approved photos were copied to echo/ (public copies,
// app/echoWall.ts): those copies go with the item's photos, and the entry's photo list is emptied,
// before the item loses its stamp (one read of the entries per batch). So a crash in between leaves
// the item due, and the next run finds the entry already empty.
import { PHOTOS_PURGED_NOTE } from '../../../../src/core/personal/schemas';
import type { Item } from '../../../../src/core/types';
import type { CloudSdk } from '../cloud';
import { purgeEchoPhotos } from './echoWall';
import { deleteFiles } from './files';
import type { Repos } from '../repo';

export const PURGE_BATCH = 50;
const MAX_BATCHES = 4;
const DAY_MS = 86_400_000;
const FINAL: readonly Item['state'][] = ['closed', 'withdrawn'];

/** Every photo an item holds: the resident's, the resolution's, the timeline's, hidden ones. */
export function photosOf(item: Pick<Item, 'photos' | 'resolution' | 'timeline' | 'hiddenPhotos'>): string[] {
  return [...new Set([
    ...(item.photos ?? []),
    ...(item.resolution?.photos ?? []),
    ...(item.timeline ?? []).flatMap((e) => e.photos ?? []),
    ...(item.hiddenPhotos ?? []).map((h) => h.fileID),
  ])];
}

/** The stamp an item gets when a transition closes it with photos (apply.ts adds it to the patch). */
export function closingPatch(before: Pick<Item, 'state'>, next: Item, now: Date): { photosClosedAt?: Date } {
  return !FINAL.includes(before.state) && FINAL.includes(next.state) && photosOf(next).length ? { photosClosedAt: now } : {};
}

export interface PurgeTally {
  items: number;
  /** Files deleted: the items' photos and their 回音壁 public copies. */
  files: number;
}

/** One run of the purge: due items of each street, bounded. Files first, then the item (idempotent). */
export async function purgeDuePhotos(deps: { cloud: CloudSdk; repos: Repos; now: Date }): Promise<PurgeTally> {
  const { cloud, repos, now } = deps;
  const tally: PurgeTally = { items: 0, files: 0 };
  let batches = 0;
  for (const street of await repos.nodes.streets()) {
    const cutoff = new Date(now.getTime() - (await repos.settings.get(street._id)).photoRetentionDays * DAY_MS);
    while (batches < MAX_BATCHES) {
      batches++;
      const found = await repos.items.photosDue(street._id, cutoff, PURGE_BATCH);
      const files = found.flatMap(photosOf);
      await deleteFiles(cloud, files);
      // The 回音壁 copies next; an entry a moderation kept changing keeps its item due for the next run.
      const echo = await purgeEchoPhotos({ repos, cloud, now }, found.filter((i) => i.echoWall).map((i) => i._id));
      const items = found.filter((i) => !echo.pending.includes(i._id));
      for (const item of items) await repos.items.purgePhotos(item, PHOTOS_PURGED_NOTE, now);
      tally.items += items.length;
      tally.files += files.length + echo.files;
      if (found.length < PURGE_BATCH) break;
    }
  }
  return tally;
}
