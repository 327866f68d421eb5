// Wire contract of the admin actions (community and street offices).
import type * as v from 'valibot';
import type * as A from '../adminSchemas';
import type { SettingsGetInput, SettingsInput, StreetSettings } from '../settings';
import type { AwayPeriod, GridType, OrgLevel, Role, RoleGrant } from '../types';

export interface NodeView {
  id: string;
  level: OrgLevel;
  name: string;
  parentId: string | null;
  gridType?: GridType;
  leaderId?: string;
  leaderName?: string;
  /** A rename whose household labels were not all updated (interrupted): saving again finishes it. */
  relabelPending?: boolean;
}

export interface HouseholdView {
  id: string;
  room: string;
  label: string;
  members: number;
  tags: string[];
  /** The consent note of the sensitive tags (admins only). */
  tagConsent: { by: string; at: string; purpose: string } | null;
  cadreId: string | null;
  cadreName: string | null;
}

export interface OrgChildren {
  parent: NodeView | null;
  /** The path from the admin's scope root down to the parent, for breadcrumbs. */
  trail: NodeView[];
  children: NodeView[];
  /** Present when the parent is a unit. */
  households: HouseholdView[];
}

export interface PersonView {
  id: string;
  name: string;
  phone: string;
  workUnit: string;
  title: string;
  gridId: string;
  roles: RoleGrant[];
  roleLabels: string[];
  backupId: string | null;
  backupName: string | null;
  away: AwayPeriod | null;
  cardCode: string | null;
  /** A WeChat account is bound. */
  bound: boolean;
}

export interface AssignOverview {
  target: number;
  /** `away`: a 外出 period that has not ended (the page warns before assigning to them). */
  cadres: { id: string; name: string; count: number; status: 'over' | 'under' | 'ok'; away?: { from: string; to: string } }[];
  households: number;
  unservedCount: number;
  unserved: HouseholdView[];
}

export interface InviteView {
  code: string;
  personId: string;
  status: 'open' | 'used' | 'revoked' | 'expired';
  expiresAt: string;
  url: string;
  qrUrl: string;
}

export interface DepartmentView {
  id: string;
  name: string;
  kind: string;
  scopeNodeId: string;
  phone: string | null;
}

export interface WorkGroupView {
  id: string;
  name: string;
  communityId: string;
  leaderId: string;
  leaderName: string | null;
  deputyIds: string[];
  deputyNames: string[];
  memberIds: string[];
  areaNodeIds: string[];
}

export interface FileResult {
  url: string;
  fileID: string;
  name: string;
}

export type ImportResult =
  | { ok: true; created: number; updated: number; unchanged: number }
  | { ok: false; errors: { row: number; column: string; message: string }[]; total: number };

/** A long job moved to the background (the jobs function); poll admin.job with its id. */
export interface QueuedJob {
  queued: true;
  jobId: string;
  message: string;
}

export interface JobView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  message?: string;
  /** Running, but its run stopped (crash or timeout) and nobody has taken it over yet: 已中断. */
  interrupted?: boolean;
  /** When finished: what the action would have answered (files with a fresh download link). */
  result?: ImportResult | (FileResult & { count?: number });
}

/** A street's settings as the settings page shows them (dates as ISO strings). */
export interface SettingsView {
  streetId: string;
  streetName: string;
  settings: Omit<StreetSettings, 'updatedAt'> & { updatedAt: string | null };
  /** Send it back with settings.save; 0 = never saved (the defaults are shown). */
  version: number;
  /** Street admins of this street may save; community admins and grid leaders only read. */
  editable: boolean;
  updatedByName: string | null;
  /** Statutory holidays are bundled up to `publishedThrough`; `uncoveredYears` (this year and next, not yet published) need admin-entered days. */
  calendar: { publishedThrough: number; uncoveredYears: number[] };
  /** Departments in the street's scope (for category rules). */
  departments: { id: string; name: string; kind: string }[];
  /** Queues that can have a 第一经办人: the street, its communities and grids. */
  nodes: { id: string; name: string; level: 'street' | 'community' | 'grid'; parentId: string | null }[];
  /** Names of the people named as 第一经办人, by person id. */
  handlerNames: Record<string, string>;
  /** People with a role at the street itself: candidates for the street queue's 第一经办人. */
  streetStaff: { id: string; name: string; title: string; roleLabels: string[] }[];
}

type In<S extends v.GenericSchema> = v.InferInput<S>;

export interface AdminActions {
  'admin.scope': [Record<string, never>, { roots: NodeView[]; roles: Role[] }];
  'admin.org.children': [In<typeof A.OrgChildrenInput>, OrgChildren];
  'admin.org.save': [In<typeof A.OrgSaveInput>, NodeView];
  'admin.org.remove': [In<typeof A.OrgRemoveInput>, { removed: true }];
  'admin.household.save': [In<typeof A.HouseholdSaveInput>, HouseholdView];
  'admin.people.list': [In<typeof A.PeopleListInput>, { people: PersonView[]; hasMore: boolean }];
  'admin.people.save': [In<typeof A.PersonSaveInput>, PersonView];
  'admin.people.setBackup': [In<typeof A.SetBackupInput>, PersonView];
  'admin.people.setAway': [In<typeof A.SetAwayInput>, PersonView];
  'admin.assign.overview': [In<typeof A.AssignOverviewInput>, AssignOverview];
  'admin.assign.set': [In<typeof A.AssignSetInput>, { changed: number }];
  'admin.invite.create': [In<typeof A.InviteCreateInput>, InviteView];
  'admin.invite.revoke': [In<typeof A.InviteCodeInput>, InviteView];
  'admin.invite.list': [In<typeof A.InviteListInput>, { invites: InviteView[] }];
  'invite.accept': [In<typeof A.InviteCodeInput>, { personId: string; name: string; roles: Role[] }];
  'admin.card.reissue': [In<typeof A.CardReissueInput>, { cardCode: string; previous: string | null }];
  'admin.card.pdf': [In<typeof A.CardPdfInput>, (FileResult & { count: number }) | QueuedJob];
  'admin.departments.list': [In<typeof A.DepartmentsListInput>, { departments: DepartmentView[] }];
  'admin.departments.save': [In<typeof A.DepartmentSaveInput>, DepartmentView];
  'admin.workGroups.list': [In<typeof A.WorkGroupsListInput>, { groups: WorkGroupView[] }];
  'admin.workGroups.save': [In<typeof A.WorkGroupSaveInput>, WorkGroupView];
  'admin.import': [In<typeof A.ImportInput>, ImportResult | QueuedJob];
  'admin.export': [In<typeof A.ExportInput>, FileResult | QueuedJob];
  'admin.template': [In<typeof A.TemplateInput>, FileResult];
  'admin.job': [In<typeof A.JobInput>, JobView];
  'admin.job.resume': [In<typeof A.JobInput>, JobView];
  'settings.get': [In<typeof SettingsGetInput>, SettingsView];
  'settings.save': [In<typeof SettingsInput>, SettingsView];
}
