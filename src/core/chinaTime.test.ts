import { afterEach, describe, expect, it } from 'vitest';
import { chinaTime as fmtTime, chinaToday, listTime } from './chinaTime';

const saved = process.env.TZ;
afterEach(() => {
  process.env.TZ = saved;
});

describe('chinaTime', () => {
  it('shows China time (UTC+8) whatever the device zone', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Shanghai', 'Europe/Berlin']) {
      process.env.TZ = zone;
      expect(fmtTime('2026-11-29T05:41:00.000Z'), zone).toBe('11-29 13:41');
      expect(fmtTime('2026-12-31T20:00:00.000Z', 'YYYY-MM-DD HH:mm'), zone).toBe('2027-01-01 04:00');
    }
  });

  it('answers empty text for nothing or garbage', () => {
    expect(fmtTime('')).toBe('');
    expect(fmtTime(undefined)).toBe('');
    expect(fmtTime('not a date')).toBe('');
  });
});

describe('chinaToday', () => {
  it('turns over at midnight China time, not UTC', () => {
    expect(chinaToday(Date.parse('2026-12-31T15:59:00Z'))).toBe('2026-12-31');
    expect(chinaToday(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });
});

describe('listTime', () => {
  const now = Date.parse('2026-03-05T04:00:00Z'); // 2026-03-05 12:00 in China

  it('leaves the year out within the current China year and shows it otherwise', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Shanghai']) {
      process.env.TZ = zone;
      expect(listTime('2026-01-10T06:05:00Z', { now }), zone).toBe('01-10 14:05');
      expect(listTime('2025-11-28T06:05:00Z', { now }), zone).toBe('2025-11-28 14:05');
      expect(listTime('2027-01-02T06:05:00Z', { now }), zone).toBe('2027-01-02 14:05');
    }
  });

  it('counts the year in China time, for the time shown and for now', () => {
    // 2025-12-31 16:30Z is already 2026-01-01 00:30 in China.
    expect(listTime('2025-12-31T16:30:00Z', { now })).toBe('01-01 00:30');
    expect(listTime('2025-12-31T15:30:00Z', { now })).toBe('2025-12-31 23:30');
    // On 2026-12-31 16:30Z China is in 2027, so a 2026 time carries its year.
    expect(listTime('2026-06-01T02:00:00Z', { now: Date.parse('2026-12-31T16:30:00Z') })).toBe('2026-06-01 10:00');
    expect(listTime('2026-06-01T02:00:00Z', { now: Date.parse('2026-12-31T15:30:00Z') })).toBe('06-01 10:00');
  });

  it('leaves the clock out with date, and answers empty text for nothing or garbage', () => {
    expect(listTime('2026-01-10T06:05:00Z', { now, date: true })).toBe('01-10');
    expect(listTime('2025-11-28T06:05:00Z', { now, date: true })).toBe('2025-11-28');
    expect(listTime('', { now })).toBe('');
    expect(listTime(null, { now })).toBe('');
    expect(listTime('not a date', { now })).toBe('');
  });
});
