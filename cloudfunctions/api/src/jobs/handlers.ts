// The work of each job type. Runs only inside the `jobs` function (and the emulator's copy of it):
// this is where exceljs, pdfkit and the CJK font are loaded. Each handler can run again from the
// start after a crash: imports upsert by code and write only what changed, files get new names.
import { fail } from '../../../../src/core/errors';
import type { Person } from '../../../../src/core/types';
import { CARD_PAGE } from '../actions/card';
import type { CloudSdk, Database } from '../cloud';
import { renderCardsPdf, type PrintableCard } from '../cards/pdf';
import { exportKind, fileNameFor, importFile, templateFor } from '../importer';
import { makeRepos } from '../repo';
import { WXACODE_ENV_VERSION } from '../release';
import type { JobSpec, QueuedJobDoc, StoredFile } from './spec';
import { statsReport } from './statsReport';
import { assessmentReport } from './assessmentReport';

export interface JobEnv {
  cloud: CloudSdk;
  db: Database;
  now: Date;
}

/** A handler's answer: the job's result, and whether it counts as done or failed. */
export interface HandlerResult {
  status: 'done' | 'failed';
  result: unknown;
  message?: string;
}

async function store(env: JobEnv, folder: string, name: string, content: Uint8Array, count?: number): Promise<StoredFile> {
  // ASCII storage path (an ASCII name is used as is); a Chinese name travels separately for the download.
  const ext = name.split('.').pop();
  const cloudPath = /^[\w.-]+$/.test(name) ? `${folder}/${name}` : `${folder}/${env.now.getTime()}-${Math.random().toString(36).slice(2, 8)}.${ext}`;
  const { fileID } = await env.cloud.uploadFile({ cloudPath, fileContent: content });
  return { fileID, name, ...(count === undefined ? {} : { count }) };
}

async function runImport(env: JobEnv, job: QueuedJobDoc, spec: Extract<JobSpec, { type: 'import' }>): Promise<HandlerResult> {
  const { fileContent } = await env.cloud.downloadFile({ fileID: spec.fileID }).catch(() => fail('NOT_FOUND', '文件不存在或已过期，请重新上传'));
  const r = await importFile({
    db: env.db, kind: spec.kind, format: spec.format, buffer: fileContent, scopeNodeId: spec.scopeNodeId, jobId: job._id, ownerOpenid: job.ownerOpenid, now: env.now,
  });
  return r.ok
    ? { status: 'done', result: { ok: true, created: r.created, updated: r.updated, unchanged: r.unchanged }, message: '导入完成' }
    : { status: 'failed', result: { ok: false, errors: r.errors, total: r.total }, message: `发现 ${r.total} 处错误，未写入任何数据；请修改后重新导入` };
}

async function runCardPdf(env: JobEnv, spec: Extract<JobSpec, { type: 'cardPdf' }>): Promise<HandlerResult> {
  const repos = makeRepos(env.db);
  const people = await repos.people.many(spec.personIds);
  const holders = spec.personIds.map((id) => people.get(id)).filter((p): p is Person => !!p?.cardCode);
  if (!holders.length) return fail('NOT_FOUND', '该范围内还没有持卡的包保干部');
  const nodes = await repos.nodes.many(holders.flatMap((p) => [p.gridId ?? '', p.communityId ?? '']));
  const cards: PrintableCard[] = [];
  // A few codes at a time: wxacode is rate-limited and a work group can be large.
  for (let i = 0; i < holders.length; i += 8) {
    cards.push(
      ...(await Promise.all(
        holders.slice(i, i + 8).map(async (p) => {
          const qr = await env.cloud.openapi.wxacode.getUnlimited({ scene: p.cardCode!, page: CARD_PAGE, checkPath: false, envVersion: WXACODE_ENV_VERSION, width: 280 });
          return {
            name: p.name, workUnit: p.workUnit, title: p.title, phone: p.phone, cardCode: p.cardCode!,
            gridName: nodes.get(p.gridId ?? '')?.name ?? '', communityName: nodes.get(p.communityId ?? '')?.name ?? '', qrPng: qr.buffer,
          };
        }),
      )),
    );
  }
  const pdf = await renderCardsPdf(cards, { title: spec.title });
  const name = `联系卡-${spec.scopeId}-${env.now.getTime()}.pdf`;
  return { status: 'done', result: await store(env, 'exports', name, pdf, cards.length), message: '已生成' };
}

/** Runs one job's spec; throws on failure (a DomainError carries the answer for the admin). */
export async function runHandler(env: JobEnv, job: QueuedJobDoc): Promise<HandlerResult> {
  const spec = job.spec;
  if (!spec) return fail('INVALID_STATE', '任务缺少内容，请重新发起');
  switch (spec.type) {
    case 'import':
      return runImport(env, job, spec);
    case 'export': {
      const buf = await exportKind({ db: env.db, kind: spec.kind, format: spec.format, scopeNodeId: spec.nodeId, withTags: spec.withTags === true });
      return { status: 'done', result: await store(env, 'exports', fileNameFor(spec.kind, spec.format, '导出'), buf), message: '已导出' };
    }
    case 'template':
      return { status: 'done', result: await store(env, 'templates', fileNameFor(spec.kind, spec.format, '导入模板'), await templateFor(spec.kind, spec.format)), message: '已生成' };
    case 'cardPdf':
      return runCardPdf(env, spec);
    case 'statsReport': {
      const r = await statsReport(env, job, spec);
      return { status: 'done', result: await store(env, 'exports', r.name, r.buffer, r.count), message: '已生成' };
    }
    case 'assessmentReport': {
      const r = await assessmentReport(env, job, spec);
      return { status: 'done', result: await store(env, 'exports', r.name, r.buffer, r.count), message: '已生成' };
    }
  }
}
