// Shared by settings.get and settings.save: who may read a street's settings, and the page's view.
import type { SettingsView } from '../../../../../src/core/api/adminContract';
import { PUBLISHED_YEARS, uncoveredYears } from '../../../../../src/core/calendar';
import { fail } from '../../../../../src/core/errors';
import type { StreetSettings } from '../../../../../src/core/settings';
import { ROLE_LABEL } from '../../../../../src/core/labels';
import type { Department, OrgNode, Person, Role } from '../../../../../src/core/types';
import type { Ctx } from '../../context';

/** Roles that may read their street's settings; only streetAdmin of the street may change them. */
const READERS: Role[] = ['streetAdmin', 'communityAdmin', 'gridLeader'];

export const streetOf = (n: OrgNode): string => (n.level === 'street' ? n._id : n.path[0] ?? n._id);

/** The street whose settings the caller may read (the one `nodeId` lies in, else their own) and whether they may edit it. */
export async function readableStreet(ctx: Ctx, nodeId?: string): Promise<{ street: OrgNode; editable: boolean }> {
  const user = await ctx.user();
  const grants = (user?.roles ?? []).filter((r) => READERS.includes(r.role));
  if (!grants.length) return fail('FORBIDDEN', '只有街道管理员、社区管理员和网格长可以查看街道设置');
  const nodes = await ctx.repos.nodes.many([...grants.map((g) => g.nodeId), ...(nodeId ? [nodeId] : [])]);
  const editableStreets = new Set(grants.filter((g) => g.role === 'streetAdmin').map((g) => g.nodeId));
  const readable = new Set(grants.map((g) => nodes.get(g.nodeId)).filter(Boolean).map((n) => streetOf(n!)));
  let streetId: string | undefined;
  if (nodeId) {
    const n = nodes.get(nodeId);
    if (!n) return fail('NOT_FOUND', `未找到编号为 ${nodeId} 的组织`);
    streetId = streetOf(n);
    if (!readable.has(streetId)) return fail('FORBIDDEN', '该街道不在您的管理范围内');
  } else {
    streetId = [...readable].find((s) => editableStreets.has(s)) ?? [...readable][0];
    if (!streetId) return fail('NOT_FOUND', '未找到您所在的街道，请联系管理员');
  }
  const street = nodes.get(streetId) ?? (await ctx.repos.nodes.get(streetId));
  if (!street || street.level !== 'street') return fail('NOT_FOUND', `未找到编号为 ${streetId} 的街道`);
  return { street, editable: editableStreets.has(streetId) };
}

/** Departments a street's rules may name: registered at the street or at one of its communities. */
export const departmentScopes = (street: OrgNode, queues: OrgNode[]) => [street._id, ...queues.filter((n) => n.level === 'community').map((n) => n._id)];

export function settingsView(a: {
  street: OrgNode;
  settings: StreetSettings;
  version: number;
  editable: boolean;
  queues: OrgNode[];
  departments: Department[];
  people: Map<string, Person>;
  streetStaff: Person[];
  now: Date;
}): SettingsView {
  const { settings: s } = a;
  const handlerNames: Record<string, string> = {};
  for (const id of Object.values(s.firstHandlers)) {
    const p = a.people.get(id);
    if (p) handlerNames[id] = p.name;
  }
  const { updatedAt, ...rest } = s;
  return {
    streetId: a.street._id,
    streetName: a.street.name,
    settings: { ...rest, updatedAt: updatedAt ? new Date(updatedAt).toISOString() : null },
    version: a.version,
    editable: a.editable,
    updatedByName: s.updatedBy ? a.people.get(s.updatedBy)?.name ?? null : null,
    calendar: { publishedThrough: PUBLISHED_YEARS.last, uncoveredYears: uncoveredYears(a.now) },
    departments: a.departments.map((d) => ({ id: d._id, name: d.name, kind: d.kind })),
    nodes: [
      { id: a.street._id, name: a.street.name, level: 'street' as const, parentId: null },
      ...a.queues.map((n) => ({ id: n._id, name: n.name, level: n.level as 'community' | 'grid', parentId: n.parentId })),
    ],
    handlerNames,
    streetStaff: a.streetStaff.map((p) => ({
      id: p._id,
      name: p.name,
      title: p.title,
      roleLabels: p.roles.filter((r) => r.nodeId === a.street._id).map((r) => ROLE_LABEL[r.role]),
    })),
  };
}
