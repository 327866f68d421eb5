// Docs → spreadsheet cells in the template's column order, so that an exported file imports back
// as "unchanged".
import type { Household, OrgNode, Person, WorkGroup } from '../types';
import { COLUMNS, GRID_TYPE_LABEL, LEVEL_LABEL, LIST_SEPARATOR, type ImportKind } from './columns';

type Cells = Record<string, string | number | undefined>;

const CELLS: { [K in ImportKind]: (doc: any) => Cells } = {
  orgUnits: (n: OrgNode) => ({
    code: n._id, parentCode: n.parentId ?? '', level: LEVEL_LABEL[n.level], name: n.name,
    gridType: n.gridType ? GRID_TYPE_LABEL[n.gridType] : '',
  }),
  households: (h: Household) => ({
    code: h._id, unitCode: h.unitId, room: h.room, members: h.members, tags: (h.tags ?? []).join(LIST_SEPARATOR), cadreCode: h.cadreId,
    consentBy: h.tagConsent?.by, consentAt: h.tagConsent?.at, consentPurpose: h.tagConsent?.purpose,
  }),
  cadres: (p: Person) => ({
    code: p._id, name: p.name, phone: p.phone, workUnit: p.workUnit, title: p.title, gridCode: p.gridId,
    cardCode: p.cardCode, backupCode: p.backupId, workGroupCode: p.workGroupId,
  }),
  assignments: (h: Household) => ({ householdCode: h._id, cadreCode: h.cadreId }),
  workGroups: (g: WorkGroup) => ({
    code: g._id, name: g.name, communityCode: g.communityId, leaderCode: g.leaderId,
    deputyCodes: (g.deputyIds ?? []).join(LIST_SEPARATOR), areaCodes: (g.areaNodeIds ?? []).join(LIST_SEPARATOR),
  }),
};

export const headersOf = (kind: ImportKind): string[] => COLUMNS[kind].map((c) => c.header);

/** One exported row; every cell is text so Excel keeps codes, phone numbers and leading zeros. */
export function toRow(kind: ImportKind, doc: unknown): string[] {
  const cells = CELLS[kind](doc);
  return COLUMNS[kind].map((c) => {
    const x = cells[c.key];
    return x === undefined || x === null ? '' : String(x);
  });
}

export const exampleRow = (kind: ImportKind): string[] => COLUMNS[kind].map((c) => c.example);
