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
}

export type Role =
  | 'cadre' // 包保干部
  | 'gridLeader' // 网格长
  | 'gridWorker' // 网格员 (专职 / 兼职)
  | 'buildingLeader' // 楼长
  | 'unitLeader' // 单元长
  | 'communityAdmin' // 社区管理员
  | 'streetAdmin' // 街道管理员
  | 'departmentStaff'; // 职能部门人员

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

export type ItemState =
  | 'submitted' // 待受理
  | 'accepted' // 已受理
  | 'inProgress' // 办理中
  | 'resolved' // 已办结, awaiting rating
  | 'rectifying' // 整改中, reopened after an unsatisfied rating
  | 'closed' // 已完结
  | 'rejected'; // 已退回

/** Who holds an item: a person, or a community queue when nobody else can. */
export type Holder =
  | { kind: 'person'; personId: string; name: string; role: HolderRole }
  | { kind: 'queue'; nodeId: string; name: string };

export type HolderRole = 'cadre' | 'backup' | 'buildingLeader' | 'gridLeader';

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
}

export type ItemAction =
  | 'submit'
  | 'accept'
  | 'start'
  | 'resolve'
  | 'reject'
  | 'rate'
  | 'rectify'
  | 'escalate'
  | 'close';

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
  rejectReason?: string;
  timeline: TimelineEvent[];
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date;
}
