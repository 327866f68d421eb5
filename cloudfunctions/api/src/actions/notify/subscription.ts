// The subscription ledger's actions: the client reports each requestSubscribeMessage answer, and
// reads how many notices each template will still bring.
import type { SubscriptionStatus } from '../../../../../src/core/api/notifyContract';
import { TEMPLATE_AUDIENCE } from '../../../../../src/core/notify/moments';
import { SubscriptionReportInput, SubscriptionStatusInput } from '../../../../../src/core/notify/schemas';
import { TEMPLATES } from '../../../../../src/core/notify/templates';
import { defineAction } from '../../action';
import type { Ctx } from '../../context';

export async function statusOf(ctx: Ctx): Promise<SubscriptionStatus> {
  const [entries, longTerm] = await Promise.all([ctx.repos.subscriptions.of(ctx.openid), ctx.repos.subscriptions.longTermTemplates()]);
  return {
    templates: TEMPLATES.map((t) => {
      const e = entries.find((x) => x.templateId === t.id);
      return {
        id: t.id,
        title: t.title,
        audience: TEMPLATE_AUDIENCE[t.id] ?? 'resident',
        longTerm: longTerm.has(t.id),
        remaining: e && !e.banned ? e.grants : 0,
        lastResult: e?.lastResult ?? null,
        banned: !!e?.banned,
      };
    }),
  };
}

/**
 * Anyone signed in reports their own answers. A client that lies about 允许 gains nothing: WeChat
 * itself answers 43101, which empties the ledger again.
 */
export const subscriptionReport = defineAction({
  name: 'subscription.report',
  input: SubscriptionReportInput,
  async run(ctx, { results }): Promise<SubscriptionStatus> {
    const longTerm = await ctx.repos.subscriptions.longTermTemplates();
    for (const [templateId, result] of Object.entries(results)) {
      await ctx.repos.subscriptions.report(ctx.openid, templateId, result, longTerm.has(templateId), ctx.now);
    }
    return statusOf(ctx);
  },
});

export const subscriptionStatus = defineAction({
  name: 'subscription.status',
  input: SubscriptionStatusInput,
  run: (ctx) => statusOf(ctx),
});
