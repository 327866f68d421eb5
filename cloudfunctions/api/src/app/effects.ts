// Effects of a transition, made concrete: each notice becomes one outbox document (its 消息中心
// message and its WeChat delivery record) keyed by item, version and position, written in the same
// transaction as the item, and sent after commit when the recipient has a grant.
import { randomUUID } from 'node:crypto';
import { KIND_LABEL } from '../../../../src/core/labels';
import { buildNotice } from '../../../../src/core/notify/events';
import type { Effect, Recipient } from '../../../../src/core/workflow/decide';
import type { Item, Person } from '../../../../src/core/types';
import type { OutboxDoc } from '../repo/outbox';
import { ledgerKey } from '../repo/subscriptions';
import type { Repos } from '../repo';
import { initialDelivery } from './deliver';

const ADMIN_ROLES = ['communityAdmin', 'streetAdmin'];

/** OPENIDs an effect reaches. Queues reach their 第一经办人, else the node's admins; departments their staff. */
export async function openidsOf(repos: Repos, item: Item, to: Recipient, firstHandlers: Record<string, string>): Promise<string[]> {
  if (to.kind === 'submitter') return [item.submitterOpenid];
  const openids = (list: Person[]) => list.map((p) => p.openid).filter((o): o is string => !!o);
  if (to.kind === 'admins') {
    return openids((await repos.people.withRoleAt(to.nodeId, 50)).filter((p) => p.roles.some((r) => r.nodeId === to.nodeId && ADMIN_ROLES.includes(r.role))));
  }
  const h = to.holder;
  if (h.kind === 'person') {
    if (h.openid) return [h.openid]; // kept on the holder; items from before that read the person
    const p = await repos.people.get(h.personId);
    return p?.openid ? [p.openid] : [];
  }
  if (h.kind === 'department') {
    const first = firstHandlers[h.departmentId];
    if (first) {
      const p = await repos.people.get(first);
      if (p?.openid) return [p.openid];
    }
    return openids(await repos.people.ofDepartment(h.departmentId, 20));
  }
  const first = firstHandlers[h.nodeId];
  if (first) {
    const p = await repos.people.get(first);
    if (p?.openid) return [p.openid];
  }
  const level = h.level ?? 'community';
  const wanted = level === 'grid' ? ['gridLeader'] : level === 'community' ? ['communityAdmin'] : ['streetAdmin'];
  return openids((await repos.people.withRoleAt(h.nodeId, 20)).filter((p) => p.roles.some((r) => r.nodeId === h.nodeId && wanted.includes(r.role))));
}

/**
 * The notices of one transition: one document per recipient, keyed `<itemId>:v<version>:<n>` and
 * written in the transaction of the change. One read of the recipients' subscription ledger tells
 * which can go out: those are written already claimed by this call (status 'sending'), so the send
 * right after commit needs no claim of its own and no timer run can send them meanwhile (if this
 * call dies, the timer takes them over once the claim's lease has run out); the others are written
 * in their final state ('skipped': 消息中心 only), so they cost no write after commit.
 */
export async function noticesFor(
  repos: Repos,
  item: Item,
  effects: Effect[],
  now: Date,
  firstHandlers: Record<string, string>,
): Promise<OutboxDoc[]> {
  const drafts: { touser: string; e: Extract<Effect, { kind: 'notify' }>; message: ReturnType<typeof buildNotice> }[] = [];
  for (const e of effects) {
    if (e.kind !== 'notify') continue;
    // Each event has its own builder, checked against its template's field rules (core/notify/events.ts).
    const message = buildNotice(item, e, now);
    for (const touser of await openidsOf(repos, item, e.to, firstHandlers)) drafts.push({ touser, e, message });
  }
  if (!drafts.length) return [];
  const [granted, longTerm] = await Promise.all([
    repos.subscriptions.withGrants(drafts.map((d) => ledgerKey(d.touser, d.message.templateId))),
    repos.subscriptions.longTermTemplates(),
  ]);
  const claimOwner = randomUUID();
  return drafts.map(({ touser, e, message }, n) => ({
    _id: `${item._id}:v${item.version}:${n}`, touser, itemId: item._id, templateId: message.templateId, page: message.page, data: message.data,
    scope: [item.streetId, item.communityId], attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now,
    ...initialDelivery(message, granted.has(ledgerKey(touser, message.templateId)), longTerm.has(message.templateId), claimOwner, now),
    // 消息中心
    title: message.phrase,
    summary: `${KIND_LABEL[item.kind]}·${item.category}`,
    body: (e.template === 'assigned' ? [e.note, item.description] : [e.note]).filter(Boolean).join('：') || item.description,
    read: false,
  }));
}
