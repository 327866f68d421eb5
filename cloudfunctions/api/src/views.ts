import type { ItemSummary, ItemView, CommandName } from '../../../src/core/api/contract';
import { CLASS_LABEL, KIND_LABEL, ROLE_LABEL, STATE_LABEL } from '../../../src/core/labels';
import { allowedCommands } from '../../../src/core/stateMachine';
import type { Item, TimelineEvent } from '../../../src/core/types';
import type { CloudSdk } from './cloud';

const ACTION_LABEL: Record<TimelineEvent['action'], string> = {
  submit: '提交',
  accept: '受理',
  start: '开始办理',
  resolve: '办结',
  reject: '退回',
  rate: '评价',
  rectify: '不满意，退回整改',
  escalate: '不满意，升级处理',
  close: '完结',
};

const TERMINAL = new Set(['closed', 'rejected', 'resolved']);

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
    overdue: !TERMINAL.has(item.state) && new Date(item.dueAt).getTime() < now.getTime(),
    rectifyCount: item.rectifyCount ?? 0,
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
  caller: { isMine: boolean; isHolder: boolean },
  now: Date,
): Promise<ItemView> {
  const allIds = [
    ...item.photos,
    ...(item.resolution?.photos ?? []),
    ...item.timeline.flatMap((e) => e.photos ?? []),
  ];
  const urls = await urlMap(cloud, allIds);
  const u = (ids: string[] = []) => ids.map((id) => urls.get(id) ?? '').filter(Boolean);

  const actions: CommandName[] = allowedCommands(item.state).filter((c) =>
    c === 'rate' ? caller.isMine : caller.isHolder,
  );
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
    timeline: item.timeline.map((e) => ({
      at: iso(e.at),
      actor: e.actorRole === 'resident' && !showHousehold ? residentName : e.actor,
      actorRoleLabel: e.actorRole === 'resident' ? '居民' : e.actorRole === 'system' ? '系统' : ROLE_LABEL[e.actorRole],
      actionLabel: ACTION_LABEL[e.action],
      toLabel: STATE_LABEL[e.to],
      note: e.note,
      photos: u(e.photos),
    })),
    ratings: item.ratings.map((r) => ({ ...r, at: iso(r.at) })),
    resolution: item.resolution ? { note: item.resolution.note, photos: u(item.resolution.photos), at: iso(item.resolution.at) } : null,
    rejectReason: item.rejectReason ?? null,
    actions,
    isMine: caller.isMine,
    isHolder: caller.isHolder,
  };
}
