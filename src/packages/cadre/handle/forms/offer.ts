// Which command forms the handle page offers, from ItemView.actions (the server's reading of the
// workflow table). Pure, so it is tested without Taro.
import type { CommandName, ItemView } from '../../../../core/api/contract';
import { COMMANDS } from '../../../../core/workflow/table';

/** A form's key: the two halves of a review share one form. Resident commands have none. */
export type FormKey =
  | 'verify' | 'reject' | 'transfer' | 'sendUp' | 'whistle' | 'report' | 'meet' | 'return' | 'start' | 'resolve'
  | 'pause' | 'pauseReview' | 'resume' | 'appealReview';

const KEY: Partial<Record<CommandName, FormKey>> = {
  verify: 'verify', reject: 'reject', transfer: 'transfer', sendUp: 'sendUp', whistle: 'whistle', report: 'report',
  meet: 'meet', return: 'return', start: 'start', resolve: 'resolve', pause: 'pause',
  pauseApprove: 'pauseReview', pauseDeny: 'pauseReview', resume: 'resume',
  appealUphold: 'appealReview', appealReopen: 'appealReview',
};

/** 下单 from a grid to its community, 派单 from a community to the street; nothing above the street. */
export function sendUpLabel(level: ItemView['level']): string {
  return level === 'grid' ? '上报社区' : level === 'community' ? '派单到街道' : '';
}

function labelOf(key: FormKey, c: CommandName, item: Pick<ItemView, 'level'>): string {
  if (key === 'sendUp') return sendUpLabel(item.level);
  if (key === 'pauseReview') return '挂起审批';
  if (key === 'appealReview') return '申诉审核';
  return COMMANDS[c].label;
}

/**
 * Until the server leaves them out of `actions`: 上报 has no level above the street, and only the
 * street whistles (item.whistle answers "请先派单到街道" below it).
 */
function usableHere(c: CommandName, item: Pick<ItemView, 'level'>): boolean {
  if (c === 'sendUp') return item.level === 'grid' || item.level === 'community';
  if (c === 'whistle') return item.level === 'street';
  return true;
}

/**
 * The forms that move the item forward come first, so the page opens on the usual next step
 * (after 核单受理: 开始办理, not 转办); the rest follow in the server's order.
 */
const FORWARD: FormKey[] = ['verify', 'report', 'start', 'resolve', 'resume', 'pauseReview', 'appealReview'];
const rank = (key: FormKey) => {
  const i = FORWARD.indexOf(key);
  return i < 0 ? FORWARD.length : i;
};

/** The forms for what the caller may do now: forward steps first, then in the order the server lists the commands. */
export function offeredForms(item: Pick<ItemView, 'actions' | 'level'>): { key: FormKey; label: string }[] {
  const out: { key: FormKey; label: string }[] = [];
  for (const c of item.actions) {
    const key = KEY[c];
    if (!key || !usableHere(c, item) || out.some((o) => o.key === key)) continue;
    out.push({ key, label: labelOf(key, c, item) });
  }
  // Array.prototype.sort is stable: forms of equal rank keep the server's order.
  return out.sort((a, b) => rank(a.key) - rank(b.key));
}
