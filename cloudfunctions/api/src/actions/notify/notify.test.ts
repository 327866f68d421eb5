// Issue 8: notifications that really arrive. The subscription ledger (one grant, one message),
// the emulator behaving like WeChat (no grant → 43101), an outbox whose senders claim before they
// send (no doubles, also with two timer runs at once), permanent errors, backoff and dead letters,
// and 消息中心, which has every notice whatever WeChat did.
import { beforeEach, describe, expect, it } from 'vitest';
import { assignedMessage, formatTime } from '../../../../../src/core/notify/templates';
import { createTimer } from '../../../../timer/src/main';
import { sendClaimed } from '../../app/deliver';
import type { CloudSdk } from '../../cloud';
import { MAX_ATTEMPTS } from '../../notify';
import { makeRepos } from '../../repo';
import { CLAIM_LEASE_MS, type OutboxDoc } from '../../repo/outbox';
import { ledgerKey } from '../../repo/subscriptions';
import { departments, IDS } from '../../../test/fixture';
import { OPENID, reqId, setup } from '../../../test/harness';
import { delivered, subscribe } from '../../../test/subscribe';
import { afterCommits } from '../../../test/faults';

const R = 'o-resident-notify';
const ASSIGNED = 'TPL_ITEM_ASSIGNED';
const UPDATED = 'TPL_ITEM_UPDATED';

describe('notifications (issue 8)', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let sends: { touser: string; templateId: string }[];

  beforeEach(async () => {
    t = await setup();
    // Every call of subscribeMessage.send, whatever WeChat answers.
    sends = [];
    const send = t.emu.openapi.subscribeMessage.send.bind(t.emu.openapi.subscribeMessage);
    t.emu.openapi.subscribeMessage.send = (input) => (sends.push({ touser: input.touser, templateId: input.templateId }), send(input));
    await t.ok(R, 'household.confirm', { cardCode: 'CARDA', householdId: IDS.hhServed });
  });

  const submit = async (text = '楼道里堆放杂物，影响通行') =>
    (await t.ok(R, 'item.submit', { clientRequestId: reqId(), kind: 'complaint', category: '环境卫生', description: text, photos: [], anonymous: false })).item.id as string;
  const outbox = async (touser?: string): Promise<OutboxDoc[]> =>
    (await t.emu.db.collection('outbox').where(touser ? { touser } : {}).limit(1000).get()).data as OutboxDoc[];
  const ledger = async (openid: string, templateId: string) =>
    ((await t.emu.db.collection('subscriptions').where({ _id: ledgerKey(openid, templateId) }).get()).data[0]?.grants as number | undefined) ?? 0;
  const timerAt = (at: () => Date) => createTimer(t.emu.cloud as unknown as CloudSdk, { now: at });

  describe('the subscription ledger', () => {
    it('one grant gives one message; the next notice goes to 消息中心 only, and send is never called without a grant', async () => {
      await subscribe(t, R, UPDATED);
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      expect((await delivered(t, R)).map((m) => m.data.phrase2.value)).toEqual(['已受理']);
      expect((await outbox(R)).map((o) => o.status)).toEqual(['sent', 'skipped']);
      expect(sends.filter((s) => s.touser === R)).toHaveLength(1);
      expect(await ledger(R, UPDATED)).toBe(0);
      // The cadre never subscribed: WeChat was not even asked.
      expect(sends.filter((s) => s.touser === OPENID.A)).toHaveLength(0);
      expect((await outbox(OPENID.A))[0].status).toBe('skipped');
      // 消息中心 has both, newest first, and says what reached WeChat.
      const list = await t.ok(R, 'message.list', {});
      expect(list.messages.map((m: { title: string; delivery: string }) => `${m.title}|${m.delivery}`)).toEqual(['已办结|inApp', '已受理|wechat']);
      expect(list.unread).toBe(2);
      // The timer has nothing to retry: a notice without a grant is done, not pending.
      expect(await t.emu.call('timer', {}, '')).toMatchObject({ retried: 0 });
      expect(sends.filter((s) => s.touser === R)).toHaveLength(1);
    });

    it('grants add up; 取消 later keeps the earlier ones; the status says how many are left', async () => {
      await subscribe(t, R, UPDATED, 2);
      let s = await t.ok(R, 'subscription.report', { results: { [UPDATED]: 'reject' } });
      expect(s.templates.find((x: { id: string }) => x.id === UPDATED)).toMatchObject({ remaining: 2, lastResult: 'reject', longTerm: false, audience: 'resident' });
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      expect((await delivered(t, R)).map((m) => m.data.phrase2.value).sort()).toEqual(['已办结', '已受理']);
      s = await t.ok(R, 'subscription.status', {});
      expect(s.templates.find((x: { id: string }) => x.id === UPDATED).remaining).toBe(0);
    });

    it('ban: WeChat banned the template, so nothing is sent and the ledger says so', async () => {
      await subscribe(t, R, UPDATED);
      const s = await t.ok(R, 'subscription.report', { results: { [UPDATED]: 'ban' } });
      expect(s.templates.find((x: { id: string }) => x.id === UPDATED)).toMatchObject({ remaining: 0, banned: true });
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      expect(sends.filter((x) => x.touser === R)).toHaveLength(0);
    });

    it('long-term mode (长期订阅): one 允许 and every notice goes out; 取消 turns it off', async () => {
      await t.emu.subscriptions.setLongTerm(UPDATED, true);
      await t.emu.db.collection('config').doc('notify').set({ data: { longTermTemplates: [UPDATED] } });
      await subscribe(t, R, UPDATED);
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      await t.ok(R, 'item.rate', { id, version: 2, stars: 2, solved: false });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 3, note: '已再次清理', photos: [] });
      expect((await delivered(t, R)).map((m) => m.data.phrase2.value).sort()).toEqual(['已办结', '已办结', '已受理']);
      expect(await ledger(R, UPDATED)).toBe(1);
      const s = await t.ok(R, 'subscription.status', {});
      expect(s.templates.find((x: { id: string }) => x.id === UPDATED)).toMatchObject({ longTerm: true, remaining: 1 });
      await t.emu.subscriptions.request(R, { [UPDATED]: 'reject' });
      await t.ok(R, 'subscription.report', { results: { [UPDATED]: 'reject' } });
      await t.ok(R, 'item.rate', { id, version: 4, stars: 5, solved: true });
      const id2 = await submit('小区路灯坏了一周');
      await t.ok(OPENID.A, 'item.accept', { id: id2, version: 0 });
      expect(await delivered(t, R)).toHaveLength(3);
    });

    it('a ledger that believes in a grant WeChat does not have: 43101 empties it, and the next notice skips WeChat', async () => {
      // The client reported 允许 but WeChat recorded nothing (a lying or broken client).
      await t.ok(R, 'subscription.report', { results: { [UPDATED]: 'accept' } });
      await t.ok(R, 'subscription.report', { results: { [UPDATED]: 'accept' } });
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      expect((await outbox(R))[0]).toMatchObject({ status: 'refused', attempts: 1 });
      expect((await outbox(R))[0].lastError).toContain('43101');
      expect(await ledger(R, UPDATED)).toBe(0);
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      expect(sends.filter((x) => x.touser === R)).toHaveLength(1);
      expect((await outbox(R)).map((o) => o.status)).toEqual(['refused', 'skipped']);
    });

    it('the emulator is WeChat: a send without a grant is 43101; one grant allows exactly one message', async () => {
      const msg = { touser: 'o-direct', templateId: UPDATED, page: 'pages/item/index?id=x', data: { thing1: { value: '投诉·环境卫生' }, phrase2: { value: '已受理' }, thing3: { value: '请查看' }, time4: { value: '2026年01月01日 10:00' } } };
      await expect(t.emu.openapi.subscribeMessage.send(msg)).rejects.toMatchObject({ errCode: 43101 });
      await t.emu.subscriptions.request('o-direct', { [UPDATED]: 'accept' });
      await expect(t.emu.openapi.subscribeMessage.send(msg)).resolves.toMatchObject({ errCode: 0 });
      await expect(t.emu.openapi.subscribeMessage.send(msg)).rejects.toMatchObject({ errCode: 43101 });
      await expect(t.emu.subscriptions.request('o-direct', { a: 'accept', b: 'accept', c: 'accept', d: 'accept' })).rejects.toMatchObject({ errCode: 20003 });
      await expect(t.emu.subscriptions.request('o-direct', { NOPE: 'accept' })).rejects.toMatchObject({ errCode: 20001 });
    });

    it('subscription.report takes known templates only, at most 3, and answers in Chinese', async () => {
      expect(await t.call(R, 'subscription.report', { results: { NOPE: 'accept' } })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(await t.call(R, 'subscription.report', { results: {} })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(await t.call(R, 'subscription.report', { results: { [UPDATED]: 'maybe' } })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(await t.count('subscriptions')).toBe(0);
    });
  });

  describe("the holder's account travels with the item (issue 7: ≤ 3 reads)", () => {
    it('a 2★ rating notifies the holder without reading their person record', async () => {
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      t.emu.db.resetStats();
      await t.ok(R, 'item.rate', { id, version: 2, stars: 2, solved: true });
      const { reads, byCollection } = t.emu.db.stats();
      expect(byCollection.people).toBeUndefined();
      expect(reads).toBe(3); // the account, the item, the holder's ledger
      expect((await outbox(OPENID.A)).map((o) => o.title)).toContain('需整改');
      // The account stays on the server: what the resident is shown never carries it.
      for (const action of ['item.detail', 'item.mine', 'privacy.mine'] as const) {
        expect(JSON.stringify(await t.ok(R, action, action === 'item.detail' ? { id } : {})), action).not.toContain(OPENID.A);
      }
    });

    it('after the holder binds another WeChat account, their open items notify the new one', async () => {
      const id = await submit();
      const inv = await t.ok(OPENID.admin, 'admin.invite.create', { personId: 'pA', ttlHours: 24 });
      const phone = 'o-new-phone-of-pA';
      await t.ok(phone, 'invite.accept', { code: inv.code });
      await t.ok(phone, 'item.accept', { id, version: 0 });
      await t.ok(phone, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      await t.ok(R, 'item.rate', { id, version: 2, stars: 1, solved: false });
      const titles = (o: OutboxDoc[]) => o.filter((x) => x.itemId === id).map((x) => x.title);
      expect(titles(await outbox(phone))).toHaveLength(1);
      expect(titles(await outbox(OPENID.A))).toEqual(['新待办']); // only what came before the new binding
    });
  });

  describe('one document per notice, written once (issue 7)', () => {
    /** Database calls of one item.accept, per collection; the resident's notice in the end. */
    async function accept() {
      const id = await submit();
      t.emu.db.resetStats();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      const { byCollection } = t.emu.db.stats();
      const [notice] = await outbox(R);
      return { calls: (c: string) => byCollection[c] ?? { reads: 0, writes: 0 }, notice, collections: Object.keys(byCollection) };
    }

    it('no grant: the notice is written final (skipped) in the transaction, and nothing is written after commit', async () => {
      const { calls, notice, collections } = await accept();
      expect(notice).toMatchObject({ status: 'skipped', attempts: 0, title: '已受理', read: false });
      expect(notice.claimOwner).toBeUndefined();
      expect(calls('outbox')).toEqual({ reads: 0, writes: 1 });
      expect(calls('subscriptions')).toEqual({ reads: 1, writes: 0 }); // the ledger read before the transaction
      expect(collections).not.toContain('messages');
      expect(sends).toHaveLength(0);
    });

    it('a grant: the notice, then the grant and the sent mark (two writes after commit, both needed for at most once)', async () => {
      await subscribe(t, R, UPDATED);
      const { calls, notice } = await accept();
      expect(notice).toMatchObject({ status: 'sent', attempts: 1, title: '已受理' });
      expect(calls('outbox')).toEqual({ reads: 0, writes: 2 });
      expect(calls('subscriptions')).toEqual({ reads: 1, writes: 1 });
      expect(await delivered(t, R)).toHaveLength(1);
    });

    it('long-term mode: the read before the transaction is the grant check; no second look at the ledger', async () => {
      await t.emu.subscriptions.setLongTerm(UPDATED, true);
      await t.emu.db.collection('config').doc('notify').set({ data: { longTermTemplates: [UPDATED] } });
      await subscribe(t, R, UPDATED);
      const { calls, notice } = await accept();
      expect(notice).toMatchObject({ status: 'sent', attempts: 1 });
      expect(calls('subscriptions')).toEqual({ reads: 1, writes: 0 });
      expect(await ledger(R, UPDATED)).toBe(1);
    });

    it('a grant seen when the notice was written but gone by the send: skipped, and WeChat is not called', async () => {
      await subscribe(t, R, UPDATED);
      const id = await submit();
      // Another notice takes the grant between this change's commit and its send.
      const undo = afterCommits(t.emu.db, () => t.emu.db.collection('subscriptions').doc(ledgerKey(R, UPDATED)).update({ data: { grants: 0 } }));
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      undo();
      expect((await outbox(R))[0]).toMatchObject({ status: 'skipped', attempts: 0 });
      expect(sends.filter((s) => s.touser === R)).toHaveLength(0);
      expect(await t.emu.call('timer', {}, '')).toMatchObject({ retried: 0 });
    });

    it('a crash between commit and send: the notice stays claimed, and the timer sends it once after the lease', async () => {
      await subscribe(t, R, UPDATED);
      const id = await submit();
      const undo = afterCommits(t.emu.db, () => Promise.reject(new Error('killed after commit')));
      expect((await t.call(OPENID.A, 'item.accept', { id, version: 0 })).ok).toBe(false);
      undo();
      const [o] = await outbox(R);
      expect(o).toMatchObject({ status: 'sending', attempts: 0, title: '已受理' });
      expect(await timerAt(() => new Date())()).toMatchObject({ retried: 0 }); // the lease still runs
      const later = () => new Date(Date.now() + CLAIM_LEASE_MS);
      expect((await Promise.all([timerAt(later)(), timerAt(later)()])).map((r) => r.sent).sort()).toEqual([0, 1]);
      expect(await delivered(t, R)).toHaveLength(1);
      expect((await outbox(R))[0]).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await ledger(R, UPDATED)).toBe(0);
    });

    it('two notices racing for one grant: one is sent, the other skipped', async () => {
      await subscribe(t, OPENID.A, ASSIGNED);
      await Promise.all([submit('楼道里堆放杂物，影响通行'), submit('小区路灯坏了一周')]);
      expect((await outbox(OPENID.A)).map((o) => o.status).sort()).toEqual(['sent', 'skipped']);
      expect(sends.filter((s) => s.touser === OPENID.A)).toHaveLength(1);
      expect(await ledger(OPENID.A, ASSIGNED)).toBe(0);
    });
  });

  describe('the outbox: claim before send', () => {
    /** `n` pending records to one recipient who allows exactly `n` messages, ledger and WeChat alike. */
    async function pending(n: number, touser = 'o-many') {
      const now = new Date(Date.now() - 60_000);
      const item = { _id: 'item-many', kind: 'complaint' as const, category: '环境卫生', description: '积压的通知', createdAt: now };
      const docs: OutboxDoc[] = Array.from({ length: n }, (_, i) => ({
        _id: `item-many:v${i}:0`, touser, itemId: item._id, ...assignedMessage(item, '新待办'), scope: [IDS.street, IDS.community],
        status: 'pending', attempts: 1, nextAttemptAt: now, createdAt: now, updatedAt: now, grantSpent: false,
        title: '新待办', summary: '投诉·环境卫生', body: item.description, read: false,
      }));
      await t.emu.db.collection('outbox').add({ data: docs });
      await t.emu.subscriptions.grant(touser, ASSIGNED, n);
      await t.emu.db.collection('subscriptions').add({ data: { _id: ledgerKey(touser, ASSIGNED), openid: touser, templateId: ASSIGNED, grants: n, accepted: n, lastResult: 'accept', createdAt: now, updatedAt: now } });
      return docs;
    }

    it('two timer runs at once deliver each of 100 pending messages exactly once', async () => {
      await pending(100);
      const runs = await Promise.all([t.emu.call('timer', {}, ''), t.emu.call('timer', {}, '')]) as { sent: number; lost: number }[];
      expect(runs[0].sent + runs[1].sent).toBe(100);
      const got = await delivered(t, 'o-many');
      expect(got).toHaveLength(100);
      expect(sends.filter((s) => s.touser === 'o-many')).toHaveLength(100);
      expect(new Set((await outbox('o-many')).map((o) => o.status))).toEqual(new Set(['sent']));
      // Nothing is left for a third run, and no grant was burnt twice.
      expect(await t.emu.call('timer', {}, '')).toMatchObject({ retried: 0 });
      expect(await ledger('o-many', ASSIGNED)).toBe(0);
      expect((await t.emu.subscriptions.of('o-many'))[0].count).toBe(0);
    });

    it('a send right after a commit and a timer run at once still send once', async () => {
      await subscribe(t, OPENID.A, ASSIGNED, 5);
      const [, run] = await Promise.all([submit(), t.emu.call('timer', {}, '')]);
      expect(run).toBeDefined();
      await t.emu.call('timer', {}, '');
      expect(await delivered(t, OPENID.A)).toHaveLength(1);
    });

    it('a claim whose sender died is taken over after the lease, and sent exactly once', async () => {
      const [doc] = await pending(1, 'o-crash');
      const now = Date.now();
      // The sender claimed it and was killed before it sent.
      await t.emu.db.collection('outbox').doc(doc._id).update({ data: { status: 'sending', claimOwner: 'dead-sender', claimedAt: new Date(now - 60_000) } });
      expect(await timerAt(() => new Date(now))()).toMatchObject({ retried: 0 }); // the lease still runs
      expect(await delivered(t, 'o-crash')).toHaveLength(0);
      const later = () => new Date(now + CLAIM_LEASE_MS);
      const runs = await Promise.all([timerAt(later)(), timerAt(later)()]);
      expect(runs.map((r) => r.sent).sort()).toEqual([0, 1]);
      expect(await delivered(t, 'o-crash')).toHaveLength(1);
      expect((await outbox('o-crash'))[0]).toMatchObject({ status: 'sent' });
      expect((await outbox('o-crash'))[0].claimOwner).toBeUndefined();
    });

    it('a sender too slow for its lease, whose claim was taken over, neither sends nor records when it wakes up', async () => {
      const [doc] = await pending(1, 'o-slow');
      // A second grant, so that only the claim (not a missing grant) can stop the slow sender.
      await t.emu.subscriptions.grant('o-slow', ASSIGNED, 1);
      await t.emu.db.collection('subscriptions').doc(ledgerKey('o-slow', ASSIGNED)).update({ data: { grants: 2 } });
      const now = Date.now();
      const claimedAt = new Date(now - CLAIM_LEASE_MS - 1000);
      await t.emu.db.collection('outbox').doc(doc._id).update({ data: { status: 'sending', claimOwner: 'slow-sender', claimedAt } });
      expect(await timerAt(() => new Date(now))()).toMatchObject({ retried: 1, sent: 1 });
      // A second later the slow sender goes on with the claim it took before the lease ran out.
      const cloud = t.emu.cloud as unknown as CloudSdk;
      const deps = { cloud, repos: makeRepos(cloud.database()), now: new Date(now + 1000) };
      expect(await sendClaimed(deps, { ...doc, status: 'sending', claimOwner: 'slow-sender', claimedAt }, 'slow-sender')).toBeNull();
      expect(sends.filter((s) => s.touser === 'o-slow')).toHaveLength(1);
      expect(await delivered(t, 'o-slow')).toHaveLength(1);
      expect((await outbox('o-slow'))[0]).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await ledger('o-slow', ASSIGNED)).toBe(1); // its own grant given back
    });

    it('a sender that dies after WeChat accepted the message never sends it again (at most once), even after the lease', async () => {
      await subscribe(t, OPENID.A, ASSIGNED, 2);
      // WeChat delivers, then the sender's process stalls forever inside the call (as if killed there).
      const real = t.emu.openapi.subscribeMessage.send;
      t.emu.openapi.subscribeMessage.send = async (input) => (await real(input), new Promise<never>(() => {}));
      void t.call(R, 'item.submit', { clientRequestId: reqId(), kind: 'complaint', category: '环境卫生', description: '楼道里堆放杂物，影响通行', photos: [], anonymous: false });
      // Only the new-item notice counts: the timer's sweep may send deadline notices of its own.
      const newItem = async () => (await delivered(t, OPENID.A)).filter((m) => m.data.phrase4.value === '新待办');
      await expect.poll(async () => (await newItem()).length).toBe(1);
      t.emu.openapi.subscribeMessage.send = real;
      const [o] = await outbox(OPENID.A);
      expect(o).toMatchObject({ status: 'sent', attempts: 1 });
      expect(o.claimOwner).toBeUndefined();
      const now = Date.now();
      for (const at of [now + CLAIM_LEASE_MS + 1000, now + 2 * CLAIM_LEASE_MS]) {
        const runs = await Promise.all([timerAt(() => new Date(at))(), timerAt(() => new Date(at))()]);
        expect(runs.map((r) => r.retried)).toEqual([0, 0]);
      }
      expect(await newItem()).toHaveLength(1);
      expect((await outbox(OPENID.A)).find((x) => x._id === o._id)).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('43101 is final: the timer never retries a refused record, however late', async () => {
      await t.ok(OPENID.A, 'subscription.report', { results: { [ASSIGNED]: 'accept' } }); // the ledger believes, WeChat does not
      await submit();
      const [o] = await outbox(OPENID.A);
      expect(o).toMatchObject({ status: 'refused', attempts: 1 });
      await t.emu.subscriptions.grant(OPENID.A, ASSIGNED, 1); // even if WeChat would now take it
      await t.emu.db.collection('outbox').doc(o._id).update({ data: { nextAttemptAt: new Date(Date.now() - 60_000) } });
      for (const at of [Date.now() + 60_000, Date.now() + CLAIM_LEASE_MS + 1000, Date.now() + 7 * 86_400_000]) {
        expect(await timerAt(() => new Date(at))()).toMatchObject({ retried: 0 });
      }
      expect(sends.filter((x) => x.touser === OPENID.A)).toHaveLength(1);
      expect((await outbox(OPENID.A))[0]).toMatchObject({ status: 'refused', attempts: 1 });
    });

    it.each([40003, 40037, 47003, 41030])('permanent error %i: failed at once, never retried, the grant given back, a dead letter for the admin', async (code) => {
      await subscribe(t, OPENID.A, ASSIGNED);
      t.emu.failNextSends.count = 1;
      t.emu.failNextSends.errCode = code;
      await submit();
      const [o] = await outbox(OPENID.A);
      expect(o).toMatchObject({ status: 'failed', attempts: 1 });
      expect(o.lastError).toContain(String(code));
      expect(await ledger(OPENID.A, ASSIGNED)).toBe(1);
      // Even when it looks due, the timer leaves a failed record alone.
      await t.emu.db.collection('outbox').doc(o._id).update({ data: { nextAttemptAt: new Date(Date.now() - 60_000) } });
      expect(await t.emu.call('timer', {}, '')).toMatchObject({ retried: 0 });
      expect(sends.filter((s) => s.touser === OPENID.A)).toHaveLength(1);
      expect((await outbox(OPENID.A))[0]).toMatchObject({ status: 'failed', attempts: 1 });
      const dl = await t.ok(OPENID.admin, 'admin.deadLetters', {});
      expect(dl.letters).toHaveLength(1);
      expect(dl.letters[0]).toMatchObject({ recipient: '张三', templateTitle: '新事项待办提醒', attempts: 1 });
      expect(dl.letters[0].error).toContain(String(code));
      expect((await t.ok(OPENID.admin2, 'admin.deadLetters', {})).letters).toHaveLength(0);
      expect((await t.ok(OPENID.street, 'admin.deadLetters', {})).letters).toHaveLength(1);
      expect(await t.call(OPENID.A, 'admin.deadLetters', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      // The holder's inbox still shows the item; 消息中心 says WeChat did not deliver it.
      expect((await t.ok(OPENID.A, 'cadre.inbox', { filter: 'todo' })).items).toHaveLength(1);
      expect((await t.ok(OPENID.A, 'message.list', {})).messages[0]).toMatchObject({ delivery: 'failed', deliveryLabel: '微信通知未送达' });
    });

    it('transient errors back off 1, 5, 30, 120, 720 minutes, then give up: a dead letter, the grant given back', async () => {
      await subscribe(t, OPENID.A, ASSIGNED);
      t.emu.failNextSends.count = MAX_ATTEMPTS;
      const t0 = Date.now();
      await submit();
      let [o] = await outbox(OPENID.A);
      expect(o).toMatchObject({ status: 'pending', attempts: 1, grantSpent: true });
      const steps: number[] = [Math.round((new Date(o.nextAttemptAt).getTime() - new Date(o.updatedAt).getTime()) / 60_000)];
      let clock = t0;
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        // Just before it is due nothing happens; at the due time exactly one try.
        clock = new Date(o.nextAttemptAt).getTime();
        expect(await timerAt(() => new Date(clock - 1000))()).toMatchObject({ retried: 0 });
        expect(await timerAt(() => new Date(clock))()).toMatchObject({ retried: 1 });
        [o] = await outbox(OPENID.A);
        expect(o.attempts).toBe(attempt);
        if (o.status === 'pending') steps.push(Math.round((new Date(o.nextAttemptAt).getTime() - clock) / 60_000));
      }
      // The documented steps, written out: comparing with BACKOFF_MIN itself would follow any change to it.
      expect(steps).toEqual([1, 5, 30, 120, 720]);
      expect(o).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, grantSpent: false });
      expect(o.lastError).toContain('重试 6 次仍失败');
      expect(sends.filter((s) => s.touser === OPENID.A)).toHaveLength(MAX_ATTEMPTS);
      // The grant was held across the retries (spent once) and given back at the end.
      expect(await ledger(OPENID.A, ASSIGNED)).toBe(1);
      expect(await timerAt(() => new Date(clock + 86_400_000))()).toMatchObject({ retried: 0 });
      expect((await t.ok(OPENID.admin, 'admin.deadLetters', {})).letters).toHaveLength(1);
    });

    it('a transient error then success: sent on the retry, one grant spent in all', async () => {
      await subscribe(t, OPENID.A, ASSIGNED, 2);
      t.emu.failNextSends.count = 1;
      await submit();
      const [o] = await outbox(OPENID.A);
      expect(await ledger(OPENID.A, ASSIGNED)).toBe(1);
      expect(await timerAt(() => new Date(o.nextAttemptAt))()).toMatchObject({ retried: 1, sent: 1 });
      expect(await ledger(OPENID.A, ASSIGNED)).toBe(1);
      expect(await delivered(t, OPENID.A)).toHaveLength(1);
    });
  });

  describe('the lifecycle: every event reaches its recipient, built for its event (fake clock for the timer)', () => {
    /** 消息中心 titles of one user for one item, oldest first (the notices are the outbox's documents). */
    const titles = async (touser: string, itemId: string) =>
      ((await t.emu.db.collection('outbox').where({ touser, itemId }).orderBy('createdAt', 'asc').limit(100).get()).data as OutboxDoc[]).map((m) => m.title);
    const record = async (touser: string, itemId: string, phrase: string) =>
      ((await outbox(touser)) as OutboxDoc[]).find((o) => o.itemId === itemId && Object.values(o.data).some((v) => v.value === phrase));
    const itemDoc = async (id: string) => (await t.emu.db.collection('items').doc(id).get()).data as { version: number; dueAt: Date };

    it('cadres: new item, transferred to you, due soon, overdue, escalated to you; residents: accepted', async () => {
      const id = await submit();
      expect(await titles(OPENID.A, id)).toEqual(['新待办']);
      await t.ok(OPENID.A, 'item.transfer', { id, version: 0, toPersonId: 'pC', reason: '该户由王五包保' });
      const C = 'o-pC';
      expect(await titles(C, id)).toEqual(['转办待核单']);
      expect((await record(C, id, '转办待核单'))!.data.thing2.value).toBe('该户由王五包保');
      await t.ok(C, 'item.accept', { id, version: 1 });
      expect(await titles(R, id)).toEqual(['已受理']);
      const { dueAt } = await itemDoc(id);
      const due = new Date(dueAt).getTime();
      // 24 h before the limit (the default lead): 即将到期, with the limit in the time field.
      await timerAt(() => new Date(due - 23 * 3_600_000))();
      expect(await titles(C, id)).toEqual(['转办待核单', '即将到期']);
      expect((await record(C, id, '即将到期'))!.data.time3.value).toBe(formatTime(new Date(due)));
      // Past the limit: 已超期 to the holder, then (escalateOverdue) 超期上报 to the next level.
      for (let k = 1; k <= 3; k++) await timerAt(() => new Date(due + k * 60_000))();
      expect(await titles(C, id)).toEqual(['转办待核单', '即将到期', '已超期']);
      const escalated = (await t.emu.db.collection('outbox').where({ itemId: id, title: '超期上报' }).get()).data as OutboxDoc[];
      expect(escalated.length).toBeGreaterThanOrEqual(1);
      expect(escalated.every((m) => m.touser !== C && m.touser !== R)).toBe(true);
    });

    it('residents: resolved (请评价); cadres: reopened for 整改 after an unsatisfied rating', async () => {
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已清理', photos: [] });
      expect(await titles(R, id)).toEqual(['已受理', '已办结']);
      expect((await record(R, id, '已办结'))!.data.thing3.value).toBe('请您评价办理结果');
      await t.ok(R, 'item.rate', { id, version: 2, stars: 1, solved: false });
      expect(await titles(OPENID.A, id)).toEqual(['新待办', '需整改']);
    });

    it('residents: needs more information (信息不全) and rejected with the reason are different notices', async () => {
      const a = await submit();
      await t.ok(OPENID.A, 'item.reject', { id: a, version: 0, code: 'incomplete', note: '请写明具体楼栋' });
      expect(await titles(R, a)).toEqual(['请补充信息']);
      expect((await record(R, a, '请补充信息'))!.data.thing3.value).toContain('请写明具体楼栋');
      const b = await submit('小区路灯坏了一周');
      await t.ok(OPENID.A, 'item.reject', { id: b, version: 0, code: 'duplicate', note: '已在另一条中处理' });
      expect(await titles(R, b)).toEqual(['已退回']);
      expect((await record(R, b, '已退回'))!.data.thing3.value).toContain('退回原因：重复');
    });

    it('residents: transferred (上报); admins: escalated to you; departments: whistle received', async () => {
      await Promise.all(departments.map((d) => t.emu.db.collection('departments').add({ data: d })));
      const id = await submit();
      await t.ok(OPENID.A, 'item.escalate', { id, version: 0, reason: '需要社区协调物业' });
      expect(await titles(R, id)).toEqual(['已上报社区']);
      expect(await titles(OPENID.admin, id)).toEqual(['已上报社区']);
      await t.ok(OPENID.admin, 'item.escalate', { id, version: 1, reason: '需要街道协调' });
      expect(await titles(OPENID.street, id)).toEqual(['已派至街道']);
      await t.ok(OPENID.street, 'item.whistle', { id, version: 2, kind: 'quick', departmentIds: ['D-CG'] });
      expect(await titles(OPENID.D1, id)).toEqual(['待报到']);
      expect(await titles(R, id)).toEqual(['已上报社区', '已派至街道', '已吹哨']);
    });

    it('residents: paused, with the reason', async () => {
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      await t.ok(OPENID.A, 'item.pause', { id, version: 1, reason: '等待燃气公司检修' });
      await t.ok(OPENID.GL, 'item.pauseReview', { id, version: 2, approve: true });
      expect(await titles(R, id)).toEqual(['已受理', '已挂起']);
      expect((await record(R, id, '已挂起'))!.data.thing3.value).toBe('暂缓原因：等待燃气公司检修');
    });
  });

  describe('消息中心', () => {
    it('every notice lands there in the transaction of its change; list, unread, read one, read all', async () => {
      const id = await submit();
      await t.ok(OPENID.A, 'item.accept', { id, version: 0 });
      await t.ok(OPENID.A, 'item.resolve', { id, version: 1, note: '已联系物业清理', photos: [] });
      // One document per notice: 消息中心 lists the caller's outbox documents themselves.
      const mine = await t.ok(R, 'message.list', {});
      expect(mine.messages.map((m: { id: string }) => m.id).sort()).toEqual((await outbox(R)).map((o) => o._id).sort());
      expect(mine.unread).toBe(2);
      expect(mine.messages[0]).toMatchObject({ itemId: id, title: '已办结', summary: '投诉·环境卫生', body: '请您评价办理结果', read: false, url: `/pages/item/index?id=${id}` });
      const cadre = await t.ok(OPENID.A, 'message.list', {});
      expect(cadre.messages[0]).toMatchObject({ title: '新待办', body: '楼道里堆放杂物，影响通行', url: `/packages/cadre/handle/index?id=${id}` });
      expect(await t.ok(R, 'message.list', { countOnly: true })).toEqual({ messages: [], hasMore: false, unread: 2 });

      expect(await t.ok(R, 'message.read', { ids: [mine.messages[1].id] })).toEqual({ unread: 1 });
      // Someone else's message is not found, and stays unread.
      expect(await t.call(OPENID.A, 'message.read', { ids: [mine.messages[0].id] })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await t.call(R, 'message.read', {})).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(await t.ok(R, 'message.read', { all: true })).toEqual({ unread: 0 });
      expect((await t.ok(OPENID.A, 'message.list', {})).unread).toBe(1);
    });

    it('pages of 20, newest first', async () => {
      for (let i = 0; i < 21; i++) await submit(`第${i + 1}件事，请尽快处理`);
      const p0 = await t.ok(OPENID.A, 'message.list', {});
      expect(p0).toMatchObject({ hasMore: true, unread: 21 });
      expect(p0.messages).toHaveLength(20);
      const p1 = await t.ok(OPENID.A, 'message.list', { page: 1 });
      expect(p1.messages).toHaveLength(1);
      expect(p1.messages[0].body).toBe('第1件事，请尽快处理');
    });
  });
});
