import { afterEach, describe, expect, it } from 'vitest';
import {
  CLASS_DEADLINE_DAYS,
  CN_CALENDAR,
  CN_CALENDAR_2026,
  type HolidayCalendar,
  PUBLISHED_YEARS,
  REAL_TIME,
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  chinaDateKey,
  dueAtFor,
  isWorkingDay,
  isYearCovered,
  remainingMs,
  resumeDueAt,
  subtractWorkingMs,
  uncoveredYears,
  workingCalendar,
  workingMsBetween,
} from './calendar';
import type { ItemClass } from './types';

const at = (iso: string) => new Date(iso);
/** An instant given as China wall-clock time ("2026-11-20 20:00" → 12:00Z). */
const cst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const NO_HOLIDAYS: HolidayCalendar = { holidays: [], makeupWorkdays: [] };

describe('chinaDateKey', () => {
  it('uses the China (UTC+8) calendar day, not the UTC one', () => {
    expect(chinaDateKey(at('2026-11-20T16:30:00Z'))).toBe('2026-11-21');
    expect(chinaDateKey(at('2026-11-20T15:59:59Z'))).toBe('2026-11-20');
    expect(chinaDateKey(at('2026-11-20T16:00:00Z'))).toBe('2026-11-21');
  });

  it('rolls over months and years', () => {
    expect(chinaDateKey(at('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(chinaDateKey(at('2026-02-28T17:00:00Z'))).toBe('2026-03-01');
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['Friday', '2026-11-20 10:00', true],
    ['Saturday', '2026-11-21 10:00', false],
    ['Sunday', '2026-11-22 10:00', false],
    ['Monday', '2026-11-23 10:00', true],
    ['National Day 10-01 (Thursday)', '2026-10-01 10:00', false],
    ['National Day 10-07 (Wednesday)', '2026-10-07 10:00', false],
    ['10-08, first day back', '2026-10-08 10:00', true],
    ['调休 Saturday 10-10', '2026-10-10 10:00', true],
    ['调休 Sunday 09-20', '2026-09-20 10:00', true],
    ['New Year 01-02 (Friday)', '2026-01-02 10:00', false],
  ])('%s → %s', (_label, local, working) => {
    expect(isWorkingDay(cst(local), CN_CALENDAR_2026)).toBe(working);
  });

  it('decides by the China day: 00:30 Saturday in China is still Friday in UTC', () => {
    const d = at('2026-11-20T16:30:00Z');
    expect(d.getUTCDay()).toBe(5); // Friday in UTC…
    expect(isWorkingDay(d, CN_CALENDAR_2026)).toBe(false); // …but Saturday in China.
  });

  it('decides holidays by the China day too', () => {
    expect(isWorkingDay(at('2026-09-30T15:59:00Z'), CN_CALENDAR_2026)).toBe(true); // 09-30 23:59 CST
    expect(isWorkingDay(at('2026-09-30T16:00:00Z'), CN_CALENDAR_2026)).toBe(false); // 10-01 00:00 CST
  });

  it('without a calendar, weekdays work and weekends do not', () => {
    expect(isWorkingDay(cst('2026-10-01 10:00'), NO_HOLIDAYS)).toBe(true);
    expect(isWorkingDay(cst('2026-10-10 10:00'), NO_HOLIDAYS)).toBe(false);
  });
});

describe('addWorkingDays', () => {
  it('Friday 20:00 China time + 1 working day → Monday 20:00', () => {
    const due = addWorkingDays(at('2026-11-20T12:00:00Z'), 1, CN_CALENDAR_2026);
    expect(due.toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });

  it('Friday 23:30 China time (still Friday 15:30 UTC) + 1 → Monday 23:30', () => {
    expect(addWorkingDays(cst('2026-11-20 23:30'), 1, CN_CALENDAR_2026)).toEqual(cst('2026-11-23 23:30'));
  });

  it('Saturday and Sunday items with one day are due Monday, like Friday items', () => {
    expect(addWorkingDays(cst('2026-11-21 09:00'), 1, CN_CALENDAR_2026)).toEqual(cst('2026-11-23 09:00'));
    expect(addWorkingDays(cst('2026-11-22 09:00'), 1, CN_CALENDAR_2026)).toEqual(cst('2026-11-23 09:00'));
  });

  it('a plain week: Monday + 5 → next Monday', () => {
    expect(addWorkingDays(cst('2026-11-16 10:00'), 5, CN_CALENDAR_2026)).toEqual(cst('2026-11-23 10:00'));
  });

  it('skips the National Day week (10-01 … 10-07)', () => {
    expect(addWorkingDays(cst('2026-09-30 10:00'), 1, CN_CALENDAR_2026)).toEqual(cst('2026-10-08 10:00'));
  });

  it('counts the 调休 Saturday 10-10 as a working day', () => {
    expect(addWorkingDays(cst('2026-10-09 10:00'), 1, CN_CALENDAR_2026)).toEqual(cst('2026-10-10 10:00'));
    // 09-30 + 3: 10-08, 10-09, 10-10.
    expect(addWorkingDays(cst('2026-09-30 10:00'), 3, CN_CALENDAR_2026)).toEqual(cst('2026-10-10 10:00'));
    // …and 10-11 (Sunday) is a normal day off again.
    expect(addWorkingDays(cst('2026-09-30 10:00'), 4, CN_CALENDAR_2026)).toEqual(cst('2026-10-12 10:00'));
  });

  it('the calendar argument matters: without holidays 09-30 + 1 is 10-01', () => {
    expect(addWorkingDays(cst('2026-09-30 10:00'), 1, NO_HOLIDAYS)).toEqual(cst('2026-10-01 10:00'));
  });

  it('keeps the China clock time, also on a host whose zone leaves summer time on the way (Berlin, 10-25)', () => {
    const original = process.env.TZ;
    try {
      process.env.TZ = 'Europe/Berlin';
      // Thursday 10-22 + 3 working days: Friday 10-23, Monday 10-26, Tuesday 10-27; same 08:17 in China.
      expect(addWorkingDays(cst('2026-10-22 08:17'), 3, CN_CALENDAR_2026)).toEqual(cst('2026-10-27 08:17'));
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });

  it('0 days is the start itself', () => {
    const start = cst('2026-11-21 09:00');
    expect(addWorkingDays(start, 0, CN_CALENDAR_2026)).toEqual(start);
  });
});

describe('dueAtFor', () => {
  it('uses the deadline in working days for each class', () => {
    expect(CLASS_DEADLINE_DAYS).toEqual({ simple: 1, general: 3, major: 5, hard: 10, crossRegion: 15 });
  });

  // From Monday 2026-11-16 10:00 China time; no holidays until 2027.
  it.each<[ItemClass, string]>([
    ['simple', '2026-11-17 10:00'],
    ['general', '2026-11-19 10:00'],
    ['major', '2026-11-23 10:00'],
    ['hard', '2026-11-30 10:00'],
    ['crossRegion', '2026-12-07 10:00'],
  ])('%s → %s', (cls, due) => {
    expect(dueAtFor(cls, cst('2026-11-16 10:00'))).toEqual(cst(due));
  });

  it('defaults to the 2026 holiday calendar', () => {
    expect(dueAtFor('general', cst('2026-09-30 10:00'))).toEqual(cst('2026-10-10 10:00'));
  });

  it('accepts another calendar', () => {
    expect(dueAtFor('general', cst('2026-09-30 10:00'), NO_HOLIDAYS)).toEqual(cst('2026-10-05 10:00'));
  });
});

describe('the result does not depend on the host time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    // Assigning undefined would store the string "undefined", so delete instead.
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  function dueIn(tz: string, start: Date, days: number): string {
    process.env.TZ = tz;
    return addWorkingDays(start, days, CN_CALENDAR_2026).toISOString();
  }

  it('UTC and Asia/Shanghai hosts agree', () => {
    const start = cst('2026-11-20 23:30');
    expect(dueIn('Asia/Shanghai', start, 1)).toBe(dueIn('UTC', start, 1));
    expect(dueIn('UTC', start, 1)).toBe(cst('2026-11-23 23:30').toISOString());
  });

  // Stepping one *local* calendar day would make the step across a DST change 23 or 25 hours on a
  // host in Europe or the US; near China midnight the working-day check would then land on the wrong
  // day. US DST ends 2026-11-01: Friday 10-30 23:30 CST + 1 working day is Monday 11-02 23:30 CST.
  it('a host with daylight saving (America/New_York) gives the same deadline as UTC', () => {
    const start = cst('2026-10-30 23:30');
    expect(dueIn('America/New_York', start, 1)).toBe(cst('2026-11-02 23:30').toISOString());
  });
});

const H = 3_600_000;

describe('the statutory calendar comes from chinese-days', () => {
  it('its 2026 matches the State Council arrangement', () => {
    expect(CN_CALENDAR_2026.holidays).toEqual([
      '2026-01-01', '2026-01-02', '2026-01-03',
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
      '2026-04-04', '2026-04-05', '2026-04-06',
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      '2026-06-19', '2026-06-20', '2026-06-21',
      '2026-09-25', '2026-09-26', '2026-09-27',
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    ]);
    expect(CN_CALENDAR_2026.makeupWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('knows earlier years too, so old items keep their deadlines', () => {
    expect(PUBLISHED_YEARS.first).toBeLessThanOrEqual(2020);
    expect(PUBLISHED_YEARS.last).toBeGreaterThanOrEqual(2026);
    expect(isWorkingDay(cst('2025-10-08 10:00'), CN_CALENDAR)).toBe(false); // 2025 National Day ran to 10-08
    expect(isWorkingDay(cst('2025-09-28 10:00'), CN_CALENDAR)).toBe(true); // 调休 Sunday
    expect(isWorkingDay(cst('2025-09-28 10:00'), CN_CALENDAR_2026)).toBe(false);
  });

  it('is the default of isWorkingDay, addWorkingDays and dueAtFor', () => {
    expect(isWorkingDay(cst('2025-10-08 10:00'))).toBe(false);
    expect(addWorkingDays(cst('2025-09-30 10:00'), 1)).toEqual(cst('2025-10-09 10:00'));
    expect(dueAtFor('simple', cst('2025-09-30 10:00'))).toEqual(cst('2025-10-09 10:00'));
  });
});

describe('2027-01-01 and years the library has not published', () => {
  const newYear = cst('2027-01-01 10:00'); // a Friday

  it('an unpublished year counts weekends only, and says so', () => {
    if (PUBLISHED_YEARS.last >= 2027) {
      // A newer chinese-days knows 2027: New Year's Day is a holiday without any admin work.
      expect(isYearCovered(2027)).toBe(true);
      expect(isWorkingDay(newYear, CN_CALENDAR)).toBe(false);
      return;
    }
    // chinese-days 1.5.7 (pinned) stops at 2026: 2027-01-01 would count as a plain Friday …
    expect(isYearCovered(2027)).toBe(false);
    expect(isWorkingDay(newYear, CN_CALENDAR)).toBe(true);
    // … which settings warns about from December 2026 on (this year and the next are checked).
    expect(uncoveredYears(cst('2026-12-01 09:00'))).toEqual([2027]);
    expect(uncoveredYears(cst('2026-06-01 09:00'), {}, 0)).toEqual([]);
  });

  it('admins extend it in settings: 2027-01-01 off, and a 调休 Saturday on', () => {
    const cal = workingCalendar({ holidays: ['2027-01-01'], workdays: ['2027-01-09'] });
    expect(isYearCovered(2027, { holidays: ['2027-01-01'] })).toBe(true);
    expect(uncoveredYears(cst('2026-12-01 09:00'), { holidays: ['2027-01-01'] })).toEqual([]);
    expect(isWorkingDay(newYear, cal)).toBe(false);
    expect(isWorkingDay(cst('2027-01-09 10:00'), cal)).toBe(true);
    // 12-31 (Thursday) + 1 working day: 01-01 holiday, 01-02/03 weekend → Monday 01-04.
    expect(addWorkingDays(cst('2026-12-31 10:00'), 1, cal)).toEqual(cst('2027-01-04 10:00'));
    // The published years are still there.
    expect(isWorkingDay(cst('2026-10-01 10:00'), cal)).toBe(false);
  });

  it('an override wins over the library on its date', () => {
    const cal = workingCalendar({ holidays: ['2026-10-10'], workdays: ['2026-10-07'] });
    expect(isWorkingDay(cst('2026-10-10 10:00'), cal)).toBe(false); // published 调休 cancelled
    expect(isWorkingDay(cst('2026-10-07 10:00'), cal)).toBe(true); // published holiday worked
    expect(isWorkingDay(cst('2026-10-10 10:00'), CN_CALENDAR)).toBe(true); // the shared calendar is untouched
  });

  it('no overrides give the shared statutory calendar', () => {
    expect(workingCalendar()).toBe(CN_CALENDAR);
    expect(workingCalendar({ holidays: [], workdays: [] })).toBe(CN_CALENDAR);
  });
});

describe('short clocks: working hours and real time', () => {
  it('24 working hours from Friday 17:00 end Monday 17:00, like one working day', () => {
    expect(addWorkingHours(cst('2026-11-20 17:00'), 24, CN_CALENDAR)).toEqual(cst('2026-11-23 17:00'));
    expect(addWorkingDays(cst('2026-11-20 17:00'), 1, CN_CALENDAR)).toEqual(cst('2026-11-23 17:00'));
  });

  it('the clock stands still over the weekend night: Friday 23:00 + 2 h → Monday 01:00', () => {
    expect(addWorkingHours(cst('2026-11-20 23:00'), 2, CN_CALENDAR)).toEqual(cst('2026-11-23 01:00'));
  });

  it('started on a Saturday, it runs from Monday 00:00', () => {
    expect(addWorkingHours(cst('2026-11-21 10:00'), 4, CN_CALENDAR)).toEqual(cst('2026-11-23 04:00'));
  });

  it('skips the National Day week and counts the 调休 Saturday', () => {
    expect(addWorkingHours(cst('2026-09-30 20:00'), 8, CN_CALENDAR)).toEqual(cst('2026-10-08 04:00'));
    expect(addWorkingHours(cst('2026-10-09 20:00'), 8, CN_CALENDAR)).toEqual(cst('2026-10-10 04:00'));
  });

  it('5321 (物业) counts real minutes, weekends included', () => {
    const sat = cst('2026-11-21 10:00');
    expect(addWorkingMinutes(sat, 5, REAL_TIME)).toEqual(cst('2026-11-21 10:05'));
    expect(addWorkingMinutes(sat, 30, REAL_TIME)).toEqual(cst('2026-11-21 10:30'));
    expect(addWorkingHours(sat, 2, REAL_TIME)).toEqual(cst('2026-11-21 12:00'));
  });

  it('0 is the start itself; negative or NaN amounts are refused', () => {
    const sat = cst('2026-11-21 10:00');
    expect(addWorkingHours(sat, 0, CN_CALENDAR)).toEqual(sat);
    expect(() => addWorkingHours(sat, -1, CN_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingDays(sat, Number.NaN, CN_CALENDAR)).toThrow(RangeError);
  });

  it('workingMsBetween counts only working days and is signed', () => {
    expect(workingMsBetween(cst('2026-11-20 10:00'), cst('2026-11-23 10:00'), CN_CALENDAR)).toBe(24 * H);
    expect(workingMsBetween(cst('2026-11-23 10:00'), cst('2026-11-20 10:00'), CN_CALENDAR)).toBe(-24 * H);
    expect(workingMsBetween(cst('2026-11-21 00:00'), cst('2026-11-23 00:00'), CN_CALENDAR)).toBe(0);
    expect(workingMsBetween(cst('2026-11-20 10:00'), cst('2026-11-23 10:00'), REAL_TIME)).toBe(72 * H);
  });
});

describe('挂起 / 解挂: the clock restarts with the time that remained', () => {
  // A 一般 item posted Monday 11-16 10:00 is due Thursday 11-19 10:00.
  const due = dueAtFor('general', cst('2026-11-16 10:00'), CN_CALENDAR);

  it('paused Wednesday 10:00 with one working day left', () => {
    expect(due).toEqual(cst('2026-11-19 10:00'));
    expect(remainingMs(due, cst('2026-11-18 10:00'), CN_CALENDAR)).toBe(24 * H);
  });

  it('resumed Friday 15:00, it runs across the weekend: due Monday 15:00', () => {
    expect(resumeDueAt(due, cst('2026-11-18 10:00'), cst('2026-11-20 15:00'), CN_CALENDAR)).toEqual(cst('2026-11-23 15:00'));
  });

  it('resumed on Saturday, the clock starts Monday 00:00', () => {
    expect(resumeDueAt(due, cst('2026-11-18 10:00'), cst('2026-11-21 15:00'), CN_CALENDAR)).toEqual(cst('2026-11-24 00:00'));
  });

  it('paused before National Day and resumed on 09-30: the holiday week does not count', () => {
    const d = cst('2026-09-30 16:00');
    const paused = cst('2026-09-29 10:00');
    expect(remainingMs(d, paused, CN_CALENDAR)).toBe(30 * H);
    expect(resumeDueAt(d, paused, cst('2026-09-30 09:00'), CN_CALENDAR)).toEqual(cst('2026-10-08 15:00'));
    // Resumed Friday 10-09: the 调休 Saturday 10-10 is a working day.
    expect(resumeDueAt(d, paused, cst('2026-10-09 09:00'), CN_CALENDAR)).toEqual(cst('2026-10-10 15:00'));
  });

  it('across a weekend and an admin-added holiday (2027-01-01)', () => {
    const cal = workingCalendar({ holidays: ['2027-01-01'] });
    const d = cst('2026-12-31 18:00');
    // Paused Wednesday 12-30 18:00 with 24 h left; resumed Thursday 12-31 12:00:
    // 12 h on 12-31, then 01-01 (holiday), 01-02/03 (weekend), 12 h on Monday 01-04.
    expect(resumeDueAt(d, cst('2026-12-30 18:00'), cst('2026-12-31 12:00'), cal)).toEqual(cst('2027-01-04 12:00'));
  });

  it('a pause of no length changes nothing, whatever day the item was posted', () => {
    for (const posted of ['2026-11-21 09:00', '2026-11-20 23:30', '2026-09-30 10:00', '2026-10-09 10:00']) {
      const d = addWorkingDays(cst(posted), 3, CN_CALENDAR);
      for (const at of [cst(posted), new Date(cst(posted).getTime() + 5 * H)]) {
        expect(resumeDueAt(d, at, at, CN_CALENDAR)).toEqual(d);
      }
    }
  });

  it('an item paused while overdue stays overdue by the same amount', () => {
    const d = cst('2026-11-19 10:00');
    expect(remainingMs(d, cst('2026-11-19 12:00'), CN_CALENDAR)).toBe(-2 * H);
    expect(resumeDueAt(d, cst('2026-11-19 12:00'), cst('2026-11-25 12:00'), CN_CALENDAR)).toEqual(cst('2026-11-25 10:00'));
  });

  it('the 5321 clock resumes in real time', () => {
    const d = cst('2026-11-21 10:30'); // 30 minutes from 10:00
    expect(resumeDueAt(d, cst('2026-11-21 10:10'), cst('2026-11-22 08:00'), REAL_TIME)).toEqual(cst('2026-11-22 08:20'));
  });

  it('does not depend on the host time zone', () => {
    const original = process.env.TZ;
    try {
      const results = ['UTC', 'America/New_York', 'Asia/Shanghai'].map((tz) => {
        process.env.TZ = tz;
        return resumeDueAt(cst('2026-10-30 23:30'), cst('2026-10-29 23:30'), cst('2026-10-30 22:00'), CN_CALENDAR).toISOString();
      });
      expect(new Set(results).size).toBe(1);
      expect(results[0]).toBe(cst('2026-11-02 22:00').toISOString());
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

describe('subtractWorkingMs (reminders ahead of a deadline)', () => {
  it('24 working hours before Monday 10:00 is Friday 10:00', () => {
    expect(subtractWorkingMs(cst('2026-11-23 10:00'), 24 * H, CN_CALENDAR)).toEqual(cst('2026-11-20 10:00'));
  });
  it('before 10-08 it skips the National Day week', () => {
    expect(subtractWorkingMs(cst('2026-10-08 04:00'), 8 * H, CN_CALENDAR)).toEqual(cst('2026-09-30 20:00'));
  });
  it('is the inverse of addWorkingHours on working days', () => {
    const start = cst('2026-09-29 13:00');
    for (const h of [1, 11, 35, 100]) expect(subtractWorkingMs(addWorkingHours(start, h, CN_CALENDAR), h * H, CN_CALENDAR)).toEqual(start);
  });
  it('real time subtracts plainly', () => {
    expect(subtractWorkingMs(cst('2026-11-21 10:30'), 30 * 60_000, REAL_TIME)).toEqual(cst('2026-11-21 10:00'));
  });
});

describe('edges of the working-time clock', () => {
  it('a span that ends exactly at midnight ends that day, not on the next working day', () => {
    // Friday noon + 12 working hours: Friday 24:00, which is Saturday 00:00, not Monday 00:00
    expect(addWorkingHours(cst('2026-11-20 12:00'), 12, CN_CALENDAR)).toEqual(cst('2026-11-21 00:00'));
    // Monday noon − 12 working hours: Monday 00:00, not the Saturday 00:00 that closes Friday
    expect(subtractWorkingMs(cst('2026-11-23 12:00'), 12 * H, CN_CALENDAR)).toEqual(cst('2026-11-23 00:00'));
  });

  it('subtracting nothing leaves the instant where it is, on a day off too', () => {
    expect(subtractWorkingMs(cst('2026-11-22 10:00'), 0, CN_CALENDAR)).toEqual(cst('2026-11-22 10:00'));
  });

  it('amounts must be finite and not negative, and the error says which', () => {
    expect(() => addWorkingDays(cst('2026-11-20 10:00'), -1)).toThrow('days must be a finite number ≥ 0, got -1');
    expect(() => addWorkingHours(cst('2026-11-20 10:00'), Number.NaN, CN_CALENDAR)).toThrow('ms must be a finite number ≥ 0, got NaN');
    expect(() => subtractWorkingMs(cst('2026-11-20 10:00'), -5, CN_CALENDAR)).toThrow('ms must be a finite number ≥ 0, got -5');
  });

  it('no time between an instant and itself: zero, not minus zero', () => {
    expect(workingMsBetween(cst('2026-11-20 10:00'), cst('2026-11-20 10:00'), CN_CALENDAR)).toBe(0);
  });

  it('a deadline on a day off with the pause on that day too: due again when resumed, not later', () => {
    // due Sunday 10:00, paused Saturday 10:00: no working time was left and the item was not overdue
    expect(resumeDueAt(cst('2026-11-22 10:00'), cst('2026-11-21 10:00'), cst('2026-11-25 09:00'), CN_CALENDAR)).toEqual(cst('2026-11-25 09:00'));
    // due Saturday 00:00, paused Saturday 10:00: overdue by those ten hours after resuming
    expect(resumeDueAt(cst('2026-11-21 00:00'), cst('2026-11-21 10:00'), cst('2026-11-25 12:00'), CN_CALENDAR)).toEqual(cst('2026-11-25 02:00'));
  });

  it('a year is covered by an admin\'s holiday of that very year only', () => {
    expect(isYearCovered(2099, { holidays: ['2098-10-01', '12099-01-01'] })).toBe(false);
    expect(isYearCovered(2099, { holidays: ['2098-10-01', '2099-10-01'] })).toBe(true);
  });
});
