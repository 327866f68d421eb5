// Deadline arithmetic for the workflow, bound to a street's limits and the working-day calendar.
import { addWorkingDays, CLASS_DEADLINE_DAYS, CN_CALENDAR_2026 } from '../../../../src/core/calendar';
import type { Clocks } from '../../../../src/core/workflow/decide';
import type { ItemClass, WhistleKind } from '../../../../src/core/types';

/** 核单 within these hours of arrival, per class. */
const RESPONSE_HOURS: Record<ItemClass, number> = { simple: 4, general: 8, major: 8, hard: 24, crossRegion: 24 };
/** Minutes a whistled department has to report (报到). */
const WHISTLE_MINUTES: Record<WhistleKind, number> = { quick: 60, emergency: 30, tough: 24 * 60 };

export function makeClocks(): Clocks {
  const cal = CN_CALENDAR_2026;
  return {
    handleDue: (cls, from) => addWorkingDays(from, CLASS_DEADLINE_DAYS[cls], cal),
    responseDue: (cls, from) => new Date(from.getTime() + RESPONSE_HOURS[cls] * 3_600_000),
    whistleDue: (kind, from) => new Date(from.getTime() + WHISTLE_MINUTES[kind] * 60_000),
    resumeDue: (dueAt, pausedAt, now) => new Date(now.getTime() + Math.max(0, dueAt.getTime() - pausedAt.getTime())),
  };
}
