// The demo personas have subscribed: each template allows them DEMO_GRANTS more WeChat messages,
// as if they had tapped 允许 that often. The product's ledger is written here; the emulator's own
// record (what WeChat knows) gets the same grants in emulator/main.ts, so the two agree.
import type { Database } from '../../cloudfunctions/api/src/cloud';
import { ledgerKey, type SubscriptionDoc } from '../../cloudfunctions/api/src/repo/subscriptions';
import { TEMPLATES } from '../../src/core/notify/templates';

export const DEMO_GRANTS = 3;

/** (openid, templateId) pairs the demo grants. */
export const demoGrants = (personas: { openid: string }[]) => personas.flatMap((p) => TEMPLATES.map((t) => ({ openid: p.openid, templateId: t.id })));

/** Sets each persona's ledger to DEMO_GRANTS per template (whatever the played history spent). */
export async function grantDemoPersonas(db: Database, personas: { openid: string }[], now: Date): Promise<number> {
  const pairs = demoGrants(personas);
  await Promise.all(
    pairs.map(({ openid, templateId }) => {
      const doc: Omit<SubscriptionDoc, '_id'> = { openid, templateId, grants: DEMO_GRANTS, accepted: DEMO_GRANTS, lastResult: 'accept', createdAt: now, updatedAt: now };
      return db.collection('subscriptions').doc(ledgerKey(openid, templateId)).set({ data: doc });
    }),
  );
  return pairs.length;
}
