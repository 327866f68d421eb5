import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createEmulator } from '../emulator';
import { MESSAGES, REFUSALS } from './index';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gridlink-platform-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const start = () => createEmulator({ dataDir: dir, templates: [{ id: 'T', keys: ['thing1'] }], indexes: [], functions: {} });
const send = (emu: Awaited<ReturnType<typeof start>>, touser: string) =>
  emu.openapi.subscribeMessage.send({ touser, templateId: 'T', page: 'pages/item/index', data: { thing1: { value: '楼道杂物' } } });

it('WeChat-side records stay out of the project database and its read/write counts, and survive a restart', async () => {
  let emu = await start();
  await emu.subscriptions.grant('o-a', 'T', 1);
  await emu.subscriptions.grant('o-b', 'T', 2);
  await send(emu, 'o-a');
  await send(emu, 'o-b');
  await emu.platformDb.collection(REFUSALS).add({ data: { openid: 'o-b', templateId: 'T' } });
  expect(emu.db.stats()).toEqual({ reads: 0, writes: 0, byCollection: {} });
  expect(await emu.db.collectionNames()).toEqual([]);
  await emu.close();

  emu = await start();
  try {
    const { data } = await emu.platformDb.collection(MESSAGES).where({ touser: 'o-a' }).get();
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ touser: 'o-a', templateId: 'T', data: { thing1: { value: '楼道杂物' } } });
    expect(data[0].sentAt).toBeInstanceOf(Date);
    await expect(send(emu, 'o-b')).rejects.toMatchObject({ errCode: 43101 });
    expect(emu.db.stats().reads + emu.db.stats().writes).toBe(0);
  } finally {
    await emu.close();
  }
});
