// Wire types of the privacy actions: the audit log page and a resident's 我的个人信息.
import type * as v from 'valibot';
import type { AuditActionName } from './schemas';
import type * as S from './schemas';

type In<T extends v.GenericSchema> = v.InferInput<T>;

export interface AuditEntryView {
  id: string;
  at: string;
  action: AuditActionName;
  actionLabel: string;
  actorName: string;
  target: string;
  reason: string;
  detail: string;
}

/** What GridLink holds about the caller (a resident): shown on 我的个人信息. */
export interface MyData {
  openid: string;
  createdAt: string | null;
  /** The household the account is bound to (label only: tags are never shown here). */
  household: { id: string; label: string } | null;
  items: { id: string; kind: string; category: string; description: string; state: string; photos: number; createdAt: string }[];
  /** More items than listed (the list shows the 50 newest). */
  moreItems: boolean;
  subscriptions: { templateId: string; grants: number }[];
  messages: number;
  /** Staff accounts are unbound by their admin, not here. */
  isStaff: boolean;
  /** An erasure was started and not finished (a crash, a closed page): deleting again finishes it. */
  erasing: boolean;
}

export interface EraseResult {
  /** Everything is erased: the account binding is gone. False: call again to continue. */
  done: boolean;
  items: number;
  messages: number;
  subscriptions: number;
}

/** One household on the cadre's 包保住户 page. */
export interface CadreHouseholdView {
  id: string;
  label: string;
  room: string;
  members: number;
  cadreName: string | null;
  /** The household's tags; null unless the caller gave a purpose (then the view is audited). */
  tags: string[] | null;
}

export interface CadreHouseholdsResult {
  scope: { kind: 'mine' | 'grid'; gridId: string; gridName: string };
  /** The grids the caller leads (网格长), for the 全网格 choice; empty for a cadre only. */
  grids: { id: string; name: string }[];
  /** The caller serves households as 包保干部 (the 我包保的 choice). */
  isCadre: boolean;
  households: CadreHouseholdView[];
  /** Households of this page that hold sensitive tags (a count only, until a purpose is given). */
  taggedCount: number;
  tagsShown: boolean;
  page: number;
  hasMore: boolean;
}

export interface PrivacyActions {
  'privacy.mine': [In<typeof S.PrivacyMineInput>, MyData];
  'privacy.erase': [In<typeof S.PrivacyEraseInput>, EraseResult];
  'audit.list': [In<typeof S.AuditListInput>, { entries: AuditEntryView[]; hasMore: boolean }];
}
