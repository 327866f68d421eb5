// A tiny community for integration tests: every routing branch has a household.
import type { CardDoc, Department, Household, OrgNode, Person, UserDoc } from '../../../src/core/types';

const now = new Date('2026-11-20T02:00:00Z');
const node = (_id: string, level: OrgNode['level'], name: string, parentId: string | null, path: string[], leaderId?: string): OrgNode => ({
  _id, level, name, parentId, path, ...(leaderId ? { leaderId } : {}),
});

export const IDS = {
  street: 'T01',
  community: 'T01-01',
  grid: 'T01-01-01',
  otherGrid: 'T01-01-02',
  building: 'T01-01-01-01',
  unit: 'T01-01-01-01-1',
  hhServed: 'T01-01-01-01-1-0101', // cadre A
  hhAway: 'T01-01-01-01-1-0102', // cadre B is away → backup C
  hhUnserved: 'T01-01-01-01-1-0201', // nobody → building leader
  hhOther: 'T01-01-02-01-1-0101', // in the other grid
  community2: 'T01-02',
  grid2: 'T01-02-01',
  building2: 'T01-02-01-01',
  unit2: 'T01-02-01-01-1',
  hh2: 'T01-02-01-01-1-0101',
};

const person = (p: Partial<Person> & Pick<Person, '_id' | 'name'>): Person => ({
  phone: '13800000000', workUnit: '测试局', title: '科员', roles: [], openid: `o-${p._id}`, gridId: IDS.grid, communityId: IDS.community, ...p,
});

export const people: Person[] = [
  person({ _id: 'pA', name: '张三', roles: [{ role: 'cadre', nodeId: IDS.grid }], cardCode: 'CARDA', backupId: 'pC' }),
  person({ _id: 'pB', name: '李四', roles: [{ role: 'cadre', nodeId: IDS.grid }], cardCode: 'CARDB', backupId: 'pC', away: { from: '2026-01-01', to: '2027-12-31' } }),
  person({ _id: 'pC', name: '王五', roles: [{ role: 'cadre', nodeId: IDS.grid }], cardCode: 'CARDC' }),
  person({ _id: 'pBL', name: '赵楼长', roles: [{ role: 'buildingLeader', nodeId: IDS.building }] }),
  person({ _id: 'pGL', name: '钱网格长', roles: [{ role: 'gridLeader', nodeId: IDS.grid }] }),
  person({ _id: 'pAdmin', name: '孙管理员', roles: [{ role: 'communityAdmin', nodeId: IDS.community }] }),
  person({ _id: 'pX', name: '周外网格', roles: [{ role: 'cadre', nodeId: IDS.otherGrid }], gridId: IDS.otherGrid, cardCode: 'CARDX' }),
  person({ _id: 'pGL2', name: '郭二网格长', roles: [{ role: 'gridLeader', nodeId: IDS.otherGrid }], gridId: IDS.otherGrid }),
  person({ _id: 'pAdmin2', name: '吴二社区', roles: [{ role: 'communityAdmin', nodeId: IDS.community2 }], gridId: IDS.grid2, communityId: IDS.community2 }),
  person({ _id: 'pY', name: '郑二社区干部', roles: [{ role: 'cadre', nodeId: IDS.grid2 }], gridId: IDS.grid2, communityId: IDS.community2, cardCode: 'CARDY', openid: undefined }),
  person({ _id: 'pStreet', name: '冯街道', roles: [{ role: 'streetAdmin', nodeId: IDS.street }], gridId: undefined, communityId: IDS.community }),
  person({ _id: 'pD1', name: '陈城管', roles: [{ role: 'departmentStaff', nodeId: IDS.street, departmentId: 'D-CG' }], gridId: undefined, communityId: undefined }),
  person({ _id: 'pD2', name: '林市监', roles: [{ role: 'departmentStaff', nodeId: IDS.street, departmentId: 'D-SJ' }], gridId: undefined, communityId: undefined }),
  person({ _id: 'pD3', name: '何外街道', roles: [{ role: 'departmentStaff', nodeId: 'T02', departmentId: 'D-OUT' }], gridId: undefined, communityId: undefined }),
];

/** 职能部门: two of the test street, one of another street. */
export const departments: Department[] = [
  { _id: 'D-CG', name: '城管执法中队', kind: '城管', scopeNodeId: IDS.street, createdAt: now, updatedAt: now },
  { _id: 'D-SJ', name: '市场监管所', kind: '市场监管', scopeNodeId: IDS.street, createdAt: now, updatedAt: now },
  { _id: 'D-OUT', name: '外街道城管', kind: '城管', scopeNodeId: 'T02', createdAt: now, updatedAt: now },
];

export const orgNodes: OrgNode[] = [
  node(IDS.street, 'street', '测试街道', null, []),
  node(IDS.community, 'community', '测试社区', IDS.street, [IDS.street]),
  node(IDS.grid, 'grid', '第一网格', IDS.community, [IDS.street, IDS.community], 'pGL'),
  node(IDS.otherGrid, 'grid', '第二网格', IDS.community, [IDS.street, IDS.community], 'pGL2'),
  node(IDS.building, 'building', '1栋', IDS.grid, [IDS.street, IDS.community, IDS.grid], 'pBL'),
  node(IDS.unit, 'unit', '1单元', IDS.building, [IDS.street, IDS.community, IDS.grid, IDS.building]),
  node('T01-01-02-01', 'building', '1栋', IDS.otherGrid, [IDS.street, IDS.community, IDS.otherGrid]),
  node('T01-01-02-01-1', 'unit', '1单元', 'T01-01-02-01', [IDS.street, IDS.community, IDS.otherGrid, 'T01-01-02-01']),
  node(IDS.community2, 'community', '第二社区', IDS.street, [IDS.street]),
  node(IDS.grid2, 'grid', '二社区一网格', IDS.community2, [IDS.street, IDS.community2]),
  node(IDS.building2, 'building', '9栋', IDS.grid2, [IDS.street, IDS.community2, IDS.grid2]),
  node(IDS.unit2, 'unit', '1单元', IDS.building2, [IDS.street, IDS.community2, IDS.grid2, IDS.building2]),
];

const hh = (_id: string, room: string, cadreId?: string, grid = IDS.grid, building = IDS.building, unit = IDS.unit): Household => ({
  _id, streetId: IDS.street, communityId: IDS.community, gridId: grid, buildingId: building, unitId: unit, room,
  label: `1栋1单元${room}`, ...(cadreId ? { cadreId } : {}),
});

export const households: Household[] = [
  hh(IDS.hhServed, '101', 'pA'),
  hh(IDS.hhAway, '102', 'pB'),
  hh(IDS.hhUnserved, '201'),
  hh(IDS.hhOther, '101', 'pX', IDS.otherGrid, 'T01-01-02-01', 'T01-01-02-01-1'),
  { ...hh(IDS.hh2, '101', 'pY', IDS.grid2, IDS.building2, IDS.unit2), communityId: IDS.community2 },
];

export const cards: CardDoc[] = [
  ...people.filter((p) => p.cardCode).map((p) => ({ _id: p.cardCode!, personId: p._id, status: 'active' as const, issuedAt: now })),
  { _id: 'CARDOLD', personId: 'pA', status: 'revoked', replacedBy: 'CARDA', issuedAt: now },
];

export const users: UserDoc[] = people.filter((p) => p.openid).map((p) => ({
  _id: p.openid!, roles: p.roles, person: { id: p._id, name: p.name, title: p.title, workUnit: p.workUnit }, createdAt: now, updatedAt: now,
}));
