// 回音壁 (echo wall): the public copy of a closed item is written in the transaction that closes it
// (app/apply.ts), only when the resident agreed at submit. Reads and moderation live in
// actions/echoWall/*; queries in repo/engage.ts (repos.engage).
import type * as v from 'valibot';
import { ECHO_COLLECTION, echoEntryOf, moderate, type EchoEntry, type EchoLog } from '../../../../src/core/engage/echo';
import type { EchoWallModerateInput } from '../../../../src/core/engage/schemas';
import { fail } from '../../../../src/core/errors';
import { PHOTOS_PURGED_NOTE } from '../../../../src/core/personal/schemas';
import type { Item, UserDoc } from '../../../../src/core/types';
import type { AuditDoc } from '../audit';
import type { CloudSdk } from '../cloud';
import type { Ctx } from '../context';
import type { Repos } from '../repo';
import { AUDIT_COLLECTION } from '../repo/audit';
import { deleteFiles } from './files';
import { retryOnConflict } from './conflicts';
import { txGetOrNull } from '../repo/getOrNull';

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

class Moved extends Error {}

/** An approved photo's public copy under echo/: the upload path names its uploader's account, this one does not. */
async function publicCopy(ctx: Ctx, e: EchoEntry, key: string): Promise<string | undefined> {
  const p = e.photos.find((x) => x.key === key);
  if (!p || p.publicFileID) return p?.publicFileID;
  const { fileContent } = await ctx.cloud.downloadFile({ fileID: p.source }).catch(() => fail('NOT_FOUND', '照片已不存在，无法公开'));
  const ext = /\.(png|jpe?g|webp|gif)$/i.exec(p.source)?.[1]?.toLowerCase() ?? 'jpg';
  const { fileID } = await ctx.cloud.uploadFile({ cloudPath: `echo/${e._id}/${key}.${ext}`, fileContent });
  return fileID;
}

/**
 * 回音壁 moderation of entry `e` (as read, at the version the admin saw) by `user`, whom the action
 * checked covers it. The entry (compare-and-set on its version, with the log line: who, when, what)
 * and the audit record are written in one transaction. Answers the entry as it now stands.
 */
export async function moderateEcho(ctx: Ctx, user: UserDoc, e: EchoEntry, input: v.InferOutput<typeof EchoWallModerateInput>): Promise<EchoEntry> {
  // Check first (no copy for a move that will be refused), then make the public copy of an approved photo.
  const check = moderate(e, input.op, { words: input.words, photo: input.photo, publicFileID: 'check' });
  if ('error' in check) return fail(input.op === 'redact' ? 'INVALID_INPUT' : 'INVALID_STATE', check.error);
  const publicFileID = input.op === 'photoApprove' ? await publicCopy(ctx, e, input.photo!) : undefined;
  const m = moderate(e, input.op, { words: input.words, photo: input.photo, publicFileID });
  if ('error' in m) return fail('INVALID_STATE', m.error);
  const who = { by: user.person?.id ?? '', name: user.person?.name ?? '管理员' };
  const log = { at: ctx.now, ...who, op: input.op, detail: input.reason ? `${m.detail}（${input.reason}）` : m.detail };
  const next: EchoEntry = { ...e, ...m.set, version: e.version + 1, updatedAt: ctx.now, log: [...e.log, log] };
  const audit: AuditDoc = {
    at: ctx.now, action: 'echoWall.moderate', actorOpenid: ctx.openid, actorPersonId: user.person?.id ?? null, actorName: user.person?.name ?? null,
    target: e._id, scopeNodeId: e.communityId, reason: input.reason ?? '', detail: `回音壁：${m.detail}`,
  };
  const _ = ctx.db.command;
  try {
    // Two moderators at once conflict on the entry: the loser runs again and finds it moved (CONFLICT).
    await retryOnConflict(() => ctx.db.runTransaction(async (tx) => {
      const cur = await txGetOrNull<EchoEntry>(tx, ECHO_COLLECTION, e._id);
      if (!cur || cur.version !== e.version) throw new Moved();
      const data: Record<string, unknown> = { version: next.version, updatedAt: ctx.now, log: _.push(log) };
      for (const [k, val] of Object.entries(m.set)) data[k] = typeof val === 'object' && val !== null ? _.set(val) : val;
      await tx.collection(ECHO_COLLECTION).doc(e._id).update({ data });
      await tx.collection(AUDIT_COLLECTION).add({ data: audit });
    }));
  } catch (err) {
    if (err instanceof Moved) return fail('CONFLICT', '该条刚被其他管理员处理过，请刷新后再操作');
    throw err;
  }
  return next;
}
