// A new item and the notice to its first holder are written in one transaction, so a crash
// cannot keep the item and lose the notice. The id is derived from the request id: a retry finds
// the first item instead of making a second one.
import { createHash } from 'node:crypto';
import { requestMediaChecks } from './mediaCheck';
import { HOLDER_ROLE_LABEL } from '../../../../src/core/labels';
import { routeHousehold } from '../../../../src/core/routing';
import { holderKey, levelOf } from '../../../../src/core/workflow/decide';
import type { Household, Item, ItemKind, Person, TimelineEvent, UserDoc } from '../../../../src/core/types';
import type { Ctx } from '../context';
import { isDuplicateKey, txGetOrNull } from '../repo/getOrNull';
import type { OutboxDoc } from '../repo/outbox';
import { deliver, policyOf, withWatch } from './apply';
import { routingLoader } from './targets';
import { clocksFor } from '../../../../src/core/deadlines';
import { categoryRule } from '../../../../src/core/settings';
import { noticesFor } from './effects';
import { countNewItem } from './counters';
import { conflictPause, isWriteConflict, mayRetryConflict } from './conflicts';
import { rememberRefusal, takeDailySlot, type DailyKind } from './limits';
import { DomainError, fail } from '../../../../src/core/errors';
import { SETTINGS_CACHE_MS } from '../repo/settings';

/** Same caller + same request id → same item id, so a retried tap cannot make a second item. */
export const itemIdFor = (openid: string, clientRequestId: string) =>
  createHash('sha256').update(`${openid}\n${clientRequestId}`).digest('hex').slice(0, 32);

export interface NewItem {
  id: string;
  household: Household;
  /** The household's 包保干部 as read with it (households.withCadre); routing then reads them no more. */
  cadre?: Person | null;
  kind: ItemKind;
  category: string;
  description: string;
  photos: string[];
  anonymous: boolean;
  /** 回音壁 consent (Item.echoWall). */
  echoWall?: boolean;
  submitterOpenid: string;
  clientRequestId: string;
  /** The first timeline event's actor and action. */
  actor: Pick<TimelineEvent, 'actor' | 'actorRole' | 'action' | 'by'>;
  onBehalf?: Item['onBehalf'];
}

/** Route the household to its first holder and build the item (not yet stored). */
export async function buildItem(ctx: Ctx, n: NewItem): Promise<Item> {
  const h = n.household;
  const settings = await ctx.repos.settings.get(h.streetId);
  const clocks = clocksFor(settings, n.category);
  // A category rule (物业 → the property company) sends the item straight to that department.
  const rule = categoryRule(settings, n.category);
  const dept = rule ? (await ctx.repos.departments.known([rule.departmentId]))[0] ?? null : null;
  const route = dept
    ? { holder: { kind: 'department' as const, departmentId: dept._id, name: dept.name }, trail: [`按分类规则直派${dept.name}${rule?.clock === '5321' ? '，执行5321时限' : ''}`] }
    : await routeHousehold(h, routingLoader(ctx.repos, n.cadre === undefined ? undefined : { id: h.cadreId, person: n.cadre }), ctx.now);
  const holderName = route.holder.kind === 'person' ? `${HOLDER_ROLE_LABEL[route.holder.role]}${route.holder.name}` : route.holder.name;
  return {
    _id: n.id, kind: n.kind, category: n.category, itemClass: 'general', description: n.description, photos: n.photos,
    anonymous: n.anonymous, submitterOpenid: n.submitterOpenid, clientRequestId: n.clientRequestId,
    householdId: h._id, householdLabel: h.label, streetId: h.streetId, communityId: h.communityId, gridId: h.gridId, buildingId: h.buildingId,
    holder: route.holder, holderKey: holderKey(route.holder), level: levelOf(route.holder),
    handlerIds: route.holder.kind === 'person' ? [route.holder.personId] : [],
    state: 'submitted', version: 0, rectifyCount: 0, ratings: [],
    timeline: [{
      at: ctx.now, ...n.actor, from: null, to: 'submitted', holder: route.holder.name,
      note: `${n.onBehalf ? `${n.onBehalf.name}${n.onBehalf.channel === 'visit' ? '走访' : '电话'}代居民登记，` : ''}已分派给${holderName}${route.trail.length ? `（${route.trail.join('；')}）` : ''}`,
    }],
    createdAt: ctx.now, updatedAt: ctx.now,
    dueAt: clocks.handleDue('general', ctx.now),
    responseDueAt: clocks.responseDue('general', ctx.now),
    ...(n.onBehalf ? { onBehalf: n.onBehalf } : {}),
    ...(n.echoWall ? { echoWall: true } : {}),
  };
}

/**
 * Builds and stores an item with the notice to its first holder, in one transaction; 'duplicate'
 * (with the id) when the item exists already. `make` builds the item from the caller's account as
 * read inside the transaction: that one read also holds the account's 防刷 daily count, taken in
 * the same transaction (app/limits.ts), so an account read before the transaction would be a
 * second read of the same document.
 */
export async function storeNewItem(
  ctx: Ctx,
  quota: DailyKind,
  make: (account: UserDoc | null) => Promise<Item>,
): Promise<{ outcome: 'created'; item: Item } | { outcome: 'duplicate'; id: string }> {
  const started = Date.now();
  const run = {}; // this call, on every run of its transaction: a re-run counts as a pending tally
  let item: Item | undefined;
  let outbox: OutboxDoc[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      await ctx.db.runTransaction(async (tx) => {
        const account = await txGetOrNull<UserDoc>(tx, 'users', ctx.openid);
        const fresh = await make(account);
        if (!account) return fail('FORBIDDEN', '请重新进入小程序后再提交'); // make() refuses this first
        const settings = await ctx.repos.settings.get(fresh.streetId);
        item = withWatch(fresh, policyOf(settings));
        const effects = [{ kind: 'notify' as const, to: { kind: 'holder' as const, holder: item.holder }, template: 'assigned' as const, phrase: '新待办', note: '' }];
        outbox = await noticesFor(ctx.repos, item, effects, ctx.now, settings.firstHandlers); // one document per notice: 消息中心 + delivery (issue 8)
        // No read first: adding an existing id fails with a duplicate key (a retry, or the other
        // call of a double tap), which is the answer; a read would cost one per submit.
        await tx.collection('items').add({ data: item });
        // After the add, so a retry of a stored item answers it even at the limit.
        const limit = quota === 'submit' ? settings.abuseLimits.submitsPerDay : settings.abuseLimits.onBehalfPerDay;
        await takeDailySlot(tx, ctx.db.command, account, quota, limit, ctx.now);
        await countNewItem(tx, ctx.db, item, run); // 统计: submitted, committed with the item (app/counters.ts)
        for (const o of outbox) await tx.collection('outbox').add({ data: o }); // the notice, 消息中心 included: one write each
      });
      break;
    } catch (err) {
      if (isDuplicateKey(err) && item) return { outcome: 'duplicate', id: item._id };
      if (err instanceof DomainError && err.code === 'RATE_LIMITED') rememberRefusal(ctx.db, ctx.openid, quota, ctx.now, err.message, SETTINGS_CACHE_MS);
      // A double tap: the other call is writing the same item; once it commits, this is a duplicate.
      if (isWriteConflict(err) && mayRetryConflict(started)) {
        await conflictPause(attempt); // jittered: a burst of submits in one community conflicts on its counters
        continue;
      }
      throw err;
    }
  }
  const stored = item!;
  await deliver({ cloud: ctx.cloud, repos: ctx.repos, now: ctx.now }, outbox);
  await requestMediaChecks(ctx, stored._id, stored.photos, ctx.openid); // 内容安全: verdicts arrive later (app/mediaCheck.ts)
  return { outcome: 'created', item: stored };
}
