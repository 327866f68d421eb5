import dayjs from 'dayjs';
import type { ItemClass } from './types';

/**
 * Working-day calendar in China time (UTC+8). Holidays are statutory days off;
 * makeupWorkdays are weekend days that become working days (调休).
 */
export interface HolidayCalendar {
  holidays: readonly string[]; // YYYY-MM-DD
  makeupWorkdays: readonly string[];
}

/** 2026 statutory holidays and 调休 as published by the State Council; extend per year in config. */
export const CN_CALENDAR_2026: HolidayCalendar = {
  holidays: [
    '2026-01-01', '2026-01-02', '2026-01-03',
    '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    '2026-04-04', '2026-04-05', '2026-04-06',
    '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
    '2026-06-19', '2026-06-20', '2026-06-21',
    '2026-09-25', '2026-09-26', '2026-09-27',
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
  ],
  makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/** Deadline per item class, in working days (configurable per community later). */
export const CLASS_DEADLINE_DAYS: Record<ItemClass, number> = {
  simple: 1,
  general: 3,
  major: 5,
  hard: 10,
  crossRegion: 15,
};

const CN_OFFSET_MIN = 8 * 60;
const toChina = (d: Date) => dayjs(d.getTime() + CN_OFFSET_MIN * 60_000);

export function chinaDateKey(d: Date): string {
  return toChina(d).toISOString().slice(0, 10);
}

export function isWorkingDay(d: Date, cal: HolidayCalendar): boolean {
  const key = chinaDateKey(d);
  if (cal.makeupWorkdays.includes(key)) return true;
  if (cal.holidays.includes(key)) return false;
  const dow = toChina(d).toDate().getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * Due time = the same clock time `days` working days later. Only working days count, so an item
 * posted on Saturday with one day is due Monday, like one posted on Friday.
 */
export function addWorkingDays(start: Date, days: number, cal: HolidayCalendar): Date {
  // Fixed 24-hour steps: China has no daylight saving, and the host's zone must not matter.
  let cursor = start.getTime();
  let remaining = days;
  while (remaining > 0) {
    cursor += 86_400_000;
    if (isWorkingDay(new Date(cursor), cal)) remaining -= 1;
  }
  return new Date(cursor);
}

export function dueAtFor(itemClass: ItemClass, from: Date, cal: HolidayCalendar = CN_CALENDAR_2026): Date {
  return addWorkingDays(from, CLASS_DEADLINE_DAYS[itemClass], cal);
}
