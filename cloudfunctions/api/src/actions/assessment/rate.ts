import type { AssessmentRated } from '../../../../../src/core/engage/contract';
import { AssessmentRateInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { defineAction } from '../../action';
import { rateCadre } from '../../app/evaluation';

/**
 * 民主测评: a resident rates the 包保干部 who serves their household, once per period
 * (app/evaluation.ts: the rating and the community's monthly totals in one transaction).
 */
export const assessmentRate = defineAction({
  name: 'assessment.rate',
  input: AssessmentRateInput,
  async run(ctx, input): Promise<AssessmentRated> {
    const user = await ctx.user();
    if (!user?.householdId) return fail('NO_HOUSEHOLD', '请先扫描包保干部的联系卡并确认您的住户，再进行民主测评');
    // The household doc, not the account's copy: 包保 assignments change after residents confirm.
    const h = await ctx.repos.households.get(user.householdId);
    if (!h) return fail('NO_HOUSEHOLD', '您确认的住户已不存在，请重新扫码确认住户');
    if (h.cadreId !== input.personId) return fail('FORBIDDEN', '只能为为您这户服务的包保干部进行民主测评');
    return rateCadre(ctx, h, input);
  },
});
