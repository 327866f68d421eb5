import type { AssessmentResult } from '../../../../../src/core/engage/contract';
import { resolveAssessmentPeriod } from '../../../../../src/core/engage/assessment';
import { AssessmentListInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { dayKey } from '../../../../../src/core/stats/buckets';
import { defineAction } from '../../action';
import { computeAssessment } from '../../app/assessment';
import { engageScope } from '../../app/engageScope';

/** Who sees 五考 rankings: community and street admins and secretaries, over their own subtree. */
export const ASSESSMENT_VIEWERS = ['communityAdmin', 'streetAdmin', 'secretary'] as const;
export const ASSESSMENT_DENIED = '五考排名仅对社区、街道管理员和书记开放';

/** 五考 ranking of a street, community or grid for a month, quarter, half-year or year. */
export const assessmentList = defineAction({
  name: 'assessment.list',
  input: AssessmentListInput,
  async run(ctx, { kind, key, nodeId }): Promise<AssessmentResult> {
    const s = await engageScope(ctx, ASSESSMENT_VIEWERS, nodeId, ASSESSMENT_DENIED);
    const period = resolveAssessmentPeriod(kind, key, dayKey(ctx.now));
    if ('error' in period) return fail('INVALID_INPUT', period.error, { key: period.error });
    const settings = await ctx.repos.settings.get(s.node.level === 'street' ? s.node._id : s.node.path[0]);
    return computeAssessment(ctx, s, period, settings);
  },
});
