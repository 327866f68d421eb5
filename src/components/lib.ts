import { platform } from '../services/platform';
// Small helpers shared by pages and components.
import { chinaTime } from '../core/chinaTime';
import { ApiError } from '../services/api';

/** A time in China time (UTC+8), whatever the device's zone (core/chinaTime.ts). */
export const fmtTime = chinaTime;

/** An item's time in a list, on a card or in its timeline: with the year only outside the current one (core/chinaTime.ts). */
export { listTime } from '../core/chinaTime';

/** The Chinese message to show for any thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e && typeof e === 'object' && 'message' in e && typeof (e as Error).message === 'string' && (e as Error).message) {
    const m = (e as Error).message;
    // Platform errors (e.g. "chooseImage:fail cancel") are not for people.
    return /[\u4e00-\u9fa5]/.test(m) ? m : '操作失败，请重试';
  }
  return '操作失败，请重试';
}

export function errorCode(e: unknown): string {
  return e instanceof ApiError ? e.code : '';
}

/**
 * The holder's role as shown after their name ("彭长颖（包保干部）"), or nothing when there is none: a
 * queue comes without one, its name already says what it is (河南街道待办).
 */
export function holderRoleText(roleLabel: string | undefined | null): string {
  return roleLabel ? `（${roleLabel}）` : '';
}

/** Field messages from an ApiError, keyed like the schema paths ("description", "photos.0"). */
export function errorFields(e: unknown): Record<string, string> {
  return e instanceof ApiError && e.details ? e.details : {};
}

/** First message for a field or any of its sub-paths. */
export function fieldError(fields: Record<string, string>, name: string): string {
  if (fields[name]) return fields[name];
  const k = Object.keys(fields).find((f) => f.startsWith(`${name}.`));
  return k ? fields[k] : '';
}

/**
 * Display URL for a stored photo. weapp's Image loads cloud:// fileIDs itself; on H5 the local
 * emulator serves storage over HTTP.
 */
export function photoUrl(fileID: string): string {
  return platform.fileUrl(fileID);
}

export function firstLine(text: string, max = 40): string {
  const line = (text || '').split(/\r?\n/)[0].trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Router params may arrive URL-encoded (weapp passes a QR `scene` through encodeURIComponent). */
export function readParam(raw: string | undefined): string {
  if (!raw) return '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}
