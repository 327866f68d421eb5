import type { ItemSummary, ItemView, CommandName } from '../../../src/core/api/contract';
import { visiblePhoto } from './app/mediaCheck';
import { CLASS_LABEL, HOLDER_ROLE_LABEL, ITEM_LEVEL_LABEL, KIND_LABEL, ROLE_LABEL, STATE_LABEL } from '../../../src/core/labels';
import { deadlineOf, WHISTLE_LABEL } from '../../../src/core/workflow/decide';
import { buttonsFor, clockOf, stateGroup, type Issuer } from '../../../src/core/workflow/table';
import { APPEAL_DAYS } from '../../../src/core/workflow/decide';

import type { Item, TimelineEvent } from '../../../src/core/types';
import type { CloudSdk } from './cloud';

const ACTION_LABEL: Record<TimelineEvent['action'], string> = {
  submit: '提交',
  onBehalf: '代居民登记',
  verify: '核单受理',
  accept: '受理',
  start: '开始办理',
  resolve: '办结',
  reject: '退回',
  rate: '评价',
  rectify: '不满意，退回整改',
  escalate: '升级处理',
  transfer: '转办',
  sendUp: '上报',
  whistle: '吹哨',
  report: '报到',
  meet: '会商',
  return: '部门退回',
  pause: '申请挂起',
  pauseApprove: '同意挂起',
  pauseDeny: '不同意挂起',
  resume: '解挂',
  withdraw: '撤回',
  appeal: '申诉',
  appealUphold: '维持退回',
  appealReopen: '申诉成立',
  remind: '临期提醒',
  overdue: '超期',
  whistleOverdue: '报到超时',
  close: '完结',
  lead: '书记领办',
};


const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : '');

export function toSummary(item: Item, now: Date): ItemSummary {
  return {
    id: item._id,
    kind: item.kind,
    kindLabel: KIND_LABEL[item.kind],
    category: item.category,
    description: item.description,
    state: item.state,
    stateLabel: STATE_LABEL[item.state],
    holderName: item.holder?.name ?? '',
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
    dueAt: iso(item.dueAt),
    overdue: clockOf(item.state) !== 'stopped' && deadlineOf(item).getTime() < now.getTime(),
    level: item.level ?? 'grid',
    levelLabel: ITEM_LEVEL_LABEL[item.level ?? 'grid'],
    group: stateGroup(item.state),
    rectifyCount: item.rectifyCount ?? 0,
    version: item.version ?? 0,
  };
}

/** Resolves cloud fileIDs to URLs in one openapi call. */
async function urlMap(cloud: CloudSdk, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const { fileList } = await cloud.getTempFileURL({ fileList: unique });
  return new Map(fileList.map((f) => [f.fileID, f.tempFileURL]));
}

export async function toView(
  cloud: CloudSdk,
  item: Item,
  caller: { isMine: boolean; isHolder: boolean; issuers?: ReadonlySet<Issuer>; viewer?: { openid: string; isAdmin: boolean } },
  now: Date,
): Promise<ItemView> {
  // Photos content security hid are left out, except for their uploader and admins.
  const seen = visiblePhoto(item, caller.viewer ?? {});
  const allIds = [
    ...item.photos,
    ...(item.resolution?.photos ?? []),
    ...item.timeline.flatMap((e) => e.photos ?? []),
  ];
  const urls = await urlMap(cloud, allIds);
  const u = (ids: string[] = []) => ids.filter(seen).map((id) => urls.get(id) ?? '').filter(Boolean);

  const issuers = caller.issuers ?? new Set<Issuer>([...(caller.isMine ? ['submitter' as const] : []), ...(caller.isHolder ? ['holder' as const] : [])]);
  // The table says who may issue a command in a state; the level rules out a few more:
  // 会商 only for a 攻坚哨, 上报 only from grid or community, 吹哨 only by the street.
  const level = item.level ?? 'grid';
  const actions: CommandName[] = buttonsFor(item.state, issuers).filter((c) =>
    c === 'meet' ? item.whistle?.kind === 'tough'
      : c === 'sendUp' ? level === 'grid' || level === 'community'
      : c === 'whistle' ? level === 'street'
      : true);
  const showHousehold = caller.isMine || (caller.isHolder && !item.anonymous);
  // The submit event names the room; whoever may not see the household sees a role instead.
  const residentName = item.anonymous ? '匿名' : '居民';
  return {
    ...toSummary(item, now),
    itemClass: item.itemClass,
    classLabel: CLASS_LABEL[item.itemClass],
    version: item.version,
    anonymous: item.anonymous,
    householdLabel: showHousehold ? item.householdLabel : null,
    photos: u(item.photos),
    timeline: item.timeline.map((e) => {
      const actor = e.actorRole === 'resident' && !showHousehold ? residentName : e.actor;
      const role = e.actorRole === 'resident' ? '居民' : e.actorRole === 'system' ? '系统' : ROLE_LABEL[e.actorRole];
      return {
        at: iso(e.at),
        actor,
        actorRoleLabel: role === actor ? '' : role, // not "居民（居民）"
        actionLabel: ACTION_LABEL[e.action],
        toLabel: STATE_LABEL[e.to],
        note: e.note,
        photos: u(e.photos),
      };
    }),
    ratings: item.ratings.map((r) => ({ ...r, at: iso(r.at) })),
    resolution: item.resolution ? { note: item.resolution.note, photos: u(item.resolution.photos), at: iso(item.resolution.at) } : null,
    rejectReason: item.rejectReason ?? null,
    appealUntil: item.state === 'rejected' && !item.appeal && item.rejectedAt
      ? iso(new Date(new Date(item.rejectedAt).getTime() + APPEAL_DAYS * 86_400_000)) : null,
    holderRoleLabel: item.holder.kind === 'person' ? HOLDER_ROLE_LABEL[item.holder.role] ?? '' : item.holder.kind === 'department' ? '职能部门' : '', // a queue's name says what it is
    responseDueAt: iso(item.responseDueAt),
    pause: item.pause ? { reason: item.pause.reason, approved: !!item.pause.pausedAt, at: iso(item.pause.pausedAt ?? item.pause.requestedAt) } : null,
    whistle: item.whistle ? {
      kindLabel: WHISTLE_LABEL[item.whistle.kind], reportDueAt: iso(item.whistle.reportDueAt), flagged: !!item.whistle.flaggedAt,
      departments: item.whistle.departments.map((d) => ({ id: d.id, name: d.name, reportedAt: iso(d.reportedAt) })),
      meeting: item.whistle.meeting ? { attendees: item.whistle.meeting.attendees, plan: item.whistle.meeting.plan, at: iso(item.whistle.meeting.at) } : null,
    } : null,
    onBehalf: item.onBehalf ? { name: item.onBehalf.name, channel: item.onBehalf.channel } : null,
    actions,
    isMine: caller.isMine,
    isHolder: caller.isHolder,
  };
}
