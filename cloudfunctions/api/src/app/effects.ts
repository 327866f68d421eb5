// Effects of a transition, made concrete: each notice becomes one outbox document (its 消息中心
// message and its WeChat delivery record) keyed by item, version and position, written in the same
// transaction as the item, and sent after commit when the recipient has a grant.
import { randomUUID } from 'node:crypto';
import { KIND_LABEL } from '../../../../src/core/labels';
import { buildNotice } from '../../../../src/core/notify/events';
import type { Effect, Recipient } from '../../../../src/core/workflow/decide';
import type { Item, Person } from '../../../../src/core/types';
import type { OutboxDoc } from '../repo/outbox';
import { holdsGrant, ledgerKey, type SubscriptionDoc } from '../repo/subscriptions';
import type { Reachable } from '../repo/people';
import type { Repos } from '../repo';
import { initialDelivery } from './deliver';

const ADMIN_ROLES = ['communityAdmin', 'streetAdmin'];

/** At most this many staff of one department (or leaders of one node) receive a notice. */
const FANOUT = 20;

/**
 * OPENIDs each recipient reaches, in order, and the subscription ledger entries of everyone this
 * had to look up. Queues reach their 第一经办人, else the node's leaders or admins; departments
 * their 第一经办人, else their staff. Every named person (第一经办人, a holder kept without an
 * OPENID) comes in one query, the staff of every department without a reachable 第一经办人 in one
 * more, each person with their ledger joined in (people.reachable*): a notice to a queue costs the
 * one read that finds its recipient, not a second for their ledger.
 */
export async function openidsOfAll(
  repos: Repos, item: Item, tos: Recipient[], firstHandlers: Record<string, string>,
): Promise<{ reach: string[][]; ledgers: Map<string, SubscriptionDoc[]> }> {
  const ledgers = new Map<string, SubscriptionDoc[]>();
  const known = (list: Reachable[]) => {
    for (const p of list) ledgers.set(p.openid, p.ledger ?? []);
    return list;
  };
  const openids = (list: Person[]) => list.map((p) => p.openid).filter((o): o is string => !!o);
  const firstOf = (to: Recipient): string | undefined => {
    if (to.kind !== 'holder') return undefined;
    const h = to.holder;
    if (h.kind === 'person') return h.openid ? undefined : h.personId; // kept on the holder; items from before that read the person
    return firstHandlers[h.kind === 'department' ? h.departmentId : h.nodeId];
  };
  const named = new Map(known(await repos.people.reachableByIds(tos.map(firstOf).filter((id): id is string => !!id))).map((p) => [p._id, p]));
  const reached = (to: Recipient) => {
    const id = firstOf(to);
    return id ? named.get(id)?.openid : undefined;
  };
  const deptIds = [...new Set(tos.flatMap((to) => (to.kind === 'holder' && to.holder.kind === 'department' && !reached(to) ? [to.holder.departmentId] : [])))];
  const limit = FANOUT * deptIds.length;
  let staff: Reachable[] = deptIds.length ? known(await repos.people.reachableInDepartments(deptIds, limit)) : [];
  // A full page may have left a department out: then each is asked on its own.
  if (deptIds.length > 1 && staff.length >= limit) staff = known((await Promise.all(deptIds.map((d) => repos.people.reachableInDepartments([d], FANOUT)))).flat());
  const reach = await Promise.all(tos.map(async (to): Promise<string[]> => {
    if (to.kind === 'submitter') return [item.submitterOpenid];
    if (to.kind === 'admins') {
      return openids(known(await repos.people.reachableAt(to.nodeId, 50)).filter((p) => p.roles.some((r) => r.nodeId === to.nodeId && ADMIN_ROLES.includes(r.role))));
    }
    const h = to.holder;
    const first = reached(to);
    if (h.kind === 'person') return h.openid ? [h.openid] : first ? [first] : [];
    if (first) return [first];
    if (h.kind === 'department') {
      const id = h.departmentId;
      return openids(staff.filter((p) => p.roles.some((r) => r.departmentId === id)).slice(0, FANOUT));
    }
    const level = h.level ?? 'community';
    const wanted = level === 'grid' ? ['gridLeader'] : level === 'community' ? ['communityAdmin'] : ['streetAdmin'];
    return openids(known(await repos.people.reachableAt(h.nodeId, FANOUT)).filter((p) => p.roles.some((r) => r.nodeId === h.nodeId && wanted.includes(r.role))));
  }));
  return { reach, ledgers };
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
  const notify = effects.filter((e): e is Extract<Effect, { kind: 'notify' }> => e.kind === 'notify');
  const { reach, ledgers } = await openidsOfAll(repos, item, notify.map((e) => e.to), firstHandlers);
  notify.forEach((e, i) => {
    // Each event has its own builder, checked against its template's field rules (core/notify/events.ts).
    const message = buildNotice(item, e, now);
    for (const touser of reach[i]) drafts.push({ touser, e, message });
  });
  if (!drafts.length) return [];
  // Ledgers joined in with the recipients need no read; the others (the resident, a holder kept
  // with their OPENID) are read together, once.
  const joined = new Set([...ledgers.values()].flat().filter(holdsGrant).map((d) => d._id));
  const unread = drafts.filter((d) => !ledgers.has(d.touser)).map((d) => ledgerKey(d.touser, d.message.templateId));
  const [read, longTerm] = await Promise.all([repos.subscriptions.withGrants(unread), repos.subscriptions.longTermTemplates()]);
  const granted = new Set([...joined, ...read]);
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
