// 回音壁 entries as the public and the admins see them.
import type { EchoEntryView, EchoReviewView } from '../../../../../src/core/engage/contract';
import { OP_LABEL, wholeDays, type EchoEntry } from '../../../../../src/core/engage/echo';
import { KIND_LABEL } from '../../../../../src/core/labels';
import type { CloudSdk } from '../../cloud';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Short-lived links for many files in one call. */
export async function links(cloud: CloudSdk, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return new Map();
  const { fileList } = await cloud.getTempFileURL({ fileList: unique });
  return new Map(fileList.map((f) => [f.fileID, f.tempFileURL]));
}

function base(e: EchoEntry): Omit<EchoEntryView, 'photos'> {
  return {
    id: e._id,
    kind: e.kind,
    kindLabel: KIND_LABEL[e.kind] ?? '',
    category: e.category,
    communityName: e.communityName,
    gridName: e.gridName,
    text: e.text,
    resolution: e.resolution,
    rating: { ...e.rating },
    submittedAt: iso(e.submittedAt),
    closedAt: iso(e.closedAt),
    days: wholeDays(e.submittedAt, e.closedAt),
  };
}

/** The public view: only approved photos, as their public copies. */
export async function publicViews(cloud: CloudSdk, entries: EchoEntry[]): Promise<EchoEntryView[]> {
  const approved = entries.flatMap((e) => e.photos.filter((p) => p.status === 'approved' && p.publicFileID));
  const urls = await links(cloud, approved.map((p) => p.publicFileID!));
  return entries.map((e) => ({
    ...base(e),
    photos: e.photos
      .filter((p) => p.status === 'approved' && p.publicFileID && urls.get(p.publicFileID))
      .map((p) => ({ key: p.key, stage: p.stage, url: urls.get(p.publicFileID!)! })),
  }));
}

/** The admin's view: every photo with its status, and the log. */
export async function reviewViews(cloud: CloudSdk, entries: EchoEntry[]): Promise<EchoReviewView[]> {
  const urls = await links(cloud, entries.flatMap((e) => e.photos.map((p) => p.publicFileID ?? p.source)));
  return entries.map((e) => ({
    ...base(e),
    version: e.version,
    hidden: e.hidden,
    photos: e.photos.map((p) => ({ key: p.key, stage: p.stage, status: p.status, url: urls.get(p.publicFileID ?? p.source) ?? '' })),
    log: e.log.map((l) => ({ at: iso(l.at), name: l.name, action: OP_LABEL[l.op] ?? l.op, detail: l.detail })),
  }));
}
