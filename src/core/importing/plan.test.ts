// Pure unit tests of the import planner per kind (fast, so Stryker can run them per mutant):
// exact per-row Chinese messages, creates vs patches, scope refusals and the side writes.
import { describe, expect, it } from 'vitest';
import type { CardDoc, Household, OrgNode, Person, UserDoc, WorkGroup } from '../types';
import { diff, emptyKnown, inScope, isCadre, planImport, sortErrors, type Known, type PlanOptions, type PlanStep } from './plan';

const NOW = new Date('2026-03-01T00:00:00Z');

const node = (_id: string, level: OrgNode['level'], name = _id, extra: Partial<OrgNode> = {}): OrgNode => {
  const parts = _id.split('-');
  const path = parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('-'));
  return { _id, level, name, parentId: path.at(-1) ?? null, path, ...extra };
};
const NODES = [
  node('S', 'street', '河南街道'), node('S-1', 'community', '一社区'), node('S-1-1', 'grid', '一网格'), node('S-1-1-1', 'building', '3栋'),
  node('S-1-1-1-2', 'unit', '2单元'), node('S-1-2', 'grid', '二网格'), node('S-2', 'community', '二社区'), node('S-2-1', 'grid', '他网格'),
];
const hh = (unit: string, room: string, extra: Partial<Household> = {}): Household => {
  const p = unit.split('-');
  const at = (n: number) => p.slice(0, n).join('-');
  return { _id: `${unit}-0${room}`, streetId: at(1), communityId: at(2), gridId: at(3), buildingId: at(4), unitId: unit, room, label: `3栋2单元${room}`, ...extra };
};
const cadre = (_id: string, gridId = 'S-1-1', extra: Partial<Person> = {}): Person => ({
  _id, name: `干部${_id}`, phone: '13800000000', workUnit: '民政局', title: '科员', roles: [{ role: 'cadre', nodeId: gridId }], gridId, communityId: gridId.split('-').slice(0, 2).join('-'), ...extra,
});

interface Docs {
  nodes?: OrgNode[]; households?: Household[]; people?: Person[]; cards?: CardDoc[]; users?: UserDoc[]; workGroups?: WorkGroup[];
}

/** Answers every need from `docs` (missing ids → null), like the I/O loader. */
function settle(kind: any, rows: any[], docs: Docs, scopeNodeId = 'S', brokenCodes?: Set<string>, extra: Partial<PlanOptions> = {}): PlanStep {
  const known: Known = emptyKnown();
  const opts = { scopeNodeId, now: NOW, brokenCodes, ...extra };
  let step = planImport(kind, rows, known, opts);
  for (let i = 0; step.status === 'need' && i < 10; i++) {
    const need = step.need;
    const byId = (map: Map<string, any>, ids: string[] | undefined, all: { _id: string }[] = []) => {
      for (const id of ids ?? []) map.set(id, all.find((d) => d._id === id) ?? null);
    };
    byId(known.nodes, need.nodes, docs.nodes);
    byId(known.households, need.households, docs.households);
    byId(known.people, need.people, docs.people);
    byId(known.cards, need.cards, docs.cards);
    byId(known.users, need.users, docs.users);
    byId(known.workGroups, need.workGroups, docs.workGroups);
    for (const id of need.childrenOf ?? []) known.childrenOf.set(id, (docs.nodes ?? []).filter((n) => n.parentId === id));
    for (const id of need.householdsOfUnit ?? []) known.householdsOfUnit.set(id, (docs.households ?? []).filter((h) => h.unitId === id));
    for (const id of need.residentsOf ?? []) known.residentsOf.set(id, (docs.users ?? []).filter((u) => u.householdId === id));
    for (const id of need.membersOf ?? []) known.membersOf.set(id, (docs.people ?? []).filter((p) => p.workGroupId === id).map((p) => p._id));
    step = planImport(kind, rows, known, opts);
  }
  return step;
}
const errorsOf = (step: PlanStep) => (step.status === 'invalid' ? step.errors : (() => { throw new Error(`expected invalid, got ${JSON.stringify(step)}`); })());
const planOf = (step: PlanStep) => {
  if (step.status !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(step)}`);
  return step.plan;
};
const writesOf = (step: PlanStep, c: string) => planOf(step).writes.find((w) => w.collection === c)?.writes;

const resident = (id: string, h: Household): UserDoc => ({
  _id: id, roles: [], householdId: h._id, createdAt: NOW, updatedAt: NOW,
  household: { streetId: h.streetId, communityId: h.communityId, gridId: h.gridId, buildingId: h.buildingId, unitId: h.unitId, cadreId: h.cadreId, label: h.label },
});

// ---------------------------------------------------------------- helpers

describe('plan helpers', () => {
  it('inScope: the scope itself or any descendant', () => {
    expect(inScope('S-1', ['S'], 'S-1')).toBe(true);
    expect(inScope('S-1-1', ['S', 'S-1'], 'S-1')).toBe(true);
    expect(inScope('S-2', ['S'], 'S-1')).toBe(false);
  });
  it('isCadre: only a cadre grant counts', () => {
    expect(isCadre({ roles: [{ role: 'cadre', nodeId: 'g' }] })).toBe(true);
    expect(isCadre({ roles: [{ role: 'gridWorker', nodeId: 'g' }] })).toBe(false);
    expect(isCadre({ roles: undefined as any })).toBe(false);
  });
  it('diff compares dates, arrays and nested objects by value', () => {
    expect(diff({ d: new Date(5) }, { d: new Date(5) }, ['d'])).toBeNull();
    expect(diff({ d: new Date(5) }, { d: new Date(6) }, ['d'])).toEqual({ set: { d: new Date(6) }, unset: [] });
    expect(diff({ d: '1970' }, { d: new Date(5) }, ['d'])).toEqual({ set: { d: new Date(5) }, unset: [] });
    expect(diff({ a: [1, 2] }, { a: [1, 2, 3] }, ['a'])).toEqual({ set: { a: [1, 2, 3] }, unset: [] });
    expect(diff({ a: [1, 3] }, { a: [1, 2] }, ['a'])).toEqual({ set: { a: [1, 2] }, unset: [] });
    expect(diff({ a: 'x' }, { a: ['x'] }, ['a'])).toEqual({ set: { a: ['x'] }, unset: [] });
    expect(diff({ o: { x: 1, y: undefined } }, { o: { x: 1 } }, ['o'])).toBeNull();
    expect(diff({ o: { x: 1 } }, { o: { x: 1, y: 2 } }, ['o'])).toEqual({ set: { o: { x: 1, y: 2 } }, unset: [] });
    expect(diff({ o: { x: 1 } }, { o: { x: 2 } }, ['o'])).toEqual({ set: { o: { x: 2 } }, unset: [] });
    expect(diff({ o: null }, { o: { x: 2 } }, ['o'])).toEqual({ set: { o: { x: 2 } }, unset: [] });
    expect(diff({ n: 0 }, { n: 1 }, ['n'])).toEqual({ set: { n: 1 }, unset: [] });
    expect(diff({}, { n: 0 }, ['n'])).toEqual({ set: { n: 0 }, unset: [] });
    expect(diff({ s: 'a' }, { s: '' }, ['s'])).toEqual({ set: { s: '' }, unset: [] });
    expect(diff({ s: '' }, { s: null }, ['s'])).toBeNull();
  });
  it('sortErrors: by row, then by column order of the sheet; unknown columns first', () => {
    const e = (row: number, column: string) => ({ row, column, message: '' });
    expect(sortErrors('cadres', [e(3, '姓名'), e(2, 'B角编号'), e(2, '编号'), e(2, ''), e(2, '手机号')])).toEqual([
      e(2, ''), e(2, '编号'), e(2, '手机号'), e(2, 'B角编号'), e(3, '姓名'),
    ]);
  });
  it('asks for the scope node and everything else in one round, listing only what is missing', () => {
    const k = emptyKnown();
    k.nodes.set('S', NODES[0]);
    const step = planImport('assignments', [{ row: 2, householdCode: 'H' }] as any, k, { scopeNodeId: 'S', now: NOW });
    expect(step).toEqual({ status: 'need', need: { households: ['H'] } });
  });
});

// ---------------------------------------------------------------- orgUnits

describe('planImport orgUnits', () => {
  const org = (row: number, code: string, level: string, parentCode?: string, name = code, gridType?: string) => ({ row, code, level, parentCode, name, gridType });

  it('creates nodes with derived parent and path, through file rows and loaded nodes', () => {
    const step = settle('orgUnits', [
      org(2, 'S-1-3', 'grid', 'S-1', '三网格', 'rural'),
      org(3, 'S-1-3-1', 'building', 'S-1-3', '1栋'),
      org(4, 'S-1-3-1-1', 'unit', 'S-1-3-1', '1单元'),
    ], { nodes: NODES });
    const p = planOf(step);
    expect(p).toEqual({
      kind: 'orgUnits', primary: 'orgNodes', counts: { created: 3, updated: 0, unchanged: 0 }, related: {},
      writes: [{ collection: 'orgNodes', writes: { create: [
        { _id: 'S-1-3', level: 'grid', name: '三网格', parentId: 'S-1', path: ['S', 'S-1'], gridType: 'rural' },
        { _id: 'S-1-3-1', level: 'building', name: '1栋', parentId: 'S-1-3', path: ['S', 'S-1', 'S-1-3'] },
        { _id: 'S-1-3-1-1', level: 'unit', name: '1单元', parentId: 'S-1-3-1', path: ['S', 'S-1', 'S-1-3', 'S-1-3-1'] },
      ], patch: [] } }],
    });
  });

  it('reports each structural error with its exact message', () => {
    const errors = errorsOf(settle('orgUnits', [
      org(2, 'S-1-5', 'grid', 'S-1'),
      org(3, 'S-1-5', 'grid', 'S-1'),
      org(4, 'T', 'street', 'S'),
      org(5, 'S-1-6', 'grid'),
      org(6, 'S-1-7', 'grid', 'S-2'),
      org(7, 'S-9-1', 'grid', 'S-9'),
      org(8, 'S-1-8', 'community', 'S-1'),
      org(9, 'S-1-9', 'building', 'S-1', '九', 'urban'),
      org(10, 'S-1-1', 'building', 'S-1'),
      org(11, 'S-3', 'community', 'S'),
    ], { nodes: [...NODES, node('S-3', 'community', '三社区', { parentId: 'X' })] }));
    expect(errors).toEqual([
      { row: 3, column: '编号', message: '编号“S-1-5”与第 2 行重复' },
      { row: 4, column: '上级编号', message: '街道是最上级，不需要填写上级编号' },
      { row: 5, column: '上级编号', message: '请填写上级编号（网格的上级是社区）' },
      { row: 6, column: '编号', message: '编号“S-1-7”应为上级编号加“-”和本级序号（字母或数字），如“S-2-01”（统一编号规则）' },
      { row: 7, column: '上级编号', message: '上级编号“S-9”不存在：请先导入上级节点，或把它加入本文件' },
      { row: 8, column: '层级', message: '层级应为“网格”：上级“S-1”是社区' },
      { row: 9, column: '层级', message: '层级应为“网格”：上级“S-1”是社区' },
      { row: 9, column: '网格类型', message: '只有网格可以填写网格类型，其他层级请留空' },
      { row: 10, column: '层级', message: '层级应为“网格”：上级“S-1”是社区' },
      { row: 10, column: '层级', message: '“S-1-1”已是网格，不能改为楼栋' },
      { row: 11, column: '上级编号', message: '“S-3”已存在，上级是“X”；导入不能移动节点' },
    ]);
  });

  it('a street row of an existing street with a parent shows 无; the unit has no lower level', () => {
    const errors = errorsOf(settle('orgUnits', [org(2, 'S-1-1-1-2-1', 'unit', 'S-1-1-1-2')], { nodes: NODES }));
    expect(errors).toEqual([{ row: 2, column: '层级', message: '上级“S-1-1-1-2”是单元，其下不能再建下级节点' }]);
    const moved = errorsOf(settle('orgUnits', [org(2, 'S-1', 'community', 'S')], { nodes: [node('S', 'street'), node('S-1', 'community', 'c', { parentId: null })] }));
    expect(moved).toEqual([{ row: 2, column: '上级编号', message: '“S-1”已存在，上级是“无”；导入不能移动节点' }]);
  });

  it('a parent whose row failed the schema is not reported again as missing', () => {
    const step = settle('orgUnits', [org(2, 'S-1-9', 'grid', 'S-1-Z')], { nodes: NODES }, 'S', new Set(['S-1-Z']));
    expect(errorsOf(step)).toEqual([{ row: 2, column: '编号', message: '编号“S-1-9”应为上级编号加“-”和本级序号（字母或数字），如“S-1-Z-01”（统一编号规则）' }]);
    const ok = settle('orgUnits', [org(2, 'S-1-Z-1', 'building', 'S-1-Z')], { nodes: NODES }, 'S', new Set(['S-1-Z']));
    // no level error from the broken parent, but no path either: nothing to write.
    expect(planOf(ok).counts).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(planOf(ok).writes).toEqual([]);
  });

  it('scope is checked with the scope name, or the bare id when the scope node is unknown', () => {
    expect(errorsOf(settle('orgUnits', [org(2, 'S-1-4', 'grid', 'S-1')], { nodes: NODES }, 'S-2'))).toEqual([
      { row: 2, column: '编号', message: '“S-1-4”不在您管理的二社区（S-2）范围内' },
    ]);
    expect(errorsOf(settle('orgUnits', [org(2, 'S-1-4', 'grid', 'S-1')], { nodes: NODES }, 'Q'))).toEqual([
      { row: 2, column: '编号', message: '“S-1-4”不在您管理的Q范围内' },
    ]);
    expect(planOf(settle('orgUnits', [org(2, 'S-1-4', 'grid', 'S-1')], { nodes: NODES }, 'S-1')).counts.created).toBe(1);
  });

  it('patches changed nodes, counts unchanged ones, and relabels the households and residents of renamed units', () => {
    const h1 = hh('S-1-1-1-2', '101');
    const h2 = hh('S-1-1-1-2', '102', { label: '4栋3单元102' });
    const u1 = resident('o1', h1);
    const step = settle('orgUnits', [
      org(2, 'S-1-1', 'grid', 'S-1', '一网格', 'urban'),
      org(3, 'S-1-2', 'grid', 'S-1', '二网格'),
      org(4, 'S-1-1-1-2', 'unit', 'S-1-1-1', '3单元'),
    ], { nodes: NODES, households: [h1, h2], users: [u1] });
    const p = planOf(step);
    expect(p.counts).toEqual({ created: 0, updated: 2, unchanged: 1 });
    expect(p.related).toEqual({ households: { created: 0, updated: 2 }, users: { created: 0, updated: 1 } });
    expect(writesOf(step, 'orgNodes')).toEqual({ create: [], patch: [
      { ids: ['S-1-1'], set: { gridType: 'urban' }, unset: [] },
      { ids: ['S-1-1-1-2'], set: { name: '3单元' }, unset: [] },
    ] });
    expect(writesOf(step, 'households')!.patch).toEqual([
      { ids: [h1._id], set: { label: '3栋3单元101' }, unset: [] },
      { ids: [h2._id], set: { label: '3栋3单元102' }, unset: [] },
    ]);
    expect(writesOf(step, 'users')!.patch).toEqual([{ ids: ['o1'], set: { 'household.label': '3栋3单元101' }, unset: [] }]);
  });

  it('renaming a building relabels the households of its units (not other children); clearing gridType unsets it', () => {
    const nodes = [...NODES.filter((n) => n._id !== 'S-1-1'), node('S-1-1', 'grid', '一网格', { gridType: 'rural' }), node('S-1-1-1-9', 'unit', '9单元')];
    const h1 = hh('S-1-1-1-2', '101');
    const h9 = hh('S-1-1-1-9', '901', { label: '4栋9单元901' });
    const same = hh('S-1-1-1-2', '102', { label: '4栋2单元102' });
    const step = settle('orgUnits', [org(2, 'S-1-1-1', 'building', 'S-1-1', '4栋'), org(3, 'S-1-1', 'grid', 'S-1', '一网格')], { nodes, households: [h1, h9, same] });
    expect(writesOf(step, 'orgNodes')!.patch).toEqual([
      { ids: ['S-1-1-1'], set: { name: '4栋' }, unset: [] },
      { ids: ['S-1-1'], set: {}, unset: ['gridType'] },
    ]);
    expect(writesOf(step, 'households')!.patch).toEqual([{ ids: [h1._id], set: { label: '4栋2单元101' }, unset: [] }]);
    expect(planOf(step).related).toEqual({ households: { created: 0, updated: 1 } });
  });

  it('a new unit and building in the file give labels from the file names', () => {
    const nodes = [...NODES, node('S-1-1-5', 'building', '5栋'), node('S-1-1-5-1', 'unit', '1单元')];
    const h = hh('S-1-1-5-1', '101', { label: 'old' });
    const step = settle('orgUnits', [org(2, 'S-1-1-5', 'building', 'S-1-1', '6栋'), org(3, 'S-1-1-5-1', 'unit', 'S-1-1-5', '2单元')], { nodes, households: [h] });
    expect(writesOf(step, 'households')!.patch).toEqual([{ ids: [h._id], set: { label: '6栋2单元101' }, unset: [] }]);
  });
});

// ---------------------------------------------------------------- households

describe('planImport households', () => {
  const U = 'S-1-1-1-2';
  const row = (r: number, room: string, extra: Record<string, unknown> = {}) => ({ row: r, code: `${U}-0${room}`, unitCode: U, room, ...extra });

  it('creates households with the location from the unit and the label from building and unit names', () => {
    const step = settle('households', [row(2, '301', { members: 3, tags: [], cadreCode: 'c1' })], { nodes: NODES, people: [cadre('c1')] });
    expect(planOf(step)).toEqual({
      kind: 'households', primary: 'households', counts: { created: 1, updated: 0, unchanged: 0 }, related: {},
      writes: [{ collection: 'households', writes: { create: [{
        _id: `${U}-0301`, streetId: 'S', communityId: 'S-1', gridId: 'S-1-1', buildingId: 'S-1-1-1', unitId: U, room: '301',
        label: '3栋2单元301', members: 3, cadreId: 'c1',
      }], patch: [] } }],
    });
  });

  it('reports duplicates, doubled rooms, bad codes and units with exact messages', () => {
    const nodes = [...NODES, node('S-1-1-7', 'unit', '歪单元'), { ...node('S-1-1-1-3', 'unit', '3单元'), path: ['S', 'S-1', 'S-1-1', 'S-1-1-X'] }];
    const errors = errorsOf(settle('households', [
      row(2, '101'),
      row(3, '101'),
      { row: 4, code: `${U}-101`, unitCode: U, room: '0101' },
      { row: 5, code: `${U}-0201`, unitCode: U, room: '201' },
      { row: 6, code: 'S-1-1-0101', unitCode: 'S-1-1', room: '101' },
      { row: 7, code: 'S-1-1-7-0101', unitCode: 'S-1-1-7', room: '101' },
      { row: 8, code: 'S-1-1-1-3-0101', unitCode: 'S-1-1-1-3', room: '101' },
      { row: 9, code: 'S-1-1-1-8-0101', unitCode: 'S-1-1-1-8', room: '101' },
      { row: 10, code: 'S-1-1-1-2-0202x', unitCode: U, room: '202', extra: 1 },
      { row: 11, code: 'S-1-1-1-2-0203', unitCode: U, room: '202' },
    ], { nodes, households: [hh(U, '201', { _id: `${U}-0201` }), hh(U, '202', { _id: `${U}-0202` })] }));
    expect(errors).toEqual([
      { row: 3, column: '编号', message: `住户编号“${U}-0101”与第 2 行重复` },
      { row: 4, column: '房号', message: `房号“0101”与第 2 行（${U}-0101）是同一户` },
      { row: 11, column: '房号', message: '房号“202”与第 10 行（S-1-1-1-2-0202x）是同一户' },
      { row: 6, column: '单元编号', message: '“S-1-1”是网格，请填写单元的编号' },
      { row: 7, column: '单元编号', message: '单元“S-1-1-7”的上级结构不完整，请检查组织架构' },
      { row: 8, column: '单元编号', message: '单元“S-1-1-1-3”的楼栋“S-1-1-X”不存在，请检查组织架构' },
      { row: 9, column: '单元编号', message: '单元“S-1-1-1-8”不存在，请先在“组织架构”中导入' },
      { row: 10, column: '房号', message: `该单元已有 202 室（编号“${U}-0202”），同一房号不能登记两户` },
      { row: 11, column: '房号', message: `该单元已有 202 室（编号“${U}-0202”），同一房号不能登记两户` },
    ]);
  });

  it('a code that is not a child of the unit is refused with the pattern example', () => {
    const errors = errorsOf(settle('households', [{ row: 2, code: 'S-1-1-1-2-03_1', unitCode: U, room: '301' }, { row: 3, code: 'X-0302', unitCode: U, room: '302' }], { nodes: NODES }));
    expect(errors).toEqual([
      { row: 2, column: '编号', message: `住户编号应为所在单元编号加“-”和房屋序号（字母或数字），如“${U}-0301”（统一编号规则）` },
      { row: 3, column: '编号', message: `住户编号应为所在单元编号加“-”和房屋序号（字母或数字），如“${U}-0301”（统一编号规则）` },
    ]);
  });

  it('refuses units out of scope and cadres that are missing, not cadres, or of another grid', () => {
    expect(errorsOf(settle('households', [row(2, '301')], { nodes: NODES }, 'S-2'))).toEqual([
      { row: 2, column: '单元编号', message: `单元“${U}”不在您管理的二社区（S-2）范围内` },
    ]);
    expect(planOf(settle('households', [row(2, '301')], { nodes: NODES }, U)).counts.created).toBe(1);
    const errors = errorsOf(settle('households', [
      row(2, '301', { cadreCode: 'nobody' }),
      row(3, '302', { cadreCode: 'w1' }),
      row(4, '303', { cadreCode: 'c2' }),
      row(5, '304', { cadreCode: 'c3' }),
    ], { nodes: NODES, people: [{ ...cadre('w1'), name: '', roles: [{ role: 'gridWorker', nodeId: 'S-1-1' }] }, cadre('c2', 'S-1-2'), cadre('c3', 'S-1-1', { gridId: undefined })] }));
    expect(errors).toEqual([
      { row: 2, column: '包保干部编号', message: '包保干部“nobody”不存在，请先导入包保干部' },
      { row: 3, column: '包保干部编号', message: '“w1”不是包保干部' },
      { row: 4, column: '包保干部编号', message: '包保干部“c2”（干部c2）属于网格“S-1-2”，不能包保网格“S-1-1”的住户' },
      { row: 5, column: '包保干部编号', message: '包保干部“c3”（干部c3）属于网格“未设置”，不能包保网格“S-1-1”的住户' },
    ]);
  });

  it('updates owned fields, keeps the cadre when the column is empty, and syncs residents', () => {
    const a = hh(U, '301', { members: 2, tags: ['低保'], cadreId: 'c1' });
    const b = hh(U, '302', { members: 2, cadreId: 'c1' });
    const c = hh(U, '303', { label: '3栋2单元303', tags: [] });
    const d = hh(U, '304', { label: 'old', cadreId: 'c1' });
    const users = [resident('oa', a), resident('od', d), { ...resident('od2', d), household: { ...resident('od2', d).household!, label: '3栋2单元304' } }];
    const step = settle('households', [
      row(2, '301', { members: 3, tags: ['低保'] }),
      row(3, '302', { members: 2 }),
      row(4, '303', { cadreCode: 'c1' }),
      row(5, '304', { members: undefined, cadreCode: undefined }),
    ], { nodes: NODES, households: [a, b, c, d], people: [cadre('c1')], users });
    const p = planOf(step);
    expect(p.counts).toEqual({ created: 0, updated: 3, unchanged: 1 });
    expect(writesOf(step, 'households')!.patch).toEqual([
      { ids: [a._id], set: { members: 3 }, unset: [] },
      { ids: [c._id], set: { cadreId: 'c1' }, unset: [] },
      { ids: [d._id], set: { label: '3栋2单元304' }, unset: [] },
    ]);
    expect(writesOf(step, 'users')!.patch).toEqual([{ ids: ['od'], set: { 'household.label': '3栋2单元304' }, unset: [] }]);
    expect(p.related).toEqual({ users: { created: 0, updated: 1 } });
  });

  it('removing tags and members unsets them; a resident without a household copy gets every field', () => {
    const a = hh(U, '301', { members: 2, tags: ['低保'] });
    const u: UserDoc = { _id: 'oa', roles: [], householdId: a._id, createdAt: NOW, updatedAt: NOW };
    const step = settle('households', [row(2, '301', { tags: [] })], { nodes: NODES, households: [a], users: [u] });
    expect(writesOf(step, 'households')!.patch).toEqual([{ ids: [a._id], set: {}, unset: ['members', 'tags'] }]);
    expect(writesOf(step, 'users')!.patch).toEqual([{ ids: ['oa'], set: {
      'household.streetId': 'S', 'household.communityId': 'S-1', 'household.gridId': 'S-1-1', 'household.buildingId': 'S-1-1-1',
      'household.unitId': U, 'household.label': '3栋2单元301',
    }, unset: [] }]);
  });
});

describe('planImport households: sensitive tags need a consent note (as on the admin page)', () => {
  const U = 'S-1-1-1-2';
  const row = (r: number, room: string, extra: Record<string, unknown> = {}) => ({ row: r, code: `${U}-0${room}`, unitCode: U, room, ...extra });
  const note = { consentBy: '王秀英', consentAt: '2026-02-20', consentPurpose: '关怀走访' };
  const stored = { by: '王秀英', at: '2026-02-20', purpose: '关怀走访', recordedBy: '赵管理', recordedAt: new Date('2026-02-21T00:00:00Z') };
  const as = { recordedBy: '钱管理' };

  it('a sensitive tag the household does not have yet is refused without the note; a partial note names the missing column', () => {
    const had = hh(U, '302', { tags: ['低保'], tagConsent: stored });
    const errors = errorsOf(settle('households', [
      row(2, '301', { tags: ['独居老人', '低保'] }),
      row(3, '302', { tags: ['低保', '残疾'] }),
      row(4, '303', { tags: ['特困'], consentBy: '王秀英', consentPurpose: '精准帮扶' }),
      row(5, '304', { tags: ['特困'], consentAt: '2026-02-20' }),
    ], { nodes: NODES, households: [had] }, 'S', undefined, as));
    expect(errors).toEqual([
      { row: 2, column: '标签同意人', message: '录入“独居老人、低保”等敏感标签，须取得本人（或监护人）同意，并填写“标签同意人”“标签同意日期”和“标签用途”' },
      { row: 3, column: '标签同意人', message: '录入“残疾”等敏感标签，须取得本人（或监护人）同意，并填写“标签同意人”“标签同意日期”和“标签用途”' },
      { row: 4, column: '标签同意日期', message: '请填写“标签同意日期”：同意记录须同时有“标签同意人”“标签同意日期”和“标签用途”' },
      { row: 5, column: '标签同意人', message: '请填写“标签同意人”：同意记录须同时有“标签同意人”“标签同意日期”和“标签用途”' },
    ]);
  });

  it('with the note: stored with who recorded it and when, and each change listed for the audit log', () => {
    const had = hh(U, '302', { tags: ['低保'], tagConsent: stored });
    const step = settle('households', [row(2, '301', { tags: ['独居老人'], ...note }), row(3, '302', { tags: ['低保', '残疾'], ...note, consentPurpose: '残疾人帮扶' })], { nodes: NODES, households: [had] }, 'S', undefined, as);
    const p = planOf(step);
    expect(p.counts).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(writesOf(step, 'households')!.create[0]).toMatchObject({ tags: ['独居老人'], tagConsent: { by: '王秀英', at: '2026-02-20', purpose: '关怀走访', recordedBy: '钱管理', recordedAt: NOW } });
    expect(writesOf(step, 'households')!.patch).toEqual([{
      ids: [had._id], unset: [],
      set: { tags: ['低保', '残疾'], tagConsent: { by: '王秀英', at: '2026-02-20', purpose: '残疾人帮扶', recordedBy: '钱管理', recordedAt: NOW } },
    }]);
    expect(p.tagChanges).toEqual([
      { householdId: `${U}-0301`, scopeNodeId: 'S-1', before: [], after: ['独居老人'], consent: { by: '王秀英', at: '2026-02-20', purpose: '关怀走访' } },
      { householdId: had._id, scopeNodeId: 'S-1', before: ['低保'], after: ['低保', '残疾'], consent: { by: '王秀英', at: '2026-02-20', purpose: '残疾人帮扶' } },
    ]);
  });

  it('the same tags, with or without the same note, change nothing and log nothing (re-import, resumed job)', () => {
    const had = hh(U, '302', { tags: ['低保', '残疾'], tagConsent: stored });
    const legacy = hh(U, '303', { tags: ['特困'] }); // tagged before consent notes existed
    const step = settle('households', [row(2, '302', { tags: ['低保', '残疾'], ...note }), row(3, '303', { tags: ['特困'] })], { nodes: NODES, households: [had, legacy] }, 'S', undefined, as);
    const p = planOf(step);
    expect(p.counts).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(p.writes).toEqual([]);
    expect(p.tagChanges).toBeUndefined();
    // Dropping one of two sensitive tags keeps the note; no note is asked for.
    const less = settle('households', [row(2, '302', { tags: ['低保'] })], { nodes: NODES, households: [had] });
    expect(writesOf(less, 'households')!.patch).toEqual([{ ids: [had._id], set: { tags: ['低保'] }, unset: [] }]);
    expect(planOf(less).tagChanges).toEqual([{ householdId: had._id, scopeNodeId: 'S-1', before: ['低保', '残疾'], after: ['低保'], consent: { by: '王秀英', at: '2026-02-20', purpose: '关怀走访' } }]);
  });

  it('the last sensitive tag removed takes the note with it (logged); a note on a row without sensitive tags is not recorded', () => {
    const had = hh(U, '302', { tags: ['低保'], tagConsent: stored });
    const step = settle('households', [row(2, '302', { tags: [] }), row(3, '301', { tags: [], ...note })], { nodes: NODES, households: [had] }, 'S', undefined, as);
    expect(writesOf(step, 'households')).toEqual({
      create: [expect.not.objectContaining({ tagConsent: expect.anything() })],
      patch: [{ ids: [had._id], set: {}, unset: ['tags', 'tagConsent'] }],
    });
    expect(planOf(step).tagChanges).toEqual([{ householdId: had._id, scopeNodeId: 'S-1', before: ['低保'], after: [], consent: null }]);
  });
});

// ---------------------------------------------------------------- cadres

describe('planImport cadres', () => {
  const row = (r: number, code: string, extra: Record<string, unknown> = {}) => ({
    row: r, code, name: '张三', phone: '13900000000', workUnit: '民政局', title: '科员', gridCode: 'S-1-1', ...extra,
  });

  it('creates people with the cadre grant, grid and community, and issues their cards', () => {
    const step = settle('cadres', [row(2, 'p1', { cardCode: 'K1', backupCode: 'p2', workGroupCode: 'W1' }), row(3, 'p2')], { nodes: NODES });
    const p = planOf(step);
    expect(p.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(p.related).toEqual({ cards: { created: 1, updated: 0 } });
    expect(writesOf(step, 'people')!.create).toEqual([
      { _id: 'p1', name: '张三', phone: '13900000000', workUnit: '民政局', title: '科员', roles: [{ role: 'cadre', nodeId: 'S-1-1' }], gridId: 'S-1-1', communityId: 'S-1', backupId: 'p2', workGroupId: 'W1', cardCode: 'K1' },
      { _id: 'p2', name: '张三', phone: '13900000000', workUnit: '民政局', title: '科员', roles: [{ role: 'cadre', nodeId: 'S-1-1' }], gridId: 'S-1-1', communityId: 'S-1' },
    ]);
    expect(writesOf(step, 'cards')).toEqual({ create: [{ _id: 'K1', personId: 'p1', status: 'active', issuedAt: NOW }], patch: [] });
  });

  it('reports every per-row error with its exact message', () => {
    const people = [
      cadre('other', 'S-2-1', { name: '李四' }),
      { ...cadre('w1'), name: '王五', roles: [{ role: 'gridWorker' as const, nodeId: 'S-1-1' }] },
      cadre('c1'),
    ];
    const cards: CardDoc[] = [{ _id: 'KX', personId: 'c1', status: 'active', issuedAt: NOW }, { _id: 'KR', personId: 'p7', status: 'revoked', issuedAt: NOW }];
    const errors = errorsOf(settle('cadres', [
      row(2, 'p1', { cardCode: 'K1' }),
      row(3, 'p1'),
      row(4, 'p2', { cardCode: 'K1' }),
      row(5, 'p3', { gridCode: 'S-9' }),
      row(6, 'p4', { gridCode: 'S-1' }),
      row(7, 'p5', { gridCode: 'S-2-1' }),
      row(8, 'other', { gridCode: 'S-1-1' }),
      row(9, 'p6', { backupCode: 'p6' }),
      row(10, 'p7', { backupCode: 'ghost', cardCode: 'KR' }),
      row(11, 'p8', { backupCode: 'w1', cardCode: 'KX' }),
    ], { nodes: NODES, people, cards }, 'S-1'));
    expect(errors).toEqual([
      { row: 3, column: '编号', message: '人员编号“p1”与第 2 行重复' },
      { row: 4, column: '联系卡编号', message: '联系卡编号“K1”与第 2 行重复' },
      { row: 5, column: '所属网格编号', message: '网格“S-9”不存在，请先在“组织架构”中导入' },
      { row: 6, column: '所属网格编号', message: '“S-1”是社区，请填写网格的编号' },
      { row: 7, column: '所属网格编号', message: '网格“S-2-1”不在您管理的一社区（S-1）范围内' },
      { row: 8, column: '编号', message: '人员“other”（李四）属于其他辖区（S-2-1），不能在此修改' },
      { row: 9, column: 'B角编号', message: '不能把本人设为自己的B角' },
      { row: 10, column: 'B角编号', message: 'B角“ghost”不存在：请先导入，或把他加入本文件' },
      { row: 10, column: '联系卡编号', message: '联系卡编号“KR”已作废，请换一个新编号' },
      { row: 11, column: 'B角编号', message: 'B角“w1”（王五）不是包保干部' },
      { row: 11, column: '联系卡编号', message: '联系卡编号“KX”已被人员“c1”使用，请换一个编号' },
    ]);
  });

  it('a person whose home is only a community, out of scope, is also refused; a backup in the file or broken is fine', () => {
    const people = [{ ...cadre('x', 'S-2-1'), gridId: undefined, communityId: 'S-2', name: '' }];
    expect(errorsOf(settle('cadres', [row(2, 'x')], { nodes: NODES, people }, 'S-1'))).toEqual([
      { row: 2, column: '编号', message: '人员“x”属于其他辖区（S-2），不能在此修改' },
    ]);
    const ok = settle('cadres', [row(2, 'p1', { backupCode: 'p2' }), row(3, 'p3', { backupCode: 'bad' }), row(4, 'p2')], { nodes: NODES }, 'S-1', new Set(['bad']));
    expect(planOf(ok).counts.created).toBe(3);
    // the old home inside scope, moving grids: allowed.
    const moved = settle('cadres', [row(2, 'c1', { gridCode: 'S-1-2' })], { nodes: NODES, people: [cadre('c1')] }, 'S-1');
    expect(writesOf(moved, 'people')!.patch).toEqual([{ ids: ['c1'], set: { name: '张三', phone: '13900000000', gridId: 'S-1-2', roles: [{ role: 'cadre', nodeId: 'S-1-2' }] }, unset: [] }]);
  });

  it('updates people, keeps other grants and the card when the column is empty, and copies roles and names to the user', () => {
    const existing = cadre('c1', 'S-1-1', {
      name: '张三', phone: '13900000000', openid: 'oc1', cardCode: 'K0',
      roles: [{ role: 'gridWorker', nodeId: 'S-1-2' }, { role: 'cadre', nodeId: 'S-1-2' }],
    } as any);
    const user: UserDoc = { _id: 'oc1', roles: existing.roles, person: { id: 'c1', name: '张三', title: '科员', workUnit: '民政局' }, createdAt: NOW, updatedAt: NOW };
    const same = cadre('c2', 'S-1-1', { name: '张三', phone: '13900000000', cardCode: 'K2' });
    const step = settle('cadres', [row(2, 'c1', { title: '科长' }), row(3, 'c2')], { nodes: NODES, people: [existing, same], users: [user] });
    const p = planOf(step);
    expect(p.counts).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const roles = [{ role: 'gridWorker', nodeId: 'S-1-2' }, { role: 'cadre', nodeId: 'S-1-1' }];
    expect(writesOf(step, 'people')!.patch).toEqual([{ ids: ['c1'], set: { title: '科长', roles }, unset: [] }]);
    expect(writesOf(step, 'users')!.patch).toEqual([{ ids: ['oc1'], set: { roles, person: { id: 'c1', name: '张三', title: '科长', workUnit: '民政局' } }, unset: [] }]);
    expect(p.related).toEqual({ users: { created: 0, updated: 1 } });
  });

  it('a user without a person copy gets only roles; a user already up to date is not patched', () => {
    const a = cadre('c1', 'S-1-1', { name: '张三', phone: '13900000000', openid: 'oa', title: '旧' } as any);
    const b = cadre('c2', 'S-1-1', { name: '张三', phone: '13900000000', openid: 'ob', title: '旧' } as any);
    const ua: UserDoc = { _id: 'oa', roles: [], createdAt: NOW, updatedAt: NOW };
    const ub: UserDoc = { _id: 'ob', roles: b.roles, person: { id: 'c2', name: '张三', title: '科员', workUnit: '民政局' }, createdAt: NOW, updatedAt: NOW };
    const step = settle('cadres', [row(2, 'c1'), row(3, 'c2')], { nodes: NODES, people: [a, b], users: [ua, ub] });
    expect(writesOf(step, 'people')!.patch).toEqual([{ ids: ['c1', 'c2'], set: { title: '科员' }, unset: [] }]);
    expect(writesOf(step, 'users')!.patch).toEqual([{ ids: ['oa'], set: { roles: [{ role: 'cadre', nodeId: 'S-1-1' }] }, unset: [] }]);
  });

  it('a new card replaces the old one, which is revoked and points to it', () => {
    const existing = cadre('c1', 'S-1-1', { name: '张三', phone: '13900000000', cardCode: 'K0' });
    const cards: CardDoc[] = [{ _id: 'K0', personId: 'c1', status: 'active', issuedAt: NOW }, { _id: 'K9', personId: 'c1', status: 'active', issuedAt: NOW }];
    const step = settle('cadres', [row(2, 'c1', { cardCode: 'K1' })], { nodes: NODES, people: [existing], cards });
    expect(writesOf(step, 'people')!.patch).toEqual([{ ids: ['c1'], set: { cardCode: 'K1' }, unset: [] }]);
    expect(writesOf(step, 'cards')).toEqual({
      create: [{ _id: 'K1', personId: 'c1', status: 'active', issuedAt: NOW }],
      patch: [{ ids: ['K0'], set: { status: 'revoked', replacedBy: 'K1' }, unset: [] }],
    });
    expect(planOf(step).related).toEqual({ cards: { created: 1, updated: 1 } });
    // re-using one's own active card: nothing to issue; an old card already revoked is left alone.
    const again = settle('cadres', [row(2, 'c1', { cardCode: 'K9' })], { nodes: NODES, people: [{ ...existing, cardCode: 'K8' }], cards: [...cards, { _id: 'K8', personId: 'c1', status: 'revoked', issuedAt: NOW }] });
    expect(writesOf(again, 'cards')).toBeUndefined();
    expect(writesOf(again, 'people')!.patch).toEqual([{ ids: ['c1'], set: { cardCode: 'K9' }, unset: [] }]);
    // someone else's old card is not revoked.
    const foreign = settle('cadres', [row(2, 'c1', { cardCode: 'K1' })], { nodes: NODES, people: [existing], cards: [{ _id: 'K0', personId: 'zz', status: 'active', issuedAt: NOW }] });
    expect(writesOf(foreign, 'cards')).toEqual({ create: [{ _id: 'K1', personId: 'c1', status: 'active', issuedAt: NOW }], patch: [] });
  });

  it('moving people between work groups rewrites the member lists of existing groups', () => {
    const g = (id: string, memberIds: string[]): WorkGroup => ({ _id: id, name: id, communityId: 'S-1', leaderId: 'x', deputyIds: [], areaNodeIds: [], memberIds, createdAt: NOW, updatedAt: NOW });
    const people = [
      cadre('a', 'S-1-1', { name: '张三', phone: '13900000000', workGroupId: 'W1' }),
      cadre('b', 'S-1-1', { name: '张三', phone: '13900000000', workGroupId: 'W1' }),
      cadre('c', 'S-1-1', { name: '张三', phone: '13900000000', workGroupId: 'W2' }),
    ];
    const step = settle('cadres', [row(2, 'a', { workGroupCode: 'W2' }), row(3, 'n'), row(4, 'm', { workGroupCode: 'W3' }), row(5, 'c', { workGroupCode: 'W2' })], {
      nodes: NODES, people, workGroups: [g('W1', ['a', 'b']), g('W2', ['c'])],
    });
    const p = planOf(step);
    expect(p.counts).toEqual({ created: 2, updated: 1, unchanged: 1 });
    expect(writesOf(step, 'workGroups')!.patch).toEqual([
      { ids: ['W1'], set: { memberIds: ['b'], updatedAt: NOW }, unset: [] },
      { ids: ['W2'], set: { memberIds: ['a', 'c'], updatedAt: NOW }, unset: [] },
    ]);
    expect(p.related).toEqual({ workGroups: { created: 0, updated: 2 } });
    // leaving a group with stored members already right: no group write
    const noop = settle('cadres', [row(2, 'a', { workGroupCode: 'W1' })], { nodes: NODES, people, workGroups: [g('W1', ['a', 'b'])] });
    expect(writesOf(noop, 'workGroups')).toBeUndefined();
    const left = settle('cadres', [row(2, 'a')], { nodes: NODES, people, workGroups: [g('W1', ['a', 'b'])] });
    expect(writesOf(left, 'people')!.patch).toEqual([{ ids: ['a'], set: {}, unset: ['workGroupId'] }]);
    expect(writesOf(left, 'workGroups')!.patch).toEqual([{ ids: ['W1'], set: { memberIds: ['b'], updatedAt: NOW }, unset: [] }]);
  });
});

// ---------------------------------------------------------------- assignments

describe('planImport assignments', () => {
  const U = 'S-1-1-1-2';

  it('sets and clears the cadre, counts unchanged rows and syncs residents', () => {
    const a = hh(U, '101');
    const b = hh(U, '102', { cadreId: 'c1' });
    const c = hh(U, '103', { cadreId: 'c1' });
    const step = settle('assignments', [
      { row: 2, householdCode: a._id, cadreCode: 'c1' },
      { row: 3, householdCode: b._id },
      { row: 4, householdCode: c._id, cadreCode: 'c1' },
    ], { nodes: NODES, households: [a, b, c], people: [cadre('c1')], users: [resident('ua', a), resident('ub', b)] });
    const p = planOf(step);
    expect(p).toMatchObject({ kind: 'assignments', primary: 'households', counts: { created: 0, updated: 2, unchanged: 1 } });
    expect(writesOf(step, 'households')).toEqual({ create: [], patch: [
      { ids: [a._id], set: { cadreId: 'c1' }, unset: [] },
      { ids: [b._id], set: {}, unset: ['cadreId'] },
    ] });
    expect(writesOf(step, 'users')!.patch).toEqual([
      { ids: ['ua'], set: { 'household.cadreId': 'c1' }, unset: [] },
      { ids: ['ub'], set: {}, unset: ['household.cadreId'] },
    ]);
    expect(p.related).toEqual({ users: { created: 0, updated: 2 } });
  });

  it('reports duplicates, missing households, scope and cadre problems with exact messages', () => {
    const a = hh(U, '101');
    const o = { ...hh('S-2-1-1-1', '101'), label: '外楼101' };
    const errors = errorsOf(settle('assignments', [
      { row: 2, householdCode: a._id, cadreCode: 'c2' },
      { row: 3, householdCode: a._id },
      { row: 4, householdCode: 'nope' },
      { row: 5, householdCode: o._id },
    ], { nodes: NODES, households: [a, o], people: [cadre('c2', 'S-1-2')] }, 'S-1'));
    expect(errors).toEqual([
      { row: 3, column: '住户编号', message: `住户“${a._id}”与第 2 行重复` },
      { row: 2, column: '包保干部编号', message: '包保干部“c2”（干部c2）属于网格“S-1-2”，不能包保网格“S-1-1”的住户“3栋2单元101”' },
      { row: 4, column: '住户编号', message: '住户“nope”不存在，请先导入住户' },
      { row: 5, column: '住户编号', message: `住户“${o._id}”不在您管理的一社区（S-1）范围内` },
    ]);
  });
});

// ---------------------------------------------------------------- workGroups

describe('planImport workGroups', () => {
  const row = (r: number, code: string, extra: Record<string, unknown> = {}) => ({
    row: r, code, name: '一组', communityCode: 'S-1', leaderCode: 'c1', deputyCodes: [], areaCodes: [], ...extra,
  });
  const people = [cadre('c1'), cadre('c2'), cadre('c3', 'S-1-1', { workGroupId: 'W1' }), cadre('c4', 'S-1-1', { workGroupId: 'W1' })];

  it('creates groups with the current members, sorted, and stamps both dates', () => {
    const step = settle('workGroups', [row(2, 'W1', { deputyCodes: ['c2'], areaCodes: ['S-1-1', 'S-1-1-1'] })], { nodes: NODES, people: [...people].reverse() });
    expect(planOf(step)).toEqual({
      kind: 'workGroups', primary: 'workGroups', counts: { created: 1, updated: 0, unchanged: 0 }, related: {},
      writes: [{ collection: 'workGroups', writes: { create: [{
        _id: 'W1', name: '一组', communityId: 'S-1', leaderId: 'c1', deputyIds: ['c2'], areaNodeIds: ['S-1-1', 'S-1-1-1'], memberIds: ['c3', 'c4'], createdAt: NOW, updatedAt: NOW,
      }], patch: [] } }],
    });
  });

  it('patches changed groups with updatedAt, counts unchanged ones', () => {
    const g = (id: string, extra: Partial<WorkGroup> = {}): WorkGroup => ({ _id: id, name: '一组', communityId: 'S-1', leaderId: 'c1', deputyIds: [], areaNodeIds: [], memberIds: [], createdAt: NOW, updatedAt: NOW, ...extra });
    const step = settle('workGroups', [row(2, 'W1'), row(3, 'W2', { name: '二组' })], { nodes: NODES, people, workGroups: [g('W1', { memberIds: ['c3', 'c4'] }), g('W2')] });
    expect(planOf(step).counts).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(writesOf(step, 'workGroups')!.patch).toEqual([{ ids: ['W2'], set: { name: '二组', updatedAt: NOW }, unset: [] }]);
  });

  it('reports every per-row error with its exact message', () => {
    const nodes = [...NODES, node('S-1-1-1-2-9', 'household' as any)];
    const errors = errorsOf(settle('workGroups', [
      row(2, 'W1'),
      row(3, 'W1'),
      row(4, 'W2', { communityCode: 'S-7' }),
      row(5, 'W3', { communityCode: 'S-1-1' }),
      row(6, 'W4', { communityCode: 'S-2' }),
      row(7, 'W5', { leaderCode: 'ghost' }),
      row(8, 'W6', { deputyCodes: ['c1', 'ghost'] }),
      row(9, 'W7', { deputyCodes: ['c2', 'ghost', 'ghost2'] }),
      row(10, 'W8', { areaCodes: ['S-1-1', 'S-1-9', 'S-1-8'] }),
      row(11, 'W9', { areaCodes: ['S-1-1-1-2'] }),
      row(12, 'W10', { areaCodes: ['S-2-1'] }),
    ], { nodes, people }, 'S-1'));
    expect(errors).toEqual([
      { row: 3, column: '编号', message: '工作组编号“W1”与第 2 行重复' },
      { row: 4, column: '所属社区编号', message: '社区“S-7”不存在，请先在“组织架构”中导入' },
      { row: 5, column: '所属社区编号', message: '“S-1-1”是网格，请填写社区的编号' },
      { row: 6, column: '所属社区编号', message: '社区“S-2”不在您管理的一社区（S-1）范围内' },
      { row: 7, column: '组长编号', message: '组长“ghost”不存在，请先导入人员' },
      { row: 8, column: '副组长编号', message: '副组长“c1”与组长相同，请换一人' },
      { row: 9, column: '副组长编号', message: '副组长“ghost”不存在，请先导入人员' },
      { row: 10, column: '片区', message: '片区“S-1-9”不存在，请填写已导入的网格或楼栋编号' },
      { row: 11, column: '片区', message: '片区“S-1-1-1-2”是单元，只能填写网格或楼栋' },
      { row: 12, column: '片区', message: '片区“S-2-1”不属于社区“S-1”' },
    ]);
  });
});

// ---------------------------------------------------------------- edge cases (mutation survivors)

describe('planImport edge cases', () => {
  const cadreRow = (r: number, code: string, extra: Record<string, unknown> = {}) => ({
    row: r, code, name: '张三', phone: '13900000000', workUnit: '民政局', title: '科员', gridCode: 'S-1-1', ...extra,
  });
  const p = (id: string, extra: Partial<Person> = {}) => cadre(id, 'S-1-1', { name: '张三', phone: '13900000000', ...extra });
  const g = (id: string, memberIds: string[]): WorkGroup => ({ _id: id, name: id, communityId: 'S-1', leaderId: 'x', deputyIds: [], areaNodeIds: [], memberIds, createdAt: NOW, updatedAt: NOW });

  it('diff: nulls, array-likes and extra keys on either side', () => {
    expect(diff({ o: { x: 1 } }, { o: null }, ['o'])).toEqual({ set: { o: null }, unset: [] });
    expect(diff({ a: { 0: 'x' } }, { a: ['x'] }, ['a'])).toEqual({ set: { a: ['x'] }, unset: [] });
    expect(diff({ a: ['x'] }, { a: { 0: 'x' } }, ['a'])).toEqual({ set: { a: { 0: 'x' } }, unset: [] });
    expect(diff({ o: { x: 1 } }, { o: { x: 1, y: undefined } }, ['o'])).toBeNull();
    expect(diff({ o: { x: 1, y: 2 } }, { o: { x: 1 } }, ['o'])).toEqual({ set: { o: { x: 1 } }, unset: [] });
    expect(diff({ d: new Date(5) }, { d: '1970' }, ['d'])).toEqual({ set: { d: '1970' }, unset: [] });
    expect(isCadre({ roles: [{ role: 'cadre', nodeId: 'g' }, { role: 'gridWorker', nodeId: 'g' }] })).toBe(true);
  });

  it('sortErrors puts unknown columns first whatever the input order', () => {
    const e = (row: number, column: string) => ({ row, column, message: '' });
    for (const input of [[e(2, '手机号'), e(2, '姓名'), e(2, '')], [e(2, ''), e(2, '手机号'), e(2, '编号')], [e(2, '编号'), e(2, '')]]) {
      expect(sortErrors('cadres', input)[0]).toEqual(e(2, ''));
    }
  });

  it('a new street gets an empty path and no parent', () => {
    const step = settle('orgUnits', [{ row: 2, code: 'T', level: 'street', name: '新街道' }], { nodes: NODES }, 'T');
    expect(writesOf(step, 'orgNodes')!.create).toStrictEqual([{ _id: 'T', level: 'street', name: '新街道', parentId: null, path: [] }]);
  });

  it('unchanged unit and building names leave stale household labels alone', () => {
    const h = hh('S-1-1-1-2', '101', { label: 'stale' });
    const step = settle('orgUnits', [
      { row: 2, code: 'S-1-1-1', level: 'building', parentCode: 'S-1-1', name: '3栋' },
      { row: 3, code: 'S-1-1-1-2', level: 'unit', parentCode: 'S-1-1-1', name: '2单元' },
    ], { nodes: NODES, households: [h] });
    expect(planOf(step)).toEqual({ kind: 'orgUnits', primary: 'orgNodes', counts: { created: 0, updated: 0, unchanged: 2 }, writes: [], related: {} });
  });

  it('patches clearing different fields are not merged', () => {
    const U = 'S-1-1-1-2';
    const a = hh(U, '101', { members: 2 });
    const b = hh(U, '102', { tags: ['低保'] });
    const step = settle('households', [{ row: 2, code: a._id, unitCode: U, room: '101' }, { row: 3, code: b._id, unitCode: U, room: '102' }], { nodes: NODES, households: [a, b] });
    expect(writesOf(step, 'households')!.patch).toEqual([
      { ids: [a._id], set: {}, unset: ['members'] },
      { ids: [b._id], set: {}, unset: ['tags'] },
    ]);
  });

  it('created docs carry no undefined fields', () => {
    const step = settle('households', [{ row: 2, code: 'S-1-1-1-2-0301', unitCode: 'S-1-1-1-2', room: '301' }], { nodes: NODES });
    expect(writesOf(step, 'households')!.create).toStrictEqual([{
      _id: 'S-1-1-1-2-0301', streetId: 'S', communityId: 'S-1', gridId: 'S-1-1', buildingId: 'S-1-1-1', unitId: 'S-1-1-1-2', room: '301', label: '3栋2单元301',
    }]);
    const c = settle('cadres', [cadreRow(2, 'n1')], { nodes: NODES });
    expect(writesOf(c, 'people')!.create).toStrictEqual([{ _id: 'n1', name: '张三', phone: '13900000000', workUnit: '民政局', title: '科员', roles: [{ role: 'cadre', nodeId: 'S-1-1' }], gridId: 'S-1-1', communityId: 'S-1' }]);
  });

  it('the cadre grant is kept as it is when it already names the grid; two cadre grants collapse to one', () => {
    const kept = settle('cadres', [cadreRow(2, 'c1')], { nodes: NODES, people: [p('c1', { roles: [{ role: 'cadre', nodeId: 'S-1-1' }, { role: 'gridWorker', nodeId: 'S-1-2' }] })] });
    expect(planOf(kept).counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const two = settle('cadres', [cadreRow(2, 'c1')], { nodes: NODES, people: [p('c1', { roles: [{ role: 'cadre', nodeId: 'S-1-1' }, { role: 'cadre', nodeId: 'S-1-2' }] })] });
    expect(writesOf(two, 'people')!.patch).toEqual([{ ids: ['c1'], set: { roles: [{ role: 'cadre', nodeId: 'S-1-1' }] }, unset: [] }]);
  });

  it('a person staying in an out-of-scope grid gets only the grid error; an existing cadre is a fine backup', () => {
    expect(errorsOf(settle('cadres', [cadreRow(2, 'o', { gridCode: 'S-2-1' })], { nodes: NODES, people: [cadre('o', 'S-2-1')] }, 'S-1'))).toEqual([
      { row: 2, column: '所属网格编号', message: '网格“S-2-1”不在您管理的一社区（S-1）范围内' },
    ]);
    expect(planOf(settle('cadres', [cadreRow(2, 'n', { backupCode: 'c1' })], { nodes: NODES, people: [cadre('c1')] })).counts.created).toBe(1);
  });

  it('keeping the same card revokes nothing', () => {
    const step = settle('cadres', [cadreRow(2, 'c1', { cardCode: 'K0' })], { nodes: NODES, people: [p('c1', { cardCode: 'K0' })], cards: [{ _id: 'K0', personId: 'c1', status: 'active', issuedAt: NOW }] });
    expect(planOf(step)).toEqual({ kind: 'cadres', primary: 'people', counts: { created: 0, updated: 0, unchanged: 1 }, writes: [], related: {} });
  });

  it('group member lists: sorted, untouched when nobody moves, unpatched when already right', () => {
    const stay = settle('cadres', [cadreRow(2, 'a', { workGroupCode: 'W1' })], { nodes: NODES, people: [p('a', { workGroupId: 'W1' })], workGroups: [g('W1', ['a', 'zz'])] });
    expect(writesOf(stay, 'workGroups')).toBeUndefined();
    const join = settle('cadres', [cadreRow(2, 'a', { workGroupCode: 'W1' })], { nodes: NODES, people: [p('a'), p('z', { workGroupId: 'W1' })], workGroups: [g('W1', ['z'])] });
    expect(writesOf(join, 'workGroups')!.patch).toEqual([{ ids: ['W1'], set: { memberIds: ['a', 'z'], updatedAt: NOW }, unset: [] }]);
    const right = settle('cadres', [cadreRow(2, 'a', { workGroupCode: 'W2' })], { nodes: NODES, people: [p('a', { workGroupId: 'W1' })], workGroups: [g('W1', []), g('W2', ['a'])] });
    expect(writesOf(right, 'workGroups')).toBeUndefined();
    expect(writesOf(right, 'people')!.patch).toEqual([{ ids: ['a'], set: { workGroupId: 'W2' }, unset: [] }]);
  });
});

describe('planImport lookups', () => {
  it('asks for nothing it does not need: no card, user or group lookups for empty columns', () => {
    const known = emptyKnown();
    for (const n of NODES) known.nodes.set(n._id, n);
    known.people.set('c1', cadre('c1', 'S-1-1', { workGroupId: 'W1' }));
    known.workGroups.set('W1', { _id: 'W1', name: 'W1', communityId: 'S-1', leaderId: 'x', deputyIds: [], areaNodeIds: [], memberIds: [], createdAt: NOW, updatedAt: NOW });
    known.membersOf.set('W1', ['c1']);
    const row = { row: 2, code: 'c1', name: '干部c1', phone: '13800000000', workUnit: '民政局', title: '科长', gridCode: 'S-1-1' };
    const step = planImport('cadres', [row] as any, known, { scopeNodeId: 'S', now: NOW });
    expect(step.status).toBe('ready');
    expect(writesOf(step, 'people')!.patch).toEqual([{ ids: ['c1'], set: { title: '科长' }, unset: ['workGroupId'] }]);
  });

  it('a code that is not under its parent gets only the format error, not a scope error', () => {
    expect(errorsOf(settle('orgUnits', [{ row: 2, code: 'Q-7', parentCode: 'S-1', level: 'grid', name: '七' }], { nodes: NODES }, 'S-2'))).toEqual([
      { row: 2, column: '编号', message: '编号“Q-7”应为上级编号加“-”和本级序号（字母或数字），如“S-1-01”（统一编号规则）' },
    ]);
  });
});
