import { beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../test/fixture';
import { OPENID, photoOf, setup, submitForm } from '../../test/harness';
import { subscribe } from '../../test/subscribe';

const resident = 'o-resident-1';

describe('household confirmation and submit', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  async function confirm(openid: string, householdId: string, cardCode = 'CARDA') {
    return t.ok(openid, 'household.confirm', { cardCode, householdId });
  }

  it('routes to the cadre who serves the household and notifies them through the outbox', async () => {
    await confirm(resident, IDS.hhServed);
    await subscribe(t, OPENID.A, 'TPL_ITEM_ASSIGNED');
    const { item, duplicate } = await t.ok(resident, 'item.submit', submitForm({ photos: [photoOf(resident)] }));
    expect(duplicate).toBe(false);
    expect(item.state).toBe('submitted');
    expect(item.holderName).toBe('张三');
    expect(item.photos[0]).toMatch(/\/storage\/uploads\/o-resident-1\/photo1\.jpg\?expires=\d+&sig=[\w-]{43}$/);
    const { data: outbox } = await t.emu.db.collection('outbox').get();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ touser: OPENID.A, status: 'sent', templateId: 'TPL_ITEM_ASSIGNED' });
    const { data: sent } = await t.emu.platformDb.collection('_emu_messages').get();
    expect(sent[0].data.thing1.value).toBe('投诉·环境卫生');
  });

  it('costs 3 reads: the account, the household with its cadre joined in (one call), the ledger; 4 writes, the notice included', async () => {
    await confirm(resident, IDS.hhServed);
    await t.ok(resident, 'item.submit', submitForm()); // the day's first: settings read, the community's day counter created
    t.emu.db.resetStats();
    const { item } = await t.ok(resident, 'item.submit', submitForm());
    expect(item.holderName).toBe('张三');
    const s = t.emu.db.stats();
    expect({ reads: s.reads, writes: s.writes }).toEqual({ reads: 3, writes: 4 });
    expect(s.byCollection.people).toBeUndefined(); // the cadre came with the household
    expect(s.byCollection.households).toEqual({ reads: 1, writes: 0 });
    // A cadre away: their B角 costs the one read routing needs for them.
    await confirm('o-r2', IDS.hhAway);
    t.emu.db.resetStats();
    expect((await t.ok('o-r2', 'item.submit', submitForm())).item.holderName).toBe('王五');
    expect(t.emu.db.stats().byCollection.people).toEqual({ reads: 1, writes: 0 });
  });

  it('routes to the backup when the cadre is away, then the building leader when nobody serves the household', async () => {
    await confirm('o-r2', IDS.hhAway);
    const a = await t.ok('o-r2', 'item.submit', submitForm());
    expect(a.item.holderName).toBe('王五');
    expect(a.item.timeline[0].note).toContain('外出');
    await confirm('o-r3', IDS.hhUnserved);
    const b = await t.ok('o-r3', 'item.submit', submitForm());
    expect(b.item.holderName).toBe('赵楼长');
  });

  it('is idempotent by client request id: a retried tap makes one item', async () => {
    await confirm(resident, IDS.hhServed);
    const f = submitForm();
    const [r1, r2] = await Promise.all([t.ok(resident, 'item.submit', f), t.ok(resident, 'item.submit', f)]);
    const r3 = await t.ok(resident, 'item.submit', f);
    expect(new Set([r1.item.id, r2.item.id, r3.item.id]).size).toBe(1);
    expect([r1.duplicate, r2.duplicate, r3.duplicate].filter(Boolean)).toHaveLength(2);
    expect(await t.count('items')).toBe(1);
    expect(await t.count('outbox')).toBe(1);
  });

  it('the same request id from another resident is a different item', async () => {
    await confirm(resident, IDS.hhServed);
    await confirm('o-r2', IDS.hhServed);
    const f = submitForm();
    const a = await t.ok(resident, 'item.submit', f);
    const b = await t.ok('o-r2', 'item.submit', f);
    expect(a.item.id).not.toBe(b.item.id);
  });

  it.each([
    [{ description: '短' }, 'description', '至少 5 个字'],
    [{ kind: 'party' }, 'kind', '请选择事项类型'],
    [{ category: '不存在' }, 'category', '请选择事项分类'],
    [{ photos: ['a', 'b', 'c', 'd'] }, 'photos', ''],
    [{ photos: ['http://evil/x.jpg'] }, 'photos.0', '图片无效'],
    [{ clientRequestId: 'x' }, 'clientRequestId', '请求编号无效'],
    [{ anonymous: 'yes' }, 'anonymous', '请选择是否匿名'],
  ])('rejects malformed input %j with a Chinese message and writes nothing', async (over, field, msg) => {
    await confirm(resident, IDS.hhServed);
    const r = await t.call(resident, 'item.submit', submitForm(over));
    expect(r.ok).toBe(false);
    expect(r.code).toBe('INVALID_INPUT');
    expect(r.details).toHaveProperty(field);
    expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    if (msg) expect(r.message).toContain(msg);
    expect(await t.count('items')).toBe(0);
    expect(await t.count('outbox')).toBe(0);
  });

  it('needs a confirmed household', async () => {
    const r = await t.call('o-nobody', 'item.submit', submitForm());
    expect(r).toMatchObject({ ok: false, code: 'NO_HOUSEHOLD' });
    expect(await t.count('items')).toBe(0);
  });

  it("refuses photos uploaded by someone else", async () => {
    await confirm(resident, IDS.hhServed);
    const r = await t.call(resident, 'item.submit', submitForm({ photos: [photoOf('o-someone-else')] }));
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.count('items')).toBe(0);
  });

  it('blocks risky text through content security and writes nothing', async () => {
    await confirm(resident, IDS.hhServed);
    const r = await t.call(resident, 'item.submit', submitForm({ description: '小区里有人组织赌博活动，请处理' }));
    expect(r).toMatchObject({ ok: false, code: 'CONTENT_RISKY' });
    expect(await t.count('items')).toBe(0);
  });

  it('ignores identity in the request body', async () => {
    await confirm(resident, IDS.hhServed);
    const r = await t.ok(resident, 'item.submit', { ...submitForm(), submitterOpenid: OPENID.A, openid: OPENID.A } as never);
    const mineA = await t.ok(OPENID.A, 'item.mine', {});
    expect(mineA.items).toHaveLength(0);
    const mine = await t.ok(resident, 'item.mine', {});
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([r.item.id]);
  });

  it('keeps a failed notification pending and the timer delivers it later', async () => {
    await confirm(resident, IDS.hhServed);
    await subscribe(t, OPENID.A, 'TPL_ITEM_ASSIGNED');
    t.emu.failNextSends.count = 1;
    await t.ok(resident, 'item.submit', submitForm());
    let { data } = await t.emu.db.collection('outbox').get();
    expect(data[0]).toMatchObject({ status: 'pending', attempts: 1 });
    // Not due yet: nothing happens.
    expect(await t.emu.call('timer', {}, '')).toMatchObject({ retried: 0 });
    await t.emu.db.collection('outbox').doc(data[0]._id).update({ data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    expect(await t.emu.call('timer', {}, '')).toMatchObject({ retried: 1, sent: 1 });
    ({ data } = await t.emu.db.collection('outbox').get());
    expect(data[0]).toMatchObject({ status: 'sent', attempts: 2 });
    // Running the timer again changes nothing.
    expect(await t.emu.call('timer', {}, '')).toMatchObject({ retried: 0 });
  });

  it('records a refused subscription (43101) without retrying', async () => {
    await confirm(resident, IDS.hhServed);
    await subscribe(t, OPENID.A, 'TPL_ITEM_ASSIGNED');
    // …and then turned the template off in WeChat's settings.
    await t.emu.platformDb.collection('_emu_subscription_refusals').add({ data: { openid: OPENID.A, templateId: 'TPL_ITEM_ASSIGNED' } });
    await t.ok(resident, 'item.submit', submitForm());
    const { data } = await t.emu.db.collection('outbox').get();
    expect(data[0]).toMatchObject({ status: 'refused' });
    expect(data[0].lastError).toContain('43101');
  });
});
