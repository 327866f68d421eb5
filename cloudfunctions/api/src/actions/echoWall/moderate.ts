import type { EchoReviewView } from '../../../../../src/core/engage/contract';
import { EchoWallModerateInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { defineAction } from '../../action';
import { moderateEcho } from '../../app/echoWall';
import { coversItem, rootsOf } from '../../app/engageScope';
import { ECHO_MODERATORS } from './review';
import { reviewViews } from './views';

/**
 * 回音壁 moderation by a community or street admin over their subtree: hide or show an entry, hide
 * words of its text, approve or hide a photo (app/echoWall.ts moderateEcho: the entry and the audit
 * record in one transaction).
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
    const next = await moderateEcho(ctx, user, e, input);
    return (await reviewViews(ctx.cloud, [next]))[0];
  },
});
