import model from '@seald-io/nedb/lib/model.js'
import { describe, expect, it } from 'vitest'
import { compareIndexKeys, useFastIndexCompare } from './indexCompare'

describe('compareIndexKeys orders as NeDB does', () => {
  const d = (ms: number) => new Date(ms)
  const values: unknown[] = [
    undefined, null, -1, 0, 0.5, 2, 10, Number.NaN, '', 'a', 'B', 'b', 'ab', '社区', '网格', true, false,
    d(0), d(1000), d(1000), [], [1], [1, 2], ['a'], {}, { a: 1 }, { b: 1 }, { a: 1, b: 2 }, { b: 2, a: 1 },
    { a: 'x', b: d(5) }, { a: 'x', b: d(6) }, { a: 'y', b: d(1) }, { a: 'x', b: undefined }, { a: 'x', b: null },
    { holderKey: 'p1', state: 'accepted', updatedAt: d(7) }, { holderKey: 'p1', state: 'accepted', updatedAt: d(8) },
    { holderKey: 'p1', state: 'submitted', updatedAt: d(1) }, { holderKey: 'p2', state: 'accepted', updatedAt: d(1) },
    { 'whistle.departments.id': ['d1', 'd2'], updatedAt: d(1) }, { 'whistle.departments.id': undefined, updatedAt: d(1) },
  ]
  it('agrees in sign with model.compareThings on every pair', () => {
    for (const a of values) for (const b of values) {
      expect(Math.sign(compareIndexKeys(a, b)), `${String(JSON.stringify(a))} vs ${String(JSON.stringify(b))}`).toBe(Math.sign(model.compareThings(a, b)))
    }
  })

  it('a compound index compares its keys as compareThings does', () => {
    const index = { _fields: ['holderKey', 'state', 'updatedAt'], treeOptions: { compareKeys: model.compareThings as unknown }, tree: { tree: null as never } }
    useFastIndexCompare(index)
    const compare = index.treeOptions.compareKeys as (a: unknown, b: unknown) => number
    const keys = [
      ...['p1', 'p2', undefined].flatMap((holderKey) => ['accepted', 'submitted', null].flatMap((state) => [d(1), d(2), undefined].map((updatedAt) => ({ holderKey, state, updatedAt })))),
      null, 'x', d(3),
    ]
    for (const a of keys) for (const b of keys) expect(Math.sign(compare(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(model.compareThings(a, b)))
  })
})
