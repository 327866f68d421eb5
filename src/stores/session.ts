import { makeAutoObservable, runInAction } from 'mobx';
import type { WhoAmI } from '../core/api/contract';
import { call } from '../services/api';

/** Who the app is signed in as; pages read it, actions refresh it. */
class SessionStore {
  me: WhoAmI | null = null;
  loading = false;
  error = '';

  // Pages opened straight from a QR scan all call ensure() at once; share one whoami call.
  private inflight: Promise<WhoAmI | null> | null = null;

  constructor() {
    makeAutoObservable<SessionStore, 'inflight'>(this, { inflight: false });
  }

  async refresh(): Promise<WhoAmI | null> {
    this.loading = true;
    this.error = '';
    try {
      const me = await call('auth.whoami', {});
      runInAction(() => {
        this.me = me;
        this.loading = false;
      });
      return me;
    } catch (e) {
      runInAction(() => {
        this.error = (e as Error).message;
        this.loading = false;
      });
      return null;
    }
  }

  async ensure(): Promise<WhoAmI | null> {
    if (this.me) return this.me;
    if (!this.inflight) {
      this.inflight = this.refresh().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  clear() {
    this.me = null;
  }
}

export const session = new SessionStore();
