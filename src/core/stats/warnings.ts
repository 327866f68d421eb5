// 预警: a category whose count in a grid rose sharply against the previous period of the same
// length (periods.previousRange). Defined once here; the 统计 page and the 统计分析报告 show the
// rule's text next to the flags.
import { fromFieldKey, W_COUNTER, type CounterDoc } from './buckets';

export interface WarningRule {
  /** What is counted: new items (点单), the one counter documents keep per grid, category and day. */
  counter: typeof W_COUNTER;
  /** Flag when the count is at least this many times the previous period's … */
  factor: number;
  /** … and at least this many items (a rise from 1 to 2 is no warning). */
  minCount: number;
}

/** Its counter is the one counter documents keep per grid, category and day (buckets.W_COUNTER). */
export const WARNING_RULE: WarningRule = { counter: W_COUNTER, factor: 2, minCount: 5 };

export const WARNING_TEXT =
  `同一网格内某类事项本期提交数不少于 ${WARNING_RULE.minCount} 件，且达到上一个同样长度时段的 ${WARNING_RULE.factor} 倍及以上（上期为 0 也算），即标记预警，提示排查共性问题。`;

export interface Warning {
  gridId: string;
  category: string;
  count: number;
  previous: number;
  /** count ÷ previous, or null when the previous period had none. */
  ratio: number | null;
}

/**
 * grid id → category → count of the rule's counter, from month-shaped documents cut to a range
 * (buckets.spanDocs or spanW: their `w`, kept per day); one community's or a street's.
 */
export function gridCategoryCounts(docs: CounterDoc[], rule: WarningRule = WARNING_RULE, gridIds?: ReadonlySet<string>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const doc of docs) {
    for (const [g, cats] of Object.entries(doc.w ?? {})) {
      const gridId = fromFieldKey(g);
      if (gridIds && !gridIds.has(gridId)) continue;
      for (const [c, days] of Object.entries(cats)) {
        const v = Object.values(days).reduce((a, b) => a + b, 0);
        if (!v) continue;
        const m = out.get(gridId) ?? new Map<string, number>();
        m.set(fromFieldKey(c), (m.get(fromFieldKey(c)) ?? 0) + v);
        out.set(gridId, m);
      }
    }
  }
  return out;
}

/** Whether a count against the previous one is flagged by the rule. */
export const isWarning = (count: number, previous: number, rule: WarningRule = WARNING_RULE): boolean =>
  count >= rule.minCount && count >= rule.factor * previous;

/** The flagged (grid, category) pairs, the largest rise first. */
export function warningsOf(current: Map<string, Map<string, number>>, previous: Map<string, Map<string, number>>, rule: WarningRule = WARNING_RULE): Warning[] {
  const out: Warning[] = [];
  for (const [gridId, cats] of current) {
    for (const [category, count] of cats) {
      const prev = previous.get(gridId)?.get(category) ?? 0;
      if (isWarning(count, prev, rule)) out.push({ gridId, category, count, previous: prev, ratio: prev ? count / prev : null });
    }
  }
  const rise = (w: Warning) => (w.ratio ?? Infinity);
  return out.sort((a, b) => rise(b) - rise(a) || b.count - a.count || a.gridId.localeCompare(b.gridId) || a.category.localeCompare(b.category, 'zh'));
}

