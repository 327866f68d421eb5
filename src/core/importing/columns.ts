// Spreadsheet layout of each import kind: Chinese headers, example row and the help text of the
// template's "填写说明" sheet. Import, export and templates all read this one table, so an exported
// file always has exactly the template's columns.
import { HOUSEHOLD_TAGS, IMPORT_KINDS } from '../adminSchemas';
import { SENSITIVE_TAGS } from '../privacy';
import type { GridType, OrgLevel } from '../types';

export type ImportKind = (typeof IMPORT_KINDS)[number];
export type FileFormat = 'xlsx' | 'csv';

export const KINDS: readonly ImportKind[] = IMPORT_KINDS;

export const KIND_LABEL: Record<ImportKind, string> = {
  orgUnits: '组织架构',
  households: '住户',
  cadres: '包保干部',
  assignments: '包保关系',
  workGroups: '工作组',
};

export interface ColumnDef {
  /** Field name of the parsed row. */
  key: string;
  header: string;
  required: boolean;
  /** Shown instead of 必填/选填 in the help sheet when the rule is conditional. */
  requiredNote?: string;
  example: string;
  help: string;
  /**
   * The column may be left out of a file (a sheet made from an older template): its cells read as
   * empty. Every other column must be present.
   */
  mayBeAbsent?: boolean;
}

const col = (key: string, header: string, required: boolean, example: string, help: string): ColumnDef => ({
  key, header, required, example, help,
});

export const LIST_SEPARATOR = '、';
const TAG_LIST = HOUSEHOLD_TAGS.join(LIST_SEPARATOR);
const SENSITIVE_LIST = HOUSEHOLD_TAGS.filter((t) => (SENSITIVE_TAGS as readonly string[]).includes(t)).join(LIST_SEPARATOR);

/** The three columns of a sensitive tag's consent note (PIPL Art. 29), as on the admin page. */
export const CONSENT_KEYS = ['consentBy', 'consentAt', 'consentPurpose'] as const;
const CONSENT_NOTE = '新增敏感标签时必填';
const consentCol = (key: (typeof CONSENT_KEYS)[number], header: string, example: string, help: string): ColumnDef => ({
  ...col(key, header, false, example, help), requiredNote: CONSENT_NOTE, mayBeAbsent: true,
});

export const COLUMNS: Record<ImportKind, readonly ColumnDef[]> = {
  orgUnits: [
    col('code', '编号', true, 'JH01-01-01', '统一编号：上级编号加“-”和本级序号，如社区 JH01-01、网格 JH01-01-01、楼栋 JH01-01-01-03、单元 JH01-01-01-03-2。编号导入后不再改变；已存在的编号会被更新（改名不影响下级）。'),
    { ...col('parentCode', '上级编号', false, 'JH01-01', '街道不填；其他层级必填，填系统中已有的节点或本文件中其他行的编号。'), requiredNote: '街道以外必填' },
    col('level', '层级', true, '网格', '街道、社区、网格、楼栋、单元之一，必须比上级低一级。'),
    col('name', '名称', true, '第一网格', '最多 40 字。楼栋和单元的名称会组成住户地址，如“3栋”“2单元”。'),
    col('gridType', '网格类型', false, '城市', '仅网格填写：城市、农村或专属；其他层级留空。'),
  ],
  households: [
    col('code', '编号', true, 'JH01-01-01-03-2-0301', '住户统一编号，以所在单元编号加“-”开头。已存在的编号会被更新。'),
    col('unitCode', '单元编号', true, 'JH01-01-01-03-2', '住户所在单元的编号，单元须已在“组织架构”中导入。'),
    col('room', '房号', true, '301', '1–10 位数字或字母，如 301、1202A。'),
    col('members', '人数', false, '3', '户内人数，0–30 的整数，可不填。'),
    col('tags', '标签', false, '独居老人、低保', `可填多个，用“、”或“,”分隔，可选：${TAG_LIST}。不填表示无标签（已有标签会被清除）。其中${SENSITIVE_LIST}属于敏感个人信息：须取得本人（或监护人）同意后才能录入，新增时须同时填写“标签同意人”“标签同意日期”“标签用途”三列；每次标签变更都会记入审计日志。`),
    col('cadreCode', '包保干部编号', false, '', '可不填。填写时须是本网格的包保干部；不填则保留原有包保关系（调整或取消包保请用“包保关系”导入）。'),
    consentCol('consentBy', '标签同意人', '王秀英（本人）', `同意录入敏感标签（${SENSITIVE_LIST}）的本人或监护人姓名，2–20 字。新增敏感标签时必填；标签不变时可不填，原有的同意记录会保留；没有敏感标签时不记录。`),
    consentCol('consentAt', '标签同意日期', '2026-11-01', '取得同意的日期，如 2026-11-01（也可写 2026/11/1）。与“标签同意人”一同填写。'),
    consentCol('consentPurpose', '标签用途', '关怀走访、精准帮扶', '告知本人（或监护人）的标签用途，2–100 字，如：关怀走访、精准帮扶。与“标签同意人”一同填写。'),
  ],
  cadres: [
    col('code', '编号', true, 'P0001', '人员编号：字母、数字或“-”，最长 48 位。已存在的编号会被更新（保留其他角色和微信绑定）。'),
    col('name', '姓名', true, '张三', '2–10 个字。'),
    col('phone', '手机号', true, '13800000000', '11 位手机号。'),
    col('workUnit', '工作单位', true, '蛟河市民政局', '2–40 字。'),
    col('title', '职务', true, '科员', '1–20 字。'),
    col('gridCode', '所属网格编号', true, 'JH01-01-01', '包保干部所在网格的编号，网格须已导入。'),
    col('cardCode', '联系卡编号', false, 'K7Q2M9X4', '干部联系卡二维码编号：1–32 位字母、数字、“_”或“-”，不能与他人重复。不填则保留原有联系卡；更换编号时旧卡自动作废并指向新卡。'),
    col('backupCode', 'B角编号', false, '', '外出时接手的包保干部编号（本文件中或系统中已有的包保干部），不能是本人。不填表示没有B角。'),
    col('workGroupCode', '工作组编号', false, '', '所属工作组编号；工作组可以稍后在“工作组”导入中创建。不填表示不属于任何工作组。'),
  ],
  assignments: [
    col('householdCode', '住户编号', true, 'JH01-01-01-03-2-0301', '住户须已导入。'),
    col('cadreCode', '包保干部编号', false, 'P0001', '须是住户所在网格的包保干部；留空表示取消该户的包保干部。'),
  ],
  workGroups: [
    col('code', '编号', true, 'JH01-01-G01', '工作组编号：字母、数字或“-”，最长 48 位。已存在的编号会被更新。'),
    col('name', '名称', true, '第一工作组', '最多 40 字。'),
    col('communityCode', '所属社区编号', true, 'JH01-01', '工作组所在社区的编号。'),
    col('leaderCode', '组长编号', true, 'P0001', '组长的人员编号，须已导入。'),
    col('deputyCodes', '副组长编号', false, 'P0002、P0003', '最多 2 人，用“、”分隔，不能与组长相同。'),
    col('areaCodes', '片区', false, 'JH01-01-01、JH01-01-02-03', '工作组负责的网格或楼栋编号，用“、”分隔，须属于所属社区。组员是“工作组编号”填了本组的包保干部，无需在此填写。'),
  ],
};

export const LEVEL_ORDER: readonly Exclude<OrgLevel, 'household'>[] = ['street', 'community', 'grid', 'building', 'unit'];

export { LEVEL_LABEL } from '../labels';

/** Accepted spellings of each level (社区/村 and 街道/乡镇 are the same tier). */
export const LEVEL_BY_LABEL: Record<string, Exclude<OrgLevel, 'household'>> = {
  街道: 'street', 乡镇: 'street', 乡: 'street', 镇: 'street',
  社区: 'community', 村: 'community',
  网格: 'grid',
  楼栋: 'building',
  单元: 'unit',
};

export const GRID_TYPE_LABEL: Record<GridType, string> = { urban: '城市', rural: '农村', special: '专属' };
export const GRID_TYPE_BY_LABEL: Record<string, GridType> = { 城市: 'urban', 农村: 'rural', 专属: 'special' };

/** A sentence the import page shows under a kind's columns. */
export const KIND_NOTE: Partial<Record<ImportKind, string>> = {
  households: `标签（${SENSITIVE_LIST}）属于敏感个人信息：新增时须取得本人或监护人同意，并填写“标签同意人”“标签同意日期”“标签用途”，否则该行不予导入；每次标签变更都记入审计日志。`,
};

/** The help sheet of an xlsx template, one row per column. */
export function helpRows(kind: ImportKind): string[][] {
  return [
    ['列名', '是否必填', '说明', '示例'],
    ...COLUMNS[kind].map((c) => [c.header, c.requiredNote ?? (c.required ? '必填' : '选填'), c.help, c.example]),
  ];
}
