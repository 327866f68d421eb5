// Upsert planning: references, duplicates and scope checked against the file and the loaded docs,
// then the smallest set of writes. Pure: the I/O layer supplies `Known` and re-runs the planner
// whenever it asks for more (`need`), usually two or three rounds.
import type { CardDoc, Household, OrgNode, Person, RoleGrant, TagConsent, UserDoc, WorkGroup } from '../types';
import { consentAfter, hasSensitiveTags, sensitiveTagsChanged } from '../privacy';
import { COLUMNS, LEVEL_LABEL, LEVEL_ORDER, type ImportKind } from './columns';
import type { AssignmentRow, CadreRow, HouseholdRow, OrgUnitRow, RowError, RowOf, WorkGroupRow } from './rows';
import { isChildCode } from '../orgCodes';
import { householdLabel, roomCode } from '../rooms';

/** Docs loaded so far. By id: `null` = known not to exist. The list maps hold complete lists. */
export interface Known {
  nodes: Map<string, OrgNode | null>;
  households: Map<string, Household | null>;
  people: Map<string, Person | null>;
  cards: Map<string, CardDoc | null>;
  /** users by OPENID (its _id). */
  users: Map<string, UserDoc | null>;
  workGroups: Map<string, WorkGroup | null>;
  /** orgNodes by parentId. */
  childrenOf: Map<string, OrgNode[]>;
  /** households by unitId. */
  householdsOfUnit: Map<string, Household[]>;
  /** users (residents) by householdId. */
  residentsOf: Map<string, UserDoc[]>;
  /** ids of people by workGroupId. */
  membersOf: Map<string, string[]>;
}
export type Need = { [K in keyof Known]?: string[] };

export const emptyKnown = (): Known => ({
  nodes: new Map(), households: new Map(), people: new Map(), cards: new Map(), users: new Map(), workGroups: new Map(),
  childrenOf: new Map(), householdsOfUnit: new Map(), residentsOf: new Map(), membersOf: new Map(),
});

export type CollectionName = 'orgNodes' | 'households' | 'people' | 'cards' | 'users' | 'workGroups';

/** Same change for every id; identical patches are merged so e.g. 13 households of one cadre cost one write. */
export interface Patch {
  ids: string[];
  /** Field → new value; dotted keys address nested fields ("household.cadreId"). */
  set: Record<string, unknown>;
  unset: string[];
}

export interface Writes {
  create: object[];
  patch: Patch[];
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportPlan {
  kind: ImportKind;
  primary: CollectionName;
  counts: Counts;
  /** In write order: the primary collection first. */
  writes: { collection: CollectionName; writes: Writes }[];
  /** Docs touched outside the primary collection (cards, users, work groups, relabelled households). */
  related: Partial<Record<CollectionName, { created: number; updated: number }>>;
  /**
   * Households whose tags change where a sensitive tag is involved (before or after): each goes to
   * the audit log as `household.tags.change`, as an edit on the admin page does. Only when there are any.
   */
  tagChanges?: TagChange[];
}

/** One household's tag change, for the audit log (who and when are the import's). */
export interface TagChange {
  householdId: string;
  /** The community the household lies in: the audit entry is filed under it (auditScopeOf). */
  scopeNodeId: string;
  before: string[];
  after: string[];
  /** The consent note the household holds after the import (a new one from the row, or the one it had). */
  consent: Pick<TagConsent, 'by' | 'at' | 'purpose'> | null;
}

export type PlanStep = { status: 'need'; need: Need } | { status: 'invalid'; errors: RowError[] } | { status: 'ready'; plan: ImportPlan };

export interface PlanOptions {
  scopeNodeId: string;
  now: Date;
  /** Codes of file rows that failed the schema check: already reported, so not "missing" as references. */
  brokenCodes?: ReadonlySet<string>;
  /** Name of the admin running the import: stored as `recordedBy` on a new tag consent note. */
  recordedBy?: string | null;
}

const PRIMARY: Record<ImportKind, CollectionName> = {
  orgUnits: 'orgNodes', households: 'households', cadres: 'people', assignments: 'households', workGroups: 'workGroups',
};

// ------------------------------------------------------------------ lookups

/** Reads from `Known`; a miss is recorded as a need and answers `undefined` ("not known yet"). */
class Look {
  readonly need: { [K in keyof Known]: Set<string> } = {
    nodes: new Set(), households: new Set(), people: new Set(), cards: new Set(), users: new Set(), workGroups: new Set(),
    childrenOf: new Set(), householdsOfUnit: new Set(), residentsOf: new Set(), membersOf: new Set(),
  };
  constructor(private readonly k: Known) {}

  private one<K extends keyof Known>(map: K, id: string): any {
    const m = this.k[map] as Map<string, unknown>;
    if (m.has(id)) return m.get(id);
    this.need[map].add(id);
    return undefined;
  }
  node = (id: string): OrgNode | null | undefined => this.one('nodes', id);
  household = (id: string): Household | null | undefined => this.one('households', id);
  person = (id: string): Person | null | undefined => this.one('people', id);
  card = (id: string): CardDoc | null | undefined => this.one('cards', id);
  user = (openid: string): UserDoc | null | undefined => this.one('users', openid);
  group = (id: string): WorkGroup | null | undefined => this.one('workGroups', id);
  children = (parentId: string): OrgNode[] | undefined => this.one('childrenOf', parentId);
  unitHouseholds = (unitId: string): Household[] | undefined => this.one('householdsOfUnit', unitId);
  residents = (householdId: string): UserDoc[] | undefined => this.one('residentsOf', householdId);
  members = (groupId: string): string[] | undefined => this.one('membersOf', groupId);

  pending(): Need | null {
    const out: Need = {};
    let any = false;
    for (const [k, s] of Object.entries(this.need) as [keyof Known, Set<string>][]) {
      if (s.size) {
        out[k] = [...s];
        any = true;
      }
    }
    return any ? out : null;
  }
}

// ------------------------------------------------------------------ helpers

export const inScope = (id: string, path: readonly string[], scope: string) => id === scope || path.includes(scope);
export const isCadre = (p: Pick<Person, 'roles'>) => p.roles?.some((r) => r.role === 'cadre') ?? false;
export { householdLabel } from '../rooms';

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => same((a as any)[k], (b as any)[k]));
  }
  return false;
}
/** An absent optional field and an empty list mean the same thing. */
const blank = (x: unknown) => x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0);

/** Changes of the owned fields; `undefined` in `desired` removes the field. */
export function diff(existing: Record<string, any>, desired: Record<string, any>, owned: readonly string[]): { set: Record<string, unknown>; unset: string[] } | null {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const k of owned) {
    const d = desired[k];
    const e = existing[k];
    if (blank(d) && blank(e)) continue;
    if (d === undefined) unset.push(k);
    else if (!same(d, e)) set[k] = d;
  }
  return Object.keys(set).length || unset.length ? { set, unset } : null;
}

/** Collects patches, merging those with identical content. */
class PatchSet {
  private readonly byKey = new Map<string, Patch>();
  add(id: string, set: Record<string, unknown>, unset: string[]) {
    const key = JSON.stringify([Object.entries(set).sort(([a], [b]) => (a < b ? -1 : 1)), [...unset].sort()]);
    const p = this.byKey.get(key);
    if (p) p.ids.push(id);
    else this.byKey.set(key, { ids: [id], set, unset });
  }
  get list(): Patch[] {
    return [...this.byKey.values()];
  }
  get docCount(): number {
    let n = 0;
    for (const p of this.byKey.values()) n += p.ids.length;
    return n;
  }
}

const withoutUndefined = <T extends Record<string, unknown>>(o: T): T => {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) if (x !== undefined) out[k] = x;
  return out as T;
};

class Collector {
  readonly errors: RowError[] = [];
  constructor(private readonly kind: ImportKind) {}
  /** `key` is the column key; the message goes out under its Chinese header. */
  add(row: number, key: string, message: string) {
    const header = COLUMNS[this.kind].find((c) => c.key === key)?.header ?? '';
    this.errors.push({ row, column: header, message });
  }
}

/** First row of each key; later rows with the same key are reported as duplicates. */
function firstByKey<R extends { row: number }>(rows: R[], key: (r: R) => string | undefined, err: (r: R, first: R, k: string) => void): Map<string, R> {
  const first = new Map<string, R>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    const f = first.get(k);
    if (f) err(r, f, k);
    else first.set(k, r);
  }
  return first;
}

const personName = (p: Person | null | undefined) => (p?.name ? `（${p.name}）` : '');

type HouseholdLocation = Pick<Household, 'streetId' | 'communityId' | 'gridId' | 'buildingId' | 'unitId' | 'cadreId' | 'label'>;
const LOCATION_FIELDS = ['streetId', 'communityId', 'gridId', 'buildingId', 'unitId', 'cadreId', 'label'] as const;

/** Residents' `users.household` is a denormalised copy (so submit routes with one read): keep it true. */
function syncResidents(look: Look, users: PatchSet, householdId: string, next: HouseholdLocation) {
  const residents = look.residents(householdId);
  if (!residents) return;
  for (const u of residents) {
    const cur = (u.household ?? {}) as Record<string, unknown>;
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const f of LOCATION_FIELDS) {
      const d = next[f];
      if (blank(d) && blank(cur[f])) continue;
      if (d === undefined) unset.push(`household.${f}`);
      else if (d !== cur[f]) set[`household.${f}`] = d;
    }
    if (Object.keys(set).length || unset.length) users.add(u._id, set, unset);
  }
}

function scopeText(look: Look, scope: string): string {
  const n = look.node(scope);
  return n ? `${n.name}（${scope}）` : scope;
}

interface Ctx {
  look: Look;
  errs: Collector;
  opts: PlanOptions;
}

interface Partial_ {
  counts: Counts;
  writes: { collection: CollectionName; writes: Writes }[];
  tagChanges?: TagChange[];
}

// ------------------------------------------------------------------ orgUnits

const ORG_OWNED = ['level', 'name', 'parentId', 'path', 'gridType'] as const;
const HOUSEHOLD_OWNED = ['streetId', 'communityId', 'gridId', 'buildingId', 'unitId', 'room', 'label', 'members', 'tags', 'tagConsent'] as const;

function planOrgUnits(rows: OrgUnitRow[], { look, errs, opts }: Ctx): Partial_ {
  const scope = opts.scopeNodeId;
  const first = firstByKey(rows, (r) => r.code, (r, f, k) => errs.add(r.row, 'code', `编号“${k}”与第 ${f.row} 行重复`));

  // Ancestor path of each file row: through file rows first, then loaded nodes.
  // undefined = not known yet (lookup pending), null = cannot be resolved (reported on that row).
  const memo = new Map<string, string[] | null | undefined>();
  const pathOf = (r: OrgUnitRow, depth = 0): string[] | null | undefined => {
    if (memo.has(r.code)) return memo.get(r.code);
    let out: string[] | null | undefined;
    if (r.level === 'street') out = r.parentCode ? null : [];
    else if (!r.parentCode || !r.code.startsWith(`${r.parentCode}-`) || depth > LEVEL_ORDER.length) out = null;
    else {
      const fp = first.get(r.parentCode);
      if (fp) {
        const pp = pathOf(fp, depth + 1);
        out = pp ? [...pp, fp.code] : pp;
      } else {
        const n = look.node(r.parentCode);
        out = n ? [...n.path, n._id] : n;
      }
    }
    memo.set(r.code, out);
    return out;
  };
  const levelOf = (code: string): OrgUnitRow['level'] | 'household' | null | undefined => {
    const fr = first.get(code);
    if (fr) return fr.level;
    const n = look.node(code);
    return n ? n.level : n;
  };
  const nameOf = (id: string): string | undefined => first.get(id)?.name ?? look.node(id)?.name;

  const create: OrgNode[] = [];
  const patches = new PatchSet();
  const hhPatches = new PatchSet();
  const users = new PatchSet();
  let unchanged = 0;
  const relabelUnits = new Set<string>();

  for (const r of first.values()) {
    const before = errs.errors.length;
    if (r.level === 'street') {
      if (r.parentCode) errs.add(r.row, 'parentCode', '街道是最上级，不需要填写上级编号');
    } else if (!r.parentCode) {
      errs.add(r.row, 'parentCode', `请填写上级编号（${LEVEL_LABEL[r.level]}的上级是${LEVEL_LABEL[LEVEL_ORDER[LEVEL_ORDER.indexOf(r.level) - 1]]}）`);
    } else if (!isChildCode(r.parentCode, r.code)) {
      errs.add(r.row, 'code', `编号“${r.code}”应为上级编号加“-”和本级序号（字母或数字），如“${r.parentCode}-01”（统一编号规则）`);
    } else {
      const pl = opts.brokenCodes?.has(r.parentCode) ? undefined : levelOf(r.parentCode);
      if (pl === null) {
        errs.add(r.row, 'parentCode', `上级编号“${r.parentCode}”不存在：请先导入上级节点，或把它加入本文件`);
      } else if (pl !== undefined) {
        const want = LEVEL_ORDER[LEVEL_ORDER.indexOf(pl as OrgUnitRow['level']) + 1];
        if (!want) errs.add(r.row, 'level', `上级“${r.parentCode}”是${LEVEL_LABEL[pl]}，其下不能再建下级节点`);
        else if (want !== r.level) errs.add(r.row, 'level', `层级应为“${LEVEL_LABEL[want]}”：上级“${r.parentCode}”是${LEVEL_LABEL[pl]}`);
      }
    }
    if (r.gridType && r.level !== 'grid') errs.add(r.row, 'gridType', '只有网格可以填写网格类型，其他层级请留空');

    const existing = look.node(r.code);
    const parentId = r.level === 'street' ? null : r.parentCode ?? null;
    if (existing) {
      if (existing.level !== r.level) errs.add(r.row, 'level', `“${r.code}”已是${LEVEL_LABEL[existing.level]}，不能改为${LEVEL_LABEL[r.level]}`);
      else if (existing.parentId !== parentId) {
        errs.add(r.row, 'parentCode', `“${r.code}”已存在，上级是“${existing.parentId ?? '无'}”；导入不能移动节点`);
      }
    }
    const path = pathOf(r);
    if (path && !inScope(r.code, path, scope)) errs.add(r.row, 'code', `“${r.code}”不在您管理的${scopeText(look, scope)}范围内`);
    if (errs.errors.length > before || !path || existing === undefined) continue;

    const desired: OrgNode = withoutUndefined({ _id: r.code, level: r.level, name: r.name, parentId, path, gridType: r.gridType });
    if (!existing) {
      create.push(desired);
      continue;
    }
    const d = diff(existing, desired, ORG_OWNED);
    if (!d) unchanged++;
    else patches.add(r.code, d.set, d.unset);
    // Household labels carry building and unit names ("3栋2单元301").
    if (existing.name !== r.name && r.level === 'unit') relabelUnits.add(r.code);
    if (existing.name !== r.name && r.level === 'building') {
      for (const u of look.children(r.code) ?? []) if (u.level === 'unit') relabelUnits.add(u._id);
    }
  }

  for (const unitId of relabelUnits) {
    const buildingId = first.get(unitId)?.parentCode ?? look.node(unitId)?.parentId;
    if (!buildingId) continue;
    const bName = nameOf(buildingId);
    const uName = nameOf(unitId);
    if (bName === undefined || uName === undefined) continue;
    for (const h of look.unitHouseholds(unitId) ?? []) {
      const label = householdLabel(bName, uName, h.room);
      if (label === h.label) continue;
      hhPatches.add(h._id, { label }, []);
      syncResidents(look, users, h._id, { ...h, label });
    }
  }

  return {
    counts: { created: create.length, updated: patches.docCount, unchanged },
    writes: [
      { collection: 'orgNodes', writes: { create, patch: patches.list } },
      { collection: 'households', writes: { create: [], patch: hhPatches.list } },
      { collection: 'users', writes: { create: [], patch: users.list } },
    ],
  };
}

// ------------------------------------------------------------------ households

function checkCadreFor(ctx: Ctx, row: number, key: string, cadreCode: string, gridId: string, what: string) {
  const p = ctx.look.person(cadreCode);
  if (p === null) ctx.errs.add(row, key, `包保干部“${cadreCode}”不存在，请先导入包保干部`);
  else if (p && !isCadre(p)) ctx.errs.add(row, key, `“${cadreCode}”${personName(p)}不是包保干部`);
  else if (p && p.gridId !== gridId) {
    ctx.errs.add(row, key, `包保干部“${cadreCode}”${personName(p)}属于网格“${p.gridId ?? '未设置'}”，不能包保网格“${gridId}”的${what}`);
  }
}

const CONSENT_FIELDS = [['consentBy', '标签同意人'], ['consentAt', '标签同意日期'], ['consentPurpose', '标签用途']] as const;

/**
 * 敏感标签 (低保, 残疾 …) by import follow the admin page's rule (core/privacy.ts consentAfter), from
 * the row's consent columns, which come all three or none. Answers the household's note after the
 * import, or 'invalid' (the error is already reported on the row).
 */
function consentFor(r: HouseholdRow, existing: Household | null, { errs, opts }: Ctx): TagConsent | undefined | 'invalid' {
  if (!hasSensitiveTags(r.tags)) return undefined; // a note without sensitive tags is not recorded
  const filled = CONSENT_FIELDS.filter(([k]) => r[k]);
  if (filled.length && filled.length < CONSENT_FIELDS.length) {
    const [key, header] = CONSENT_FIELDS.find(([k]) => !r[k])!;
    errs.add(r.row, key, `请填写“${header}”：同意记录须同时有“标签同意人”“标签同意日期”和“标签用途”`);
    return 'invalid';
  }
  const note = filled.length ? { by: r.consentBy!, at: r.consentAt!, purpose: r.consentPurpose! } : undefined;
  const after = consentAfter(existing, r.tags ?? [], note, { recordedBy: opts.recordedBy ?? null, recordedAt: opts.now });
  if ('consent' in after) return after.consent;
  errs.add(r.row, 'consentBy', `录入“${after.missing.join('、')}”等敏感标签，须取得本人（或监护人）同意，并填写“标签同意人”“标签同意日期”和“标签用途”`);
  return 'invalid';
}

function planHouseholds(rows: HouseholdRow[], ctx: Ctx): Partial_ {
  const { look, errs, opts } = ctx;
  const first = firstByKey(rows, (r) => r.code, (r, f, k) => errs.add(r.row, 'code', `住户编号“${k}”与第 ${f.row} 行重复`));
  // One household per room: "101" and "0101" in one unit are the same room (src/core/rooms.ts).
  firstByKey([...first.values()], (r) => `${r.unitCode}|${roomCode(r.room)}`, (r, f) => errs.add(r.row, 'room', `房号“${r.room}”与第 ${f.row} 行（${f.code}）是同一户`));
  const create: Household[] = [];
  const patches = new PatchSet();
  const users = new PatchSet();
  const tagChanges: TagChange[] = [];
  let unchanged = 0;

  for (const r of first.values()) {
    const before = errs.errors.length;
    // A code off the normal form must not add a second household for a room that has one.
    const normal = `${r.unitCode}-${roomCode(r.room)}`;
    if (r.code !== normal && look.household(normal)) errs.add(r.row, 'room', `该单元已有 ${r.room} 室（编号“${normal}”），同一房号不能登记两户`);
    if (!isChildCode(r.unitCode, r.code)) {
      errs.add(r.row, 'code', `住户编号应为所在单元编号加“-”和房屋序号（字母或数字），如“${r.unitCode}-0301”（统一编号规则）`);
    }
    const unit = look.node(r.unitCode);
    let building: OrgNode | null | undefined;
    if (unit === null) errs.add(r.row, 'unitCode', `单元“${r.unitCode}”不存在，请先在“组织架构”中导入`);
    else if (unit && unit.level !== 'unit') errs.add(r.row, 'unitCode', `“${r.unitCode}”是${LEVEL_LABEL[unit.level]}，请填写单元的编号`);
    else if (unit && unit.path.length !== 4) errs.add(r.row, 'unitCode', `单元“${r.unitCode}”的上级结构不完整，请检查组织架构`);
    else if (unit) {
      if (!inScope(r.code, [...unit.path, unit._id], opts.scopeNodeId)) {
        errs.add(r.row, 'unitCode', `单元“${r.unitCode}”不在您管理的${scopeText(look, opts.scopeNodeId)}范围内`);
      }
      building = look.node(unit.path[3]);
      if (building === null) errs.add(r.row, 'unitCode', `单元“${r.unitCode}”的楼栋“${unit.path[3]}”不存在，请检查组织架构`);
      if (r.cadreCode) checkCadreFor(ctx, r.row, 'cadreCode', r.cadreCode, unit.path[2], '住户');
    }
    const existing = look.household(r.code);
    const tagConsent = existing === undefined ? undefined : consentFor(r, existing, ctx);
    if (errs.errors.length > before || !unit || !building || existing === undefined || tagConsent === 'invalid') continue;

    const [streetId, communityId, gridId, buildingId] = unit.path;
    const desired: Household = withoutUndefined({
      _id: r.code, streetId, communityId, gridId, buildingId, unitId: unit._id, room: r.room,
      label: householdLabel(building.name, unit.name, r.room),
      members: r.members, tags: r.tags?.length ? r.tags : undefined,
      cadreId: r.cadreCode, tagConsent,
    });
    if (sensitiveTagsChanged(existing?.tags, r.tags)) {
      tagChanges.push({
        householdId: r.code, scopeNodeId: communityId, before: existing?.tags ?? [], after: r.tags ?? [],
        consent: tagConsent ? { by: tagConsent.by, at: tagConsent.at, purpose: tagConsent.purpose } : null,
      });
    }
    if (!existing) {
      create.push(desired);
      continue;
    }
    // An empty 包保干部编号 keeps the current assignment: the assignments import owns unassigning.
    const owned = r.cadreCode ? [...HOUSEHOLD_OWNED, 'cadreId'] : HOUSEHOLD_OWNED;
    const d = diff(existing, desired, owned);
    if (!d) {
      unchanged++;
      continue;
    }
    patches.add(r.code, d.set, d.unset);
    syncResidents(look, users, r.code, { ...desired, cadreId: r.cadreCode ?? existing.cadreId });
  }
  return {
    counts: { created: create.length, updated: patches.docCount, unchanged },
    writes: [
      { collection: 'households', writes: { create, patch: patches.list } },
      { collection: 'users', writes: { create: [], patch: users.list } },
    ],
    tagChanges,
  };
}

// ------------------------------------------------------------------ cadres

const PERSON_OWNED = ['name', 'phone', 'workUnit', 'title', 'gridId', 'communityId', 'roles', 'backupId', 'workGroupId'] as const;

/** The cadre grant follows 所属网格 (one grid per cadre); every other grant is left as it is. */
function withCadreGrant(roles: RoleGrant[] | undefined, gridId: string): RoleGrant[] {
  const list = roles ?? [];
  const cadre = list.filter((g) => g.role === 'cadre');
  if (cadre.length === 1 && cadre[0].nodeId === gridId) return list;
  return [...list.filter((g) => g.role !== 'cadre'), { role: 'cadre', nodeId: gridId }];
}

function planCadres(rows: CadreRow[], ctx: Ctx): Partial_ {
  const { look, errs, opts } = ctx;
  const first = firstByKey(rows, (r) => r.code, (r, f, k) => errs.add(r.row, 'code', `人员编号“${k}”与第 ${f.row} 行重复`));
  // 联系卡编号 is unique: report a second row that reuses one.
  firstByKey([...first.values()], (r) => r.cardCode, (r, f, k) => errs.add(r.row, 'cardCode', `联系卡编号“${k}”与第 ${f.row} 行重复`));

  const create: Person[] = [];
  const patches = new PatchSet();
  const cardCreate: CardDoc[] = [];
  const cardPatches = new PatchSet();
  const users = new PatchSet();
  let unchanged = 0;
  /** Final workGroupId of every person in the file, and the groups whose member lists may change. */
  const groupOf = new Map<string, string | undefined>();
  const touchedGroups = new Set<string>();

  for (const r of first.values()) {
    const before = errs.errors.length;
    const grid = look.node(r.gridCode);
    if (grid === null) errs.add(r.row, 'gridCode', `网格“${r.gridCode}”不存在，请先在“组织架构”中导入`);
    else if (grid && grid.level !== 'grid') errs.add(r.row, 'gridCode', `“${r.gridCode}”是${LEVEL_LABEL[grid.level]}，请填写网格的编号`);
    else if (grid && !inScope(grid._id, grid.path, opts.scopeNodeId)) {
      errs.add(r.row, 'gridCode', `网格“${r.gridCode}”不在您管理的${scopeText(look, opts.scopeNodeId)}范围内`);
    }
    const existing = look.person(r.code);
    if (existing) {
      // Someone managed by another office cannot be taken over by importing their id.
      const home = existing.gridId ?? existing.communityId;
      const homeNode = home && home !== r.gridCode ? look.node(home) : undefined;
      if (homeNode && !inScope(homeNode._id, homeNode.path, opts.scopeNodeId)) {
        errs.add(r.row, 'code', `人员“${r.code}”${personName(existing)}属于其他辖区（${home}），不能在此修改`);
      }
    }
    if (r.backupCode) {
      if (r.backupCode === r.code) errs.add(r.row, 'backupCode', '不能把本人设为自己的B角');
      else if (!first.has(r.backupCode) && !opts.brokenCodes?.has(r.backupCode)) {
        const b = look.person(r.backupCode);
        if (b === null) errs.add(r.row, 'backupCode', `B角“${r.backupCode}”不存在：请先导入，或把他加入本文件`);
        else if (b && !isCadre(b)) errs.add(r.row, 'backupCode', `B角“${r.backupCode}”${personName(b)}不是包保干部`);
      }
    }
    let card: CardDoc | null | undefined = null;
    if (r.cardCode) {
      card = look.card(r.cardCode);
      if (card && card.personId !== r.code) errs.add(r.row, 'cardCode', `联系卡编号“${r.cardCode}”已被人员“${card.personId}”使用，请换一个编号`);
      else if (card && card.status !== 'active') errs.add(r.row, 'cardCode', `联系卡编号“${r.cardCode}”已作废，请换一个新编号`);
    }
    const oldCard = existing?.cardCode && r.cardCode && existing.cardCode !== r.cardCode ? look.card(existing.cardCode) : null;
    if (errs.errors.length > before || !grid || existing === undefined || card === undefined || oldCard === undefined) continue;

    const roles = withCadreGrant(existing?.roles, grid._id);
    const desired: Person = withoutUndefined({
      _id: r.code, name: r.name, phone: r.phone, workUnit: r.workUnit, title: r.title, roles,
      gridId: grid._id, communityId: grid.parentId ?? undefined,
      backupId: r.backupCode, workGroupId: r.workGroupCode,
      cardCode: r.cardCode ?? existing?.cardCode,
    });
    groupOf.set(r.code, r.workGroupCode);
    if (existing?.workGroupId !== r.workGroupCode) {
      if (existing?.workGroupId) touchedGroups.add(existing.workGroupId);
      if (r.workGroupCode) touchedGroups.add(r.workGroupCode);
    }
    if (r.cardCode && !card) cardCreate.push({ _id: r.cardCode, personId: r.code, status: 'active', issuedAt: opts.now });
    if (oldCard && oldCard.personId === r.code && oldCard.status === 'active') {
      cardPatches.add(oldCard._id, { status: 'revoked', replacedBy: r.cardCode }, []);
    }

    if (!existing) {
      create.push(desired);
      continue;
    }
    // An empty 联系卡编号 keeps the current card: printed cards are not withdrawn by omission.
    const owned = r.cardCode ? [...PERSON_OWNED, 'cardCode'] : PERSON_OWNED;
    const d = diff(existing, desired, owned);
    if (!d) {
      unchanged++;
      continue;
    }
    patches.add(r.code, d.set, d.unset);
    // users/{openid} copies roles and the display fields so each action reads one doc for identity.
    if (existing.openid) {
      const u = look.user(existing.openid);
      if (u) {
        const set: Record<string, unknown> = {};
        const uRoles = withCadreGrant(u.roles, grid._id);
        if (!same(uRoles, u.roles)) set.roles = uRoles;
        if (u.person) {
          const person = { id: r.code, name: r.name, title: r.title, workUnit: r.workUnit };
          if (!same(person, u.person)) set.person = person;
        }
        if (Object.keys(set).length) users.add(u._id, set, []);
      }
    }
  }

  // memberIds of existing groups = current members − those leaving + those joining (stored, so a
  // group page reads one doc). Groups not created yet get theirs at the workGroups import.
  const groupPatches = new PatchSet();
  for (const g of touchedGroups) {
    const group = look.group(g);
    const current = look.members(g);
    if (!group || !current) continue;
    const next = new Set(current.filter((id) => !groupOf.has(id)));
    for (const [pid, gid] of groupOf) if (gid === g) next.add(pid);
    const memberIds = [...next].sort();
    if (!same(memberIds, group.memberIds)) groupPatches.add(g, { memberIds, updatedAt: opts.now }, []);
  }

  return {
    counts: { created: create.length, updated: patches.docCount, unchanged },
    writes: [
      { collection: 'people', writes: { create, patch: patches.list } },
      { collection: 'cards', writes: { create: cardCreate, patch: cardPatches.list } },
      { collection: 'users', writes: { create: [], patch: users.list } },
      { collection: 'workGroups', writes: { create: [], patch: groupPatches.list } },
    ],
  };
}

// ------------------------------------------------------------------ assignments

function planAssignments(rows: AssignmentRow[], ctx: Ctx): Partial_ {
  const { look, errs, opts } = ctx;
  const first = firstByKey(rows, (r) => r.householdCode, (r, f, k) => errs.add(r.row, 'householdCode', `住户“${k}”与第 ${f.row} 行重复`));
  const patches = new PatchSet();
  const users = new PatchSet();
  let unchanged = 0;

  for (const r of first.values()) {
    const before = errs.errors.length;
    const h = look.household(r.householdCode);
    if (h === null) errs.add(r.row, 'householdCode', `住户“${r.householdCode}”不存在，请先导入住户`);
    else if (h) {
      const path = [h.streetId, h.communityId, h.gridId, h.buildingId, h.unitId];
      if (!inScope(h._id, path, opts.scopeNodeId)) {
        errs.add(r.row, 'householdCode', `住户“${r.householdCode}”不在您管理的${scopeText(look, opts.scopeNodeId)}范围内`);
      }
      if (r.cadreCode) checkCadreFor(ctx, r.row, 'cadreCode', r.cadreCode, h.gridId, `住户“${h.label}”`);
    }
    if (errs.errors.length > before || !h) continue;
    if ((h.cadreId ?? undefined) === r.cadreCode) {
      unchanged++;
      continue;
    }
    if (r.cadreCode) patches.add(h._id, { cadreId: r.cadreCode }, []);
    else patches.add(h._id, {}, ['cadreId']);
    syncResidents(look, users, h._id, { ...h, cadreId: r.cadreCode });
  }
  return {
    counts: { created: 0, updated: patches.docCount, unchanged },
    writes: [
      { collection: 'households', writes: { create: [], patch: patches.list } },
      { collection: 'users', writes: { create: [], patch: users.list } },
    ],
  };
}

// ------------------------------------------------------------------ workGroups

const GROUP_OWNED = ['name', 'communityId', 'leaderId', 'deputyIds', 'areaNodeIds', 'memberIds'] as const;

function planWorkGroups(rows: WorkGroupRow[], ctx: Ctx): Partial_ {
  const { look, errs, opts } = ctx;
  const first = firstByKey(rows, (r) => r.code, (r, f, k) => errs.add(r.row, 'code', `工作组编号“${k}”与第 ${f.row} 行重复`));
  const create: WorkGroup[] = [];
  const patches = new PatchSet();
  let unchanged = 0;

  for (const r of first.values()) {
    const before = errs.errors.length;
    const deputies = r.deputyCodes ?? [];
    const areas = r.areaCodes ?? [];
    const c = look.node(r.communityCode);
    if (c === null) errs.add(r.row, 'communityCode', `社区“${r.communityCode}”不存在，请先在“组织架构”中导入`);
    else if (c && c.level !== 'community') errs.add(r.row, 'communityCode', `“${r.communityCode}”是${LEVEL_LABEL[c.level]}，请填写社区的编号`);
    else if (c && !inScope(c._id, c.path, opts.scopeNodeId)) {
      errs.add(r.row, 'communityCode', `社区“${r.communityCode}”不在您管理的${scopeText(look, opts.scopeNodeId)}范围内`);
    }
    const leader = look.person(r.leaderCode);
    if (leader === null) errs.add(r.row, 'leaderCode', `组长“${r.leaderCode}”不存在，请先导入人员`);
    for (const d of deputies) {
      if (d === r.leaderCode) {
        errs.add(r.row, 'deputyCodes', `副组长“${d}”与组长相同，请换一人`);
        break;
      }
      if (look.person(d) === null) {
        errs.add(r.row, 'deputyCodes', `副组长“${d}”不存在，请先导入人员`);
        break;
      }
    }
    for (const a of areas) {
      const n = look.node(a);
      if (n === null) errs.add(r.row, 'areaCodes', `片区“${a}”不存在，请填写已导入的网格或楼栋编号`);
      else if (n && n.level !== 'grid' && n.level !== 'building') errs.add(r.row, 'areaCodes', `片区“${a}”是${LEVEL_LABEL[n.level]}，只能填写网格或楼栋`);
      else if (n && !n.path.includes(r.communityCode)) errs.add(r.row, 'areaCodes', `片区“${a}”不属于社区“${r.communityCode}”`);
      else continue;
      break;
    }
    const existing = look.group(r.code);
    const members = look.members(r.code);
    if (errs.errors.length > before || existing === undefined || !members) continue;

    const fields = {
      name: r.name, communityId: r.communityCode, leaderId: r.leaderCode, deputyIds: deputies, areaNodeIds: areas,
      memberIds: [...members].sort(),
    };
    if (!existing) {
      create.push({ _id: r.code, ...fields, createdAt: opts.now, updatedAt: opts.now });
      continue;
    }
    const d = diff(existing, fields, GROUP_OWNED);
    if (!d) unchanged++;
    else patches.add(r.code, { ...d.set, updatedAt: opts.now }, d.unset);
  }
  return {
    counts: { created: create.length, updated: patches.docCount, unchanged },
    writes: [{ collection: 'workGroups', writes: { create, patch: patches.list } }],
  };
}

// ------------------------------------------------------------------ entry

const PLANNERS: { [K in ImportKind]: (rows: RowOf[K][], ctx: Ctx) => Partial_ } = {
  orgUnits: planOrgUnits,
  households: planHouseholds,
  cadres: planCadres,
  assignments: planAssignments,
  workGroups: planWorkGroups,
};

/**
 * One planning round over schema-valid rows. Answers `need` while docs it must see are not in
 * `known` yet; reference errors are only final once nothing is missing.
 */
export function planImport<K extends ImportKind>(kind: K, rows: RowOf[K][], known: Known, opts: PlanOptions): PlanStep {
  const look = new Look(known);
  look.node(opts.scopeNodeId); // for friendlier scope messages
  const errs = new Collector(kind);
  const part = PLANNERS[kind](rows, { look, errs, opts });
  const need = look.pending();
  if (need) return { status: 'need', need };
  if (errs.errors.length) return { status: 'invalid', errors: errs.errors };
  const related: ImportPlan['related'] = {};
  const writes = part.writes.filter((w) => w.writes.create.length || w.writes.patch.length);
  for (const w of writes) {
    if (w.collection === PRIMARY[kind]) continue;
    const updated = w.writes.patch.reduce((n, p) => n + p.ids.length, 0);
    related[w.collection] = { created: w.writes.create.length, updated };
  }
  return { status: 'ready', plan: { kind, primary: PRIMARY[kind], counts: part.counts, writes, related, ...(part.tagChanges?.length ? { tagChanges: part.tagChanges } : {}) } };
}

/** Errors in sheet order (row, then column order), capped for the response. */
export function sortErrors(kind: ImportKind, errors: RowError[]): RowError[] {
  const order = new Map(COLUMNS[kind].map((c, i) => [c.header, i]));
  return [...errors].sort((a, b) => a.row - b.row || (order.get(a.column) ?? -1) - (order.get(b.column) ?? -1));
}
