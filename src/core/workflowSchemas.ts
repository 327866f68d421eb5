import * as v from 'valibot';
import { CATEGORIES } from './labels';
import { id, photos, version } from './schemas';

// Inputs of the 六单联办 commands. Shared by the forms and the server; messages are Chinese.

const text = (label: string, min: number, max: number) =>
  v.pipe(v.string(`请填写${label}`), v.trim(), v.minLength(min, `请填写${label}`), v.maxLength(max, `${label}最多 ${max} 字`));

export const ITEM_CLASSES = ['simple', 'general', 'major', 'hard', 'crossRegion'] as const;
export const WHISTLE_KINDS = ['quick', 'emergency', 'tough'] as const;

export const VerifyInput = v.object({
  id, version,
  itemClass: v.picklist(ITEM_CLASSES, '请选择事项分级'),
  category: v.picklist(CATEGORIES, '请选择事项分类'),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, '说明最多 200 字')), ''),
});

/** 转办: to a person (cadre, grid worker, grid leader) or to a grid's queue, with a reason. */
export const TransferInput = v.pipe(
  v.object({
    id, version,
    toPersonId: v.optional(id),
    toGridId: v.optional(id),
    reason: text('转办原因', 2, 200),
  }),
  v.check((i) => !!i.toPersonId !== !!i.toGridId, '请选择转给哪位干部或哪个网格'),
);

/** 下单 / 派单: up one level, with a reason. */
export const EscalateInput = v.object({ id, version, reason: text('上报原因', 2, 200) });

export const WhistleInput = v.object({
  id, version,
  kind: v.picklist(WHISTLE_KINDS, '请选择哨型'),
  departmentIds: v.pipe(v.array(id, '请选择职能部门'), v.minLength(1, '请选择职能部门'), v.maxLength(5, '一次最多召集 5 个部门')),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, '说明最多 200 字')), ''),
});

export const ReportInput = v.object({ id, version });

export const MeetInput = v.object({
  id, version,
  attendees: v.pipe(v.array(text('参会单位', 1, 40), '请填写参会单位'), v.minLength(1, '请填写参会单位'), v.maxLength(20, '参会单位最多 20 个')),
  plan: text('会商方案', 2, 500),
});

export const ReturnInput = v.object({ id, version, reason: text('退回原因', 2, 200) });

export const PauseInput = v.object({ id, version, reason: text('挂起原因', 2, 200) });
export const PauseReviewInput = v.object({ id, version, approve: v.boolean('请选择是否同意'), note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, '说明最多 200 字')), '') });
export const ResumeInput = v.object({ id, version });
export const WithdrawInput = v.object({ id, version, reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, '原因最多 200 字')), '') });
export const AppealInput = v.object({ id, version, reason: text('申诉理由', 5, 300) });
export const AppealReviewInput = v.object({ id, version, uphold: v.boolean('请选择维持退回或重新办理'), note: text('审核意见', 2, 200) });

/** 代居民登记: staff record an item for a household after a visit or a call. */
export const OnBehalfInput = v.object({
  clientRequestId: v.pipe(v.string('缺少请求编号'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号无效')),
  // Said as the form asks it: nothing picked yet is "请选择住户", not a message about an id's type.
  householdId: v.pipe(v.string('请选择住户'), v.trim(), v.minLength(1, '请选择住户'), v.maxLength(64, '住户编号过长')),
  channel: v.picklist(['visit', 'phone'], '请选择走访或电话'),
  kind: v.picklist(['wish', 'complaint', 'request', 'suggestion', 'report'], '请选择事项类型'),
  category: v.picklist(CATEGORIES, '请选择事项分类'),
  description: text('事项描述', 5, 500),
  photos,
});

export const BoardInput = v.object({
  level: v.optional(v.picklist(['grid', 'community', 'street', 'department'], '层级无效')),
  group: v.optional(v.picklist(['open', 'waiting', 'closed'], '状态无效')),
  overdue: v.optional(v.boolean()),
  itemClass: v.optional(v.picklist(ITEM_CLASSES, '分级无效')),
  category: v.optional(v.picklist(CATEGORIES, '分类无效')),
  gridId: v.optional(id),
  page: v.optional(v.pipe(v.number('页码应为数字'), v.integer('页码应为整数'), v.minValue(0, '页码不能为负数'), v.maxValue(1000, '页码过大')), 0),
});
