// 个人信息删除's removals in outbox and subscriptions: only the user's documents, at most `limit` a call.
import { expect, it } from 'vitest';
import { createGridLinkEmulator } from '../../../../emulator/project';
import type { Database } from '../cloud';
import { outboxRepo } from './outbox';
import { subscriptionsRepo } from './subscriptions';

it('outbox.removeOf and subscriptions.removeOf remove the user’s documents in bounded batches and leave others’', async () => {
  const emu = await createGridLinkEmulator({ quiet: true });
  const db = emu.db as unknown as Database;
  for (let i = 0; i < 3; i++) await db.collection('outbox').add({ data: { _id: `n${i}`, touser: 'o-R', status: 'sent' } });
  await db.collection('outbox').add({ data: { _id: 'other', touser: 'o-X', status: 'sent' } });
  for (const [openid, templateId] of [['o-R', 'T1'], ['o-R', 'T2'], ['o-X', 'T1']]) {
    await db.collection('subscriptions').add({ data: { _id: `${openid}|${templateId}`, openid, templateId, grants: 1 } });
  }
  const outbox = outboxRepo(db);
  expect(await outbox.removeOf('o-R', 2)).toBe(2);
  expect(await outbox.removeOf('o-R', 2)).toBe(1);
  expect(await outbox.removeOf('o-R', 2)).toBe(0);
  expect((await db.collection('outbox').get()).data.map((d) => d._id)).toEqual(['other']);
  const subs = subscriptionsRepo(db);
  expect(await subs.removeOf('o-R', 50)).toBe(2);
  expect(await subs.removeOf('o-R', 50)).toBe(0);
  expect((await db.collection('subscriptions').get()).data.map((d) => d._id)).toEqual(['o-X|T1']);
});
