// Effects of a transition, made concrete: each notice becomes an outbox record keyed by item,
// version and position, written in the same transaction as the item, and sent after commit.
import { assignedMessage, updatedMessage } from '../../../../src/core/notify/templates';
import type { Effect, Recipient } from '../../../../src/core/workflow/decide';
import type { Item, Person } from '../../../../src/core/types';
import type { Database } from '../cloud';
import type { OutboxDoc } from '../repo/outbox';
import type { Repos } from '../repo';

const ADMIN_ROLES = ['communityAdmin', 'streetAdmin'];

/** OPENIDs an effect reaches. Queues reach their 第一经办人, else the node's admins; departments their staff. */
export async function openidsOf(db: Database, repos: Repos, item: Item, to: Recipient, firstHandlers: Record<string, string>): Promise<string[]> {
  if (to.kind === 'submitter') return [item.submitterOpenid];
  const people = db.collection('people');
  const openids = (list: Person[]) => list.map((p) => p.openid).filter((o): o is string => !!o);
  if (to.kind === 'admins') {
    const { data } = await people.where({ 'roles.nodeId': to.nodeId }).limit(50).get();
    return openids((data as Person[]).filter((p) => p.roles.some((r) => r.nodeId === to.nodeId && ADMIN_ROLES.includes(r.role))));
  }
  const h = to.holder;
  if (h.kind === 'person') {
    const p = await repos.people.get(h.personId);
    return p?.openid ? [p.openid] : [];
  }
  if (h.kind === 'department') {
    const first = firstHandlers[h.departmentId];
    if (first) {
      const p = await repos.people.get(first);
      if (p?.openid) return [p.openid];
    }
    const { data } = await people.where({ 'roles.departmentId': h.departmentId }).limit(20).get();
    return openids(data as Person[]);
  }
  const first = firstHandlers[h.nodeId];
  if (first) {
    const p = await repos.people.get(first);
    if (p?.openid) return [p.openid];
  }
  const { data } = await people.where({ 'roles.nodeId': h.nodeId }).limit(20).get();
  const level = h.level ?? 'community';
  const wanted = level === 'grid' ? ['gridLeader'] : level === 'community' ? ['communityAdmin'] : ['streetAdmin'];
  return openids((data as Person[]).filter((p) => p.roles.some((r) => r.nodeId === h.nodeId && wanted.includes(r.role))));
}

/** Outbox records for the notices of one transition (pending; sent right after commit). */
export async function outboxFor(db: Database, repos: Repos, item: Item, effects: Effect[], now: Date, firstHandlers: Record<string, string>): Promise<OutboxDoc[]> {
  const docs: OutboxDoc[] = [];
  let n = 0;
  for (const e of effects) {
    if (e.kind !== 'notify') continue;
    const message = e.template === 'assigned' ? assignedMessage(item, e.phrase) : updatedMessage(item, e.phrase, e.note, now);
    for (const touser of await openidsOf(db, repos, item, e.to, firstHandlers)) {
      docs.push({
        _id: `${item._id}:v${item.version}:${n++}`, touser, itemId: item._id, templateId: message.templateId,
        page: message.page, data: message.data, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now,
      });
    }
  }
  return docs;
}
