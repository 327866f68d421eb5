// Deadline policy of one street: its settings over the working-day calendar. Server side only (it
// imports the holiday table through calendar.ts).
import {
  type Clock,
  type HolidayCalendar,
  REAL_TIME,
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  resumeDueAt,
  subtractWorkingMs,
  workingCalendar,
} from './calendar';
import { type StreetSettings, type WhistleType, categoryRule } from './settings';
import type { ItemClass } from './types';

/**
 * 吉林 "5321" for 物业 items, in real time: 5 minutes each to understand, plan and reply (so a reply
 * within 15 minutes), then 30 minutes for ordinary problems, 2 hours for larger ones and 1 day for
 * complex ones.
 */
export const PROPERTY_5321 = {
  responseMinutes: 15,
  handleMinutes: { simple: 30, general: 30, major: 120, hard: 1440, crossRegion: 1440 } as Record<ItemClass, number>,
};

export type ClockKind = 'workingDays' | '5321';

/** Deadline arithmetic for one item's clock (structurally the workflow's `Clocks`). */
export interface ItemClocks {
  kind: ClockKind;
  /** What short spans count on: the street's calendar, or real time for 5321. */
  clock: Clock;
  handleDue(itemClass: ItemClass, from: Date): Date;
  responseDue(itemClass: ItemClass, from: Date): Date;
  /** 报到 limits count real minutes: a 30-minute 应急哨 on Saturday means 30 minutes. */
  whistleDue(kind: WhistleType, from: Date): Date;
  /** After 解挂: the clock time that remained at the pause, counted from `now`. */
  resumeDue(dueAt: Date, pausedAt: Date, now: Date): Date;
  /** When to remind the holder: `reminderLeadHours` of clock time before the deadline (5321: halfway). */
  remindAt(dueAt: Date, from: Date): Date;
}

/**
 * The clocks of an item of `category` in a street. Items whose category rule says '5321' run on the
 * property clock (real time); all others on working days of the street's calendar (statutory days from
 * chinese-days plus the street's own holidays and 调休 workdays).
 */
export function clocksFor(s: StreetSettings, category?: string): ItemClocks {
  const cal: HolidayCalendar = workingCalendar(s);
  const is5321 = !!category && categoryRule(s, category)?.clock === '5321';
  const clock: Clock = is5321 ? REAL_TIME : cal;
  return {
    kind: is5321 ? '5321' : 'workingDays',
    clock,
    handleDue: (c, from) =>
      is5321 ? addWorkingMinutes(from, PROPERTY_5321.handleMinutes[c], REAL_TIME) : addWorkingDays(from, s.classLimits[c].handleDays, cal),
    responseDue: (c, from) =>
      is5321 ? addWorkingMinutes(from, PROPERTY_5321.responseMinutes, REAL_TIME) : addWorkingHours(from, s.classLimits[c].responseHours, cal),
    whistleDue: (kind, from) => addWorkingMinutes(from, s.whistleLimits[kind], REAL_TIME),
    resumeDue: (dueAt, pausedAt, now) => resumeDueAt(dueAt, pausedAt, now, clock),
    remindAt(dueAt, from) {
      if (is5321) return new Date(from.getTime() + (dueAt.getTime() - from.getTime()) / 2);
      const at = subtractWorkingMs(dueAt, s.reminderLeadHours * 3_600_000, cal);
      return at.getTime() < from.getTime() ? from : at;
    },
  };
}
