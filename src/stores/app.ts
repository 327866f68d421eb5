import { makeAutoObservable, runInAction } from 'mobx';
import { platform, type DemoPersona } from '../services/platform';

/** Whether the backend runs in demo mode; loaded once, shown as a banner wherever personas appear. */
class AppStore {
  demo = false;
  personas: DemoPersona[] = [];
  loaded = false;
  error = '';

  constructor() {
    makeAutoObservable(this);
  }

  async loadDemo(force = false) {
    if (this.loaded && !force) return;
    try {
      const cfg = await platform.demoConfig();
      runInAction(() => {
        this.demo = !!cfg.demo;
        this.personas = cfg.personas ?? [];
        this.loaded = true;
        this.error = '';
      });
    } catch {
      runInAction(() => {
        this.error = '无法读取登录方式，请检查网络后重试';
      });
    }
  }
}

export const appStore = new AppStore();
