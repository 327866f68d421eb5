import { makeAutoObservable, runInAction } from 'mobx';
import type { SubscriptionStatus } from '../core/api/notifyContract';
import { templatesToAsk, type Moment } from '../core/notify/moments';
import { call } from '../services/api';
import { platform } from '../services/platform';

/** The caller's subscription ledger and 消息中心 unread count; pages read it, taps ask through it. */
class NoticesStore {
  status: SubscriptionStatus | null = null;
  unread = 0;

  constructor() {
    makeAutoObservable(this);
  }

  /** The ledger (how many WeChat notices each template will still bring). */
  async load(): Promise<void> {
    try {
      const s = await call('subscription.status', {});
      runInAction(() => (this.status = s));
    } catch {
      // the page still works; the next tap asks for every template of its moment
    }
  }

  async refreshUnread(): Promise<void> {
    try {
      const r = await call('message.list', { countOnly: true });
      runInAction(() => (this.unread = r.unread));
    } catch {
      // keep the last count
    }
  }

  setUnread(n: number) {
    this.unread = n;
  }

  /**
   * Call first thing inside a tap (WeChat shows the dialog only there): asks for the moment's
   * templates that have nothing left, then reports the answers to the ledger. Never throws;
   * resolves at once when nothing needs asking.
   */
  ask(moment: Moment): Promise<void> {
    const ids = templatesToAsk(this.status, moment);
    if (!ids.length) return Promise.resolve();
    return platform
      .requestSubscribe(ids)
      .then(async (results) => {
        if (!Object.keys(results).length) return;
        const s = await call('subscription.report', { results });
        runInAction(() => (this.status = s));
      })
      .catch(() => {
        // refusing, or a failed report, costs nothing: 消息中心 still has every notice
      });
  }
}

export const notices = new NoticesStore();
