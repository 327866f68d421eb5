// 统计分析报告: an xlsx of a scope and period, made in the jobs function (exceljs lives there only).
// Sheets: 按组织 (the scope and every community and grid below it, or a grid's people), 按分类,
// 超期与不满意事项 (items of the period that went overdue or got an unsatisfied rating, read a page
// at a time and capped), and 口径与预警 (the definitions and this period's warnings). Every figure
// comes from the same counters and functions as the 统计 page (app/stats.ts, core/stats/rates.ts).
import type { Workbook, Worksheet } from 'exceljs';
import { LEVEL_LABEL, STATE_LABEL } from '../../../../src/core/labels';
import type { StatsRow } from '../../../../src/core/stats/contract';
import { AVERAGES, COUNTING_NOTE, RATES, average, rate } from '../../../../src/core/stats/rates';
import type { ScopeLevel } from '../../../../src/core/stats/summary';
import type { Counts } from '../../../../src/core/stats/tally';
import { WARNING_TEXT } from '../../../../src/core/stats/warnings';
import { fail } from '../../../../src/core/errors';
import type { Item, OrgNode } from '../../../../src/core/types';
import { categoryRows, childRows, countsOf, loadCounters, STATS_LEVELS, warningsFor, type StatsScope } from '../app/stats';
import { makeRepos } from '../repo';
import type { JobEnv } from './handlers';
import type { JobSpec, QueuedJobDoc } from './spec';

type ExcelJSModule = typeof import('exceljs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exceljs = (): ExcelJSModule => require('exceljs') as ExcelJSModule;

/** At most this many items on the third sheet (a note says when there were more). */
export const REPORT_MAX_ITEMS = 5000;
const PAGE = 100;

/** The count columns of the first two sheets, in order. */
export const REPORT_COUNTS: { key: keyof Counts; label: string }[] = [
  { key: 'submitted', label: '提交' },
  { key: 'accepted', label: '受理' },
  { key: 'resolved', label: '办结' },
  { key: 'resolvedOnTime', label: '按期办结' },
  { key: 'closed', label: '完结' },
  { key: 'rated', label: '已评价' },
  { key: 'ratedSatisfied', label: '满意' },
  { key: 'ratedUnsatisfied', label: '不满意' },
  { key: 'rectified', label: '整改' },
  { key: 'overdue', label: '超期' },
  { key: 'escalated', label: '上报' },
  { key: 'whistled', label: '吹哨' },
  { key: 'withdrawn', label: '撤回' },
];

const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10);

/** A row's cells after its name columns: counts, rates (fractions, shown as %), averages (hours). */
function figures(c: Counts): (number | null)[] {
  return [
    ...REPORT_COUNTS.map((k) => c[k.key] ?? 0),
    ...RATES.map((d) => rate(c, d).value),
    ...AVERAGES.map((d) => hours(average(c, d))),
  ];
}

const FIGURE_HEADERS = [...REPORT_COUNTS.map((k) => k.label), ...RATES.map((d) => d.label), ...AVERAGES.map((d) => `${d.label}（小时）`)];

function table(ws: Worksheet, names: string[], rows: (string | number | null)[][]) {
  ws.addRow([...names, ...FIGURE_HEADERS]).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  const first = names.length + REPORT_COUNTS.length + 1;
  for (let i = 0; i < RATES.length; i++) ws.getColumn(first + i).numFmt = '0.0%';
  ws.getColumn(1).width = 10;
  ws.getColumn(names.length).width = 18;
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: names.length }];
}

const chinaDate = (d: Date | string) => new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function statsReport(
  env: JobEnv, job: QueuedJobDoc, spec: Extract<JobSpec, { type: 'statsReport' }>,
): Promise<{ name: string; buffer: Uint8Array; count: number }> {
  const repos = makeRepos(env.db);
  const progress = (data: Record<string, unknown>) => repos.jobs.patch(job._id, { ...data, updatedAt: new Date() });

  const { node, nodes } = await repos.nodes.withStatsTree(spec.nodeId);
  if (!node || !STATS_LEVELS.includes(node.level as ScopeLevel)) return fail('NOT_FOUND', '要统计的组织不存在');
  const scope: StatsScope = { node, level: node.level as ScopeLevel, root: spec.root, below: nodes, period: spec.period };
  await progress({ message: '正在汇总计数' });
  const loaded = await loadCounters(repos, scope, env.now, { previous: true, grids: 'all' });
  const counts = countsOf(scope, loaded.current);

  // 按组织: the scope, then each child, and below a street's communities their grids.
  const byNode: (string | number | null)[][] = [[LEVEL_LABEL[node.level], node.name, ...figures(counts.totals)]];
  const children = await childRows(repos, scope, counts.children);
  const childLabel = children.level === 'person' ? '人员' : LEVEL_LABEL[children.level];
  for (const r of children.rows) {
    byNode.push([childLabel, r.name, ...figures(r.counts)]);
    if (scope.level !== 'street') continue;
    const community = nodes.find((n) => n._id === r.id) as OrgNode;
    const sub: StatsScope = { ...scope, node: community, level: 'community' };
    const grids = await childRows(repos, { ...sub, below: nodes }, countsOf(sub, loaded.current).children);
    for (const g of grids.rows) byNode.push([LEVEL_LABEL.grid, `${r.name} / ${g.name}`, ...figures(g.counts)]);
  }

  // 超期与不满意事项: items of the period in the scope, a page at a time by _id.
  const flagged = repos.items.flaggedInPeriod(scope.level, node._id, new Date(`${spec.period.from}T00:00:00+08:00`), new Date(`${spec.period.to}T23:59:59.999+08:00`));
  const total = await flagged.count();
  const shown = Math.min(total, REPORT_MAX_ITEMS);
  await progress({ total: shown, processed: 0, message: `正在读取超期与不满意事项（共 ${total} 件）` });
  const gridName = new Map(nodes.filter((n) => n.level === 'grid').map((n) => [n._id, n.name]));
  if (scope.level === 'grid') gridName.set(node._id, node.name);
  const itemRows: (string | number)[][] = [];
  let after = '';
  while (itemRows.length < shown) {
    const data = await flagged.page(after, PAGE);
    for (const it of data as Item[]) {
      const last = it.ratings?.[it.ratings.length - 1];
      itemRows.push([
        it._id.slice(0, 8), chinaDate(it.createdAt), it.category, gridName.get(it.gridId) ?? it.gridId, STATE_LABEL[it.state] ?? it.state, it.holder?.name ?? '',
        it.overdueAt ? chinaDate(it.overdueAt) : '', last ? `${last.stars} 星，${last.solved ? '已解决' : '未解决'}` : '未评价',
        last ? (last.satisfied ? '满意' : '不满意') : '', it.rectifyCount ?? 0, it.description.slice(0, 200),
      ]);
      if (itemRows.length >= shown) break;
    }
    await progress({ processed: itemRows.length });
    if (data.length < PAGE) break;
    after = (data[data.length - 1] as Item)._id;
  }

  const wb: Workbook = new (exceljs().Workbook)();
  wb.creator = '网格连心';
  const title = `${node.name}统计分析报告（${spec.period.from} 至 ${spec.period.to}）`;
  table(wb.addWorksheet('按组织'), ['层级', '名称'], byNode);
  table(wb.addWorksheet('按分类'), ['分类'], categoryRows(counts.categories).map((r: StatsRow) => [r.name, ...figures(r.counts)]));
  const ws = wb.addWorksheet('超期与不满意事项');
  ws.addRow(['编号', '提交时间', '分类', '网格', '状态', '办理人', '超期时间', '最终评价', '满意度', '整改次数', '诉求内容']).font = { bold: true };
  for (const r of itemRows) ws.addRow(r);
  if (total > shown) ws.addRow([`另有 ${total - shown} 件未列出（每份报告最多 ${REPORT_MAX_ITEMS} 件），请缩小范围或统计期`]);
  ws.getColumn(11).width = 60;
  const notes = wb.addWorksheet('口径与预警');
  notes.addRow([title]).font = { bold: true };
  for (const d of [...RATES, ...AVERAGES]) notes.addRow([d.label, d.text]);
  notes.addRow(['统计口径', COUNTING_NOTE]);
  notes.addRow(['预警规则', WARNING_TEXT]);
  notes.addRow([]);
  notes.addRow(['预警', `对比上期 ${loaded.previousRange.from} 至 ${loaded.previousRange.to}`]).font = { bold: true };
  notes.addRow(['网格', '分类', '本期', '上期']);
  for (const w of warningsFor(scope, loaded)) notes.addRow([w.gridName, w.category, w.count, w.previous]);
  notes.getColumn(1).width = 16;
  notes.getColumn(2).width = 90;

  const buffer = new Uint8Array(await wb.xlsx.writeBuffer());
  await progress({ processed: shown });
  return { name: `统计分析报告-${node.name}-${spec.period.from}至${spec.period.to}.xlsx`, buffer, count: itemRows.length };
}
