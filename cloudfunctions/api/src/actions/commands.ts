import { createHash } from 'node:crypto';
import type { ItemView } from '../../../../src/core/api/contract';
import { dueAtFor } from '../../../../src/core/calendar';
import { fail } from '../../../../src/core/errors';
import { updatedMessage } from '../../../../src/core/notify/templates';
import { escalationTarget } from '../../../../src/core/routing';
import { AcceptInput, RateInput, RejectInput, ResolveInput, StartInput } from '../../../../src/core/schemas';
import { type Command, type TransitionContext, transition } from '../../../../src/core/stateMachine';
import type { Item, TimelineEvent, UserDoc } from '../../../../src/core/types';
import { defineAction } from '../action';
import { actorOf, loadReadable, relation } from '../authz';
import type { Ctx } from '../context';
import { notify } from '../notify';
import { toView } from '../views';
import { notifyHolder } from './submit';

/** A timeline event as stored: `by` says who did it (a person id, or "submitter"; never an OPENID). */
type StampedEvent = TimelineEvent & { by?: string };

function actorKey(ctx: Ctx, user: UserDoc | null, who: 'holder' | 'submitter'): string {
  if (who === 'submitter') return 'submitter';
  return user?.person?.id ?? `o:${createHash('sha256').update(ctx.openid).digest('hex').slice(0, 16)}`;
}

/** The item's newest change is exactly this command, by this actor, from `version`. */
function alreadyApplied(item: Item, version: number, cmd: Command, by: string): boolean {
  const last = item.timeline[item.timeline.length - 1] as StampedEvent | undefined;
  if (item.version !== version + 1 || !last || last.by !== by) return false;
  switch (cmd.type) {
    case 'accept':
    case 'start':
      return last.action === cmd.type;
    case 'reject':
      return last.action === 'reject' && last.note === cmd.reason;
    case 'resolve':
      return last.action === 'resolve' && last.note === cmd.note && JSON.stringify(last.photos ?? []) === JSON.stringify(cmd.photos);
    case 'rate': {
      const r = item.ratings[item.ratings.length - 1];
      return ['rate', 'rectify', 'escalate'].includes(last.action) && !!r && r.stars === cmd.stars && r.solved === cmd.solved && (r.comment ?? '') === (cmd.comment ?? '');
    }
  }
}

/**
 * The shared path of every item command: load → authorize → transition (pure) → compare-and-set →
 * notify. The caller's version must match the stored one, so a stale screen cannot overwrite; a
 * retry of a change that was applied (the answer lost in a crash) answers success instead.
 */
async function runCommand(ctx: Ctx, id: string, version: number, cmd: Command, who: 'holder' | 'submitter'): Promise<ItemView> {
  const { item, user, rel } = await loadReadable(ctx, id);
  if (who === 'holder' && !rel.isHolder) return fail('FORBIDDEN', '该事项不由您办理，无法操作');
  if (who === 'submitter' && !rel.isMine) return fail('FORBIDDEN', '只有提交人可以评价该事项');
  const by = actorKey(ctx, user, who);
  if (item.version !== version) {
    if (!alreadyApplied(item, version, cmd, by)) return fail('CONFLICT', '该事项已有新的进展，请刷新后再操作');
    // Idempotent retry: send the notice if the crash came before it, then answer as the first call would have.
    if (!(await ctx.repos.outbox.has(`${item._id}:v${item.version}`))) await emit(ctx, item, item.timeline[item.timeline.length - 1].action);
    return toView(ctx.cloud, item, rel, ctx.now);
  }

  const tctx: TransitionContext = { now: ctx.now };
  if (cmd.type === 'rate') {
    tctx.rectifyDueAt = dueAtFor(item.itemClass, ctx.now);
    if (item.rectifyCount >= 1) {
      const load = { person: (pid: string) => ctx.repos.people.get(pid), node: (nid: string) => ctx.repos.nodes.get(nid) };
      tctx.escalateTo = await escalationTarget(item, load, ctx.now);
    }
  }
  const raw = transition(item, cmd, actorOf(user, item), tctx);
  const t = { ...raw, event: { ...raw.event, by } as StampedEvent };
  const won = await ctx.repos.items.applyTransition(item, t, ctx.now);
  if (!won) return fail('CONFLICT', '该事项刚被他人处理，请刷新后查看');

  const next: Item = {
    ...item,
    ...t.set,
    state: t.state,
    version: t.version,
    updatedAt: ctx.now,
    timeline: [...item.timeline, t.event],
    ratings: t.rating ? [...item.ratings, t.rating] : item.ratings,
    handlerIds: t.newHolder?.kind === 'person' ? [...item.handlerIds, t.newHolder.personId] : item.handlerIds,
  };
  await emit(ctx, next, t.event.action);
  return toView(ctx.cloud, next, relation(user, ctx.openid, next), ctx.now);
}

/** Who hears about a transition: the resident on progress, the holder when work comes back. */
async function emit(ctx: Ctx, item: Item, action: string) {
  const key = `v${item.version}`;
  if (action === 'resolve' || action === 'reject' || action === 'accept') {
    const phrase = action === 'resolve' ? '已办结' : action === 'reject' ? '已退回' : '已受理';
    const note = action === 'reject' ? `退回原因：${item.rejectReason}` : action === 'resolve' ? '请您评价办理结果' : `${item.holder.name}已受理`;
    await notify(ctx.cloud, ctx.repos, { touser: item.submitterOpenid, itemId: item._id, key, message: updatedMessage(item, phrase, note, ctx.now), now: ctx.now });
  } else if (action === 'rectify' || action === 'escalate') {
    await notifyHolder(ctx, item, key, action === 'rectify' ? '需整改' : '升级办理');
  }
}

export const accept = defineAction({
  name: 'item.accept',
  input: AcceptInput,
  run: (ctx, { id, version }) => runCommand(ctx, id, version, { type: 'accept' }, 'holder'),
});

export const start = defineAction({
  name: 'item.start',
  input: StartInput,
  run: (ctx, { id, version }) => runCommand(ctx, id, version, { type: 'start' }, 'holder'),
});

export const resolve = defineAction({
  name: 'item.resolve',
  input: ResolveInput,
  async run(ctx, { id, version, note, photos }) {
    if (photos.some((p) => !p.includes(`/uploads/${ctx.openid}/`))) return fail('FORBIDDEN', '只能使用您本人上传的图片，请重新上传');
    return runCommand(ctx, id, version, { type: 'resolve', note, photos }, 'holder');
  },
});

export const reject = defineAction({
  name: 'item.reject',
  input: RejectInput,
  run: (ctx, { id, version, reason }) => runCommand(ctx, id, version, { type: 'reject', reason }, 'holder'),
});

export const rate = defineAction({
  name: 'item.rate',
  input: RateInput,
  run: (ctx, { id, version, stars, solved, comment }) =>
    runCommand(ctx, id, version, { type: 'rate', stars, solved, comment: comment || undefined }, 'submitter'),
});
