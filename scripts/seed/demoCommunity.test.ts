import { describe, expect, it } from 'vitest';
import { isAway } from '../../src/core/routing';
import type { OrgLevel } from '../../src/core/types';
import { DEFAULT_NOW, generateDemoCommunity } from './demoCommunity';

const data = generateDemoCommunity();
const nodes = new Map(data.orgNodes.map((n) => [n._id, n]));
const people = new Map(data.people.map((p) => [p._id, p]));
const users = new Map(data.users.map((u) => [u._id, u]));
const households = new Map(data.households.map((h) => [h._id, h]));
const ofLevel = (level: OrgLevel) => data.orgNodes.filter((n) => n.level === level);
const withRole = (role: string) => data.people.filter((p) => p.roles.some((r) => r.role === role));
const residentHousehold = (n: number) => households.get(users.get(`demo-resident-${n}`)!.householdId!)!;

describe('generateDemoCommunity', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    expect(generateDemoCommunity()).toEqual(generateDemoCommunity());
    expect(generateDemoCommunity({ seed: 7 })).toEqual(generateDemoCommunity({ seed: 7 }));
    expect(generateDemoCommunity({ seed: 7 }).people).not.toEqual(data.people);
  });

  it('meets the minimum sizes', () => {
    expect(ofLevel('street')).toHaveLength(1);
    expect(ofLevel('community')).toHaveLength(2);
    const grids = ofLevel('grid');
    expect(grids.length).toBeGreaterThanOrEqual(6);
    for (const c of ofLevel('community')) expect(grids.filter((g) => g.parentId === c._id).length).toBeGreaterThanOrEqual(3);
    expect(ofLevel('building').length).toBeGreaterThanOrEqual(40);
    expect(data.households.length).toBeGreaterThanOrEqual(600);
    expect(withRole('cadre').length).toBeGreaterThanOrEqual(20);
    expect(withRole('streetAdmin')).toHaveLength(1);
    expect(withRole('communityAdmin')).toHaveLength(2);
  });

  it('builds each building from 2–4 units with plausible room numbers', () => {
    for (const b of ofLevel('building')) {
      expect(b.name).toMatch(/^\d+栋$/);
      const units = data.orgNodes.filter((n) => n.parentId === b._id);
      expect(units.length).toBeGreaterThanOrEqual(2);
      expect(units.length).toBeLessThanOrEqual(4);
      for (const u of units) expect(u.name).toMatch(/^\d单元$/);
    }
    for (const h of data.households) {
      expect(h.room).toMatch(/^[1-7]0[1-3]$/);
      expect(h._id).toBe(`${h.unitId}-0${h.room}`);
      expect(h.label).toBe(`${nodes.get(h.buildingId)!.name}${nodes.get(h.unitId)!.name}${h.room}`);
      expect(h.members).toBeGreaterThanOrEqual(1);
      expect(h.members).toBeLessThanOrEqual(5);
    }
  });

  it('gives every node and household existing, consistent ancestors and unique ids', () => {
    expect(nodes.size).toBe(data.orgNodes.length);
    expect(households.size).toBe(data.households.length);
    for (const n of data.orgNodes) {
      if (n.parentId === null) {
        expect(n.path).toEqual([]);
        continue;
      }
      const parent = nodes.get(n.parentId)!;
      expect(parent).toBeDefined();
      expect(n.path).toEqual([...parent.path, parent._id]);
      expect(n._id.startsWith(`${parent._id}-`)).toBe(true);
    }
    for (const h of data.households) {
      const unit = nodes.get(h.unitId)!;
      expect(unit.level).toBe('unit');
      expect([...unit.path, unit._id]).toEqual([h.streetId, h.communityId, h.gridId, h.buildingId, h.unitId]);
      expect(['street', 'community', 'grid', 'building'].map((l, i) => nodes.get(unit.path[i])!.level)).toEqual([
        'street', 'community', 'grid', 'building',
      ]);
    }
  });

  it('has each cadre serve 25–35 contiguous households in their own grid, leaving a few unserved', () => {
    for (const cadre of withRole('cadre')) {
      const served = data.households.filter((h) => h.cadreId === cadre._id);
      expect(served.length).toBeGreaterThanOrEqual(25);
      expect(served.length).toBeLessThanOrEqual(35);
      for (const h of served) expect(h.gridId).toBe(cadre.gridId);
      expect(cadre.roles).toEqual([{ role: 'cadre', nodeId: cadre.gridId }]);
    }
    for (const h of data.households) if (h.cadreId) expect(people.get(h.cadreId)!.roles[0].role).toBe('cadre');
    const unserved = data.households.filter((h) => !h.cadreId).length;
    expect(unserved).toBeGreaterThan(0);
    expect(unserved / data.households.length).toBeLessThan(0.05);
  });

  it('gives people unique names, well-formed phones and leaders on their nodes', () => {
    expect(new Set(data.people.map((p) => p.name)).size).toBe(data.people.length);
    expect(new Set(data.people.map((p) => p.phone)).size).toBe(data.people.length);
    for (const p of data.people) {
      expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(p.phone).toMatch(/^1[358]\d{9}$/);
      expect(p.openid).toBe(`demo-${p._id}`);
    }
    for (const g of ofLevel('grid')) expect(people.get(g.leaderId!)!.roles).toEqual([{ role: 'gridLeader', nodeId: g._id }]);
    const buildings = ofLevel('building');
    const led = buildings.filter((b) => b.leaderId);
    expect(led.length / buildings.length).toBeGreaterThan(0.7);
    for (const b of led) expect(people.get(b.leaderId!)!.roles).toEqual([{ role: 'buildingLeader', nodeId: b._id }]);
  });

  it('pairs cadres within a grid and has exactly one away cadre', () => {
    for (const c of withRole('cadre')) {
      const backup = people.get(c.backupId!)!;
      expect(backup).toBeDefined();
      expect(backup._id).not.toBe(c._id);
      expect(backup.gridId).toBe(c.gridId);
    }
    const away = data.people.filter((p) => p.away);
    expect(away).toHaveLength(1);
    expect(isAway(away[0], DEFAULT_NOW)).toBe(true);
  });

  it('issues unique, valid card codes: one active per cadre and one revoked pointing at an active card', () => {
    const codes = data.cards.map((c) => c._id);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    const active = data.cards.filter((c) => c.status === 'active');
    expect(active).toHaveLength(withRole('cadre').length);
    for (const card of active) expect(people.get(card.personId)!.cardCode).toBe(card._id);
    const revoked = data.cards.filter((c) => c.status === 'revoked');
    expect(revoked).toHaveLength(1);
    const replacement = data.cards.find((c) => c._id === revoked[0].replacedBy)!;
    expect(replacement.status).toBe('active');
    expect(replacement.personId).toBe(revoked[0].personId);
  });

  it('gives every person an account carrying their roles', () => {
    for (const p of data.people) {
      const u = users.get(p.openid!)!;
      expect(u.roles).toEqual(p.roles);
      expect(u.person).toEqual({ id: p._id, name: p.name, title: p.title, workUnit: p.workUnit });
    }
    expect(users.size).toBe(data.users.length);
  });

  it('binds the three residents to households matching the demo story', () => {
    for (const n of [1, 2, 3]) {
      const u = users.get(`demo-resident-${n}`)!;
      const h = households.get(u.householdId!)!;
      expect(u.roles).toEqual([]);
      expect(u.household).toEqual({
        streetId: h.streetId, communityId: h.communityId, gridId: h.gridId, buildingId: h.buildingId,
        unitId: h.unitId, ...(h.cadreId ? { cadreId: h.cadreId } : {}), label: h.label,
      });
    }
    const c1 = people.get(residentHousehold(1).cadreId!)!;
    expect(isAway(c1, DEFAULT_NOW)).toBe(false);

    const c2 = people.get(residentHousehold(2).cadreId!)!;
    expect(isAway(c2, DEFAULT_NOW)).toBe(true);
    expect(isAway(people.get(c2.backupId!)!, DEFAULT_NOW)).toBe(false);

    const h3 = residentHousehold(3);
    expect(h3.cadreId).toBeUndefined();
    expect(nodes.get(h3.buildingId)!.leaderId).toBeUndefined();
    expect(nodes.get(h3.gridId)!.leaderId).toBeDefined();
  });

  it('offers about eight personas, each with an account', () => {
    expect(data.personas.length).toBeGreaterThanOrEqual(8);
    expect(new Set(data.personas.map((p) => p.openid)).size).toBe(data.personas.length);
    for (const p of data.personas) {
      expect(users.has(p.openid)).toBe(true);
      expect(p.label).toMatch(/ · /);
      expect(p.description.length).toBeGreaterThan(5);
    }
    const h2 = residentHousehold(2);
    const backupId = people.get(h2.cadreId!)!.backupId!;
    expect(data.personas.map((p) => p.openid)).toContain(`demo-${backupId}`);
    const streetAdmins = data.people.filter((p) => p.roles.some((r) => r.role === 'streetAdmin'));
    expect(data.personas.map((p) => p.openid)).toContain(streetAdmins[0].openid);
  });

  it('registers four departments for the street, each with one staff member offered as a persona', () => {
    expect(data.departments.map((d) => [d._id, d.name, d.kind, d.scopeNodeId])).toEqual([
      ['JH01-CG', '城管执法中队', '城管', 'JH01'],
      ['JH01-SJ', '市场监管所', '市场监管', 'JH01'],
      ['JH01-ZJ', '住建（物业）办', '住建', 'JH01'],
      ['JH01-PCS', '派出所', '公安', 'JH01'],
    ]);
    for (const d of data.departments) {
      const staff = withRole('departmentStaff').filter((p) => p.roles.some((r) => r.departmentId === d._id));
      expect(staff).toHaveLength(1);
      expect(staff[0].roles).toEqual([{ role: 'departmentStaff', nodeId: 'JH01', departmentId: d._id }]);
      const persona = data.personas.find((p) => p.openid === staff[0].openid)!;
      expect(persona.label).toBe(`${d.name} · ${staff[0].name}（${staff[0].title}）`);
    }
  });

  it('kept every earlier name and card when the departments and demo items were added', () => {
    // README names this card; people, cards and residents are drawn before the departments' staff.
    expect(data.people.find((p) => p.cardCode === 'C6LZHB6')?.name).toBe('彭长颖');
    expect(data.cards.some((c) => c._id === 'CDSPEYB' && c.status === 'revoked')).toBe(true);
  });

  it('keeps the away period around the given clock', () => {
    const d = generateDemoCommunity({ now: new Date('2031-06-15T00:00:00Z') });
    const away = d.people.find((p) => p.away)!;
    expect(away.away).toEqual({ from: '2031-01-01', to: '2032-12-31' });
    expect(d.users[0].createdAt).toEqual(new Date('2031-06-15T00:00:00Z'));
  });
});
