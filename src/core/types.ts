// Domain vocabulary (DESIGN.md §3). Pure types: no Taro, no wx-server-sdk.

/** Org tree levels: 街道 → 社区/村 → 网格 → 楼栋 → 单元 → 住户 */
export type OrgLevel = 'street' | 'community' | 'grid' | 'building' | 'unit' | 'household';
export type GridType = 'urban' | 'rural' | 'special';

export interface OrgNode {
  /** Unified hierarchical code (统一编号), stable across renames, e.g. "JH01-02-03". */
  _id: string;
  level: OrgLevel;
  name: string;
  parentId: string | null;
  /** Ancestor ids from the root down, excluding self. */
  path: string[];
  gridType?: GridType;
  /** gridLeader (网格长) of a grid, buildingLeader (楼长) of a building, unitLeader (单元长) of a unit. */
  leaderId?: string;
  /** Renamed, but its households' labels are not all updated yet (admin/relabel.ts). */
  relabelPending?: boolean;
}

/** 住户: one household file (一户一档). */
export interface Household {
  _id: string;
  streetId: string;
  communityId: string;
  gridId: string;
  buildingId: string;
  unitId: string;
  room: string;
  /** The cadre (包保干部) who serves this household. */
  cadreId?: string;
  /** "3栋2单元301", denormalised so lists need no joins. */
  label: string;
  members?: number;
  tags?: string[];
  /** Consent to the sensitive tags (低保, 残疾 …): who, when, what for, and who recorded it (PIPL Art. 29). */
  tagConsent?: TagConsent;
}

export interface TagConsent {
  by: string;
  /** 'YYYY-MM-DD' */
  at: string;
  purpose: string;
  recordedBy: string | null;
  recordedAt: Date;
}

export type Role =
  | 'cadre' // 包保干部
  | 'gridLeader' // 网格长
  | 'gridWorker' // 网格员 (专职 / 兼职)
  | 'buildingLeader' // 楼长
  | 'unitLeader' // 单元长
  | 'communityAdmin' // 社区管理员
  | 'streetAdmin' // 街道管理员
  | 'departmentStaff' // 职能部门人员
  | 'secretary'; // 社区/街道书记: marks items as 书记领办 (scoped to a community or street)

export interface RoleGrant {
  role: Role;
  /** Org node the role is scoped to (for departmentStaff: the department's scope node). */
  nodeId: string;
  /** gridWorker only: 专职 or 兼职. */
  workerType?: 'fullTime' | 'partTime';
  /** departmentStaff only. */
  departmentId?: string;
}

/** 职能部门 (城管, 市场监管, 物业公司 …): receives dispatched items. */
export interface Department {
  _id: string; // code
  name: string;
  kind: string; // 城管 / 市场监管 / 公安 / 住建 / 民政 / 应急 / 消防 / 物业 / 其他
  /** The street or community whose admins manage it. */
  scopeNodeId: string;
  phone?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** 工作组: a leader, two deputies and about 40 cadres covering an area (片区). */
export interface WorkGroup {
  _id: string; // code
  name: string;
  communityId: string;
  leaderId: string;
  deputyIds: string[];
  memberIds: string[];
  /** Grids or buildings the group covers. */
  areaNodeIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A one-time invite that binds a WeChat account to a person record. */
export interface InviteDoc {
  _id: string; // the invite code
  personId: string;
  issuedBy: string; // person id of the admin
  scopeNodeId: string;
  status: 'open' | 'used' | 'revoked';
  /** The invite's Mini Program code (QR) in storage. */
  qrFileID?: string;
  expiresAt: Date;
  usedBy?: string; // OPENID
  usedAt?: Date;
  createdAt: Date;
}

/** Progress of a long import or export, polled by the admin page. */
export interface JobDoc {
  _id: string;
  kind: string;
  ownerOpenid: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  message?: string;
  result?: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export interface AwayPeriod {
  from: string; // ISO date
  to: string;
}

/** A person who can hold items: cadre, grid leader, building leader, admin. */
export interface Person {
  _id: string;
  name: string;
  phone: string;
  /** 工作单位 */
  workUnit: string;
  /** 职务 */
  title: string;
  roles: RoleGrant[];
  /** The grid the person mainly works in (cadres). */
  gridId?: string;
  communityId?: string;
  /** AB岗: who takes over while this person is away. */
  backupId?: string;
  away?: AwayPeriod | null;
  /** Contact-card code (干部联系卡), used as the QR `scene`. */
  cardCode?: string;
  workGroupId?: string;
  openid?: string;
}

/** users/{OPENID}: what an account is, denormalised so each action costs one read for identity. */
export interface UserDoc {
  _id: string; // OPENID
  roles: RoleGrant[];
  person?: { id: string; name: string; title: string; workUnit: string };
  householdId?: string;
  /** Denormalised household location so submit needs no extra read. */
  household?: Pick<Household, 'streetId' | 'communityId' | 'gridId' | 'buildingId' | 'unitId' | 'cadreId' | 'label'>;
  createdAt: Date;
  updatedAt: Date;
  /** 个人信息删除 in progress (app/erase.ts): the token that replaces the OPENID on the caller's items. */
  erasure?: { token: string; startedAt: Date };
  /** 防刷: items created on China day `day` (app/limits.ts), counted in the transaction that stores each. */
  daily?: { day: string; submit?: number; onBehalf?: number };
}

/** cards/{code}: a printed contact card. Revoked cards point to their replacement. */
export interface CardDoc {
  _id: string; // card code = QR scene
  personId: string;
  status: 'active' | 'revoked';
  replacedBy?: string;
  issuedAt: Date;
}

export type ItemKind = 'wish' | 'complaint' | 'request' | 'suggestion' | 'report';
export type ItemClass = 'simple' | 'general' | 'major' | 'hard' | 'crossRegion';

/** Item states; their group, clock and commands live in core/workflow/table.ts. */
export type ItemState =
  | 'submitted' // 待核单: waiting for the holder at its level to verify (核单)
  | 'whistled' // 待报到: a department was whistled and must report (报到) in time
  | 'accepted' // 已受理
  | 'inProgress' // 办理中
  | 'pausePending' // 挂起待批: the holder asked to pause; the level above decides
  | 'paused' // 已挂起: the clock is stopped
  | 'resolved' // 已办结, awaiting rating
  | 'rectifying' // 整改中, reopened after an unsatisfied rating
  | 'appealing' // 申诉中: the resident appealed a rejection; the grid leader reviews
  | 'closed' // 已完结
  | 'rejected' // 已退回
  | 'withdrawn'; // 已撤回

/** The level an item is handled at (分级: 小事不出村、大事不出乡). */
export type ItemLevel = 'grid' | 'community' | 'street' | 'department';

/** Who holds an item: a person, a queue at an org node (grid, community or street), or a department. */
export type Holder =
  // openid: the holder's bound WeChat account, kept so a notice to them needs no read of their
  // person record (issue 7: ≤ 3 reads); refreshed on open items when the person binds again.
  | { kind: 'person'; personId: string; name: string; role: HolderRole; openid?: string }
  | { kind: 'queue'; nodeId: string; name: string; level?: Exclude<ItemLevel, 'department'> }
  | { kind: 'department'; departmentId: string; name: string };

export type WhistleKind = 'quick' | 'emergency' | 'tough'; // 快捷哨 / 应急哨 / 攻坚哨

/** A whistle (吹哨) to one or more departments, each of which must report (报到) in time. */
export interface Whistle {
  kind: WhistleKind;
  by: string;
  at: Date;
  reportDueAt: Date;
  departments: { id: string; name: string; reportedAt?: Date; reportedBy?: string }[];
  /** Set by the sweep when a department did not report in time. */
  flaggedAt?: Date;
  /** 会商 of a 攻坚哨: who attended and the agreed plan. */
  meeting?: { at: Date; attendees: string[]; plan: string; by: string };
}

export type RejectReasonCode = 'duplicate' | 'outOfArea' | 'incomplete' | 'invalid'; // 重复 / 不属于本辖区 / 信息不全 / 无效诉求

export type HolderRole = 'cadre' | 'backup' | 'buildingLeader' | 'gridLeader' | 'gridWorker' | 'communityAdmin' | 'streetAdmin';

export interface Rating {
  stars: number; // 1..5
  solved: boolean;
  comment?: string;
  at: Date;
  satisfied: boolean;
}

export interface TimelineEvent {
  at: Date;
  actor: string; // display name or role label, never an OPENID
  actorRole: 'resident' | Role | 'system';
  action: ItemAction;
  from: ItemState | null;
  to: ItemState;
  note?: string;
  photos?: string[];
  holder?: string;
  /** Who acted: a person id, "submitter" or "system" (never an OPENID). */
  by?: string;
  /** Fingerprint of the command, so a retried call is recognised as already applied. */
  cmd?: string;
  /** What this transition added to the statistics counters (core/stats/tally.ts); never shown. */
  tallies?: import('./stats/tally').Tally[];
}

export type ItemAction =
  | 'submit'
  | 'onBehalf'
  | 'verify'
  | 'accept'
  | 'start'
  | 'resolve'
  | 'reject'
  | 'rate'
  | 'rectify'
  | 'escalate'
  | 'transfer'
  | 'sendUp'
  | 'whistle'
  | 'report'
  | 'meet'
  | 'return'
  | 'pause'
  | 'pauseApprove'
  | 'pauseDeny'
  | 'resume'
  | 'withdraw'
  | 'appeal'
  | 'appealUphold'
  | 'appealReopen'
  | 'remind'
  | 'overdue'
  | 'whistleOverdue'
  | 'close'
  | 'lead'; // 书记领办: a secretary took the item on (no state change)

export interface Item {
  _id: string;
  kind: ItemKind;
  category: string;
  itemClass: ItemClass;
  description: string;
  photos: string[];
  anonymous: boolean;
  submitterOpenid: string;
  clientRequestId: string;
  householdId: string;
  /** Room label shown to the holder only when not anonymous. */
  householdLabel: string;
  streetId: string;
  communityId: string;
  gridId: string;
  buildingId: string;
  holder: Holder;
  /** Flat key for indexing the holder: personId or "queue:<nodeId>". */
  holderKey: string;
  /** Everyone who ever held the item; they keep read access. */
  handlerIds: string[];
  state: ItemState;
  version: number;
  rectifyCount: number;
  ratings: Rating[];
  resolution?: { note: string; photos: string[]; at: Date };
  /** Photos content security judged risky: shown only to their uploader and admins. */
  hiddenPhotos?: { fileID: string; uploader: string; at: Date }[];
  rejectReason?: string;
  rejectCode?: RejectReasonCode;
  rejectedAt?: Date;
  timeline: TimelineEvent[];
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date;
  /** Where the item is handled now; absent on items made before levels existed (= grid). */
  level?: ItemLevel;
  /** 核单 must happen by this time (response limit). */
  responseDueAt?: Date;
  respondedAt?: Date;
  /** Set once when a deadline passes (the sweep); cleared when a new deadline is set. */
  overdueAt?: Date;
  /** The sweep reminded the holder of this deadline (its ISO time), so it reminds once. */
  remindedFor?: string;
  whistle?: Whistle;
  /** Pause: the state to return to, why, and how much clock was left when it stopped. */
  pause?: { fromState: ItemState; reason: string; requestedAt: Date; requestedBy: string; pausedAt?: Date; approvedBy?: string };
  appeal?: { at: Date; reason: string; outcome?: 'upheld' | 'reopened'; decidedAt?: Date };
  /** Recorded by staff for a household after a visit or call (代居民登记). */
  onBehalf?: { personId: string; name: string; channel: 'visit' | 'phone' };
  /** Next time the timer's sweep must look at this item (core/workflow/sweep.ts); absent: never. */
  watchAt?: Date;
  /** The holder before an escalation or whistle: a returned item goes back there. */
  previousHolders?: Holder[];
  /** 回音壁: the resident agreed at submit that the item, redacted, may appear there once closed. */
  echoWall?: boolean;
  /** 书记领办: the secretary who took the item on, and the month it counts in (China time). */
  lead?: ItemLead;
  /** Closed with photos: when (app/retention.ts deletes them after the street's period; index). */
  photosClosedAt?: Date;
  /** The photos were deleted (retention, or the submitter erased their data): why and when. */
  photosRemoved?: { at: Date; note: string };
  /** The submitter erased their personal data (个人信息删除): kept for statistics only. */
  erased?: boolean;
}

/** 书记领办 (core/engage): who led, from which post, when. */
export interface ItemLead {
  personId: string;
  name: string;
  /** The secretary's post: a community or street node. */
  nodeId: string;
  at: Date;
  /** 'YYYY-MM' (China time): the monthly list it appears in. */
  month: string;
  note?: string;
}
