// 回音壁 entries: the public, redacted copy of a closed item, made when it closes (the resident
// agreed at submit), and what moderation does to it. Pure: no clock, no db.
import type { Item, ItemKind } from '../types';
import { hideWords, redactText } from './redact';
import type { EchoOp } from './schemas';
import type { EchoPhotoStatus } from './contract';

export const ECHO_COLLECTION = 'echoWall';

export interface EchoPhoto {
  /** 'a0'… the resident's photos (before), 'b0'… the resolution's (after). */
  key: string;
  stage: 'before' | 'after';
  /** The stored photo (an upload path names its uploader: never shown to the public as is). */
  source: string;
  /** An approved photo's public copy, under echo/ (no OPENID in its path). */
  publicFileID?: string;
  status: EchoPhotoStatus;
}

export interface EchoLog {
  at: Date;
  by: string; // person id
  name: string;
  op: EchoOp | 'publish';
  detail: string;
}

/** echoWall/{itemId}: nothing in it names a person, a phone, a room or an account. */
export interface EchoEntry {
  _id: string;
  streetId: string;
  communityId: string;
  gridId: string;
  communityName: string;
  gridName: string;
  kind: ItemKind;
  category: string;
  text: string;
  resolution: string;
  rating: { stars: number; solved: boolean; satisfied: boolean; comment: string };
  submittedAt: Date;
  closedAt: Date;
  photos: EchoPhoto[];
  hidden: boolean;
  /** Words an admin hid (kept so the log can say which). */
  hiddenWords: string[];
  log: EchoLog[];
  version: number;
  updatedAt: Date;
}

/** Names the item's own records give (people who handled it, the household label): always hidden. */
export function knownNames(item: Pick<Item, 'timeline' | 'holder' | 'householdLabel' | 'onBehalf' | 'previousHolders'>): string[] {
  const out = new Set<string>();
  for (const e of item.timeline) if (e.actorRole !== 'resident' && e.actorRole !== 'system' && e.actor) out.add(e.actor);
  for (const h of [item.holder, ...(item.previousHolders ?? [])]) if (h.kind === 'person') out.add(h.name);
  if (item.onBehalf?.name) out.add(item.onBehalf.name);
  if (item.householdLabel) out.add(item.householdLabel);
  return [...out].filter((n) => n.length >= 2);
}

/** The entry of an item that is closing now (its final rating is the last one). */
export function echoEntryOf(item: Item, names: { communityName: string; gridName: string }, now: Date): EchoEntry {
  const known = knownNames(item);
  const r = item.ratings[item.ratings.length - 1];
  const photos: EchoPhoto[] = [
    ...item.photos.map((source, i) => ({ key: `a${i}`, stage: 'before' as const, source, status: 'pending' as const })),
    ...(item.resolution?.photos ?? []).map((source, i) => ({ key: `b${i}`, stage: 'after' as const, source, status: 'pending' as const })),
  ];
  return {
    _id: item._id,
    streetId: item.streetId,
    communityId: item.communityId,
    gridId: item.gridId,
    communityName: names.communityName,
    gridName: names.gridName,
    kind: item.kind,
    category: item.category,
    text: redactText(item.description, { names: known }),
    resolution: redactText(item.resolution?.note ?? '', { names: known }),
    rating: { stars: r?.stars ?? 0, solved: r?.solved ?? false, satisfied: r?.satisfied ?? false, comment: redactText(r?.comment ?? '', { names: known }) },
    submittedAt: item.createdAt,
    closedAt: now,
    photos,
    hidden: false,
    hiddenWords: [],
    log: [{ at: now, by: 'system', name: '系统', op: 'publish', detail: '办结后按居民意愿公开（已自动隐去姓名、电话、房号）' }],
    version: 0,
    updatedAt: now,
  };
}

export const OP_LABEL: Record<EchoOp | 'publish', string> = {
  publish: '公开',
  hide: '隐藏',
  show: '恢复显示',
  redact: '隐去文字',
  photoApprove: '照片审核通过',
  photoHide: '隐藏照片',
};

/**
 * What a moderation does to an entry (the fields to set), or a Chinese message when it makes no
 * sense (hiding what is hidden, a photo that is not there, words that are not in the text).
 */
export function moderate(
  e: EchoEntry,
  op: EchoOp,
  args: { words?: string[]; photo?: string; publicFileID?: string },
): { set: Partial<EchoEntry>; detail: string } | { error: string } {
  switch (op) {
    case 'hide':
      return e.hidden ? { error: '该条已隐藏' } : { set: { hidden: true }, detail: '从回音壁隐藏' };
    case 'show':
      return e.hidden ? { set: { hidden: false }, detail: '恢复在回音壁显示' } : { error: '该条正在显示，无需恢复' };
    case 'redact': {
      const words = [...new Set((args.words ?? []).map((w) => w.trim()).filter(Boolean))];
      const found = words.filter((w) => e.text.includes(w) || e.resolution.includes(w) || e.rating.comment.includes(w));
      if (!found.length) return { error: '要隐去的词不在这条内容里，请核对后重试' };
      return {
        set: {
          text: hideWords(e.text, found),
          resolution: hideWords(e.resolution, found),
          rating: { ...e.rating, comment: hideWords(e.rating.comment, found) },
          hiddenWords: [...e.hiddenWords, ...found.filter((w) => !e.hiddenWords.includes(w))],
        },
        detail: `隐去 ${found.length} 个词`,
      };
    }
    case 'photoApprove':
    case 'photoHide': {
      const p = e.photos.find((x) => x.key === args.photo);
      if (!p) return { error: '照片不存在，请刷新后重试' };
      const status: EchoPhotoStatus = op === 'photoApprove' ? 'approved' : 'hidden';
      if (p.status === status) return { error: status === 'approved' ? '该照片已审核通过' : '该照片已隐藏' };
      if (status === 'approved' && !args.publicFileID && !p.publicFileID) return { error: '照片复制失败，请稍后重试' };
      const photos = e.photos.map((x) =>
        x.key === p.key ? { ...x, status, ...(status === 'approved' ? { publicFileID: args.publicFileID ?? x.publicFileID } : {}) } : x,
      );
      return { set: { photos }, detail: `${p.stage === 'before' ? '居民' : '办结'}照片 ${Number(p.key.slice(1)) + 1}：${status === 'approved' ? '通过' : '隐藏'}` };
    }
  }
}

/** Whole days between two moments (at least 0). */
export const wholeDays = (from: Date | string, to: Date | string) => Math.max(0, Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000));
