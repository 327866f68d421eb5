import type { SubmitResult } from '../../../../../src/core/api/contract';
import { fail } from '../../../../../src/core/errors';
import { OnBehalfInput } from '../../../../../src/core/workflowSchemas';
import type { Role } from '../../../../../src/core/types';
import { defineAction } from '../../action';
import { buildItem, itemIdFor, storeNewItem } from '../../app/createItem';
import { refuseIfRecentlyLimited } from '../../app/limits';
import { toView } from '../../views';
import { checkContent } from '../../app/contentCheck';

const STAFF: Role[] = ['cadre', 'gridWorker', 'gridLeader', 'buildingLeader', 'unitLeader', 'communityAdmin'];

/**
 * 代居民登记: after a visit or a call, a cadre or grid worker records an item for a household of
 * their community. It is marked as such and enters the same loop; the staff member follows it as
 * its submitter (the household may have no WeChat account).
 */
export const onBehalf = defineAction({
  name: 'item.onBehalf',
  input: OnBehalfInput,
  async run(ctx, input): Promise<SubmitResult> {
    await refuseIfRecentlyLimited(ctx, 'onBehalf', itemIdFor(ctx.openid, input.clientRequestId));
    if (input.photos.some((p) => !p.includes(`/uploads/${ctx.openid}/`))) return fail('FORBIDDEN', '只能使用您本人上传的图片，请重新上传');
    await checkContent(ctx, input.description);
    const id = itemIdFor(ctx.openid, input.clientRequestId);
    // The staff member's account is read once, in the item's transaction: it holds their roles
    // and their daily count.
    const stored = await storeNewItem(ctx, 'onBehalf', async (account) => {
      const person = account?.person;
      if (!person || !account.roles.some((r) => STAFF.includes(r.role))) return fail('FORBIDDEN', '只有包保干部、网格员和社区工作人员可以代居民登记');
      const found = await ctx.repos.households.withCadre(input.householdId);
      const h = found?.household;
      // Same answer for missing and out of scope.
      const inScope = !!h && account.roles.some((r) => [h.gridId, h.communityId, h.buildingId].includes(r.nodeId) || r.nodeId === h.streetId);
      if (!found || !h || !inScope) return fail('NOT_FOUND', '该住户不存在或不在您的服务范围内');
      return buildItem(ctx, {
        id, household: h, cadre: found.cadre, kind: input.kind, category: input.category, description: input.description, photos: input.photos,
        anonymous: false, submitterOpenid: ctx.openid, clientRequestId: input.clientRequestId,
        actor: { actor: person.name, actorRole: account.roles[0].role, action: 'onBehalf', by: person.id },
        onBehalf: { personId: person.id, name: person.name, channel: input.channel },
      });
    });
    const item = stored.outcome === 'created' ? stored.item : (await ctx.repos.items.get(id))!;
    return { item: await toView(ctx.cloud, item, { isMine: true, isHolder: false }, ctx.now), duplicate: stored.outcome === 'duplicate' };
  },
});
