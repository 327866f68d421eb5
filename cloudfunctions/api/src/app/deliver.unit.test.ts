// The state a notice is written with (app/deliver.ts initialDelivery), without a database: only a
// notice that can go out is claimed; the others are final at once and cost no write after commit.
import { describe, expect, it } from 'vitest';
import { assignedMessage } from '../../../../src/core/notify/templates';
import { initialDelivery, NO_GRANT } from './deliver';

const NOW = new Date('2026-11-23T02:00:00Z');
const msg = assignedMessage({ _id: 'i1', kind: 'complaint', category: '环境卫生', description: '楼道里堆放杂物', createdAt: NOW }, '新待办');

describe('initialDelivery', () => {
  it('a grant: claimed by this call (sent right after commit; the timer takes it over if the call dies)', () => {
    expect(initialDelivery(msg, true, false, 'me', NOW)).toEqual({ status: 'sending', claimOwner: 'me', claimedAt: NOW });
  });

  it('a long-term template: the ledger read was its check, so the grant is held already', () => {
    expect(initialDelivery(msg, true, true, 'me', NOW)).toEqual({ status: 'sending', claimOwner: 'me', claimedAt: NOW, grantSpent: true });
  });

  it('no grant: skipped (消息中心 only), final, never claimed', () => {
    expect(initialDelivery(msg, false, false, 'me', NOW)).toEqual({ status: 'skipped', lastError: NO_GRANT });
    expect(initialDelivery(msg, false, true, 'me', NOW)).toEqual({ status: 'skipped', lastError: NO_GRANT });
  });

  it('a message that breaks its template rules: failed at once (a dead letter), even with a grant', () => {
    const bad = { ...msg, data: { ...msg.data, phrase4: { value: '这不是一个短语而是一句很长的话' } } };
    const r = initialDelivery(bad, true, false, 'me', NOW);
    expect(r).toMatchObject({ status: 'failed' });
    expect(r.lastError).toContain('消息内容不符合模板规则');
    expect(r.claimOwner).toBeUndefined();
  });
});
