// The audit log of an import's sensitive tag changes (PIPL Art. 28–30): each household whose tags
// change where a sensitive tag (低保, 残疾 …) is involved gets a `household.tags.change` entry, as an
// edit on the admin page does (actions/admin/org.ts): who (the admin who ran the import), when, the
// tags before and after, and the consent note (purpose in `reason`).
//
// Written ahead of the household writes, in batches of AUDIT_BATCH, under ids derived from the job
// and the household. A resumed job (the jobs trigger, 继续导入) plans again: households already
// written are unchanged and give no entry; those still to write give the same ids, and ids already
// present are skipped. So each change is logged once, and a change is never written unlogged.
import type { TagChange } from '../../../../src/core/importing/plan';
import type { UserDoc } from '../../../../src/core/types';
import { tagChangeDetail, type AuditDoc } from '../audit';
import type { Repos } from '../repo';
import { chunks } from './util';

/** Entries per read-then-add round: one `_id in` read and at most one batched add. */
export const AUDIT_BATCH = 500;

export interface Importer {
  openid: string;
  user: Pick<UserDoc, 'person'> | null;
}

/** The entry id of one household's change in one import run (a job keeps its id when resumed). */
export const tagAuditId = (runKey: string, householdId: string) => `imp-${runKey}-${householdId}`;

export function tagAuditDocs(changes: readonly TagChange[], who: Importer, runKey: string, now: Date): (AuditDoc & { _id: string })[] {
  return changes.map((c) => ({
    _id: tagAuditId(runKey, c.householdId),
    at: now,
    action: 'household.tags.change' as const,
    actorOpenid: who.openid,
    actorPersonId: who.user?.person?.id ?? null,
    actorName: who.user?.person?.name ?? null,
    target: c.householdId,
    scopeNodeId: c.scopeNodeId,
    reason: c.consent?.purpose ?? '',
    detail: `${tagChangeDetail(c.before, c.after, c.consent)}（表格导入 ${runKey}）`,
  }));
}

/** Writes the entries not yet there; answers how many it wrote. */
export async function writeTagAudit(repos: Pick<Repos, 'audit'>, changes: readonly TagChange[], who: Importer, runKey: string, now: Date): Promise<number> {
  let written = 0;
  for (const batch of chunks(tagAuditDocs(changes, who, runKey, now), AUDIT_BATCH)) {
    const present = await repos.audit.present(batch.map((d) => d._id));
    const fresh = batch.filter((d) => !present.has(d._id));
    await repos.audit.addMany(fresh);
    written += fresh.length;
  }
  return written;
}
