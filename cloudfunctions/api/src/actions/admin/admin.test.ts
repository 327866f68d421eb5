import { beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../../test/fixture';
import { OPENID, reqId, setup } from '../../../test/harness';
import { COLLECTIONS, type CollectionDecl } from '../../collections';

const ADMIN = OPENID.admin; // 社区管理员 of T01-01
const OTHER = OPENID.admin2; // 社区管理员 of T01-02

describe('admin actions', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  describe('admin.scope', () => {
    it('answers each admin their own roots and roles; a non-admin is refused', async () => {
      expect(await t.ok(ADMIN, 'admin.scope', {})).toMatchObject({ roots: [{ id: IDS.community, name: '测试社区' }], roles: ['communityAdmin'] });
      expect(await t.ok(OTHER, 'admin.scope', {})).toMatchObject({ roots: [{ id: IDS.community2 }] });
      expect(await t.ok(OPENID.street, 'admin.scope', {})).toMatchObject({ roots: [{ id: IDS.street, name: '测试街道' }], roles: ['streetAdmin'] });
      expect(await t.call(OPENID.A, 'admin.scope', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await t.call('o-nobody', 'admin.scope', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });
  });

  describe('authorization: every admin action checks the caller’s subtree', () => {
    // Each targets community T01-01; the admin of T01-02 and non-admins must be refused.
    const calls: [string, Record<string, unknown>][] = [
      ['admin.org.children', { parentId: IDS.grid }],
      ['admin.org.save', { id: `${IDS.grid}-09`, parentId: IDS.grid, level: 'building', name: '9栋' }],
      ['admin.org.remove', { id: IDS.unit }],
      ['admin.household.save', { id: `${IDS.unit}-0909`, unitId: IDS.unit, room: '909' }],
      ['admin.people.list', { nodeId: IDS.grid }],
      ['admin.people.save', { name: '新干部', phone: '13900000000', workUnit: '测试局', title: '科员', gridId: IDS.grid, roles: [{ role: 'cadre', nodeId: IDS.grid }] }],
      ['admin.people.save', { id: 'pA', name: '张三', phone: '13900000000', workUnit: '测试局', title: '科员', gridId: IDS.grid2, roles: [{ role: 'cadre', nodeId: IDS.grid2 }] }],
      ['admin.people.setBackup', { personId: 'pA', backupId: 'pC' }],
      ['admin.people.setAway', { personId: 'pA', away: { from: '2026-01-01', to: '2026-12-31' } }],
      ['admin.assign.overview', { gridId: IDS.grid }],
      ['admin.assign.set', { cadreId: 'pA', nodeId: IDS.unit }],
      ['admin.invite.create', { personId: 'pA' }],
      ['admin.invite.list', { personId: 'pA' }],
      ['admin.card.reissue', { personId: 'pA' }],
      ['admin.card.pdf', { gridId: IDS.grid }],
      ['admin.export', { kind: 'households', format: 'csv', nodeId: IDS.community }],
      ['admin.departments.save', { id: 'D01', name: '城管中队', kind: '城管', scopeNodeId: IDS.community }],
      ['admin.departments.list', { nodeId: IDS.community }],
      ['admin.workGroups.list', { communityId: IDS.community }],
      ['admin.workGroups.save', { id: 'WG1', name: '第一工作组', communityId: IDS.community, leaderId: 'pA', deputyIds: ['pB', 'pC'], memberIds: ['pA', 'pB', 'pC'], areaNodeIds: [IDS.grid] }],
    ];
    it.each(calls)('%s is refused outside the subtree and for non-admins', async (action, data) => {
      const before = await snapshot(t);
      for (const who of [OTHER, OPENID.A, 'o-resident']) {
        const r = await t.call(who, action as never, data);
        expect(r.ok, `${who} ${action}`).toBe(false);
        expect(r.code).toBe('FORBIDDEN');
        expect(r.message).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(await snapshot(t)).toEqual(before);
    });

    it('invite.revoke is refused outside the subtree', async () => {
      const inv = await t.ok(ADMIN, 'admin.invite.create', { personId: 'pA' });
      expect(await t.call(OTHER, 'admin.invite.revoke', { code: inv.code })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    it('a street admin reaches every community below it', async () => {
      const r = await t.ok(OPENID.street, 'admin.org.children', {});
      expect(r.children.map((c: { id: string }) => c.id)).toEqual([IDS.street]);
      await t.ok(OPENID.street, 'admin.assign.overview', { gridId: IDS.grid2 });
      await t.ok(OPENID.street, 'admin.assign.overview', { gridId: IDS.grid });
    });
  });

  describe('org tree', () => {
    it('builds grid → building → unit → household with unified codes; renaming keeps the code', async () => {
      await t.ok(ADMIN, 'admin.org.save', { id: 'T01-01-03', parentId: IDS.community, level: 'grid', name: '第三网格', gridType: 'special' });
      await t.ok(ADMIN, 'admin.org.save', { id: 'T01-01-03-01', parentId: 'T01-01-03', level: 'building', name: '1栋' });
      await t.ok(ADMIN, 'admin.org.save', { id: 'T01-01-03-01-1', parentId: 'T01-01-03-01', level: 'unit', name: '1单元' });
      const h = await t.ok(ADMIN, 'admin.household.save', { id: 'T01-01-03-01-1-0101', unitId: 'T01-01-03-01-1', room: '101', members: 3, tags: ['独居老人'], consent: { by: '本人', at: '2026-11-01', purpose: '关怀走访' } });
      expect(h.label).toBe('1栋1单元101');
      await t.ok(ADMIN, 'admin.org.save', { mode: 'edit', id: 'T01-01-03-01', parentId: 'T01-01-03', level: 'building', name: '一号楼' });
      const b = await t.ok(ADMIN, 'admin.org.children', { parentId: 'T01-01-03-01' });
      expect(b.parent.name).toBe('一号楼');
      expect(b.children.map((c: { id: string }) => c.id)).toEqual(['T01-01-03-01-1']);
      expect(b.trail.map((n: { id: string }) => n.id)).toEqual([IDS.community, 'T01-01-03', 'T01-01-03-01']);
      const u = await t.ok(ADMIN, 'admin.org.children', { parentId: 'T01-01-03-01-1' });
      expect(u.households[0]).toMatchObject({ room: '101', tags: ['独居老人'], cadreId: null });
    });

    it.each([
      [{ id: 'X-01', parentId: IDS.community, level: 'grid', name: '错网格', gridType: 'urban' }, '上级编号'],
      [{ id: 'T01-01-05', parentId: IDS.community, level: 'building', name: '楼' }, '只能添加网格'],
      [{ id: 'T01-01-05', parentId: IDS.community, level: 'grid', name: '无类型' }, '网格类型'],
      // Re-saving grid 1's building under grid 2: its code does not extend grid 2's code.
      [{ id: IDS.building, parentId: IDS.otherGrid, level: 'building', name: '换上级' }, '上级编号'],
      [{ id: `${IDS.grid}-${IDS.grid}-01`, parentId: IDS.grid, level: 'building', name: '重复前缀' }, '不含“-”'],
    ])('refuses %j', async (data, msg) => {
      const r = await t.call(ADMIN, 'admin.org.save', data);
      expect(r.ok).toBe(false);
      expect(r.message).toContain(msg);
    });

    it('refuses a code another node already holds (抢编号), even when it fits the parent', async () => {
      // Only data made outside the unified codes can hold a fitting code under another parent.
      const id = `${IDS.otherGrid}-07`;
      await t.emu.db.collection('orgNodes').add({ data: { _id: id, level: 'building', name: '旧楼', parentId: IDS.grid, path: [IDS.street, IDS.community, IDS.grid] } });
      const r = await t.call(ADMIN, 'admin.org.save', { id, parentId: IDS.otherGrid, level: 'building', name: '抢编号' });
      expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(r.message).toContain('已被其他组织使用');
      expect((await t.emu.db.collection('orgNodes').doc(id).get()).data).toMatchObject({ name: '旧楼', parentId: IDS.grid });
    });

    it("will not delete the root of the admin's own subtree, even an empty one; the admin above may", async () => {
      // An empty community and its admin: only the root guard stands between them.
      const at = new Date('2026-11-20T02:00:00Z');
      const roles = [{ role: 'communityAdmin', nodeId: 'T01-03' }];
      await t.emu.db.collection('orgNodes').add({ data: { _id: 'T01-03', level: 'community', name: '空社区', parentId: IDS.street, path: [IDS.street] } });
      await t.emu.db.collection('people').add({ data: { _id: 'pAdmin3', name: '空社区管理员', phone: '13800000003', workUnit: '测试局', title: '科员', roles, openid: 'o-pAdmin3', communityId: 'T01-03' } });
      await t.emu.db.collection('users').add({ data: { _id: 'o-pAdmin3', roles, person: { id: 'pAdmin3', name: '空社区管理员', title: '科员', workUnit: '测试局' }, createdAt: at, updatedAt: at } });
      const r = await t.call('o-pAdmin3', 'admin.org.remove', { id: 'T01-03' });
      expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(r.message).toContain('根节点');
      expect((await t.emu.db.collection('orgNodes').where({ _id: 'T01-03' }).count()).total).toBe(1);
      expect(await t.ok(OPENID.street, 'admin.org.remove', { id: 'T01-03' })).toEqual({ removed: true });
    });

    it('will not delete a node that still has households', async () => {
      const r = await t.call(ADMIN, 'admin.org.remove', { id: IDS.unit });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_STATE' });
      expect(r.message).toContain('住户');
    });
  });

  describe('people, backup and away', () => {
    it('creates a cadre with a card; routing uses the backup while the cadre is away', async () => {
      const p = await t.ok(ADMIN, 'admin.people.save', {
        name: '新干部', phone: '13912345678', workUnit: '蛟河市民政局', title: '科员', gridId: IDS.grid, roles: [{ role: 'cadre', nodeId: IDS.grid }],
      });
      expect(p.cardCode).toMatch(/^C[A-Z0-9]{6}$/);
      expect(p.bound).toBe(false);
      const card = await t.ok('o-any', 'card.resolve', { scene: p.cardCode });
      expect(card.card.name).toBe('新干部');

      await t.ok(ADMIN, 'admin.people.setAway', { personId: 'pA', away: { from: '2026-01-01', to: '2027-12-31' } });
      await t.ok('o-r', 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      const r = await t.ok('o-r', 'item.submit', { clientRequestId: reqId(), kind: 'request', category: '其他', description: '请帮忙联系物业维修', photos: [], anonymous: false });
      expect(r.item.holderName).toBe('王五'); // pA's B角 is pC
      await t.ok(ADMIN, 'admin.people.setBackup', { personId: 'pA', backupId: 'pGL' });
      const r2 = await t.ok('o-r', 'item.submit', { clientRequestId: reqId(), kind: 'request', category: '其他', description: '第二件诉求请处理', photos: [], anonymous: false });
      expect(r2.item.holderName).toBe('钱网格长');
    });

    it('rejects bad away periods, self-backup and cross-community backups', async () => {
      expect((await t.call(ADMIN, 'admin.people.setAway', { personId: 'pA', away: { from: '2026-05-02', to: '2026-05-01' } })).message).toContain('结束日期');
      expect((await t.call(ADMIN, 'admin.people.setBackup', { personId: 'pA', backupId: 'pA' })).message).toContain('本人');
      // The community admin cannot even see pY (scope); the street admin sees both, and the same-community rule refuses.
      expect(await t.call(ADMIN, 'admin.people.setBackup', { personId: 'pA', backupId: 'pY' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      const r = await t.call(OPENID.street, 'admin.people.setBackup', { personId: 'pA', backupId: 'pY' });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(r.message).toContain('同一社区');
    });

    it('a role change reaches a bound account at once', async () => {
      await t.ok(ADMIN, 'admin.people.save', {
        id: 'pC', name: '王五', phone: '13800000000', workUnit: '测试局', title: '科员', gridId: IDS.grid,
        roles: [{ role: 'cadre', nodeId: IDS.grid }, { role: 'buildingLeader', nodeId: IDS.building }],
      });
      const me = await t.ok(OPENID.C, 'auth.whoami', {});
      expect(me.roles.map((r: { role: string }) => r.role)).toEqual(['cadre', 'buildingLeader']);
    });
  });

  describe('包保 assignment', () => {
    it('shows counts against the target and unserved households, and assigns a unit in one write', async () => {
      let o = await t.ok(ADMIN, 'admin.assign.overview', { gridId: IDS.grid });
      expect(o.target).toBe(30);
      expect(o.unservedCount).toBe(1);
      expect(o.cadres.find((c: { id: string }) => c.id === 'pA')).toMatchObject({ count: 1, status: 'under' });
      t.emu.db.resetStats();
      const r = await t.ok(ADMIN, 'admin.assign.set', { cadreId: 'pC', nodeId: IDS.unit, onlyUnserved: true });
      expect(r.changed).toBe(1);
      expect(t.emu.db.stats().byCollection.households.writes).toBe(1);
      o = await t.ok(ADMIN, 'admin.assign.overview', { gridId: IDS.grid });
      expect(o.unservedCount).toBe(0);
      // Routing follows the new assignment even for a resident who confirmed earlier.
      await t.ok('o-r3', 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhUnserved });
      const item = await t.ok('o-r3', 'item.submit', { clientRequestId: reqId(), kind: 'wish', category: '帮扶救助', description: '希望有人帮忙买菜送菜', photos: [], anonymous: false });
      expect(item.item.holderName).toBe('王五');
    });

    it('never assigns households of another grid', async () => {
      const r = await t.call(ADMIN, 'admin.assign.set', { cadreId: 'pA', nodeId: 'T01-01-02-01' });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      const r2 = await t.ok(ADMIN, 'admin.assign.set', { cadreId: 'pA', householdIds: [IDS.hhOther], onlyUnserved: false });
      expect(r2.changed).toBe(0);
    });
  });

  describe('invites bind a WeChat account to a person once', () => {
    it('accept binds the OPENID and the role takes effect at once; a second use fails', async () => {
      const inv = await t.ok(ADMIN, 'admin.invite.create', { personId: 'pB', ttlHours: 24 });
      expect(inv.code).toMatch(/^[A-Z0-9]{8}$/);
      expect(inv.url).toBe(`/pages/invite/index?scene=${inv.code}`);
      expect(inv.qrUrl).toMatch(/\/storage\/invites\//);
      const newPhone = 'o-new-phone-of-pB';
      expect((await t.ok(newPhone, 'auth.whoami', {})).canHandle).toBe(false);
      const r = await t.ok(newPhone, 'invite.accept', { code: inv.code });
      expect(r).toMatchObject({ personId: 'pB', roles: ['cadre'] });
      const me = await t.ok(newPhone, 'auth.whoami', {});
      expect(me).toMatchObject({ canHandle: true, person: { id: 'pB' } });
      // The old account lost the role.
      expect((await t.ok(OPENID.B, 'auth.whoami', {})).canHandle).toBe(false);
      // Used: nobody else can use it; the same account may repeat it harmlessly.
      const again = await t.call('o-someone', 'invite.accept', { code: inv.code });
      expect(again).toMatchObject({ ok: false, code: 'INVALID_STATE' });
      expect(again.message).toContain('已被使用');
      await t.ok(newPhone, 'invite.accept', { code: inv.code });
      const list = await t.ok(ADMIN, 'admin.invite.list', { personId: 'pB' });
      expect(list.invites[0].status).toBe('used');
      // The binding is a role change in the audit log, once (the repeated accept adds nothing).
      const log = (await t.emu.db.collection('audit').where({ action: 'person.roles.change', target: 'pB' }).get()).data as { actorOpenid: string; detail: string }[];
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ actorOpenid: newPhone, detail: expect.stringContaining('通过邀请码绑定微信账号') });
    });

    it('two people racing for one invite: exactly one wins', async () => {
      const inv = await t.ok(ADMIN, 'admin.invite.create', { personId: 'pC' });
      const rs = await Promise.all(['o-1', 'o-2', 'o-3', 'o-4'].map((o) => t.call(o, 'invite.accept', { code: inv.code })));
      expect(rs.filter((r) => r.ok)).toHaveLength(1);
    });

    it('an expired or revoked invite cannot be used', async () => {
      const a = await t.ok(ADMIN, 'admin.invite.create', { personId: 'pA', ttlHours: 1 });
      await t.emu.db.collection('invites').doc(a.code).update({ data: { expiresAt: new Date(Date.now() - 1000) } });
      const r = await t.call('o-late', 'invite.accept', { code: a.code });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_STATE' });
      expect(r.message).toContain('已过期');
      expect((await t.ok(ADMIN, 'admin.invite.list', { personId: 'pA' })).invites[0].status).toBe('expired');
      const b = await t.ok(ADMIN, 'admin.invite.create', { personId: 'pA' });
      await t.ok(ADMIN, 'admin.invite.revoke', { code: b.code });
      expect((await t.call('o-late', 'invite.accept', { code: b.code })).message).toContain('撤销');
      expect(await t.call('o-late', 'invite.accept', { code: 'NOPE0000' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await t.call('o-late', 'invite.accept', { code: 'bad' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    });
  });

  describe('departments and work groups', () => {
    it('registers a department and lists it for the community', async () => {
      await t.ok(ADMIN, 'admin.departments.save', { id: 'D01', name: '城管中队', kind: '城管', scopeNodeId: IDS.community, phone: '0432-1234567' });
      const r = await t.ok(ADMIN, 'admin.departments.list', { nodeId: IDS.grid });
      expect(r.departments).toEqual([{ id: 'D01', name: '城管中队', kind: '城管', scopeNodeId: IDS.community, phone: '0432-1234567' }]);
      expect((await t.call(ADMIN, 'admin.departments.save', { id: 'D02', name: '某部门', kind: '外星', scopeNodeId: IDS.community })).code).toBe('INVALID_INPUT');
    });

    it('a work group has a leader, two deputies and members, and prints its cards', async () => {
      const g = await t.ok(ADMIN, 'admin.workGroups.save', {
        id: 'WG1', name: '第一工作组', communityId: IDS.community, leaderId: 'pA', deputyIds: ['pB', 'pC'], memberIds: ['pA', 'pB', 'pC'], areaNodeIds: [IDS.grid],
      });
      expect(g).toMatchObject({ leaderName: '张三', deputyNames: ['李四', '王五'] });
      const pdf = await t.ok(ADMIN, 'admin.card.pdf', { workGroupId: 'WG1' });
      expect(pdf.count).toBe(3);
      await t.ok(ADMIN, 'admin.workGroups.save', { id: 'WG1', name: '第一工作组', communityId: IDS.community, leaderId: 'pA', deputyIds: [], memberIds: ['pA'], areaNodeIds: [] });
      expect((await t.ok(ADMIN, 'admin.card.pdf', { workGroupId: 'WG1' })).count).toBe(1);
      const bad = await t.call(ADMIN, 'admin.workGroups.save', { id: 'WG2', name: '跨社区组', communityId: IDS.community, leaderId: 'pA', deputyIds: [], memberIds: ['pY'], areaNodeIds: [] });
      expect(bad).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });
  });

  describe('spreadsheets', () => {
    const upload = (openid: string, name: string, content: string | Buffer) =>
      t.emu.storage.put(`uploads/${openid}/${name}`, typeof content === 'string' ? Buffer.from(content) : content);
    const csv = (rows: string[][]) => '\ufeff' + rows.map((r) => r.join(',')).join('\n');
    const header = ['编号', '单元编号', '房号', '人数', '标签', '包保干部编号'];

    it('imports households from csv with progress; re-importing changes nothing', async () => {
      // A sensitive tag (低保) needs its consent note in the three consent columns (importer: sensitive tags by import).
      const fileID = await upload(ADMIN, 'h.csv', csv([[...header, '标签同意人', '标签同意日期', '标签用途'], [`${IDS.unit}-0301`, IDS.unit, '301', '2', '低保', '', '王大爷本人', '2026-11-01', '低保户关怀走访'], [`${IDS.unit}-0302`, IDS.unit, '302', '1', '', 'pA', '', '', '']]));
      const r = await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-aaaaaaaa' });
      expect(r).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0 });
      expect(await t.ok(ADMIN, 'admin.job', { id: 'job-aaaaaaaa' })).toMatchObject({ status: 'done', processed: 2, total: 2 });
      expect(await t.call(OTHER, 'admin.job', { id: 'job-aaaaaaaa' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      const again = await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-bbbbbbbb' });
      expect(again).toEqual({ ok: true, created: 0, updated: 0, unchanged: 2 });
      const u = await t.ok(ADMIN, 'admin.org.children', { parentId: IDS.unit });
      expect(u.households.find((h: { room: string }) => h.room === '302')).toMatchObject({ cadreName: '张三' });
    });

    // The job and its scope lock (importLocks) are the import's own bookkeeping.
    const IMPORT_BOOKKEEPING = (COLLECTIONS as readonly CollectionDecl[]).filter((c) => c.bookkeeping === 'import').map((c) => c.name);

    it('a file with errors changes nothing and says which row is wrong', async () => {
      const before = await snapshot(t, IMPORT_BOOKKEEPING);
      const fileID = await upload(ADMIN, 'bad.csv', csv([header, [`${IDS.unit}-0301`, IDS.unit, '301', '2', '', ''], [`${IDS.unit}-0302`, 'T99-NOPE', '302', '-1', '', '']]));
      const r = await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-cccccccc' });
      expect(r.ok).toBe(false);
      expect(r.errors.every((e: { row: number }) => e.row === 3)).toBe(true);
      expect(r.errors.map((e: { message: string }) => e.message).join()).toMatch(/[\u4e00-\u9fff]/);
      expect(await snapshot(t, IMPORT_BOOKKEEPING)).toEqual(before);
    });

    it('another community’s admin cannot import into this community', async () => {
      const before = await snapshot(t, IMPORT_BOOKKEEPING);
      const fileID = await upload(OTHER, 'h.csv', csv([header, [`${IDS.unit}-0301`, IDS.unit, '301', '2', '', '']]));
      const r = await t.ok(OTHER, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-dddddddd' });
      expect(r.ok).toBe(false);
      expect(await snapshot(t, IMPORT_BOOKKEEPING)).toEqual(before);
      // Nor use a file someone else uploaded.
      expect(await t.call(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID, jobId: 'job-eeeeeeee' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    it('templates and exports are downloadable files', async () => {
      const tpl = await t.ok(ADMIN, 'admin.template', { kind: 'cadres', format: 'xlsx' });
      expect(tpl.name).toBe('包保干部-导入模板.xlsx');
      const path = t.emu.storage.fileIdToPath(tpl.fileID)!;
      expect((await t.emu.storage.get(path))!.content.subarray(0, 2).toString()).toBe('PK');
      const ex = await t.ok(ADMIN, 'admin.export', { kind: 'households', format: 'csv', nodeId: IDS.grid });
      const text = (await t.emu.storage.get(t.emu.storage.fileIdToPath(ex.fileID)!))!.content.toString('utf8');
      expect(text).toContain(IDS.hhServed);
      expect(text).not.toContain(IDS.hh2);
    });
  });

  describe('contact cards', () => {
    it('reissuing a card makes the old QR say it was replaced, pointing at the new card', async () => {
      const r = await t.ok(ADMIN, 'admin.card.reissue', { personId: 'pA' });
      expect(r.previous).toBe('CARDA');
      const old = await t.ok('o-any', 'card.resolve', { scene: 'CARDA' });
      expect(old).toMatchObject({ status: 'replaced', current: { cardCode: r.cardCode, name: '张三' } });
      expect((await t.ok('o-any', 'card.resolve', { scene: r.cardCode })).status).toBe('active');
      // Scanning the old card cannot be used to confirm a household any more.
      expect(await t.call('o-any', 'household.browse', { cardCode: 'CARDA' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    it('prints a grid’s cards as one PDF', async () => {
      const r = await t.ok(ADMIN, 'admin.card.pdf', { gridId: IDS.grid });
      expect(r.count).toBe(3);
      expect(r.name).toMatch(/^联系卡-.+\.pdf$/); // the download's name, in Chinese like the other files
      const f = await t.emu.storage.get(/exports\/.+$/.exec(r.fileID)![0]);
      expect(f?.content.subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});

/**
 * Every collection of the project's database, so that a write made before a refusal shows up
 * wherever it lands (departments, jobs, items, outbox …). Empty collections are left out (merely
 * reading one creates it), and so are the 防刷 counters, which count refused calls too. `except`:
 * collections a call may write although it changes nothing else (an import's job and scope lock).
 */
async function snapshot(t: Awaited<ReturnType<typeof setup>>, except: string[] = []) {
  const out: Record<string, unknown[]> = {};
  for (const c of (await t.emu.db.collectionNames()).filter((n) => n !== 'limits' && !except.includes(n)).sort()) {
    const { data } = await t.emu.db.collection(c).orderBy('_id', 'asc').limit(1000).get();
    if (data.length) out[c] = data;
  }
  return out;
}
