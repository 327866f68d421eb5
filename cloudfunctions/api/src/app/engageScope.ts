// Who may see 书记领办 lists and 五考 rankings, and over which subtree: the roots of the caller's
// posts with one of the given roles (identity from the wx-context only, via ctx.user()).
import { fail } from '../../../../src/core/errors';
import type { OrgNode, Role, UserDoc } from '../../../../src/core/types';
import type { Ctx } from '../context';
import type { ScopeWhere } from '../repo/engage';

export type ScopeLevel = 'street' | 'community' | 'grid';

export interface EngageScope {
  user: UserDoc;
  roots: string[];
  node: OrgNode;
  level: ScopeLevel;
  where: ScopeWhere;
  /** The root (one of the caller's posts) the node lies under. */
  root: string;
}

export const rootsOf = (user: UserDoc | null, roles: readonly Role[]) =>
  (user?.roles ?? []).filter((g) => roles.includes(g.role)).map((g) => g.nodeId);

/** The scope node (given, or the caller's first post) checked against the caller's posts. */
export async function engageScope(ctx: Ctx, roles: readonly Role[], nodeId: string | undefined, denied: string): Promise<EngageScope> {
  const user = await ctx.user();
  const roots = rootsOf(user, roles);
  if (!user || !roots.length) return fail('FORBIDDEN', denied);
  const node = await ctx.repos.nodes.get(nodeId ?? roots[0]);
  if (!node) return fail('NOT_FOUND', '您要查看的组织不存在');
  const root = roots.find((r) => node._id === r || node.path.includes(r));
  if (!root) return fail('FORBIDDEN', '该组织不在您的管理范围内');
  if (node.level !== 'street' && node.level !== 'community' && node.level !== 'grid') return fail('INVALID_INPUT', '只能按街道、社区或网格查看');
  const level = node.level;
  const where: ScopeWhere = level === 'street' ? { streetId: node._id } : level === 'community' ? { communityId: node._id } : { gridId: node._id };
  return { user, roots, node, level, where, root };
}

/** Whether an item (or entry) of this street/community/grid lies under one of the roots. */
export const coversItem = (roots: string[], x: { streetId: string; communityId: string; gridId: string }) =>
  roots.some((r) => r === x.streetId || r === x.communityId || r === x.gridId);
