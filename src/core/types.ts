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

export type Role = 'cadre' | 'gridLeader' | 'buildingLeader' | 'communityAdmin' | 'streetAdmin';

export interface RoleGrant {
  role: Role;
  /** Org node the role is scoped to. */
  nodeId: string;
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
