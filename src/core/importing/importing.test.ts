import { describe, expect, it } from 'vitest';
import type { Household, OrgNode, Person } from '../types';
import { COLUMNS, helpRows, KINDS } from './columns';
import { exampleRow, headersOf, toRow } from './exportRows';
import { diff, emptyKnown, planImport, type Known, type PlanStep } from './plan';
import { readSheet, validateRows, type RawRow, type SheetRow } from './rows';

const sheet = (header: string[], ...rows: string[][]): SheetRow[] => [header, ...rows].map((values, i) => ({ row: i + 1, values }));
const raw = (kind: (typeof KINDS)[number], cells: Record<string, string>, row = 2): RawRow => ({
  row,
  cells: Object.fromEntries(COLUMNS[kind].map((c) => [c.key, cells[c.header] ?? ''])),
});

describe('readSheet', () => {
  it('maps headers in any order, tolerating BOM, 必填 marks and extra columns; skips blank rows', () => {
    const s = sheet(['\uFEFF房号*', '序号', '编号（必填）', '单元编号', '人数', '标签', '包保干部编号'], ['301', '1', 'U-0301', 'U', '', '', ''], ['', '', '', '', '', '', ''], [' 302 ', '2', 'U-0302', 'U', '', '', '']);
    const r = readSheet('households', s);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.row, x.cells.code, x.cells.room])).toEqual([[2, 'U-0301', '301'], [4, 'U-0302', '302']]);
  });

  it('finds the header below a title row and keeps spreadsheet row numbers', () => {
    const rows: SheetRow[] = [
      { row: 1, values: ['河南街道住户花名册（2026年）'] },
      { row: 2, values: ['住户编号', '包保干部编号'] },
      { row: 3, values: ['U-0101', 'P1'] },
    ];
    expect(readSheet('assignments', rows)).toEqual({ rows: [{ row: 3, cells: { householdCode: 'U-0101', cadreCode: 'P1' } }], errors: [] });
  });

  it('a households sheet without the consent columns (an older template) reads them as empty; other columns stay required', () => {
    const old = readSheet('households', sheet(['编号', '单元编号', '房号', '人数', '标签', '包保干部编号'], ['U-0301', 'U', '301', '', '低保', '']));
    expect(old.errors).toEqual([]);
    expect(old.rows[0].cells).toMatchObject({ tags: '低保', consentBy: '', consentAt: '', consentPurpose: '' });
    expect(readSheet('households', sheet(['编号', '单元编号', '房号', '人数', '包保干部编号', '标签同意人'])).errors).toEqual([
      { row: 1, column: '标签', message: expect.stringContaining('缺少“标签”列') },
    ]);
  });

  it('reports missing and doubled columns on the header row', () => {
    const s = sheet(['编号', '编号', '名称']);
    expect(readSheet('orgUnits', s).errors).toEqual([
      { row: 1, column: '编号', message: '“编号”列出现了两次，请删除多余的一列' },
      { row: 1, column: '上级编号', message: expect.stringContaining('缺少“上级编号”列') },
      { row: 1, column: '层级', message: expect.stringContaining('缺少“层级”列') },
      { row: 1, column: '网格类型', message: expect.stringContaining('缺少“网格类型”列') },
    ]);
    expect(readSheet('orgUnits', []).errors[0]).toMatchObject({ row: 0, message: expect.stringContaining('文件是空的') });
  });
});

describe('row schemas', () => {
  it('every template example row is valid, and the help sheet covers every column', () => {
    for (const kind of KINDS) {
      const cells = Object.fromEntries(headersOf(kind).map((h, i) => [h, exampleRow(kind)[i]]));
      expect(validateRows(kind, [raw(kind, cells)]).errors, kind).toEqual([]);
      expect(helpRows(kind).slice(1).map((r) => r[0])).toEqual(headersOf(kind));
    }
  });

  it('the consent note: dates as offices type them become 2026-03-05; bad cells get Chinese messages', () => {
    const ok = { 编号: 'U-1', 单元编号: 'U', 房号: '101', 标签: '低保' };
    const r = validateRows('households', [
      raw('households', { ...ok, 标签同意人: '王秀英（本人）', 标签同意日期: '2026年3月5日', 标签用途: '关怀走访' }),
      raw('households', { ...ok, 标签同意人: '王', 标签同意日期: '2026-02-30', 标签用途: '访' }, 3),
      raw('households', { ...ok, 标签同意人: '王'.repeat(21), 标签同意日期: '3月5日', 标签用途: '访'.repeat(101) }, 4),
    ]);
    expect(r.rows.map((x) => [x.consentBy, x.consentAt, x.consentPurpose])).toEqual([['王秀英（本人）', '2026-03-05', '关怀走访']]);
    expect(validateRows('households', [raw('households', { ...ok, 标签同意日期: '2026/3/5' })]).rows[0].consentAt).toBe('2026-03-05');
    expect(r.errors).toEqual([
      { row: 3, column: '标签同意人', message: '同意人至少 2 个字（本人或监护人姓名）' },
      { row: 3, column: '标签同意日期', message: '同意日期不是有效日期' },
      { row: 3, column: '标签用途', message: '用途至少 2 个字（如：关怀走访、精准帮扶）' },
      { row: 4, column: '标签同意人', message: '同意人最多 20 字' },
      { row: 4, column: '标签同意日期', message: '同意日期格式应为 2026-11-01' },
      { row: 4, column: '标签用途', message: '用途最多 100 字' },
    ]);
  });

  it('gives Chinese messages under the Chinese header', () => {
    const r = validateRows('cadres', [
      raw('cadres', { 编号: 'p 1', 姓名: '张', 手机号: '23800000000', 工作单位: '局', 职务: '', 所属网格编号: 'G', 联系卡编号: 'x'.repeat(33) }),
    ]);
    expect(r.errors).toEqual([
      { row: 2, column: '编号', message: '人员编号只能由字母、数字和“-”组成，以字母或数字开头，最长 48 位' },
      { row: 2, column: '姓名', message: '姓名至少 2 个字' },
      { row: 2, column: '手机号', message: '手机号应为 11 位数字，以 13–19 开头' },
      { row: 2, column: '工作单位', message: '工作单位至少 2 个字' },
      { row: 2, column: '职务', message: '请填写职务' },
      { row: 2, column: '联系卡编号', message: '联系卡编号应为 1–32 位字母、数字、“_”或“-”' },
    ]);
  });

  it('normalises phone numbers, lists, levels and grid types', () => {
    const c = validateRows('cadres', [raw('cadres', { 编号: 'p1', 姓名: '张三', 手机号: '138-0000 0000', 工作单位: '民政局', 职务: '科员', 所属网格编号: 'G' })]);
    expect(c.rows[0].phone).toBe('13800000000');
    const h = validateRows('households', [raw('households', { 编号: 'U-1', 单元编号: 'U', 房号: '101', 人数: '0', 标签: '低保，残疾;低保 独居老人' })]);
    expect(h.rows[0]).toMatchObject({ members: 0, tags: ['低保', '残疾', '独居老人'] });
    const o = validateRows('orgUnits', [raw('orgUnits', { 编号: 'A-1', 上级编号: 'A', 层级: '村', 名称: '东村' }), raw('orgUnits', { 编号: 'A-1-1', 上级编号: 'A-1', 层级: '网格', 名称: '一', 网格类型: '农村' }, 3)]);
    expect(o.rows.map((r) => [r.level, r.gridType])).toEqual([['community', undefined], ['grid', 'rural']]);
    const w = validateRows('workGroups', [raw('workGroups', { 编号: 'G1', 名称: '一组', 所属社区编号: 'C', 组长编号: 'p1', 副组长编号: 'p2、p3' })]);
    expect(w.rows[0]).toMatchObject({ deputyCodes: ['p2', 'p3'], areaCodes: [] });
  });
});

// ---------------------------------------------------------------- planning

const node = (_id: string, level: OrgNode['level'], name = _id): OrgNode => {
  const parts = _id.split('-');
  const path = parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('-'));
  return { _id, level, name, parentId: path.at(-1) ?? null, path };
};
const NODES = [node('S', 'street'), node('S-1', 'community'), node('S-1-1', 'grid'), node('S-1-1-1', 'building', '3栋'), node('S-1-1-1-2', 'unit', '2单元'), node('S-2', 'community')];

/** Answers every need from `docs` (missing ids → null), like the I/O loader does. */
function settle(kind: (typeof KINDS)[number], rows: any[], docs: { nodes?: OrgNode[]; households?: Household[]; people?: Person[] }, scopeNodeId = 'S-1') {
  const known: Known = emptyKnown();
  const opts = { scopeNodeId, now: new Date('2026-01-01T00:00:00Z') };
  let rounds = 0;
  let step: PlanStep = planImport(kind, rows, known, opts);
  while (step.status === 'need') {
    rounds++;
    const need = step.need;
    const byId = <T extends { _id: string }>(map: Map<string, T | null>, ids: string[] | undefined, all: T[] = []) => {
      for (const id of ids ?? []) map.set(id, all.find((d) => d._id === id) ?? null);
    };
    byId(known.nodes, need.nodes, docs.nodes);
    byId(known.households, need.households, docs.households);
    byId(known.people, need.people, docs.people);
    byId(known.cards, need.cards);
    byId(known.users, need.users);
    byId(known.workGroups, need.workGroups);
    for (const id of need.childrenOf ?? []) known.childrenOf.set(id, (docs.nodes ?? []).filter((n) => n.parentId === id));
    for (const id of need.householdsOfUnit ?? []) known.householdsOfUnit.set(id, (docs.households ?? []).filter((h) => h.unitId === id));
    for (const id of need.residentsOf ?? []) known.residentsOf.set(id, []);
    for (const id of need.membersOf ?? []) known.membersOf.set(id, (docs.people ?? []).filter((p) => p.workGroupId === id).map((p) => p._id));
    step = planImport(kind, rows, known, opts);
  }
  return { step, rounds };
}

describe('planImport', () => {
  it('asks for what it needs in rounds, then plans creates with derived fields', () => {
    const consent = { 标签同意人: '王秀英', 标签同意日期: '2026/1/1', 标签用途: '精准帮扶' };
    const rows = validateRows('households', [raw('households', { 编号: 'S-1-1-1-2-0301', 单元编号: 'S-1-1-1-2', 房号: '301', 标签: '低保', ...consent })]).rows;
    const { step, rounds } = settle('households', rows, { nodes: NODES });
    expect(rounds).toBe(2); // the unit first, then its building (for the label)
    if (step.status !== 'ready') throw new Error(step.status);
    expect(step.plan.writes[0].writes.create).toEqual([{
      _id: 'S-1-1-1-2-0301', streetId: 'S', communityId: 'S-1', gridId: 'S-1-1', buildingId: 'S-1-1-1', unitId: 'S-1-1-1-2',
      room: '301', label: '3栋2单元301', tags: ['低保'],
      tagConsent: { by: '王秀英', at: '2026-01-01', purpose: '精准帮扶', recordedBy: null, recordedAt: new Date('2026-01-01T00:00:00Z') },
    }]);
    expect(step.plan.tagChanges).toEqual([{ householdId: 'S-1-1-1-2-0301', scopeNodeId: 'S-1', before: [], after: ['低保'], consent: { by: '王秀英', at: '2026-01-01', purpose: '精准帮扶' } }]);
  });

  it('merges identical patches: one write per cadre for an assignments file', () => {
    const hh = (room: string, cadreId?: string): Household => ({
      _id: `S-1-1-1-2-0${room}`, streetId: 'S', communityId: 'S-1', gridId: 'S-1-1', buildingId: 'S-1-1-1', unitId: 'S-1-1-1-2', room, label: room, ...(cadreId ? { cadreId } : {}),
    });
    const cadre = (id: string): Person => ({ _id: id, name: id, phone: '', workUnit: '', title: '', roles: [{ role: 'cadre', nodeId: 'S-1-1' }], gridId: 'S-1-1' });
    const rows = validateRows('assignments', ['101', '102', '103', '104'].map((r, i) => raw('assignments', { 住户编号: `S-1-1-1-2-0${r}`, 包保干部编号: i < 3 ? 'c1' : '' }, i + 2))).rows;
    const { step } = settle('assignments', rows, { nodes: NODES, households: [hh('101'), hh('102'), hh('103', 'c1'), hh('104', 'c2')], people: [cadre('c1'), cadre('c2')] });
    if (step.status !== 'ready') throw new Error(step.status);
    expect(step.plan.counts).toEqual({ created: 0, updated: 3, unchanged: 1 });
    expect(step.plan.writes[0].writes.patch).toEqual([
      { ids: ['S-1-1-1-2-0101', 'S-1-1-1-2-0102'], set: { cadreId: 'c1' }, unset: [] },
      { ids: ['S-1-1-1-2-0104'], set: {}, unset: ['cadreId'] },
    ]);
  });

  it('only reference errors are final: none is reported while a lookup is pending', () => {
    const rows = validateRows('orgUnits', [raw('orgUnits', { 编号: 'S-1-9', 上级编号: 'S-1', 层级: '网格', 名称: '九' })]).rows;
    expect(planImport('orgUnits', rows, emptyKnown(), { scopeNodeId: 'S-1', now: new Date() })).toEqual({
      status: 'need', need: { nodes: expect.arrayContaining(['S-1', 'S-1-9']) },
    });
    const { step } = settle('orgUnits', rows, { nodes: NODES }, 'S-2');
    expect(step).toEqual({ status: 'invalid', errors: [{ row: 2, column: '编号', message: '“S-1-9”不在您管理的S-2（S-2）范围内' }] });
  });

  it('a street row needs no parent; a unit cannot have children', () => {
    const rows = validateRows('orgUnits', [
      raw('orgUnits', { 编号: 'T', 上级编号: '', 层级: '街道', 名称: '新街道' }),
      raw('orgUnits', { 编号: 'S-1-1-1-2-1', 上级编号: 'S-1-1-1-2', 层级: '单元', 名称: '?' }, 3),
    ]).rows;
    const { step } = settle('orgUnits', rows, { nodes: NODES }, 'S');
    expect(step).toMatchObject({ status: 'invalid', errors: [{ row: 2, message: expect.stringContaining('不在您管理') }, { row: 3, column: '层级', message: '上级“S-1-1-1-2”是单元，其下不能再建下级节点' }] });
    expect(settle('orgUnits', rows.slice(0, 1), { nodes: NODES }, 'T').step).toMatchObject({ status: 'ready', plan: { counts: { created: 1 } } });
  });
});

describe('diff', () => {
  it('treats an absent field, null, "" and [] alike, and unsets fields the file cleared', () => {
    expect(diff({ a: 1, tags: [] }, { a: 1 }, ['a', 'tags'])).toBeNull();
    expect(diff({ a: 1, b: 'x' }, { a: 2 }, ['a', 'b'])).toEqual({ set: { a: 2 }, unset: ['b'] });
    expect(diff({ roles: [{ role: 'cadre', nodeId: 'g' }] }, { roles: [{ nodeId: 'g', role: 'cadre' }] }, ['roles'])).toBeNull();
    expect(diff({ other: 1 }, { other: 2 }, [])).toBeNull(); // only owned fields count
  });
});

describe('export rows', () => {
  it('are in template column order, every cell text', () => {
    const h: Household = { _id: 'U-1', streetId: 'S', communityId: 'C', gridId: 'G', buildingId: 'B', unitId: 'U', room: '0101', label: '', members: 3, tags: ['低保', '残疾'] };
    expect(toRow('households', h)).toEqual(['U-1', 'U', '0101', '3', '低保、残疾', '', '', '', '']);
    const consented = { ...h, tagConsent: { by: '王秀英', at: '2026-11-01', purpose: '关怀走访', recordedBy: '管理员', recordedAt: new Date() } };
    expect(toRow('households', consented)).toEqual(['U-1', 'U', '0101', '3', '低保、残疾', '', '王秀英', '2026-11-01', '关怀走访']);
    expect(toRow('orgUnits', { ...node('S-1-1', 'grid', '一网格'), gridType: 'special' })).toEqual(['S-1-1', 'S-1', '网格', '一网格', '专属']);
  });

  it('leave a field the doc does not have empty, for every kind', () => {
    expect(toRow('orgUnits', { _id: 'S', level: 'street', name: '街道', parentId: null, path: [] })).toEqual(['S', '', '街道', '街道', '']);
    expect(toRow('households', { _id: 'U-2', unitId: 'U', room: '0102' })).toEqual(['U-2', 'U', '0102', '', '', '', '', '', '']);
    expect(toRow('cadres', { _id: 'P1', name: '张三', phone: '13800000000', workUnit: '局', title: '科员', gridId: 'G', roles: [] }))
      .toEqual(['P1', '张三', '13800000000', '局', '科员', 'G', '', '', '']);
    expect(toRow('cadres', { _id: 'P1', name: '张三', phone: '1', workUnit: '局', title: '科员', gridId: 'G', cardCode: 'CARD1', backupId: 'P2', workGroupId: 'W1' }))
      .toEqual(['P1', '张三', '1', '局', '科员', 'G', 'CARD1', 'P2', 'W1']);
    expect(toRow('assignments', { _id: 'U-2' })).toEqual(['U-2', '']);
    expect(toRow('assignments', { _id: 'U-1', cadreId: 'P1' })).toEqual(['U-1', 'P1']);
    expect(toRow('workGroups', { _id: 'W1', name: '一组', communityId: 'C', leaderId: 'P1' })).toEqual(['W1', '一组', 'C', 'P1', '', '']);
    expect(toRow('workGroups', { _id: 'W1', name: '一组', communityId: 'C', leaderId: 'P1', deputyIds: ['P2', 'P3'], areaNodeIds: ['G1'] }))
      .toEqual(['W1', '一组', 'C', 'P1', 'P2、P3', 'G1']);
  });
});
