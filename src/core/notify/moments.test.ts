import { describe, expect, it } from 'vitest';
import type { SubscriptionTemplateView } from '../api/notifyContract';
import { parse } from '../schemas';
import { remainingLabel, TEMPLATE_AUDIENCE, templatesToAsk } from './moments';
import { MessageReadInput, SubscriptionReportInput } from './schemas';
import { ITEM_ASSIGNED, ITEM_UPDATED } from './templates';

const view = (id: string, over: Partial<SubscriptionTemplateView> = {}): SubscriptionTemplateView => ({
  id, title: '', audience: 'resident', longTerm: false, remaining: 0, lastResult: null, banned: false, ...over,
});

describe('when the app asks for subscriptions', () => {
  it('residents are asked for progress notices, staff for new items', () => {
    for (const m of ['submit', 'follow', 'rateUnsatisfied'] as const) expect(templatesToAsk(null, m)).toEqual([ITEM_UPDATED.id]);
    for (const m of ['inbox', 'handled'] as const) expect(templatesToAsk(null, m)).toEqual([ITEM_ASSIGNED.id]);
    expect(TEMPLATE_AUDIENCE[ITEM_ASSIGNED.id]).toBe('staff');
    expect(TEMPLATE_AUDIENCE[ITEM_UPDATED.id]).toBe('resident');
  });

  it('only for a template with no message left that WeChat has not banned', () => {
    const ask = (t: SubscriptionTemplateView) => templatesToAsk({ templates: [view(ITEM_ASSIGNED.id, { remaining: 9 }), t] }, 'submit');
    expect(ask(view(ITEM_UPDATED.id))).toEqual([ITEM_UPDATED.id]);
    expect(ask(view(ITEM_UPDATED.id, { remaining: 1 }))).toEqual([]);
    expect(ask(view(ITEM_UPDATED.id, { banned: true }))).toEqual([]);
    expect(templatesToAsk({ templates: [] }, 'inbox')).toEqual([ITEM_ASSIGNED.id]);
  });

  it('labels what a template will still bring', () => {
    expect(remainingLabel(view('t', { remaining: 3 }))).toBe('还可接收 3 条');
    expect(remainingLabel(view('t'))).toBe('未订阅');
    expect(remainingLabel(view('t', { longTerm: true, remaining: 1 }))).toBe('长期接收');
    expect(remainingLabel(view('t', { longTerm: true }))).toBe('未开启');
    expect(remainingLabel(view('t', { banned: true, remaining: 3, longTerm: true }))).toBe('已被微信限制');
  });
});

describe('notification inputs', () => {
  it('a subscription report names 1 to 3 known templates', () => {
    expect(parse(SubscriptionReportInput, { results: { [ITEM_UPDATED.id]: 'accept' } }).ok).toBe(true);
    expect(parse(SubscriptionReportInput, { results: {} })).toMatchObject({ ok: false, message: '每次最多报告 3 个模板的订阅结果' });
    expect(parse(SubscriptionReportInput, { results: { TPL_UNKNOWN: 'accept' } }).ok).toBe(false);
  });

  it('marking read takes some ids or all, not both and not neither', () => {
    expect(parse(MessageReadInput, { ids: ['m1'] })).toEqual({ ok: true, value: { ids: ['m1'], all: false } });
    expect(parse(MessageReadInput, { all: true }).ok).toBe(true);
    for (const x of [{}, { ids: ['m1'], all: true }]) expect(parse(MessageReadInput, x)).toMatchObject({ ok: false, message: '请选择要标记已读的消息，或选择全部已读' });
  });
});
