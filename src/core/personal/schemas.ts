// Input schemas of the privacy actions (issue 11, point 5): the consent note a sensitive household
// tag needs, the audit log's list, and a resident's 个人信息查阅/删除. Messages are Chinese.
import * as v from 'valibot';
import { isRealDate } from '../stats/periods';

const code = v.pipe(v.string('缺少编号'), v.trim(), v.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,47}$/, '编号只能由字母、数字和“-”组成，最长 48 位'));

/** The consent note's fields, one set of limits for the admin page (TagConsentInput) and the import's columns. */
export const ConsentBy = v.pipe(v.string('请填写同意人（本人或监护人姓名）'), v.trim(), v.minLength(2, '同意人至少 2 个字（本人或监护人姓名）'), v.maxLength(20, '同意人最多 20 字'));
export const ConsentDate = v.pipe(v.string('请填写同意日期'), v.regex(/^\d{4}-\d{2}-\d{2}$/, '同意日期格式应为 2026-11-01'), v.check(isRealDate, '同意日期不是有效日期'));
export const ConsentPurpose = v.pipe(v.string('请填写用途'), v.trim(), v.minLength(2, '用途至少 2 个字（如：关怀走访、精准帮扶）'), v.maxLength(100, '用途最多 100 字'));

/** Who consented to a sensitive tag (the resident or their guardian), when, and for what (PIPL Art. 29). */
export const TagConsentInput = v.object({ by: ConsentBy, at: ConsentDate, purpose: ConsentPurpose });
export type TagConsentInput = v.InferOutput<typeof TagConsentInput>;

/** What the audit log records. */
export const AUDIT_ACTIONS = ['household.view', 'household.export', 'household.tags.change', 'sheet.export', 'person.roles.change', 'echoWall.moderate', 'report.export'] as const;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_ACTION_LABEL: Record<AuditActionName, string> = {
  'household.view': '查看住户档案',
  'household.export': '导出住户',
  'household.tags.change': '修改住户标签',
  'sheet.export': '导出表格',
  'person.roles.change': '变更人员角色',
  'echoWall.moderate': '回音壁审核',
  'report.export': '导出统计或考核报告',
};

/** The audit log of a subtree (community or street admins): newest first, 20 a page, at most 50 pages. */
export const AUDIT_MAX_PAGE = 50;
export const AuditListInput = v.object({
  nodeId: v.optional(code),
  action: v.optional(v.picklist(AUDIT_ACTIONS, '记录类型无效')),
  page: v.optional(
    v.pipe(v.number('页码应为数字'), v.integer('页码应为整数'), v.minValue(0, '页码不能为负数'), v.maxValue(AUDIT_MAX_PAGE, `最多查看 ${AUDIT_MAX_PAGE} 页，请按记录类型筛选`)),
    0,
  ),
});

export const PrivacyMineInput = v.object({});
/** The resident confirmed on the page; each call erases in bounded steps and says whether it is done. */
export const PrivacyEraseInput = v.object({ confirm: v.literal(true, '请先确认删除') });

// ---- 照片保存期限 (街道设置) ----
export const PHOTO_RETENTION = { min: 30, max: 3650, default: 180 } as const;
export const PhotoRetentionDays = v.pipe(
  v.number('照片保存期限应为数字'),
  v.integer('照片保存期限应为整数天'),
  v.minValue(PHOTO_RETENTION.min, `照片保存期限不能少于 ${PHOTO_RETENTION.min} 天`),
  v.maxValue(PHOTO_RETENTION.max, `照片保存期限不能超过 ${PHOTO_RETENTION.max} 天`),
);
/** The note an item keeps once its photos were removed. */
export const PHOTOS_PURGED_NOTE = '照片已按保存期限删除';

// ---- 包保住户 (cadre.households): a cadre's own households, or a grid leader's grid ----
/** A page of households on the cadre's page. */
export const CADRE_HOUSEHOLDS_PAGE = 50;
export const CADRE_HOUSEHOLDS_MAX_PAGE = 49;
/**
 * The sensitive tags (低保, 残疾 …) are shown only when the caller says what for (入户走访, 帮扶核对 …);
 * that reason goes to the audit log with the view, as for the admin pages.
 */
export const CadreHouseholdsInput = v.object({
  /** mine: the households the caller serves as 包保干部; grid: every household of a grid the caller leads. */
  scope: v.optional(v.picklist(['mine', 'grid'], '范围应为“我包保的”或“全网格”')),
  gridId: v.optional(code),
  purpose: v.optional(v.pipe(v.string('请填写查看用途'), v.trim(), v.minLength(2, '请填写查看标签的用途（如：入户走访、帮扶核对），至少 2 个字'), v.maxLength(50, '用途最多 50 字'))),
  page: v.optional(
    v.pipe(v.number('页码应为数字'), v.integer('页码应为整数'), v.minValue(0, '页码不能为负数'), v.maxValue(CADRE_HOUSEHOLDS_MAX_PAGE, `最多查看 ${CADRE_HOUSEHOLDS_MAX_PAGE + 1} 页`)),
    0,
  ),
});
