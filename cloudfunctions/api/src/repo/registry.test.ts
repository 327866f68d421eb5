// The workflow's department cache (departments.known): a warm instance reads a department once; a
// save through it shows at once.
import { expect, it } from 'vitest';
import { createGridLinkEmulator } from '../../../../emulator/project';
import type { Department } from '../../../../src/core/types';
import type { Database } from '../cloud';
import { departmentsRepo } from './registry';

it('known() reads each department once per warm instance, answers those that exist, and forgets one on a save', async () => {
  const emu = await createGridLinkEmulator({ quiet: true });
  const db = emu.db as unknown as Database;
  const at = new Date('2026-11-29T00:00:00Z');
  const d = (id: string, name: string): Department => ({ _id: id, name, kind: '城管', scopeNodeId: 'S1', createdAt: at, updatedAt: at });
  await db.collection('departments').add({ data: [d('D1', '城管执法中队'), d('D2', '市场监管所')] });
  const repo = departmentsRepo(db);
  emu.db.resetStats();
  expect((await repo.known(['D1', 'D2', 'D9'])).map((x) => x.name)).toEqual(['城管执法中队', '市场监管所']);
  expect((await departmentsRepo(db).known(['D2', 'D1', 'D9'])).map((x) => x._id)).toEqual(['D2', 'D1']);
  expect(emu.db.stats().reads).toBe(1);
  await repo.save(d('D1', '综合执法中队'));
  expect((await repo.known(['D1']))[0].name).toBe('综合执法中队');
  await emu.close();
});
