import { checkTemplateData } from '../../../src/core/notify/fieldRules';
import { TEMPLATES } from '../../../src/core/notify/templates';
import type { CloudSdk } from './cloud';
import type { OutboxDoc, OutboxStatus } from './repo/outbox';
import type { Repos } from './repo';

export interface Message {
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

const BACKOFF_MIN = [1, 5, 30, 120, 720];
export const MAX_ATTEMPTS = BACKOFF_MIN.length + 1;

/** 43101: the user refused or used up their one-time subscription; retrying cannot help. */
const REFUSED = 43101;

export function validateMessage(m: Message): Record<string, string> {
  const tpl = TEMPLATES.find((t) => t.id === m.templateId);
  if (!tpl) return { templateId: '未知模板' };
  return checkTemplateData(tpl.keys, m.data);
}

/** One send attempt; the outcome is what the outbox records. */
export async function attemptSend(
  cloud: CloudSdk,
  doc: Pick<OutboxDoc, 'touser' | 'templateId' | 'page' | 'data' | 'attempts'>,
  now: Date,
): Promise<Pick<OutboxDoc, 'status' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'updatedAt'>> {
  const attempts = doc.attempts + 1;
  let code = 0;
  let errMsg = '';
  try {
    const r = await cloud.openapi.subscribeMessage.send({
      touser: doc.touser,
      templateId: doc.templateId,
      page: doc.page,
      data: doc.data,
      miniprogramState: 'formal',
    });
    code = Number(r?.errCode ?? r?.errcode ?? 0);
    errMsg = r?.errMsg ?? '';
  } catch (err) {
    const e = err as { errCode?: number; errcode?: number; errMsg?: string; message?: string };
    code = Number(e.errCode ?? e.errcode ?? -1);
    errMsg = e.errMsg ?? e.message ?? String(err);
  }
  let status: OutboxStatus = 'sent';
  let nextAttemptAt = now;
  if (code === REFUSED) status = 'refused';
  else if (code !== 0) {
    status = attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
    nextAttemptAt = new Date(now.getTime() + BACKOFF_MIN[Math.min(attempts - 1, BACKOFF_MIN.length - 1)] * 60_000);
  }
  return { status, attempts, lastError: code ? `${code} ${errMsg}` : undefined, nextAttemptAt, updatedAt: now };
}

/**
 * Sends once right away and records the outcome in the outbox; anything not sent stays
 * pending for the timer. A payload that breaks the template's field rules is never sent.
 */
export async function notify(
  cloud: CloudSdk,
  repos: Repos,
  args: { touser: string; itemId: string; key: string; message: Message; now: Date },
): Promise<OutboxStatus> {
  const { touser, itemId, message, now } = args;
  const base = { touser, templateId: message.templateId, page: message.page, data: message.data, attempts: 0 };
  const problems = validateMessage(message);
  const outcome = Object.keys(problems).length
    ? { status: 'failed' as const, attempts: 0, lastError: `payload ${JSON.stringify(problems)}`, nextAttemptAt: now, updatedAt: now }
    : await attemptSend(cloud, base, now);
  const doc: OutboxDoc = { _id: `${itemId}:${args.key}`, itemId, createdAt: now, ...base, ...outcome };
  try {
    await repos.outbox.add(doc);
  } catch (err) {
    // Same key twice means this notice was already recorded (a retried call); keep the first.
    if (!/duplicate key/i.test(String((err as Error).message ?? err))) throw err;
  }
  return doc.status;
}
