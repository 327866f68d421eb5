// Pure transitions of the workflow: given an item, a command and who issues it, decide the new
// state, the fields that change, the timeline event and the effects (who to notify, what to
// count). The application layer loads what a command needs, calls decide(), and writes the item
// and its effects in one transaction. Nothing here reads a database or a clock.
import { DomainError } from '../errors';
import type {
  Holder, Item, ItemAction, ItemClass, ItemLead, ItemLevel, ItemState, Rating, RejectReasonCode, Role, TimelineEvent, WhistleKind,
} from '../types';
import { monthKey } from '../stats/buckets';
import { COMMANDS, type CommandName } from './table';
import { CLASS_LABEL as CLASS_NAME, ITEM_LEVEL_LABEL, WHISTLE_LABEL } from '../labels';
import { talliesOf } from '../stats/tally';

export interface Actor {
  name: string;
  role: 'resident' | Role | 'system';
  /** Stable id of who acted (person id, "submitter" or "system"); never an OPENID. */
  by: string;
}

export const REJECT_REASONS: Record<RejectReasonCode, string> = {
  duplicate: '重复',
  outOfArea: '不属于本辖区',
  incomplete: '信息不全',
  invalid: '无效诉求',
};

export { WHISTLE_LABEL };

/** How long a rejected item may be appealed. */
export const APPEAL_DAYS = 7;

export type Command =
  | { type: 'verify'; itemClass: ItemClass; category: string; note?: string }
  | { type: 'accept' }
  | { type: 'reject'; code: RejectReasonCode; note?: string }
  | { type: 'transfer'; to: Holder; reason: string }
  | { type: 'sendUp'; to: Holder; reason: string }
  | { type: 'whistle'; kind: WhistleKind; departments: { id: string; name: string }[]; note?: string }
  | { type: 'report'; departmentId: string }
  | { type: 'meet'; attendees: string[]; plan: string }
  | { type: 'return'; reason: string; to: Holder }
  | { type: 'start' }
  | { type: 'resolve'; note: string; photos: string[] }
  | { type: 'rate'; stars: number; solved: boolean; comment?: string }
  | { type: 'pause'; reason: string }
  | { type: 'pauseApprove' }
  | { type: 'pauseDeny'; note?: string }
  | { type: 'resume' }
  | { type: 'withdraw'; reason?: string }
  | { type: 'appeal'; reason: string }
  | { type: 'appealUphold'; note: string }
  | { type: 'appealReopen'; note: string; to: Holder }
  | { type: 'lead'; nodeId: string; note?: string }
  | { type: 'remind' }
  | { type: 'overdue' }
  | { type: 'whistleOverdue' }
  | { type: 'escalateOverdue'; to: Holder };

/** Whom an effect is for; the application layer turns it into OPENIDs. */
export type Recipient = { kind: 'submitter' } | { kind: 'holder'; holder: Holder } | { kind: 'admins'; nodeId: string };

export type Effect =
  | { kind: 'notify'; to: Recipient; template: 'assigned' | 'updated'; phrase: string; note: string }
  | { kind: 'count'; counter: string };

/** Deadline arithmetic, bound to the street's settings and calendar by the caller. */
export interface Clocks {
  handleDue(itemClass: ItemClass, from: Date): Date;
  responseDue(itemClass: ItemClass, from: Date): Date;
  whistleDue(kind: WhistleKind, from: Date): Date;
  /** The deadline after a pause: the working time that remained, counted from `now`. */
  resumeDue(dueAt: Date, pausedAt: Date, now: Date): Date;
}

export interface DecideContext {
  now: Date;
  clocks: Clocks;
  /** Where a repeated unsatisfied rating goes: the level above, resolved by routing. */
  escalateTo?: Holder;
}

export interface Decision {
  state: ItemState;
  version: number;
  event: TimelineEvent & { by: string };
  /** Fields replaced on the item (a null value removes the field). */
  set: Partial<Record<keyof Item, unknown>>;
  rating?: Rating;
  /** Someone new holds the item: they keep read access and are notified. */
  newHolder?: Holder;
  effects: Effect[];
}

/**
 * The hop history once the item leaves its holder. A person's bound account is not kept there: it
 * may change later (a new binding refreshes only current holders), so whoever reads a hop for a
 * notice looks the person up.
 */
function hopsAfter(item: Item): Holder[] {
  const h = item.holder;
  const hop: Holder = h.kind === 'person' ? { kind: 'person', personId: h.personId, name: h.name, role: h.role } : h;
  return [...(item.previousHolders ?? []), hop];
}

export const holderKey = (h: Holder): string =>
  h.kind === 'person' ? h.personId : h.kind === 'queue' ? `queue:${h.nodeId}` : `dept:${h.departmentId}`;

export function levelOf(h: Holder): ItemLevel {
  if (h.kind === 'department') return 'department';
  if (h.kind === 'queue') return h.level ?? 'community';
  return 'grid';
}

/**
 * Who decides a pause request: the queue one level above the holder (its 第一经办人, else its
 * leaders or admins), as issuers.ts `above` lets them approve. Null for a street admin, who has
 * nobody above within the app.
 */
export function aboveQueue(item: Pick<Item, 'holder' | 'gridId' | 'communityId' | 'streetId'>): Holder | null {
  const h = item.holder;
  const queue = (nodeId: string, level: 'grid' | 'community' | 'street'): Holder => ({ kind: 'queue', nodeId, name: '', level });
  if (h.kind === 'person') {
    if (h.role === 'streetAdmin') return null;
    if (h.role === 'communityAdmin') return queue(item.streetId, 'street');
    if (h.role === 'gridLeader') return queue(item.communityId, 'community');
    return queue(item.gridId, 'grid');
  }
  if (h.kind === 'queue' && (h.level ?? 'community') === 'grid') return queue(item.communityId, 'community');
  return queue(item.streetId, 'street');
}

const fail = (message: string, details?: Record<string, string>) => new DomainError('INVALID_STATE', message, details);

export function decide(item: Item, cmd: Command, actor: Actor, ctx: DecideContext): Decision {
  const d = decideStep(item, cmd, actor, ctx);
  // The statistics' share of the transition, stamped on its event (core/stats/tally.ts).
  const tallies = talliesOf(item, d, ctx.now);
  return tallies.length ? { ...d, event: { ...d.event, tallies } } : d;
}

function decideStep(item: Item, cmd: Command, actor: Actor, ctx: DecideContext): Decision {
  const info = COMMANDS[cmd.type as CommandName];
  if (!info.from.includes(item.state)) {
    throw fail('该事项当前状态不能执行此操作，请刷新后重试', { state: item.state, command: cmd.type });
  }
  const now = ctx.now;
  const version = item.version + 1;
  const event = (action: ItemAction, to: ItemState, extra: Partial<TimelineEvent> = {}) => ({
    at: now, actor: actor.name, actorRole: actor.role, by: actor.by, action, from: item.state, to, ...extra,
  });
  const toSubmitter = (phrase: string, note: string): Effect => ({ kind: 'notify', to: { kind: 'submitter' }, template: 'updated', phrase, note });
  const toHolder = (holder: Holder, phrase: string, note: string): Effect => ({ kind: 'notify', to: { kind: 'holder', holder }, template: 'assigned', phrase, note });
  const count = (counter: string): Effect => ({ kind: 'count', counter });
  const handTo = (holder: Holder) => ({
    holder,
    holderKey: holderKey(holder),
    level: levelOf(holder),
    previousHolders: hopsAfter(item),
  });
  // Whoever receives an item that waits for 核单 gets a fresh response limit.
  const freshLimit = () => ({ responseDueAt: ctx.clocks.responseDue(item.itemClass, now), overdueAt: null, remindedFor: null });

  switch (cmd.type) {
    case 'verify':
    case 'accept': {
      const itemClass = cmd.type === 'verify' ? cmd.itemClass : item.itemClass;
      const category = cmd.type === 'verify' ? cmd.category : item.category;
      const dueAt = ctx.clocks.handleDue(itemClass, now);
      const note = cmd.type === 'verify' ? `定为${CLASS_NAME[itemClass]}事项，${dueText(dueAt)}前办结${cmd.note ? `；${cmd.note}` : ''}` : undefined;
      return {
        state: 'accepted', version, event: event(cmd.type, 'accepted', { note }),
        set: { itemClass, category, dueAt, respondedAt: item.respondedAt ?? now, overdueAt: null, remindedFor: null },
        effects: [toSubmitter('已受理', `${item.holder.name}已受理，${dueText(dueAt)}前办结`), ...(item.respondedAt ? [] : [count('responded')])],
      };
    }
    case 'reject': {
      const reason = `${REJECT_REASONS[cmd.code]}${cmd.note ? `：${cmd.note}` : ''}`;
      return {
        state: 'rejected', version, event: event('reject', 'rejected', { note: reason }),
        set: { rejectReason: reason, rejectCode: cmd.code, rejectedAt: now, respondedAt: item.respondedAt ?? now },
        effects: [toSubmitter('已退回', `退回原因：${reason}，${APPEAL_DAYS}日内可申诉`), count('rejected')],
      };
    }
    case 'transfer': {
      if (holderKey(cmd.to) === item.holderKey) throw fail('该事项已由对方办理，无需转办');
      return {
        state: 'submitted', version, event: event('transfer', 'submitted', { note: `转给${cmd.to.name}：${cmd.reason}`, holder: cmd.to.name }),
        set: { ...handTo(cmd.to), ...freshLimit() }, newHolder: cmd.to,
        effects: [toHolder(cmd.to, '转办待核单', cmd.reason), count('transferred')],
      };
    }
    case 'sendUp': {
      const from = levelOf(item.holder);
      const to = levelOf(cmd.to);
      if (!(from === 'grid' && to === 'community') && !(from === 'community' && to === 'street')) {
        throw fail(from === 'street' ? '街道可向职能部门吹哨，不能再上报' : '只能上报到上一级');
      }
      const verb = to === 'community' ? '已上报社区' : '已派至街道';
      return {
        state: 'submitted', version, event: event('sendUp', 'submitted', { note: `${verb}：${cmd.reason}`, holder: cmd.to.name }),
        set: { ...handTo(cmd.to), ...freshLimit() }, newHolder: cmd.to,
        effects: [toHolder(cmd.to, verb, cmd.reason), toSubmitter(verb, cmd.reason), count('escalated')],
      };
    }
    case 'whistle': {
      if (!cmd.departments.length) throw fail('请选择要吹哨的职能部门');
      if (cmd.kind !== 'tough' && cmd.departments.length > 1) throw fail('只有攻坚哨可以同时召集多个部门');
      const reportDueAt = ctx.clocks.whistleDue(cmd.kind, now);
      const lead: Holder = { kind: 'department', departmentId: cmd.departments[0].id, name: cmd.departments[0].name };
      const names = cmd.departments.map((d) => d.name).join('、');
      const note = `${ITEM_LEVEL_LABEL[levelOf(item.holder)]}已吹${WHISTLE_LABEL[cmd.kind]}，${names}须在 ${spanText(now, reportDueAt)}内报到${cmd.note ? `：${cmd.note}` : ''}`;
      return {
        state: 'whistled', version, event: event('whistle', 'whistled', { note, holder: names }),
        set: {
          ...handTo(lead),
          whistle: { kind: cmd.kind, by: actor.name, at: now, reportDueAt, departments: cmd.departments.map((d) => ({ id: d.id, name: d.name })) },
        },
        newHolder: lead,
        effects: [
          ...cmd.departments.map((d) => toHolder({ kind: 'department', departmentId: d.id, name: d.name }, '待报到', note)),
          toSubmitter('已吹哨', note), count('whistled'),
        ],
      };
    }
    case 'report': {
      const w = item.whistle;
      const dept = w?.departments.find((d) => d.id === cmd.departmentId);
      if (!w || !dept) throw fail('您的部门不在本次吹哨名单中');
      if (dept.reportedAt) throw fail('您的部门已报到');
      const departments = w.departments.map((d) => (d.id === dept.id ? { ...d, reportedAt: now, reportedBy: actor.name } : d));
      const all = departments.every((d) => d.reportedAt);
      const to: ItemState = all ? 'accepted' : 'whistled';
      // The lead department (the first named) keeps holding the item; the others work with it.
      return {
        state: to, version, event: event('report', to, { note: `${dept.name}已报到${all ? '' : '，等待其他部门报到'}`, holder: dept.name }),
        set: {
          whistle: { ...w, departments },
          ...(all ? { dueAt: ctx.clocks.handleDue(item.itemClass, now), overdueAt: null, remindedFor: null } : {}),
        },
        effects: all ? [toSubmitter('部门已报到', `${departments.map((d) => d.name).join('、')}已报到办理`)] : [],
      };
    }
    case 'meet': {
      const w = item.whistle;
      if (!w || w.kind !== 'tough') throw fail('只有攻坚哨事项可以召开会商');
      if (!cmd.attendees.length || !cmd.plan.trim()) throw fail('请填写参会单位和会商方案');
      return {
        state: item.state, version, event: event('meet', item.state, { note: `会商：${cmd.attendees.join('、')}参加；方案：${cmd.plan}` }),
        set: { whistle: { ...w, meeting: { at: now, attendees: cmd.attendees, plan: cmd.plan, by: actor.name } } },
        effects: [toSubmitter('已会商', cmd.plan)],
      };
    }
    case 'return': {
      return {
        state: 'submitted', version, event: event('return', 'submitted', { note: `退回${cmd.to.name}：${cmd.reason}`, holder: cmd.to.name }),
        set: { ...handTo(cmd.to), ...freshLimit(), whistle: null }, newHolder: cmd.to,
        effects: [toHolder(cmd.to, '部门退回', cmd.reason), count('returned')],
      };
    }
    case 'start':
      return { state: 'inProgress', version, event: event('start', 'inProgress'), set: {}, effects: [] };
    case 'resolve':
      return {
        state: 'resolved', version, event: event('resolve', 'resolved', { note: cmd.note, photos: cmd.photos }),
        set: { resolution: { note: cmd.note, photos: cmd.photos, at: now } },
        effects: [toSubmitter('已办结', '请您评价办理结果'), count(now.getTime() <= new Date(item.dueAt).getTime() ? 'resolvedOnTime' : 'resolvedLate')],
      };
    case 'rate':
      return rate(item, cmd, ctx, version, event);
    case 'pause':
      return {
        state: 'pausePending', version, event: event('pause', 'pausePending', { note: `申请挂起：${cmd.reason}` }),
        set: { pause: { fromState: item.state, reason: cmd.reason, requestedAt: now, requestedBy: actor.name } },
        // The level above hears of it: the item waits for their approval.
        effects: [aboveQueue(item)].flatMap((up) => (up ? [toHolder(up, '挂起待审批', `${actor.name}申请挂起：${cmd.reason}`)] : [])),
      };
    case 'pauseApprove': {
      const p = item.pause!;
      return {
        state: 'paused', version, event: event('pauseApprove', 'paused', { note: `同意挂起：${p.reason}` }),
        set: { pause: { ...p, pausedAt: now, approvedBy: actor.name } },
        effects: [toHolder(item.holder, '挂起已批准', p.reason), toSubmitter('已挂起', p.reason)],
      };
    }
    case 'pauseDeny': {
      const p = item.pause!;
      return {
        state: p.fromState, version, event: event('pauseDeny', p.fromState, { note: `不同意挂起${cmd.note ? `：${cmd.note}` : ''}` }),
        set: { pause: null }, effects: [toHolder(item.holder, '挂起未批准', cmd.note ?? '请继续办理')],
      };
    }
    case 'resume': {
      const p = item.pause!;
      const dueAt = ctx.clocks.resumeDue(new Date(item.dueAt), new Date(p.pausedAt ?? now), now);
      return {
        state: p.fromState, version, event: event('resume', p.fromState, { note: `解除挂起，${dueText(dueAt)}前办结` }),
        set: { pause: null, dueAt, overdueAt: null, remindedFor: null },
        effects: [toHolder(item.holder, '已解挂', `${dueText(dueAt)}前办结`), toSubmitter('已恢复办理', `${dueText(dueAt)}前办结`)],
      };
    }
    case 'withdraw':
      return {
        state: 'withdrawn', version, event: event('withdraw', 'withdrawn', { note: cmd.reason }),
        set: {}, effects: [toHolder(item.holder, '居民已撤回', cmd.reason ?? '无需办理'), count('withdrawn')],
      };
    case 'appeal': {
      const since = item.rejectedAt ?? item.updatedAt;
      if (now.getTime() - new Date(since).getTime() > APPEAL_DAYS * 86_400_000) throw fail(`退回已超过${APPEAL_DAYS}日，不能再申诉`);
      if (item.appeal) throw fail('该事项已申诉过');
      return {
        state: 'appealing', version, event: event('appeal', 'appealing', { note: cmd.reason }),
        // The grid leader reviews it (or an admin over the item): the grid hears of it.
        set: { appeal: { at: now, reason: cmd.reason } },
        effects: [toHolder({ kind: 'queue', nodeId: item.gridId, name: '', level: 'grid' }, '申诉待审核', cmd.reason), count('appealed')],
      };
    }
    case 'appealUphold':
      return {
        state: 'rejected', version, event: event('appealUphold', 'rejected', { note: `申诉未支持：${cmd.note}` }),
        set: { appeal: { ...item.appeal!, outcome: 'upheld', decidedAt: now } },
        effects: [toSubmitter('申诉未支持', cmd.note)],
      };
    case 'appealReopen': {
      const dueAt = ctx.clocks.responseDue(item.itemClass, now);
      return {
        state: 'submitted', version, event: event('appealReopen', 'submitted', { note: `申诉成立，重新办理：${cmd.note}`, holder: cmd.to.name }),
        set: { ...handTo(cmd.to), appeal: { ...item.appeal!, outcome: 'reopened', decidedAt: now }, rejectReason: null, rejectCode: null, responseDueAt: dueAt, respondedAt: null },
        newHolder: cmd.to,
        effects: [toSubmitter('申诉成立', cmd.note), toHolder(cmd.to, '申诉重办', cmd.note)],
      };
    }
    case 'lead': {
      // 书记领办 stands once: another secretary's 领办 is not replaced.
      if (item.lead) throw fail(`该事项已由${item.lead.name}领办`);
      const lead: ItemLead = { personId: actor.by, name: actor.name, nodeId: cmd.nodeId, at: now, month: monthKey(now), ...(cmd.note ? { note: cmd.note } : {}) };
      return {
        state: item.state, version, set: { lead }, effects: [],
        event: event('lead', item.state, { note: cmd.note ? `书记领办：${cmd.note}` : '书记领办，跟踪督办至办结' }),
      };
    }
    case 'remind': {
      const due = deadlineOf(item);
      return {
        state: item.state, version, event: event('remind', item.state, { note: `临期提醒：${dueText(due)}到期` }),
        set: { remindedFor: due.toISOString() }, effects: [toHolder(item.holder, '即将到期', `${dueText(due)}到期，请及时办理`)],
      };
    }
    case 'overdue':
      return {
        state: item.state, version, event: event('overdue', item.state, { note: '已超期' }),
        set: { overdueAt: now }, effects: [toHolder(item.holder, '已超期', '请尽快办理'), count('overdue')],
      };
    case 'whistleOverdue': {
      const w = item.whistle!;
      const late = w.departments.filter((d) => !d.reportedAt).map((d) => d.name).join('、');
      return {
        state: item.state, version, event: event('whistleOverdue', item.state, { note: `${late}未按时报到` }),
        set: { whistle: { ...w, flaggedAt: now } }, effects: [{ kind: 'notify', to: { kind: 'admins', nodeId: item.streetId }, template: 'assigned', phrase: '报到超时', note: `${late}未按时报到` }, count('whistleLate')],
      };
    }
    case 'escalateOverdue': {
      return {
        state: 'submitted', version, event: event('escalate', 'submitted', { note: `超期未办，自动上报${cmd.to.name}`, holder: cmd.to.name }),
        // The new level starts with a fresh response limit.
        set: { ...handTo(cmd.to), overdueAt: null, remindedFor: null, responseDueAt: ctx.clocks.responseDue(item.itemClass, now) },
        newHolder: cmd.to,
        effects: [toHolder(cmd.to, '超期上报', `${item.holder.name}超期未办`), count('escalated')],
      };
    }
  }
}

/** The deadline the sweep watches in the item's state: 核单/报到 limits before acceptance, else the handling deadline. */
export function deadlineOf(item: Item): Date {
  if (item.state === 'whistled' && item.whistle) return new Date(item.whistle.reportDueAt);
  if (item.state === 'submitted' && item.responseDueAt) return new Date(item.responseDueAt);
  return new Date(item.dueAt);
}


/** China time, e.g. "12月3日 17:30". */
export function dueText(d: Date): string {
  const c = new Date(d.getTime() + 8 * 3_600_000);
  const hh = String(c.getUTCHours()).padStart(2, '0');
  const mm = String(c.getUTCMinutes()).padStart(2, '0');
  return `${c.getUTCMonth() + 1}月${c.getUTCDate()}日 ${hh}:${mm}`;
}

function spanText(from: Date, to: Date): string {
  const min = Math.round((to.getTime() - from.getTime()) / 60_000);
  if (min < 120) return `${min} 分钟`;
  if (min < 48 * 60) return `${Math.round(min / 60)} 小时`;
  return `${Math.round(min / 1440)} 天`;
}

/** 不满意: two stars or fewer, or the resident says it was not solved. */
export const isUnsatisfied = (stars: number, solved: boolean): boolean => stars <= 2 || !solved;

function rate(
  item: Item,
  cmd: Extract<Command, { type: 'rate' }>,
  ctx: DecideContext,
  version: number,
  event: (a: ItemAction, to: ItemState, extra?: Partial<TimelineEvent>) => TimelineEvent & { by: string },
): Decision {
  const now = ctx.now;
  const satisfied = !isUnsatisfied(cmd.stars, cmd.solved);
  const rating: Rating = { stars: cmd.stars, solved: cmd.solved, comment: cmd.comment, at: now, satisfied };
  const note = `${cmd.stars}星，${cmd.solved ? '已解决' : '未解决'}${cmd.comment ? `：${cmd.comment}` : ''}`;
  const counts: Effect[] = [
    { kind: 'count', counter: 'rated' },
    { kind: 'count', counter: cmd.solved ? 'ratedSolved' : 'ratedUnsolved' },
  ];
  if (satisfied) {
    return { state: 'closed', version, event: event('rate', 'closed', { note }), set: {}, rating, effects: [...counts, { kind: 'count', counter: 'closed' }] };
  }
  const rectifyCount = item.rectifyCount + 1;
  const dueAt = ctx.clocks.handleDue(item.itemClass, now);
  if (rectifyCount === 1) {
    // First unsatisfied rating: the same holder rectifies (整改) under a new deadline.
    return {
      state: 'rectifying', version, event: event('rectify', 'rectifying', { note, holder: item.holder.name }),
      set: { rectifyCount, dueAt, overdueAt: null, remindedFor: null }, rating,
      effects: [{ kind: 'notify', to: { kind: 'holder', holder: item.holder }, template: 'assigned', phrase: '需整改', note }, ...counts, { kind: 'count', counter: 'rectified' }],
    };
  }
  // Again unsatisfied: one level up, and its admins hear of it.
  if (!ctx.escalateTo) throw new DomainError('INTERNAL', '未找到可接手的上级，请联系社区');
  const holder = ctx.escalateTo;
  return {
    state: 'rectifying', version, event: event('escalate', 'rectifying', { note, holder: holder.name }),
    set: { rectifyCount, holder, holderKey: holderKey(holder), level: levelOf(holder), dueAt, overdueAt: null, remindedFor: null, previousHolders: hopsAfter(item) },
    rating, newHolder: holder,
    effects: [
      { kind: 'notify', to: { kind: 'holder', holder }, template: 'assigned', phrase: '升级办理', note },
      { kind: 'notify', to: { kind: 'admins', nodeId: item.communityId }, template: 'assigned', phrase: '多次不满意', note },
      ...counts, { kind: 'count', counter: 'escalated' },
    ],
  };
}
