import type { MyData } from '../../../../../src/core/personal/contract';
import { PrivacyMineInput } from '../../../../../src/core/personal/schemas';
import { KIND_LABEL, STATE_LABEL } from '../../../../../src/core/labels';
import { defineAction } from '../../action';

const LIST = 50;

/**
 * 个人信息查阅: what GridLink holds about the caller, identified by the wx-context OPENID only. The
 * household is shown by its label; its tags never are (binding a room is not proof of living there).
 */
export const privacyMine = defineAction({
  name: 'privacy.mine',
  input: PrivacyMineInput,
  async run(ctx): Promise<MyData> {
    const [user, items, subs, messages] = await Promise.all([
      ctx.user(),
      ctx.repos.items.latestOfSubmitter(ctx.openid, LIST),
      ctx.repos.subscriptions.of(ctx.openid),
      ctx.repos.outbox.count(ctx.openid), // 消息中心: the notices sent to the caller
    ]);
    return {
      openid: ctx.openid,
      createdAt: user?.createdAt ? new Date(user.createdAt).toISOString() : null,
      household: user?.householdId ? { id: user.householdId, label: user.household?.label ?? '' } : null,
      items: items.items.map((i) => ({
        id: i._id,
        kind: KIND_LABEL[i.kind] ?? i.kind,
        category: i.category,
        description: i.description,
        state: STATE_LABEL[i.state] ?? i.state,
        photos: i.photos.length,
        createdAt: new Date(i.createdAt).toISOString(),
      })),
      moreItems: items.hasMore,
      subscriptions: subs.map((s) => ({ templateId: s.templateId, grants: s.grants })),
      messages,
      isStaff: !!(user?.roles?.length || user?.person),
      erasing: !!user?.erasure,
    };
  },
});
