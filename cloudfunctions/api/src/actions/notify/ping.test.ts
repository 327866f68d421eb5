// system.ping is the floor of issue 8's benchmark: it must cost nothing but the call itself.
import { describe, expect, it } from 'vitest';
import { setup } from '../../../test/harness';

describe('system.ping', () => {
  it('answers pong to any signed-in caller with no database read or write; without a session it is refused', async () => {
    const t = await setup();
    t.emu.db.resetStats();
    expect(await t.call('o-anyone', 'system.ping', {})).toEqual({ ok: true, data: { pong: true } });
    const s = t.emu.db.stats();
    expect([s.reads, s.writes]).toEqual([0, 0]);
    // No identity, no answer: the session check is part of the floor.
    expect(await t.emu.call('api', { action: 'system.ping', data: {} }, '')).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});
