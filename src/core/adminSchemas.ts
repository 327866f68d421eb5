import * as v from 'valibot';
import { normalizeRoom } from './rooms';
import { pageNumber } from './schemas';
import { TagConsentInput } from './personal/schemas';

// Input schemas of admin actions (community / street offices). Messages are Chinese.

const code = v.pipe(
  v.string('缺少编号'),
  v.trim(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,47}$/, '编号只能由字母、数字和“-”组成，最长 48 位'),
);
const name = v.pipe(v.string('缺少名称'), v.trim(), v.minLength(1, '请填写名称'), v.maxLength(40, '名称最多 40 字'));
const page = pageNumber;
const date = v.pipe(v.string('缺少日期'), v.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-01-31'));
export const phone = v.pipe(v.string('请填写手机号'), v.trim(), v.regex(/^1[3-9]\d{9}$/, '手机号应为 11 位数字'));

export const LEVELS = ['street', 'community', 'grid', 'building', 'unit'] as const;
export const HOUSEHOLD_TAGS = ['独居老人', '留守儿童', '低保', '残疾', '特困', '一老一少一困'] as const;
export const ADMIN_ROLES = ['cadre', 'gridLeader', 'gridWorker', 'buildingLeader', 'unitLeader', 'communityAdmin', 'streetAdmin', 'departmentStaff', 'secretary'] as const;

export const OrgChildrenInput = v.object({ parentId: v.optional(code) });
/** 'add' refuses an existing code; only 'edit' changes a node or household (issue 10, item 12). */
export const SaveMode = v.optional(v.picklist(['add', 'edit'], '保存方式无效'), 'add');
export const OrgSaveInput = v.object({
  mode: SaveMode,
  id: code,
  parentId: code,
  level: v.picklist(['community', 'grid', 'building', 'unit'], '层级无效'),
  name,
  gridType: v.optional(v.picklist(['urban', 'rural', 'special'], '网格类型无效')),
});
export const OrgRemoveInput = v.object({ id: code });
export const HouseholdSaveInput = v.object({
  mode: SaveMode,
  id: code,
  unitId: code,
  room: v.pipe(v.string('请填写房号'), v.transform(normalizeRoom), v.regex(/^[0-9A-Z-]{1,10}$/, '房号只能是 1–10 位数字或字母')),
  members: v.optional(v.pipe(v.number('人数应为数字'), v.integer('人数应为整数'), v.minValue(0, '人数不能为负'), v.maxValue(30, '人数最多 30 人')), 1),
  tags: v.optional(v.array(v.picklist(HOUSEHOLD_TAGS, '标签无效')), []),
  /** Required when a sensitive tag is added (低保, 残疾 …): who consented, when, for what. */
  consent: v.optional(TagConsentInput),
});

export const RoleGrantInput = v.object({
  role: v.picklist(ADMIN_ROLES, '角色无效'),
  nodeId: code,
  workerType: v.optional(v.picklist(['fullTime', 'partTime'])),
  departmentId: v.optional(code),
});
export const PeopleListInput = v.object({ nodeId: code, role: v.optional(v.picklist(ADMIN_ROLES)), q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(20))), page });
export const PersonSaveInput = v.object({
  id: v.optional(code),
  name: v.pipe(v.string('请填写姓名'), v.trim(), v.minLength(2, '姓名至少 2 个字'), v.maxLength(10, '姓名最多 10 个字')),
  phone,
  workUnit: v.pipe(v.string('请填写工作单位'), v.trim(), v.minLength(2, '请填写工作单位'), v.maxLength(40, '工作单位最多 40 字')),
  title: v.pipe(v.string('请填写职务'), v.trim(), v.minLength(1, '请填写职务'), v.maxLength(20, '职务最多 20 字')),
  gridId: code,
  roles: v.pipe(v.array(RoleGrantInput), v.minLength(1, '至少选择一个角色'), v.maxLength(8, '角色过多')),
  /** Why the roles change (kept in the audit log with who and when). */
  reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, '变更原因最多 100 字'))),
});
export const SetBackupInput = v.object({ personId: code, backupId: v.nullable(code) });
export const SetAwayInput = v.object({ personId: code, away: v.nullable(v.object({ from: date, to: date })) });

export const DepartmentsListInput = v.object({ nodeId: code });
export const DepartmentSaveInput = v.object({
  id: code,
  name,
  kind: v.picklist(['城管', '市场监管', '公安', '住建', '民政', '应急', '消防', '物业', '其他'], '部门类别无效'),
  scopeNodeId: code,
  phone: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[\d-]{7,13}$/, '电话格式不正确'))),
});

export const WorkGroupsListInput = v.object({ communityId: code });
export const WorkGroupSaveInput = v.object({
  id: code,
  name,
  communityId: code,
  leaderId: code,
  deputyIds: v.pipe(v.array(code), v.maxLength(2, '副组长最多 2 人')),
  memberIds: v.pipe(v.array(code), v.maxLength(80, '组员最多 80 人')),
  areaNodeIds: v.pipe(v.array(code), v.maxLength(50, '片区最多 50 个')),
});

export const AssignOverviewInput = v.object({ gridId: code });
export const AssignSetInput = v.object({
  cadreId: v.nullable(code),
  householdIds: v.optional(v.pipe(v.array(code), v.maxLength(200, '一次最多分配 200 户'))),
  nodeId: v.optional(code),
  onlyUnserved: v.optional(v.boolean(), true),
});

export const InviteCreateInput = v.object({
  personId: code,
  ttlHours: v.optional(v.pipe(v.number('有效期应为小时数'), v.integer('有效期应为整数小时'), v.minValue(1, '有效期至少 1 小时'), v.maxValue(720, '有效期最长 30 天')), 72),
});
export const InviteCodeInput = v.object({ code: v.pipe(v.string('缺少邀请码'), v.trim(), v.toUpperCase(), v.regex(/^[A-Z0-9]{8}$/, '邀请码应为 8 位字母或数字')) });
export const InviteListInput = v.object({ personId: code });

export const CardReissueInput = v.object({ personId: code });
export const CardPdfInput = v.object({ workGroupId: v.optional(code), gridId: v.optional(code) });

export const IMPORT_KINDS = ['orgUnits', 'households', 'cadres', 'assignments', 'workGroups'] as const;
export const FORMATS = ['xlsx', 'csv'] as const;
export const ImportInput = v.object({
  kind: v.picklist(IMPORT_KINDS, '导入类型无效'),
  format: v.picklist(FORMATS, '文件格式应为 xlsx 或 csv'),
  fileID: v.pipe(v.string('请先上传文件'), v.regex(/^cloud:\/\/[\w.\-/]{1,200}$/, '文件无效，请重新上传'), v.check((s) => !s.includes('..'), '文件无效')),
  jobId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '任务编号无效')),
});
export const ExportInput = v.object({
  kind: v.picklist(IMPORT_KINDS, '导出类型无效'),
  format: v.picklist(FORMATS, '文件格式应为 xlsx 或 csv'),
  nodeId: code,
  /** Why the admin exports (households carry sensitive tags); written to the audit log. */
  reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, '导出原因最多 200 字'))),
});
export const TemplateInput = v.object({ kind: v.picklist(IMPORT_KINDS, '模板类型无效'), format: v.picklist(FORMATS, '文件格式应为 xlsx 或 csv') });
export const JobInput = v.object({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, '任务编号无效')) });
