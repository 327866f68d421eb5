import * as v from 'valibot';
import { CATEGORIES } from './labels';

// Shared by the client (form checks) and the server (every action). Messages are Chinese.

export const id = v.pipe(v.string('编号必须是文字'), v.trim(), v.minLength(1, '缺少编号'), v.maxLength(64, '编号过长'));
export const version = v.pipe(v.number('缺少版本号，请刷新后重试'), v.integer('版本号无效，请刷新后重试'), v.minValue(0, '版本号无效，请刷新后重试'), v.maxValue(1_000_000, '版本号无效，请刷新后重试'));

/** Highest page a list may ask for; skip(page × size) must stay a sane number. */
export const MAX_PAGE = 1000;
/** A 0-based page number: an integer from 0 to MAX_PAGE (NaN, Infinity and 1e308 are refused). */
export const pageNumber = v.optional(
  v.pipe(
    v.number('页码应为数字'),
    v.integer('页码应为整数'),
    v.minValue(0, '页码不能为负数'),
    v.maxValue(MAX_PAGE, `页码过大（最多 ${MAX_PAGE} 页），请缩小查找范围`),
  ),
  0,
);

/** Mini Program code `scene`: at most 32 visible characters (WeChat limit). Upper-cased: codes are typed too. */
export const cardCode = v.pipe(
  v.string('缺少联系卡编号'),
  v.trim(),
  v.regex(/^[A-Za-z0-9_-]{1,32}$/, '联系卡编号无效，请重新扫码'),
  v.toUpperCase(),
);

/** Photos are cloud fileIDs (cloud://...) that the caller uploaded. */
export const fileId = v.pipe(
  v.string('图片无效'),
  v.regex(/^cloud:\/\/[\w.\-/]{1,200}$/, '图片无效，请重新上传'),
  v.check((s) => !s.includes('..'), '图片无效，请重新上传'),
);
export const photos = v.pipe(v.array(fileId, '图片格式不正确'), v.maxLength(3, '最多上传 3 张图片'));

export const ITEM_KINDS = ['wish', 'complaint', 'request', 'suggestion', 'report'] as const;

export const SubmitInput = v.object({
  clientRequestId: v.pipe(
    v.string('缺少请求编号'),
    v.regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号无效'),
  ),
  kind: v.picklist(ITEM_KINDS, '请选择事项类型'),
  category: v.picklist(CATEGORIES, '请选择事项分类'),
  description: v.pipe(
    v.string('请填写事项描述'),
    v.trim(),
    v.minLength(5, '描述至少 5 个字，请说清楚时间、地点和问题'),
    v.maxLength(500, '描述最多 500 字'),
  ),
  photos,
  anonymous: v.boolean('请选择是否匿名'),
  /** 回音壁: may appear there, redacted, once closed (separate consent; PIPL Art. 25). Off unless chosen. */
  echoWall: v.optional(v.boolean('请选择是否同意在回音壁公开')),
  cardCode: v.optional(cardCode),
});
export type SubmitInput = v.InferOutput<typeof SubmitInput>;

export const CardInput = v.object({ scene: cardCode });
export const CardQrInput = v.object({ cardCode });

export const BrowseInput = v.object({ cardCode, parentId: v.optional(id) });
export const ConfirmHouseholdInput = v.object({ cardCode, householdId: id });

export const ItemRef = v.object({ id });
export const MineInput = v.object({ page: pageNumber });
export const InboxInput = v.object({
  filter: v.optional(v.picklist(['todo', 'waiting', 'done'], '筛选条件无效'), 'todo'),
  page: pageNumber,
});

export const AcceptInput = v.object({ id, version });
export const StartInput = v.object({ id, version });
export const ResolveInput = v.object({
  id,
  version,
  note: v.pipe(v.string('请填写办理情况'), v.trim(), v.minLength(2, '请填写办理情况'), v.maxLength(500, '办理情况最多 500 字')),
  photos,
});
/** 退回: a reason from the list (重复 / 不属于本辖区 / 信息不全 / 无效诉求) plus a note the resident reads. */
export const RejectInput = v.object({
  id,
  version,
  code: v.picklist(['duplicate', 'outOfArea', 'incomplete', 'invalid'], '请选择退回原因'),
  note: v.optional(v.pipe(v.string('说明必须是文字'), v.trim(), v.maxLength(200, '说明最多 200 字')), ''),
});
export const RateInput = v.object({
  id,
  version,
  stars: v.pipe(v.number('请选择星级'), v.integer('星级无效'), v.minValue(1, '请选择 1 到 5 星'), v.maxValue(5, '请选择 1 到 5 星')),
  solved: v.boolean('请选择问题是否已解决'),
  comment: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, '评价最多 200 字'))),
});

const FIELD_LABEL: Record<string, string> = {
  id: '事项编号', version: '版本号', stars: '星级', solved: '是否解决', note: '办理情况', reason: '退回原因',
  photos: '图片', kind: '事项类型', category: '事项分类', description: '事项描述', anonymous: '是否匿名',
  code: '退回原因', itemClass: '事项分级', toPersonId: '转办对象', toGridId: '转办网格', departmentIds: '职能部门',
  plan: '会商方案', attendees: '参会单位', approve: '审批意见', uphold: '审核结果', channel: '登记方式',
  clientRequestId: '请求编号', cardCode: '联系卡编号', scene: '联系卡编号', householdId: '住户', page: '页码', filter: '筛选条件', comment: '评价内容', parentId: '楼栋或单元',
};

/** Schemas without their own message (a missing key, a wrong type) fall back to valibot's English. */
function chineseMessage(i: v.BaseIssue<unknown>, key: string): string {
  if (/[一-鿿]/.test(i.message)) return i.message;
  const last = key.split('.').pop() ?? '';
  const label = FIELD_LABEL[last] ?? '输入';
  return i.received === 'undefined' ? `缺少${label}，请补充后重试` : `${label}格式不正确，请检查后重试`;
}

/** First issue of each failing field, for forms and error `details`. */
export function issuesByField(issues: v.BaseIssue<unknown>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path?.map((p) => String(p.key)).join('.') || '_';
    if (!out[key]) out[key] = chineseMessage(i, key);
  }
  return out;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string; fields: Record<string, string> };

export function parse<S extends v.GenericSchema>(schema: S, input: unknown): ParseResult<v.InferOutput<S>> {
  const r = v.safeParse(schema, input);
  if (r.success) return { ok: true, value: r.output };
  const fields = issuesByField(r.issues);
  return { ok: false, message: Object.values(fields)[0] ?? '输入有误', fields };
}
