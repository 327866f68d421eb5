// The wire contract between the app and the `api` cloud function. Dates travel as ISO strings.
import type { ActionResult } from '../errors';
import type { ItemClass, ItemKind, ItemState, RoleGrant } from '../types';
import type * as S from '../schemas';
import type * as W from '../workflowSchemas';
import type * as v from 'valibot';
import type { AdminActions } from './adminContract';
import type { NotifyActions } from './notifyContract';
import type { StatsActions } from '../stats/contract';
import type { EngageActions } from '../engage/contract';
import type { CadreHouseholdsResult, PrivacyActions } from '../personal/contract';
import type { CadreHouseholdsInput } from '../personal/schemas';

export interface WhoAmI {
  openid: string;
  roles: RoleGrant[];
  person?: { id: string; name: string; title: string; workUnit: string };
  /** Holds communityAdmin or streetAdmin somewhere: may open the admin pages. */
  isAdmin: boolean;
  household?: { id: string; label: string; gridId: string };
  /** Can open the cadre inbox (holds items as cadre, backup, leader or admin). */
  canHandle: boolean;
  /** Staff with a 干部联系卡: only they get the 我的联系卡 link (issue 10, item 21). */
  hasCard?: boolean;
}

export interface CardView {
  cardCode: string;
  personId: string;
  name: string;
  workUnit: string;
  title: string;
  phone: string;
  gridId: string;
  gridName: string;
  communityName: string;
}

export type CardResult =
  | { status: 'active'; card: CardView }
  | { status: 'replaced'; current: CardView | null; message: string };

export interface QrResult {
  fileID: string;
  url: string;
  scene: string;
  page: string;
}

export interface OrgChoice {
  id: string;
  name: string;
  level: 'building' | 'unit' | 'household';
}

export interface BrowseResult {
  grid: { id: string; name: string };
  parent: { id: string; name: string; level: string } | null;
  children: OrgChoice[];
}

export interface ConfirmResult {
  householdId: string;
  label: string;
}

/** Commands as the workflow table names them; the item page shows one button per allowed one. */
export type { CommandName } from '../workflow/table';
import type { CommandName } from '../workflow/table';
import type { StateGroup } from '../workflow/table';

export interface ItemSummary {
  id: string;
  kind: ItemKind;
  kindLabel: string;
  category: string;
  description: string;
  state: ItemState;
  stateLabel: string;
  holderName: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  overdue: boolean;
  rectifyCount: number;
  level: 'grid' | 'community' | 'street' | 'department';
  levelLabel: string;
  group: StateGroup;
  /** The version a command on this row must name (bulk actions act on what the admin saw). */
  version: number;
}

export interface TimelineView {
  at: string;
  actor: string;
  actorRoleLabel: string;
  actionLabel: string;
  toLabel: string;
  note?: string;
  photos: string[];
}

export interface RatingView {
  stars: number;
  solved: boolean;
  comment?: string;
  at: string;
  satisfied: boolean;
}

export interface ItemView extends ItemSummary {
  itemClass: ItemClass;
  classLabel: string;
  anonymous: boolean;
  /** Household label; shown only to the submitter and, when not anonymous, the holder. */
  householdLabel: string | null;
  photos: string[];
  timeline: TimelineView[];
  ratings: RatingView[];
  resolution: { note: string; photos: string[]; at: string } | null;
  rejectReason: string | null;
  /** A rejected item may be appealed until then (ISO), else null. */
  appealUntil: string | null;
  /** The current holder's role, e.g. 包保干部, 职能部门; empty for a queue, whose name says what it is (河南街道待办). */
  holderRoleLabel: string;
  responseDueAt: string;
  pause: { reason: string; approved: boolean; at: string } | null;
  whistle: {
    kindLabel: string;
    reportDueAt: string;
    flagged: boolean;
    departments: { id: string; name: string; reportedAt: string }[];
    meeting: { attendees: string[]; plan: string; at: string } | null;
  } | null;
  onBehalf: { name: string; channel: 'visit' | 'phone' } | null;
  /** What the caller may do now. */
  actions: CommandName[];
  isMine: boolean;
  isHolder: boolean;
}

export interface SubmitResult {
  item: ItemView;
  /** True when this request id was seen before and the first item is returned. */
  duplicate: boolean;
}

export interface ListResult {
  items: ItemSummary[];
  hasMore: boolean;
}

/** Every action: its input (the valibot schema's input type) and its output. */
export interface Actions {
  'auth.whoami': [Record<string, never>, WhoAmI];
  'card.resolve': [v.InferInput<typeof S.CardInput>, CardResult];
  'card.qrcode': [v.InferInput<typeof S.CardQrInput>, QrResult];
  'card.mine': [Record<string, never>, { card: CardView; qr: QrResult }];
  'household.browse': [v.InferInput<typeof S.BrowseInput>, BrowseResult];
  'household.confirm': [v.InferInput<typeof S.ConfirmHouseholdInput>, ConfirmResult];
  'item.submit': [v.InferInput<typeof S.SubmitInput>, SubmitResult];
  'item.mine': [v.InferInput<typeof S.MineInput>, ListResult];
  'item.detail': [v.InferInput<typeof S.ItemRef>, ItemView];
  'cadre.inbox': [v.InferInput<typeof S.InboxInput>, ListResult];
  'item.accept': [v.InferInput<typeof S.AcceptInput>, ItemView];
  'item.start': [v.InferInput<typeof S.StartInput>, ItemView];
  'item.resolve': [v.InferInput<typeof S.ResolveInput>, ItemView];
  'item.reject': [v.InferInput<typeof S.RejectInput>, ItemView];
  'item.rate': [v.InferInput<typeof S.RateInput>, ItemView];
  'item.verify': [v.InferInput<typeof W.VerifyInput>, ItemView];
  'item.transfer': [v.InferInput<typeof W.TransferInput>, ItemView];
  'item.escalate': [v.InferInput<typeof W.EscalateInput>, ItemView];
  'item.whistle': [v.InferInput<typeof W.WhistleInput>, ItemView];
  'item.report': [v.InferInput<typeof W.ReportInput>, ItemView];
  'item.meet': [v.InferInput<typeof W.MeetInput>, ItemView];
  'item.return': [v.InferInput<typeof W.ReturnInput>, ItemView];
  'item.pause': [v.InferInput<typeof W.PauseInput>, ItemView];
  'item.pauseReview': [v.InferInput<typeof W.PauseReviewInput>, ItemView];
  'item.resume': [v.InferInput<typeof W.ResumeInput>, ItemView];
  'item.withdraw': [v.InferInput<typeof W.WithdrawInput>, ItemView];
  'item.appeal': [v.InferInput<typeof W.AppealInput>, ItemView];
  'item.appealReview': [v.InferInput<typeof W.AppealReviewInput>, ItemView];
  'item.onBehalf': [v.InferInput<typeof W.OnBehalfInput>, SubmitResult];
  /** Where the caller may send this item: people and grids (转办), departments (吹哨). */
  'item.targets': [v.InferInput<typeof S.ItemRef>, TargetsResult];
  'dispatch.board': [v.InferInput<typeof W.BoardInput>, BoardResult];
  /** 包保住户: a cadre's own households or a grid leader's grid; tags only with a purpose (audited). */
  'cadre.households': [v.InferInput<typeof CadreHouseholdsInput>, CadreHouseholdsResult];
}

export interface TargetsResult {
  people: { id: string; name: string; roleLabel: string; gridName: string }[];
  grids: { id: string; name: string }[];
  departments: { id: string; name: string; kind: string }[];
}

/** 调度台: a page of items in the caller's subtree, with counts on top. */
export interface BoardResult {
  items: (ItemSummary & { gridId: string; itemClass: ItemClass; classLabel: string; holderRoleLabel: string; hops: number })[];
  hasMore: boolean;
  counts: { open: number; waiting: number; closed: number; overdue: number };
  scope: { nodeId: string; name: string; level: 'street' | 'community' | 'grid' };
}

export type AllActions = Actions & AdminActions & StatsActions & NotifyActions & EngageActions & PrivacyActions; // EngageActions: 回音壁, 书记领办, 五考
export type ActionName = keyof AllActions;
export type ActionInput<A extends ActionName> = AllActions[A][0];
export type ActionOutput<A extends ActionName> = AllActions[A][1];

/** The event a caller sends to the `api` function. */
export interface ApiEvent<A extends ActionName = ActionName> {
  action: A;
  data: ActionInput<A>;
}
export type ApiResponse<A extends ActionName> = ActionResult<ActionOutput<A>>;
