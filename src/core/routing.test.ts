import { beforeEach, describe, expect, it } from 'vitest';
import { type RoutingLoader, communityQueue, escalationTarget, isAway, routeHousehold } from './routing';
import type { Holder, OrgNode, Person } from './types';

// 2026-11-15 10:00 in China (UTC+8).
const NOW = new Date('2026-11-15T02:00:00Z');

const person = (p: Pick<Person, '_id' | 'name'> & Partial<Person>): Person => ({
  phone: '13800000000',
  workUnit: '蛟河市民政局',
  title: '科员',
  roles: [],
  openid: `o-${p._id}`,
  away: null,
  ...p,
});

const node = (n: Pick<OrgNode, '_id' | 'level'> & Partial<OrgNode>): OrgNode => ({ name: n._id, parentId: null, path: [], ...n });

/** In-memory loader that counts its reads, so tests can hold routing to a fixed cost. */
class MemoryLoader implements RoutingLoader {
  people = new Map<string, Person>();
  nodes = new Map<string, OrgNode>();
  personReads: string[] = [];
  nodeReads: string[] = [];

  constructor(people: Person[], nodes: OrgNode[]) {
    for (const p of people) this.people.set(p._id, p);
    for (const n of nodes) this.nodes.set(n._id, n);
  }
  async person(id: string) {
    this.personReads.push(id);
    return this.people.get(id) ?? null;
  }
  async node(id: string) {
    this.nodeReads.push(id);
    return this.nodes.get(id) ?? null;
  }
  /** Adjust a fixture person before routing. */
  patch(id: string, over: Partial<Person>) {
    this.people.set(id, { ...this.people.get(id)!, ...over });
  }
  patchNode(id: string, over: Partial<OrgNode>) {
    this.nodes.set(id, { ...this.nodes.get(id)!, ...over });
  }
}

const HOUSEHOLD = { cadreId: 'pCadre', buildingId: 'B1', gridId: 'G1', communityId: 'C1' };
const AWAY_NOW = { from: '2026-11-10', to: '2026-11-20' };

let load: MemoryLoader;
beforeEach(() => {
  load = new MemoryLoader(
    [
      person({ _id: 'pCadre', name: '张三', backupId: 'pBackup' }),
      person({ _id: 'pBackup', name: '李四' }),
      person({ _id: 'pBL', name: '楼长王' }),
      person({ _id: 'pGL', name: '网格长赵' }),
    ],
    [
      node({ _id: 'C1', level: 'community', name: '民主社区' }),
      node({ _id: 'G1', level: 'grid', parentId: 'C1', leaderId: 'pGL' }),
      node({ _id: 'B1', level: 'building', parentId: 'G1', leaderId: 'pBL' }),
    ],
  );
});

// The holder carries the person's bound account, so a notice to them needs no person read.
const personHolder = (personId: string, name: string, role: string): Holder =>
  ({ kind: 'person', personId, name, role, openid: `o-${personId}` }) as Holder;

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

describe('routeHousehold', () => {
  it('a present, bound cadre gets the item, for exactly one person read and no node read', async () => {
    const r = await routeHousehold(HOUSEHOLD, load, NOW);
    expect(r.holder).toEqual(personHolder('pCadre', '张三', 'cadre'));
    expect(r.trail).toEqual([]);
    expect(load.personReads).toEqual(['pCadre']);
    expect(load.nodeReads).toEqual([]);
  });

  it('an away cadre hands over to the backup (B角)', async () => {
    load.patch('pCadre', { away: AWAY_NOW });
    const r = await routeHousehold(HOUSEHOLD, load, NOW);
    expect(r.holder).toEqual(personHolder('pBackup', '李四', 'backup'));
    expect(r.trail).toHaveLength(1);
    expect(r.trail[0]).toContain('包保干部');
    expect(r.trail[0]).toContain('外出');
    expect(r.trail[0]).toContain('2026-11-10');
    expect(r.trail[0]).toContain('2026-11-20');
    expect(load.personReads).toEqual(['pCadre', 'pBackup']);
  });

  it('backup also away → building leader, and the trail says why both were passed over', async () => {
    load.patch('pCadre', { away: AWAY_NOW });
    load.patch('pBackup', { away: { from: '2026-11-01', to: '2026-11-30' } });
    const r = await routeHousehold(HOUSEHOLD, load, NOW);
    expect(r.holder).toEqual(personHolder('pBL', '楼长王', 'buildingLeader'));
    expect(r.trail).toHaveLength(2);
    expect(r.trail[0]).toMatch(/^包保干部：张三外出/);
    expect(r.trail[1]).toMatch(/^B角：李四外出/);
  });

  it('an unbound backup (no openid) is skipped too', async () => {
    load.patch('pCadre', { away: AWAY_NOW });
    load.patch('pBackup', { openid: undefined });
    const r = await routeHousehold(HOUSEHOLD, load, NOW);
    expect(r.holder).toEqual(personHolder('pBL', '楼长王', 'buildingLeader'));
    expect(r.trail[1]).toContain('李四未绑定微信');
  });

  it('an away cadre without a backup falls back to the building leader', async () => {
    load.patch('pCadre', { away: AWAY_NOW, backupId: undefined });
    const r = await routeHousehold(HOUSEHOLD, load, NOW);
    expect(r.holder).toEqual(personHolder('pBL', '楼长王', 'buildingLeader'));
    expect(load.personReads).toEqual(['pCadre', 'pBL']);
  });

  it('an unbound cadre (no openid) is skipped: nobody would see the item', async () => {
    load.patch('pCadre', { openid: undefined, backupId: undefined });
    const r = await routeHousehold(HOUSEHOLD, load, NOW);
    expect(r.holder).toEqual(personHolder('pBL', '楼长王', 'buildingLeader'));
    expect(r.trail).toEqual(['包保干部：张三未绑定微信']);
  });

  it('a cadre id that points at nobody is skipped', async () => {
    const r = await routeHousehold({ ...HOUSEHOLD, cadreId: 'pGone' }, load, NOW);
    expect(r.holder).toEqual(personHolder('pBL', '楼长王', 'buildingLeader'));
    expect(r.trail).toEqual(['包保干部：人员不存在']);
  });

  it('no cadre → building leader', async () => {
    const r = await routeHousehold({ ...HOUSEHOLD, cadreId: undefined }, load, NOW);
    expect(r.holder).toEqual(personHolder('pBL', '楼长王', 'buildingLeader'));
    expect(r.trail).toEqual(['该住户暂无包保干部']);
  });

  it('a loader that joins a node with its leader answers each fallback in one call, with the same holder', async () => {
    const joins: string[] = [];
    const joined: RoutingLoader = {
      person: (id) => load.person(id),
      node: (id) => load.node(id),
      nodeWithLeader: async (id) => {
        joins.push(id);
        const n = load.nodes.get(id) ?? null;
        return { node: n, leader: n?.leaderId ? load.people.get(n.leaderId) ?? null : null };
      },
    };
    load.patch('pBL', { away: AWAY_NOW });
    const r = await routeHousehold({ ...HOUSEHOLD, cadreId: undefined }, joined, NOW);
    expect(r.holder).toEqual(personHolder('pGL', '网格长赵', 'gridLeader'));
    expect(r.trail).toEqual(['该住户暂无包保干部', `楼长：楼长王外出（${AWAY_NOW.from}至${AWAY_NOW.to}）`]);
    expect([joins, load.nodeReads, load.personReads]).toEqual([['B1', 'G1'], [], []]);
  });

  it('no cadre, building without a leader → grid leader', async () => {
    load.patchNode('B1', { leaderId: undefined });
    const r = await routeHousehold({ ...HOUSEHOLD, cadreId: undefined }, load, NOW);
    expect(r.holder).toEqual(personHolder('pGL', '网格长赵', 'gridLeader'));
    expect(r.trail).toEqual(['该住户暂无包保干部', '暂无楼长']);
  });

  it('no cadre, building leader away → grid leader', async () => {
    load.patch('pBL', { away: AWAY_NOW });
    const r = await routeHousehold({ ...HOUSEHOLD, cadreId: undefined }, load, NOW);
    expect(r.holder).toEqual(personHolder('pGL', '网格长赵', 'gridLeader'));
    expect(r.trail[1]).toMatch(/^楼长：楼长王外出/);
  });

  it('a building node that does not exist counts as having no leader', async () => {
    const r = await routeHousehold({ ...HOUSEHOLD, cadreId: undefined, buildingId: 'B-missing' }, load, NOW);
    expect(r.holder).toEqual(personHolder('pGL', '网格长赵', 'gridLeader'));
  });

  it('nobody available → the community queue; the item is never left with nobody', async () => {
    load.patch('pCadre', { away: AWAY_NOW });
    load.patch('pBackup', { away: AWAY_NOW });
    load.patch('pBL', { openid: undefined });
    load.patchNode('G1', { leaderId: undefined });
    const r = await routeHousehold(HOUSEHOLD, load, NOW);
    expect(r.holder).toEqual({ kind: 'queue', nodeId: 'C1', name: '民主社区待办' });
    expect(r.holder).toEqual(communityQueue('C1', { name: '民主社区' }));
    expect(r.trail).toHaveLength(4);
    expect(r.trail[3]).toBe('暂无网格长');
    // The community node is read only here, at the fallback, and once.
    expect(load.nodeReads).toEqual(['B1', 'G1', 'C1']);
  });

  it('the community queue carries the community name, without saying 社区 twice', async () => {
    load.patch('pCadre', { openid: undefined, backupId: undefined });
    load.patchNode('B1', { leaderId: undefined });
    load.patchNode('G1', { leaderId: undefined });
    load.patchNode('C1', { name: '河南' });
    expect((await routeHousehold(HOUSEHOLD, load, NOW)).holder).toEqual({ kind: 'queue', nodeId: 'C1', name: '河南社区待办' });
    load.patchNode('C1', { name: '河南社区' });
    expect((await routeHousehold(HOUSEHOLD, load, NOW)).holder).toEqual({ kind: 'queue', nodeId: 'C1', name: '河南社区待办' });
  });

  it('a missing community node still gives a queue, plainly 社区待办', async () => {
    load.patch('pCadre', { openid: undefined, backupId: undefined });
    load.patchNode('B1', { leaderId: undefined });
    load.patchNode('G1', { leaderId: undefined });
    const r = await routeHousehold({ ...HOUSEHOLD, communityId: 'C-missing' }, load, NOW);
    expect(r.holder).toEqual({ kind: 'queue', nodeId: 'C-missing', name: '社区待办' });
    expect(communityQueue('C-missing', null)).toEqual(r.holder);
  });

  it('every trail message is Chinese and leaks no code words', async () => {
    load.patch('pCadre', { away: AWAY_NOW });
    load.patch('pBackup', { openid: undefined });
    load.patch('pBL', { away: AWAY_NOW });
    load.patch('pGL', { openid: '' });
    const r = await routeHousehold(HOUSEHOLD, load, NOW);
    expect(r.holder.kind).toBe('queue');
    expect(r.trail).toHaveLength(4);
    for (const line of r.trail) {
      expect(hasChinese(line), line).toBe(true);
      expect(line, line).not.toMatch(/undefined|null|away|openid|backup|leader|cadre/i);
    }
  });
});

describe('away periods are China-time calendar days, both ends inclusive', () => {
  // Away 2026-11-10 … 2026-11-20 (China dates).
  const cases: [string, string, boolean][] = [
    ['the day before, 23:59 China time', '2026-11-09T15:59:00Z', false],
    ['the first day, 00:00 China time (still the 9th in UTC)', '2026-11-09T16:00:00Z', true],
    ['the last day, 23:59:59 China time', '2026-11-20T15:59:59Z', true],
    ['the next day, 00:00 China time (still the 20th in UTC)', '2026-11-20T16:00:00Z', false],
  ];

  it.each(cases)('%s → away=%s', (_label, iso, away) => {
    const p = person({ _id: 'x', name: 'x', away: AWAY_NOW });
    expect(isAway(p, new Date(iso))).toBe(away);
  });

  it.each(cases)('routing at %s picks the backup only while away', async (_label, iso, away) => {
    load.patch('pCadre', { away: AWAY_NOW });
    const r = await routeHousehold(HOUSEHOLD, load, new Date(iso));
    expect(r.holder.kind === 'person' && r.holder.role).toBe(away ? 'backup' : 'cadre');
  });

  it('no away period, or a null one, is never away', () => {
    expect(isAway(person({ _id: 'x', name: 'x' }), NOW)).toBe(false);
    expect(isAway(person({ _id: 'x', name: 'x', away: undefined }), NOW)).toBe(false);
  });
});

describe('escalationTarget: one level above the current holder', () => {
  const item = (holder: Holder) => ({ holder, gridId: 'G1', communityId: 'C1' });
  const QUEUE: Holder = { kind: 'queue', nodeId: 'C1', name: '民主社区待办' };

  it.each([
    ['cadre', personHolder('pCadre', '张三', 'cadre')],
    ['backup', personHolder('pBackup', '李四', 'backup')],
    ['buildingLeader', personHolder('pBL', '楼长王', 'buildingLeader')],
  ])('a %s escalates to the grid leader', async (_role, holder) => {
    expect(await escalationTarget(item(holder), load, NOW)).toEqual(personHolder('pGL', '网格长赵', 'gridLeader'));
  });

  it('a grid leader escalates to the community queue, reading only the community node for its name', async () => {
    expect(await escalationTarget(item(personHolder('pGL', '网格长赵', 'gridLeader')), load, NOW)).toEqual(QUEUE);
    expect(load.personReads).toEqual([]);
    expect(load.nodeReads).toEqual(['C1']);
  });

  it('escalating to the grid leader does not read the community node', async () => {
    await escalationTarget(item(personHolder('pCadre', '张三', 'cadre')), load, NOW);
    expect(load.nodeReads).toEqual(['G1']);
  });

  it('a missing community node escalates to the plain 社区待办', async () => {
    const r = await escalationTarget({ ...item(personHolder('pGL', '网格长赵', 'gridLeader')), communityId: 'C-missing' }, load, NOW);
    expect(r).toEqual({ kind: 'queue', nodeId: 'C-missing', name: '社区待办' });
  });

  it('a cadre who is also the grid leader escalates to the queue, not to themself', async () => {
    expect(await escalationTarget(item(personHolder('pGL', '网格长赵', 'cadre')), load, NOW)).toEqual(QUEUE);
  });

  it('an away or unbound grid leader is skipped for the queue', async () => {
    load.patch('pGL', { away: AWAY_NOW });
    expect(await escalationTarget(item(personHolder('pCadre', '张三', 'cadre')), load, NOW)).toEqual(QUEUE);
    load.patch('pGL', { away: null, openid: undefined });
    expect(await escalationTarget(item(personHolder('pCadre', '张三', 'cadre')), load, NOW)).toEqual(QUEUE);
  });

  it('a grid without a leader escalates to the queue', async () => {
    load.patchNode('G1', { leaderId: undefined });
    expect(await escalationTarget(item(personHolder('pCadre', '张三', 'cadre')), load, NOW)).toEqual(QUEUE);
  });

  it('an item already in the queue stays in the community queue', async () => {
    expect(await escalationTarget(item(QUEUE), load, NOW)).toEqual(QUEUE);
  });
});
