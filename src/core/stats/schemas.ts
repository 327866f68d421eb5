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

export const StatsSummaryInput = v.object({
  /** A street, community or grid in the caller's subtree; absent: the caller's own scope. */
  nodeId: v.optional(id),
  period: v.optional(PeriodSchema, { kind: 'month' }),
});
