// 民主测评: a resident's rating of the 包保干部 who serves their household (assessment.rate), once per
// period (the street's setting, by default a quarter). The rating and the community's monthly totals
// (evaluationTotals, read by 五考: app/assessment.ts) are written in one transaction.
import type * as v from 'valibot';
import type { AssessmentRated } from '../../../../src/core/engage/contract';
import { evaluationTotalsId, parsePeriodKey, periodKeyOf } from '../../../../src/core/engage/assessment';
import type { AssessmentRateInput } from '../../../../src/core/engage/schemas';
import { fail } from '../../../../src/core/errors';
import { dayKey, monthKey } from '../../../../src/core/stats/buckets';
import type { Household } from '../../../../src/core/types';
import type { Ctx } from '../context';
import { EVALUATION_TOTALS_COLLECTION, EVALUATIONS_COLLECTION, raterKey, type EvaluationDoc } from '../repo/engage';
import { txGetOrNull, updatedOf } from '../repo/getOrNull';
import { checkContent } from './contentCheck';
import { retryOnConflict } from './conflicts';

/** One rating per resident, cadre and period; the resident appears only as a hash of their account. */
export const evaluationId = (periodKey: string, personId: string, openid: string) => `${periodKey}:${personId}:${raterKey(openid)}`;

class Already extends Error {
  constructor(public readonly doc: EvaluationDoc) {
    super('already rated');
  }
}

/**
 * The caller rates the cadre of `household` (the action checked it is theirs and that they serve it).
 * A second rating in the period changes nothing and says so; a retried tap with the same request id
 * answers success.
 */
export async function rateCadre(ctx: Ctx, h: Household, input: v.InferOutput<typeof AssessmentRateInput>): Promise<AssessmentRated> {
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
    // A double tap's two calls conflict on the rating; the loser runs again, finds it and answers as a retry.
    await retryOnConflict(() => ctx.db.runTransaction(async (tx) => {
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
    }));
  } catch (err) {
    if (err instanceof Already) return already(err.doc);
    throw err;
  }
  return answer(input.stars);
}
