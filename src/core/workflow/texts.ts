// Free text a workflow command carries. Each of these is shown to another person (the resident,
// the next holder, the 回音壁), so each passes content security before the command runs.
import type { Command } from './decide';

/** Fields of a command that a person typed. */
export const FREE_TEXT_FIELDS = ['note', 'reason', 'plan', 'comment'] as const;

/** The non-empty typed texts of a command, in field order. */
export function freeTextOf(cmd: Command): string[] {
  const c = cmd as Partial<Record<(typeof FREE_TEXT_FIELDS)[number], unknown>>;
  return FREE_TEXT_FIELDS.map((f) => c[f]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}
