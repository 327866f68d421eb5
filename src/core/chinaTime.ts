import dayjs from 'dayjs';

/**
 * A time as China shows it (UTC+8), whatever the device's zone: deadlines and messages are in
 * China time, so the pages must be too.
 */
export function chinaTime(iso: string | null | undefined, pattern = 'MM-DD HH:mm'): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  // Shift so that the device's local rendering shows China's wall-clock time.
  const shifted = t + (8 * 60 + new Date(t).getTimezoneOffset()) * 60_000;
  return dayjs(shifted).format(pattern);
}

/** Today's date as YYYY-MM-DD in China time. */
export const chinaToday = (now = Date.now()): string => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * An item's time in a list, on a card or in its timeline: "11-28 14:05" within the current year
 * (China time), "2025-11-28 14:05" before or after it. `date` leaves the clock out ("11-28",
 * "2025-11-28").
 */
export function listTime(iso: string | null | undefined, { date = false, now = Date.now() }: { date?: boolean; now?: number } = {}): string {
  const year = chinaTime(iso, 'YYYY');
  if (!year) return '';
  const short = date ? 'MM-DD' : 'MM-DD HH:mm';
  return chinaTime(iso, year === chinaToday(now).slice(0, 4) ? short : `YYYY-${short}`);
}
