import { describe, expect, it } from 'vitest';
import type { Household, JobDoc, OrgNode, Person, UserDoc, WorkGroup } from '../../../../src/core/types';
import { exportKind, importFile, KINDS, templateFor, type ImportOutcome } from './index';
import { seedDemo } from '../../../../scripts/seed';
import { parseSheet } from './sheet';
import { paged } from './util';
import { csvText, NOW, seededDb, sheetOf, snapshot } from './testkit';
import { crashingBatchAdd } from '../../test/faults';

type Db = Awaited<ReturnType<typeof seededDb>>['db'];
const SCOPE = 'T01-01';

const run = (db: Db, kind: Parameters<typeof importFile>[0]['kind'], buffer: Buffer, extra: Partial<Parameters<typeof importFile>[0]> = {}) =>
  importFile({ db, kind, format: 'csv', buffer, scopeNodeId: SCOPE, ownerOpenid: 'o-admin', now: NOW, ...extra });

const get = async <T>(db: Db, col: string, id: string) => (await db.collection(col).doc(id).get()).data as T;

/** A sensitive tag's consent note, in the template's three columns. */
const CONSENT = { 标签同意人: '王秀英（本人）', 标签同意日期: '2026-11-01', 标签用途: '关怀走访' };

function expectOk(r: ImportOutcome) {
  if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.errors.slice(0, 5))}`);
  return r;
}
function expectErrors(r: ImportOutcome) {
  if (r.ok) throw new Error('expected errors');
  return r;
}

describe('orgUnits', () => {
  it('creates nodes whose parents are existing nodes or other rows (any order), deriving path', async () => {
    const { db } = await seededDb();
    const buf = await sheetOf('orgUnits', 'xlsx', [
      { 编号: 'T01-01-03-01-1', 上级编号: 'T01-01-03-01', 层级: '单元', 名称: '1单元' },
      { 编号: 'T01-01-03', 上级编号: 'T01-01', 层级: '网格', 名称: '第三网格', 网格类型: '专属' },
      { 编号: 'T01-01-03-01', 上级编号: 'T01-01-03', 层级: '楼栋', 名称: '7栋' },
    ]);
    const r = expectOk(await run(db, 'orgUnits', buf, { format: 'xlsx' }));
    expect(r).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(await get<OrgNode>(db, 'orgNodes', 'T01-01-03-01-1')).toMatchObject({
      level: 'unit', name: '1单元', parentId: 'T01-01-03-01', path: ['T01', 'T01-01', 'T01-01-03', 'T01-01-03-01'],
    });
    expect(await get<OrgNode>(db, 'orgNodes', 'T01-01-03')).toMatchObject({ gridType: 'special', path: ['T01', 'T01-01'] });
  });

  it('renaming keeps the code, other fields and children, and relabels households and residents', async () => {
    const { db } = await seededDb();
    const buf = await sheetOf('orgUnits', 'csv', [
      { 编号: 'T01-01-01-01', 上级编号: 'T01-01-01', 层级: '楼栋', 名称: '1号楼' },
      { 编号: 'T01-01-01', 上级编号: 'T01-01', 层级: '网格', 名称: '第一网格', 网格类型: '城市' },
    ]);
    const r = expectOk(await run(db, 'orgUnits', buf));
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 1, related: { households: { updated: 3 }, users: { updated: 1 } } });
    const b = await get<OrgNode>(db, 'orgNodes', 'T01-01-01-01');
    expect(b).toMatchObject({ name: '1号楼', leaderId: 'pBL', parentId: 'T01-01-01' });
    expect(await get<OrgNode>(db, 'orgNodes', 'T01-01-01-01-1')).toMatchObject({ parentId: 'T01-01-01-01' });
    expect((await get<Household>(db, 'households', 'T01-01-01-01-1-0101')).label).toBe('1号楼1单元101');
    expect((await get<Household>(db, 'households', 'T01-01-01-01-2-0201')).label).toBe('1号楼2单元201');
    expect((await get<UserDoc>(db, 'users', 'o-r1')).household!.label).toBe('1号楼1单元101');
    expect(expectOk(await run(db, 'orgUnits', buf))).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('reports unknown parent, wrong prefix, level mismatch, duplicates, grid type and scope — and writes nothing', async () => {
    const { db } = await seededDb();
    const before = await snapshot(db);
    const buf = await sheetOf('orgUnits', 'csv', [
      { 编号: 'T01-01-09', 上级编号: 'T01-01', 层级: '网格', 名称: '好网格' }, // row 2: fine
      { 编号: 'T01-09-01', 上级编号: 'T01-09', 层级: '网格', 名称: '无上级' }, // 3: unknown parent
      { 编号: 'X-01', 上级编号: 'T01-01-01', 层级: '楼栋', 名称: '错前缀' }, // 4: prefix
      { 编号: 'T01-01-01-05', 上级编号: 'T01-01-01', 层级: '单元', 名称: '层级错' }, // 5: level
      { 编号: 'T01-01-09', 上级编号: 'T01-01', 层级: '网格', 名称: '重复' }, // 6: duplicate
      { 编号: 'T01-02-05', 上级编号: 'T01-02', 层级: '网格', 名称: '越权' }, // 7: out of scope
      { 编号: 'T01-01-01-06', 上级编号: 'T01-01-01', 层级: '楼栋', 名称: '6栋', 网格类型: '城市' }, // 8: grid type
      { 编号: 'T01-01-01-07', 上级编号: 'T01-01-01', 层级: '小区', 名称: '7栋' }, // 9: bad level word
    ]);
    const r = expectErrors(await run(db, 'orgUnits', buf));
    const at = (row: number) => r.errors.filter((e) => e.row === row);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([{ row: 3, column: '上级编号', message: expect.stringContaining('“T01-09”不存在') }]);
    expect(at(4)).toEqual([{ row: 4, column: '编号', message: expect.stringContaining('应为上级编号加“-”和本级序号') }]);
    expect(at(5)).toEqual([{ row: 5, column: '层级', message: '层级应为“楼栋”：上级“T01-01-01”是网格' }]);
    expect(at(6)).toEqual([{ row: 6, column: '编号', message: '编号“T01-01-09”与第 2 行重复' }]);
    expect(at(7)).toEqual([{ row: 7, column: '编号', message: '“T01-02-05”不在您管理的测试社区（T01-01）范围内' }]);
    expect(at(8)).toEqual([{ row: 8, column: '网格类型', message: expect.stringContaining('只有网格') }]);
    expect(at(9)).toEqual([{ row: 9, column: '层级', message: '层级应为街道、社区、网格、楼栋或单元' }]);
    expect(r.total).toBe(7);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a child of a row that failed its own checks is not also reported as orphaned', async () => {
    const { db } = await seededDb();
    const buf = await sheetOf('orgUnits', 'csv', [
      { 编号: 'T01-01-07', 上级编号: 'T01-01', 层级: '网格', 名称: '' },
      { 编号: 'T01-01-07-01', 上级编号: 'T01-01-07', 层级: '楼栋', 名称: '1栋' },
    ]);
    expect(expectErrors(await run(db, 'orgUnits', buf)).errors).toEqual([{ row: 2, column: '名称', message: '请填写名称' }]);
  });

  it('a missing column is reported on the header row', async () => {
    const { db } = await seededDb();
    const r = expectErrors(await run(db, 'orgUnits', csvText(['编号,上级编号,名称', 'T01-01-09,T01-01,好网格'])));
    expect(r.errors).toEqual([
      { row: 1, column: '层级', message: expect.stringContaining('缺少“层级”列') },
      { row: 1, column: '网格类型', message: expect.stringContaining('缺少“网格类型”列') },
    ]);
  });
});

describe('households', () => {
  it('creates households with location and label derived from the unit; tags split on 、 and ,', async () => {
    const { db } = await seededDb();
    const buf = await sheetOf('households', 'csv', [
      { 编号: 'T01-01-01-01-2-0202', 单元编号: 'T01-01-01-01-2', 房号: '202', 人数: '1', 标签: '独居老人,低保', ...CONSENT },
      { 编号: 'T01-01-01-01-2-0301', 单元编号: 'T01-01-01-01-2', 房号: '301', 人数: '', 标签: '', 包保干部编号: 'pB' },
    ]);
    expect(expectOk(await run(db, 'households', buf))).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(await get<Household>(db, 'households', 'T01-01-01-01-2-0202')).toEqual({
      _id: 'T01-01-01-01-2-0202', streetId: 'T01', communityId: 'T01-01', gridId: 'T01-01-01', buildingId: 'T01-01-01-01',
      unitId: 'T01-01-01-01-2', room: '202', label: '1栋2单元202', members: 1, tags: ['独居老人', '低保'],
      tagConsent: { by: '王秀英（本人）', at: '2026-11-01', purpose: '关怀走访', recordedBy: null, recordedAt: NOW },
    });
    expect((await get<Household>(db, 'households', 'T01-01-01-01-2-0301')).cadreId).toBe('pB');
  });

  it('an empty 包保干部编号 keeps the current assignment; a changed one syncs the resident account', async () => {
    const { db } = await seededDb();
    const keep = await sheetOf('households', 'csv', [{ 编号: 'T01-01-01-01-1-0101', 单元编号: 'T01-01-01-01-1', 房号: '101', 人数: '3' }]);
    expect(expectOk(await run(db, 'households', keep))).toMatchObject({ updated: 1 });
    expect(await get<Household>(db, 'households', 'T01-01-01-01-1-0101')).toMatchObject({ cadreId: 'pA', members: 3 });
    const change = await sheetOf('households', 'csv', [{ 编号: 'T01-01-01-01-1-0101', 单元编号: 'T01-01-01-01-1', 房号: '101', 人数: '3', 包保干部编号: 'pB' }]);
    expect(expectOk(await run(db, 'households', change))).toMatchObject({ updated: 1, related: { users: { updated: 1 } } });
    expect((await get<UserDoc>(db, 'users', 'o-r1')).household!.cadreId).toBe('pB');
  });

  it('reports unknown unit, non-unit, bad room/tags/members, cadre of another grid, scope', async () => {
    const { db } = await seededDb();
    const before = await snapshot(db);
    const buf = await sheetOf('households', 'xlsx', [
      { 编号: 'T01-01-01-09-1-0101', 单元编号: 'T01-01-01-09-1', 房号: '101' }, // 2
      { 编号: 'T01-01-01-01-0101', 单元编号: 'T01-01-01-01', 房号: '101' }, // 3: a building
      { 编号: 'T01-01-01-01-1-0909', 单元编号: 'T01-01-01-01-1', 房号: '9#09', 人数: '40', 标签: '独居老人、富裕' }, // 4
      { 编号: 'T01-01-01-01-1-0501', 单元编号: 'T01-01-01-01-1', 房号: '501', 包保干部编号: 'pX' }, // 5: pX is in grid 2
      { 编号: 'T01-02-01-01-1-0501', 单元编号: 'T01-02-01-01-1', 房号: '501' }, // 6: other community
      { 编号: 'T01-01-01-01-1-0601', 单元编号: 'T01-01-01-01-2', 房号: '601' }, // 7: code of another unit
      { 编号: 'T01-01-01-01-1-0701', 单元编号: 'T01-01-01-01-1', 房号: '701', 包保干部编号: 'pGL' }, // 8: not a cadre
    ]);
    const r = expectErrors(await run(db, 'households', buf, { format: 'xlsx' }));
    expect(r.errors).toEqual([
      { row: 2, column: '单元编号', message: '单元“T01-01-01-09-1”不存在，请先在“组织架构”中导入' },
      { row: 3, column: '单元编号', message: '“T01-01-01-01”是楼栋，请填写单元的编号' },
      { row: 4, column: '房号', message: '房号只能是 1–10 位数字或字母，如 301' },
      { row: 4, column: '人数', message: '人数应为 0–30 的整数' },
      { row: 4, column: '标签', message: expect.stringContaining('标签“富裕”无效') },
      { row: 5, column: '包保干部编号', message: '包保干部“pX”（周二网）属于网格“T01-01-02”，不能包保网格“T01-01-01”的住户' },
      { row: 6, column: '单元编号', message: expect.stringContaining('不在您管理的测试社区（T01-01）范围内') },
      { row: 7, column: '编号', message: expect.stringContaining('应为所在单元编号加“-”和房屋序号') },
      { row: 8, column: '包保干部编号', message: '“pGL”（钱网格长）不是包保干部' },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('sensitive tags by import (PIPL Art. 28–29): consent note and audit log, as on the admin page', () => {
  const U = 'T01-01-01-01-2';
  const ADMIN_USER: UserDoc = { _id: 'o-admin', roles: [{ role: 'communityAdmin', nodeId: SCOPE }], person: { id: 'pAdm', name: '孙管理', title: '主任', workUnit: '测试社区' }, createdAt: NOW, updatedAt: NOW };
  const withAdmin = async () => {
    const seeded = await seededDb();
    await seeded.db.collection('users').add({ data: ADMIN_USER });
    return seeded;
  };
  const audits = async (db: Db) => {
    const out: any[] = [];
    for await (const page of paged(db, db.collection('audit'), { action: 'household.tags.change' })) out.push(...page);
    return out;
  };
  const rows = (n: number, first = 1000) => Array.from({ length: n }, (_, i) => ({ 编号: `${U}-${first + i}`, 单元编号: U, 房号: String(first + i), 标签: '低保', ...CONSENT }));

  it('a row adding a sensitive tag without the note is refused in Chinese, and nothing is written', async () => {
    const { db } = await withAdmin();
    const before = await snapshot(db);
    const buf = await sheetOf('households', 'xlsx', [
      { 编号: `${U}-0202`, 单元编号: U, 房号: '202', 标签: '独居老人' }, // 2: no note
      { 编号: `${U}-0203`, 单元编号: U, 房号: '203', 标签: '残疾', 标签同意人: '王秀英', 标签用途: '帮扶' }, // 3: no date
      { 编号: `${U}-0204`, 单元编号: U, 房号: '204', 标签: '' }, // 4: fine
    ]);
    const r = expectErrors(await run(db, 'households', buf, { format: 'xlsx' }));
    expect(r.errors).toEqual([
      { row: 2, column: '标签同意人', message: expect.stringMatching(/^录入“独居老人”等敏感标签，须取得本人（或监护人）同意/) },
      { row: 3, column: '标签同意日期', message: expect.stringContaining('请填写“标签同意日期”') },
    ]);
    expect(await snapshot(db)).toEqual(before);
    expect(await audits(db)).toEqual([]);
  });

  it('with the note: stored with the importing admin, each change audited once; the same file again writes nothing', async () => {
    const { db, emu } = await withAdmin();
    await db.collection('households').doc('T01-01-01-01-1-0102').update({ data: { tags: ['残疾'] } }); // tagged before notes existed
    const buf = await sheetOf('households', 'csv', [
      { 编号: `${U}-0202`, 单元编号: U, 房号: '202', 标签: '独居老人、低保', ...CONSENT },
      { 编号: 'T01-01-01-01-1-0102', 单元编号: 'T01-01-01-01-1', 房号: '102', 标签: '' }, // the last tag removed: no note needed
      { 编号: 'T01-01-01-01-1-0101', 单元编号: 'T01-01-01-01-1', 房号: '101', 人数: '4' }, // no tags before or after: not audited
    ]);
    expect(expectOk(await run(db, 'households', buf, { jobId: 'job-tags-0001' }))).toMatchObject({ created: 1, updated: 2 });
    expect((await get<Household>(db, 'households', `${U}-0202`)).tagConsent).toEqual({ by: '王秀英（本人）', at: '2026-11-01', purpose: '关怀走访', recordedBy: '孙管理', recordedAt: NOW });
    const log = await audits(db);
    expect(log.sort((a, b) => (a.target < b.target ? -1 : 1))).toEqual([
      {
        _id: 'imp-job-tags-0001-T01-01-01-01-1-0102', at: NOW, action: 'household.tags.change', actorOpenid: 'o-admin', actorPersonId: 'pAdm', actorName: '孙管理',
        target: 'T01-01-01-01-1-0102', scopeNodeId: 'T01-01', reason: '', detail: '标签：残疾 → 无（表格导入 job-tags-0001）',
      },
      {
        _id: `imp-job-tags-0001-${U}-0202`, at: NOW, action: 'household.tags.change', actorOpenid: 'o-admin', actorPersonId: 'pAdm', actorName: '孙管理',
        target: `${U}-0202`, scopeNodeId: 'T01-01', reason: '关怀走访', detail: '标签：无 → 低保、独居老人；同意人 王秀英（本人）（2026-11-01）（表格导入 job-tags-0001）',
      },
    ]);
    emu.resetStats();
    expect(expectOk(await run(db, 'households', buf, { jobId: 'job-tags-0002' }))).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const { byCollection } = emu.stats();
    expect(Object.keys(byCollection).filter((c) => c !== 'jobs' && byCollection[c].writes > 0)).toEqual([]); // only the job's progress
    expect(await audits(db)).toHaveLength(2);
    // The admin reads them with audit.list like page edits: filed under the community.
    expect(log.every((e) => e.scopeNodeId === SCOPE)).toBe(true);
  });

  it('a resumed job logs each change exactly once: killed while writing households, or while writing the log', async () => {
    for (const [collection, failAt] of [['households', 2], ['audit', 2]] as const) {
      const { db } = await withAdmin();
      const buf = await sheetOf('households', 'csv', rows(1500));
      const jobId = `job-resume-${collection}`;
      await expect(run(crashingBatchAdd(db, collection, failAt), 'households', buf, { jobId })).rejects.toThrow('killed');
      const partial = (await audits(db)).length;
      expect(partial, collection).toBeGreaterThan(0);
      expect(partial, collection).toBeLessThanOrEqual(1500);
      // The jobs trigger runs the same job again, with a later clock.
      const r = expectOk(await run(db, 'households', buf, { jobId, now: new Date(NOW.getTime() + 330_000) }));
      expect(r.created + r.unchanged, collection).toBe(1500);
      const log = await audits(db);
      expect(log, collection).toHaveLength(1500);
      expect(new Set(log.map((e) => e.target)).size, collection).toBe(1500);
      expect((await db.collection('households').where({ unitId: U }).count()).total, collection).toBe(1 + 1500);
    }
  });

  it('an export without a reason leaves out the tags and their notes; with one, the notes round-trip unchanged', async () => {
    const { db } = await withAdmin();
    expectOk(await run(db, 'households', await sheetOf('households', 'csv', [{ 编号: `${U}-0202`, 单元编号: U, 房号: '202', 标签: '低保', ...CONSENT }])));
    const bare = await parseSheet('csv', await exportKind({ db, kind: 'households', format: 'csv', scopeNodeId: SCOPE }));
    expect(bare.header!.values).toEqual(['编号', '单元编号', '房号', '人数', '包保干部编号']);
    expect(JSON.stringify(bare.rows)).not.toMatch(/王秀英|关怀走访|低保/);
    const full = await exportKind({ db, kind: 'households', format: 'csv', scopeNodeId: SCOPE, withTags: true });
    const parsed = await parseSheet('csv', full);
    expect(parsed.header!.values.slice(-3)).toEqual(['标签同意人', '标签同意日期', '标签用途']);
    expect(parsed.rows.find((r) => r.values[0] === `${U}-0202`)!.values.slice(-4)).toEqual(['', '王秀英（本人）', '2026-11-01', '关怀走访']);
    const before = await snapshot(db);
    expect(expectOk(await run(db, 'households', full))).toMatchObject({ created: 0, updated: 0 });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('cadres', () => {
  const header = { 姓名: '赵六', 手机号: '139 0000 1111', 工作单位: '蛟河市民政局', 职务: '科员', 所属网格编号: 'T01-01-01' };

  it('creates cadres with a cadre grant and a contact card; B角 may be a later row', async () => {
    const { db } = await seededDb();
    const buf = await sheetOf('cadres', 'csv', [
      { 编号: 'pN1', ...header, 联系卡编号: 'CARDN1', B角编号: 'pN2', 工作组编号: 'G1' },
      { 编号: 'pN2', ...header, 姓名: '孙七', 联系卡编号: '', B角编号: 'pA' },
    ]);
    expect(expectOk(await run(db, 'cadres', buf))).toMatchObject({ created: 2, related: { cards: { created: 1 } } });
    expect(await get<Person>(db, 'people', 'pN1')).toEqual({
      _id: 'pN1', name: '赵六', phone: '13900001111', workUnit: '蛟河市民政局', title: '科员', roles: [{ role: 'cadre', nodeId: 'T01-01-01' }],
      gridId: 'T01-01-01', communityId: 'T01-01', backupId: 'pN2', workGroupId: 'G1', cardCode: 'CARDN1',
    });
    expect(await get(db, 'cards', 'CARDN1')).toMatchObject({ personId: 'pN1', status: 'active' });
  });

  it('updates keep other roles and openid, move the cadre grant with the grid, sync users, replace cards', async () => {
    const { db } = await seededDb();
    await db.collection('people').doc('pA').update({ data: { roles: [{ role: 'unitLeader', nodeId: 'T01-01-01-01-1' }, { role: 'cadre', nodeId: 'T01-01-01' }] } });
    const buf = await sheetOf('cadres', 'csv', [
      { 编号: 'pA', ...header, 姓名: '张三', 所属网格编号: 'T01-01-02', 联系卡编号: 'CARDA2', B角编号: 'pX' },
    ]);
    expect(expectOk(await run(db, 'cadres', buf))).toMatchObject({
      updated: 1, related: { cards: { created: 1, updated: 1 }, users: { updated: 1 } },
    });
    const p = await get<Person>(db, 'people', 'pA');
    expect(p).toMatchObject({ openid: 'o-pA', gridId: 'T01-01-02', cardCode: 'CARDA2', backupId: 'pX', phone: '13900001111' });
    expect(p.roles).toEqual([{ role: 'unitLeader', nodeId: 'T01-01-01-01-1' }, { role: 'cadre', nodeId: 'T01-01-02' }]);
    expect(await get(db, 'cards', 'CARDA')).toMatchObject({ status: 'revoked', replacedBy: 'CARDA2' });
    expect(await get(db, 'cards', 'CARDA2')).toMatchObject({ personId: 'pA', status: 'active' });
    const u = await get<UserDoc>(db, 'users', 'o-pA');
    expect(u.roles).toEqual([{ role: 'cadre', nodeId: 'T01-01-02' }]);
    expect(u.person).toEqual({ id: 'pA', name: '张三', title: '科员', workUnit: '蛟河市民政局' });
    // An empty 联系卡编号 keeps the card.
    const again = await sheetOf('cadres', 'csv', [{ 编号: 'pA', ...header, 姓名: '张三', 所属网格编号: 'T01-01-02', B角编号: 'pX' }]);
    expect(expectOk(await run(db, 'cadres', again))).toMatchObject({ unchanged: 1 });
    expect((await get<Person>(db, 'people', 'pA')).cardCode).toBe('CARDA2');
  });

  it('reports bad phone, unknown grid, taken card, bad B角, duplicates and other offices’ people', async () => {
    const { db } = await seededDb();
    const before = await snapshot(db);
    const buf = await sheetOf('cadres', 'csv', [
      { 编号: 'pN1', ...header, 手机号: '1234567' }, // 2
      { 编号: 'pN2', ...header, 所属网格编号: 'T01-01-09' }, // 3
      { 编号: 'pN3', ...header, 联系卡编号: 'CARDA' }, // 4: pA's card
      { 编号: 'pN4', ...header, B角编号: 'pGL' }, // 5: not a cadre
      { 编号: 'pN5', ...header, B角编号: 'pN5' }, // 6: self
      { 编号: 'pN4', ...header }, // 7: duplicate
      { 编号: 'pY', ...header }, // 8: belongs to T01-02
      { 编号: 'pN8', ...header, 所属网格编号: 'T01-02-01' }, // 9: grid out of scope
      { 编号: 'pN9', ...header, 联系卡编号: 'CARDX', B角编号: 'pQQ' }, // 10: unknown B角
      { 编号: 'pN10', ...header, 联系卡编号: 'CARDX', 姓名: '' }, // 11: duplicate card, missing name
    ]);
    const r = expectErrors(await run(db, 'cadres', buf));
    expect(r.errors).toEqual([
      { row: 2, column: '手机号', message: '手机号应为 11 位数字，以 13–19 开头' },
      { row: 3, column: '所属网格编号', message: '网格“T01-01-09”不存在，请先在“组织架构”中导入' },
      { row: 4, column: '联系卡编号', message: '联系卡编号“CARDA”已被人员“pA”使用，请换一个编号' },
      { row: 5, column: 'B角编号', message: 'B角“pGL”（钱网格长）不是包保干部' },
      { row: 6, column: 'B角编号', message: '不能把本人设为自己的B角' },
      { row: 7, column: '编号', message: '人员编号“pN4”与第 5 行重复' },
      { row: 8, column: '编号', message: '人员“pY”（吴邻居）属于其他辖区（T01-02-01），不能在此修改' },
      { row: 9, column: '所属网格编号', message: expect.stringContaining('不在您管理的测试社区（T01-01）范围内') },
      { row: 10, column: 'B角编号', message: expect.stringContaining('B角“pQQ”不存在') },
      { row: 11, column: '姓名', message: '请填写姓名' },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a duplicate contact-card code in the file is reported on the second row', async () => {
    const { db } = await seededDb();
    const buf = await sheetOf('cadres', 'csv', [
      { 编号: 'pN1', ...header, 联系卡编号: 'CARDZ' },
      { 编号: 'pN2', ...header, 联系卡编号: 'CARDZ' },
    ]);
    expect(expectErrors(await run(db, 'cadres', buf)).errors).toEqual([
      { row: 3, column: '联系卡编号', message: '联系卡编号“CARDZ”与第 2 行重复' },
    ]);
  });
});

describe('assignments', () => {
  it('sets, changes and unsets cadres; residents follow; one write per cadre', async () => {
    const { db, emu } = await seededDb();
    const buf = await sheetOf('assignments', 'csv', [
      { 住户编号: 'T01-01-01-01-1-0101', 包保干部编号: '' }, // unassign pA
      { 住户编号: 'T01-01-01-01-1-0102', 包保干部编号: 'pA' },
      { 住户编号: 'T01-01-01-01-2-0201', 包保干部编号: 'pA' },
      { 住户编号: 'T01-01-02-01-1-0101', 包保干部编号: 'pX' }, // unchanged
    ]);
    emu.resetStats();
    expect(expectOk(await run(db, 'assignments', buf))).toMatchObject({ created: 0, updated: 3, unchanged: 1, related: { users: { updated: 1 } } });
    expect(emu.stats().byCollection.households.writes).toBe(2); // pA's two households in one update, one unassign
    expect((await get<Household>(db, 'households', 'T01-01-01-01-1-0101')).cadreId).toBeUndefined();
    expect((await get<Household>(db, 'households', 'T01-01-01-01-2-0201')).cadreId).toBe('pA');
    expect((await get<UserDoc>(db, 'users', 'o-r1')).household).not.toHaveProperty('cadreId');
    expect(expectOk(await run(db, 'assignments', buf))).toMatchObject({ updated: 0, unchanged: 4 });
  });

  it('refuses a cadre of another grid, a non-cadre, an unknown household and one outside the scope', async () => {
    const { db } = await seededDb();
    const before = await snapshot(db);
    const buf = await sheetOf('assignments', 'csv', [
      { 住户编号: 'T01-01-01-01-1-0101', 包保干部编号: 'pX' },
      { 住户编号: 'T01-01-01-01-1-0102', 包保干部编号: 'pGL' },
      { 住户编号: 'T01-01-01-01-1-0999', 包保干部编号: 'pA' },
      { 住户编号: 'T01-02-01-01-1-0101', 包保干部编号: 'pY' },
      { 住户编号: 'T01-01-01-01-1-0101', 包保干部编号: 'pA' },
    ]);
    const r = expectErrors(await run(db, 'assignments', buf));
    expect(r.errors).toEqual([
      { row: 2, column: '包保干部编号', message: '包保干部“pX”（周二网）属于网格“T01-01-02”，不能包保网格“T01-01-01”的住户“1栋1单元101”' },
      { row: 3, column: '包保干部编号', message: '“pGL”（钱网格长）不是包保干部' },
      { row: 4, column: '住户编号', message: '住户“T01-01-01-01-1-0999”不存在，请先导入住户' },
      { row: 5, column: '住户编号', message: expect.stringContaining('不在您管理的测试社区（T01-01）范围内') },
      { row: 6, column: '住户编号', message: '住户“T01-01-01-01-1-0101”与第 2 行重复' },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('workGroups', () => {
  it('stores memberIds computed from cadres’ 工作组编号, and keeps them current on cadre imports', async () => {
    const { db } = await seededDb();
    await db.collection('people').where({ _id: db.command.in(['pA', 'pB']) }).update({ data: { workGroupId: 'G1' } });
    const buf = await sheetOf('workGroups', 'xlsx', [
      { 编号: 'G1', 名称: '第一工作组', 所属社区编号: 'T01-01', 组长编号: 'pGL', 副组长编号: 'pA、pB', 片区: 'T01-01-01、T01-01-02-01' },
      { 编号: 'G2', 名称: '第二工作组', 所属社区编号: 'T01-01', 组长编号: 'pX' },
    ]);
    expect(expectOk(await run(db, 'workGroups', buf, { format: 'xlsx' }))).toMatchObject({ created: 2 });
    expect(await get<WorkGroup>(db, 'workGroups', 'G1')).toEqual({
      _id: 'G1', name: '第一工作组', communityId: 'T01-01', leaderId: 'pGL', deputyIds: ['pA', 'pB'],
      areaNodeIds: ['T01-01-01', 'T01-01-02-01'], memberIds: ['pA', 'pB'], createdAt: NOW, updatedAt: NOW,
    });
    expect((await get<WorkGroup>(db, 'workGroups', 'G2')).memberIds).toEqual([]);

    // pB moves to G2 and pX joins G1 through the cadres file.
    const later = new Date(NOW.getTime() + 60_000);
    const cad = await sheetOf('cadres', 'csv', [
      { 编号: 'pB', 姓名: '李四', 手机号: '13800000000', 工作单位: '测试局', 职务: '科员', 所属网格编号: 'T01-01-01', 工作组编号: 'G2' },
      { 编号: 'pX', 姓名: '周二网', 手机号: '13800000000', 工作单位: '测试局', 职务: '科员', 所属网格编号: 'T01-01-02', 工作组编号: 'G1' },
    ]);
    expect(expectOk(await run(db, 'cadres', cad, { now: later }))).toMatchObject({ updated: 2, related: { workGroups: { updated: 2 } } });
    expect(await get<WorkGroup>(db, 'workGroups', 'G1')).toMatchObject({ memberIds: ['pA', 'pX'], updatedAt: later, createdAt: NOW });
    expect((await get<WorkGroup>(db, 'workGroups', 'G2')).memberIds).toEqual(['pB']);
    expect(expectOk(await run(db, 'workGroups', buf, { format: 'xlsx' }))).toMatchObject({ unchanged: 2 });
  });

  it('reports unknown community, leader, deputies and areas outside the community', async () => {
    const { db } = await seededDb();
    const before = await snapshot(db);
    const buf = await sheetOf('workGroups', 'csv', [
      { 编号: 'G1', 名称: '一组', 所属社区编号: 'T01-01-01', 组长编号: 'pQ', 片区: 'T01-01-01-01-1' },
      { 编号: 'G2', 名称: '二组', 所属社区编号: 'T01-01', 组长编号: 'pA', 副组长编号: 'pA', 片区: 'T01-02-01、T01-01-01' },
      { 编号: 'G3', 名称: '三组', 所属社区编号: 'T01-02', 组长编号: 'pY' },
      { 编号: 'G4', 名称: '四组', 所属社区编号: 'T01-01', 组长编号: 'pA', 副组长编号: 'pB、pX、pGL' },
    ]);
    const r = expectErrors(await run(db, 'workGroups', buf));
    expect(r.errors).toEqual([
      { row: 2, column: '所属社区编号', message: '“T01-01-01”是网格，请填写社区的编号' },
      { row: 2, column: '组长编号', message: '组长“pQ”不存在，请先导入人员' },
      { row: 2, column: '片区', message: '片区“T01-01-01-01-1”是单元，只能填写网格或楼栋' },
      { row: 3, column: '副组长编号', message: '副组长“pA”与组长相同，请换一人' },
      { row: 3, column: '片区', message: '片区“T01-02-01”不属于社区“T01-01”' },
      { row: 4, column: '所属社区编号', message: '社区“T01-02”不在您管理的测试社区（T01-01）范围内' },
      { row: 5, column: '副组长编号', message: '副组长最多 2 个，用“、”分隔' },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('files and jobs', () => {
  it('reads CSV with or without BOM, and GBK CSV saved by Excel', async () => {
    const lines = ['编号,上级编号,层级,名称,网格类型', 'T01-01-05,T01-01,网格,第五网格,农村'];
    for (const buffer of [csvText(lines), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csvText(lines)]), gbk(lines.join('\r\n'))]) {
      const { db } = await seededDb();
      expect(expectOk(await run(db, 'orgUnits', buffer))).toMatchObject({ created: 1 });
      expect((await get<OrgNode>(db, 'orgNodes', 'T01-01-05')).name).toBe('第五网格');
    }
  });

  it('answers an unreadable file with one file-level error', async () => {
    const { db } = await seededDb();
    const r = expectErrors(await run(db, 'orgUnits', Buffer.from('not a zip'), { format: 'xlsx' }));
    expect(r.errors).toEqual([{ row: 0, column: '', message: expect.stringContaining('无法读取文件') }]);
  });

  it('caps the error list at 200 and gives the total', async () => {
    const { db } = await seededDb();
    const rows = Array.from({ length: 250 }, (_, i) => ({ 住户编号: `T01-01-01-01-1-9${String(i).padStart(3, '0')}`, 包保干部编号: 'pA' }));
    const r = expectErrors(await run(db, 'assignments', await sheetOf('assignments', 'csv', rows)));
    expect(r.errors).toHaveLength(200);
    expect(r.total).toBe(250);
    expect(r.errors[0].row).toBe(2);
  });

  it('writes progress to jobs/{id} until processed == total, and records failures', async () => {
    const { db } = await seededDb();
    const rows = Array.from({ length: 4500 }, (_, i) => ({
      编号: `T01-01-01-01-2-${String(1000 + i)}`, 单元编号: 'T01-01-01-01-2', 房号: String(1000 + i),
    }));
    const seen: number[] = [];
    const col = db.collection('jobs');
    const orig = col.doc.bind(col);
    const spy = { ...db, collection: (n: string) => (n === 'jobs' ? { ...col, doc: (id: string) => {
      const ref = orig(id);
      return { ...ref, get: ref.get.bind(ref), set: ref.set.bind(ref), remove: ref.remove.bind(ref), update: (o: { data: any }) => {
        seen.push(o.data.processed);
        return ref.update(o);
      } };
    } } : db.collection(n)) } as unknown as Db;
    const r = expectOk(await run(spy, 'households', await sheetOf('households', 'csv', rows), { jobId: 'job-0001' }));
    expect(r.created).toBe(4500);
    const job = await get<JobDoc>(db, 'jobs', 'job-0001');
    expect(job).toMatchObject({ status: 'done', total: 4500, processed: 4500, kind: 'import.households', ownerOpenid: 'o-admin' });
    expect(seen.filter((n) => n > 0 && n < 4500).length).toBeGreaterThanOrEqual(1); // intermediate progress
    expect([...seen].sort((a, b) => a - b)).toEqual(seen); // never goes backwards

    const bad = expectErrors(await run(db, 'households', csvText(['编号', 'x'], ), { jobId: 'job-0002' }));
    expect(bad.total).toBeGreaterThan(0);
    expect(await get<JobDoc>(db, 'jobs', 'job-0002')).toMatchObject({ status: 'failed', message: expect.stringContaining('未写入任何数据') });
  });
});

describe('idempotence', () => {
  it('every kind: a second import of the same new rows creates and updates nothing', async () => {
    const { db, emu } = await seededDb();
    const person = { 手机号: '13900000000', 工作单位: '蛟河市民政局', 职务: '科员', 所属网格编号: 'T01-01-01' };
    const files: [Parameters<typeof run>[1], Record<string, string>[]][] = [
      ['orgUnits', [{ 编号: 'T01-01-01-02', 上级编号: 'T01-01-01', 层级: '楼栋', 名称: '2栋' }, { 编号: 'T01-01-01-02-1', 上级编号: 'T01-01-01-02', 层级: '单元', 名称: '1单元' }]],
      ['cadres', [{ 编号: 'pN1', 姓名: '赵六', ...person, 联系卡编号: 'CARDN1', B角编号: 'pA', 工作组编号: 'GN' }]],
      ['households', [{ 编号: 'T01-01-01-02-1-0101', 单元编号: 'T01-01-01-02-1', 房号: '101', 人数: '2', 标签: '残疾', 包保干部编号: 'pN1', ...CONSENT }]],
      ['assignments', [{ 住户编号: 'T01-01-01-01-2-0201', 包保干部编号: 'pN1' }]],
      ['workGroups', [{ 编号: 'GN', 名称: '新组', 所属社区编号: 'T01-01', 组长编号: 'pN1', 副组长编号: 'pA', 片区: 'T01-01-01-02' }]],
    ];
    for (const [kind, rows] of files) {
      const buf = await sheetOf(kind, 'xlsx', rows);
      const first = expectOk(await run(db, kind, buf, { format: 'xlsx' }));
      expect(first.created + first.updated, kind).toBe(rows.length);
      emu.resetStats();
      expect(expectOk(await run(db, kind, buf, { format: 'xlsx' })), kind).toMatchObject({ created: 0, updated: 0, unchanged: rows.length, related: {} });
      expect(emu.stats().writes, kind).toBe(0);
    }
    expect((await get<WorkGroup>(db, 'workGroups', 'GN')).memberIds).toEqual(['pN1']);
  });
});

describe('export → import round trip', () => {
  for (const format of ['xlsx', 'csv'] as const) {
    it(`every kind exports in template columns and re-imports unchanged (${format})`, async () => {
      const { db } = await seededDb();
      await db.collection('people').doc('pA').update({ data: { workGroupId: 'G1' } });
      await db.collection('households').doc('T01-01-01-01-1-0101').update({ data: { tags: ['独居老人', '低保'], tagConsent: { by: '王秀英', at: '2026-11-01', purpose: '关怀走访', recordedBy: '赵管理', recordedAt: NOW } } });
      await db.collection('households').doc('T01-01-01-01-1-0102').update({ data: { tags: ['残疾'] } }); // tagged before consent notes
      await db.collection('workGroups').add({ data: {
        _id: 'G1', name: '一组', communityId: 'T01-01', leaderId: 'pGL', deputyIds: ['pA', 'pB'], areaNodeIds: ['T01-01-01'],
        memberIds: ['pA'], createdAt: NOW, updatedAt: NOW,
      } });
      const before = await snapshot(db);
      const expected: Record<string, number> = { orgUnits: 8, households: 4, cadres: 3, assignments: 4, workGroups: 1 };
      for (const kind of KINDS) {
        const buf = await exportKind({ db, kind, format, scopeNodeId: SCOPE, withTags: true }); // tags exported with a reason (sheets.ts)
        const parsed = await parseSheet(format, buf);
        expect(parsed.rows).toHaveLength(expected[kind]);
        const r = expectOk(await run(db, kind, buf, { format }));
        expect(r, kind).toMatchObject({ created: 0, updated: 0, unchanged: expected[kind] });
      }
      expect(await snapshot(db)).toEqual(before);
    });
  }

  it('the demo community (real-shaped docs) round-trips unchanged, as the street and as a community', async () => {
    const { emu, db } = await seededDb({ empty: true });
    await seedDemo(emu);
    const before = await snapshot(db);
    for (const scope of ['JH01', 'JH01-02']) {
      for (const kind of KINDS) {
        const buf = await exportKind({ db, kind, format: 'csv', scopeNodeId: scope, withTags: true });
        const r = expectOk(await run(db, kind, buf, { scopeNodeId: scope }));
        expect(r.created + r.updated, `${scope} ${kind}`).toBe(0);
        if (kind !== 'workGroups') expect(r.unchanged, `${scope} ${kind}`).toBeGreaterThan(0);
      }
    }
    expect(await snapshot(db)).toEqual(before);
  });

  it('exports of the street include everything below it, sorted by code; a grid scope narrows it', async () => {
    const { db } = await seededDb();
    const all = await parseSheet('csv', await exportKind({ db, kind: 'households', format: 'csv', scopeNodeId: 'T01' }));
    expect(all.rows.map((r) => r.values[0])).toEqual([
      'T01-01-01-01-1-0101', 'T01-01-01-01-1-0102', 'T01-01-01-01-2-0201', 'T01-01-02-01-1-0101', 'T01-02-01-01-1-0101',
    ]);
    const unit = await parseSheet('csv', await exportKind({ db, kind: 'households', format: 'csv', scopeNodeId: 'T01-01-01-01-2' }));
    expect(unit.rows.map((r) => r.values[0])).toEqual(['T01-01-01-01-2-0201']);
    const org = await parseSheet('xlsx', await exportKind({ db, kind: 'orgUnits', format: 'xlsx', scopeNodeId: 'T01-01-02' }));
    expect(org.header!.values).toEqual(['编号', '上级编号', '层级', '名称', '网格类型']);
    expect(org.rows.map((r) => r.values)).toEqual([
      ['T01-01-02', 'T01-01', '网格', '第二网格', '农村'],
      ['T01-01-02-01', 'T01-01-02', '楼栋', '5栋', ''],
      ['T01-01-02-01-1', 'T01-01-02-01', '单元', '1单元', ''],
    ]);
  });

  it('exported CSV starts with a UTF-8 BOM', async () => {
    const { db } = await seededDb();
    const buf = await exportKind({ db, kind: 'cadres', format: 'csv', scopeNodeId: SCOPE });
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(buf.toString('utf8')).toContain('编号,姓名,手机号,工作单位,职务,所属网格编号,联系卡编号,B角编号,工作组编号');
  });
});

describe('templates', () => {
  for (const format of ['xlsx', 'csv'] as const) {
    it(`every template parses back: header + a schema-valid example; without the example it imports nothing (${format})`, async () => {
      for (const kind of KINDS) {
        const buf = await templateFor(kind, format);
        const parsed = await parseSheet(format, buf);
        expect(parsed.rows, kind).toHaveLength(1);
        const { db } = await seededDb();
        const r = await run(db, kind, buf, { format });
        // The example only fails on references to codes that do not exist here, never on format.
        if (!r.ok) for (const e of r.errors) expect(e.message, `${kind}: ${e.column}`).toMatch(/不存在|不在您管理/);
        const headerOnly = format === 'csv'
          ? Buffer.from(buf.toString('utf8').split(/\r?\n/)[0], 'utf8')
          : await sheetOf(kind, 'xlsx', []);
        expect(expectOk(await run(db, kind, headerOnly, { format }))).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
      }
    });
  }

  it('the xlsx template has a 填写说明 sheet describing every column', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await templateFor('cadres', 'xlsx')) as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['包保干部', '填写说明']);
    const help = wb.getWorksheet('填写说明')!;
    expect(help.getRow(1).values).toEqual([undefined, '列名', '是否必填', '说明', '示例']);
    expect(help.rowCount).toBe(10);
    expect(String(help.getRow(4).getCell(3).value)).toContain('11 位');
  });
});

/** GBK bytes for the few characters the CSV test uses (TextEncoder only speaks UTF-8). */
function gbk(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...table.get(ch)!);
  }
  return Buffer.from(out);
}
