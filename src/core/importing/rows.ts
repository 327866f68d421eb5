// From spreadsheet cells to typed rows: header mapping and per-row valibot schemas with Chinese
// messages. Cells arrive as strings ('' = empty); the I/O layer has already normalised numbers,
// rich text and formulas.
import * as v from 'valibot';
import { HOUSEHOLD_TAGS } from '../adminSchemas';
import { normalizeRoom } from '../rooms';
import type { GridType, OrgLevel } from '../types';
import { COLUMNS, GRID_TYPE_BY_LABEL, LEVEL_BY_LABEL, type ImportKind } from './columns';
import { ConsentBy, ConsentDate, ConsentPurpose } from '../personal/schemas';

export interface SheetRow {
  /** 1-based spreadsheet row number. */
  row: number;
  /** Cell texts, first column at index 0. */
  values: string[];
}

export interface RawRow {
  row: number;
  /** Column key → trimmed text ('' when empty). */
  cells: Record<string, string>;
}

export interface RowError {
  /** 1-based spreadsheet row number including the header; 0 = the file as a whole. */
  row: number;
  /** Chinese header of the column at fault ('' when the whole row or file is meant). */
  column: string;
  message: string;
}

/** One import is at most this many data rows (蛟河 has 123,800 households). */
export const MAX_ROWS = 200_000;

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,47}$/;
const LIST_SPLIT = /[、,，;；\s]+/;

const cleanHeader = (h: string) =>
  h.replace(/^\uFEFF/, '').trim().replace(/\s*[（(](必填|选填)[)）]$/, '').replace(/\*+$/, '').trim();

/** Rows searched for the header: offices often put a title such as "XX社区住户花名册" above it. */
const HEADER_SEARCH = 10;

/**
 * Finds the header row (the first of the top rows naming the most template columns), maps it to
 * column keys and turns the rows below into keyed cells; blank rows are skipped.
 */
export function readSheet(kind: ImportKind, sheetRows: SheetRow[]): { rows: RawRow[]; errors: RowError[] } {
  const cols = COLUMNS[kind];
  const known = new Set(cols.map((c) => c.header));
  const filled = sheetRows.filter((r) => r.values.some((x) => (x ?? '').trim() !== ''));
  if (!filled.length) return { rows: [], errors: [{ row: 0, column: '', message: '文件是空的，请使用导入模板填写后再上传' }] };
  let at = 0;
  let best = 0;
  filled.slice(0, HEADER_SEARCH).forEach((r, i) => {
    const score = r.values.filter((x) => known.has(cleanHeader(x ?? ''))).length;
    if (score > best) [at, best] = [i, score];
  });
  const header = filled[at];
  const rows = filled.slice(at + 1);
  const index = new Map<string, number>();
  const errors: RowError[] = [];
  header.values.forEach((raw, i) => {
    const h = cleanHeader(raw ?? '');
    const c = cols.find((x) => x.header === h);
    if (!c) return; // extra columns (notes, serial numbers) are ignored
    if (index.has(c.key)) errors.push({ row: header.row, column: h, message: `“${h}”列出现了两次，请删除多余的一列` });
    else index.set(c.key, i);
  });
  // Columns a file may leave out (the consent columns added after the first templates) read as empty.
  const missing = cols.filter((c) => !index.has(c.key) && !c.mayBeAbsent);
  for (const c of missing) {
    errors.push({ row: header.row, column: c.header, message: `缺少“${c.header}”列，请按导入模板填写列名` });
  }
  if (errors.length) return { rows: [], errors };
  if (rows.length > MAX_ROWS) {
    return { rows: [], errors: [{ row: 0, column: '', message: `单次最多导入 ${MAX_ROWS} 行，本文件有 ${rows.length} 行，请拆分后分批导入` }] };
  }
  const out: RawRow[] = [];
  for (const r of rows) {
    const cells: Record<string, string> = {};
    let any = false;
    for (const c of cols) {
      const at = index.get(c.key);
      const t = at === undefined ? '' : (r.values[at] ?? '').trim();
      cells[c.key] = t;
      if (t) any = true;
    }
    if (any) out.push({ row: r.row, cells });
  }
  return { rows: out, errors: [] };
}

// ------------------------------------------------------------------ schemas

const code = (label: string) =>
  v.pipe(v.string(`请填写${label}`), v.regex(CODE_RE, `${label}只能由字母、数字和“-”组成，以字母或数字开头，最长 48 位`));
const text = (label: string, min: number, max: number) =>
  v.pipe(
    v.string(`请填写${label}`),
    v.minLength(min, min > 1 ? `${label}至少 ${min} 个字` : `请填写${label}`),
    v.maxLength(max, `${label}最多 ${max} 个字`),
  );
const splitList = (s: string) => [...new Set(s.split(LIST_SPLIT).filter(Boolean))];
const codeList = (label: string, max: number) =>
  v.pipe(
    v.string(),
    v.transform(splitList),
    v.maxLength(max, `${label}最多 ${max} 个，用“、”分隔`),
    v.check((xs) => xs.every((x) => CODE_RE.test(x)), (i) => `${label}中的“${(i.input as string[]).find((x) => !CODE_RE.test(x))}”不是有效编号`),
  );
const picked = <T extends string>(table: Record<string, T>, message: string) =>
  v.pipe(
    v.string(message),
    v.check((s) => Object.prototype.hasOwnProperty.call(table, s), message),
    v.transform((s) => table[s]),
  );

const TAG_SET = new Set<string>(HOUSEHOLD_TAGS);

/** 2026-11-01, 2026/11/1, 2026.11.1 or 2026年11月1日 → '2026-11-01'; anything else stays as typed (and fails). */
export function normalizeDate(s: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : s;
}

const ORG_UNIT = v.object({
  code: code('编号'),
  parentCode: v.optional(code('上级编号')),
  level: picked(LEVEL_BY_LABEL, '层级应为街道、社区、网格、楼栋或单元'),
  name: text('名称', 1, 40),
  gridType: v.optional(picked(GRID_TYPE_BY_LABEL, '网格类型应为城市、农村或专属')),
});

const HOUSEHOLD = v.object({
  code: code('住户编号'),
  unitCode: code('单元编号'),
  room: v.pipe(v.string('请填写房号'), v.transform(normalizeRoom), v.regex(/^[0-9A-Z-]{1,10}$/, '房号只能是 1–10 位数字或字母，如 301')),
  members: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,2}$/, '人数应为 0–30 的整数'), v.transform(Number), v.maxValue(30, '人数应为 0–30 的整数')),
  ),
  tags: v.optional(
    v.pipe(
      v.string(),
      v.transform(splitList),
      v.check(
        (xs) => xs.every((x) => TAG_SET.has(x)),
        (i) => `标签“${(i.input as string[]).find((x) => !TAG_SET.has(x))}”无效，可选：${HOUSEHOLD_TAGS.join('、')}`,
      ),
    ),
  ),
  cadreCode: v.optional(code('包保干部编号')),
  // The consent note of sensitive tags (the admin page's limits, personal/schemas.ts); whether it
  // is needed depends on the household's current tags, which the planner checks.
  consentBy: v.optional(ConsentBy),
  consentAt: v.optional(v.pipe(v.string(), v.transform(normalizeDate), ConsentDate)),
  consentPurpose: v.optional(ConsentPurpose),
});

const CADRE = v.object({
  code: code('人员编号'),
  name: text('姓名', 2, 10),
  phone: v.pipe(
    v.string('请填写手机号'),
    v.transform((s) => s.replace(/[\s-]/g, '')),
    v.regex(/^1[3-9]\d{9}$/, '手机号应为 11 位数字，以 13–19 开头'),
  ),
  workUnit: text('工作单位', 2, 40),
  title: text('职务', 1, 20),
  gridCode: code('所属网格编号'),
  // Upper-cased like every typed card code (schemas.ts cardCode), so scanning or typing either case finds it.
  cardCode: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/, '联系卡编号应为 1–32 位字母、数字、“_”或“-”'), v.toUpperCase())),
  backupCode: v.optional(code('B角编号')),
  workGroupCode: v.optional(code('工作组编号')),
});

const ASSIGNMENT = v.object({
  householdCode: code('住户编号'),
  cadreCode: v.optional(code('包保干部编号')),
});

const WORK_GROUP = v.object({
  code: code('工作组编号'),
  name: text('名称', 1, 40),
  communityCode: code('所属社区编号'),
  leaderCode: code('组长编号'),
  deputyCodes: v.optional(codeList('副组长', 2), ''),
  areaCodes: v.optional(codeList('片区', 50), ''),
});

const SCHEMAS = { orgUnits: ORG_UNIT, households: HOUSEHOLD, cadres: CADRE, assignments: ASSIGNMENT, workGroups: WORK_GROUP };

type Out<K extends ImportKind> = v.InferOutput<(typeof SCHEMAS)[K]> & { row: number };
export type OrgUnitRow = Out<'orgUnits'> & { level: Exclude<OrgLevel, 'household'>; gridType?: GridType };
export type HouseholdRow = Out<'households'>;
export type CadreRow = Out<'cadres'>;
export type AssignmentRow = Out<'assignments'>;
export type WorkGroupRow = Out<'workGroups'> & { deputyCodes: string[]; areaCodes: string[] };
export interface RowOf {
  orgUnits: OrgUnitRow;
  households: HouseholdRow;
  cadres: CadreRow;
  assignments: AssignmentRow;
  workGroups: WorkGroupRow;
}

/** Schema check of every row: typed rows for the valid ones, Chinese errors (first per column) for the rest. */
export function validateRows<K extends ImportKind>(kind: K, rows: RawRow[]): { rows: RowOf[K][]; errors: RowError[] } {
  const schema = SCHEMAS[kind] as v.GenericSchema;
  const headerOf = new Map(COLUMNS[kind].map((c) => [c.key, c.header]));
  const out: RowOf[K][] = [];
  const errors: RowError[] = [];
  for (const r of rows) {
    const input: Record<string, string | undefined> = {};
    for (const [k, t] of Object.entries(r.cells)) input[k] = t === '' ? undefined : t;
    const res = v.safeParse(schema, input);
    if (res.success) {
      out.push({ ...(res.output as object), row: r.row } as RowOf[K]);
      continue;
    }
    const seen = new Set<string>();
    for (const issue of res.issues) {
      const key = String(issue.path?.[0]?.key ?? '');
      if (seen.has(key)) continue;
      seen.add(key);
      const column = headerOf.get(key) ?? '';
      const message = /[一-鿿]/.test(issue.message) ? issue.message : `${column || '该行'}格式不正确，请对照模板检查`;
      errors.push({ row: r.row, column, message });
    }
  }
  return { rows: out, errors };
}
