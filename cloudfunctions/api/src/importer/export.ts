// Export of one kind within an admin's subtree, in exactly the template's columns. Reads go level by
// level through indexed fields (grids → their households / cadres, communities → their groups), each
// in pages of 1000 ordered by _id, so no read is unbounded and none scans the collection.
import { COLUMNS, CONSENT_KEYS, KIND_LABEL, type FileFormat, type ImportKind } from '../../../../src/core/importing/columns';
import { headersOf, toRow } from '../../../../src/core/importing/exportRows';
import { isCadre } from '../../../../src/core/importing/plan';
import { fail } from '../../../../src/core/errors';
import type { OrgLevel, OrgNode } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { getOrNull } from '../repo/getOrNull';
import { writeCsv, writeXlsx } from './sheet';
import { paged } from './util';

export interface ExportArgs {
  db: Database;
  kind: ImportKind;
  format: FileFormat;
  scopeNodeId: string;
  /** Households: include the 标签 column and its consent note (sensitive: only when the admin gave a reason, sheets.ts). */
  withTags?: boolean;
}

/** Nodes of `level` in the subtree of `scope` (the scope itself when it is of that level), by _id. */
async function* nodesAt(db: Database, scope: OrgNode, level: OrgLevel): AsyncGenerator<OrgNode> {
  if (scope.level === level) {
    yield scope;
    return;
  }
  for await (const page of paged<OrgNode>(db, db.collection('orgNodes'), { path: scope._id, level })) yield* page;
}

async function* households(db: Database, scope: OrgNode): AsyncGenerator<unknown> {
  const col = db.collection('households');
  // Below the grid, go unit by unit (households.unitId is indexed); otherwise grid by grid.
  const [field, level]: [string, OrgLevel] = scope.level === 'building' || scope.level === 'unit' ? ['unitId', 'unit'] : ['gridId', 'grid'];
  for await (const n of nodesAt(db, scope, level)) {
    for await (const page of paged(db, col, { [field]: n._id })) yield* page;
  }
}

async function* cadres(db: Database, scope: OrgNode): AsyncGenerator<unknown> {
  if (scope.level === 'building' || scope.level === 'unit') return; // no grid lies inside
  const col = db.collection('people');
  for await (const g of nodesAt(db, scope, 'grid')) {
    for await (const page of paged(db, col, { gridId: g._id })) for (const p of page) if (isCadre(p)) yield p;
  }
}

async function* orgUnits(db: Database, scope: OrgNode): AsyncGenerator<unknown> {
  yield scope; // its code is a prefix of every code below it, so it sorts first
  for await (const page of paged(db, db.collection('orgNodes'), { path: scope._id })) yield* page;
}

async function* workGroups(db: Database, scope: OrgNode): AsyncGenerator<unknown> {
  if (scope.level !== 'street' && scope.level !== 'community') return;
  const col = db.collection('workGroups');
  for await (const c of nodesAt(db, scope, 'community')) {
    for await (const page of paged(db, col, { communityId: c._id })) yield* page;
  }
}

const SOURCES: Record<ImportKind, (db: Database, scope: OrgNode) => AsyncGenerator<unknown>> = {
  orgUnits, households, cadres, assignments: households, workGroups,
};

async function* rowsOf(kind: ImportKind, docs: AsyncGenerator<unknown>): AsyncGenerator<string[]> {
  for await (const d of docs) yield toRow(kind, d);
}

export const COLUMN_WIDTHS: Record<ImportKind, number[]> = Object.fromEntries(
  Object.entries(COLUMNS).map(([k, cols]) => [k, cols.map((c) => Math.max(10, c.header.length * 2 + 4, c.example.length + 4))]),
) as Record<ImportKind, number[]>;

/** The columns a households export holds only when the admin gave a reason: the tags and their consent note. */
const TAG_COLUMNS: ReadonlySet<string> = new Set(['tags', ...CONSENT_KEYS]);

/** Leaves the tag columns out of an export of households (no reason given: sensitive tags stay in). */
async function* withoutColumns(rows: AsyncGenerator<string[]>, drop: ReadonlySet<number>): AsyncGenerator<string[]> {
  for await (const r of rows) yield r.filter((_, i) => !drop.has(i));
}

export async function exportKind({ db, kind, format, scopeNodeId, withTags }: ExportArgs): Promise<Buffer> {
  const scope = await getOrNull<OrgNode>(db.collection('orgNodes').doc(scopeNodeId));
  if (!scope) return fail('NOT_FOUND', `管理范围“${scopeNodeId}”不存在，请刷新后重试`);
  const drop = new Set(kind === 'households' && !withTags ? COLUMNS[kind].flatMap((c, i) => (TAG_COLUMNS.has(c.key) ? [i] : [])) : []);
  const keep = <T>(xs: T[]) => (drop.size ? xs.filter((_, i) => !drop.has(i)) : xs);
  const rows = rowsOf(kind, SOURCES[kind](db, scope));
  const sheet = { name: KIND_LABEL[kind], header: keep(headersOf(kind)), widths: keep(COLUMN_WIDTHS[kind]), rows: drop.size ? withoutColumns(rows, drop) : rows };
  return format === 'csv' ? writeCsv(sheet) : writeXlsx([sheet]);
}
