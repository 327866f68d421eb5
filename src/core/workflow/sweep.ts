// What the timer's sweep does to one item, decided from the item alone: remind before a deadline,
// mark it overdue, escalate it one level up, flag a whistle nobody reported to. `watchAt` is the
// next time the sweep must look at the item; the sweep reads only items whose watchAt has come,
// so its reads grow with the number of due items, not with all items.
import type { Holder, Item } from '../types';
import { deadlineOf, levelOf, type Command } from './decide';
import { clockOf, COMMANDS } from './table';

export interface SweepPolicy {
  /** Remind the holder this long before a deadline. */
  reminderLeadMs: number;
  /** Escalate overdue items one level up (grid → community → street). */
  escalateOverdue: boolean;
}

export const DEFAULT_SWEEP_POLICY: SweepPolicy = { reminderLeadMs: 24 * 3_600_000, escalateOverdue: true };

const allows = (item: Item, cmd: Command['type']) => COMMANDS[cmd].from.includes(item.state);

/**
 * When to remind of a deadline: `reminderLeadMs` before it, but never in the first half of the
 * time given (a response limit of a few hours would otherwise be "due soon" at once).
 */
export function remindAtOf(item: Item, due: number, policy: SweepPolicy): number {
  const since = new Date(item.updatedAt).getTime();
  return Math.max(due - policy.reminderLeadMs, since + (due - since) / 2);
}

/** The step due now, or null. `up` is where an overdue item escalates (resolved by the caller). */
export function sweepStep(item: Item, now: Date, policy: SweepPolicy, up?: Holder): Command | null {
  const t = now.getTime();
  if (item.state === 'whistled' && item.whistle && !item.whistle.flaggedAt && t >= new Date(item.whistle.reportDueAt).getTime()) {
    return { type: 'whistleOverdue' };
  }
  if (clockOf(item.state) !== 'running') return null;
  const due = deadlineOf(item).getTime();
  if (t >= due) {
    if (!item.overdueAt && allows(item, 'overdue')) return { type: 'overdue' };
    const level = levelOf(item.holder);
    if (item.overdueAt && policy.escalateOverdue && up && (level === 'grid' || level === 'community') && allows(item, 'escalateOverdue')) {
      return { type: 'escalateOverdue', to: up };
    }
    return null;
  }
  if (t >= remindAtOf(item, due, policy) && item.remindedFor !== new Date(due).toISOString() && allows(item, 'remind')) {
    return { type: 'remind' };
  }
  return null;
}

/** When the sweep must next look at the item (null: never, until a command changes it). */
export function watchAtOf(item: Item, policy: SweepPolicy): Date | null {
  const times: number[] = [];
  if (item.state === 'whistled' && item.whistle && !item.whistle.flaggedAt) times.push(new Date(item.whistle.reportDueAt).getTime());
  if (clockOf(item.state) === 'running') {
    const due = deadlineOf(item).getTime();
    const level = levelOf(item.holder);
    if (!item.overdueAt) {
      times.push(item.remindedFor === new Date(due).toISOString() ? due : remindAtOf(item, due, policy));
    } else if (policy.escalateOverdue && (level === 'grid' || level === 'community') && allows(item, 'escalateOverdue')) {
      times.push(item.overdueAt ? new Date(item.overdueAt).getTime() : due);
    }
  }
  return times.length ? new Date(Math.min(...times)) : null;
}
