// When the app asks for subscriptions (always from a tap), and for which templates. WeChat shows at
// most 3 templates in one dialog; the app asks only for those the user has no message left of.
import type { SubscriptionStatus } from '../api/notifyContract';
import { ITEM_ASSIGNED, ITEM_UPDATED } from './templates';

export type Moment =
  /** Resident: posting an item (受理, 退回, 办结 come as 办理进度). */
  | 'submit'
  /** Resident: the item page's 订阅办理进展 button. */
  | 'follow'
  /** Resident: after an unsatisfied rating (the 整改 result comes later). */
  | 'rateUnsatisfied'
  /** Staff: opening the inbox. */
  | 'inbox'
  /** Staff: after a handling action (the next item comes later). */
  | 'handled';

export const MOMENT_TEMPLATES: Record<Moment, string[]> = {
  submit: [ITEM_UPDATED.id],
  follow: [ITEM_UPDATED.id],
  rateUnsatisfied: [ITEM_UPDATED.id],
  inbox: [ITEM_ASSIGNED.id],
  handled: [ITEM_ASSIGNED.id],
};

/** Who receives each template. */
export const TEMPLATE_AUDIENCE: Record<string, 'staff' | 'resident'> = {
  [ITEM_ASSIGNED.id]: 'staff',
  [ITEM_UPDATED.id]: 'resident',
};

/** The templates of a moment worth asking for: none left, not banned; at most 3. */
export function templatesToAsk(status: SubscriptionStatus | null, moment: Moment): string[] {
  return MOMENT_TEMPLATES[moment]
    .filter((id) => {
      const t = status?.templates.find((x) => x.id === id);
      return !t || (!t.banned && t.remaining <= 0);
    })
    .slice(0, 3);
}

/** 还可接收 3 条 / 长期接收 / 未订阅, for one template. */
export function remainingLabel(t: SubscriptionStatus['templates'][number]): string {
  if (t.banned) return '已被微信限制';
  if (t.longTerm) return t.remaining > 0 ? '长期接收' : '未开启';
  return t.remaining > 0 ? `还可接收 ${t.remaining} 条` : '未订阅';
}
