// Test helpers: a small seeded org in the in-memory emulator, spreadsheet builders, db snapshots.
import { createDatabase } from '../../../../emulator/db';
import { COLUMNS, type FileFormat, type ImportKind } from '../../../../src/core/importing/columns';
import type { CardDoc, Household, OrgNode, Person, UserDoc } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { INDEXES } from '../indexes';
import { writeCsv, writeXlsx } from './sheet';
import { paged } from './util';

export const NOW = new Date('2026-11-20T02:00:00Z');

const node = (_id: string, level: OrgNode['level'], name: string, extra: Partial<OrgNode> = {}): OrgNode => {
  const parts = _id.split('-');
  const path = parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('-'));
  return { _id, level, name, parentId: path.length ? path[path.length - 1] : null, path, ...extra };
};

export const ORG: OrgNode[] = [
  node('T01', 'street', '测试街道'),
  node('T01-01', 'community', '测试社区'),
  node('T01-02', 'community', '邻社区'),
  node('T01-01-01', 'grid', '第一网格', { gridType: 'urban', leaderId: 'pGL' }),
  node('T01-01-02', 'grid', '第二网格', { gridType: 'rural' }),
  node('T01-02-01', 'grid', '邻网格', { gridType: 'urban' }),
  node('T01-01-01-01', 'building', '1栋', { leaderId: 'pBL' }),
  node('T01-01-01-01-1', 'unit', '1单元'),
  node('T01-01-01-01-2', 'unit', '2单元'),
  node('T01-01-02-01', 'building', '5栋'),
  node('T01-01-02-01-1', 'unit', '1单元'),
  node('T01-02-01-01', 'building', '9栋'),
  node('T01-02-01-01-1', 'unit', '1单元'),
];

const person = (p: Partial<Person> & Pick<Person, '_id' | 'name'>): Person => ({
  phone: '13800000000', workUnit: '测试局', title: '科员', roles: [], gridId: 'T01-01-01', communityId: 'T01-01', ...p,
});

export const PEOPLE: Person[] = [
  person({ _id: 'pA', name: '张三', roles: [{ role: 'cadre', nodeId: 'T01-01-01' }], cardCode: 'CARDA', openid: 'o-pA', backupId: 'pB' }),
  person({ _id: 'pB', name: '李四', roles: [{ role: 'cadre', nodeId: 'T01-01-01' }] }),
  person({ _id: 'pX', name: '周二网', roles: [{ role: 'cadre', nodeId: 'T01-01-02' }], gridId: 'T01-01-02' }),
  person({ _id: 'pGL', name: '钱网格长', roles: [{ role: 'gridLeader', nodeId: 'T01-01-01' }], openid: 'o-pGL' }),
  person({ _id: 'pY', name: '吴邻居', roles: [{ role: 'cadre', nodeId: 'T01-02-01' }], gridId: 'T01-02-01', communityId: 'T01-02' }),
];

const hh = (unit: string, room: string, label: string, cadreId?: string): Household => {
  const [street, community, grid, building] = node(unit, 'unit', '').path;
  return {
    _id: `${unit}-0${room}`, streetId: street, communityId: community, gridId: grid, buildingId: building, unitId: unit, room, label,
    members: 2, ...(cadreId ? { cadreId } : {}),
  };
};

export const HOUSEHOLDS: Household[] = [
  hh('T01-01-01-01-1', '101', '1栋1单元101', 'pA'),
  hh('T01-01-01-01-1', '102', '1栋1单元102', 'pB'),
  hh('T01-01-01-01-2', '201', '1栋2单元201'),
  hh('T01-01-02-01-1', '101', '5栋1单元101', 'pX'),
  hh('T01-02-01-01-1', '101', '9栋1单元101', 'pY'),
];

export const CARDS: CardDoc[] = [{ _id: 'CARDA', personId: 'pA', status: 'active', issuedAt: NOW }];

export const USERS: UserDoc[] = [
  { _id: 'o-pA', roles: [{ role: 'cadre', nodeId: 'T01-01-01' }], person: { id: 'pA', name: '张三', title: '科员', workUnit: '测试局' }, createdAt: NOW, updatedAt: NOW },
  {
    _id: 'o-r1', roles: [], householdId: HOUSEHOLDS[0]._id,
    household: { streetId: 'T01', communityId: 'T01-01', gridId: 'T01-01-01', buildingId: 'T01-01-01-01', unitId: 'T01-01-01-01-1', cadreId: 'pA', label: '1栋1单元101' },
    createdAt: NOW, updatedAt: NOW,
  },
];

export const COLLECTIONS = ['orgNodes', 'households', 'people', 'cards', 'users', 'workGroups'] as const;

export async function seededDb(opts: { empty?: boolean } = {}) {
  const emu = createDatabase();
  await emu.ensureIndexes(INDEXES);
  if (!opts.empty) {
    await emu.collection('orgNodes').add({ data: ORG });
    await emu.collection('households').add({ data: HOUSEHOLDS });
    await emu.collection('people').add({ data: PEOPLE });
    await emu.collection('cards').add({ data: CARDS });
    await emu.collection('users').add({ data: USERS });
  }
  return { emu, db: emu as unknown as Database };
}

/** Every doc of the collections an import may touch (jobs excluded), for "nothing was written" checks. */
export async function snapshot(db: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const c of COLLECTIONS) {
    out[c] = [];
    for await (const page of paged(db, db.collection(c), {})) out[c].push(...page);
  }
  return out;
}

/** A spreadsheet in the kind's template layout; `rows` are objects keyed by Chinese header. */
export async function sheetOf(kind: ImportKind, format: FileFormat, rows: Record<string, string>[], header?: string[]): Promise<Buffer> {
  const headers = header ?? COLUMNS[kind].map((c) => c.header);
  const spec = { name: 'data', header: headers, rows: rows.map((r) => headers.map((h) => r[h] ?? '')) };
  return format === 'csv' ? writeCsv(spec) : writeXlsx([spec]);
}

export const csvText = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
