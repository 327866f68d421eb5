import { MESSAGES, type SentMessage } from '../../../emulator/openapi';
import type { setup } from './harness';

type T = Awaited<ReturnType<typeof setup>>;

/**
 * The user taps 允许 `n` times on the subscribe dialog of a template: WeChat (the emulator) records
 * each, and the app reports each to the ledger, as the client does.
 */
export async function subscribe(t: T, openid: string, templateId: string, n = 1): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.emu.subscriptions.request(openid, { [templateId]: 'accept' });
    await t.ok(openid, 'subscription.report', { results: { [templateId]: 'accept' } });
  }
}

/** Messages WeChat (the emulator) delivered, optionally to one user. */
export async function delivered(t: T, touser?: string): Promise<SentMessage[]> {
  const col = t.emu.platformDb.collection(MESSAGES);
  const { data } = await (touser ? col.where({ touser }) : col).limit(1000).get();
  return data as unknown as SentMessage[];
}
