import published from 'chinese-days/dist/chinese-days.json';
import type { ItemClass } from './types';

/**
 * Working-day calendar in China time (UTC+8). Holidays are statutory days off; makeupWorkdays are
 * weekend days that become working days (调休).
 *
 * The statutory arrangement of every year comes from the `chinese-days` package (the State Council
 * publishes next year's in November or December; a new package version carries it). Until then a
 * street's admins can add the days in settings (`workingCalendar(overrides)`), so the calendar never
 * silently "expires": an unpublished year counts weekends only, and `isYearCovered` says so.
 *
 * Only the cloud functions (and scripts) import this module; the app gets the coverage from
 * `settings.get`, so the holiday table stays out of the Mini Program packages.
 */
export interface HolidayCalendar {
  holidays: readonly string[]; // YYYY-MM-DD
  makeupWorkdays: readonly string[];
}

/** Admin additions, e.g. from street settings: extra days off and extra working days. */
export interface CalendarOverrides {
  holidays?: readonly string[];
  workdays?: readonly string[];
}

const DATA = published as unknown as { holidays: Record<string, string>; workdays: Record<string, string> };
const PUBLISHED_HOLIDAYS = Object.keys(DATA.holidays).sort();
const PUBLISHED_WORKDAYS = Object.keys(DATA.workdays).sort();
const publishedYears = new Set(PUBLISHED_HOLIDAYS.map((d) => Number(d.slice(0, 4))));

/** The years whose statutory arrangement the bundled library knows. */
export const PUBLISHED_YEARS: { first: number; last: number } = {
  first: Math.min(...publishedYears),
  last: Math.max(...publishedYears),
};

function build(addOff: readonly string[], addOn: readonly string[]): HolidayCalendar {
  const on = new Set(addOn);
  const off = new Set(addOff);
  return {
    holidays: [...new Set([...PUBLISHED_HOLIDAYS, ...addOff])].filter((d) => !on.has(d)).sort(),
    makeupWorkdays: [...new Set([...PUBLISHED_WORKDAYS.filter((d) => !off.has(d)), ...addOn])].sort(),
  };
}

/** The statutory calendar of every published year, without overrides. */
export const CN_CALENDAR: HolidayCalendar = build([], []);

/**
 * The statutory calendar plus a street's overrides (pass the street settings themselves). An override
 * wins over the library on its date: an extra holiday can cancel a published 调休 workday and the other
 * way round; a date in both lists counts as a working day.
 */
export function workingCalendar(overrides: CalendarOverrides = {}): HolidayCalendar {
  const addOff = overrides.holidays ?? [];
  const addOn = overrides.workdays ?? [];
  return addOff.length || addOn.length ? build(addOff, addOn) : CN_CALENDAR;
}

/** 2026 only (kept for callers and tests written against it); prefer `CN_CALENDAR` or `workingCalendar()`. */
export const CN_CALENDAR_2026: HolidayCalendar = {
  holidays: PUBLISHED_HOLIDAYS.filter((d) => d.startsWith('2026-')),
  makeupWorkdays: PUBLISHED_WORKDAYS.filter((d) => d.startsWith('2026-')),
};

/**
 * Whether `year`'s holidays are known: the library published it, or the admins entered at least one
 * holiday of that year themselves. Otherwise only weekends are days off that year.
 */
export function isYearCovered(year: number, overrides: CalendarOverrides = {}): boolean {
  return publishedYears.has(year) || (overrides.holidays ?? []).some((d) => d.startsWith(`${year}-`));
}

/** This year and the next `ahead` years whose holidays nobody knows yet (for a warning in settings). */
export function uncoveredYears(now: Date, overrides: CalendarOverrides = {}, ahead = 1): number[] {
  const first = Number(chinaDateKey(now).slice(0, 4));
  const out: number[] = [];
  for (let y = first; y <= first + ahead; y++) if (!isYearCovered(y, overrides)) out.push(y);
  return out;
}

/** Deadline per item class, in working days (the default; streets set their own in settings). */
export const CLASS_DEADLINE_DAYS: Record<ItemClass, number> = {
  simple: 1,
  general: 3,
  major: 5,
  hard: 10,
  crossRegion: 15,
};

const HOUR = 3_600_000;
const DAY = 86_400_000;
const CN_OFFSET = 8 * HOUR;

export function chinaDateKey(d: Date): string {
  return new Date(d.getTime() + CN_OFFSET).toISOString().slice(0, 10);
}

/** 00:00 China time of the China day that contains `t` (ms). */
const chinaDayStart = (t: number) => Math.floor((t + CN_OFFSET) / DAY) * DAY - CN_OFFSET;

// Set lookups per calendar object (literal calendars work too; the published one has ~600 days).
const lookups = new WeakMap<HolidayCalendar, { off: Set<string>; on: Set<string> }>();
function lookup(cal: HolidayCalendar) {
  let l = lookups.get(cal);
  if (!l) lookups.set(cal, (l = { off: new Set(cal.holidays), on: new Set(cal.makeupWorkdays) }));
  return l;
}

export function isWorkingDay(d: Date, cal: HolidayCalendar = CN_CALENDAR): boolean {
  const key = chinaDateKey(d);
  const { off, on } = lookup(cal);
  if (on.has(key)) return true;
  if (off.has(key)) return false;
  const dow = new Date(d.getTime() + CN_OFFSET).getUTCDay();
  return dow !== 0 && dow !== 6;
}

function checkAmount(n: number, what: string) {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${what} must be a finite number ≥ 0, got ${n}`);
}

/**
 * Due time = the same clock time `days` working days later. Only working days count, so an item
 * posted on Saturday with one day is due Monday, like one posted on Friday.
 */
export function addWorkingDays(start: Date, days: number, cal: HolidayCalendar = CN_CALENDAR): Date {
  checkAmount(days, 'days');
  // Fixed 24-hour steps: China has no daylight saving, and the host's zone must not matter.
  let cursor = start.getTime();
  let remaining = Math.ceil(days);
  while (remaining > 0) {
    cursor += DAY;
    if (isWorkingDay(new Date(cursor), cal)) remaining -= 1;
  }
  return new Date(cursor);
}

export function dueAtFor(itemClass: ItemClass, from: Date, cal: HolidayCalendar = CN_CALENDAR): Date {
  return addWorkingDays(from, CLASS_DEADLINE_DAYS[itemClass], cal);
}

/**
 * How a clock counts short spans:
 * - a HolidayCalendar: "working time", i.e. only the hours of working China days (whole days,
 *   00:00–24:00) count; the clock stands still over weekends, holidays and the nights before them.
 *   24 working hours from Friday 17:00 end on Monday 17:00, as 1 working day does.
 * - REAL_TIME: wall-clock time. Used for the 5321 property clock (物业 is on duty around the clock:
 *   5 minutes means 5 minutes, a Saturday included) and for whistle 报到 limits.
 */
export const REAL_TIME = 'realTime' as const;
export type Clock = HolidayCalendar | typeof REAL_TIME;

/** Adds `ms` of clock time. On a non-working day a working-time clock starts at the next working day. */
export function addWorkingMs(start: Date, ms: number, clock: Clock): Date {
  checkAmount(ms, 'ms');
  if (clock === REAL_TIME || ms === 0) return new Date(start.getTime() + ms);
  let t = start.getTime();
  let left = ms;
  for (;;) {
    const dayEnd = chinaDayStart(t) + DAY;
    if (isWorkingDay(new Date(t), clock)) {
      if (left <= dayEnd - t) return new Date(t + left);
      left -= dayEnd - t;
    }
    t = dayEnd;
  }
}

/** The latest instant with `ms` of clock time left before `end` (for reminders ahead of a deadline). */
export function subtractWorkingMs(end: Date, ms: number, clock: Clock): Date {
  checkAmount(ms, 'ms');
  if (clock === REAL_TIME || ms === 0) return new Date(end.getTime() - ms);
  let t = end.getTime();
  let left = ms;
  for (;;) {
    // The China day that `t` closes: t itself when it is past midnight, else the day before.
    const dayStart = chinaDayStart(t - 1);
    if (isWorkingDay(new Date(dayStart), clock)) {
      if (left <= t - dayStart) return new Date(t - left);
      left -= t - dayStart;
    }
    t = dayStart;
  }
}

export const addWorkingHours = (start: Date, hours: number, clock: Clock): Date => addWorkingMs(start, hours * HOUR, clock);
export const addWorkingMinutes = (start: Date, minutes: number, clock: Clock): Date => addWorkingMs(start, minutes * 60_000, clock);

/** Clock time from `from` to `to`; negative when `to` is earlier. */
export function workingMsBetween(from: Date, to: Date, clock: Clock): number {
  const a = from.getTime();
  const b = to.getTime();
  if (clock === REAL_TIME) return b - a;
  if (b < a) return -workingMsBetween(to, from, clock);
  let total = 0;
  for (let t = a; t < b; ) {
    const dayEnd = Math.min(chinaDayStart(t) + DAY, b);
    if (isWorkingDay(new Date(t), clock)) total += dayEnd - t;
    t = dayEnd;
  }
  return total;
}

/** Clock time an item had left when its clock stopped (挂起); negative when it was already overdue. */
export function remainingMs(dueAt: Date, pausedAt: Date, clock: Clock): number {
  return workingMsBetween(pausedAt, dueAt, clock);
}

/**
 * The new deadline after 解挂: the clock restarts at `resumedAt` with the time that remained at
 * `pausedAt`, counted on the same clock (working time skips weekends, holidays and honours 调休).
 * An item paused while overdue stays overdue by the same amount: only the paused span is removed.
 */
export function resumeDueAt(dueAt: Date, pausedAt: Date, resumedAt: Date, clock: Clock): Date {
  const left = remainingMs(dueAt, pausedAt, clock);
  if (left > 0) return addWorkingMs(resumedAt, left, clock);
  if (pausedAt.getTime() <= dueAt.getTime()) return new Date(resumedAt.getTime());
  return new Date(resumedAt.getTime() - (pausedAt.getTime() - dueAt.getTime()));
}
