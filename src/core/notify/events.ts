// Every notice the workflow sends, as a named event with its own payload builder. decide() and
// createItem say (template, phrase, note); eventOf() names the event, and its builder fills the
// template's fields from the item, so each event is checked against its template's field rules
// (events.test.ts) instead of sharing one generic filler.
import { KIND_LABEL } from '../labels';
import type { Item } from '../types';
import { fitThing } from './fieldRules';
import { formatTime, ITEM_ASSIGNED, ITEM_UPDATED, type MessageTemplate } from './templates';

type ItemFacts = Pick<Item, '_id' | 'kind' | 'category' | 'description' | 'createdAt'> & Partial<Pick<Item, 'dueAt' | 'rejectCode'>>;

/** What decide() (or createItem) asks for: the template it meant, the phrase and the note. */
export interface NoticeRequest {
  template: 'assigned' | 'updated';
  phrase: string;
  note: string;
}

export interface BuiltNotice {
  /** null: a phrase no event registers (sent with the generic filler; events.test.ts forbids it). */
  event: NoticeEvent | null;
  /** The status word shown in 消息中心 and in the template's phrase field. */
  phrase: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

/** Events of cadres, grid staff, departments and admins (新事项待办提醒). */
export const STAFF_EVENTS = [
  'newItem', 'transferredToYou', 'escalatedToYou', 'dueSoon', 'overdue', 'reopenedForRectify', 'whistleReceived',
  'returnedByDepartment', 'pauseApproved', 'pauseDenied', 'resumedStaff', 'withdrawn', 'appealReopened', 'whistleLate', 'repeatedlyUnsatisfied',
  'pauseRequested', 'appealReceived',
] as const;
/** Events of residents (事项办理进度通知). */
export const RESIDENT_EVENTS = [
  'accepted', 'needsMoreInfo', 'rejected', 'resolvedPleaseRate', 'transferred', 'paused',
  'whistled', 'departmentsReported', 'met', 'resumed', 'appealUpheld', 'appealSucceeded',
] as const;
export type NoticeEvent = (typeof STAFF_EVENTS)[number] | (typeof RESIDENT_EVENTS)[number];

/** The phrase each staff event is sent with (decide.ts); several phrases may name one event. */
const STAFF_PHRASES: Record<string, (typeof STAFF_EVENTS)[number]> = {
  新待办: 'newItem',
  转办待核单: 'transferredToYou',
  已上报社区: 'escalatedToYou',
  已派至街道: 'escalatedToYou',
  超期上报: 'escalatedToYou',
  升级办理: 'escalatedToYou',
  即将到期: 'dueSoon',
  已超期: 'overdue',
  需整改: 'reopenedForRectify',
  待报到: 'whistleReceived',
  部门退回: 'returnedByDepartment',
  挂起已批准: 'pauseApproved',
  挂起未批准: 'pauseDenied',
  已解挂: 'resumedStaff',
  居民已撤回: 'withdrawn',
  申诉重办: 'appealReopened',
  报到超时: 'whistleLate',
  多次不满意: 'repeatedlyUnsatisfied',
  挂起待审批: 'pauseRequested',
  申诉待审核: 'appealReceived',
};
const RESIDENT_PHRASES: Record<string, (typeof RESIDENT_EVENTS)[number]> = {
  已受理: 'accepted',
  已退回: 'rejected',
  已办结: 'resolvedPleaseRate',
  已上报社区: 'transferred',
  已派至街道: 'transferred',
  已挂起: 'paused',
  已吹哨: 'whistled',
  部门已报到: 'departmentsReported',
  已会商: 'met',
  已恢复办理: 'resumed',
  申诉未支持: 'appealUpheld',
  申诉成立: 'appealSucceeded',
};

/** The event a request names; null for a phrase nobody registered (events.test.ts forbids that). */
export function eventOf(item: Pick<ItemFacts, 'rejectCode'>, r: Pick<NoticeRequest, 'template' | 'phrase'>): NoticeEvent | null {
  if (r.template === 'assigned') return STAFF_PHRASES[r.phrase] ?? null;
  const e = RESIDENT_PHRASES[r.phrase] ?? null;
  // 信息不全 is not a refusal: the resident is asked to post again with what was missing.
  return e === 'rejected' && item.rejectCode === 'incomplete' ? 'needsMoreInfo' : e;
}

const what = (item: ItemFacts) => fitThing(`${KIND_LABEL[item.kind]}·${item.category}`);

function staff(item: ItemFacts, phrase: string, content: string, time: Date) {
  return {
    template: ITEM_ASSIGNED,
    phrase,
    data: { thing1: { value: what(item) }, thing2: { value: fitThing(content) || '请查看详情' }, time3: { value: formatTime(time) }, phrase4: { value: phrase } },
  };
}
function resident(item: ItemFacts, phrase: string, note: string, at: Date) {
  return {
    template: ITEM_UPDATED,
    phrase,
    data: { thing1: { value: what(item) }, phrase2: { value: phrase }, thing3: { value: fitThing(note) || '请查看详情' }, time4: { value: formatTime(at) } },
  };
}

type Built = { template: MessageTemplate; phrase: string; data: Record<string, { value: string }> };
type Builder = (item: ItemFacts, r: NoticeRequest, at: Date) => Built;

/** What the cadre must know first: the item's own words, or the reason it came (then the words). */
const reasonFirst: Builder = (item, r, at) => staff(item, r.phrase, r.note || item.description, at);
const itemFirst: Builder = (item, r, at) => staff(item, r.phrase, item.description, at);
const dueTime: Builder = (item, r, at) => staff(item, r.phrase, item.description, item.dueAt ? new Date(item.dueAt) : at);
const note: Builder = (item, r, at) => resident(item, r.phrase, r.note, at);

/** One builder per event. */
export const BUILDERS: Record<NoticeEvent, Builder> = {
  // staff: the time field is when the item came in, or the limit for clock events
  newItem: (item, r) => staff(item, r.phrase, item.description, new Date(item.createdAt)),
  transferredToYou: reasonFirst,
  escalatedToYou: reasonFirst,
  dueSoon: dueTime,
  overdue: dueTime,
  reopenedForRectify: reasonFirst,
  whistleReceived: itemFirst,
  returnedByDepartment: reasonFirst,
  pauseApproved: reasonFirst,
  pauseDenied: reasonFirst,
  resumedStaff: reasonFirst,
  withdrawn: reasonFirst,
  appealReopened: reasonFirst,
  whistleLate: reasonFirst,
  repeatedlyUnsatisfied: reasonFirst,
  // the level above must decide: the reason comes first
  pauseRequested: reasonFirst,
  appealReceived: reasonFirst,
  // residents: the note says what happened and what to do
  accepted: note,
  needsMoreInfo: (item, r, at) => resident(item, '请补充信息', r.note.replace(/^退回原因：/, ''), at),
  rejected: note,
  resolvedPleaseRate: (item, r, at) => resident(item, r.phrase, r.note || '请您评价办理结果', at),
  transferred: note,
  paused: (item, r, at) => resident(item, r.phrase, r.note ? `暂缓原因：${r.note}` : '', at),
  whistled: note,
  departmentsReported: note,
  met: note,
  resumed: note,
  appealUpheld: note,
  appealSucceeded: note,
};

/** The notice of one request: its event, phrase, template, page and fields. */
export function buildNotice(item: ItemFacts, r: NoticeRequest, at: Date): BuiltNotice {
  const event = eventOf(item, r);
  // An unregistered phrase still goes out (the generic filler), rather than losing the notice.
  const b = event ? BUILDERS[event](item, r, at) : r.template === 'assigned' ? itemFirst(item, r, at) : note(item, r, at);
  return {
    event,
    phrase: b.phrase,
    templateId: b.template.id,
    page: `${b.template.page}?id=${item._id}`,
    data: b.data,
  };
}
