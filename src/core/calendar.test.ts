import { afterEach, describe, expect, it } from 'vitest';
import {
  CLASS_DEADLINE_DAYS,
  CN_CALENDAR_2026,
  type HolidayCalendar,
  addWorkingDays,
  chinaDateKey,
  dueAtFor,
  isWorkingDay,
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

  it('keeps the clock time', () => {
    const start = cst('2026-06-01 08:17');
    const due = addWorkingDays(start, 7, CN_CALENDAR_2026);
    expect((due.getTime() - start.getTime()) % 86_400_000).toBe(0);
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

  // BUG: addWorkingDays steps with dayjs(...).add(1, 'day'), i.e. one *local* calendar day. On a host
  // whose zone has daylight saving (a developer laptop running the emulator in Europe or the US) the
  // step across the DST change is 23 or 25 hours, so the "same clock time" in China shifts by an hour,
  // and near China midnight the working-day check lands on the wrong day. US DST ends 2026-11-01:
  // Friday 2026-10-30 23:30 CST + 1 working day should be Monday 11-02 23:30 CST (15:30Z), but on a
  // New York host it comes out Monday 00:30 CST (2026-11-01T16:30Z), 23 hours early.
  it('a host with daylight saving (America/New_York) gives the same deadline as UTC', () => {
    const start = cst('2026-10-30 23:30');
    expect(dueIn('America/New_York', start, 1)).toBe(cst('2026-11-02 23:30').toISOString());
  });
});
