// How a caller stands to an item (issuers.ts), case by case: the relations the workflow table
// authorizes by, who may read, and which inboxes a user works.
import { describe, expect, it } from 'vitest';
import type { Holder, Item, RoleGrant, UserDoc } from '../../../../src/core/types';
import type { Issuer } from '../../../../src/core/workflow/table';
import { adminOver, deptIdsOf, holderKeysOf, relationTo } from './issuers';

const T0 = new Date('2026-11-23T02:00:00Z');
const S = 'S1', C = 'S1-01', G = 'S1-01-01', OTHER_C = 'S1-02', OTHER_G = 'S1-02-01';

const user = (roles: RoleGrant[], personId?: string): UserDoc => ({
  _id: `o-${personId ?? 'resident'}`, roles, createdAt: T0, updatedAt: T0,
  ...(personId ? { person: { id: personId, name: personId, title: '科员', workUnit: '测试局' } } : {}),
});
const resident = user([]);
const cadreA = user([{ role: 'cadre', nodeId: G }], 'pA');
const cadreB = user([{ role: 'cadre', nodeId: G }], 'pB');
const gridLeader = user([{ role: 'gridLeader', nodeId: G }], 'pGL');
const otherGridLeader = user([{ role: 'gridLeader', nodeId: OTHER_G }], 'pGL2');
const communityAdmin = user([{ role: 'communityAdmin', nodeId: C }], 'pAdmin');
const otherCommunityAdmin = user([{ role: 'communityAdmin', nodeId: OTHER_C }], 'pAdmin2');
const streetAdmin = user([{ role: 'streetAdmin', nodeId: S }], 'pStreet');
const otherStreetAdmin = user([{ role: 'streetAdmin', nodeId: 'S2' }], 'pStreet2');
const deptCG = user([{ role: 'departmentStaff', nodeId: S, departmentId: 'D-CG' }], 'pD1');
const deptSJ = user([{ role: 'departmentStaff', nodeId: S, departmentId: 'D-SJ' }], 'pD2');

const person = (personId: string, role: Extract<Holder, { kind: 'person' }>['role'] = 'cadre'): Holder => ({ kind: 'person', personId, name: personId, role });
const queue = (nodeId: string, level?: 'grid' | 'community' | 'street'): Holder => ({ kind: 'queue', nodeId, name: `${nodeId}待办`, ...(level ? { level } : {}) });
const dept = (departmentId: string): Holder => ({ kind: 'department', departmentId, name: departmentId });

function item(over: Partial<Item> = {}): Item {
  return {
    _id: 'i1', kind: 'complaint', category: '公共设施', itemClass: 'general', description: '路灯坏了', photos: [], anonymous: false,
    submitterOpenid: 'o-resident', clientRequestId: 'req-00000001', householdId: 'h1', householdLabel: '1栋101', streetId: S, communityId: C,
    gridId: G, buildingId: 'B1', holder: person('pA'), holderKey: 'pA', handlerIds: ['pA'], state: 'accepted', version: 0, rectifyCount: 0,
    ratings: [], timeline: [], createdAt: T0, updatedAt: T0, dueAt: T0, ...over,
  };
}
const issuers = (u: UserDoc | null, i: Item, firstHandlers: Record<string, string> = {}, openid = u?._id ?? 'o-nobody') =>
  [...relationTo(u, openid, i, firstHandlers).issuers].sort();
const sorted = (...i: Issuer[]) => i.sort();

describe('deptIdsOf and adminOver', () => {
  it('departments come only from departmentStaff grants that name one', () => {
    const u = user([
      { role: 'departmentStaff', nodeId: S, departmentId: 'D-CG' },
      { role: 'departmentStaff', nodeId: S },
      { role: 'cadre', nodeId: G, departmentId: 'D-NOT' },
      { role: 'departmentStaff', nodeId: S, departmentId: 'D-SJ' },
    ], 'p');
    expect(deptIdsOf(u)).toEqual(['D-CG', 'D-SJ']);
    expect(deptIdsOf(null)).toEqual([]);
  });

  it('an admin is over an item of their community or street, nobody else is', () => {
    expect(adminOver(communityAdmin, item())).toBe(true);
    expect(adminOver(streetAdmin, item())).toBe(true);
    expect(adminOver(otherCommunityAdmin, item())).toBe(false);
    expect(adminOver(otherStreetAdmin, item())).toBe(false);
    expect(adminOver(gridLeader, item())).toBe(false);
    // the role must match the node: a street admin grant on the community, a community admin grant on the street
    expect(adminOver(user([{ role: 'streetAdmin', nodeId: C }], 'p'), item())).toBe(false);
    expect(adminOver(user([{ role: 'communityAdmin', nodeId: S }], 'p'), item())).toBe(false);
    expect(adminOver(null, item())).toBe(false);
    // an item without ids matches no grant, not even one with an empty node id
    expect(adminOver(user([{ role: 'communityAdmin', nodeId: '' }], 'p'), { communityId: '', streetId: '' })).toBe(false);
  });
});

describe('relationTo: holder', () => {
  it('a person holder is that person only', () => {
    expect(relationTo(cadreA, cadreA._id, item()).isHolder).toBe(true);
    expect(relationTo(cadreB, cadreB._id, item()).isHolder).toBe(false);
    expect(relationTo(resident, 'o-resident', item()).isHolder).toBe(false);
    expect(relationTo(null, 'o-x', item()).isHolder).toBe(false);
  });

  it('a department holder is any of its staff', () => {
    const i = item({ holder: dept('D-CG') });
    expect(relationTo(deptCG, deptCG._id, i).isHolder).toBe(true);
    expect(relationTo(deptSJ, deptSJ._id, i).isHolder).toBe(false);
    expect(relationTo(streetAdmin, streetAdmin._id, i).isHolder).toBe(false);
  });

  it('a grid queue is held by its grid leader and the community admin, and by its 第一经办人', () => {
    const i = item({ holder: queue(G, 'grid') });
    expect(relationTo(gridLeader, gridLeader._id, i).isHolder).toBe(true);
    expect(relationTo(communityAdmin, communityAdmin._id, i).isHolder).toBe(true);
    expect(relationTo(otherGridLeader, otherGridLeader._id, i).isHolder).toBe(false);
    expect(relationTo(otherCommunityAdmin, otherCommunityAdmin._id, i).isHolder).toBe(false);
    expect(relationTo(streetAdmin, streetAdmin._id, i).isHolder).toBe(false);
    expect(relationTo(cadreA, cadreA._id, i).isHolder).toBe(false);
    expect(relationTo(cadreA, cadreA._id, i, { [G]: 'pA' }).isHolder).toBe(true);
    expect(relationTo(cadreA, cadreA._id, i, { [C]: 'pA' }).isHolder).toBe(false);
    // an account without a person is never a 第一经办人, even of a node mapped to nobody
    expect(relationTo(resident, 'o-resident', i, { [G]: undefined as unknown as string }).isHolder).toBe(false);
  });

  it('a community queue (also when its level is missing) is held by that community\'s admin only', () => {
    for (const h of [queue(C, 'community'), queue(C)]) {
      const i = item({ holder: h });
      expect(relationTo(communityAdmin, communityAdmin._id, i).isHolder).toBe(true);
      expect(relationTo(otherCommunityAdmin, otherCommunityAdmin._id, i).isHolder).toBe(false);
      expect(relationTo(gridLeader, gridLeader._id, i).isHolder).toBe(false);
      expect(relationTo(streetAdmin, streetAdmin._id, i).isHolder).toBe(false);
    }
  });

  it('a street queue is held by that street\'s admin only', () => {
    const i = item({ holder: queue(S, 'street') });
    expect(relationTo(streetAdmin, streetAdmin._id, i).isHolder).toBe(true);
    expect(relationTo(otherStreetAdmin, otherStreetAdmin._id, i).isHolder).toBe(false);
    expect(relationTo(communityAdmin, communityAdmin._id, i).isHolder).toBe(false);
  });
});

describe('relationTo: above', () => {
  const above = (u: UserDoc | null, h: Holder) => relationTo(u, u?._id ?? 'o-x', item({ holder: h })).issuers.has('above');

  it('over a cadre: the grid leader of the item\'s grid or its community admin; never the cadre themselves', () => {
    expect(above(gridLeader, person('pA'))).toBe(true);
    expect(above(communityAdmin, person('pA'))).toBe(true);
    expect(above(otherGridLeader, person('pA'))).toBe(false);
    expect(above(otherCommunityAdmin, person('pA'))).toBe(false);
    expect(above(cadreB, person('pA'))).toBe(false);
    expect(above(streetAdmin, person('pA'))).toBe(false);
    expect(above(null, person('pA'))).toBe(false);
  });

  it('nobody is above themselves, whatever roles they hold', () => {
    const leaderAndAdmin = user([{ role: 'gridLeader', nodeId: G }, { role: 'communityAdmin', nodeId: C }, { role: 'streetAdmin', nodeId: S }], 'pA');
    for (const role of ['cadre', 'gridLeader', 'communityAdmin'] as const) expect(above(leaderAndAdmin, person('pA', role)), role).toBe(false);
  });

  it('an admin account without a person is still above a queue (it is not "themselves")', () => {
    const noPerson: UserDoc = { ...streetAdmin, person: undefined };
    expect(above(noPerson, queue(C, 'community'))).toBe(true);
    expect(above({ ...communityAdmin, person: undefined }, queue(G, 'grid'))).toBe(true);
  });

  it('over a grid leader: the community admin; over a community admin: the street admin; over a street admin: nobody', () => {
    expect(above(communityAdmin, person('pGL', 'gridLeader'))).toBe(true);
    expect(above(gridLeader, person('pGL9', 'gridLeader'))).toBe(false);
    expect(above(streetAdmin, person('pAdmin9', 'communityAdmin'))).toBe(true);
    expect(above(communityAdmin, person('pAdmin9', 'communityAdmin'))).toBe(false);
    expect(above(otherStreetAdmin, person('pAdmin9', 'communityAdmin'))).toBe(false);
    expect(above(streetAdmin, person('pStreet9', 'streetAdmin'))).toBe(false);
    expect(above(communityAdmin, person('pStreet9', 'streetAdmin'))).toBe(false);
  });

  it('over a department: the street admin; over a grid queue: the community admin; over a community queue: the street admin', () => {
    expect(above(streetAdmin, dept('D-CG'))).toBe(true);
    expect(above(communityAdmin, dept('D-CG'))).toBe(false);
    expect(above(deptCG, dept('D-CG'))).toBe(false);
    expect(above(communityAdmin, queue(G, 'grid'))).toBe(true);
    expect(above(gridLeader, queue(G, 'grid'))).toBe(false);
    expect(above(streetAdmin, queue(G, 'grid'))).toBe(false);
    for (const h of [queue(C, 'community'), queue(C)]) {
      expect(above(streetAdmin, h)).toBe(true);
      expect(above(communityAdmin, h)).toBe(false);
      expect(above(otherStreetAdmin, h)).toBe(false);
    }
  });
});

describe('relationTo: submitter, whistled, reviewer and reading', () => {
  it('the submitter is recognised by OPENID and may read', () => {
    const r = relationTo(resident, 'o-resident', item());
    expect(r.isMine).toBe(true);
    expect([...r.issuers]).toEqual(['submitter']);
    expect(r.canRead).toBe(true);
    const stranger = relationTo(user([]), 'o-stranger', item());
    expect(stranger.isMine).toBe(false);
    expect(stranger.issuers.size).toBe(0);
    expect(stranger.canRead).toBe(false);
  });

  it('staff of a whistled department are "whistled", other departments are not', () => {
    const whistle = { kind: 'tough' as const, by: 'pStreet', at: T0, reportDueAt: T0, departments: [{ id: 'D-SJ', name: '市场监管所' }, { id: 'D-CG', name: '城管执法中队' }] };
    const i = item({ holder: queue(S, 'street'), whistle });
    expect(issuers(deptCG, i)).toEqual(['whistled']);
    expect(issuers(deptSJ, i)).toEqual(['whistled']);
    expect(issuers(user([{ role: 'departmentStaff', nodeId: S, departmentId: 'D-OUT' }], 'pD3'), i)).toEqual([]);
    expect(issuers(deptCG, item())).toEqual([]);
  });

  it('the reviewer of appeals is the grid leader of the item\'s grid or an admin over it', () => {
    const i = item({ holder: person('pX') });
    expect(issuers(gridLeader, i)).toEqual(sorted('above', 'reviewer'));
    expect(issuers(communityAdmin, i)).toEqual(sorted('above', 'reviewer'));
    expect(issuers(streetAdmin, i)).toEqual(['reviewer']);
    expect(issuers(otherGridLeader, i)).toEqual([]);
    expect(issuers(otherCommunityAdmin, i)).toEqual([]);
  });

  it('earlier handlers and departments that held the item keep read access, with no issuer', () => {
    const i = item({ holder: queue(S, 'street'), handlerIds: ['pA', 'pB'], previousHolders: [person('pA'), dept('D-SJ')] });
    for (const [u, can] of [[cadreA, true], [cadreB, true], [deptSJ, true], [deptCG, false], [user([{ role: 'cadre', nodeId: G }], 'pC'), false]] as const) {
      const r = relationTo(u, u._id, i);
      expect(r.issuers.size, u._id).toBe(0);
      expect(r.canRead, u._id).toBe(can);
    }
    // a resident account (no person) is not an earlier handler, and a person holder is not a department
    expect(relationTo(resident, 'o-other', item({ handlerIds: [] })).canRead).toBe(false);
    expect(relationTo(deptCG, deptCG._id, item({ holder: queue(S, 'street'), previousHolders: [person('D-CG')] })).canRead).toBe(false);
    expect(relationTo(deptCG, deptCG._id, item({ holder: queue(S, 'street') })).canRead).toBe(false);
  });
});

describe('holderKeysOf', () => {
  it('a person\'s own id, the queues of the nodes they lead or administer, their departments, their 第一经办人 nodes; no repeats', () => {
    const u = user([
      { role: 'cadre', nodeId: G },
      { role: 'gridLeader', nodeId: G },
      { role: 'communityAdmin', nodeId: C },
      { role: 'streetAdmin', nodeId: S },
      { role: 'buildingLeader', nodeId: 'B1' },
      { role: 'gridWorker', nodeId: OTHER_G },
      { role: 'departmentStaff', nodeId: S, departmentId: 'D-CG' },
      { role: 'departmentStaff', nodeId: S },
      { role: 'cadre', nodeId: G, departmentId: 'D-NOT-STAFF' },
    ], 'pA');
    expect(holderKeysOf(u, [OTHER_G, G])).toEqual(['pA', `queue:${G}`, `queue:${C}`, `queue:${S}`, 'dept:D-CG', `queue:${OTHER_G}`]);
  });

  it('nobody, or a resident, works no inbox', () => {
    expect(holderKeysOf(null, [G])).toEqual([]);
    expect(holderKeysOf(resident)).toEqual([]);
    expect(holderKeysOf(cadreA)).toEqual(['pA']);
  });
});
