// The timer's sweep: for each item whose look-in time has come, the one step core/workflow/sweep
// decides, applied as the system actor through the same use case path as a person's command.
// Bounded batches; a second run at once loses every compare-and-set and changes nothing.
import { DomainError } from '../../../../src/core/errors';
import type { Actor } from '../../../../src/core/workflow/decide';
import { sweepStep, watchAtOf, type SweepPolicy } from '../../../../src/core/workflow/sweep';
import type { Holder } from '../../../../src/core/types';
import { applyCommand, policyOf, type UseCaseDeps } from './apply';
import type { StreetSettings } from '../../../../src/core/settings';
import { upTarget } from './targets';

export const SYSTEM: Actor = { name: '系统', role: 'system', by: 'system' };

export interface SweepTally {
  looked: number;
  remind: number;
  overdue: number;
  escalateOverdue: number;
  whistleOverdue: number;
  skipped: number;
  /** The batch was full: more may be due; the next run goes on. */
  more: boolean;
}

export async function sweep(deps: UseCaseDeps, opts: { batch?: number; policy?: SweepPolicy } = {}): Promise<SweepTally> {
  const batch = opts.batch ?? 50;
  const due = await deps.repos.items.dueForSweep(deps.now, batch);
  const settingsOf = new Map<string, Promise<StreetSettings>>();
  const streetSettings = (id: string) => {
    if (!settingsOf.has(id)) settingsOf.set(id, deps.repos.settings.get(id));
    return settingsOf.get(id)!;
  };
  const tally: SweepTally = { looked: due.length, remind: 0, overdue: 0, escalateOverdue: 0, whistleOverdue: 0, skipped: 0, more: due.length === batch };
  for (const item of due) {
    const settings = await streetSettings(item.streetId);
    const policy = opts.policy ?? policyOf(settings);
    let up: Holder | undefined;
    if (item.overdueAt && policy.escalateOverdue) up = await upTarget(deps, item).catch(() => undefined);
    const step = sweepStep(item, deps.now, policy, up);
    if (!step) {
      await deps.repos.items.setWatch(item, watchAtOf(item, policy));
      tally.skipped++;
      continue;
    }
    try {
      await applyCommand({ ...deps, settings }, item, step, SYSTEM);
      tally[step.type as 'remind' | 'overdue' | 'escalateOverdue' | 'whistleOverdue']++;
    } catch (err) {
      // Another run (or a person) changed the item first: nothing to do here.
      if (err instanceof DomainError && (err.code === 'CONFLICT' || err.code === 'INVALID_STATE')) tally.skipped++;
      else throw err;
    }
  }
  return tally;
}
