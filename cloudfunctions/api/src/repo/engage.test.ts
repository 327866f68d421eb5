// 回音壁 entries by item: withPhotos is ofItems without the entries whose photos are gone.
import { expect, it } from 'vitest';
import { createGridLinkEmulator } from '../../../../emulator/project';
import { ECHO_COLLECTION } from '../../../../src/core/engage/echo';
import type { Database } from '../cloud';
import { engageRepo } from './engage';

it('withPhotos answers the entries of ofItems that still hold photos', async () => {
  const emu = await createGridLinkEmulator({ quiet: true });
  const db = emu.db as unknown as Database;
  const entry = (_id: string, photos: unknown[] | undefined) => ({ _id, communityId: 'C1', hidden: false, version: 1, ...(photos ? { photos } : {}) });
  for (const e of [entry('I1', [{ key: 'a0', status: 'pending' }]), entry('I2', []), entry('I3', undefined), entry('I4', [{ key: 'b0', status: 'approved' }])]) {
    await db.collection(ECHO_COLLECTION).add({ data: e });
  }
  const echo = engageRepo(db).echo;
  const ids = (es: { _id: string }[]) => es.map((e) => e._id).sort();
  expect(ids(await echo.ofItems(['I1', 'I2', 'I3', 'I5']))).toEqual(['I1', 'I2', 'I3']);
  expect(ids(await echo.withPhotos(['I1', 'I2', 'I3', 'I4', 'I5']))).toEqual(['I1', 'I4']);
  expect(await echo.withPhotos([])).toEqual([]);
});
