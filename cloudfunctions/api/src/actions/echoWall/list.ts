import type { EchoWallList } from '../../../../../src/core/engage/contract';
import { EchoWallListInput } from '../../../../../src/core/engage/schemas';
import { defineAction } from '../../action';
import { publicViews } from './views';

/**
 * 回音壁: closed items whose residents agreed, redacted, newest first, one page (index hidden +
 * closedAt). Open to everyone, signed in or not (a guest session is enough): nothing in an entry
 * names a person, a phone, a room or an account, and photos show only once an admin approved them.
 */
export const echoWallList = defineAction({
  name: 'echoWall.list',
  input: EchoWallListInput,
  async run(ctx, { communityId, page }): Promise<EchoWallList> {
    const r = await ctx.repos.engage.echo.shown(communityId, page);
    return { entries: await publicViews(ctx.cloud, r.entries), hasMore: r.hasMore };
  },
});
