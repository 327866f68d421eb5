// The path of every item command issued by a person: load → authorize against the workflow
// table → version check (a retried call that was applied answers success) → applyCommand.
import { routingLoader } from './targets';
import type { ItemView } from '../../../../src/core/api/contract';
import { fail } from '../../../../src/core/errors';
import { ROLE_LABEL } from '../../../../src/core/labels';
import { escalationTarget } from '../../../../src/core/routing';
import type { Actor, Command } from '../../../../src/core/workflow/decide';
import { COMMANDS, mayIssue } from '../../../../src/core/workflow/table';
import { freeTextOf } from '../../../../src/core/workflow/texts';
import { checkTexts } from './contentCheck';
import { requestMediaChecks } from './mediaCheck';
import type { Item, Role, UserDoc } from '../../../../src/core/types';
import type { StreetSettings } from '../../../../src/core/settings';
import type { Ctx } from '../context';
import { toView } from '../views';
import { commandHash, commitCommand, type Planned } from './apply';
import { relationTo, type Relation } from './issuers';

export interface Loaded {
  item: Item;
  user: UserDoc | null;
  rel: Relation;
  settings: StreetSettings;
}

export async function loadItem(ctx: Ctx, id: string): Promise<Loaded> {
  const [item, user] = await Promise.all([ctx.repos.items.get(id), ctx.user()]);
  return readable(ctx, item, user);
}

/** The caller's standing to an item they may read; the same answer for missing and not-yours, so ids cannot be probed. */
async function readable(ctx: Ctx, item: Item | null, user: UserDoc | null): Promise<Loaded> {
  if (!item) return fail('NOT_FOUND', '事项不存在或您无权查看');
  const settings = await ctx.repos.settings.get(item.streetId);
  const rel = relationTo(user, ctx.openid, item, settings.firstHandlers);
  if (!rel.canRead) return fail('NOT_FOUND', '事项不存在或您无权查看');
  return { item, user, rel, settings };
}

const ROLE_ORDER: Role[] = ['streetAdmin', 'communityAdmin', 'gridLeader', 'departmentStaff', 'gridWorker', 'cadre', 'buildingLeader', 'unitLeader'];

/** The actor as shown in the timeline: a person's name and the role they act in. */
export function actorFor(user: UserDoc | null, rel: Relation, item: Item): Actor {
  if (!user?.person) return { name: '居民', role: 'resident', by: 'submitter' };
  let role: Role | undefined;
  if (item.holder.kind === 'person' && item.holder.personId === user.person.id) {
    const r = item.holder.role;
    role = r === 'backup' ? 'cadre' : (r as Role);
  }
  role ??= ROLE_ORDER.find((r) => user.roles.some((g) => g.role === r)) ?? 'cadre';
  void rel;
  return { name: user.person.name, role, by: user.person.id };
}

/**
 * Run one command as the caller. `build` turns the checked input into a command (it may read
 * targets and fail with a Chinese message); it runs only once the caller may issue it. The item is
 * read once, inside the command's transaction (app/apply.ts commitCommand), and every check runs
 * on that version.
 */
export async function runItemCommand(
  ctx: Ctx,
  ref: { id: string; version: number },
  type: Command['type'],
  build: (l: Loaded) => Command | Promise<Command>,
): Promise<ItemView> {
  const user = await ctx.user();
  const info = COMMANDS[type];
  let l: Loaded | undefined;
  let cmd: Command | undefined;
  const r = await commitCommand(deps(ctx), ref.id, async (found): Promise<Planned> => {
    l = await readable(ctx, found, user);
    const { item, rel } = l;
    if (item.version !== ref.version) {
      // A retried call whose change is already there (the answer lost in a crash) answers success.
      if (await isRetry(l, ref.version, build)) return { done: item };
      return fail('CONFLICT', '该事项已有新的进展，请刷新后再操作');
    }
    if (!info.from.includes(item.state)) return fail('INVALID_STATE', `该事项当前状态不能${info.label}，请刷新后重试`);
    if (!mayIssue(type, item.state, rel.issuers)) return fail('FORBIDDEN', `您不能对该事项执行「${info.label}」`);
    cmd = await build(l);
    // Notes, reasons and comments reach the resident, the next holder and the 回音壁.
    await checkTexts(ctx, freeTextOf(cmd));
    let escalateTo: Item['holder'] | undefined;
    if (cmd.type === 'rate' && item.rectifyCount >= 1) {
      escalateTo = await escalationTarget(item, routingLoader(ctx.repos), ctx.now);
    }
    return { cmd, actor: actorFor(user, rel, item), escalateTo, settings: l.settings };
  });
  const settings = l!.settings;
  if ('done' in r) return toView(ctx.cloud, r.done, l!.rel, ctx.now);
  if (cmd?.type === 'resolve') await requestMediaChecks(ctx, r.item._id, cmd.photos, ctx.openid); // 内容安全 of the resolution photos
  return toView(ctx.cloud, r.item, relationTo(user, ctx.openid, r.item, settings.firstHandlers), ctx.now);
}

const deps = (ctx: Ctx) => ({ cloud: ctx.cloud, db: ctx.db, repos: ctx.repos, now: ctx.now });

/** The item's newest change is this very command by this caller, one version after theirs. */
async function isRetry(l: Loaded, version: number, build: (l: Loaded) => Command | Promise<Command>): Promise<boolean> {
  const last = l.item.timeline[l.item.timeline.length - 1];
  const by = l.user?.person?.id ?? 'submitter';
  if (l.item.version !== version + 1 || !last?.cmd || last.by !== by) return false;
  try {
    return last.cmd === commandHash(await build(l));
  } catch {
    return false;
  }
}

export const roleLabel = (r: Role) => ROLE_LABEL[r];
