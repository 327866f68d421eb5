// The rates, defined once: the 统计 page shows these definitions next to the numbers, and every
// figure (totals, each row, the export) is computed by these functions from the counters.
import type { Counter, Counts } from './tally';

export type RateKey = 'response' | 'solve' | 'satisfaction' | 'close' | 'onTime';

export interface RateDef {
  key: RateKey;
  label: string;
  /** Numerator and denominator counters. */
  num: Counter;
  den: Counter;
  /** The definition, as the page shows it. */
  text: string;
}

export const RATES: readonly RateDef[] = [
  {
    key: 'response', label: '响应率', num: 'respondedOnTime', den: 'responseDue',
    text: '在时限内响应的事项 ÷ 应响应的事项。响应：首次核单（受理或退回），或被吹哨的职能部门全部报到。应响应：已响应的，加上超过时限仍未响应的；每件事项只计一次，超时后才响应的不算按时。',
  },
  {
    key: 'solve', label: '解决率', num: 'ratedSolved', den: 'rated',
    text: '居民评价为“已解决”的事项 ÷ 已评价的事项。以最终评价为准；没有评价的事项不计入。',
  },
  {
    key: 'satisfaction', label: '满意率', num: 'ratedSatisfied', den: 'rated',
    text: '最终评价为满意（3 星及以上且已解决）的事项 ÷ 已评价的事项。首次评价保留在记录里，整改后再评价以最后一次为准，仍计在首次评价的月份；无人评价的事项算“未评价”，不算满意。',
  },
  {
    key: 'close', label: '办结率', num: 'closed', den: 'accepted',
    text: '已完结（居民评价满意后关闭）的事项 ÷ 已受理的事项。按受理的日期和受理人统计：本期受理的事项中，至今已完结的有多少。',
  },
  {
    key: 'onTime', label: '按期办结率', num: 'resolvedOnTime', den: 'resolved',
    text: '在办理时限内办结的次数 ÷ 办结次数；整改后的再次办结也计一次。',
  },
];

export type AverageKey = 'response' | 'resolve';

export interface AverageDef {
  key: AverageKey;
  label: string;
  sum: Counter;
  den: Counter;
  text: string;
}

export const AVERAGES: readonly AverageDef[] = [
  { key: 'response', label: '平均响应用时', sum: 'respondedMs', den: 'responded', text: '从居民提交（或申诉后重新办理）到首次核单的平均时间（自然时间）。' },
  { key: 'resolve', label: '平均办结用时', sum: 'resolvedMs', den: 'resolved', text: '从居民提交到办结的平均时间（自然时间），每次办结计一次。' },
];

/** How counts are attributed to periods and scopes (shown under the definitions). */
export const COUNTING_NOTE =
  '各项按发生的日期计入统计期（北京时间），按事项所在网格计入社区和网格，人员和部门按当时的办理人计；完结计在受理的日期和受理人名下，评价结果计在首次评价的日期和办理人名下。';

export interface RateValue {
  num: number;
  den: number;
  /** 0…1, or null when nothing is due (shown as —). */
  value: number | null;
}

const get = (c: Counts, k: Counter) => c[k] ?? 0;

export function rate(c: Counts, def: RateDef | RateKey): RateValue {
  const d = typeof def === 'string' ? RATES.find((r) => r.key === def)! : def;
  const num = get(c, d.num);
  const den = get(c, d.den);
  return { num, den, value: den > 0 ? Math.min(1, Math.max(0, num / den)) : null };
}

/** Average in ms, or null when there is nothing to average. */
export function average(c: Counts, def: AverageDef | AverageKey): number | null {
  const d = typeof def === 'string' ? AVERAGES.find((a) => a.key === def)! : def;
  const den = get(c, d.den);
  return den > 0 ? get(c, d.sum) / den : null;
}

export const rates = (c: Counts): Record<RateKey, RateValue> =>
  Object.fromEntries(RATES.map((d) => [d.key, rate(c, d)])) as Record<RateKey, RateValue>;

/** "93.9%", or "—" when nothing was due. */
export function percent(v: RateValue | number | null): string {
  const x = v !== null && typeof v === 'object' ? v.value : v;
  if (x === null) return '—';
  const p = Math.round(x * 1000) / 10;
  return `${p % 1 === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** "45 分钟", "6.5 小时", "2.3 天", or "—". */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const min = ms / 60_000;
  if (min < 60) return `${Math.max(1, Math.round(min))} 分钟`;
  const h = min / 60;
  if (h < 48) return `${Math.round(h * 10) / 10} 小时`;
  return `${Math.round((h / 24) * 10) / 10} 天`;
}
