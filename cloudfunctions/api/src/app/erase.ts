// 个人信息删除 (PIPL Art. 47; issue 11 point 5): a resident erases what GridLink holds about them.
// Their items stay for statistics, without personal data: the submitter's OPENID is replaced by a
// random token (irreversible: the token is not derived from the OPENID and the link is deleted with
// the account), the household code and room label go, their photos are deleted and the text they
// wrote is kept but redacted (phones, rooms, names by pattern hidden: core/engage/redact.ts), because
// the description is what the cadre acted on and what the statistics' categories are checked against.
//
// Nothing is left half-done: the first call marks the account (users.erasure: the token) and every
// call works in bounded batches (50 documents, at most 8 batches), each step idempotent; a crash or a
// closed page leaves the mark, and the next call carries on with the same token. The account binding
// (the users document, with the mark) is deleted last, so "done" means everything is gone.
import { randomBytes } from 'node:crypto';
import type { Repos } from '../repo';
import type { EraseResult } from '../../../../src/core/personal/contract';
import { redactText } from '../../../../src/core/engage/redact';
import { fail } from '../../../../src/core/errors';
import type { Item } from '../../../../src/core/types';
import type { CloudSdk } from '../cloud';
import { echoCopiesOf } from './echoWall';
import { deleteFiles } from './files';

export const ERASE_BATCH = 50;
const MAX_BATCHES = 8;
export const ERASED_NOTE = '提交人已申请删除个人信息，照片已删除，文字已隐去个人信息';

interface Deps {
  cloud: CloudSdk;
  repos: Repos;
  now: Date;
}

/** The photos of an item the resident uploaded (their own, and those hidden by content security). */
export const residentPhotos = (item: Pick<Item, 'photos' | 'hiddenPhotos'>, openid: string): string[] =>
  [...new Set([...(item.photos ?? []), ...(item.hiddenPhotos ?? []).filter((h) => h.uploader === openid).map((h) => h.fileID)])];


/** One batch of the resident's items: photos deleted first, then the item rewritten (idempotent). */
async function eraseItems(deps: Deps, openid: string, token: string): Promise<number> {
  const { cloud, repos, now } = deps;
  const items = await repos.items.ofSubmitter(openid, ERASE_BATCH);
  await deleteFiles(cloud, items.flatMap((i) => residentPhotos(i, openid)));
  // The resident's consent to the 回音壁 goes with their data: their public entries are removed,
  // the public photo copies first (a re-run after a crash finds the entries and deletes again).
  const echo = repos.engage.echo;
  const entries = await echo.ofItems(items.map((i) => i._id));
  await deleteFiles(cloud, entries.flatMap(echoCopiesOf));
  await echo.remove(entries.map((e) => e._id));
  for (const item of items) {
    const names = item.householdLabel ? [item.householdLabel] : [];
    const timeline = item.timeline.map((e) => (e.actorRole === 'resident' && e.note ? { ...e, note: redactText(e.note, { names }) } : e));
    await repos.items.anonymise(item._id, token, {
      description: redactText(item.description, { names }),
      timeline,
      hiddenPhotos: (item.hiddenPhotos ?? []).filter((h) => h.uploader !== openid),
    }, ERASED_NOTE, now);
  }
  return items.length;
}

/**
 * Erases in bounded batches; answers done:false when there is more (call again). Staff accounts are
 * unbound by their admin (their roles and the items they handle are the office's records).
 */
export async function eraseMine(deps: Deps, openid: string): Promise<EraseResult> {
  const { repos, now } = deps;
  const user = await repos.users.get(openid);
  if (user && (user.roles?.length || user.person)) return fail('FORBIDDEN', '工作人员账号请联系社区管理员解除绑定后再删除个人信息');
  let token = user?.erasure?.token;
  if (!token) {
    token = `erased-${randomBytes(12).toString('hex')}`;
    await repos.users.markErasure(openid, { token, startedAt: now }, !!user, now);
  }
  const bookkeeping = repos.erasure;
  const out: EraseResult = { done: false, items: 0, messages: 0, subscriptions: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const items = await eraseItems(deps, openid, token);
    out.items += items;
    if (items) continue;
    // 消息中心: the notices sent to them (each also its WeChat delivery record).
    const messages = await repos.outbox.removeOf(openid, ERASE_BATCH);
    out.messages += messages;
    if (messages) continue;
    const subscriptions = await repos.subscriptions.removeOf(openid, ERASE_BATCH);
    out.subscriptions += subscriptions;
    if (subscriptions) continue;
    if (await bookkeeping.mediaChecks(openid, ERASE_BATCH)) continue;
    if (await bookkeeping.ratings(openid, ERASE_BATCH)) continue;
    // Last: the account binding (household, and the mark with the token).
    await repos.users.remove(openid);
    out.done = true;
    break;
  }
  return out;
}
