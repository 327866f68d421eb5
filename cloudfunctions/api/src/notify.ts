import { checkTemplateData } from '../../../src/core/notify/fieldRules';
import { TEMPLATES } from '../../../src/core/notify/templates';
import type { CloudSdk } from './cloud';
import { MINIPROGRAM_STATE } from './release';
import type { OutboxDoc, OutboxStatus } from './repo/outbox';

export interface Message {
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

/** Minutes to wait after the 1st, 2nd, … failed try; after the last one the message is given up. */
export const BACKOFF_MIN = [1, 5, 30, 120, 720];
export const MAX_ATTEMPTS = BACKOFF_MIN.length + 1;

/** 43101: the user refused, or used up their one-time subscription; retrying cannot help. */
export const REFUSED = 43101;

/**
 * subscribeMessage.send errors that no retry can cure (WeChat's documented list besides 43101):
 * 40003 touser is not a valid OPENID, 40037 unknown template_id, 47003 data breaks the template's
 * field rules, 41030 page is not a page of the released Mini Program.
 */
export const PERMANENT_ERRORS: Readonly<Record<number, string>> = {
  40003: 'touser 不是有效的 OPENID',
  40037: '模板编号无效',
  47003: '模板参数不符合字段规则',
  41030: '跳转页面不存在于线上版本',
};

export function validateMessage(m: Message): Record<string, string> {
  const tpl = TEMPLATES.find((t) => t.id === m.templateId);
  if (!tpl) return { templateId: '未知模板' };
  return checkTemplateData(tpl.keys, m.data);
}

export type SendOutcome = Pick<OutboxDoc, 'status' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'updatedAt'> & { code: number };

/** The outcome of a try that ended with `code` (0 = sent). */
export function outcomeOf(code: number, errMsg: string, attempts: number, now: Date): SendOutcome {
  let status: OutboxStatus = 'sent';
  let nextAttemptAt = now;
  if (code === REFUSED) status = 'refused';
  else if (PERMANENT_ERRORS[code]) status = 'failed';
  else if (code !== 0) {
    status = attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
    nextAttemptAt = new Date(now.getTime() + BACKOFF_MIN[Math.min(attempts - 1, BACKOFF_MIN.length - 1)] * 60_000);
  }
  const why = PERMANENT_ERRORS[code] ? `（${PERMANENT_ERRORS[code]}）` : status === 'failed' ? `（重试 ${attempts} 次仍失败）` : '';
  return { code, status, attempts, lastError: code ? `${code} ${errMsg}${why}` : undefined, nextAttemptAt, updatedAt: now };
}

/** One send attempt (the caller holds the claim and a grant); the outcome is what the outbox records. */
export async function attemptSend(
  cloud: CloudSdk,
  doc: Pick<OutboxDoc, 'touser' | 'templateId' | 'page' | 'data' | 'attempts'>,
  now: Date,
): Promise<SendOutcome> {
  const attempts = doc.attempts + 1;
  let code = 0;
  let errMsg = '';
  try {
    const r = await cloud.openapi.subscribeMessage.send({
      touser: doc.touser,
      templateId: doc.templateId,
      page: doc.page,
      data: doc.data,
      miniprogramState: MINIPROGRAM_STATE,
    });
    code = Number(r?.errCode ?? r?.errcode ?? 0);
    errMsg = r?.errMsg ?? '';
  } catch (err) {
    const e = err as { errCode?: number; errcode?: number; errMsg?: string; message?: string };
    code = Number(e.errCode ?? e.errcode ?? -1);
    errMsg = e.errMsg ?? e.message ?? String(err);
  }
  return outcomeOf(code, errMsg, attempts, now);
}
