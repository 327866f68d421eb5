// The workflow as data (六单联办): every item state with its group, clock and label, and every
// command with the states it may start from and who may issue it. Lists, badges, "is it open?"
// tests and action buttons all derive from these two tables; nothing keeps its own copy.
import type { ItemState } from '../types';

/** open: someone must act; waiting: on the resident, an approval or a pause; closed: finished. */
export type StateGroup = 'open' | 'waiting' | 'closed';
/** Whether the deadline clock runs in this state. */
export type Clock = 'running' | 'paused' | 'stopped';

export interface StateInfo {
  label: string;
  group: StateGroup;
  clock: Clock;
}

export const STATES: Record<ItemState, StateInfo> = {
  submitted: { label: '待核单', group: 'open', clock: 'running' },
  whistled: { label: '待报到', group: 'open', clock: 'running' },
  accepted: { label: '已受理', group: 'open', clock: 'running' },
  inProgress: { label: '办理中', group: 'open', clock: 'running' },
  rectifying: { label: '整改中', group: 'open', clock: 'running' },
  pausePending: { label: '挂起待批', group: 'waiting', clock: 'running' },
  paused: { label: '已挂起', group: 'waiting', clock: 'paused' },
  resolved: { label: '已办结待评价', group: 'waiting', clock: 'stopped' },
  appealing: { label: '申诉中', group: 'waiting', clock: 'stopped' },
  closed: { label: '已完结', group: 'closed', clock: 'stopped' },
  rejected: { label: '已退回', group: 'closed', clock: 'stopped' },
  withdrawn: { label: '已撤回', group: 'closed', clock: 'stopped' },
};

/**
 * Who may issue a command:
 * - holder: whoever holds the item (the person; for a queue its 第一经办人, the node's admins and,
 *   for a grid queue, the grid leader; for a department its staff);
 * - whistled: staff of a department named in the item's whistle;
 * - above: the level above the holder (grid leader or community admin over a grid holder,
 *   street admin over a community holder, street admin over a department);
 * - submitter: the resident who posted it;
 * - reviewer: the grid leader of the item's grid, or an admin over it (appeals);
 * - system: the timer.
 */
/** secretary: a community or street secretary over the item (书记领办). */
export type Issuer = 'holder' | 'whistled' | 'above' | 'submitter' | 'reviewer' | 'secretary' | 'system';

export type CommandName =
  | 'verify' | 'accept' | 'reject' | 'transfer' | 'sendUp' | 'whistle' | 'report' | 'meet' | 'return'
  | 'start' | 'resolve' | 'rate' | 'pause' | 'pauseApprove' | 'pauseDeny' | 'resume' | 'withdraw'
  | 'appeal' | 'appealUphold' | 'appealReopen' | 'lead' | 'remind' | 'overdue' | 'whistleOverdue' | 'escalateOverdue';

export interface CommandInfo {
  label: string;
  from: ItemState[];
  by: Issuer[];
  /** Shown as a button on the item page (system commands are not). */
  button: boolean;
  /** Oversight: the item stays where it is and nothing is decided (书记领办). */
  oversight?: true;
}

const WORKING: ItemState[] = ['accepted', 'inProgress', 'rectifying'];
const OPEN: ItemState[] = ['submitted', 'whistled', ...WORKING];
export const statesIn = (...groups: StateGroup[]): ItemState[] =>
  (Object.keys(STATES) as ItemState[]).filter((s) => groups.includes(STATES[s].group));

export const COMMANDS: Record<CommandName, CommandInfo> = {
  verify: { label: '核单受理', from: ['submitted'], by: ['holder'], button: true },
  accept: { label: '受理', from: ['submitted'], by: ['holder'], button: false },
  reject: { label: '退回', from: ['submitted'], by: ['holder'], button: true },
  transfer: { label: '转办', from: ['submitted', 'accepted'], by: ['holder', 'above'], button: true },
  sendUp: { label: '上报', from: ['submitted', ...WORKING], by: ['holder'], button: true },
  whistle: { label: '吹哨', from: ['submitted', ...WORKING], by: ['holder'], button: true },
  report: { label: '报到', from: ['whistled'], by: ['whistled'], button: true },
  meet: { label: '会商', from: WORKING, by: ['holder', 'above'], button: true },
  return: { label: '退回上级', from: ['whistled', 'accepted', 'inProgress'], by: ['whistled'], button: true },
  start: { label: '开始办理', from: ['accepted', 'rectifying'], by: ['holder'], button: true },
  resolve: { label: '办结', from: WORKING, by: ['holder'], button: true },
  rate: { label: '评价', from: ['resolved'], by: ['submitter'], button: true },
  pause: { label: '申请挂起', from: WORKING, by: ['holder'], button: true },
  pauseApprove: { label: '同意挂起', from: ['pausePending'], by: ['above'], button: true },
  pauseDeny: { label: '不同意挂起', from: ['pausePending'], by: ['above'], button: true },
  resume: { label: '解挂', from: ['paused'], by: ['holder', 'above'], button: true },
  withdraw: { label: '撤回', from: ['submitted'], by: ['submitter'], button: true },
  appeal: { label: '申诉', from: ['rejected'], by: ['submitter'], button: true },
  appealUphold: { label: '维持退回', from: ['appealing'], by: ['reviewer'], button: true },
  appealReopen: { label: '重新办理', from: ['appealing'], by: ['reviewer'], button: true },
  // 书记领办: oversight, no hand-off; led from the secretary's own 领办 page, not an item button.
  lead: { label: '领办', from: statesIn('open', 'waiting'), by: ['secretary'], button: false, oversight: true },
  remind: { label: '临期提醒', from: [...OPEN, 'pausePending'], by: ['system'], button: false },
  overdue: { label: '标记超期', from: [...OPEN, 'pausePending'], by: ['system'], button: false },
  whistleOverdue: { label: '报到超时', from: ['whistled'], by: ['system'], button: false },
  escalateOverdue: { label: '超期上报', from: ['submitted', ...WORKING], by: ['system'], button: false },
};

export const stateLabel = (s: ItemState): string => STATES[s]?.label ?? s;
export const stateGroup = (s: ItemState): StateGroup => STATES[s].group;
export const isOpen = (s: ItemState): boolean => STATES[s].group !== 'closed';
export const clockOf = (s: ItemState): Clock => STATES[s].clock;
/** States whose deadline the sweep watches. */
export const CLOCKED_STATES = (Object.keys(STATES) as ItemState[]).filter((s) => STATES[s].clock === 'running');
/** Commands the state allows at all. */
export function commandsFrom(state: ItemState): CommandName[] {
  return (Object.keys(COMMANDS) as CommandName[]).filter((c) => COMMANDS[c].from.includes(state));
}

/** Buttons for a caller who stands in these relations to the item. */
export function buttonsFor(state: ItemState, as: ReadonlySet<Issuer>): CommandName[] {
  return commandsFrom(state).filter((c) => COMMANDS[c].button && COMMANDS[c].by.some((b) => as.has(b)));
}

/**
 * States that wait on a decision by someone other than the holder (挂起审批, 申诉复核): every
 * command a person may issue there belongs to the level above or a reviewer. Their deciders list them.
 */
export const AWAITING_DECISION: ItemState[] = (Object.keys(STATES) as ItemState[]).filter((s) => {
  // The timer's commands and oversight decide nothing there.
  const cmds = commandsFrom(s).filter((c) => !COMMANDS[c].by.includes('system') && !COMMANDS[c].oversight);
  return cmds.length > 0 && cmds.every((c) => COMMANDS[c].by.every((b) => b === 'above' || b === 'reviewer'));
});

export function mayIssue(cmd: CommandName, state: ItemState, as: ReadonlySet<Issuer>): boolean {
  const info = COMMANDS[cmd];
  return info.from.includes(state) && info.by.some((b) => as.has(b));
}
