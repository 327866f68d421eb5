// Public entry of the spreadsheet import/export engine. Rules live in src/core/importing (pure);
// this side parses files, loads docs in batches, writes the plan and reports progress.
import { COLUMNS, helpRows, KIND_LABEL, KINDS, type FileFormat, type ImportKind } from '../../../../src/core/importing/columns';
import { exampleRow, headersOf } from '../../../../src/core/importing/exportRows';
import { emptyKnown, planImport, sortErrors, type Counts, type ImportPlan, type PlanStep } from '../../../../src/core/importing/plan';
import { readSheet, validateRows, type RowError } from '../../../../src/core/importing/rows';
import type { UserDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { makeRepos } from '../repo';
import { getOrNull } from '../repo/getOrNull';
import { applyPlan } from './apply';
import { writeTagAudit } from './audit';
import { COLUMN_WIDTHS, exportKind, type ExportArgs } from './export';
import { JobProgress } from './job';
import { loadNeed } from './load';
import { parseSheet, UnreadableFileError, writeCsv, writeXlsx } from './sheet';

export { COLUMNS, exportKind, KIND_LABEL, KINDS };
export type { ExportArgs, FileFormat, ImportKind, RowError };

export const MAX_ERRORS = 200;
const MAX_ROUNDS = 8;

export interface ImportArgs {
  db: Database;
  kind: ImportKind;
  format: FileFormat;
  buffer: Uint8Array;
  /** The admin's subtree root: every row must lie inside it. */
  scopeNodeId: string;
  /** When given, jobs/{jobId} reports progress (running → done/failed). */
  jobId?: string;
  ownerOpenid: string;
  now?: Date;
}

export type ImportOutcome =
  | ({ ok: true } & Counts & { related: ImportPlan['related'] })
  | { ok: false; errors: RowError[]; total: number };

/**
 * Validates the whole file first (schema, references, duplicates, scope) and writes nothing if any
 * row is wrong; otherwise upserts by code, writing only what changed. Re-importing a file is a no-op.
 */
export async function importFile(args: ImportArgs): Promise<ImportOutcome> {
  const { db, kind, format, scopeNodeId } = args;
  const now = args.now ?? new Date();
  const job = new JobProgress(db, args.jobId, `import.${kind}`, args.ownerOpenid, now);
  await job.start('正在读取文件');

  const reject = async (errors: RowError[]): Promise<ImportOutcome> => {
    const sorted = sortErrors(kind, errors);
    const out = { ok: false as const, errors: sorted.slice(0, MAX_ERRORS), total: sorted.length };
    await job.failed(`发现 ${sorted.length} 处错误，未写入任何数据；请修改后重新导入`, { errors: out.errors, total: out.total });
    return out;
  };

  try {
    let parsed;
    try {
      parsed = await parseSheet(format, args.buffer);
    } catch (e) {
      if (e instanceof UnreadableFileError) return await reject([{ row: 0, column: '', message: e.message }]);
      throw e;
    }
    const sheet = readSheet(kind, parsed.header ? [parsed.header, ...parsed.rows] : []);
    parsed = undefined; // let the raw cells go before planning
    if (sheet.errors.length) return await reject(sheet.errors);
    await job.phase('正在校验', sheet.rows.length);

    const valid = validateRows(kind, sheet.rows);
    const known = emptyKnown();
    const badRows = new Set(valid.errors.map((e) => e.row));
    const brokenCodes = new Set(sheet.rows.filter((r) => badRows.has(r.row) && r.cells.code).map((r) => r.cells.code));
    // Households: the importing admin is named on consent notes and on the audit entries of tag changes.
    const owner = kind === 'households' ? await getOrNull<UserDoc>(db.collection('users').doc(args.ownerOpenid)) : null;
    const opts = { scopeNodeId, now, brokenCodes, recordedBy: owner?.person?.name ?? null };
    let step: PlanStep = planImport(kind, valid.rows, known, opts);
    for (let round = 1; step.status === 'need'; round++) {
      if (round > MAX_ROUNDS) throw new Error(`import planning did not settle after ${MAX_ROUNDS} rounds`);
      await loadNeed(db, known, step.need);
      step = planImport(kind, valid.rows, known, opts);
    }
    const errors = [...valid.errors, ...(step.status === 'invalid' ? step.errors : [])];
    if (errors.length || step.status !== 'ready') return await reject(errors);

    const { plan } = step;
    await job.phase('正在写入');
    // Sensitive tag changes are logged before they are written (audit.ts: once each, also on resume).
    if (plan.tagChanges?.length) {
      const runKey = args.jobId ?? `run-${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      await writeTagAudit(makeRepos(db), plan.tagChanges, { openid: args.ownerOpenid, user: owner }, runKey, now);
    }
    await job.advance(plan.counts.unchanged);
    await applyPlan(db, plan, (n) => job.advance(n));
    const result = { ok: true as const, ...plan.counts, related: plan.related };
    await job.done(result);
    return result;
  } catch (e) {
    await job
      .failed(`导入中断：${(e as Error).message}。已写入的部分会保留，重新导入同一文件即可继续（不会重复写入）`)
      .catch(() => {});
    throw e;
  }
}

/** Header row plus one example row; the xlsx adds a "填写说明" sheet describing every column. */
export async function templateFor(kind: ImportKind, format: FileFormat): Promise<Buffer> {
  const data = { name: KIND_LABEL[kind], header: headersOf(kind), widths: COLUMN_WIDTHS[kind], rows: [exampleRow(kind)] };
  if (format === 'csv') return writeCsv(data);
  const [helpHeader, ...help] = helpRows(kind);
  return writeXlsx([data, { name: '填写说明', header: helpHeader, widths: [14, 14, 80, 28], rows: help }]);
}

/** Suggested download name, e.g. "住户-导入模板.xlsx". */
export const fileNameFor = (kind: ImportKind, format: FileFormat, what: '导入模板' | '导出' = '导出') => `${KIND_LABEL[kind]}-${what}.${format}`;
