// Photo retention and the 回音壁: the public copies (echo/…) of an item's approved photos are deleted
// with the item's photos once its street's period has passed, and unlinked from the entry; bounded,
// idempotent after a crash, and a moderation racing the timer does not leave a copy behind.
import { PNG } from 'pngjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTimer } from '../../../timer/src/main';
import type { EchoEntry } from '../../../../src/core/engage/echo';
import { IDS } from '../../test/fixture';
import { OPENID, reqId, setup } from '../../test/harness';
import type { CloudSdk, Database } from '../cloud';
import { purgeEchoPhotos } from './echoWall';
import { purgeDuePhotos } from './retention';
import { beforeUpdates } from '../../test/faults';
import { makeRepos } from '../repo';

const R = 'o-resident-retention';
const DAY = 86_400_000;
const png = (() => {
  const p = new PNG({ width: 4, height: 4 });
  p.data.fill(120);
  return PNG.sync.write(p);
})();

type T = Awaited<ReturnType<typeof setup>>;

describe('photo retention: 回音壁 public copies (issue 11 point 5)', () => {
  let t: T;
  beforeEach(async () => {
    t = await setup();
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
  });
  const db = () => t.emu.db as unknown as Database;
  const cloud = () => t.emu.cloud as unknown as CloudSdk;
  const stored = async (fileID: string) => !!(await t.emu.storage.get(t.emu.storage.fileIdToPath(fileID)!));
  const entry = async (id: string) => (await t.emu.db.collection('echoWall').doc(id).get()).data as EchoEntry;
  const item = async (id: string) => (await t.emu.db.collection('items').doc(id).get()).data;
  const later = (days: number) => new Date(Date.now() + days * DAY);

  /** A closed item on the 回音壁 with a resident's photo and a resolution photo; `approve` photos get public copies. */
  async function echoItem(approve: string[]) {
    const before = await t.emu.storage.put(`uploads/${R}/before-${reqId()}.png`, png);
    const after = await t.emu.storage.put(`uploads/${OPENID.A}/after-${reqId()}.png`, png);
    const { item: it } = await t.ok(R, 'item.submit', {
      clientRequestId: reqId(), kind: 'request', category: '公共设施', description: '小区路灯不亮，晚上很黑', photos: [before], anonymous: false, echoWall: true,
    });
    await t.ok(OPENID.A, 'item.verify', { id: it.id, version: 0, itemClass: 'general', category: '公共设施' });
    await t.ok(OPENID.A, 'item.resolve', { id: it.id, version: 1, note: '已更换灯泡', photos: [after] });
    await t.ok(R, 'item.rate', { id: it.id, version: 2, stars: 5, solved: true });
    let version = 0;
    for (const photo of approve) version = (await t.ok(OPENID.admin, 'echoWall.moderate', { id: it.id, version, op: 'photoApprove', photo })).version;
    const copies = (await entry(it.id)).photos.flatMap((p) => (p.publicFileID ? [p.publicFileID] : []));
    expect(copies).toHaveLength(approve.length);
    for (const c of copies) expect(c).toContain('/echo/');
    return { id: it.id as string, uploads: [before, after], copies };
  }

  it('the timer deletes the public copies with the item\'s photos and empties the entry; the wall keeps the text', async () => {
    const { id, uploads, copies } = await echoItem(['a0', 'b0']);
    const timerAt = (at: Date) => createTimer(cloud(), { now: () => at })();
    expect((await timerAt(later(179))).photos).toEqual({ items: 0, files: 0 });
    for (const f of [...uploads, ...copies]) expect(await stored(f)).toBe(true);

    expect((await timerAt(later(181))).photos).toEqual({ items: 1, files: 4 });
    for (const f of [...uploads, ...copies]) expect(await stored(f), f).toBe(false);
    const e = await entry(id);
    expect(e.photos).toEqual([]);
    expect(e.version).toBe(3);
    expect(e.log.at(-1)).toMatchObject({ name: '系统', op: 'photoHide', detail: '照片已按保存期限删除（2 张）' });
    expect((await item(id)).photosClosedAt).toBeUndefined();
    // The public and the moderators still see the entry, without photos.
    const pub = (await t.ok('o-a-stranger', 'echoWall.list', {})).entries;
    expect(pub).toEqual([expect.objectContaining({ id, text: expect.stringContaining('路灯'), photos: [] })]);
    expect((await t.ok(OPENID.admin, 'echoWall.review', {})).entries[0]).toMatchObject({ id, photos: [], log: expect.arrayContaining([expect.objectContaining({ name: '系统', detail: '照片已按保存期限删除（2 张）' })]) });
    // Nothing is left to do.
    expect((await timerAt(later(400))).photos).toEqual({ items: 0, files: 0 });
    expect((await entry(id)).version).toBe(3);
  });

  it('a run that dies after emptying the entry leaves the item due; the next run finishes it without a second log line', async () => {
    const { id, copies } = await echoItem(['b0']);
    const dying = beforeUpdates(db(), 'items', async () => {
      throw new Error('killed');
    });
    await expect(purgeDuePhotos({ repos: makeRepos(dying), cloud: cloud(), now: later(181) })).rejects.toThrow('killed');
    expect(await stored(copies[0])).toBe(false);
    expect((await entry(id)).photos).toEqual([]);
    expect((await item(id)).photosClosedAt).toBeInstanceOf(Date);

    expect(await purgeDuePhotos({ repos: makeRepos(db()), cloud: cloud(), now: later(181) })).toEqual({ items: 1, files: 2 });
    expect((await item(id)).photosClosedAt).toBeUndefined();
    expect((await entry(id)).log.filter((l) => l.op === 'photoHide')).toHaveLength(1);
  });

  it('a photo approved while the timer runs is caught: its copy is deleted too', async () => {
    const { id } = await echoItem(['b0']);
    // Between the timer's read and its write, an admin approves the other photo (a new copy, version + 1).
    let late = '';
    const racing = beforeUpdates(db(), 'echoWall', async (n) => {
      if (n !== 1) return;
      const e = await entry(id);
      late = (await t.emu.storage.put(`echo/${id}/a0.png`, png));
      await t.emu.db.collection('echoWall').doc(id).update({
        data: { version: e.version + 1, photos: e.photos.map((p) => (p.key === 'a0' ? { ...p, status: 'approved', publicFileID: late } : p)) },
      });
    });
    const r = await purgeEchoPhotos({ repos: makeRepos(racing), cloud: cloud(), now: later(181) }, [id]);
    expect(r).toEqual({ files: 2, pending: [] });
    expect(await stored(late)).toBe(false);
    expect((await entry(id)).photos).toEqual([]);
  });

  it('an entry that keeps changing under the timer keeps its item due for the next run (bounded tries)', async () => {
    const { id } = await echoItem(['b0']);
    const busy = beforeUpdates(db(), 'echoWall', async () => {
      const e = await entry(id);
      await t.emu.db.collection('echoWall').doc(id).update({ data: { version: e.version + 1 } });
    });
    expect(await purgeDuePhotos({ repos: makeRepos(busy), cloud: cloud(), now: later(181) })).toMatchObject({ items: 0 });
    expect((await item(id)).photosClosedAt).toBeInstanceOf(Date);
    expect((await entry(id)).photos).toHaveLength(2);
    expect(await purgeDuePhotos({ repos: makeRepos(db()), cloud: cloud(), now: later(181) })).toMatchObject({ items: 1 });
    expect((await entry(id)).photos).toEqual([]);
    expect((await item(id)).photosClosedAt).toBeUndefined();
  });

  it('items without a 回音壁 entry cost no entry read; entries are read once per batch', async () => {
    const { id } = await echoItem([]);
    const plain = { _id: 'old-plain', streetId: IDS.street, state: 'closed', photos: ['cloud://local-gridlink/uploads/x/1.jpg'], timeline: [], photosClosedAt: new Date(Date.now() - 400 * DAY) };
    await t.emu.db.collection('items').add({ data: plain });
    t.emu.db.resetStats();
    expect(await purgeDuePhotos({ repos: makeRepos(db()), cloud: cloud(), now: later(181) })).toEqual({ items: 2, files: 3 });
    expect(t.emu.db.stats().byCollection.echoWall).toMatchObject({ reads: 1, writes: 1 });
    // Pending photos have no copy: the entry just loses them.
    expect((await entry(id)).photos).toEqual([]);
    t.emu.db.resetStats();
    await t.emu.db.collection('items').add({ data: { ...plain, _id: 'old-plain-2' } });
    expect(await purgeDuePhotos({ repos: makeRepos(db()), cloud: cloud(), now: later(181) })).toEqual({ items: 1, files: 1 });
    expect(t.emu.db.stats().byCollection.echoWall?.reads ?? 0).toBe(0);
  });
});
