// Statistics periods (China time) and the months that cover them: whole months by their month
// documents (plus days not rolled yet), the ragged ends of a custom range by their day documents.
import { dayKey, type MonthSpan } from './buckets';

export type PeriodKind = 'month' | 'lastMonth' | 'quarter' | 'year' | 'custom';

export const PERIOD_LABEL: Record<PeriodKind, string> = {
  month: '本月',
  lastMonth: '上月',
  quarter: '本季度',
  year: '本年',
  custom: '自定义',
};

export interface PeriodInput {
  kind: PeriodKind;
  /** 'YYYY-MM-DD', custom only. */
  from?: string;
  to?: string;
}

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  label: string;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const utc = (key: string) => new Date(`${key}T00:00:00Z`);
const keyOf = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (key: string, n: number) => keyOf(new Date(utc(key).getTime() + n * DAY_MS));
export const daysBetween = (from: string, to: string) => Math.round((utc(to).getTime() - utc(from).getTime()) / DAY_MS);
const lastDayOfMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return keyOf(new Date(Date.UTC(y, m, 0)));
};
/** A 'YYYY-MM-DD' that is a date of the calendar (no 2026-02-30). */
export const isRealDate = (s: string) => DATE_RE.test(s) && keyOf(utc(s)) === s;

/** The longest custom range, in days (a year, leap day included). */
export const MAX_RANGE_DAYS = 366;

/** The period's dates, or a Chinese message a person can act on. */
export function resolvePeriod(p: PeriodInput, now: Date): Period | { error: string } {
  const today = dayKey(now);
  const [y, m] = today.split('-').map(Number);
  const label = PERIOD_LABEL[p.kind];
  switch (p.kind) {
    case 'month':
      return { kind: p.kind, from: `${today.slice(0, 7)}-01`, to: today, label };
    case 'lastMonth': {
      const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      return { kind: p.kind, from: `${month}-01`, to: lastDayOfMonth(month), label };
    }
    case 'quarter': {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return { kind: p.kind, from: `${y}-${String(first).padStart(2, '0')}-01`, to: today, label };
    }
    case 'year':
      return { kind: p.kind, from: `${y}-01-01`, to: today, label };
    case 'custom': {
      const { from, to } = p;
      if (!from || !to) return { error: '请选择开始日期和结束日期' };
      if (!isRealDate(from) || !isRealDate(to)) return { error: '日期格式应为 2026-01-31 这样的年-月-日' };
      if (to < from) return { error: '结束日期不能早于开始日期' };
      if (from > today) return { error: '开始日期不能晚于今天' };
      if (to > today) return { error: '结束日期不能晚于今天，还没有发生的日子没有数据' };
      if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) return { error: '统计区间最长一年，请缩短区间' };
      return { kind: p.kind, from, to, label: `${from} 至 ${to}` };
    }
  }
}

/**
 * The months that cover [from, to], each with the days of it the range holds: whole when the range
 * holds all of the month (or all of it up to today: later days have no counts yet).
 */
export function monthSpans(from: string, to: string, today: string): MonthSpan[] {
  const out: MonthSpan[] = [];
  let month = from.slice(0, 7);
  while (month <= to.slice(0, 7)) {
    const start = `${month}-01`;
    const end = lastDayOfMonth(month);
    const a = from > start ? from : start;
    const b = to < end ? to : end;
    out.push({ month, from: a, to: b, whole: a === start && (b === end || b >= today) });
    month = addDays(end, 1).slice(0, 7);
  }
  return out;
}

/** The two-digit days ('DD') of a span. */
export function spanDays(span: MonthSpan): string[] {
  const out: string[] = [];
  for (let d = span.from; d <= span.to; d = addDays(d, 1)) out.push(d.slice(8, 10));
  return out;
}

/** Keys of a trend: each day of a range up to two months long, else each month. */
export function trendKeys(from: string, to: string): { by: 'day' | 'month'; keys: string[] } {
  if (daysBetween(from, to) < 62) {
    const keys: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) keys.push(d);
    return { by: 'day', keys };
  }
  const keys: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addDays(lastDayOfMonth(m), 1).slice(0, 7)) keys.push(m);
  return { by: 'month', keys };
}

/**
 * The period just before one, of the same number of days (预警 compares like with like: the first
 * ten days of this month with the ten days before them).
 */
export function previousRange(p: { from: string; to: string }): { from: string; to: string } {
  const days = daysBetween(p.from, p.to) + 1;
  return { from: addDays(p.from, -days), to: addDays(p.from, -1) };
}
