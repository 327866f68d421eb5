import type { FileResult, QueuedJob } from '../../../../../src/core/api/adminContract';
import { auditScopeOf, recordAudit } from '../../audit';
import { resolveAssessmentPeriod } from '../../../../../src/core/engage/assessment';
import { AssessmentExportInput } from '../../../../../src/core/engage/schemas';
import { fail } from '../../../../../src/core/errors';
import { dayKey } from '../../../../../src/core/stats/buckets';
import { defineAction } from '../../action';
import { engageScope } from '../../app/engageScope';
import { enqueueJob, fileResult, newJobId, queuedAnswer, runNow, settled } from '../../jobs/client';
import type { StoredFile } from '../../jobs/spec';

/**
 * 五考 考核排名 as xlsx (jobs/assessmentReport.ts), made in the jobs function. Community and street
 * admins, over their subtree. A small one answers the file at once; a large one answers
 * `{ queued, jobId }` and the page follows its progress with admin.job.
 */
export const assessmentExport = defineAction({
  name: 'assessment.export',
  input: AssessmentExportInput,
  async run(ctx, { kind, key, nodeId }): Promise<FileResult | QueuedJob> {
    const s = await engageScope(ctx, ['communityAdmin', 'streetAdmin'], nodeId, '考核排名导出仅对社区、街道管理员开放');
    const period = resolveAssessmentPeriod(kind, key, dayKey(ctx.now));
    if ('error' in period) return fail('INVALID_INPUT', period.error, { key: period.error });
    // Scores of named staff: every export is logged (audit.list).
    await recordAudit(ctx, null, { action: 'report.export', target: s.node._id, scopeNodeId: auditScopeOf(s.node), detail: `导出五考排名（${period.key}）` });
    const id = newJobId('assessment');
    if (!(await enqueueJob(ctx, id, 'assessment.report', { type: 'assessmentReport', nodeId: s.node._id, key: period.key, months: period.months }))) {
      return fail('CONFLICT', '任务编号冲突，请重试');
    }
    const outcome = await runNow(ctx.cloud, id);
    if (!outcome || outcome.status === 'queued' || outcome.status === 'running') return queuedAnswer(id);
    return fileResult(ctx.cloud, settled(outcome) as StoredFile);
  },
});
