// 内容安全 for photos: each stored photo goes to security.mediaCheckAsync after its change
// commits; WeChat pushes the verdict later (消息推送 `wxa_media_check`, matched by trace_id). A
// photo judged risky is hidden from everyone but its uploader and the admins over the item.
import type { Item } from '../../../../src/core/types';
import type { CloudSdk } from '../cloud';
import type { Repos } from '../repo';
import type { MediaCheckDoc } from '../repo/mediaChecks';

export interface HiddenPhoto {
  fileID: string;
  uploader: string;
  at: Date;
}

/**
 * Asks for a verdict on each photo. Called after the commit: a failure here never undoes the
 * user's change; it is logged, and the photo stays visible as it would without the service.
 */
export async function requestMediaChecks(
  deps: { cloud: CloudSdk; repos: Pick<Repos, 'mediaChecks'>; now: Date; log?: (msg: string, err: unknown) => void },
  itemId: string,
  fileIDs: string[],
  uploader: string,
): Promise<number> {
  if (!fileIDs.length || !deps.cloud.openapi.security.mediaCheckAsync) return 0;
  const log = deps.log ?? ((m, e) => console.error(m, e));
  try {
    const { fileList } = await deps.cloud.getTempFileURL({ fileList: fileIDs });
    const docs: MediaCheckDoc[] = [];
    for (const f of fileList) {
      if (!f.tempFileURL) continue;
      const r = await deps.cloud.openapi.security.mediaCheckAsync({ media_url: f.tempFileURL, media_type: 2, version: 2, openid: uploader, scene: 2 });
      const traceId = r.traceId ?? r.trace_id;
      if (traceId) docs.push({ _id: traceId, itemId, fileID: f.fileID, uploader, status: 'pending', createdAt: deps.now });
    }
    await deps.repos.mediaChecks.add(docs);
    return docs.length;
  } catch (err) {
    log(`mediaCheckAsync for item ${itemId} failed`, err);
    return 0;
  }
}

/** A 消息推送 event WeChat sends with a media verdict. */
export const isMediaCheckPush = (e: unknown): e is { Event: 'wxa_media_check'; trace_id: string; result?: { suggest?: string } } =>
  !!e && typeof e === 'object' && (e as { Event?: unknown }).Event === 'wxa_media_check' && typeof (e as { trace_id?: unknown }).trace_id === 'string';

/**
 * Applies a verdict. Only a trace id this service asked for counts (they are never sent to a
 * client, so a forged push cannot name one); each is applied once.
 */
export async function applyMediaVerdict(
  repos: Pick<Repos, 'mediaChecks' | 'items'>,
  event: { trace_id: string; result?: { suggest?: string } },
  now: Date,
): Promise<'risky' | 'pass' | 'ignored'> {
  const risky = event.result?.suggest === 'risky';
  const status = risky ? 'risky' : 'pass';
  const checks = repos.mediaChecks;
  // Claim the pending check: a repeated push finds it decided and changes nothing.
  if (!(await checks.claim(event.trace_id, status, now))) return 'ignored';
  if (!risky) return 'pass';
  const check = await checks.get(event.trace_id);
  const hidden: HiddenPhoto = { fileID: check.fileID, uploader: check.uploader, at: now };
  await repos.items.hidePhoto(check.itemId, hidden);
  return 'risky';
}

/** The photos a caller may see of an item: hidden ones only for their uploader and admins. */
export function visiblePhoto(item: Pick<Item, 'hiddenPhotos'>, viewer: { openid?: string; isAdmin?: boolean }): (fileID: string) => boolean {
  const hidden = new Map((item.hiddenPhotos ?? []).map((h) => [h.fileID, h.uploader]));
  return (id) => !hidden.has(id) || !!viewer.isAdmin || (!!viewer.openid && hidden.get(id) === viewer.openid);
}
