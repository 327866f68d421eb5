// 五考 assessment: periods (month, quarter, half-year, year, China time), the score of a cadre or
// grid worker from the platform's counters and the 民主测评 (residents' ratings), with the weights a
// street sets (settings.ts `assessment`). Pure: no clock, no db.
import { rate } from '../stats/rates';
import type { Counts } from '../stats/tally';

export type AssessmentPeriodKind = 'month' | 'quarter' | 'halfYear' | 'year';
export const ASSESSMENT_PERIOD_KINDS = ['month', 'quarter', 'halfYear', 'year'] as const satisfies readonly AssessmentPeriodKind[];

export const ASSESSMENT_PERIOD_LABEL: Record<AssessmentPeriodKind, string> = {
  month: '月度',
  quarter: '季度',
  halfYear: '半年',
  year: '年度',
};

/** Keys: '2026-11' (month), '2026-Q4' (quarter), '2026-H2' (half-year), '2026' (year). */
export const PERIOD_KEY_RE = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** The period of a kind that holds the day 'YYYY-MM-DD' (China time, see stats/buckets dayKey). */
export function periodKeyOf(kind: AssessmentPeriodKind, day: string): string {
  const y = day.slice(0, 4);
  const m = Number(day.slice(5, 7));
  switch (kind) {
    case 'month':
      return `${y}-${pad(m)}`;
    case 'quarter':
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'halfYear':
      return `${y}-H${m <= 6 ? 1 : 2}`;
    case 'year':
      return y;
  }
}

export interface AssessmentPeriod {
  kind: AssessmentPeriodKind;
  key: string;
  /** '2026年11月', '2026年第四季度', '2026年下半年', '2026年度'. */
  label: string;
  /** The months it spans, 'YYYY-MM', oldest first. */
  months: string[];
}

const QUARTER = ['一', '二', '三', '四'];

/** A period from its key, or null when the key is not one. */
export function parsePeriodKey(key: string): AssessmentPeriod | null {
  const m = PERIOD_KEY_RE.exec(key);
  if (!m) return null;
  const y = Number(m[1]);
  const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${y}-${pad(from + i)}`);
  if (m[2]) return { kind: 'month', key, label: `${y}年${Number(m[2])}月`, months: span(Number(m[2]), Number(m[2])) };
  if (m[3]) {
    const q = Number(m[3]);
    return { kind: 'quarter', key, label: `${y}年第${QUARTER[q - 1]}季度`, months: span(q * 3 - 2, q * 3) };
  }
  if (m[4]) return { kind: 'halfYear', key, label: `${y}年${m[4] === '1' ? '上' : '下'}半年`, months: m[4] === '1' ? span(1, 6) : span(7, 12) };
  return { kind: 'year', key, label: `${y}年度`, months: span(1, 12) };
}

/**
 * The period to assess: the given key (checked), or the current one of `kind`. Months after today
 * are dropped (they have no counts yet). A Chinese message when the key is wrong or in the future.
 */
export function resolveAssessmentPeriod(kind: AssessmentPeriodKind, key: string | undefined, today: string): AssessmentPeriod | { error: string } {
  const p = parsePeriodKey(key ?? periodKeyOf(kind, today));
  if (!p) return { error: '考核期格式应为 2026-11（月）、2026-Q4（季度）、2026-H2（半年）或 2026（年）' };
  if (p.kind !== kind) return { error: `考核期 ${key} 不是${ASSESSMENT_PERIOD_LABEL[kind]}考核期` };
  if (p.months[0] < '2000-01') return { error: '考核期不能早于 2000 年' };
  const month = today.slice(0, 7);
  if (p.months[0] > month) return { error: '该考核期还没有开始，请选择本期或以前的考核期' };
  return { ...p, months: p.months.filter((x) => x <= month) };
}

/** The periods of a kind to choose from, newest first, ending with the current one. */
export function recentPeriodKeys(kind: AssessmentPeriodKind, today: string, n = 6): string[] {
  const out: string[] = [];
  let day = today;
  while (out.length < n) {
    const key = periodKeyOf(kind, day);
    if (!out.includes(key)) out.push(key);
    const first = parsePeriodKey(key)!.months[0];
    // the last day of the month before this period's first month
    const [y, m] = first.split('-').map(Number);
    const prev = new Date(Date.UTC(y, m - 1, 0));
    day = prev.toISOString().slice(0, 10);
    if (day < '2000-01-01') break;
  }
  return out;
}

// ---- the score ----

export type AssessmentMetric = 'response' | 'onTime' | 'satisfaction' | 'close' | 'democratic';
export const ASSESSMENT_METRICS = ['response', 'onTime', 'satisfaction', 'close', 'democratic'] as const satisfies readonly AssessmentMetric[];

export const METRIC_LABEL: Record<AssessmentMetric, string> = {
  response: '响应率',
  onTime: '按期办结率',
  satisfaction: '满意率',
  close: '办结率',
  democratic: '民主测评',
};

/** Weights (0–100 each, not all 0); a metric without data drops out and the others scale up. */
export type AssessmentWeights = Record<AssessmentMetric, number>;

export const DEFAULT_WEIGHTS: AssessmentWeights = { response: 20, onTime: 20, satisfaction: 25, close: 15, democratic: 20 };

/** 民主测评 of one person in a period: how many residents rated, and the sum of their stars. */
export interface Evaluation {
  n: number;
  sum: number;
}

export interface PersonScore {
  /** Each metric 0…1, or null when there was nothing to measure. */
  metrics: Record<AssessmentMetric, number | null>;
  /** 0…100 with one decimal, or null when no metric had data. */
  score: number | null;
}

/** The score of one person from their counters (as holder) and their 民主测评. */
export function scorePerson(counts: Counts, evaluation: Evaluation | undefined, weights: AssessmentWeights): PersonScore {
  const metrics: Record<AssessmentMetric, number | null> = {
    response: rate(counts, 'response').value,
    onTime: rate(counts, 'onTime').value,
    satisfaction: rate(counts, 'satisfaction').value,
    close: rate(counts, 'close').value,
    // 1 star = 0, 5 stars = 1
    democratic: evaluation && evaluation.n > 0 ? (evaluation.sum / evaluation.n - 1) / 4 : null,
  };
  let sum = 0;
  let w = 0;
  for (const k of ASSESSMENT_METRICS) {
    const v = metrics[k];
    if (v === null || !(weights[k] > 0)) continue;
    sum += v * weights[k];
    w += weights[k];
  }
  return { metrics, score: w > 0 ? Math.round((sum / w) * 1000) / 10 : null };
}

export interface Ranked<T> {
  rank: number | null;
  row: T;
}

/** Highest score first; equal scores share a rank (1, 2, 2, 4); people without a score come last, unranked. */
export function rankByScore<T extends { score: number | null; name: string }>(rows: T[]): Ranked<T>[] {
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name, 'zh'));
  let prev: number | null = null;
  let rank = 0;
  return sorted.map((row, i) => {
    if (row.score === null) return { rank: null, row };
    if (row.score !== prev) rank = i + 1;
    prev = row.score;
    return { rank, row };
  });
}

/** The text the ranking page shows under the table. */
export const SCORE_NOTE =
  '得分 = 各项指标（0–1）按街道设置的权重加权平均 × 100。响应率、按期办结率、满意率、办结率取自平台统计（本人作为办理人的事项，口径同统计页）；民主测评为居民对包保干部的星级评价（1 星 = 0，5 星 = 1）。某项没有数据时不计入，其余指标按权重折算；全部没有数据的不排名。';

/** 民主测评 counters: one document per community and month, a person's count and star sum nested. */
export const evaluationTotalsId = (communityId: string, month: string) => `e:${communityId}:${month}`;
