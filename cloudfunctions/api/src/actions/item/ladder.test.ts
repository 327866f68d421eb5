// 六单联办 end to end through the real handlers: grid → community → street → departments →
// resolve → rate, with scopes, the timer's sweep, and the workflow's odd corners.
import { beforeEach, describe, expect, it } from 'vitest';
import { sweep } from '../../app/sweep';
import { makeRepos } from '../../repo';
import type { CloudSdk } from '../../cloud';
import { departments, IDS } from '../../../test/fixture';
import { OPENID, reqId, setup } from '../../../test/harness';
import { delivered, subscribe } from '../../../test/subscribe';

const R = 'o-resident-ladder';

describe('六单联办: the whole ladder', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let id: string;

  beforeEach(async () => {
    t = await setup();
    await Promise.all(departments.map((d) => t.emu.db.collection('departments').add({ data: d })));
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
    const r = await t.ok(R, 'item.submit', {
      clientRequestId: reqId(), kind: 'complaint', category: '公共设施', description: '小区门口占道经营，晚上烧烤油烟很大', photos: [], anonymous: false,
    });
    id = r.item.id;
  });

  const detail = (openid: string) => t.ok(openid, 'item.detail', { id });
  const outboxTo = async (openid: string) => (await t.emu.db.collection('outbox').where({ touser: openid }).get()).data;

  it('grid → community → street → 攻坚哨 to two departments → 报到 → 会商 → resolve → rate', async () => {
    let v = await detail(R);
    expect(v).toMatchObject({ state: 'submitted', stateLabel: '待核单', level: 'grid', holderName: '张三', holderRoleLabel: '包保干部' });

    // 下单: the cadre sends it up to the community; the community's admin is notified.
    v = await t.ok(OPENID.A, 'item.escalate', { id, version: 0, reason: '占道经营需执法，网格无法解决' });
    expect(v).toMatchObject({ state: 'submitted', level: 'community', holderName: '测试社区待办', holderRoleLabel: '' }); // a queue is named by its name alone
    expect(await outboxTo(OPENID.admin)).toHaveLength(1);
    // The cadre keeps read access but no longer acts.
    expect((await detail(OPENID.A)).actions).toEqual([]);

    // 派单: the community sends it to the street.
    v = await t.ok(OPENID.admin, 'item.escalate', { id, version: 1, reason: '需要街道协调执法部门' });
    expect(v).toMatchObject({ level: 'street' });
    expect(await outboxTo(OPENID.street)).toHaveLength(1);

    // 吹哨: the street whistles two departments (攻坚哨). Both departments in one read, and their
    // staff in one more: not two reads per department.
    t.emu.db.resetStats();
    v = await t.ok(OPENID.street, 'item.whistle', { id, version: 2, kind: 'tough', departmentIds: ['D-CG', 'D-SJ'], note: '联合整治' });
    expect(t.emu.db.stats().byCollection.departments.reads).toBe(1);
    expect(t.emu.db.stats().byCollection.people.reads).toBe(1);
    expect(v).toMatchObject({ state: 'whistled', stateLabel: '待报到', level: 'department' });
    expect(v.whistle).toMatchObject({ kindLabel: '攻坚哨', departments: [{ id: 'D-CG', reportedAt: '' }, { id: 'D-SJ', reportedAt: '' }] });
    expect(await outboxTo(OPENID.D1)).toHaveLength(1);
    expect(await outboxTo(OPENID.D2)).toHaveLength(1);
    // Both departments find it in their inbox, and may report.
    expect((await t.ok(OPENID.D1, 'cadre.inbox', { filter: 'todo' })).items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await t.ok(OPENID.D2, 'cadre.inbox', { filter: 'todo' })).items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await detail(OPENID.D2)).actions).toEqual(['report', 'return']);

    v = await t.ok(OPENID.D1, 'item.report', { id, version: 3 });
    expect(v.state).toBe('whistled'); // waiting for the other department
    v = await t.ok(OPENID.D2, 'item.report', { id, version: 4 });
    expect(v.state).toBe('accepted');

    // 会商 of the 攻坚哨, recorded by the street.
    v = await t.ok(OPENID.street, 'item.meet', { id, version: 5, attendees: ['城管执法中队', '市场监管所', '测试社区'], plan: '城管负责清理占道，市场监管查处无证经营' });
    expect(v.whistle.meeting).toMatchObject({ plan: '城管负责清理占道，市场监管查处无证经营' });

    // The lead department resolves; the resident rates and it closes.
    expect(await t.call(OPENID.D2, 'item.resolve', { id, version: 6, note: '已处理', photos: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    v = await t.ok(OPENID.D1, 'item.resolve', { id, version: 6, note: '已清理占道摊点，责令停止经营', photos: [] });
    expect(v.state).toBe('resolved');
    v = await t.ok(R, 'item.rate', { id, version: 7, stars: 5, solved: true });
    expect(v.state).toBe('closed');

    // What the resident reads: each hop in plain Chinese.
    const mine = await detail(R);
    const notes = mine.timeline.map((e: { actionLabel: string; note?: string }) => `${e.actionLabel}|${e.note ?? ''}`);
    expect(notes).toContain('上报|已上报社区：占道经营需执法，网格无法解决');
    expect(notes).toContain('上报|已派至街道：需要街道协调执法部门');
    expect(notes.find((n: string) => n.startsWith('吹哨|'))).toMatch(/街道已吹攻坚哨，城管执法中队、市场监管所须在 24 小时内报到/);
    // The resident was told of each hop and of the result, in 消息中心 (they never subscribed in WeChat).
    const phrases = (await t.ok(R, 'message.list', {})).messages.map((m: { title: string }) => m.title);
    expect(phrases).toEqual(expect.arrayContaining(['已上报社区', '已派至街道', '已吹哨', '部门已报到', '已会商', '已办结']));
  });

  it('scopes: a department sees only its own items; another street sees nothing; the grid cannot whistle', async () => {
    expect(await t.call(OPENID.D1, 'item.detail', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(OPENID.A, 'item.whistle', { id, version: 0, kind: 'quick', departmentIds: ['D-CG'] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await t.ok(OPENID.A, 'item.escalate', { id, version: 0, reason: '需要社区协调' });
    await t.ok(OPENID.admin, 'item.escalate', { id, version: 1, reason: '需要街道协调' });
    // another street's department cannot be whistled, nor can two departments without 攻坚哨
    expect(await t.call(OPENID.street, 'item.whistle', { id, version: 2, kind: 'quick', departmentIds: ['D-OUT'] })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(OPENID.street, 'item.whistle', { id, version: 2, kind: 'quick', departmentIds: ['D-CG', 'D-SJ'] })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    await t.ok(OPENID.street, 'item.whistle', { id, version: 2, kind: 'emergency', departmentIds: ['D-CG'] });
    expect((await detail(OPENID.D1)).actions).toEqual(['report', 'return']);
    expect(await t.call(OPENID.D2, 'item.detail', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(OPENID.D3, 'item.detail', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(OPENID.admin2, 'item.detail', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await t.ok(OPENID.D3, 'cadre.inbox', { filter: 'todo' })).items).toEqual([]);
    // 退回上级: the department hands it back to the street that whistled it.
    const v = await t.ok(OPENID.D1, 'item.return', { id, version: 3, reason: '不属于城管职责' });
    expect(v).toMatchObject({ state: 'submitted', level: 'street' });
    expect(await t.call(OPENID.D1, 'item.detail', { id })).toMatchObject({ ok: true }); // it held it once
  });

  it('核单 sets class and category, and the class sets the deadline', async () => {
    const v = await t.ok(OPENID.A, 'item.verify', { id, version: 0, itemClass: 'hard', category: '治安消防', note: '需多部门' });
    expect(v).toMatchObject({ state: 'accepted', itemClass: 'hard', classLabel: '疑难', category: '治安消防' });
    const days = (new Date(v.dueAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(10); // 10 working days is two calendar weeks or more
    expect(await t.call(OPENID.A, 'item.verify', { id, version: 1, itemClass: 'simple', category: '其他' })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });

  it('转办 to another grid is recorded with who and why; its leader may take it', async () => {
    const v = await t.ok(OPENID.A, 'item.transfer', { id, version: 0, toGridId: IDS.otherGrid, reason: '住户实际在第二网格' });
    expect(v).toMatchObject({ state: 'submitted', holderName: '第二网格待办' });
    expect(v.timeline.at(-1)).toMatchObject({ actor: '张三', actionLabel: '转办', note: '转给第二网格待办：住户实际在第二网格' });
    expect(await t.call(OPENID.A, 'item.transfer', { id, version: 1, toPersonId: 'pY', reason: '换人' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('撤回 before acceptance; not after', async () => {
    const v = await t.ok(R, 'item.withdraw', { id, version: 0, reason: '已自行解决' });
    expect(v).toMatchObject({ state: 'withdrawn', group: 'closed', actions: [] });
    expect(await outboxTo(OPENID.A)).toHaveLength(2); // new item, then withdrawn
  });

  it('退回 → 申诉 within 7 days → the grid leader reopens it', async () => {
    await t.ok(OPENID.A, 'item.reject', { id, version: 0, code: 'outOfArea', note: '不是本网格' });
    let v = await t.ok(R, 'item.appeal', { id, version: 1, reason: '就是本楼门口，请再核实' });
    expect(v).toMatchObject({ state: 'appealing' });
    // The grid leader who reviews it hears of it in 消息中心.
    expect((await outboxTo(OPENID.GL)).map((n) => [n.title, n.body])).toEqual([['申诉待审核', expect.stringMatching(/^就是本楼门口，请再核实：/)]]);
    expect(await t.call(OPENID.A, 'item.appealReview', { id, version: 2, uphold: false, note: '重新办理' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    v = await t.ok(OPENID.GL, 'item.appealReview', { id, version: 2, uphold: false, note: '经核实属本网格，请重新办理' });
    expect(v).toMatchObject({ state: 'submitted', rejectReason: null });
    expect(await t.call(R, 'item.appeal', { id, version: 3, reason: '再次申诉一下' })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });

  it('挂起 needs the level above; 解挂 restarts the clock with the time that remained', async () => {
    await t.ok(OPENID.A, 'item.verify', { id, version: 0, itemClass: 'general', category: '公共设施' });
    const before = await detail(R);
    await subscribe(t, OPENID.GL, 'TPL_ITEM_ASSIGNED');
    t.emu.db.resetStats();
    let v = await t.ok(OPENID.A, 'item.pause', { id, version: 1, reason: '等待供电公司停电检修' });
    expect(v).toMatchObject({ state: 'pausePending', pause: { approved: false } });
    // The grid leader is found with their ledger joined in: one read finds them and says they may
    // be sent to, and the message goes out on their grant.
    const calls = t.emu.db.stats().byCollection;
    expect([calls.people?.reads, calls.subscriptions?.reads ?? 0]).toEqual([1, 0]);
    expect(await delivered(t, OPENID.GL)).toHaveLength(1);
    // The level above (the grid leader) is told a decision waits for them.
    expect((await outboxTo(OPENID.GL)).map((n) => [n.title, n.body])).toEqual([['挂起待审批', expect.stringMatching(/^张三申请挂起：等待供电公司停电检修：/)]]);
    expect(await t.call(OPENID.A, 'item.pauseReview', { id, version: 2, approve: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    v = await t.ok(OPENID.GL, 'item.pauseReview', { id, version: 2, approve: true });
    expect(v).toMatchObject({ state: 'paused', group: 'waiting', pause: { reason: '等待供电公司停电检修', approved: true } });
    v = await t.ok(OPENID.A, 'item.resume', { id, version: 3 });
    expect(v.state).toBe('accepted');
    expect(new Date(v.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(before.dueAt).getTime());
  });
  it('department staff bind a new WeChat account through an invite and work the department inbox from it', async () => {
    await t.ok(OPENID.A, 'item.escalate', { id, version: 0, reason: '网格无法解决' });
    await t.ok(OPENID.admin, 'item.escalate', { id, version: 1, reason: '需街道协调' });
    await t.ok(OPENID.street, 'item.whistle', { id, version: 2, kind: 'quick', departmentIds: ['D-CG'], note: '请城管处理' });
    // A community admin cannot invite street-level department staff; the street admin can.
    expect(await t.call(OPENID.admin, 'admin.invite.create', { personId: 'pD1' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const inv = await t.ok(OPENID.street, 'admin.invite.create', { personId: 'pD1' });
    const phone = 'o-new-phone-of-pD1';
    expect(await t.ok(phone, 'invite.accept', { code: inv.code })).toMatchObject({ personId: 'pD1', roles: ['departmentStaff'] });
    const todo = async (openid: string) => t.call(openid, 'cadre.inbox', { filter: 'todo' });
    expect((await todo(phone)).data.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await detail(phone)).actions).toEqual(['report', 'return']);
    // The old account lost the role and the item.
    expect(await todo(OPENID.D1)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(OPENID.D1, 'item.report', { id, version: 3 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await t.ok(phone, 'item.report', { id, version: 3 })).state).toBe('accepted');
  });

  it('a pause asked by the community queue waits in the street admin\'s inbox, not the grid leader\'s', async () => {
    await t.ok(OPENID.A, 'item.escalate', { id, version: 0, reason: '网格无法解决，需社区协调' });
    await t.ok(OPENID.admin, 'item.verify', { id, version: 1, itemClass: 'general', category: '公共设施' });
    await t.ok(OPENID.admin, 'item.pause', { id, version: 2, reason: '等待施工单位进场' });
    const todo = async (openid: string) => (await t.ok(openid, 'cadre.inbox', { filter: 'todo' })).items.map((i: { id: string }) => i.id);
    expect(await todo(OPENID.street)).toContain(id);
    expect(await todo(OPENID.GL)).not.toContain(id);
    expect((await detail(OPENID.street)).actions).toEqual(['pauseApprove', 'pauseDeny']);
    await t.ok(OPENID.street, 'item.pauseReview', { id, version: 3, approve: true });
    expect(await todo(OPENID.street)).not.toContain(id);
  });
});

describe('the timer sweep', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let id: string;

  beforeEach(async () => {
    t = await setup();
    id = await t.submitAs(R, { kind: 'request', category: '公共设施', description: '楼道灯坏了，晚上看不见' });
  });

  const run = (now: Date) => {
    const cloud = t.emu.cloud as unknown as CloudSdk;
    const db = cloud.database();
    return sweep({ cloud, db, repos: makeRepos(db), now });
  };
  const item = async () => (await t.emu.db.collection('items').doc(id).get()).data;

  it('reminds before the response limit, marks overdue, then escalates one level up; reads only due items', async () => {
    const created = new Date((await item()).createdAt);
    const response = new Date((await item()).responseDueAt);
    expect((await run(created)).looked).toBe(0);
    // inside the reminder lead: remind once
    let r = await run(new Date(response.getTime() - 60_000));
    expect(r).toMatchObject({ remind: 1 });
    expect((await run(new Date(response.getTime() - 30_000))).looked).toBe(0); // reminded: not due again before the limit
    r = await run(new Date(response.getTime() + 60_000));
    expect(r).toMatchObject({ overdue: 1 });
    r = await run(new Date(response.getTime() + 120_000));
    expect(r).toMatchObject({ escalateOverdue: 1 });
    const v = await t.ok(R, 'item.detail', { id });
    expect(v).toMatchObject({ level: 'community', state: 'submitted' });
    expect(v.timeline.map((e: { actionLabel: string }) => e.actionLabel)).toEqual(['提交', '临期提醒', '超期', '升级处理']);
  });

  it('running it twice at once changes nothing more than once', async () => {
    const response = new Date((await item()).responseDueAt);
    const at = new Date(response.getTime() + 60_000);
    const [a, b] = await Promise.all([run(at), run(at)]);
    expect(a.overdue + b.overdue).toBe(1);
    expect((await item()).version).toBe(1);
    const again = await run(at);
    expect(again.overdue).toBe(0);
  });

  it('an item nobody must act on is not watched', async () => {
    await t.ok(OPENID.A, 'item.reject', { id, version: 0, code: 'duplicate' });
    expect((await item()).watchAt).toBeUndefined();
    expect((await run(new Date(Date.now() + 365 * 86_400_000))).looked).toBe(0);
  });
});
