import * as v from 'valibot';
import { id } from '../schemas';

// Input of the statistics actions. Whether a range is sane (order, length, future) is checked by
// periods.resolvePeriod, which knows today; the schema checks the shape.

const date = v.pipe(v.string('缺少日期'), v.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-01-31 这样的年-月-日'));

export const PeriodSchema = v.object({
  kind: v.picklist(['month', 'lastMonth', 'quarter', 'year', 'custom'], '统计期无效'),
  from: v.optional(date),
  to: v.optional(date),
});

/** A street, community or grid in the caller's subtree (absent: the caller's own scope) and a period. */
const scoped = {
  nodeId: v.optional(id),
  period: v.optional(PeriodSchema, { kind: 'month' }),
};

/** stats.overview: everything the 统计 page shows for one scope. */
export const StatsOverviewInput = v.object(scoped);

export const DRILL_DIMENSIONS = ['children', 'categories', 'departments'] as const;

/** stats.drill: one dimension's rows of a scope, optionally of one category or one department only. */
export const StatsDrillInput = v.pipe(
  v.object({
    ...scoped,
    dimension: v.picklist(DRILL_DIMENSIONS, '下钻维度无效：应为下级、分类或部门'),
    category: v.optional(v.pipe(v.string('分类必须是文字'), v.trim(), v.minLength(1, '缺少分类'), v.maxLength(20, '分类名称过长'))),
    departmentId: v.optional(id),
  }),
  v.check((x) => !(x.category !== undefined && x.departmentId !== undefined), '一次只能按一个分类或一个部门下钻'),
);

/** stats.export: the 统计分析报告 (xlsx) of a scope and period, made by the jobs function. */
export const StatsExportInput = v.object(scoped);

/** stats.job: the progress of one's own report. */
export const StatsJobInput = v.object({ id: v.pipe(v.string('缺少任务编号'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '任务编号无效')) });
