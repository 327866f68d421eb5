import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../emulator/db';
import { generateDemoCommunity } from './demoCommunity';
import { demoPersonas, seedDemo, type SeedDb } from './index';

/** In-memory stand-in that records inserts and the peak number of concurrent adds. */
function fakeDb() {
  const store = new Map<string, object[]>();
  let inFlight = 0;
  let peak = 0;
  const db: SeedDb = {
    collection(name) {
      if (!store.has(name)) store.set(name, []);
      const docs = store.get(name)!;
      return {
        async add({ data }) {
          peak = Math.max(peak, ++inFlight);
          await Promise.resolve();
          docs.push(data);
          inFlight--;
          return { _id: (data as { _id: string })._id };
        },
        async count() {
          return { total: docs.length };
        },
      };
    },
  };
  return { db, store, peak: () => peak };
}

describe('seedDemo', () => {
  const now = new Date('2026-05-01T08:00:00+08:00');

  it('inserts every collection once, in bounded parallel batches, then refuses to reseed', async () => {
    const { db, store, peak } = fakeDb();
    const expected = generateDemoCommunity({ now });
    const first = await seedDemo(db, { now, items: false });
    expect(first.seeded).toBe(true);
    expect(first.counts).toEqual({
      households: expected.households.length,
      people: expected.people.length,
      cards: expected.cards.length,
      users: expected.users.length,
      departments: expected.departments.length,
      orgNodes: expected.orgNodes.length,
    });
    expect(store.get('users')).toEqual(expected.users);
    expect(peak()).toBeGreaterThan(1);
    expect(peak()).toBeLessThanOrEqual(200);

    const second = await seedDemo(db, { now, items: false });
    expect(second).toEqual({ seeded: false, counts: {}, personas: expected.personas });
    expect(store.get('orgNodes')).toHaveLength(expected.orgNodes.length);
  });

  it('needs a database with transactions for the demo items', async () => {
    await expect(seedDemo(fakeDb().db, { now })).rejects.toThrow(/transactions/);
  });

  it('works against the local cloud database emulator, items played through the api function', async () => {
    const db = createDatabase();
    try {
      const r = await seedDemo(db, { now });
      expect(r.seeded).toBe(true);
      expect((await db.collection('households').count()).total).toBe(r.counts.households);
      expect(r.counts.items).toBe(generateDemoCommunity({ now }).items.length);
      expect((await db.collection('items').count()).total).toBe(r.counts.items);
      expect(r.counts.outbox).toBeGreaterThan(r.counts.items);
      const { data } = await db.collection('users').doc('demo-resident-2').get();
      expect(data.householdId).toMatch(/^JH01-01-02-/);
      expect((await seedDemo(db, { now })).seeded).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('offers personas that are accounts of the seeded community, each in the role its label names', () => {
    const users = new Map(generateDemoCommunity().users.map((u) => [u._id, u]));
    const personas = demoPersonas();
    expect(new Set(personas.map((p) => p.openid)).size).toBe(personas.length);
    const roleOf = (label: string) =>
      label.startsWith('居民 · ') ? 'resident'
      : label.startsWith('包保干部') ? 'cadre'
      : label.startsWith('网格长 · ') ? 'gridLeader'
      : label.startsWith('社区管理员 · ') ? 'communityAdmin'
      : label.startsWith('街道管理员 · ') ? 'streetAdmin' : 'departmentStaff';
    for (const p of personas) {
      const u = users.get(p.openid);
      expect(u, `${p.label}: no account with that OPENID`).toBeDefined();
      const role = roleOf(p.label);
      if (role === 'resident') expect(u!.householdId, p.label).toBeTruthy();
      else expect(u!.roles.map((r) => r.role), p.label).toContain(role);
    }
    expect(new Set(personas.map((p) => roleOf(p.label)))).toEqual(new Set(['resident', 'cadre', 'gridLeader', 'communityAdmin', 'streetAdmin', 'departmentStaff']));
  });
});
