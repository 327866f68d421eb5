import type { EchoReviewView } from '../../../../../src/core/engage/contract';
import { ECHO_COLLECTION, moderate, type EchoEntry } from '../../../../../src/core/engage/echo';
import { EchoWallModerateInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { defineAction } from '../../action';
import { coversItem, rootsOf } from '../../app/engageScope';
import type { AuditDoc } from '../../audit';
import type { Ctx } from '../../context';
import { ECHO_MODERATORS } from './review';
import { reviewViews } from './views';

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
 * 回音壁 moderation by a community or street admin over their subtree: hide or show an entry, hide
 * words of its text, approve or hide a photo. The entry (compare-and-set on its version, with the
 * log line: who, when, what) and the audit record are written in one transaction.
 */
export const echoWallModerate = defineAction({
  name: 'echoWall.moderate',
  input: EchoWallModerateInput,
  async run(ctx, input): Promise<EchoReviewView> {
    const user = await ctx.user();
    const roots = rootsOf(user, ECHO_MODERATORS);
    if (!user || !roots.length) return fail('FORBIDDEN', '回音壁审核仅对社区、街道管理员开放');
    const e = await ctx.repos.engage.echo.get(input.id);
    if (!e) return fail('NOT_FOUND', '回音壁中没有这一条，请刷新后重试');
    if (!coversItem(roots, e)) return fail('FORBIDDEN', '该条不在您的管理范围内');
    if (e.version !== input.version) return fail('CONFLICT', '该条刚被其他管理员处理过，请刷新后再操作');

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
      await ctx.db.runTransaction(async (tx) => {
        const cur = (await tx.collection(ECHO_COLLECTION).doc(e._id).get()).data as EchoEntry | null;
        if (!cur || cur.version !== e.version) throw new Moved();
        const data: Record<string, unknown> = { version: next.version, updatedAt: ctx.now, log: _.push(log) };
        for (const [k, v] of Object.entries(m.set)) data[k] = typeof v === 'object' && v !== null ? _.set(v) : v;
        await tx.collection(ECHO_COLLECTION).doc(e._id).update({ data });
        await tx.collection('audit').add({ data: audit });
      });
    } catch (err) {
      if (err instanceof Moved) return fail('CONFLICT', '该条刚被其他管理员处理过，请刷新后再操作');
      throw err;
    }
    return (await reviewViews(ctx.cloud, [next]))[0];
  },
});
