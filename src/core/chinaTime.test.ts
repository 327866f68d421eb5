import { afterEach, describe, expect, it } from 'vitest';
import { chinaTime as fmtTime, chinaToday } from './chinaTime';

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
