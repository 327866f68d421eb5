import type { AuditEntryView } from '../../../../../src/core/personal/contract';
import { AUDIT_ACTION_LABEL, AuditListInput } from '../../../../../src/core/personal/schemas';
import { fail } from '../../../../../src/core/errors';
import { defineAction } from '../../action';
import { nodeInScope, requireAdmin } from '../../adminScope';

const PAGE = 20;

/**
 * The audit log of an admin's subtree (PIPL Art. 28–30): who read household files, exported,
 * changed tags or roles, when and why. Entries are filed under their community (or the street for
 * street-level targets, audit.ts), so a community's log is one indexed query (scopeNodeId + at),
 * newest first, a page of 20, at most 50 pages (pageNumber).
 */
export const auditList = defineAction({
  name: 'audit.list',
  input: AuditListInput,
  async run(ctx, { nodeId, action, page }): Promise<{ entries: AuditEntryView[]; hasMore: boolean }> {
    const scope = await requireAdmin(ctx);
    let roots: string[];
    if (nodeId) {
      const node = await nodeInScope(ctx, scope, nodeId);
      if (node.level !== 'street' && node.level !== 'community') return fail('INVALID_INPUT', '请选择街道或社区查看审计日志');
      roots = [node._id];
    } else roots = scope.roots;
    const nodes = await ctx.repos.nodes.many(roots);
    // A street's log: its own entries and each of its communities'.
    const ids = new Set<string>(roots);
    for (const id of roots) if (nodes.get(id)?.level === 'street') for (const c of await ctx.repos.nodes.children(id)) ids.add(c._id);
    const { docs, hasMore } = await ctx.repos.audit.page([...ids], action, page, PAGE);
    return {
      entries: docs.map((d) => ({
        id: d._id,
        at: new Date(d.at).toISOString(),
        action: d.action,
        actionLabel: AUDIT_ACTION_LABEL[d.action] ?? d.action,
        actorName: d.actorName ?? '（未绑定人员的账号）',
        target: d.target,
        reason: d.reason,
        detail: d.detail,
      })),
      hasMore,
    };
  },
});
