import QRCode from 'qrcode';
import { checkTemplateData } from '../../src/core/notify/fieldRules';
import type { EmulatedDatabase } from '../db';
import { sensitiveHit } from './sensitiveWords';
import type { EmulatedSubscriptions } from './subscriptions';
import type { MediaChecks } from './mediaCheck';

/** A template as registered in the Mini Program console (id + field keys). */
export interface TemplateSpec {
  id: string;
  keys: readonly string[];
  /** The console's title (新事项待办提醒), shown on the admin page. */
  title?: string;
}

export interface SentMessage {
  _id?: string;
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  sentAt: Date;
}

/** WeChat-shaped failure: callers read errCode like they do from wx-server-sdk. */
export class OpenApiError extends Error {
  constructor(
    public errCode: number,
    public errMsg: string,
  ) {
    super(`${errCode} ${errMsg}`);
  }
}

export const MESSAGES = '_emu_messages';
export const REFUSALS = '_emu_subscription_refusals';

export interface OpenApiOptions {
  db: EmulatedDatabase;
  templates: readonly TemplateSpec[];
  /** Where a scanned Mini Program code should land in the browser: `${base}/#/${page}?scene=`. */
  h5Base: () => string;
  /** Test hook: make the next `count` sends fail with `errCode` (default -1, a transient system error). */
  failNextSends?: { count: number; errCode?: number };
  /**
   * Test hook: the next `count` sends never answer, as if the caller's process stalled inside the
   * call (a kill -9 test then kills it there). Nothing is delivered.
   */
  holdNextSends?: { count: number };
  /** What each user allowed (一次性 / 长期订阅); a send spends from it, and without it answers 43101. */
  subscriptions: EmulatedSubscriptions;
  /** security.mediaCheckAsync: answers a traceId, pushes the verdict later (mediaCheck.ts). */
  mediaChecks?: MediaChecks;
}

export function createOpenApi(opts: OpenApiOptions) {
  const { db } = opts;
  return {
    subscribeMessage: {
      async send(input: { touser: string; templateId: string; page?: string; data: Record<string, { value: string }> }) {
        if (opts.holdNextSends && opts.holdNextSends.count > 0) {
          opts.holdNextSends.count -= 1;
          return new Promise<never>(() => {});
        }
        if (opts.failNextSends && opts.failNextSends.count > 0) {
          opts.failNextSends.count -= 1;
          const code = opts.failNextSends.errCode ?? -1;
          throw new OpenApiError(code, code === -1 ? 'system error (emulated)' : `error ${code} (emulated)`);
        }
        const tpl = opts.templates.find((t) => t.id === input.templateId);
        if (!input.touser) throw new OpenApiError(40003, 'invalid openid');
        if (!tpl) throw new OpenApiError(40037, 'invalid template_id');
        const problems = checkTemplateData(tpl.keys, input.data ?? {});
        if (Object.keys(problems).length) throw new OpenApiError(47003, `argument invalid! data: ${JSON.stringify(problems)}`);
        const refused = await db.collection(REFUSALS).where({ openid: input.touser, templateId: input.templateId }).count();
        if (refused.total > 0) throw new OpenApiError(43101, 'user refuse to accept the msg');
        // Like WeChat: a one-time subscription allows one message; none left is 43101 too.
        if (!(await opts.subscriptions.spend(input.touser, input.templateId))) throw new OpenApiError(43101, 'user refuse to accept the msg');
        const msg: SentMessage = { touser: input.touser, templateId: input.templateId, page: input.page, data: input.data, sentAt: new Date() };
        await db.collection(MESSAGES).add({ data: msg });
        return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
      },
    },
    wxacode: {
      async getUnlimited(input: { scene: string; page?: string; width?: number }) {
        if (!input.scene || [...input.scene].length > 32) throw new OpenApiError(40169, 'invalid length for scene, or the data is not json string');
        if (input.page && (input.page.startsWith('/') || input.page.includes('?'))) throw new OpenApiError(41030, 'invalid page rule');
        const page = input.page || 'pages/index/index';
        const url = `${opts.h5Base()}/#/${page}?scene=${encodeURIComponent(input.scene)}`;
        const buffer = await QRCode.toBuffer(url, { type: 'png', width: input.width ?? 430, margin: 2, errorCorrectionLevel: 'M' });
        return { buffer: new Uint8Array(buffer), contentType: 'image/png', errCode: 0, errMsg: 'openapi.wxacode.getUnlimited:ok' };
      },
    },
    security: {
      async mediaCheckAsync(input: { media_url: string; media_type: number; version: number; openid: string; scene: number }) {
        if (!opts.mediaChecks) throw new OpenApiError(-1, 'mediaCheckAsync is not set up in this emulator');
        return opts.mediaChecks.mediaCheckAsync(input);
      },
      async msgSecCheck(input: { openid: string; scene: number; version: number; content: string }) {
        if (input.version !== 2 || !input.openid || ![1, 2, 3, 4].includes(input.scene)) {
          throw new OpenApiError(40003, 'invalid args: msgSecCheck v2 needs openid, scene 1-4 and version 2');
        }
        const hit = sensitiveHit(input.content);
        return {
          errCode: 0,
          errMsg: 'openapi.security.msgSecCheck:ok',
          result: hit ? { suggest: 'risky' as const, label: 20006 } : { suggest: 'pass' as const, label: 100 },
          detail: hit ? [{ strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20006, keyword: hit }] : [],
        };
      },
    },
  };
}

export type EmulatedOpenApi = ReturnType<typeof createOpenApi>;
