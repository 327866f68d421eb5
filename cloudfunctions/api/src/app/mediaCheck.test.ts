// 内容安全 for photos (issue 10 item 7): every stored photo goes to mediaCheckAsync; a photo
// WeChat later judges risky is hidden from everyone but its uploader and the admins.
import { beforeEach, describe, expect, it } from 'vitest';
import { RISKY_MARKER } from '../../../../emulator/openapi/mediaCheck';
import { IDS } from '../../test/fixture';
import { OPENID, reqId, setup } from '../../test/harness';
import { MEDIA_CHECKS } from '../repo/mediaChecks';

const R = 'o-resident-media';
const jpeg = (extra = '') => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`photo ${extra}`), Buffer.from([0xff, 0xd9])]);

describe('photo content security', () => {
  let t: Awaited<ReturnType<typeof setup>>;

  beforeEach(async () => {
    t = await setup();
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
  });

  async function submitWith(photos: Buffer[]) {
    const ids: string[] = [];
    for (const [i, p] of photos.entries()) ids.push(await t.emu.storage.put(`uploads/${R}/p${i}.jpg`, p));
    return (await t.ok(R, 'item.submit', {
      clientRequestId: reqId(), kind: 'complaint', category: '公共设施', description: '楼下垃圾堆了三天没人清理', photos: ids, anonymous: false,
    })).item.id as string;
  }

  it('a photo judged risky later is hidden from the holder, kept for its uploader and the admin', async () => {
    const id = await submitWith([jpeg('ok'), jpeg(RISKY_MARKER)]);
    expect(t.emu.mediaChecks.pendingCount).toBe(2);
    expect((await t.ok(OPENID.A, 'item.detail', { id })).photos).toHaveLength(2); // before the verdict
    expect(await t.emu.mediaChecks.flush()).toBe(2);
    const checks = (await t.emu.db.collection(MEDIA_CHECKS).get()).data as { status: string }[];
    expect(checks.map((c) => c.status).sort()).toEqual(['pass', 'risky']);
    expect((await t.ok(OPENID.A, 'item.detail', { id })).photos).toHaveLength(1);
    expect((await t.ok(R, 'item.detail', { id })).photos).toHaveLength(2);
    expect((await t.ok(OPENID.admin, 'item.detail', { id })).photos).toHaveLength(2);
  });

  it('resolution photos are checked too', async () => {
    const id = await submitWith([]);
    await t.ok(OPENID.A, 'item.verify', { id, version: 0, itemClass: 'general', category: '公共设施' });
    const photo = await t.emu.storage.put(`uploads/${OPENID.A}/done.jpg`, jpeg(RISKY_MARKER));
    await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [photo] });
    await t.emu.mediaChecks.flush();
    expect((await t.ok(R, 'item.detail', { id })).resolution.photos).toHaveLength(0);
    expect((await t.ok(OPENID.A, 'item.detail', { id })).resolution.photos).toHaveLength(1);
  });

  it('a forged or repeated push changes nothing', async () => {
    const id = await submitWith([jpeg(RISKY_MARKER)]);
    const forged = { MsgType: 'event', Event: 'wxa_media_check', trace_id: 'made-up-trace', result: { suggest: 'risky', label: 20002 } };
    expect(await t.emu.call('api', forged, 'o-attacker')).toMatchObject({ ok: true });
    expect((await t.ok(OPENID.A, 'item.detail', { id })).photos).toHaveLength(1);
    await t.emu.mediaChecks.flush();
    const [check] = (await t.emu.db.collection(MEDIA_CHECKS).get()).data as { _id: string }[];
    // WeChat may push twice: the photo is hidden once.
    await t.emu.call('api', { ...forged, trace_id: check._id }, '');
    const item = (await t.emu.db.collection('items').doc(id).get()).data as { hiddenPhotos: unknown[] };
    expect(item.hiddenPhotos).toHaveLength(1);
  });
});
