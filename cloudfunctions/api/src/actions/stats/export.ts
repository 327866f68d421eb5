import type { FileResult, QueuedJob } from '../../../../../src/core/api/adminContract';
import { fail } from '../../../../../src/core/errors';
import { StatsExportInput } from '../../../../../src/core/stats/schemas';
import { defineAction } from '../../action';
import { authorizeStats } from '../../app/stats';
import { auditScopeOf, recordAudit } from '../../audit';
import { enqueueJob, fileResult, newJobId, queuedAnswer, runNow, settled } from '../../jobs/client';
import type { StoredFile } from '../../jobs/spec';

/**
 * 统计分析报告: an xlsx of a scope and period (jobs/statsReport.ts), made in the jobs function.
 * A small one answers the file at once; a large one answers `{ queued, jobId }` and the page
 * follows its progress with stats.job.
 */
export const statsExport = defineAction({
  name: 'stats.export',
  input: StatsExportInput,
  async run(ctx, input): Promise<FileResult | QueuedJob> {
    const scope = await authorizeStats(ctx, input);
    // The report names staff and lists items: every export is logged (audit.list).
    await recordAudit(ctx, null, { action: 'report.export', target: scope.node._id, scopeNodeId: auditScopeOf(scope.node), detail: '导出统计分析报告' });
    const id = newJobId('stats');
    if (!(await enqueueJob(ctx, id, 'stats.report', { type: 'statsReport', nodeId: scope.node._id, root: scope.root, period: scope.period }))) {
      return fail('CONFLICT', '任务编号冲突，请重试');
    }
    const outcome = await runNow(ctx.cloud, id);
    if (!outcome || outcome.status === 'queued' || outcome.status === 'running') return queuedAnswer(id);
    return fileResult(ctx.cloud, settled(outcome) as StoredFile);
  },
});
