// security.mediaCheckAsync as WeChat runs it: the call only answers a traceId; the verdict comes
// later as a `wxa_media_check` message pushed to the function set up for 消息推送, matched by
// trace_id (WeChat never sends the media_url back). WeChat says within 30 minutes; here after
// `delayMs`, or at once on `flush()`.
//
// The emulator cannot judge pictures, so its verdict follows a test convention: a file whose
// bytes contain the ASCII marker RISKY_MARKER is risky, any other is pass. The file is fetched
// through its URL, as WeChat downloads media_url (an expired or forged URL: status_code -1008).
import { randomBytes } from 'node:crypto';
import type { Storage } from '../storage';

export const RISKY_MARKER = 'GRIDLINK-RISKY-MEDIA';

export interface MediaCheckInput {
  media_url: string;
  media_type: number;
  version: number;
  openid: string;
  scene: number;
}

interface Pending {
  traceId: string;
  input: MediaCheckInput;
  timer?: NodeJS.Timeout;
}

type Push = (event: Record<string, unknown>) => Promise<unknown>;

export function createMediaChecks(opts: { storage: Storage; appid: string; delayMs?: number }) {
  const pending = new Map<string, Pending>();
  let push: Push | undefined;
  const delayMs = opts.delayMs ?? 1000;

  async function verdict(url: string): Promise<{ suggest: 'pass' | 'risky'; label: number; status: number }> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { suggest: 'pass', label: 100, status: -1008 };
    }
    const p = decodeURIComponent(u.pathname.replace(/^\/storage\//, ''));
    if (opts.storage.checkUrl(p, u.searchParams.get('expires'), u.searchParams.get('sig')) !== 'ok') return { suggest: 'pass', label: 100, status: -1008 };
    const f = await opts.storage.get(p);
    if (!f) return { suggest: 'pass', label: 100, status: -1008 };
    return f.content.includes(RISKY_MARKER) ? { suggest: 'risky', label: 20002, status: 0 } : { suggest: 'pass', label: 100, status: 0 };
  }

  async function deliver(traceId: string): Promise<void> {
    const job = pending.get(traceId);
    if (!job) return;
    pending.delete(traceId);
    if (job.timer) clearTimeout(job.timer);
    const v = await verdict(job.input.media_url);
    const event = {
      ToUserName: 'gh_emulator', FromUserName: 'o-wechat-platform', CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event', Event: 'wxa_media_check', appid: opts.appid, trace_id: traceId, version: 2, status_code: v.status,
      result: { suggest: v.suggest, label: v.label },
      detail: [{ strategy: 'content_model', errcode: 0, suggest: v.suggest, label: v.label, prob: 90 }],
    };
    // Nobody to push to is WeChat's "no 消息推送 configured": the verdict is lost, as it would be.
    if (push) await push(event).catch(() => undefined);
  }

  return {
    /** Where verdicts are pushed (the function configured for 消息推送). */
    bind(p: Push) {
      push = p;
    },
    async mediaCheckAsync(input: MediaCheckInput) {
      if (input.version !== 2 || !input.openid || ![1, 2, 3, 4].includes(input.scene) || ![1, 2].includes(input.media_type) || !input.media_url) {
        throw Object.assign(new Error('invalid args: mediaCheckAsync v2 needs media_url, media_type 1|2, openid, scene 1-4 and version 2'), { errCode: 40003, errMsg: 'openapi.security.mediaCheckAsync:fail invalid args' });
      }
      const traceId = `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
      const job: Pending = { traceId, input };
      pending.set(traceId, job);
      // A verdict that cannot be delivered (the emulator closed meanwhile) is dropped, as WeChat drops it.
      if (delayMs >= 0) job.timer = setTimeout(() => void deliver(traceId).catch(() => undefined), delayMs).unref();
      return { errCode: 0, errMsg: 'openapi.security.mediaCheckAsync:ok', traceId };
    },
    /** Deliver every verdict now (tests, the admin path). */
    async flush(): Promise<number> {
      const ids = [...pending.keys()];
      for (const id of ids) await deliver(id);
      return ids.length;
    },
    get pendingCount() {
      return pending.size;
    },
  };
}

export type MediaChecks = ReturnType<typeof createMediaChecks>;
