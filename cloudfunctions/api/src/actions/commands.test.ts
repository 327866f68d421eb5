import { beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../test/fixture';
import { OPENID, photoOf, reqId, setup } from '../../test/harness';
import { subscribe } from '../../test/subscribe';

const R = 'o-resident-A';
const R2 = 'o-resident-B';

describe('the closed loop: accept, resolve, reject, rate', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let id: string;

  beforeEach(async () => {
    t = await setup();
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    const r = await t.ok(R, 'item.submit', {
      clientRequestId: reqId(), kind: 'complaint', category: '公共设施', description: '3号楼路灯坏了一周，晚上很黑', photos: [], anonymous: false,
    });
    id = r.item.id;
  });

  const detail = (openid: string) => t.ok(openid, 'item.detail', { id });

  it('holder accepts, starts and resolves; the resident rates 5 and it closes', async () => {
    await subscribe(t, R, 'TPL_ITEM_UPDATED', 2);
    let v = await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
    expect(v).toMatchObject({ state: 'accepted', version: 1, isHolder: true });
    // buttons derive from the workflow table: what a holder of an accepted item may do
    expect(v.actions).toEqual(['transfer', 'sendUp', 'start', 'resolve', 'pause']); // no 吹哨 below the street
    v = await t.ok(OPENID.A, 'item.start', { id, version: 1 });
    v = await t.ok(OPENID.A, 'item.resolve', { id, version: 2, note: '已更换灯泡', photos: [photoOf(OPENID.A)] });
    expect(v.state).toBe('resolved');
    expect(v.resolution.note).toBe('已更换灯泡');
    const mine = await detail(R);
    expect(mine.actions).toEqual(['rate']);
    v = await t.ok(R, 'item.rate', { id, version: 3, stars: 5, solved: true, comment: '很及时' });
    expect(v.state).toBe('closed');
    expect(v.ratings).toHaveLength(1);
    expect(v.timeline.map((e: { actionLabel: string }) => e.actionLabel)).toEqual(['提交', '受理', '开始办理', '办结', '评价']);
    expect(v.group).toBe('closed');
    // The resident heard about acceptance and resolution.
    const { data } = await t.emu.platformDb.collection('_emu_messages').where({ touser: R }).get();
    expect(data.map((m) => m.data.phrase2.value).sort()).toEqual(['已办结', '已受理']);
  });

  it('2 stars reopens for rectification with the same holder; a second unsatisfied rating escalates to the grid leader; the first rating is kept', async () => {
    await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
    await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已处理', photos: [] });
    let v = await t.ok(R, 'item.rate', { id, version: 2, stars: 2, solved: true });
    expect(v).toMatchObject({ state: 'rectifying', holderName: '张三', rectifyCount: 1 });
    v = await t.ok(OPENID.A, 'item.resolve', { id, version: 3, note: '重新维修', photos: [] });
    v = await t.ok(R, 'item.rate', { id, version: 4, stars: 4, solved: false });
    expect(v).toMatchObject({ state: 'rectifying', holderName: '钱网格长', rectifyCount: 2 });
    expect(v.ratings.map((r: { stars: number }) => r.stars)).toEqual([2, 4]);
    // The grid leader now holds it and was notified; the cadre can still read but not act.
    const gl = await t.ok(OPENID.GL, 'cadre.inbox', { filter: 'todo' });
    expect(gl.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const { data } = await t.emu.db.collection('outbox').where({ touser: OPENID.GL }).get();
    expect(data).toHaveLength(1);
    const a = await detail(OPENID.A);
    expect(a.isHolder).toBe(false);
    expect(await t.call(OPENID.A, 'item.resolve', { id, version: 5, note: 'x x', photos: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    v = await t.ok(OPENID.GL, 'item.resolve', { id, version: 5, note: '网格长协调物业彻底修复', photos: [] });
    v = await t.ok(R, 'item.rate', { id, version: 6, stars: 5, solved: true });
    expect(v.state).toBe('closed');
    expect(v.ratings).toHaveLength(3);
  });

  it('reject needs a reason from the list, which the resident sees with a note and an appeal button', async () => {
    const bad = await t.call(OPENID.A, 'item.reject', { id, version: 0, note: '重复' });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(bad.message).toContain('退回原因');
    await t.ok(OPENID.A, 'item.reject', { id, version: 0, code: 'duplicate', note: '已在另一条中处理' });
    const v = await detail(R);
    expect(v).toMatchObject({ state: 'rejected', rejectReason: '重复：已在另一条中处理', actions: ['appeal'] });
    expect(v.appealUntil).toBeTruthy();
  });

  it('eight simultaneous identical accepts (a double tap): applied once, each answered as a retry of it', async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, () => t.call(OPENID.A, 'item.accept', { id, version: 0 })));
    // The losers' transactions conflict, re-run, find this very command by this caller applied: success.
    expect(rs.map((r) => r.ok)).toEqual(Array(8).fill(true));
    expect(rs.map((r) => r.data.version)).toEqual(Array(8).fill(1));
    const v = await detail(R);
    expect(v.version).toBe(1);
    expect(v.timeline.filter((e: { actionLabel: string }) => e.actionLabel === '受理')).toHaveLength(1);
  });

  it('accept and reject racing: one wins and the item is consistent', async () => {
    const [a, b] = await Promise.all([
      t.call(OPENID.A, 'item.accept', { id, version: 0 }),
      t.call(OPENID.A, 'item.reject', { id, version: 0, code: 'outOfArea', note: '不属于本网格' }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const v = await detail(R);
    expect(v.timeline).toHaveLength(2);
  });

  it('a stale version is a CONFLICT and changes nothing', async () => {
    await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
    expect(await t.call(OPENID.A, 'item.resolve', { id, version: 0, note: '已处理', photos: [] })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await detail(R)).state).toBe('accepted');
  });

  it('commands not allowed in the current state get INVALID_STATE', async () => {
    const r = await t.call(R, 'item.rate', { id, version: 0, stars: 5, solved: true });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });

  it('a cadre cannot act on an item they do not hold', async () => {
    for (const who of [OPENID.C, OPENID.X, OPENID.GL, R]) {
      const r = await t.call(who, 'item.accept', { id, version: 0 });
      expect(r.ok).toBe(false);
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(r.code);
    }
    expect((await detail(R)).state).toBe('submitted');
  });

  it("resident B cannot read or rate resident A's item", async () => {
    await t.ok(R2, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    expect(await t.call(R2, 'item.detail', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(R2, 'item.rate', { id, version: 0, stars: 1, solved: false })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await t.ok(R2, 'item.mine', {})).items).toHaveLength(0);
    // A cadre of another grid cannot read it either.
    expect(await t.call(OPENID.X, 'item.detail', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('the holder sees the household unless the resident posted anonymously', async () => {
    expect((await detail(OPENID.A)).householdLabel).toBe('1栋1单元101');
    const anon = await t.ok(R, 'item.submit', {
      clientRequestId: reqId(), kind: 'report', category: '治安消防', description: '消防通道被车辆堵住了', photos: [], anonymous: true,
    });
    const v = await t.ok(OPENID.A, 'item.detail', { id: anon.item.id });
    expect(v.householdLabel).toBeNull();
    expect(v.timeline[0].actor).toBe('匿名');
  });

  it('the cadre inbox lists what they hold, by filter', async () => {
    let inbox = await t.ok(OPENID.A, 'cadre.inbox', { filter: 'todo' });
    expect(inbox.items.map((i: { id: string }) => i.id)).toEqual([id]);
    await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
    await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已处理', photos: [] });
    inbox = await t.ok(OPENID.A, 'cadre.inbox', { filter: 'waiting' });
    expect(inbox.items).toHaveLength(1);
    expect((await t.ok(OPENID.A, 'cadre.inbox', { filter: 'todo' })).items).toHaveLength(0);
    expect(await t.call(R, 'cadre.inbox', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('malformed commands write nothing', async () => {
    const before = await detail(R);
    for (const bad of [{ id }, { id, version: -1 }, { id, version: '0' }, { version: 0 }, { id: '', version: 0 }]) {
      const r = await t.call(OPENID.A, 'item.accept', bad);
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const bad of [{ id, version: 0, stars: 6, solved: true }, { id, version: 0, stars: 3 }, { id, version: 0, stars: 2.5, solved: true }]) {
      expect(await t.call(R, 'item.rate', bad)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    }
    const after = await detail(R);
    expect(after.version).toBe(before.version);
    expect(after.timeline).toHaveLength(before.timeline.length);
  });
});
