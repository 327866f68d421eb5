// 书记领办 rows: an item's state and days open, as the monthly list shows them.
import type { LeadRow } from '../../../../../src/core/engage/contract';
import { wholeDays } from '../../../../../src/core/engage/echo';
import { KIND_LABEL, STATE_LABEL } from '../../../../../src/core/labels';
import type { Item } from '../../../../../src/core/types';
import { deadlineOf } from '../../../../../src/core/workflow/decide';
import { clockOf, isOpen } from '../../../../../src/core/workflow/table';

/** When a finished item finished: its last state change into a closed-group state. */
function finishedAt(item: Item): Date {
  for (let i = item.timeline.length - 1; i >= 0; i--) {
    const e = item.timeline[i];
    if (e.from !== e.to && !isOpen(e.to)) return new Date(e.at);
  }
  return new Date(item.updatedAt);
}

export function leadRow(item: Item, now: Date): LeadRow {
  const finished = !isOpen(item.state);
  const end = finished ? finishedAt(item) : now;
  return {
    id: item._id,
    kindLabel: KIND_LABEL[item.kind] ?? '',
    category: item.category,
    description: item.description.length > 60 ? `${item.description.slice(0, 60)}…` : item.description,
    state: item.state,
    stateLabel: STATE_LABEL[item.state],
    finished,
    gridId: item.gridId,
    holderName: item.holder?.name ?? '',
    createdAt: new Date(item.createdAt).toISOString(),
    daysOpen: wholeDays(item.createdAt, end),
    overdue: !finished && clockOf(item.state) !== 'stopped' && !!item.dueAt && deadlineOf(item).getTime() < now.getTime(),
    lead: item.lead ? { name: item.lead.name, at: new Date(item.lead.at).toISOString(), note: item.lead.note ?? '' } : null,
  };
}
