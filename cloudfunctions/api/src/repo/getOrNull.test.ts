import { expect, it } from 'vitest';
import { updatedOf } from './getOrNull';

it('updatedOf reads both answer shapes of an update: a query\'s stats.updated and a transaction document\'s updated', () => {
  expect(updatedOf({ stats: { updated: 2 } })).toBe(2);
  expect(updatedOf({ updated: 1 })).toBe(1);
  expect(updatedOf({ stats: { updated: 0 } })).toBe(0);
  expect(updatedOf({})).toBe(0);
  expect(updatedOf(null)).toBe(0);
});
