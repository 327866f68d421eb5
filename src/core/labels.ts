import type { GridType, HolderRole, ItemClass, ItemKind, ItemLevel, ItemState, OrgLevel, Role } from './types';
import { STATES } from './workflow/table';

export const KIND_LABEL: Record<ItemKind, string> = {
  wish: '微心愿',
  complaint: '投诉',
  request: '诉求',
  suggestion: '建议',
  report: '随手拍',
};

/** Derived from the workflow table, the one place state labels are defined. */
export const STATE_LABEL = Object.fromEntries(
  (Object.keys(STATES) as ItemState[]).map((s) => [s, STATES[s].label]),
) as Record<ItemState, string>;

export const CLASS_LABEL: Record<ItemClass, string> = {
  simple: '简单',
  general: '一般',
  major: '较大',
  hard: '疑难',
  crossRegion: '跨区域',
};

/** 吹哨 types (街居吹哨、部门报到). */
export const WHISTLE_LABEL: Record<'quick' | 'emergency' | 'tough', string> = { quick: '快捷哨', emergency: '应急哨', tough: '攻坚哨' };

export const ROLE_LABEL: Record<Role, string> = {
  cadre: '包保干部',
  gridLeader: '网格长',
  gridWorker: '网格员',
  buildingLeader: '楼长',
  unitLeader: '单元长',
  communityAdmin: '社区管理员',
  streetAdmin: '街道管理员',
  departmentStaff: '部门人员',
  secretary: '书记',
};

export const HOLDER_ROLE_LABEL: Record<HolderRole, string> = {
  cadre: '包保干部',
  backup: 'B角干部',
  buildingLeader: '楼长',
  gridLeader: '网格长',
  gridWorker: '网格员',
  communityAdmin: '社区管理员',
  streetAdmin: '街道管理员',
};

/** Categories residents pick from (事项分类 by subject, not by class). */
export const CATEGORIES = [
  '环境卫生',
  '物业服务',
  '公共设施',
  '邻里纠纷',
  '治安消防',
  '帮扶救助',
  '政策咨询',
  '其他',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const LEVEL_LABEL: Record<OrgLevel, string> = {
  street: '街道',
  community: '社区',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
  household: '住户',
};

/** Where an item is held (its level on the ladder), as the timeline and the dispatch board name it. */
export const ITEM_LEVEL_LABEL: Record<ItemLevel, string> = { grid: '网格', community: '社区', street: '街道', department: '职能部门' };

export const GRID_TYPE_LABEL: Record<GridType, string> = { urban: '城市', rural: '农村', special: '专属' };

/** The level directly below each org level (a unit holds households, not nodes). */
export const CHILD_LEVEL: Partial<Record<OrgLevel, 'community' | 'grid' | 'building' | 'unit'>> = {
  street: 'community',
  community: 'grid',
  grid: 'building',
  building: 'unit',
};
