// 五考: the ranking of a scope's cadres and grid workers for a period, from the statistics counters
// (each person's tallies as holder: counters g.<grid>.p.<person>, plus pending tallies) and the
// 民主测评 totals. Used by assessment.list and by the export job (jobs/handlers.ts): both rank alike.
// Reads: the month counter documents (1 per 100), pending tallies, the totals, the people (1 per 1000), grid names.
import type { AssessmentResult, AssessmentRow } from '../../../../src/core/engage/contract';
import {
  ASSESSMENT_PERIOD_LABEL, rankByScore, recentPeriodKeys, parsePeriodKey, SCORE_NOTE, scorePerson,
  type AssessmentPeriod, type Evaluation,
} from '../../../../src/core/engage/assessment';
import { ROLE_LABEL } from '../../../../src/core/labels';
import { addTree, dayKey, fieldKey, fromFieldKey, pendingDocs, type CounterDoc, type Tree } from '../../../../src/core/stats/buckets';
import type { Counts } from '../../../../src/core/stats/tally';
import type { OrgNode, Person } from '../../../../src/core/types';
import type { StreetSettings } from '../../../../src/core/settings';
import type { Repos } from '../repo';

export interface AssessmentDeps {
  repos: Repos;
  now: Date;
}

/**
 * Each person's counts as holder, over the documents of a scope (a grid takes only its own part):
 * month documents plus day documents not yet rolled (pending ones never are).
 */
export function personCounts(docs: CounterDoc[], months: ReadonlySet<string>, gridId?: string): Map<string, Counts> {
  const out = new Map<string, Tree>();
  for (const doc of docs) {
    if (!months.has(doc.period.slice(0, 7)) || (doc.span === 'day' && doc.rolled)) continue;
    for (const [g, part] of Object.entries(doc.g ?? {})) {
      if (gridId && g !== fieldKey(gridId)) continue;
      for (const [pk, c] of Object.entries(part.p ?? {})) {
        const id = fromFieldKey(pk);
        out.set(id, addTree(out.get(id) ?? {}, c as Tree));
      }
    }
  }
  return out as Map<string, Counts>;
}

export async function computeAssessment(
  deps: AssessmentDeps,
  scope: { node: OrgNode; level: 'street' | 'community' | 'grid' },
  period: AssessmentPeriod,
  settings: StreetSettings,
): Promise<AssessmentResult> {
  const { repos, now } = deps;
  const { node, level } = scope;
  const communityId = level === 'community' ? node._id : level === 'grid' ? node.parentId ?? '' : '';
  const where = level === 'street' ? { streetId: node._id } : { communityId };
  const communities = level === 'street' ? (await repos.nodes.children(node._id)).filter((n) => n.level === 'community').map((n) => n._id) : [communityId];

  // 五考 needs month totals per grid and person: the per-day parts (y, w) stay on the server.
  const fields = { streetId: true, communityId: true, period: true, span: true, rolled: true, g: true };
  const [stored, pending, totals, people] = await Promise.all([
    level === 'street' ? repos.counters.ofStreet(node._id, period.months, [], fields) : repos.counters.ofCommunity(communityId, period.months, [], fields),
    repos.counters.pending(where),
    repos.engage.assessment.evaluationTotals(where, period.months),
    repos.engage.assessment.assessed(communities),
  ]);
  const months = new Set(period.months);
  const counts = personCounts([...stored, ...pendingDocs(pending, months)], months, level === 'grid' ? node._id : undefined);
  const evals = new Map<string, Evaluation>();
  for (const t of totals) {
    if (!months.has(t.month)) continue;
    for (const [pid, e] of Object.entries(t.p ?? {})) {
      const cur = evals.get(pid) ?? { n: 0, sum: 0 };
      evals.set(pid, { n: cur.n + (e.n ?? 0), sum: cur.sum + (e.sum ?? 0) });
    }
  }
  const assessed = people.filter((p: Person) => level !== 'grid' || p.gridId === node._id);
  const grids = await repos.nodes.many([...new Set(assessed.map((p) => p.gridId ?? ''))].filter(Boolean));
  const weights = settings.assessment.weights;
  const rows = assessed.map((p) => {
    const c = counts.get(p._id) ?? {};
    const ev = evals.get(p._id);
    const s = scorePerson(c, ev, weights);
    const role = p.roles.find((g) => g.role === 'cadre') ? 'cadre' : 'gridWorker';
    return {
      personId: p._id, name: p.name, roleLabel: ROLE_LABEL[role], gridName: grids.get(p.gridId ?? '')?.name ?? '',
      score: s.score, metrics: s.metrics, handled: c.resolved ?? 0, evaluations: ev?.n ?? 0,
      avgStars: ev && ev.n > 0 ? Math.round((ev.sum / ev.n) * 10) / 10 : null,
    };
  });
  const ranked: AssessmentRow[] = rankByScore(rows).map(({ rank, row }) => ({ rank, ...row }));
  const today = dayKey(now);
  return {
    period,
    periods: recentPeriodKeys(period.kind, today).map((key) => ({ key, label: parsePeriodKey(key)!.label })),
    scope: { id: node._id, name: node.name, level },
    weights,
    rows: ranked,
    note: `${ASSESSMENT_PERIOD_LABEL[period.kind]}考核。${SCORE_NOTE}`,
  };
}
