import type { FileResult, ImportResult, JobView, QueuedJob } from '../../../../../src/core/api/adminContract';
import { ExportInput, ImportInput, JobInput, TemplateInput } from '../../../../../src/core/adminSchemas';
import { fail } from '../../../../../src/core/errors';
import { defineAction } from '../../action';
import { nodeInScope, requireAdmin } from '../../adminScope';
import { auditScopeOf, recordAudit } from '../../audit';
import type { Ctx } from '../../context';
import { enqueueJob, fileResult, jobView, lockImportScope, newJobId, queuedAnswer, runNow, settled } from '../../jobs/client';
import type { JobSpec, QueuedJobDoc, StoredFile } from '../../jobs/spec';

/**
 * Queues a job, starts the jobs function and waits a little: a small job answers here as before,
 * a large one answers `{ queued: true, jobId }` and carries on in the background.
 */
const JOB_ID_TAKEN = '该任务编号已被其他管理员使用，请重新选择文件发起导入';

async function runJob<T>(ctx: Ctx, id: string, kind: string, spec: JobSpec, answer: (result: unknown) => Promise<T> | T): Promise<T | QueuedJob> {
  if (!(await enqueueJob(ctx, id, kind, spec))) return fail('CONFLICT', JOB_ID_TAKEN);
  const outcome = await runNow(ctx.cloud, id);
  if (!outcome || outcome.status === 'queued' || outcome.status === 'running') return queuedAnswer(id);
  return answer(settled(outcome));
}

const asFile = (ctx: Ctx) => (r: unknown) => fileResult(ctx.cloud, r as StoredFile) as Promise<FileResult>;

/**
 * Imports a spreadsheet the admin uploaded, in the jobs function. The whole file is checked first;
 * with any error nothing is written. Progress goes to jobs/{jobId}, which the page polls.
 */
export const sheetImport = defineAction({
  name: 'admin.import',
  input: ImportInput,
  async run(ctx, { kind, format, fileID, jobId }): Promise<ImportResult | QueuedJob> {
    const scope = await requireAdmin(ctx);
    if (!fileID.includes(`/uploads/${ctx.openid}/`)) return fail('FORBIDDEN', '只能导入您本人上传的文件，请重新上传');
    if (scope.roots.length > 1) return fail('INVALID_INPUT', '您管理多个范围，请分别登录对应的管理账号导入');
    // Another admin's job id is refused before anything is written (enqueueJob checks it again).
    const existing = (await ctx.repos.jobs.get(jobId)) as QueuedJobDoc | null;
    if (existing && existing.ownerOpenid !== ctx.openid) return fail('CONFLICT', JOB_ID_TAKEN);
    await lockImportScope(ctx, scope.roots[0], jobId);
    // Jobs are owned: another admin's job id is refused, never overwritten.
    return runJob(ctx, jobId, `import.${kind}`, { type: 'import', kind, format, fileID, scopeNodeId: scope.roots[0] }, (r) => r as ImportResult);
  },
});

export const sheetExport = defineAction({
  name: 'admin.export',
  input: ExportInput,
  async run(ctx, { kind, format, nodeId, reason }): Promise<FileResult | QueuedJob> {
    const scope = await requireAdmin(ctx);
    const node = await nodeInScope(ctx, scope, nodeId);
    // Households carry sensitive tags (低保, 残疾 …): they leave only when the admin says why, and that
    // reason is logged with the export. Every export is logged (PIPL Art. 28).
    const withTags = kind === 'households' && !!reason;
    const detail = kind === 'households' ? `导出住户（${format}）${withTags ? '，含标签' : '，不含标签（未填写导出原因）'}` : `导出${kind}（${format}）`;
    await recordAudit(ctx, scope, { action: kind === 'households' ? 'household.export' : 'sheet.export', target: nodeId, scopeNodeId: auditScopeOf(node), reason, detail });
    return runJob(ctx, newJobId('export'), `export.${kind}`, { type: 'export', kind, format, nodeId, ...(withTags ? { withTags } : {}) }, asFile(ctx));
  },
});

export const sheetTemplate = defineAction({
  name: 'admin.template',
  input: TemplateInput,
  async run(ctx, { kind, format }): Promise<FileResult> {
    await requireAdmin(ctx);
    const r = await runJob(ctx, newJobId('template'), `template.${kind}`, { type: 'template', kind, format }, asFile(ctx));
    // A template is a few KB; should the jobs function be slow to start, ask to try again.
    return 'queued' in r ? fail('INTERNAL', '模板生成较慢，请稍后重试') : r;
  },
});

export const jobStatus = defineAction({
  name: 'admin.job',
  input: JobInput,
  async run(ctx, { id }): Promise<JobView> {
    await requireAdmin(ctx);
    return jobView(ctx, id); // someone else's job looks like a missing one
  },
});

/** 继续导入: start an interrupted job again now rather than waiting for the jobs trigger. */
export const jobResume = defineAction({
  name: 'admin.job.resume',
  input: JobInput,
  async run(ctx, { id }): Promise<JobView> {
    await requireAdmin(ctx);
    const view = await jobView(ctx, id);
    if (!view.interrupted) return fail('INVALID_STATE', view.status === 'running' || view.status === 'queued' ? '任务正在进行，无需继续' : '任务已结束');
    // The run takes the expired lease; wait briefly so the call is surely out, then the page polls.
    await runNow(ctx.cloud, id, 2_000);
    return jobView(ctx, id);
  },
});
