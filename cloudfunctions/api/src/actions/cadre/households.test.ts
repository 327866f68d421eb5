// 包保住户 (issue 11 point 5): sensitive tags are visible to the household's cadre and grid leader
// only for a stated purpose, and every such view is in the audit log, as the admin pages' views are.
import { beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../../test/fixture';
import { OPENID, setup } from '../../../test/harness';

const ADMIN = OPENID.admin;
const consent = { by: '王大爷本人', at: '2026-11-01', purpose: '低保户关怀走访' };

describe('cadre.households', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
    // 101 (served by 张三) gets 低保, with its consent note, through the admin page.
    await t.ok(ADMIN, 'admin.household.save', { mode: 'edit', id: IDS.hhServed, unitId: IDS.unit, room: '101', members: 2, tags: ['低保'], consent });
  });
  const views = async () => (await t.emu.db.collection('audit').where({ action: 'household.view' }).get()).data;

  it('a cadre sees their own households; the tags only with a purpose, and that view is audited', async () => {
    const plain = await t.ok(OPENID.A, 'cadre.households', {});
    expect(plain).toMatchObject({ scope: { kind: 'mine', gridId: IDS.grid, gridName: '第一网格' }, isCadre: true, grids: [], taggedCount: 1, tagsShown: false, hasMore: false });
    expect(plain.households).toEqual([{ id: IDS.hhServed, label: '1栋1单元101', room: '101', members: 2, cadreName: '张三', tags: null }]);
    expect(JSON.stringify(plain)).not.toContain('低保');
    expect(await views()).toEqual([]);

    const shown = await t.ok(OPENID.A, 'cadre.households', { purpose: ' 入户走访 ' });
    expect(shown).toMatchObject({ tagsShown: true, households: [{ id: IDS.hhServed, tags: ['低保'] }] });
    const log = await views();
    expect(log).toEqual([expect.objectContaining({
      actorOpenid: OPENID.A, actorName: '张三', target: IDS.grid, scopeNodeId: IDS.community, reason: '入户走访',
      detail: expect.stringContaining(`包保干部查看所包保住户 1 户（第 1 页），其中 1 户有敏感标签：${IDS.hhServed}`),
    })]);
    // The community admin reads it in the audit log.
    const { entries } = await t.ok(ADMIN, 'audit.list', { action: 'household.view' });
    expect(entries[0]).toMatchObject({ actorName: '张三', reason: '入户走访', actionLabel: '查看住户档案' });
  });

  it('a grid leader sees the whole grid they lead, not another grid; a page without tagged households is not audited', async () => {
    const grid = await t.ok(OPENID.GL, 'cadre.households', { purpose: '帮扶核对' });
    expect(grid).toMatchObject({ scope: { kind: 'grid', gridId: IDS.grid }, isCadre: false, grids: [{ id: IDS.grid, name: '第一网格' }] });
    expect(grid.households.map((h: { id: string }) => h.id)).toEqual([IDS.hhServed, IDS.hhAway, IDS.hhUnserved]);
    expect(grid.households.map((h: { cadreName: string | null }) => h.cadreName)).toEqual(['张三', '李四', null]);
    expect((await views()).map((e) => e.actorOpenid)).toEqual([OPENID.GL]);

    expect(await t.call(OPENID.GL, 'cadre.households', { scope: 'grid', gridId: IDS.otherGrid })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '该网格不在您的管理范围内' });
    expect(await t.call(OPENID.GL, 'cadre.households', { scope: 'mine' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // The other grid's leader: their households hold no tags, so nothing is logged.
    await t.ok(OPENID.GL2, 'cadre.households', { purpose: '帮扶核对' });
    expect(await views()).toHaveLength(1);
  });

  it('a B角 sees the households of the cadre they stand in for while that cadre is away, not of one who is present', async () => {
    // 王五 (pC) backs up 张三 (pA, present) and 李四 (pB, away): 李四's 102 only.
    const r = await t.ok(OPENID.C, 'cadre.households', {});
    expect(r.households.map((h: { id: string; cadreName: string }) => [h.id, h.cadreName])).toEqual([[IDS.hhAway, '李四']]);
    // 张三 goes away too: his 101 (with 低保) joins; its tags, shown with a purpose, are audited as a stand-in's view.
    await t.ok(ADMIN, 'admin.people.setAway', { personId: 'pA', away: { from: '2026-01-01', to: '2027-12-31' } });
    const both = await t.ok(OPENID.C, 'cadre.households', { purpose: '代岗走访' });
    expect(both.households.map((h: { id: string }) => h.id)).toEqual([IDS.hhServed, IDS.hhAway]);
    expect(both.households[0].tags).toEqual(['低保']);
    expect((await views()).map((e) => e.detail)).toEqual([expect.stringContaining('包保干部查看所包保住户（含代岗）')]);
    // 张三 back: his households leave 王五's list.
    await t.ok(ADMIN, 'admin.people.setAway', { personId: 'pA', away: null });
    expect((await t.ok(OPENID.C, 'cadre.households', {})).households.map((h: { id: string }) => h.id)).toEqual([IDS.hhAway]);
  });

  it('refuses residents, admins and departments in Chinese; a purpose must say something', async () => {
    for (const who of ['o-resident', ADMIN, OPENID.street, OPENID.D1]) {
      const r = await t.call(who, 'cadre.households', {});
      expect(r, who).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '包保住户仅对包保干部和网格长开放' });
    }
    expect(await t.call(OPENID.A, 'cadre.households', { purpose: '看' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('用途') });
    expect(await t.call(OPENID.A, 'cadre.households', { page: 99 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await views()).toEqual([]);
  });
});
