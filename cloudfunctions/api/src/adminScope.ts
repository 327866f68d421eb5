import { fail } from '../../../src/core/errors';
import { CHILD_LEVEL, LEVEL_LABEL } from '../../../src/core/labels';
import type { OrgNode, UserDoc } from '../../../src/core/types';
import type { Ctx } from './context';

/** An admin and the roots of the subtrees they administer (社区 or 街道). */
export interface AdminScope {
  user: UserDoc;
  roots: string[];
}

export async function requireAdmin(ctx: Ctx): Promise<AdminScope> {
  const user = await ctx.user();
  const roots = (user?.roles ?? []).filter((r) => r.role === 'communityAdmin' || r.role === 'streetAdmin').map((r) => r.nodeId);
  if (!user || !roots.length) return fail('FORBIDDEN', '您没有社区管理权限，请联系街道或社区管理员开通');
  return { user, roots };
}

export function inScope(scope: AdminScope, node: Pick<OrgNode, '_id' | 'path'>): boolean {
  return scope.roots.some((r) => node._id === r || node.path.includes(r));
}

const OUT_OF_SCOPE = '该组织不在您的管理范围内';

/** Loads a node and insists it lies in the caller's subtree. */
export async function nodeInScope(ctx: Ctx, scope: AdminScope, id: string, level?: OrgNode['level']): Promise<OrgNode> {
  const node = await ctx.repos.nodes.get(id);
  if (!node) return fail('NOT_FOUND', `未找到编号为 ${id} 的组织`);
  if (!inScope(scope, node)) return fail('FORBIDDEN', OUT_OF_SCOPE);
  if (level && node.level !== level) return fail('INVALID_INPUT', `编号 ${id} 不是${LEVEL_LABEL[level]}`);
  return node;
}

/**
 * Loads a person and insists their home lies in the caller's subtree: their grid or community,
 * else (street staff, department staff) the node of their first role, so the street admin can
 * manage and invite the people who work at street level.
 */
export async function personInScope(ctx: Ctx, scope: AdminScope, id: string) {
  const person = await ctx.repos.people.get(id);
  if (!person) return fail('NOT_FOUND', `未找到编号为 ${id} 的人员`);
  const home = person.gridId ?? person.communityId ?? person.roles[0]?.nodeId;
  const node = home ? await ctx.repos.nodes.get(home) : null;
  if (!node || !inScope(scope, node)) return fail('FORBIDDEN', '该人员不在您的管理范围内');
  return { person, home: node };
}

export { CHILD_LEVEL, LEVEL_LABEL };
