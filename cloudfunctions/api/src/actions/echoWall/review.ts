import type { EchoWallReview } from '../../../../../src/core/engage/contract';
import { EchoWallReviewInput } from '../../../../../src/core/engage/schemas';
import { defineAction } from '../../action';
import { engageScope } from '../../app/engageScope';
import { reviewViews } from './views';

export const ECHO_MODERATORS = ['communityAdmin', 'streetAdmin'] as const;

/** 回音壁 moderation list: the entries of the admin's subtree, hidden ones and pending photos included. */
export const echoWallReview = defineAction({
  name: 'echoWall.review',
  input: EchoWallReviewInput,
  async run(ctx, { nodeId, filter, page }): Promise<EchoWallReview> {
    const s = await engageScope(ctx, ECHO_MODERATORS, nodeId, '回音壁审核仅对社区、街道管理员开放');
    const r = await ctx.repos.engage.echo.inScope(s.where, filter, page);
    return { entries: await reviewViews(ctx.cloud, r.entries), hasMore: r.hasMore, scope: { id: s.node._id, name: s.node.name } };
  },
});
