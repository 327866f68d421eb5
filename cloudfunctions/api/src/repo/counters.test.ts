// The counter reads stay bounded by the period asked for, even when the timer has left days unrolled.
import { expect, it } from 'vitest';
import { createGridLinkEmulator } from '../../../../emulator/project';
import type { Database } from '../cloud';
import { countersRepo } from './counters';

it('unrolled days outside the months asked for are not read; those inside are', async () => {
  const emu = await createGridLinkEmulator({ quiet: true });
  const db = emu.db as unknown as Database;
  const day = (period: string, rolled: boolean) => ({ _id: `c:C1:${period}`, streetId: 'S1', communityId: 'C1', period, span: 'day', rolled, t: { submitted: 1 } });
  for (const d of [day('2026-08-30', false), day('2026-11-02', false), day('2026-11-03', true), day('2026-12-01', false)]) await db.collection('counters').add({ data: d });
  await db.collection('counters').add({ data: { _id: 'c:C1:2026-11', streetId: 'S1', communityId: 'C1', period: '2026-11', span: 'month', t: { submitted: 5 } } });
  const repo = countersRepo(db);
  const ids = (docs: { _id: string }[]) => docs.map((d) => d._id).sort();
  const fields = { period: true };
  expect(ids(await repo.ofCommunity('C1', ['2026-11'], [], fields))).toEqual(['c:C1:2026-11', 'c:C1:2026-11-02']);
  expect(ids(await repo.ofStreet('S1', ['2026-11'], [], fields))).toEqual(['c:C1:2026-11', 'c:C1:2026-11-02']);
  // A range from 30 Aug to November: the unrolled 30 Aug comes by id, November's by the bound; December's never.
  expect(ids(await repo.ofCommunity('C1', ['2026-09', '2026-10', '2026-11'], ['2026-08-30', '2026-08-31'], fields))).toEqual(['c:C1:2026-08-30', 'c:C1:2026-11', 'c:C1:2026-11-02']);
});
