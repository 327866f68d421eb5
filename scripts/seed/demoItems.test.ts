import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTimer } from '../../cloudfunctions/timer/src/main';
import type { CloudSdk } from '../../cloudfunctions/api/src/cloud';
import { demoFacts } from '../../e2e/demoFacts';
import { createGridLinkEmulator } from '../../emulator/project';
import { STATES, statesIn } from '../../src/core/workflow/table';
import type { Item, ItemLevel, ItemState, UserDoc } from '../../src/core/types';
import { generateDemoCommunity } from './demoCommunity';
import { seedDemo } from './index';

type Emu = Awaited<ReturnType<typeof createGridLinkEmulator>>;

async function seeded(now: Date) {
  const emu = await createGridLinkEmulator({ quiet: true });
  await seedDemo(emu.db, { now });
  const { data } = await emu.db.collection('items').limit(1000).get();
  return { emu, items: data as Item[] };
}

const isOverdue = (i: Item) => !!i.overdueAt && statesIn('open', 'waiting').includes(i.state);

/** Every script ended where it says, and the timer has nothing left to do at `now`. */
async function checkPlan(emu: Emu, items: Item[], now: Date) {
  const plan = generateDemoCommunity({ now }).items;
  expect(items).toHaveLength(plan.length);
  for (const s of plan) {
    const item = items.find((i) => i.description === s.description)!;
    expect(item, s.key).toBeDefined();
    expect({ key: s.key, state: item.state, level: item.level, overdue: isOverdue(item) }).toEqual({
      key: s.key, state: s.expect.state, level: s.expect.level, overdue: !!s.expect.overdue,
    });
  }
  for (const i of items) if (i.watchAt) expect(new Date(i.watchAt).getTime()).toBeGreaterThan(now.getTime());
  // The cadre persona the browser tests use holds nothing: its inbox and messages stay theirs.
  expect(items.filter((i) => i.handlerIds.includes(demoFacts().cadre._id))).toEqual([]);
  const timer = createTimer(emu.cloud as unknown as CloudSdk, { now: () => now });
  expect((await timer()).sweep.looked).toBe(0);
}

describe('the demo items', () => {
  const now = new Date('2026-05-01T08:00:00+08:00'); // 劳动节: a holiday
  let emu: Emu;
  let items: Item[];
  const data = generateDemoCommunity({ now });
  beforeAll(async () => {
    ({ emu, items } = await seeded(now));
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('are scripts that run forward in time, in the past, each creating its item first', () => {
    expect(new Set(data.items.map((s) => s.key)).size).toBe(data.items.length);
    expect(new Set(data.items.map((s) => s.description)).size).toBe(data.items.length);
    for (const s of data.items) {
      expect(['item.submit', 'item.onBehalf'], s.key).toContain(s.steps[0].action);
      for (let i = 1; i < s.steps.length; i++) expect(s.steps[i].ago, `${s.key} step ${i + 1}`).toBeLessThan(s.steps[i - 1].ago);
      expect(s.steps.at(-1)!.ago).toBeGreaterThan(0);
      for (const step of s.steps) expect(data.users.some((u) => u._id === step.as), `${s.key} ${step.as}`).toBe(true);
    }
  });

  it("leave the browser tests' cadre and household alone, and demoFacts names them all", () => {
    const facts = demoFacts();
    const neighbours = data.users.filter((u) => u._id.startsWith('demo-neighbour-'));
    expect(neighbours.map((u) => u.householdId)).not.toContain(facts.household._id);
    expect(neighbours.map((u) => u.household!.cadreId)).not.toContain(facts.cadre._id);
    expect(facts.items.map((i) => i.key)).toEqual(data.items.map((s) => s.key));
    expect(facts.streetAdmin.persona.label).toMatch(/^街道管理员 · /);
    expect(facts.departments.map((d) => d.persona.label.split(' · ')[0])).toEqual(['城管执法中队', '市场监管所', '住建（物业）办', '派出所']);
  });

  it('end where their scripts say; the timer has nothing due', async () => {
    await checkPlan(emu, items, now);
  });

  it('cover every state and every level', () => {
    const states = new Set(items.map((i) => i.state));
    expect([...states].sort()).toEqual((Object.keys(STATES) as ItemState[]).sort());
    expect([...new Set(items.map((i) => i.level))].sort()).toEqual((['community', 'department', 'grid', 'street'] as ItemLevel[]).sort());
  });

  it('include overdue items, a paused one with its reason, and a 攻坚哨 of two departments with a 会商', () => {
    const overdue = items.filter(isOverdue);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    for (const i of overdue) expect(i.timeline.some((e) => e.action === 'overdue')).toBe(true);
    expect(items.some((i) => i.whistle?.flaggedAt && i.state === 'whistled')).toBe(true);

    const paused = items.filter((i) => i.state === 'paused');
    expect(paused).toHaveLength(1);
    expect(paused[0].pause).toMatchObject({ fromState: 'inProgress', reason: expect.stringContaining('化冻') });
    expect(paused[0].pause!.pausedAt).toBeDefined();

    const tough = items.filter((i) => i.whistle?.kind === 'tough');
    expect(tough).toHaveLength(1);
    const w = tough[0].whistle!;
    expect(w.departments).toHaveLength(2);
    for (const d of w.departments) expect(d.reportedAt).toBeDefined();
    expect(w.meeting).toMatchObject({ attendees: expect.arrayContaining(w.departments.map((d) => d.name)), plan: expect.any(String) });
  });

  it('have genuine histories: timelines in time order, one notice per holder change at least, all recorded', async () => {
    const { data: outbox } = await emu.db.collection('outbox').limit(1000).get();
    for (const i of items) {
      const times = i.timeline.map((e) => new Date(e.at).getTime());
      expect([...times].sort((a, b) => a - b), i.description).toEqual(times);
      expect(times.at(-1)!).toBeLessThanOrEqual(now.getTime());
      expect(i.timeline).toHaveLength(i.version + 1);
      expect(outbox.some((o) => o.itemId === i._id), i.description).toBe(true);
    }
    // The personas' grants reached WeChat until they ran out; the rest went to 消息中心 only.
    expect(new Set(outbox.map((o) => o.status))).toEqual(new Set(['sent', 'skipped']));
    expect(items.find((i) => i.onBehalf)?.onBehalf).toMatchObject({ channel: 'phone' });
  });

  const call = async (openid: string, action: string, input: object = {}) => {
    const r = (await emu.call('api', { action, data: input }, openid)) as { ok: boolean; data: any; message?: string };
    expect(r.ok, `${action}: ${r.message}`).toBe(true);
    return r.data;
  };
  const streetAdmin = data.personas.find((p) => p.label.startsWith('街道管理员'))!;

  it('lets the street admin and the department staff sign in and find their work', async () => {
    const users = new Map(data.users.map((u) => [u._id, u]));
    expect((await call(streetAdmin.openid, 'auth.whoami')).roles).toEqual([{ role: 'streetAdmin', nodeId: 'JH01' }]);
    expect(data.departments.map((d) => d.name)).toEqual(['城管执法中队', '市场监管所', '住建（物业）办', '派出所']);
    for (const d of data.departments) {
      const persona = data.personas.find((p) => p.label.startsWith(`${d.name} · `))!;
      expect(persona, d.name).toBeDefined();
      const user = users.get(persona.openid) as UserDoc;
      expect(user.roles).toEqual([{ role: 'departmentStaff', nodeId: 'JH01', departmentId: d._id }]);
      expect((await emu.db.collection('users').doc(persona.openid).get()).data.roles).toEqual(user.roles);
      expect(await call(persona.openid, 'auth.whoami')).toMatchObject({ canHandle: true, roles: user.roles });
      const held = items.filter((i) => i.holderKey === `dept:${d._id}` && statesIn('open').includes(i.state));
      expect(held.length, d.name).toBeGreaterThan(0);
      const inbox = await call(persona.openid, 'cadre.inbox', { filter: 'todo' });
      for (const i of held) expect(inbox.items.map((x: { id: string }) => x.id), d.name).toContain(i._id);
    }
  });

  it("fill the street admin's dispatch board, overdue ones included", async () => {
    const board = await call(streetAdmin.openid, 'dispatch.board', {});
    expect(board.counts.overdue).toBe(items.filter(isOverdue).length);
    expect(board.counts.open + board.counts.waiting + board.counts.closed).toBe(items.length);
    expect(board.items.length).toBeGreaterThan(0);
  });
});

describe('the demo items at awkward clocks', () => {
  // A Monday morning, a Saturday night, 国庆 and 春节 holidays, New Year's Day of a later year.
  for (const at of ['2026-06-01T08:05:00+08:00', '2026-11-28T23:30:00+08:00', '2026-10-05T10:00:00+08:00', '2026-02-20T09:00:00+08:00', '2027-01-01T00:10:00+08:00']) {
    it(`still end where their scripts say (${at})`, async () => {
      const now = new Date(at);
      const { emu, items } = await seeded(now);
      try {
        await checkPlan(emu, items, now);
      } finally {
        await emu.close();
      }
    });
  }
});
