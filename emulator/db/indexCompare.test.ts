import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import model from '@seald-io/nedb/lib/model.js'
import { describe, expect, it } from 'vitest'
import { compareIndexKeys, useFastIndexCompare } from './indexCompare'
import { CollectionStore } from './store'

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

describe('useFastIndexCompare is installed once per index', () => {
  it('a second call on an index that has the comparator does not walk its tree', () => {
    let walks = 0
    const root = { compareKeys: model.compareThings as unknown, left: null, right: null }
    const index = { _fields: ['a'], treeOptions: { compareKeys: model.compareThings as unknown }, tree: { get tree() { walks++; return root as never } } }
    useFastIndexCompare(index)
    expect(walks).toBe(1)
    expect(root.compareKeys).toBe(index.treeOptions.compareKeys)
    useFastIndexCompare(index)
    useFastIndexCompare(index)
    expect(walks).toBe(1)
  })

  it('indexes recreated from a datafile compare fast from the load on, and ensureIndex leaves them alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-idx-'))
    try {
      const first = new CollectionStore('c', join(dir, 'c.db'))
      await first.ensureIndex(['k'], false)
      await first.ensureIndex(['k', 'n'], true)
      await first.insert([{ _id: 'x', k: 'a', n: 1 }, { _id: 'y', k: 'b', n: 2 }, { _id: 'z', k: 'a', n: 3 }])
      await first.close()
      const again = new CollectionStore('c', join(dir, 'c.db'))
      await again.ready
      const indexes = (again.ds as any).indexes as Record<string, any>
      for (const name of ['_id', 'k', 'k,n']) {
        expect(indexes[name].treeOptions.compareKeys, name).not.toBe(model.compareThings)
        expect(indexes[name].tree.tree.compareKeys, name).toBe(indexes[name].treeOptions.compareKeys)
      }
      const tree = indexes.k.tree
      const root = tree.tree
      Object.defineProperty(tree, 'tree', { get: () => { throw new Error('walked') }, configurable: true })
      await again.ensureIndex(['k'], false)
      Object.defineProperty(tree, 'tree', { value: root, writable: true, configurable: true })
      expect(await again.find({ k: 'a', n: { $gte: 1 } })).toHaveLength(2)
      await again.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('non-unique compound indexes leave out documents lacking one of their fields', () => {
  const keysOf = (store: CollectionStore, name: string) => ((store.ds as any).indexes[name].getAll() as unknown[]).length

  it('at ensureIndex, on insert and update, and when recreated from the datafile; queries still find what they should', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-partial-'))
    try {
      const first = new CollectionStore('c', join(dir, 'c.db'))
      // 2,000 documents of one street, none closed yet: without the rule all share one key {s, closed: undefined}.
      await first.insert(Array.from({ length: 2000 }, (_, i) => ({ _id: `d${i}`, s: 'S', n: i })))
      await first.ensureIndex(['s', 'closed'], false)
      await first.ensureIndex(['s', 'n'], true) // a unique one keeps every document
      expect(keysOf(first, 'closed,s')).toBe(0)
      expect(keysOf(first, 'n,s')).toBe(2000)
      await first.update({ _id: 'd7' }, { $set: { closed: 5 } }, 'test')
      await first.insert([{ _id: 'x', s: 'S', closed: 5 }, { _id: 'y', s: 'T' }])
      expect(keysOf(first, 'closed,s')).toBe(2)
      expect((await first.find({ s: 'S', closed: 5 })).map((d) => d._id).sort()).toEqual(['d7', 'x'])
      expect(await first.find({ s: 'S', closed: { $exists: false } }, { limit: 3 })).toHaveLength(3)
      await first.update({ _id: 'x' }, { $unset: { closed: true } }, 'test')
      expect(keysOf(first, 'closed,s')).toBe(1)
      await first.close()
      const again = new CollectionStore('c', join(dir, 'c.db'))
      await again.ready
      expect(keysOf(again, 'closed,s')).toBe(1)
      expect((await again.find({ s: 'S', closed: 5 })).map((d) => d._id)).toEqual(['d7'])
      await again.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
