import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createDatabase } from '../emulator/db';
import { demoFacts } from './demoFacts';
import { killHard } from './hardKill';
import { callApi, raiseAbuseLimits, sessionFor, startEmulatorProcess } from './server';

it('every acknowledged submission survives kill -9 of the emulator, with its notice: item and outbox commit together', async () => {
  const facts = demoFacts();
  const dir = mkdtempSync(path.join(tmpdir(), 'gridlink-kill9-'));
  let server = await startEmulatorProcess(dir);
  await raiseAbuseLimits(server.url, facts.streetAdmin.person.openid!); // one resident submits hundreds
  const token = await sessionFor(server.url, 'o-durability-resident');
  const c = await callApi(server.url, token, 'household.confirm', { cardCode: facts.cadre.cardCode, householdId: facts.household._id });
  expect(c.ok).toBe(true);

  const acked: string[] = [];
  let killed = false;
  const worker = async (w: number) => {
    for (let i = 0; !killed; i++) {
      try {
        const r = await callApi(server.url, token, 'item.submit', {
          clientRequestId: `kill9-${w}-${i}-abcdef`, kind: 'request', category: '其他', description: `第${w}-${i}条诉求，测试断电后不丢失`, photos: [], anonymous: false,
        });
        if (r.ok) acked.push(r.data.item.id);
      } catch {
        return; // the process is gone mid-request: that write was never acknowledged
      }
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  while (acked.length < 150) await new Promise((r) => setTimeout(r, 5));
  // SIGKILL the process that holds the port and the data files, and make sure it is gone
  // before a new server opens the same data dir.
  const gone = killHard(server, dir);
  gone.catch(() => {}); // rethrown by the await below, once the workers have stopped
  killed = true;
  await Promise.all(workers);
  await gone;
  const ackedAtKill = [...acked];

  server = await startEmulatorProcess(dir);
  try {
    const token2 = await sessionFor(server.url, 'o-durability-resident');
    const found = new Set<string>();
    for (let page = 0; ; page++) {
      const r = await callApi(server.url, token2, 'item.mine', { page });
      for (const it of r.data.items) found.add(it.id);
      if (!r.data.hasMore) break;
    }
    const missing = ackedAtKill.filter((id) => !found.has(id));
    expect(ackedAtKill.length).toBeGreaterThanOrEqual(150);
    expect(missing).toEqual([]);
  } finally {
    await server.stop();
  }

  // Each submit writes the item and the notice to its cadre in one transaction, and the kill
  // hit some of them in flight: every stored item has its notice, and no notice lacks its item.
  const db = createDatabase({ dir: path.join(dir, 'db') });
  try {
    const items = new Set<string>();
    for (let skip = 0; ; skip += 1000) {
      // This resident's items (the demo's history items were seeded without notices, closed long ago).
      const page = (await db.collection('items').where({ submitterOpenid: 'o-durability-resident' }).orderBy('_id', 'asc').skip(skip).limit(1000).field({ _id: true }).get()).data;
      for (const d of page) items.add(d._id);
      if (page.length < 1000) break;
    }
    const noticed = new Set<string>();
    for (let skip = 0; ; skip += 1000) {
      const page = (await db.collection('outbox').orderBy('_id', 'asc').skip(skip).limit(1000).field({ itemId: true }).get()).data;
      for (const d of page) noticed.add(d.itemId);
      if (page.length < 1000) break;
    }
    expect(items.size).toBeGreaterThanOrEqual(ackedAtKill.length);
    expect([...items].filter((id) => !noticed.has(id))).toEqual([]);
    // No notice lacks its item (any item: the demo's own notices have theirs too).
    const all = new Set<string>();
    for (let skip = 0; ; skip += 1000) {
      const page = (await db.collection('items').orderBy('_id', 'asc').skip(skip).limit(1000).field({ _id: true }).get()).data;
      for (const d of page) all.add(d._id);
      if (page.length < 1000) break;
    }
    expect([...noticed].filter((id) => !all.has(id))).toEqual([]);
  } finally {
    await db.close();
  }
});
