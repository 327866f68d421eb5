// WeChat's side of subscription messages: what each user allowed. A one-time subscription (一次性订阅)
// allows one message per 允许; a long-term one (长期订阅, only for some categories such as 政务民生)
// stays on until the user turns it off. subscribeMessage.send spends from here and answers 43101
// when nothing is left, as WeChat does.
import type { EmulatedDatabase } from '../db';

export const SUBSCRIPTIONS = '_emu_subscriptions';
export const TEMPLATE_TYPES = '_emu_template_types';

export type DialogAnswer = 'accept' | 'reject';
export type SubscribeAnswer = DialogAnswer | 'ban' | 'filter';

export interface SubscriptionEntry {
  _id: string;
  openid: string;
  templateId: string;
  /** One-time messages the user still allows. */
  count: number;
  /** Long-term template: the user keeps it on. */
  on: boolean;
  updatedAt: Date;
}

/** WeChat-shaped failure of requestSubscribeMessage (errCode as the client API gives it). */
export class SubscribeError extends Error {
  constructor(
    public errCode: number,
    public errMsg: string,
  ) {
    super(`${errCode} ${errMsg}`);
  }
}

export function createSubscriptions(db: EmulatedDatabase, templates: readonly { id: string }[]) {
  const col = () => db.collection(SUBSCRIPTIONS);
  const _ = db.command;
  const key = (openid: string, templateId: string) => `${openid}|${templateId}`;

  async function ensure(openid: string, templateId: string) {
    try {
      await col().add({ data: { _id: key(openid, templateId), openid, templateId, count: 0, on: false, updatedAt: new Date() } });
    } catch (err) {
      if (!/duplicate key/i.test(String((err as Error).message))) throw err;
    }
  }

  const api = {
    /** Whether the account registered this template as a long-term one. */
    async isLongTerm(templateId: string): Promise<boolean> {
      return (await db.collection(TEMPLATE_TYPES).where({ _id: templateId, longTerm: true }).count()).total > 0;
    },
    /** The console's template type (admin path and tests). */
    async setLongTerm(templateId: string, longTerm: boolean): Promise<void> {
      await db.collection(TEMPLATE_TYPES).doc(templateId).set({ data: { longTerm } });
    },
    /** Adds `n` one-time grants (or turns a long-term template on), as `n` taps on 允许 would. */
    async grant(openid: string, templateId: string, n = 1): Promise<void> {
      await ensure(openid, templateId);
      const data = (await api.isLongTerm(templateId)) ? { on: true } : { count: _.inc(n) };
      await col().doc(key(openid, templateId)).update({ data: { ...data, updatedAt: new Date() } });
    },
    /**
     * wx.requestSubscribeMessage: the user's answer per template id (at most 3). Answers what the
     * client API answers: `{ errMsg, [templateId]: 'accept' | 'reject' | 'ban' }`.
     */
    async request(openid: string, answers: Record<string, DialogAnswer>): Promise<Record<string, string>> {
      const ids = Object.keys(answers);
      if (!ids.length) throw new SubscribeError(10001, 'TmplIds can\'t be empty');
      if (ids.length > 3) throw new SubscribeError(20003, 'Templates count out of max bounds');
      if (ids.some((id) => !templates.some((t) => t.id === id))) throw new SubscribeError(20001, 'No template data return, verify the template id exist');
      const out: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
      for (const id of ids) {
        const answer = answers[id] === 'accept' ? 'accept' : 'reject';
        if (answer === 'accept') await api.grant(openid, id);
        else if (await api.isLongTerm(id)) {
          await ensure(openid, id);
          await col().doc(key(openid, id)).update({ data: { on: false, updatedAt: new Date() } });
        }
        out[id] = answer;
      }
      return out;
    },
    /** Takes what one message needs; false when the user allows nothing more (→ 43101). */
    async spend(openid: string, templateId: string): Promise<boolean> {
      const _id = key(openid, templateId);
      if (await api.isLongTerm(templateId)) return (await col().where({ _id, on: true }).count()).total > 0;
      const r = await col().where({ _id, count: _.gt(0) }).update({ data: { count: _.inc(-1), updatedAt: new Date() } });
      return r.stats.updated === 1;
    },
    /** A user's entries (admin path, tests). */
    async of(openid: string): Promise<SubscriptionEntry[]> {
      const { data } = await col().where({ openid }).limit(100).get();
      return data as SubscriptionEntry[];
    },
  };
  return api;
}

export type EmulatedSubscriptions = ReturnType<typeof createSubscriptions>;
