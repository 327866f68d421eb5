import type { AssessmentRated } from '../../../../../src/core/engage/contract';
import { evaluationTotalsId, parsePeriodKey, periodKeyOf } from '../../../../../src/core/engage/assessment';
import { AssessmentRateInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { dayKey, monthKey } from '../../../../../src/core/stats/buckets';
import { defineAction } from '../../action';
import { checkContent } from '../../app/contentCheck';
import { txGetOrNull, updatedOf } from '../../repo/getOrNull';
import { EVALUATION_TOTALS_COLLECTION, EVALUATIONS_COLLECTION, raterKey, type EvaluationDoc } from '../../repo/engage';

/** One rating per resident, cadre and period; the resident appears only as a hash of their account. */
export const evaluationId = (periodKey: string, personId: string, openid: string) => `${periodKey}:${personId}:${raterKey(openid)}`;

class Already extends Error {
  constructor(public readonly doc: EvaluationDoc) {
    super('already rated');
  }
}

/**
 * 民主测评: a resident rates the 包保干部 who serves their household, once per period (the street's
 * setting, by default a quarter). The rating and the community's monthly totals are written in one
 * transaction; a second rating in the period changes nothing and says so (a retried tap with the
 * same request id answers success).
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
    const [cadre, settings] = await Promise.all([ctx.repos.people.get(input.personId), ctx.repos.settings.get(h.streetId)]);
    if (!cadre) return fail('NOT_FOUND', '该包保干部不存在');
    const key = periodKeyOf(settings.assessment.ratingPeriod, dayKey(ctx.now));
    const label = parsePeriodKey(key)?.label ?? key;
    const id = evaluationId(key, cadre._id, ctx.openid);
    const answer = (stars: number): AssessmentRated => ({ personId: cadre._id, name: cadre.name, stars, period: { key, label } });
    const already = (d: EvaluationDoc) =>
      d.clientRequestId === input.clientRequestId
        ? answer(d.stars)
        : fail('CONFLICT', `${label}您已为${cadre.name}进行过民主测评（${d.stars}星），每个考核期只能测评一次`);

    const prior = await ctx.repos.engage.assessment.evaluation(id);
    if (prior) return already(prior);
    if (input.comment) await checkContent(ctx, input.comment);

    const month = monthKey(ctx.now);
    const doc: EvaluationDoc = {
      _id: id, rater: raterKey(ctx.openid), personId: cadre._id, period: key, month, streetId: h.streetId, communityId: h.communityId, gridId: h.gridId,
      householdId: h._id, stars: input.stars, comment: input.comment ?? '', clientRequestId: input.clientRequestId, at: ctx.now,
    };
    const totalsId = evaluationTotalsId(h.communityId, month);
    const _ = ctx.db.command;
    try {
      await ctx.db.runTransaction(async (tx) => {
        const cur = await txGetOrNull<EvaluationDoc>(tx, EVALUATIONS_COLLECTION, id);
        if (cur) throw new Already(cur);
        const { _id, ...data } = doc;
        void _id;
        await tx.collection(EVALUATIONS_COLLECTION).doc(id).set({ data });
        const totals = tx.collection(EVALUATION_TOTALS_COLLECTION).doc(totalsId);
        const r = await totals.update({ data: { p: { [cadre._id]: { n: _.inc(1), sum: _.inc(input.stars) } } } });
        if (updatedOf(r) === 0) {
          await totals.set({ data: { streetId: h.streetId, communityId: h.communityId, month, p: { [cadre._id]: { n: 1, sum: input.stars } } } });
        }
      });
    } catch (err) {
      if (err instanceof Already) return already(err.doc);
      throw err;
    }
    return answer(input.stars);
  },
});
