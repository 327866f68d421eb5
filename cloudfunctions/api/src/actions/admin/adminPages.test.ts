// Issue 10, items 12–14, 18 and 21: the admin pages as a new community admin uses them.
import { beforeEach, describe, expect, it } from 'vitest';
import { COLUMNS } from '../../../../../src/core/importing/columns';
import { emptyKnown, planImport, type PlanStep } from '../../../../../src/core/importing/plan';
import { validateRows } from '../../../../../src/core/importing/rows';
import { householdCode, normalizeRoom, roomCode } from '../../../../../src/core/rooms';
import { households as fixtureHouseholds, orgNodes as fixtureNodes } from '../../../test/fixture';
import { IDS } from '../../../test/fixture';
import { OPENID, setup } from '../../../test/harness';
import { relabelBelow } from './relabel';
import { makeRepos } from '../../repo';

const ADMIN = OPENID.admin;

describe('admin pages (issue 10)', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  const nodeDoc = async (id: string) => (await t.emu.db.collection('orgNodes').doc(id).get()).data;
  const hhDoc = async (id: string) => (await t.emu.db.collection('households').doc(id).get()).data;

  describe('12: adding never overwrites; editing is explicit', () => {
    it('refuses to add a building under an existing code and leaves it as it was', async () => {
      const r = await t.call(ADMIN, 'admin.org.save', { id: IDS.building, parentId: IDS.grid, level: 'building', name: '新楼' });
      expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(r.message).toContain('已存在');
      expect(r.details).toMatchObject({ id: expect.stringContaining('已存在') });
      expect(await nodeDoc(IDS.building)).toMatchObject({ name: '1栋' });
    });

    it('renames only in edit mode, and edit mode never creates', async () => {
      const renamed = await t.ok(ADMIN, 'admin.org.save', { mode: 'edit', id: IDS.building, parentId: IDS.grid, level: 'building', name: '一号楼' });
      expect(renamed.name).toBe('一号楼');
      const missing = await t.call(ADMIN, 'admin.org.save', { mode: 'edit', id: `${IDS.grid}-77`, parentId: IDS.grid, level: 'building', name: '77栋' });
      expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await t.emu.db.collection('orgNodes').where({ _id: `${IDS.grid}-77` }).count()).toMatchObject({ total: 0 });
    });

    it('refuses to add a household under an existing code', async () => {
      const r = await t.call(ADMIN, 'admin.household.save', { id: IDS.hhServed, unitId: IDS.unit, room: '101', members: 9 });
      expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(await hhDoc(IDS.hhServed)).not.toHaveProperty('members', 9);
      // Editing it is explicit.
      const e = await t.ok(ADMIN, 'admin.household.save', { mode: 'edit', id: IDS.hhServed, unitId: IDS.unit, room: '101', members: 4 });
      expect(e.members).toBe(4);
    });
  });

  describe('13: one room-number normal form, unique in its unit', () => {
    it('normalizes room numbers and derives the code as seed and import do', () => {
      expect(normalizeRoom(' 0101 ')).toBe('101');
      expect(normalizeRoom('１２０２a')).toBe('1202A');
      expect(roomCode('101')).toBe('0101');
      expect(roomCode('1202A')).toBe('1202A');
      expect(roomCode('B3')).toBe('B3');
      expect(householdCode(IDS.unit, '0101')).toBe(`${IDS.unit}-0101`);
    });

    it('refuses a second household for the same room, whatever it is typed as', async () => {
      // 101 exists as …-0101: "101" under …-101 and "0101" are the same room.
      for (const [id, room] of [[`${IDS.unit}-101`, '101'], [`${IDS.unit}-X101`, '0101']]) {
        const r = await t.call(ADMIN, 'admin.household.save', { id, unitId: IDS.unit, room });
        expect(r.ok, `${id} ${room}`).toBe(false);
        expect(r.message).toMatch(/101/);
      }
      expect(await t.emu.db.collection('households').where({ unitId: IDS.unit }).count()).toMatchObject({ total: 3 });
    });

    it('checks the room itself, also against households whose code predates the normal form', async () => {
      await t.emu.db.collection('households').add({ data: { _id: `${IDS.unit}-OLD7`, streetId: IDS.street, communityId: IDS.community, gridId: IDS.grid, buildingId: IDS.building, unitId: IDS.unit, room: '202', label: '1栋1单元202' } });
      const r = await t.call(ADMIN, 'admin.household.save', { id: `${IDS.unit}-0202`, unitId: IDS.unit, room: '0202' });
      expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(r.message).toContain(`${IDS.unit}-OLD7`);
    });

    it('stores the normal form and refuses a code that does not match the room', async () => {
      const h = await t.ok(ADMIN, 'admin.household.save', { id: `${IDS.unit}-0301`, unitId: IDS.unit, room: '0301' });
      expect(h).toMatchObject({ id: `${IDS.unit}-0301`, room: '301', label: '1栋1单元301' });
      const r = await t.call(ADMIN, 'admin.household.save', { id: `${IDS.unit}-302`, unitId: IDS.unit, room: '302' });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(r.message).toContain(`${IDS.unit}-0302`);
    });
  });

  describe('13: the import keeps one household per room', () => {
    const rows = (...cells: [string, string][]) =>
      validateRows('households', cells.map(([code, room], i) => ({ row: i + 2, cells: Object.fromEntries(COLUMNS.households.map((c) => [c.key, c.key === 'code' ? code : c.key === 'unitCode' ? IDS.unit : c.key === 'room' ? room : ''])) }))).rows;
    const plan = (rs: ReturnType<typeof rows>): PlanStep => {
      const known = emptyKnown();
      for (let step = planImport('households', rs, known, { scopeNodeId: IDS.community, now: new Date() }); ; step = planImport('households', rs, known, { scopeNodeId: IDS.community, now: new Date() })) {
        if (step.status !== 'need') return step;
        for (const id of step.need.nodes ?? []) known.nodes.set(id, fixtureNodes.find((n) => n._id === id) ?? null);
        for (const id of step.need.households ?? []) known.households.set(id, fixtureHouseholds.find((h) => h._id === id) ?? null);
        for (const id of step.need.residentsOf ?? []) known.residentsOf.set(id, []);
        for (const id of step.need.householdsOfUnit ?? []) known.householdsOfUnit.set(id, fixtureHouseholds.filter((h) => h.unitId === id));
        for (const k of ['people', 'cards', 'users', 'workGroups'] as const) for (const id of step.need[k] ?? []) known[k].set(id, null);
      }
    };
    it('refuses two rows for one room, and a row for a room that already has its household', () => {
      const twice = plan(rows([`${IDS.unit}-0301`, '301'], [`${IDS.unit}-301`, '0301']));
      expect(twice.status).toBe('invalid');
      expect(JSON.stringify(twice)).toContain('是同一户');
      const again = plan(rows([`${IDS.unit}-101`, '101']));
      expect(again.status).toBe('invalid');
      expect(JSON.stringify(again)).toContain(`${IDS.unit}-0101`);
      expect(plan(rows([`${IDS.unit}-0301`, '0301'])).status).toBe('ready');
    });
  });

  describe('14: renaming a building relabels its households with it', () => {
    it('updates every household and its residents’ copy; no building shows two names', async () => {
      await t.ok('o-res', 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      await t.ok(ADMIN, 'admin.org.save', { mode: 'edit', id: IDS.building, parentId: IDS.grid, level: 'building', name: '1号楼' });
      const { data } = await t.emu.db.collection('households').where({ buildingId: IDS.building }).get();
      expect(data.map((h: any) => h.label).sort()).toEqual(['1号楼1单元101', '1号楼1单元102', '1号楼1单元201']);
      expect((await t.ok('o-res', 'auth.whoami', {})).household.label).toBe('1号楼1单元101');
      expect(await nodeDoc(IDS.building)).not.toHaveProperty('relabelPending');
      // A unit rename too.
      await t.ok(ADMIN, 'admin.org.save', { mode: 'edit', id: IDS.unit, parentId: IDS.building, level: 'unit', name: '一单元' });
      expect((await hhDoc(IDS.hhUnserved)).label).toBe('1号楼一单元201');
    });

    it('an interrupted relabel is marked, shown and finished by the next save; each batch is whole', async () => {
      // Six more households, so batches of 2 take several transactions.
      for (const room of ['301', '302', '401', '402', '501', '502']) {
        await t.ok(ADMIN, 'admin.household.save', { id: `${IDS.unit}-0${room}`, unitId: IDS.unit, room });
      }
      await t.emu.db.collection('orgNodes').doc(IDS.building).update({ data: { name: '1号楼', relabelPending: true } });
      const building = await nodeDoc(IDS.building);
      // The process dies after two batches.
      let batches = 0;
      await expect(
        relabelBelow({ db: t.emu.db as never, repos: makeRepos(t.emu.db as never) }, { ...building, _id: IDS.building } as never, { batchSize: 2, afterBatch: () => { if (++batches === 2) throw new Error('killed'); } }),
      ).rejects.toThrow('killed');
      const { data: mid } = await t.emu.db.collection('households').where({ buildingId: IDS.building }).get();
      const done = mid.filter((h: any) => h.label.startsWith('1号楼')).length;
      expect(done).toBe(4); // whole batches only
      // The page shows the building as unfinished.
      const view = await t.ok(ADMIN, 'admin.org.children', { parentId: IDS.grid });
      expect(view.children.find((n: { id: string }) => n.id === IDS.building)).toMatchObject({ relabelPending: true });
      // Saving it again (the page's 继续更新) finishes the job.
      await t.ok(ADMIN, 'admin.org.save', { mode: 'edit', id: IDS.building, parentId: IDS.grid, level: 'building', name: '1号楼' });
      const { data: after } = await t.emu.db.collection('households').where({ buildingId: IDS.building }).get();
      expect(after.every((h: any) => h.label.startsWith('1号楼1单元'))).toBe(true);
      expect(await nodeDoc(IDS.building)).not.toHaveProperty('relabelPending');
    });
  });

  describe('18: away cadres are marked in 包保分配', () => {
    it('the overview says who is away and until when', async () => {
      const o = await t.ok(ADMIN, 'admin.assign.overview', { gridId: IDS.grid });
      expect(o.cadres.find((c: { id: string }) => c.id === 'pB')).toMatchObject({ away: { from: '2026-01-01', to: '2027-12-31' } });
      expect(o.cadres.find((c: { id: string }) => c.id === 'pA').away).toBeUndefined();
    });
  });

  describe('21: 我的联系卡 only for staff who have a card', () => {
    it('whoami says whether the person holds a card', async () => {
      expect((await t.ok(OPENID.A, 'auth.whoami', {})).hasCard).toBe(true);
      expect((await t.ok(OPENID.GL, 'auth.whoami', {})).hasCard).toBe(false);
    });
  });
});
