// Audit log (PIPL Art. 28–30: sensitive personal information). Household tags such as 低保, 残疾,
// 特困, 独居老人 and 留守儿童 reveal a family's circumstances; every time staff see them, export them or
// change them, who did it, when, on what and why goes to `audit`. Entries are kept for 3 years
// (collections.ts) and are written by the functions only (cloud/database-rules.json closes the
// collection to clients).
import type { AuditActionName } from '../../../src/core/personal/schemas';
import { tagText } from '../../../src/core/privacy';
import type { AdminScope } from './adminScope';
import type { Ctx } from './context';

// household.view: a unit's household files were read; household.export / sheet.export: a spreadsheet
// export (households, or other kinds); household.tags.change (reason: the consent's purpose);
// person.roles.change (admin.people.save); echoWall.moderate (actions/echoWall/moderate.ts).
// Community admins read their subtree's log with audit.list (actions/audit/list.ts).
export type AuditAction = AuditActionName;

export interface AuditDoc {
  at: Date;
  action: AuditAction;
  actorOpenid: string;
  actorPersonId: string | null;
  actorName: string | null;
  /** What was seen or changed: an org node (a unit's households, a grid's export) or a household. */
  target: string;
  /** The community (or street) the target lies in: auditScopeOf. */
  scopeNodeId: string;
  /** Why (asked on export); empty when the action itself is the purpose (browsing one's own unit). */
  reason: string;
  detail: string;
}

/**
 * The node an entry is filed under: the community the target lies in (the street for a street-level
 * target), so a community's admins read their whole subtree's log with one indexed query.
 */
export function auditScopeOf(node: { _id: string; level: string; path: string[] }): string {
  if (node.level === 'street' || node.level === 'community') return node._id;
  return node.path[1] ?? node.path[0] ?? node._id;
}

/**
 * The detail of a `household.tags.change` entry, from the admin page (actions/admin/org.ts) and the import alike:
 * "标签：低保 → 低保、残疾；同意人 王大爷本人（2026-11-01）". The consent's purpose goes in `reason`.
 */
export function tagChangeDetail(before: readonly string[], after: readonly string[], consent: { by: string; at: string } | null | undefined): string {
  return `标签：${tagText(before) || '无'} → ${tagText(after) || '无'}${consent ? `；同意人 ${consent.by}（${consent.at}）` : ''}`;
}

export async function recordAudit(
  ctx: Ctx,
  scope: Pick<AdminScope, 'user'> | null,
  entry: { action: AuditAction; target: string; scopeNodeId: string; reason?: string; detail?: string },
): Promise<void> {
  const user = scope?.user ?? (await ctx.user());
  const doc: AuditDoc = {
    at: ctx.now,
    action: entry.action,
    actorOpenid: ctx.openid,
    actorPersonId: user?.person?.id ?? null,
    actorName: user?.person?.name ?? null,
    target: entry.target,
    scopeNodeId: entry.scopeNodeId,
    reason: entry.reason ?? '',
    detail: entry.detail ?? '',
  };
  await ctx.repos.audit.add(doc);
}
