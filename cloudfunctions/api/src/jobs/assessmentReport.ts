// 五考 考核排名 xlsx, made in the jobs function (exceljs lives there only). One sheet of the ranking
// (rank, person, grid, score, each metric, counts behind them) and one of the weights and the note.
// The ranking comes from app/assessment.ts, the same function assessment.list answers with.
import type { Workbook } from 'exceljs';
import { ASSESSMENT_METRICS, METRIC_LABEL, parsePeriodKey } from '../../../../src/core/engage/assessment';
import { fail } from '../../../../src/core/errors';
import { computeAssessment } from '../app/assessment';
import { makeRepos } from '../repo';
import type { JobEnv } from './handlers';
import type { JobSpec, QueuedJobDoc } from './spec';

type ExcelJSModule = typeof import('exceljs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exceljs = (): ExcelJSModule => require('exceljs') as ExcelJSModule;

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

export async function assessmentReport(
  env: JobEnv,
  job: QueuedJobDoc,
  spec: Extract<JobSpec, { type: 'assessmentReport' }>,
): Promise<{ name: string; buffer: Uint8Array; count: number }> {
  const repos = makeRepos(env.db);
  const progress = (data: Record<string, unknown>) => repos.jobs.patch(job._id, { ...data, updatedAt: new Date() });
  const node = await repos.nodes.get(spec.nodeId);
  if (!node || (node.level !== 'street' && node.level !== 'community' && node.level !== 'grid')) return fail('NOT_FOUND', '考核范围不存在');
  const period = parsePeriodKey(spec.key);
  if (!period) return fail('INVALID_INPUT', '考核期无效');
  const p = { ...period, months: spec.months };
  await progress({ message: '正在计算得分', total: 0, processed: 0 });
  const settings = await repos.settings.get(node.level === 'street' ? node._id : node.path[0]);
  const r = await computeAssessment({ repos, now: env.now }, { node, level: node.level }, p, settings);
  await progress({ message: '正在生成表格', total: r.rows.length, processed: 0 });

  const wb: Workbook = new (exceljs().Workbook)();
  const ws = wb.addWorksheet('考核排名');
  ws.addRow([`${r.scope.name} ${p.label} 五考考核排名`]).font = { bold: true, size: 14 };
  ws.addRow(['排名', '姓名', '角色', '网格', '得分', ...ASSESSMENT_METRICS.map((k) => METRIC_LABEL[k]), '办结次数', '测评人数', '平均星级']).font = { bold: true };
  r.rows.forEach((row, i) => {
    ws.addRow([row.rank ?? '—', row.name, row.roleLabel, row.gridName, row.score ?? '—', ...ASSESSMENT_METRICS.map((k) => pct(row.metrics[k])), row.handled, row.evaluations, row.avgStars]);
    if ((i + 1) % 200 === 0) void progress({ processed: i + 1 });
  });
  for (let c = 6; c < 6 + ASSESSMENT_METRICS.length; c++) ws.getColumn(c).numFmt = '0.0%';
  ws.columns.forEach((col, i) => (col.width = i === 1 || i === 3 ? 16 : 11));
  const wsNote = wb.addWorksheet('权重与口径');
  wsNote.addRow(['指标', '权重']).font = { bold: true };
  for (const k of ASSESSMENT_METRICS) wsNote.addRow([METRIC_LABEL[k], r.weights[k]]);
  wsNote.addRow([]);
  wsNote.addRow([r.note]);
  wsNote.getColumn(1).width = 20;
  await progress({ processed: r.rows.length });
  const buffer = new Uint8Array(await wb.xlsx.writeBuffer());
  return { name: `assessment-${spec.nodeId}-${spec.key}.xlsx`, buffer, count: r.rows.length };
}
