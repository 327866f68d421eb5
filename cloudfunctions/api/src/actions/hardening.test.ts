// Issue 10 (items 5, 6, 8, 9, 11, 19): hostile use, double taps and retries against the real handlers.
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../test/fixture';
import { OPENID, photoOf, setup, submitForm } from '../../test/harness';
import { subscribe } from '../../test/subscribe';
import type { Database } from '../cloud';
import { usersRepo } from '../repo/users';

const ADMIN = OPENID.admin; // 社区管理员 of T01-01
const OTHER = OPENID.admin2; // 社区管理员 of T01-02
const R = 'o-resident-hardening';
const ROOM = '1栋1单元101';

type T = Awaited<ReturnType<typeof setup>>;


async function storedFile(t: T, fileID: string) {
  const p = t.emu.storage.fileIdToPath(fileID);
  return p ? t.emu.storage.get(p) : null;
}

describe('issue 10 hardening', () => {
  let t: T;
  beforeEach(async () => {
    t = await setup();
  });

  describe('5. cross-scope leaks', () => {
    it('card.qrcode: only the holder or an admin whose subtree holds the card', async () => {
      expect((await t.ok(ADMIN, 'card.qrcode', { cardCode: 'CARDA' })).scene).toBe('CARDA');
      expect((await t.ok(OPENID.A, 'card.qrcode', { cardCode: 'CARDA' })).scene).toBe('CARDA');
      expect((await t.ok(OPENID.street, 'card.qrcode', { cardCode: 'CARDY' })).scene).toBe('CARDY');
      for (const [who, code] of [[OTHER, 'CARDA'], [ADMIN, 'CARDY'], [OPENID.B, 'CARDA'], ['o-resident', 'CARDA']]) {
        const r = await t.call(who, 'card.qrcode', { cardCode: code });
        expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        expect(r.message).toMatch(/[\u4e00-\u9fff]/);
      }
    });

    it("admin.import with another admin's jobId is refused and leaves that job alone", async () => {
      const header = ['编号', '单元编号', '房号', '人数', '标签', '包保干部编号'];
      const csv = (rows: string[][]) => '\ufeff' + rows.map((r) => r.join(',')).join('\n');
      const mine = await t.emu.storage.put(`uploads/${ADMIN}/h.csv`, Buffer.from(csv([header, [`${IDS.unit}-0301`, IDS.unit, '301', '2', '', '']])));
      await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID: mine, jobId: 'job-owned-1' });
      const before = (await t.emu.db.collection('jobs').doc('job-owned-1').get()).data;
      const theirs = await t.emu.storage.put(`uploads/${OTHER}/h.csv`, Buffer.from(csv([header, [`${IDS.unit2}-0301`, IDS.unit2, '301', '2', '', '']])));
      const r = await t.call(OTHER, 'admin.import', { kind: 'households', format: 'csv', fileID: theirs, jobId: 'job-owned-1' });
      expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(r.message).toMatch(/任务编号/);
      expect((await t.emu.db.collection('jobs').doc('job-owned-1').get()).data).toEqual(before);
      expect(await t.count('households')).toBe(6); // nothing of theirs was written either
      // The owner may reuse their own job id (a retried call).
      await t.ok(ADMIN, 'admin.import', { kind: 'households', format: 'csv', fileID: mine, jobId: 'job-owned-1' });
    });

    it('anonymous items: no room number for the grid leader or admins, in detail or lists', async () => {
      await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      const { item } = await t.ok(R, 'item.submit', submitForm({ anonymous: true }));
      for (const who of [OPENID.GL, ADMIN, OPENID.A, OPENID.street]) {
        const v = await t.ok(who, 'item.detail', { id: item.id });
        expect(JSON.stringify(v)).not.toContain(ROOM);
        expect(JSON.stringify({ ...v, id: '' })).not.toMatch(/101室|单元101/);
        expect(v.timeline[0].actor).toBe('匿名');
      }
      const inbox = await t.ok(OPENID.A, 'cadre.inbox', { filter: 'todo' });
      expect(JSON.stringify(inbox)).not.toContain(ROOM);
      // The submitter still sees their own household.
      expect((await t.ok(R, 'item.detail', { id: item.id })).householdLabel).toBe(ROOM);
    });

    it('the room number reaches only the submitter and the holder, also through the timeline', async () => {
      await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      const { item } = await t.ok(R, 'item.submit', submitForm());
      expect((await t.ok(OPENID.A, 'item.detail', { id: item.id })).timeline[0].actor).toBe(ROOM);
      for (const who of [OPENID.GL, ADMIN]) {
        const v = await t.ok(who, 'item.detail', { id: item.id });
        expect(v.householdLabel).toBeNull();
        expect(JSON.stringify(v)).not.toContain(ROOM);
      }
    });

    it("anonymous items' photos live under an opaque path, not the reporter's OPENID", async () => {
      await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      const jpg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
      const up = await t.emu.storage.put(`uploads/${R}/p1.jpg`, jpg);
      const f = submitForm({ anonymous: true, photos: [up] });
      const { item } = await t.ok(R, 'item.submit', f);
      expect(item.photos).toHaveLength(1);
      const doc = (await t.emu.db.collection('items').doc(item.id).get()).data;
      for (const v of [item, await t.ok(OPENID.A, 'item.detail', { id: item.id }), await t.ok(OPENID.GL, 'item.detail', { id: item.id })]) {
        expect(JSON.stringify(v)).not.toContain(R);
      }
      expect(JSON.stringify(doc.photos)).not.toContain(R);
      expect((await storedFile(t, doc.photos[0]))!.content).toEqual(jpg);
      // A retried tap answers the same item and the same photo.
      const again = await t.ok(R, 'item.submit', f);
      expect(again).toMatchObject({ duplicate: true, item: { id: item.id, photos: item.photos } });
      // A photo that is not (or no longer) there is refused before anything is written.
      const bad = await t.call(R, 'item.submit', submitForm({ anonymous: true, photos: [photoOf(R, 9)] }));
      expect(bad).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(bad.message).toMatch(/重新上传/);
      expect(await t.count('items')).toBe(1);
    });
  });

  describe('6. formula injection in exports', () => {
    const DANGER = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];

    async function poison() {
      const col = t.emu.db.collection('people');
      await col.doc('pA').update({ data: { workUnit: DANGER[0], title: DANGER[1] } });
      await col.doc('pB').update({ data: { workUnit: DANGER[2], title: DANGER[3] } });
      await col.doc('pC').update({ data: { workUnit: DANGER[4], title: DANGER[5] } });
    }

    it('csv cells starting with = + - @ tab or CR get a leading quote', async () => {
      await poison();
      const ex = await t.ok(ADMIN, 'admin.export', { kind: 'cadres', format: 'csv', nodeId: IDS.grid });
      const text = (await storedFile(t, ex.fileID))!.content.toString('utf8');
      for (const d of DANGER) expect(text).toContain(`'${d.replace(/"/g, '""')}`);
      expect(text).not.toMatch(/(^|,)"?[=+\-@\t\r]/m);
    });

    it('xlsx text cells get the same quote; re-importing the export changes nothing', async () => {
      await poison();
      const ex = await t.ok(ADMIN, 'admin.export', { kind: 'cadres', format: 'xlsx', nodeId: IDS.grid });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await storedFile(t, ex.fileID))!.content as any);
      const cells: string[] = [];
      wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
      // xlsx is XML: a stored CR reads back as LF.
      for (const d of DANGER) expect(cells).toContain(`'${d.replace('\r', '\n')}`);
      expect(cells.filter((c) => /^[=+\-@\t\r\n]/.test(c))).toEqual([]);
      // The quote is a display guard only: importing the file back reads the original text.
      // (Leading tab/CR are whitespace that a spreadsheet does not keep; leave them out here.)
      await t.emu.db.collection('people').doc('pC').update({ data: { workUnit: '测试局', title: '科员' } });
      const ex2 = await t.ok(ADMIN, 'admin.export', { kind: 'cadres', format: 'xlsx', nodeId: IDS.grid });
      const fileID = await t.emu.storage.put(`uploads/${ADMIN}/back.xlsx`, (await storedFile(t, ex2.fileID))!.content);
      const r = await t.ok(ADMIN, 'admin.import', { kind: 'cadres', format: 'xlsx', fileID, jobId: 'job-roundtrip' });
      expect(r).toMatchObject({ ok: true, created: 0, updated: 0 });
      expect((await t.emu.db.collection('people').doc('pA').get()).data.workUnit).toBe(DANGER[0]);
      expect((await t.emu.db.collection('people').doc('pB').get()).data).toMatchObject({ workUnit: DANGER[2], title: DANGER[3] });
    });
  });

  describe('8. double taps on onboarding', () => {
    it('concurrent identical household.confirm calls all succeed', async () => {
      const rs = await Promise.all(Array.from({ length: 6 }, () => t.call('o-fresh', 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed })));
      expect(rs.map((r) => r.code ?? 'ok')).toEqual(Array(6).fill('ok'));
      const me = await t.ok('o-fresh', 'auth.whoami', {});
      expect(me.household?.label ?? me.householdLabel ?? JSON.stringify(me)).toContain(ROOM);
    });

    it('concurrent identical invite.accept calls by one account all succeed', async () => {
      const inv = await t.ok(ADMIN, 'admin.invite.create', { personId: 'pB' });
      const rs = await Promise.all(Array.from({ length: 6 }, () => t.call('o-new-pB', 'invite.accept', { code: inv.code })));
      expect(rs.map((r) => r.code ?? 'ok')).toEqual(Array(6).fill('ok'));
      expect(await t.ok('o-new-pB', 'auth.whoami', {})).toMatchObject({ canHandle: true, person: { id: 'pB' } });
    });

    it('the users repository upserts idempotently: an unchanged update is not a missing account', async () => {
      const users = usersRepo(t.emu.db as unknown as Database);
      const now = new Date('2026-11-20T03:00:00Z');
      const hh = { id: IDS.hhServed, streetId: IDS.street, communityId: IDS.community, gridId: IDS.grid, buildingId: IDS.building, unitId: IDS.unit, label: ROOM };
      const person = { id: 'pB', name: '李四', title: '科员', workUnit: '测试局' };
      // The same call twice in one millisecond changes nothing the second time.
      await users.setHousehold('o-again', hh, now);
      await users.setHousehold('o-again', hh, now);
      await users.bindPerson('o-again', person, [{ role: 'cadre', nodeId: IDS.grid }], now);
      await users.bindPerson('o-again', person, [{ role: 'cadre', nodeId: IDS.grid }], now);
      await Promise.all([users.setHousehold('o-race', hh, now), users.setHousehold('o-race', hh, now), users.bindPerson('o-race2', person, [], now), users.bindPerson('o-race2', person, [], now)]);
      expect(await users.get('o-again')).toMatchObject({ householdId: IDS.hhServed, person: { id: 'pB' } });
      expect(await users.get('o-race')).toMatchObject({ householdId: IDS.hhServed });
    });
  });

  describe('9. numbers are bounded', () => {
    const BAD = [1e308, Infinity, -Infinity, NaN, -1, 1.5, 1e6];
    it.each([
      ['item.mine', R, {}],
      ['cadre.inbox', OPENID.A, { filter: 'todo' }],
      ['admin.people.list', ADMIN, { nodeId: IDS.grid }],
    ] as const)('%s answers INVALID_INPUT in Chinese for a wild page', async (action, who, base) => {
      for (const page of BAD) {
        const r = await t.call(who, action as any, { ...base, page });
        expect(r, `page ${page}`).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
        expect(r.message).toMatch(/页码/);
      }
      await t.ok(who, action as any, { ...base, page: 3 });
    });

    it('versions, stars, members and ttl are bounded too', async () => {
      expect((await t.call(OPENID.A, 'item.accept', { id: 'x'.repeat(10), version: 1e308 })).code).toBe('INVALID_INPUT');
      expect((await t.call(OPENID.A, 'item.accept', { id: 'x'.repeat(10), version: NaN })).code).toBe('INVALID_INPUT');
      expect((await t.call(R, 'item.rate', { id: 'x'.repeat(10), version: 0, stars: Infinity, solved: true })).code).toBe('INVALID_INPUT');
      expect((await t.call(ADMIN, 'admin.household.save', { id: `${IDS.unit}-0909`, unitId: IDS.unit, room: '909', members: NaN })).code).toBe('INVALID_INPUT');
      expect((await t.call(ADMIN, 'admin.invite.create', { personId: 'pA', ttlHours: Infinity })).code).toBe('INVALID_INPUT');
    });
  });

  describe('11. a retried command whose change is already applied', () => {
    let id: string;
    beforeEach(async () => {
      await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      id = (await t.ok(R, 'item.submit', submitForm())).item.id;
    });

    it('answers success for the same actor and command, once per change', async () => {
      await subscribe(t, R, 'TPL_ITEM_UPDATED', 5);
      const a = await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      expect(await t.ok(OPENID.A, 'item.accept', { id, version: 0 })).toMatchObject({ state: 'accepted', version: 1 });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      expect(await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] })).toMatchObject({ state: 'resolved', version: 2 });
      await t.ok(R, 'item.rate', { id, version: 2, stars: 5, solved: true });
      expect(await t.ok(R, 'item.rate', { id, version: 2, stars: 5, solved: true })).toMatchObject({ state: 'closed', version: 3 });
      const v = await t.ok(R, 'item.detail', { id });
      expect(v.timeline.map((e: { actionLabel: string }) => e.actionLabel)).toEqual(['提交', '受理', '办结', '评价']);
      expect(v.ratings).toHaveLength(1);
      expect(a.version).toBe(1);
      // Each change was announced once.
      const { data } = await t.emu.platformDb.collection('_emu_messages').where({ touser: R }).get();
      expect(data).toHaveLength(2);
    });

    it('a retried command whose notice was lost in the crash sends it now', async () => {
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      await t.emu.db.collection('outbox').doc(`${id}:v1`).remove();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      expect(await t.count('outbox')).toBe(2); // v0 to the cadre, v1 to the resident
    });

    it('still answers CONFLICT for another actor, another command or another payload', async () => {
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      expect(await t.call(OPENID.A, 'item.reject', { id, version: 0, code: 'outOfArea', note: '不属于本社区' })).toMatchObject({ ok: false, code: 'CONFLICT' });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      expect(await t.call(OPENID.A, 'item.resolve', { id, version: 1, note: '另一种说法', photos: [] })).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(await t.call(OPENID.A, 'item.accept', { id, version: 0 })).toMatchObject({ ok: false, code: 'CONFLICT' });
      await t.ok(R, 'item.rate', { id, version: 2, stars: 5, solved: true });
      expect(await t.call(R, 'item.rate', { id, version: 2, stars: 4, solved: true })).toMatchObject({ ok: false, code: 'CONFLICT' });
    });

    it('another admin working the same community queue gets CONFLICT, not success', async () => {
      await t.emu.db.collection('items').doc(id).update({
        data: { holder: { kind: 'queue', nodeId: IDS.community, name: '社区待办' }, holderKey: `queue:${IDS.community}` },
      });
      await t.ok(ADMIN, 'item.accept', { id, version: 0 });
      expect(await t.call(OPENID.street, 'item.accept', { id, version: 0 })).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(await t.ok(ADMIN, 'item.accept', { id, version: 0 })).toMatchObject({ state: 'accepted', version: 1 });
    });
  });

  describe('19. card codes are case-insensitive', () => {
    it('card.resolve, household.browse/confirm and card.qrcode accept lower case', async () => {
      const r = await t.ok('o-any', 'card.resolve', { scene: ' carda ' });
      expect(r).toMatchObject({ status: 'active', card: { cardCode: 'CARDA', name: '张三' } });
      await t.ok('o-any', 'household.browse', { cardCode: 'cArDa' });
      await t.ok('o-any', 'household.confirm', { cardCode: 'carda', householdId: IDS.hhServed });
      expect((await t.ok(OPENID.A, 'card.qrcode', { cardCode: 'carda' })).scene).toBe('CARDA');
      const s = await t.ok('o-any', 'item.submit', submitForm({ cardCode: 'carda' }));
      expect(s.item.id).toBeTruthy();
    });
  });
});
