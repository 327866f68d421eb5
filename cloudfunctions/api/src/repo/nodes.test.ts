// The queue-node cache (nodes.queueNode): a warm instance reads a 下单 / 派单 target once, and a
// rename through this instance's repo shows at once.
import { expect, it } from 'vitest';
import { createGridLinkEmulator } from '../../../../emulator/project';
import type { OrgNode } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { nodesRepo } from './nodes';

it('queueNode reads a node once, keeps only its name, level and path, and forgets it on a save', async () => {
  const emu = await createGridLinkEmulator({ quiet: true });
  const db = emu.db as unknown as Database;
  const community: OrgNode = { _id: 'S1-01', level: 'community', name: '河南社区', parentId: 'S1', path: ['S1'], leaderId: 'p1' };
  await db.collection('orgNodes').add({ data: community });
  const nodes = nodesRepo(db);
  emu.db.resetStats();
  expect(await nodes.queueNode('S1-01')).toEqual({ _id: 'S1-01', name: '河南社区', level: 'community', path: ['S1'] });
  expect(await nodes.queueNode('S1-01')).toMatchObject({ name: '河南社区' });
  expect(await nodesRepo(db).queueNode('S1-01')).toMatchObject({ name: '河南社区' }); // per database, not per repo object
  expect(emu.db.stats().reads).toBe(1);
  await nodes.save({ ...community, name: '民主社区' });
  expect(await nodes.queueNode('S1-01')).toMatchObject({ name: '民主社区' });
  expect(await nodes.queueNode('S1-09')).toBeNull();
  await emu.close();
});
