// Issue 11 point 5: consent notes for sensitive tags, tags left out of exports without a reason,
// the audit log (writes and audit.list), photo retention, and 个人信息查阅/删除.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTimer } from '../../../../timer/src/main';
import { IDS } from '../../../test/fixture';
import { OPENID, reqId, setup } from '../../../test/harness';
import { subscribe } from '../../../test/subscribe';
import { purgeDuePhotos, PURGE_BATCH } from '../../app/retention';
import { eraseMine } from '../../app/erase';
import type { CloudSdk, Database } from '../../cloud';
import { beforeUpdates } from '../../../test/faults';
import { makeRepos } from '../../repo';

const ADMIN = OPENID.admin;
const R = 'o-privacy-resident';
const consent = { by: '王大爷本人', at: '2026-11-01', purpose: '低保户关怀走访' };
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
const DAY = 86_400_000;

describe('privacy (issue 11 point 5)', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });
  const audit = async () => (await t.emu.db.collection('audit').orderBy('at', 'asc').get()).data;
  const household = async (id: string) => (await t.emu.db.collection('households').where({ _id: id }).get()).data[0];
  const fileText = async (fileID: string) => (await t.emu.storage.get(t.emu.storage.fileIdToPath(fileID)!))!.content.toString('utf8');
  const stored = async (fileID: string) => !!(await t.emu.storage.get(t.emu.storage.fileIdToPath(fileID)!));
  const upload = async (openid: string, n: number) => t.emu.storage.put(`uploads/${openid}/p${n}.jpg`, JPG);

  describe('sensitive tags need a consent note', () => {
    it('is refused without one (Chinese message), stored with who, when and why, and dropped with the last tag', async () => {
      const id = `${IDS.unit}-0901`;
      const base = { id, unitId: IDS.unit, room: '901', members: 1, tags: ['低保'] };
      const r = await t.call(ADMIN, 'admin.household.save', base);
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', details: { 'consent.by': expect.stringContaining('同意人') } });
      expect(r.message).toMatch(/低保.*同意/);
      expect(await household(id)).toBeFalsy();
      // A schema error is Chinese too.
      expect(await t.call(ADMIN, 'admin.household.save', { ...base, consent: { ...consent, by: '' } })).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('同意人') });
      // The import's limits too (one set, personal/schemas.ts): no impossible date.
      expect(await t.call(ADMIN, 'admin.household.save', { ...base, consent: { ...consent, at: '2026-02-30' } })).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '同意日期不是有效日期' });

      const view = await t.ok(ADMIN, 'admin.household.save', { ...base, consent });
      expect(view.tagConsent).toEqual(consent);
      expect((await household(id)).tagConsent).toMatchObject({ ...consent, recordedBy: '孙管理员', recordedAt: expect.any(Date) });
      // Editing the room keeps the note; a non-sensitive edit needs no new one.
      await t.ok(ADMIN, 'admin.household.save', { ...base, mode: 'edit', members: 2 });
      expect((await household(id)).tagConsent).toMatchObject({ by: consent.by });
      // Adding another sensitive tag needs a new note.
      expect(await t.call(ADMIN, 'admin.household.save', { ...base, mode: 'edit', tags: ['低保', '残疾'] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      // Withdrawing consent: the tags go, and the note with them.
      await t.ok(ADMIN, 'admin.household.save', { ...base, mode: 'edit', tags: [] });
      expect((await household(id)).tagConsent).toBeUndefined();
      const changes = (await audit()).filter((e) => e.action === 'household.tags.change');
      expect(changes.map((e) => e.reason)).toEqual([consent.purpose, '']);
      expect(changes[0].detail).toContain(consent.by);
    });

    it('are hidden from roles that may not see them: another community admin, department staff, cadres without an admin role, the resident', async () => {
      await t.ok(ADMIN, 'admin.household.save', { mode: 'edit', id: IDS.hhServed, unitId: IDS.unit, room: '101', members: 1, tags: ['独居老人'], consent });
      expect((await t.ok(ADMIN, 'admin.org.children', { parentId: IDS.unit })).households.find((h: { id: string }) => h.id === IDS.hhServed).tags).toEqual(['独居老人']);
      for (const who of [OPENID.admin2, OPENID.D1, OPENID.X, R]) {
        expect(await t.call(who, 'admin.org.children', { parentId: IDS.unit }), who).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        expect(await t.call(who, 'admin.export', { kind: 'households', format: 'csv', nodeId: IDS.grid, reason: '看看' }), who).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      }
      // A resident who binds that room (binding is not proof of living there) never sees the tags.
      await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      const mine = await t.ok(R, 'privacy.mine', {});
      expect(mine.household).toMatchObject({ id: IDS.hhServed });
      expect(JSON.stringify(mine)).not.toMatch(/独居老人|tag/i);
    });
  });

  describe('exports', () => {
    it('leave the tags out without a reason, include them with one, and log both', async () => {
      await t.ok(ADMIN, 'admin.household.save', { mode: 'edit', id: IDS.hhServed, unitId: IDS.unit, room: '101', members: 1, tags: ['低保'], consent });
      const plain = await fileText((await t.ok(ADMIN, 'admin.export', { kind: 'households', format: 'csv', nodeId: IDS.grid })).fileID);
      expect(plain).toContain(IDS.hhServed);
      expect(plain).not.toContain('标签');
      expect(plain).not.toContain('低保');
      const tagged = await fileText((await t.ok(ADMIN, 'admin.export', { kind: 'households', format: 'csv', nodeId: IDS.grid, reason: '低保年审走访名单' })).fileID);
      expect(tagged).toContain('标签');
      expect(tagged).toContain('低保');
      await t.ok(ADMIN, 'admin.export', { kind: 'cadres', format: 'csv', nodeId: IDS.grid });
      const log = (await audit()).filter((e) => e.action.endsWith('export'));
      expect(log.map((e) => [e.action, e.reason])).toEqual([['household.export', ''], ['household.export', '低保年审走访名单'], ['sheet.export', '']]);
      expect(log[0].detail).toContain('不含标签');
      for (const e of log) expect(e).toMatchObject({ actorOpenid: ADMIN, actorName: '孙管理员', at: expect.any(Date), scopeNodeId: IDS.community });
    });
  });

  describe('audit log', () => {
    it('records every read of household files and every role change, with who, when and why', async () => {
      await t.ok(ADMIN, 'admin.org.children', { parentId: IDS.unit }); // no tags at all: still a read of household files
      const person = await t.ok(ADMIN, 'admin.people.save', { name: '新干部', phone: '13900000001', workUnit: '测试社区', title: '干事', gridId: IDS.grid, roles: [{ role: 'cadre', nodeId: IDS.grid }] });
      await t.ok(ADMIN, 'admin.people.save', { id: person.id, name: '新干部', phone: '13900000001', workUnit: '测试社区', title: '干事', gridId: IDS.grid, roles: [{ role: 'cadre', nodeId: IDS.grid }, { role: 'gridLeader', nodeId: IDS.grid }], reason: '接任网格长' });
      // Saving without a role change adds nothing.
      await t.ok(ADMIN, 'admin.people.save', { id: person.id, name: '新干部', phone: '13900000002', workUnit: '测试社区', title: '干事', gridId: IDS.grid, roles: [{ role: 'gridLeader', nodeId: IDS.grid }, { role: 'cadre', nodeId: IDS.grid }] });
      const log = await audit();
      expect(log.map((e) => e.action)).toEqual(['household.view', 'person.roles.change', 'person.roles.change']);
      expect(log[0]).toMatchObject({ target: IDS.unit, actorName: '孙管理员', detail: expect.stringContaining('均无敏感标签') });
      expect(log[2]).toMatchObject({ target: person.id, reason: '接任网格长', detail: expect.stringContaining('网格长'), at: expect.any(Date) });
    });

    it('audit.list: a community admin reads their subtree only, newest first, by kind, in bounded pages', async () => {
      await t.ok(ADMIN, 'admin.export', { kind: 'households', format: 'csv', nodeId: IDS.grid, reason: '年度核查' });
      await t.ok(ADMIN, 'admin.org.children', { parentId: IDS.unit });
      await t.ok(OPENID.admin2, 'admin.export', { kind: 'households', format: 'csv', nodeId: IDS.community2 });
      const mine = await t.ok(ADMIN, 'audit.list', {});
      expect(mine.entries.map((e: { action: string }) => e.action)).toEqual(['household.view', 'household.export']);
      expect(mine.entries[1]).toMatchObject({ actionLabel: '导出住户', actorName: '孙管理员', reason: '年度核查', target: IDS.grid, at: expect.stringMatching(/^\d{4}-/) });
      expect(mine.hasMore).toBe(false);
      expect((await t.ok(ADMIN, 'audit.list', { action: 'household.export' })).entries).toHaveLength(1);
      const other = await t.ok(OPENID.admin2, 'audit.list', {});
      expect(other.entries.map((e: { target: string }) => e.target)).toEqual([IDS.community2]);
      // The street admin reads the whole street; an admin cannot ask for another community.
      expect((await t.ok(OPENID.street, 'audit.list', {})).entries).toHaveLength(3);
      expect(await t.call(ADMIN, 'audit.list', { nodeId: IDS.community2 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await t.call(ADMIN, 'audit.list', { nodeId: IDS.grid })).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请选择街道或社区查看审计日志' });
      expect(await t.call(ADMIN, 'audit.list', { page: 51 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      for (const who of [OPENID.A, OPENID.GL, R]) expect(await t.call(who, 'audit.list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      // 25 entries: two pages.
      for (let i = 0; i < 23; i++) await t.ok(ADMIN, 'admin.org.children', { parentId: IDS.unit });
      const p0 = await t.ok(ADMIN, 'audit.list', {});
      const p1 = await t.ok(ADMIN, 'audit.list', { page: 1 });
      expect([p0.entries.length, p0.hasMore, p1.entries.length, p1.hasMore]).toEqual([20, true, 5, false]);
    });
  });

  describe('photo retention', () => {
    async function closedItemWithPhotos() {
      await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      const mine = await upload(R, 1);
      const theirs = await upload(OPENID.A, 2);
      const { item } = await t.ok(R, 'item.submit', { clientRequestId: reqId(), kind: 'complaint', category: '环境卫生', description: '楼道堆放杂物', photos: [mine], anonymous: false });
      await t.ok(OPENID.A, 'item.accept', { id: item.id, version: 0 });
      await t.ok(OPENID.A, 'item.start', { id: item.id, version: 1 });
      await t.ok(OPENID.A, 'item.resolve', { id: item.id, version: 2, note: '已清理', photos: [theirs] });
      await t.ok(R, 'item.rate', { id: item.id, version: 3, stars: 5, solved: true });
      return { id: item.id, files: [mine, theirs] };
    }
    const item = async (id: string) => (await t.emu.db.collection('items').doc(id).get()).data;
    const timerAt = (at: Date) => createTimer(t.emu.cloud as unknown as CloudSdk, { now: () => at })();

    it('the timer deletes a closed item\'s photos after the street\'s period; the item stays and says so', async () => {
      const { id, files } = await closedItemWithPhotos();
      expect((await item(id)).photosClosedAt).toBeInstanceOf(Date);
      expect((await timerAt(new Date(Date.now() + 179 * DAY))).photos).toEqual({ items: 0, files: 0 });
      for (const f of files) expect(await stored(f)).toBe(true);
      expect((await timerAt(new Date(Date.now() + 181 * DAY))).photos).toEqual({ items: 1, files: 2 });
      for (const f of files) expect(await stored(f)).toBe(false);
      const after = await item(id);
      expect(after).toMatchObject({ state: 'closed', photos: [], resolution: { note: '已清理', photos: [] }, photosRemoved: { note: '照片已按保存期限删除' }, description: '楼道堆放杂物' });
      expect(after.photosClosedAt).toBeUndefined();
      expect(JSON.stringify(after.timeline)).not.toContain('.jpg');
      // The item detail shows the note.
      expect(JSON.stringify(await t.ok(R, 'item.detail', { id }))).not.toContain('.jpg');
    });

    it('the period is a street setting, validated in Chinese; a shorter one applies at once', async () => {
      const view = await t.ok(OPENID.street, 'settings.get', {});
      expect(view.settings.photoRetentionDays).toBe(180);
      const { settings, version } = view;
      const { updatedAt: _u, streetId, ...rest } = settings;
      void _u;
      const bad = await t.call(OPENID.street, 'settings.save', { ...rest, streetId, version, photoRetentionDays: 7 });
      expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '照片保存期限不能少于 30 天' });
      expect((await t.ok(OPENID.street, 'settings.save', { ...rest, streetId, version, photoRetentionDays: 30 })).settings.photoRetentionDays).toBe(30);
      const { id } = await closedItemWithPhotos();
      expect((await timerAt(new Date(Date.now() + 31 * DAY))).photos.items).toBe(1);
      expect((await item(id)).photos).toEqual([]);
    });

    it('reads grow with the due items, not with all closed items: bounded batches', async () => {
      const db = t.emu.db as unknown as Database;
      const now = new Date();
      const doc = (i: number, closed: Date) => ({ _id: `old-${i}`, streetId: IDS.street, state: 'closed', photos: [`cloud://local-gridlink/uploads/x/${i}.jpg`], timeline: [], photosClosedAt: closed });
      await db.collection('items').add({ data: Array.from({ length: 300 }, (_, i) => doc(i, new Date(now.getTime() - 10 * DAY))) });
      t.emu.db.resetStats();
      expect(await purgeDuePhotos({ repos: makeRepos(db), cloud: t.emu.cloud as unknown as CloudSdk, now })).toEqual({ items: 0, files: 0 });
      expect(t.emu.db.stats().byCollection.items.reads).toBe(1);
      await db.collection('items').add({ data: Array.from({ length: PURGE_BATCH + 10 }, (_, i) => doc(1000 + i, new Date(now.getTime() - 200 * DAY))) });
      t.emu.db.resetStats();
      expect(await purgeDuePhotos({ repos: makeRepos(db), cloud: t.emu.cloud as unknown as CloudSdk, now })).toMatchObject({ items: PURGE_BATCH + 10 });
      expect(t.emu.db.stats().byCollection.items.reads).toBe(2);
    });
  });

  describe('个人信息查阅/删除', () => {
    async function residentWithData() {
      await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      await subscribe(t, R, 'TPL_ITEM_UPDATED', 2);
      const photo = await upload(R, 1);
      const { item } = await t.ok(R, 'item.submit', { clientRequestId: reqId(), kind: 'complaint', category: '环境卫生', description: '1栋1单元101门口堆放杂物，电话13812345678', photos: [photo], anonymous: false });
      await t.ok(OPENID.A, 'item.accept', { id: item.id, version: 0 }); // a 消息中心 message to the resident
      return { id: item.id, photo };
    }

    it('privacy.mine shows the binding, household, items, subscriptions and messages of the caller only', async () => {
      const { id } = await residentWithData();
      const mine = await t.ok(R, 'privacy.mine', {});
      expect(mine).toMatchObject({ openid: R, household: { id: IDS.hhServed, label: expect.any(String) }, isStaff: false, erasing: false });
      expect(mine.items).toEqual([{ id, kind: '投诉', category: '环境卫生', description: expect.stringContaining('堆放杂物'), state: expect.any(String), photos: 1, createdAt: expect.stringMatching(/^\d{4}-/) }]);
      expect(mine.moreItems).toBe(false);
      expect(mine.subscriptions).toEqual([{ templateId: 'TPL_ITEM_UPDATED', grants: expect.any(Number) }]);
      expect(mine.messages).toBeGreaterThan(0);
      expect(await t.ok('o-someone-else', 'privacy.mine', {})).toMatchObject({ household: null, items: [], messages: 0 });
    });

    it('privacy.mine lists the latest 50 items, newest first, and says there are more', async () => {
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i));
      const doc = (i: number) => ({ _id: `mine-${i}`, submitterOpenid: R, kind: 'request', category: '公共设施', description: `第 ${i} 件`, state: 'closed', photos: [], timeline: [], createdAt: at(i) });
      await t.emu.db.collection('items').add({ data: Array.from({ length: 51 }, (_, i) => doc(i)) });
      const mine = await t.ok(R, 'privacy.mine', {});
      expect(mine.items).toHaveLength(50);
      expect(mine.items[0]).toEqual({ id: 'mine-50', kind: '诉求', category: '公共设施', description: '第 50 件', state: expect.any(String), photos: 0, createdAt: at(50).toISOString() });
      expect(mine.items.at(-1).id).toBe('mine-1');
      expect(mine.moreItems).toBe(true);
    });

    it('privacy.erase needs a confirm, refuses staff, and leaves items for statistics without personal data', async () => {
      const { id, photo } = await residentWithData();
      // Their 民主测评 and a 回音壁 entry of their item go too (they consented to those).
      await t.ok(R, 'assessment.rate', { personId: 'pA', stars: 4, clientRequestId: reqId() });
      // An approved photo's public copy (echo/…) is the resident's photo too: it goes with the entry.
      const copy = 'cloud://local-gridlink/echo/erase-test-copy.jpg';
      await t.emu.storage.put('echo/erase-test-copy.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
      expect(await stored(copy)).toBe(true);
      await t.emu.db.collection('echoWall').add({ data: { _id: id, category: '环境卫生', photos: [{ key: 'a0', status: 'approved', publicFileID: copy }] } });
      expect(await t.count('evaluations')).toBe(1);
      const checksOfR = async () => (await t.emu.db.collection('mediaChecks').where({ uploader: R }).count()).total;
      expect(await checksOfR()).toBe(1); // the photo's 内容安全 check names its uploader
      expect(await t.call(R, 'privacy.erase', {})).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(await t.call(OPENID.A, 'privacy.erase', { confirm: true })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('工作人员') });
      const r = await t.ok(R, 'privacy.erase', { confirm: true });
      expect(r).toMatchObject({ done: true, items: 1 });
      expect((await t.emu.db.collection('users').where({ _id: R }).get()).data).toEqual([]);
      expect((await t.emu.db.collection('subscriptions').where({ openid: R }).count()).total).toBe(0);
      expect((await t.emu.db.collection('outbox').where({ touser: R }).count()).total).toBe(0); // 消息中心 and delivery records
      expect(await stored(photo)).toBe(false);
      expect(await t.count('evaluations')).toBe(0);
      expect(await checksOfR()).toBe(0);
      expect(await t.count('echoWall')).toBe(0);
      expect(await stored(copy)).toBe(false);
      const it_ = (await t.emu.db.collection('items').doc(id).get()).data;
      expect(it_).toMatchObject({ erased: true, photos: [], householdId: '', householdLabel: '', category: '环境卫生', communityId: IDS.community });
      expect(it_.submitterOpenid).toMatch(/^erased-[0-9a-f]{24}$/);
      expect(JSON.stringify(it_)).not.toContain(R);
      expect(it_.description).not.toContain('13812345678');
      expect(it_.description).toContain('堆放杂物');
      // The cadre still sees the item; nobody is its submitter any more.
      expect(await t.ok(OPENID.A, 'item.detail', { id })).toMatchObject({ id });
      expect(await t.ok(R, 'privacy.mine', {})).toMatchObject({ household: null, items: [], messages: 0, subscriptions: [] });
    });

    it('a crash mid-way leaves a mark; the next call finishes with the same token', async () => {
      await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
      for (let i = 0; i < 3; i++) await t.ok(R, 'item.submit', { clientRequestId: reqId(), kind: 'suggestion', category: '环境卫生', description: `建议增加垃圾桶 ${i}`, photos: [], anonymous: false });
      const db = t.emu.db as unknown as Database;
      // The database dies at the second item update.
      const dying = beforeUpdates(db, 'items', (n) => {
        if (n === 2) throw new Error('killed');
      });
      await expect(eraseMine({ repos: makeRepos(dying), cloud: t.emu.cloud as unknown as CloudSdk, now: new Date() }, R)).rejects.toThrow('killed');
      const mark = (await t.emu.db.collection('users').doc(R).get()).data.erasure;
      expect(mark.token).toMatch(/^erased-/);
      expect((await t.ok(R, 'privacy.mine', {})).erasing).toBe(true);
      expect(await t.ok(R, 'privacy.erase', { confirm: true })).toMatchObject({ done: true, items: 2 });
      const items = (await t.emu.db.collection('items').get()).data as unknown as { submitterOpenid: string }[];
      expect(items.map((i) => i.submitterOpenid)).toEqual([mark.token, mark.token, mark.token]);
    });
  });
});
