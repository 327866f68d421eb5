import { KIND_LABEL } from '../labels';
import type { Item } from '../types';
import { fitThing } from './fieldRules';

/** A subscription-message template as configured in the Mini Program console. */
export interface MessageTemplate {
  /** The template id WeChat gave it (the placeholder until a deployment supplies the real one). */
  id: string;
  /** Stable name in code; the deployment reads the real id from WX_<placeholder>, e.g. WX_TPL_ITEM_ASSIGNED. */
  placeholder: string;
  title: string;
  keys: readonly string[];
  page: string;
}

/**
 * Real template ids are compiled in by the build (Taro defineConstants for the app, esbuild define
 * for the functions; scripts/deploy.mjs sets them from WX_TPL_*). Unset, the placeholders stay: the
 * emulator and the tests use them, and scripts/deploy.mjs refuses to deploy them.
 */
declare const GRIDLINK_TEMPLATE_IDS: Record<string, string> | undefined;
const injectedIds: Record<string, string> = typeof GRIDLINK_TEMPLATE_IDS === 'object' && GRIDLINK_TEMPLATE_IDS ? GRIDLINK_TEMPLATE_IDS : {};
const template = (t: Omit<MessageTemplate, 'id'>): MessageTemplate => ({ id: injectedIds[t.placeholder] || t.placeholder, ...t });

export const ITEM_ASSIGNED: MessageTemplate = template({
  placeholder: 'TPL_ITEM_ASSIGNED',
  title: '新事项待办提醒',
  keys: ['thing1', 'thing2', 'time3', 'phrase4'],
  page: 'packages/cadre/handle/index',
});

export const ITEM_UPDATED: MessageTemplate = template({
  placeholder: 'TPL_ITEM_UPDATED',
  title: '事项办理进度通知',
  keys: ['thing1', 'phrase2', 'thing3', 'time4'],
  page: 'pages/item/index',
});

export const TEMPLATES: readonly MessageTemplate[] = [ITEM_ASSIGNED, ITEM_UPDATED];

export function formatTime(d: Date): string {
  const cn = new Date(d.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${cn.getUTCFullYear()}年${p(cn.getUTCMonth() + 1)}月${p(cn.getUTCDate())}日 ${p(cn.getUTCHours())}:${p(cn.getUTCMinutes())}`;
}

export function assignedMessage(item: Pick<Item, '_id' | 'kind' | 'category' | 'description' | 'createdAt'>, phrase: string) {
  return {
    templateId: ITEM_ASSIGNED.id,
    page: `${ITEM_ASSIGNED.page}?id=${item._id}`,
    data: {
      thing1: { value: fitThing(`${KIND_LABEL[item.kind]}·${item.category}`) },
      thing2: { value: fitThing(item.description) },
      time3: { value: formatTime(item.createdAt) },
      phrase4: { value: phrase },
    },
  };
}

export function updatedMessage(item: Pick<Item, '_id' | 'kind' | 'category'>, phrase: string, note: string, at: Date) {
  return {
    templateId: ITEM_UPDATED.id,
    page: `${ITEM_UPDATED.page}?id=${item._id}`,
    data: {
      thing1: { value: fitThing(`${KIND_LABEL[item.kind]}·${item.category}`) },
      phrase2: { value: phrase },
      thing3: { value: fitThing(note) || '请查看详情' },
      time4: { value: formatTime(at) },
    },
  };
}
