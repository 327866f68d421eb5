// The path of a person's item command (itemCommand.ts): load and hide, version check with retries
// answering success, state and issuer checks in that order, the actor the timeline shows, and the
// escalation on a second unsatisfied rating. Through the router, against the in-memory emulator
// (itemCommand.unit.test.ts has the same decisions without a database, and actorFor).
import { beforeEach, describe, expect, it } from 'vitest';
import { createTimer } from '../../../timer/src/main';
import type { CloudSdk } from '../cloud';
import { OPENID, setup } from '../../test/harness';

const R = 'o-resident-A';

describe('runItemCommand', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let id: string;

  beforeEach(async () => {
    t = await setup();
    id = await t.submitAs(R, { kind: 'complaint', category: '公共设施', description: '3号楼路灯坏了一周，晚上很黑' });
  });
  const timeline = async () => (await t.ok(OPENID.A, 'item.detail', { id })).timeline as { actionLabel: string; actor: string }[];

  it('a missing item and one the caller may not read get the same answer', async () => {
    const missing = await t.call(OPENID.A, 'item.accept', { id: 'no-such-item', version: 0 });
    const hidden = await t.call(OPENID.X, 'item.accept', { id, version: 0 });
    expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '事项不存在或您无权查看' });
    expect(hidden).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '事项不存在或您无权查看' });
  });

  it('a retried command that was applied answers success once; anything else at an old version is a CONFLICT', async () => {
    const first = await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
    expect(first).toMatchObject({ state: 'accepted', version: 1 });
    // the same caller, the same command, one version behind: the answer that was lost
    expect(await t.ok(OPENID.A, 'item.accept', { id, version: 0 })).toMatchObject({ state: 'accepted', version: 1, isHolder: true });
    // someone else with the same command, or a different command, or two versions behind: conflicts
    expect(await t.call(OPENID.admin, 'item.accept', { id, version: 0 })).toMatchObject({ ok: false, code: 'CONFLICT', message: '该事项已有新的进展，请刷新后再操作' });
    expect(await t.call(OPENID.A, 'item.reject', { id, version: 0, code: 'invalid', note: '无效' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    await t.ok(OPENID.A, 'item.start', { id, version: 1 });
    expect(await t.call(OPENID.A, 'item.accept', { id, version: 0 })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await t.call(OPENID.A, 'item.start', { id, version: 0 })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await timeline()).map((e) => e.actionLabel)).toEqual(['提交', '受理', '开始办理']);
  });

  it('a retry whose command can no longer be built is a CONFLICT, not the build\'s error', async () => {
    await t.ok(OPENID.A, 'item.transfer', { id, version: 0, toPersonId: 'pC', reason: '由王五处理' });
    // at the current version the same input fails to build…
    expect(await t.call(OPENID.C, 'item.transfer', { id, version: 1, toPersonId: 'pNobody', reason: '由王五处理' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    // …so as a retry it is no success: the item has moved on
    expect(await t.call(OPENID.A, 'item.transfer', { id, version: 0, toPersonId: 'pNobody', reason: '由王五处理' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await t.call(OPENID.A, 'item.transfer', { id, version: 0, toPersonId: 'pX', reason: '由王五处理' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('checks the state before the caller, each with the command\'s label', async () => {
    expect(await t.call(OPENID.X, 'item.accept', { id, version: 0 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.call(OPENID.GL, 'item.accept', { id, version: 0 })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '您不能对该事项执行「受理」' });
    expect(await t.call(OPENID.A, 'item.start', { id, version: 0 })).toMatchObject({ ok: false, code: 'INVALID_STATE', message: '该事项当前状态不能开始办理，请刷新后重试' });
    // the resident may not start it either, but the state answers first
    expect(await t.call(R, 'item.start', { id, version: 0 })).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('a second unsatisfied rating goes up to the grid leader; the first stays with the holder', async () => {
    await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
    await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已处理', photos: [] });
    expect(await t.ok(R, 'item.rate', { id, version: 2, stars: 2, solved: false })).toMatchObject({ state: 'rectifying', holderName: '张三' });
    await t.ok(OPENID.A, 'item.resolve', { id, version: 3, note: '重新处理', photos: [] });
    const v = await t.ok(R, 'item.rate', { id, version: 4, stars: 1, solved: false });
    expect(v).toMatchObject({ state: 'rectifying', holderName: '钱网格长', rectifyCount: 2 });
    // the answer is the resident's own view of the item after the change
    expect(v).toMatchObject({ isMine: true, isHolder: false, version: 5 });
  });

  it('a field the decision clears is removed from the stored item, not kept as null: an overdue item accepted in time leaves the overdue list', async () => {
    // Past the 核单 limit the timer marks it overdue (overdueAt), the way it runs in the cloud.
    const { responseDueAt } = (await t.emu.db.collection('items').doc(id).get()).data as { responseDueAt: Date };
    await createTimer(t.emu.cloud as unknown as CloudSdk, { now: () => new Date(new Date(responseDueAt).getTime() + 60_000) })();
    const board = () => t.ok(OPENID.admin, 'dispatch.board', { overdue: true });
    expect((await board()).counts.overdue).toBe(1);
    const { version } = (await t.emu.db.collection('items').doc(id).get()).data as { version: number };
    await t.ok(OPENID.A, 'item.accept', { id, version }); // accepting clears overdueAt (a new limit starts)
    const stored = (await t.emu.db.collection('items').doc(id).get()).data as Record<string, unknown>;
    expect(Object.keys(stored)).not.toContain('overdueAt');
    expect(await board()).toMatchObject({ items: [], counts: { overdue: 0 } });
  });

  it('the timeline shows who acted in which role', async () => {
    await t.ok(OPENID.admin, 'item.transfer', { id, version: 0, toPersonId: 'pC', reason: '由王五处理' });
    await t.ok(OPENID.C, 'item.accept', { id, version: 1 });
    const tl = await t.ok(OPENID.C, 'item.detail', { id });
    expect(tl.timeline.slice(1).map((e: { actor: string }) => e.actor)).toEqual(['孙管理员', '王五']);
  });
});
