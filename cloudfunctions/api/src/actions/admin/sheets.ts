import type { FileResult, ImportResult, JobView } from '../../../../../src/core/api/adminContract';
import { ExportInput, ImportInput, JobInput, TemplateInput } from '../../../../../src/core/adminSchemas';
import { fail } from '../../../../../src/core/errors';
import { defineAction } from '../../action';
import { nodeInScope, requireAdmin } from '../../adminScope';
import type { Ctx } from '../../context';
import { exportKind, fileNameFor, importFile, templateFor } from '../../importer';

async function publish(ctx: Ctx, folder: string, name: string, content: Uint8Array): Promise<FileResult> {
  // ASCII storage path; the Chinese name travels separately for the download.
  const { fileID } = await ctx.cloud.uploadFile({ cloudPath: `${folder}/${ctx.now.getTime()}-${Math.random().toString(36).slice(2, 8)}.${name.split('.').pop()}`, fileContent: content });
  const { fileList } = await ctx.cloud.getTempFileURL({ fileList: [fileID] });
  return { url: fileList[0]?.tempFileURL ?? '', fileID, name };
}

/**
 * Imports a spreadsheet the admin uploaded. The whole file is checked first; with any error nothing
 * is written. Progress goes to jobs/{jobId}, which the page polls while this call runs.
 */
export const sheetImport = defineAction({
  name: 'admin.import',
  input: ImportInput,
  async run(ctx, { kind, format, fileID, jobId }): Promise<ImportResult> {
    const scope = await requireAdmin(ctx);
    if (!fileID.includes(`/uploads/${ctx.openid}/`)) return fail('FORBIDDEN', '只能导入您本人上传的文件，请重新上传');
    if (scope.roots.length > 1) return fail('INVALID_INPUT', '您管理多个范围，请分别登录对应的管理账号导入');
    const { fileContent } = await ctx.cloud.downloadFile({ fileID }).catch(() => fail('NOT_FOUND', '文件不存在或已过期，请重新上传'));
    // Jobs are owned: another admin's job id is refused, never overwritten.
    if (!(await ctx.repos.jobs.claim(jobId, ctx.openid, `import.${kind}`, ctx.now))) {
      return fail('CONFLICT', '该任务编号已被其他管理员使用，请重新选择文件发起导入');
    }
    const r = await importFile({ db: ctx.db, kind, format, buffer: fileContent, scopeNodeId: scope.roots[0], jobId, ownerOpenid: ctx.openid, now: ctx.now });
    return r.ok ? { ok: true, created: r.created, updated: r.updated, unchanged: r.unchanged } : { ok: false, errors: r.errors, total: r.total };
  },
});

export const sheetExport = defineAction({
  name: 'admin.export',
  input: ExportInput,
  async run(ctx, { kind, format, nodeId }) {
    const scope = await requireAdmin(ctx);
    await nodeInScope(ctx, scope, nodeId);
    const buf = await exportKind({ db: ctx.db, kind, format, scopeNodeId: nodeId });
    return publish(ctx, 'exports', fileNameFor(kind, format, '导出'), buf);
  },
});

export const sheetTemplate = defineAction({
  name: 'admin.template',
  input: TemplateInput,
  async run(ctx, { kind, format }) {
    await requireAdmin(ctx);
    return publish(ctx, 'templates', fileNameFor(kind, format, '导入模板'), await templateFor(kind, format));
  },
});

export const jobStatus = defineAction({
  name: 'admin.job',
  input: JobInput,
  async run(ctx, { id }): Promise<JobView> {
    await requireAdmin(ctx);
    const job = await ctx.repos.jobs.get(id);
    // Someone else's job looks like a missing one.
    if (!job || job.ownerOpenid !== ctx.openid) return fail('NOT_FOUND', '任务不存在或已结束');
    return { id: job._id, status: job.status, total: job.total, processed: job.processed, message: job.message };
  },
});
