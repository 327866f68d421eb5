import { DomainError } from './errors';
import type { Holder, Item, ItemAction, ItemState, Rating, Role, TimelineEvent } from './types';

/** Who performs a command, as the use case resolved it from the wx-context. */
export interface Actor {
  name: string;
  role: 'resident' | Role | 'system';
}

export type Command =
  | { type: 'accept' }
  | { type: 'start' }
  | { type: 'resolve'; note: string; photos: string[] }
  | { type: 'reject'; reason: string }
  | { type: 'rate'; stars: number; solved: boolean; comment?: string };

/** Fields a transition changes; `timeline` is appended, never replaced. */
export interface Transition {
  state: ItemState;
  version: number;
  event: TimelineEvent;
  set: Partial<Pick<Item, 'resolution' | 'rejectReason' | 'rectifyCount' | 'holder' | 'holderKey' | 'dueAt'>>;
  rating?: Rating;
  /** Set when the transition hands the item to someone new (they must be notified). */
  newHolder?: Holder;
}

export interface TransitionContext {
  now: Date;
  /** Where a second unsatisfied rating escalates to; resolved by routing before the call. */
  escalateTo?: Holder;
  /** New deadline for rectification. */
  rectifyDueAt?: Date;
}

/** Which commands each state allows. Anything else is an INVALID_STATE error. */
const ALLOWED: Record<ItemState, Command['type'][]> = {
  submitted: ['accept', 'reject'],
  accepted: ['start', 'resolve'],
  inProgress: ['resolve'],
  rectifying: ['start', 'resolve'],
  resolved: ['rate'],
  closed: [],
  rejected: [],
};

export function allowedCommands(state: ItemState): Command['type'][] {
  return ALLOWED[state];
}

/** 不满意: two stars or fewer, or the resident says it was not solved. */
export function isUnsatisfied(stars: number, solved: boolean): boolean {
  return stars <= 2 || !solved;
}

export function holderKey(h: Holder): string {
  return h.kind === 'person' ? h.personId : `queue:${h.nodeId}`;
}

export function holderLabel(h: Holder): string {
  return h.name;
}

export function transition(item: Item, cmd: Command, actor: Actor, ctx: TransitionContext): Transition {
  if (!ALLOWED[item.state].includes(cmd.type)) {
    throw new DomainError('INVALID_STATE', `该事项当前状态不能执行此操作，请刷新后重试`, {
      state: item.state,
      command: cmd.type,
    });
  }
  const base = (action: ItemAction, to: ItemState, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
    at: ctx.now,
    actor: actor.name,
    actorRole: actor.role,
    action,
    from: item.state,
    to,
    ...extra,
  });
  const version = item.version + 1;

  switch (cmd.type) {
    case 'accept':
      return { state: 'accepted', version, event: base('accept', 'accepted'), set: {} };
    case 'start':
      return { state: 'inProgress', version, event: base('start', 'inProgress'), set: {} };
    case 'reject':
      return {
        state: 'rejected',
        version,
        event: base('reject', 'rejected', { note: cmd.reason }),
        set: { rejectReason: cmd.reason },
      };
    case 'resolve':
      return {
        state: 'resolved',
        version,
        event: base('resolve', 'resolved', { note: cmd.note, photos: cmd.photos }),
        set: { resolution: { note: cmd.note, photos: cmd.photos, at: ctx.now } },
      };
    case 'rate':
      return rate(item, cmd, actor, ctx, version, base);
  }
}

function rate(
  item: Item,
  cmd: Extract<Command, { type: 'rate' }>,
  _actor: Actor,
  ctx: TransitionContext,
  version: number,
  base: (a: ItemAction, to: ItemState, extra?: Partial<TimelineEvent>) => TimelineEvent,
): Transition {
  const satisfied = !isUnsatisfied(cmd.stars, cmd.solved);
  const rating: Rating = { stars: cmd.stars, solved: cmd.solved, comment: cmd.comment, at: ctx.now, satisfied };
  const note = `${cmd.stars}星，${cmd.solved ? '已解决' : '未解决'}${cmd.comment ? `：${cmd.comment}` : ''}`;
  if (satisfied) {
    return { state: 'closed', version, event: base('rate', 'closed', { note }), set: {}, rating };
  }
  const rectifyCount = item.rectifyCount + 1;
  const dueAt = ctx.rectifyDueAt;
  if (rectifyCount === 1) {
    // First unsatisfied rating: the same holder rectifies (整改) under a new deadline.
    return {
      state: 'rectifying',
      version,
      event: base('rectify', 'rectifying', { note, holder: item.holder.name }),
      set: { rectifyCount, ...(dueAt ? { dueAt } : {}) },
      rating,
    };
  }
  // Second (or later) unsatisfied rating: escalate one level up.
  if (!ctx.escalateTo) {
    throw new DomainError('INTERNAL', '未找到可接手的上级，请联系社区');
  }
  const holder = ctx.escalateTo;
  return {
    state: 'rectifying',
    version,
    event: base('escalate', 'rectifying', { note, holder: holder.name }),
    set: { rectifyCount, holder, holderKey: holderKey(holder), ...(dueAt ? { dueAt } : {}) },
    rating,
    newHolder: holder,
  };
}
