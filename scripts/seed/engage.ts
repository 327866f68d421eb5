// Demo 民主测评 and 书记领办, played through the real api function after the demo items: residents
// rate the 包保干部 who serves their household (once each, this period), and each community's
// 党委书记 takes on a few of the community's open items. So the 五考 ranking and the 领办 list show
// something on first start; the 回音壁 fills from the demo's closed items (their residents agreed).
import { createMain } from '../../cloudfunctions/api/src/main';
import type { Database } from '../../cloudfunctions/api/src/cloud';
import type { DemoData } from './demoCommunity';
import { seedCloud, DemoItemError } from './drive';

/** How many residents rate, and how many items each secretary leads. */
export const DEMO_EVALUATIONS = 24;
export const DEMO_LEADS = 3;

export async function seedEngagement(db: Database, data: DemoData, now: Date): Promise<{ evaluations: number; leads: number }> {
  const caller = { openid: '' };
  const api = createMain(seedCloud(db, caller), { now: () => now, log: () => undefined });
  const call = async (openid: string, action: string, input: object) => {
    caller.openid = openid;
    const r = (await api({ action, data: input })) as { ok: boolean; code?: string; message?: string };
    if (!r.ok) throw new DemoItemError(`演示数据 ${action} 失败：${r.code} ${r.message}`);
  };

  const households = new Map(data.households.map((h) => [h._id, h]));
  // Not the demo personas: whoever signs in as one may still rate their cadre this period.
  const personas = new Set(data.personas.map((p) => p.openid));
  const raters = data.users.filter((u) => !personas.has(u._id) && u.householdId && households.get(u.householdId)?.cadreId).slice(0, DEMO_EVALUATIONS);
  let evaluations = 0;
  for (const [i, u] of raters.entries()) {
    const cadreId = households.get(u.householdId!)!.cadreId!;
    // Mostly content, a few not: 5, 4, 5, 3, 5, 4, 2, …
    const stars = [5, 4, 5, 3, 5, 4, 2, 5][i % 8];
    await call(u._id, 'assessment.rate', { personId: cadreId, stars, comment: stars <= 3 ? '希望多来走访' : '', clientRequestId: `demo-eval-${i.toString().padStart(4, '0')}` });
    evaluations++;
  }

  let leads = 0;
  const _ = db.command;
  for (const p of data.people.filter((x) => x.roles.some((r) => r.role === 'secretary'))) {
    const post = p.roles.find((r) => r.role === 'secretary')!;
    const { data: open } = await db
      .collection('items')
      .where({ communityId: post.nodeId, state: _.in(['submitted', 'accepted', 'inProgress', 'whistled', 'paused', 'rectifying']) })
      .orderBy('createdAt', 'asc')
      .limit(DEMO_LEADS)
      .get();
    for (const item of open) {
      await call(p.openid!, 'item.lead', { id: item._id, note: '本月书记领办，跟踪到办结' });
      leads++;
    }
  }
  return { evaluations, leads };
}
