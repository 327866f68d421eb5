// The 调度台's filters as the page keeps them, and the dispatch.board input they make.
import type { ActionInput } from '../../../core/api/contract';
import { CATEGORIES, CLASS_LABEL } from '../../../core/labels';
import { ITEM_CLASSES } from '../../../core/workflowSchemas';
import type { ItemClass } from '../../../core/types';

export type Level = 'grid' | 'community' | 'street' | 'department';
export type Group = 'open' | 'waiting' | 'closed';

export interface Filters {
  level: Level | 'all';
  group: Group | 'all';
  overdue: boolean;
  itemClass: ItemClass | 'all';
  category: string;
  gridId: string;
}

export const NO_FILTERS: Filters = { level: 'all', group: 'all', overdue: false, itemClass: 'all', category: 'all', gridId: '' };

export const LEVEL_OPTIONS: { value: Level | 'all'; label: string }[] = [
  { value: 'all', label: '全部层级' },
  { value: 'grid', label: '网格' },
  { value: 'community', label: '社区' },
  { value: 'street', label: '街道' },
  { value: 'department', label: '职能部门' },
];
export const GROUP_OPTIONS: { value: Group | 'all'; label: string }[] = [
  { value: 'all', label: '全部状态' },
  { value: 'open', label: '待办' },
  { value: 'waiting', label: '等待' },
  { value: 'closed', label: '已完成' },
];
export const CLASS_OPTIONS: { value: ItemClass | 'all'; label: string }[] = [
  { value: 'all', label: '全部分级' },
  ...ITEM_CLASSES.map((c) => ({ value: c, label: CLASS_LABEL[c] })),
];
export const CATEGORY_OPTIONS = [{ value: 'all', label: '全部分类' }, ...CATEGORIES.map((c) => ({ value: c as string, label: c as string }))];

export function boardInput(f: Filters, page: number): ActionInput<'dispatch.board'> {
  return {
    page,
    ...(f.level !== 'all' ? { level: f.level } : {}),
    ...(f.group !== 'all' ? { group: f.group } : {}),
    ...(f.overdue ? { overdue: true } : {}),
    ...(f.itemClass !== 'all' ? { itemClass: f.itemClass } : {}),
    ...(f.category !== 'all' ? { category: f.category as (typeof CATEGORIES)[number] } : {}),
    ...(f.gridId ? { gridId: f.gridId } : {}),
  };
}

/** How many filters differ from none. */
export const activeCount = (f: Filters): number =>
  [f.level !== 'all', f.group !== 'all', f.overdue, f.itemClass !== 'all', f.category !== 'all', !!f.gridId].filter(Boolean).length;
