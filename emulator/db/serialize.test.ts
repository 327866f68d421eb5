import model from '@seald-io/nedb/lib/model.js'
import { describe, expect, it } from 'vitest'
import { serializeLine } from './serialize'

describe('serializeLine', () => {
  const at = new Date('2026-11-29T12:00:00.123Z')
  const docs: unknown[] = [
    { _id: 'a', n: 1, s: '环境卫生 "quoted" \n line', b: false, z: null, at },
    { _id: 'b', timeline: [{ at, note: 'x', from: null }, { at, to: 'accepted' }], tree: { g1: { submitted: 3, p: { x: 1 } } } },
    { _id: 'c', arr: [1, undefined, null, at, [at, { d: at }]], skip: undefined, nested: { skip: undefined, keep: 0 } },
    { _id: 'd', $$deleted: true },
    { _id: 'e', num: Number.NaN, inf: Infinity, neg: -0, big: 1e21, re: /x/ },
    { w: [{ c: 'items', l: [{ _id: 'x', at }] }] },
    { _id: 'f', custom: { toJSON: () => ({ kind: 'custom', at: 5 }) }, list: [{ toJSON: () => 'text' }] },
  ]
  it.each(docs.map((d, i) => [i, d]))('writes doc %i exactly as NeDB does', (_i, d) => {
    expect(serializeLine(d)).toBe(model.serialize(d))
    expect(model.deserialize(serializeLine(d))).toEqual(model.deserialize(model.serialize(d)))
  })

  it('keeps NeDB key rules', () => {
    for (const bad of [{ $set: 1 }, { a: { 'b.c': 1 } }, { $$date: 'x' }, { arr: [{ $x: 1 }] }]) {
      expect(() => model.serialize(bad)).toThrow()
      expect(() => serializeLine(bad)).toThrow()
    }
  })
})
