import { fail } from '../../../../src/core/errors';
import { SubmitInput } from '../../../../src/core/schemas';
import { defineAction } from '../action';
import { buildItem, itemIdFor, storeNewItem } from '../app/createItem';
import { refuseIfRecentlyLimited } from '../app/limits';
import type { Ctx } from '../context';
import { toView } from '../views';

export { itemIdFor };
import { checkContent } from '../app/contentCheck';
import type { SubmitResult } from '../../../../src/core/api/contract';

/**
 * Anonymous items carry no trace of the reporter: their photos are copied from uploads/<OPENID>/ to
 * items/<item id>/ (the id is a hash, opaque to readers) and the item refers only to the copies.
 * Same item → same paths, so a retried submit rewrites the same files.
 */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

async function opaquePhotos(ctx: Ctx, itemId: string, photos: string[]): Promise<string[]> {
  return Promise.all(
    photos.map(async (fileID, i) => {
      const { fileContent } = await ctx.cloud.downloadFile({ fileID }).catch(() => fail('NOT_FOUND', `第 ${i + 1} 张图片已失效，请重新上传后再提交`));
      // wx.cloud.uploadFile goes straight to storage; WeChat's content check takes images up to 10 MB.
      if (fileContent.length > MAX_PHOTO_BYTES) fail('INVALID_INPUT', `第 ${i + 1} 张图片超过 10MB，请压缩后重新上传`);
      const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileID)?.[1]?.toLowerCase() ?? 'jpg';
      return (await ctx.cloud.uploadFile({ cloudPath: `items/${itemId}/photo${i + 1}.${ext}`, fileContent })).fileID;
    }),
  );
}

export const submit = defineAction({
  name: 'item.submit',
  input: SubmitInput,
  async run(ctx, input): Promise<SubmitResult> {
    await refuseIfRecentlyLimited(ctx, 'submit', itemIdFor(ctx.openid, input.clientRequestId)); // a script at its daily limit costs one read (app/limits.ts)
    const ownPrefix = `/uploads/${ctx.openid}/`;
    if (input.photos.some((p) => !p.includes(ownPrefix))) return fail('FORBIDDEN', '只能使用您本人上传的图片，请重新上传');

    const id = itemIdFor(ctx.openid, input.clientRequestId);
    const copyPhotos = input.anonymous && input.photos.length > 0;
    if (copyPhotos) {
      // A retry of a stored item answers it before copying anything again.
      const first = await ctx.repos.items.get(id);
      if (first) return { item: await toView(ctx.cloud, first, { isMine: true, isHolder: false }, ctx.now), duplicate: true };
    }
    await checkContent(ctx, input.description);
    const photos = copyPhotos ? await opaquePhotos(ctx, id, input.photos) : input.photos;

    // The account is read inside the item's transaction (it also holds the daily count).
    const stored = await storeNewItem(ctx, 'submit', async (user) => {
      if (!user?.householdId || !user.household) return fail('NO_HOUSEHOLD', '请先扫描包保干部的联系卡并确认您的住户');
      // The household doc, not the account's copy: 包保 assignments change after residents confirm.
      const found = await ctx.repos.households.withCadre(user.householdId);
      if (!found) return fail('NO_HOUSEHOLD', '您确认的住户已不存在，请重新扫码确认住户');
      const { household: h, cadre } = found;
      return buildItem(ctx, {
        id, household: h, cadre, kind: input.kind, category: input.category, description: input.description, photos,
        anonymous: input.anonymous, echoWall: input.echoWall, submitterOpenid: ctx.openid, clientRequestId: input.clientRequestId,
        actor: { actor: input.anonymous ? '匿名' : h.label, actorRole: 'resident', action: 'submit', by: 'submitter' },
      });
    });
    // A retry (or a concurrent double tap) answers with the first item, changing nothing.
    const item = stored.outcome === 'created' ? stored.item : (await ctx.repos.items.get(id))!;
    return { item: await toView(ctx.cloud, item, { isMine: true, isHolder: false }, ctx.now), duplicate: stored.outcome === 'duplicate' };
  },
});
