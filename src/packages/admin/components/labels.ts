import { chinaToday } from '../../../core/chinaTime';
// Labels and small pure helpers of the admin pages.
import type { GridType, OrgLevel, Role } from '../../../core/types';
import type { InviteView, AssignOverview } from '../../../core/api/adminContract';
import { ADMIN_ROLES, HOUSEHOLD_TAGS, IMPORT_KINDS } from '../../../core/adminSchemas';
import { CHILD_LEVEL, GRID_TYPE_LABEL, LEVEL_LABEL, ROLE_LABEL } from '../../../core/labels';

export { LEVEL_LABEL, GRID_TYPE_LABEL };
export type GridTypeValue = GridType;
export const GRID_TYPE_OPTIONS = (Object.keys(GRID_TYPE_LABEL) as GridTypeValue[]).map((v) => ({ value: v, label: GRID_TYPE_LABEL[v] }));

export type ChildLevel = 'community' | 'grid' | 'building' | 'unit';
export { CHILD_LEVEL };

export type AdminRole = (typeof ADMIN_ROLES)[number];
export const ROLE_OPTIONS = ADMIN_ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r as Role] ?? r }));
export const roleLabel = (r: string) => ROLE_LABEL[r as Role] ?? r;

export const WORKER_TYPE_LABEL = { fullTime: '专职', partTime: '兼职' } as const;
export const WORKER_TYPE_OPTIONS = [
  { value: 'fullTime' as const, label: '专职' },
  { value: 'partTime' as const, label: '兼职' },
];

export const TAG_OPTIONS = HOUSEHOLD_TAGS.map((t) => ({ value: t, label: t }));

export const INVITE_STATUS_LABEL: Record<InviteView['status'], string> = {
  open: '有效',
  used: '已使用',
  revoked: '已撤销',
  expired: '已过期',
};

export const ASSIGN_STATUS_LABEL: Record<AssignOverview['cadres'][number]['status'], string> = {
  over: '超出',
  under: '不足',
  ok: '正常',
};

export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_KIND_LABEL: Record<ImportKind, string> = {
  orgUnits: '组织架构',
  households: '住户',
  cadres: '干部',
  assignments: '包保关系',
  workGroups: '工作组',
};
export const IMPORT_KIND_OPTIONS = IMPORT_KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABEL[k] }));
export const FORMAT_OPTIONS = [
  { value: 'xlsx' as const, label: 'Excel（xlsx）' },
  { value: 'csv' as const, label: 'CSV' },
];

/** Today's date as YYYY-MM-DD in China time (UTC+8), whatever the device's zone. */
export const today = (): string => chinaToday();

/** Only the date part of an ISO date or timestamp. */
export const dateOnly = (s: string | null | undefined) => (s ? s.slice(0, 10) : '');

/** Away now or later (a finished period is no longer news). */
export function isAway(away: { from: string; to: string } | null | undefined): boolean {
  return !!away && dateOnly(away.to) >= today();
}

/** A URL an <Image> or download can use, whether the server gave a cloud fileID or an http path. */
export { photoUrl as fileUrl } from '../../../components/lib';

/**
 * A link a person can open. The server gives the page path (`/pages/invite/index?scene=…`); on H5 that
 * page lives behind the hash router of this site, inside WeChat the path itself is what a share opens.
 */
export function openableLink(url: string): string {
  if (process.env.TARO_ENV === 'h5' && url.startsWith('/') && typeof window !== 'undefined') return `${window.location.origin}/#${url}`;
  return url;
}
