import type { AssessmentMine } from '../../../../../src/core/engage/contract';
import { ASSESSMENT_PERIOD_LABEL, parsePeriodKey, periodKeyOf } from '../../../../../src/core/engage/assessment';
import { AssessmentMineInput } from '../../../../../src/core/engage/schemas';
import { dayKey } from '../../../../../src/core/stats/buckets';
import { defineAction } from '../../action';
import { evaluationId } from '../../app/evaluation';

/** 民主测评 for the caller: their household's 包保干部, this period, and whether they rated already. */
export const assessmentMine = defineAction({
  name: 'assessment.mine',
  input: AssessmentMineInput,
  async run(ctx): Promise<AssessmentMine> {
    const user = await ctx.user();
    const h = user?.householdId ? await ctx.repos.households.get(user.householdId) : null;
    const settings = h ? await ctx.repos.settings.get(h.streetId) : null;
    const kind = settings?.assessment.ratingPeriod ?? 'quarter';
    const key = periodKeyOf(kind, dayKey(ctx.now));
    const period = { kind, key, label: parsePeriodKey(key)?.label ?? ASSESSMENT_PERIOD_LABEL[kind] };
    const cadre = h?.cadreId ? await ctx.repos.people.get(h.cadreId) : null;
    if (!cadre) return { cadre: null, period, rated: null };
    const e = await ctx.repos.engage.assessment.evaluation(evaluationId(key, cadre._id, ctx.openid));
    return {
      cadre: { id: cadre._id, name: cadre.name, title: cadre.title },
      period,
      rated: e ? { stars: e.stars, at: new Date(e.at).toISOString() } : null,
    };
  },
});
