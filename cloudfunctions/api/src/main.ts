import { DomainError, type Err } from '../../../src/core/errors';
import { parse } from '../../../src/core/schemas';
import type { Action } from './action';
import { actions } from './actions';
import type { CloudSdk, Database } from './cloud';
import { makeContext } from './context';
import { applyMediaVerdict, isMediaCheckPush } from './app/mediaCheck';
import { makeRepos } from './repo';

const registry = new Map<string, Action>(actions.map((a) => [a.name, a as Action]));

export interface MainOptions {
  now?: () => Date;
  log?: (msg: string, err: unknown) => void;
}

/** Builds the function's `main` over a given SDK (real wx-server-sdk or the emulator). */
export function createMain(cloud: CloudSdk, opts: MainOptions = {}) {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((msg, err) => console.error(msg, err));
  // One database handle per warm instance: the SDK gives a new object on every cloud.database(),
  // and the instance caches (settings, repos, limits, counters' contention) are kept per handle.
  let handle: Database | undefined;
  const db = () => (handle ??= cloud.database());

  return async function main(event: unknown): Promise<{ ok: true; data: unknown } | Err> {
    // 消息推送 from WeChat (no user): the verdict of a photo check (app/mediaCheck.ts).
    if (isMediaCheckPush(event)) {
      try {
        await applyMediaVerdict(makeRepos(db()), event, now());
      } catch (err) {
        log('wxa_media_check failed', err);
      }
      return { ok: true, data: 'success' };
    }
    const e = (event ?? {}) as { action?: unknown; data?: unknown };
    const action = typeof e.action === 'string' ? registry.get(e.action) : undefined;
    if (!action) return { ok: false, code: 'UNKNOWN_ACTION', message: '不支持的操作，请更新小程序后重试' };

    // Identity comes only from the wx-context, never from the event.
    const { OPENID, CLIENTIP } = cloud.getWXContext();
    if (!OPENID) return { ok: false, code: 'UNAUTHENTICATED', message: '请先登录' };

    const parsed = parse(action.input, e.data ?? {});
    if (!parsed.ok) return { ok: false, code: 'INVALID_INPUT', message: parsed.message, details: parsed.fields };

    try {
      const data = await action.run(makeContext(cloud, db(), OPENID, now(), CLIENTIP), parsed.value);
      return { ok: true, data };
    } catch (err) {
      if (err instanceof DomainError) return { ok: false, code: err.code, message: err.message, details: err.details };
      log(`action ${action.name} failed`, err);
      return { ok: false, code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' };
    }
  };
}

export type Main = ReturnType<typeof createMain>;
export const actionNames = () => [...registry.keys()];
