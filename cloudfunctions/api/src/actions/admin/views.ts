import type { HouseholdView, NodeView, PersonView } from '../../../../../src/core/api/adminContract';
import { ROLE_LABEL } from '../../../../../src/core/labels';
import type { Household, OrgNode, Person } from '../../../../../src/core/types';

export const nodeView = (n: OrgNode, people?: Map<string, Person>): NodeView => ({
  id: n._id,
  level: n.level,
  name: n.name,
  parentId: n.parentId,
  ...(n.gridType ? { gridType: n.gridType } : {}),
  ...(n.leaderId ? { leaderId: n.leaderId, leaderName: people?.get(n.leaderId)?.name } : {}),
  ...(n.relabelPending ? { relabelPending: true } : {}),
});

export const householdView = (h: Household, people: Map<string, Person>): HouseholdView => ({
  id: h._id,
  room: h.room,
  label: h.label,
  members: h.members ?? 1,
  tags: h.tags ?? [],
  tagConsent: h.tagConsent ? { by: h.tagConsent.by, at: h.tagConsent.at, purpose: h.tagConsent.purpose } : null,
  cadreId: h.cadreId ?? null,
  cadreName: h.cadreId ? people.get(h.cadreId)?.name ?? null : null,
});

export const personView = (p: Person, people?: Map<string, Person>): PersonView => ({
  id: p._id,
  name: p.name,
  phone: p.phone,
  workUnit: p.workUnit,
  title: p.title,
  gridId: p.gridId ?? '',
  roles: p.roles,
  roleLabels: [...new Set(p.roles.map((r) => ROLE_LABEL[r.role]))],
  backupId: p.backupId ?? null,
  backupName: p.backupId ? people?.get(p.backupId)?.name ?? null : null,
  away: p.away ?? null,
  cardCode: p.cardCode ?? null,
  bound: !!p.openid,
});
