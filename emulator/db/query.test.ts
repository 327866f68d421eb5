import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import Datastore from '@seald-io/nedb'
import { Query as MingoQuery } from 'mingo'
import { createDatabase, DatabaseError, type Doc, type EmulatedDatabase } from './index'
import { equalityMatcher } from './store'

let db: EmulatedDatabase
const ids = (docs: Doc[]) => docs.map((d) => d._id).sort()

beforeEach(async () => {
  db = createDatabase()
  await db.collection('items').add({
    data: [
      { _id: 'a', n: 1, s: 'apple', tags: ['red', 'fruit'], meta: { owner: 'u1', level: 2 }, arr: [{ k: 1 }, { k: 5 }] },
      { _id: 'b', n: 5, s: 'Banana', tags: ['yellow', 'fruit'], meta: { owner: 'u2', level: 1 }, arr: [{ k: 2 }] },
      { _id: 'c', n: 10, s: 'carrot', tags: ['orange'], meta: { owner: 'u1' }, extra: null },
      { _id: 'd', n: 7, s: 'date', tags: [], meta: { owner: 'u3', level: 3, deep: { x: 1 } } },
    ],
  })
})
afterEach(() => db.close())

describe('where', () => {
  const q = (cond: unknown) => db.collection('items').where(cond).get().then((r) => ids(r.data))

  it('flattens nested objects into dot paths instead of whole-object equality', async () => {
    expect(await q({ meta: { owner: 'u1' } })).toEqual(['a', 'c'])
    expect(await q({ meta: { owner: 'u1', level: 2 } })).toEqual(['a'])
    expect(await q({ 'meta.owner': 'u2' })).toEqual(['b'])
    expect(await q({ meta: { deep: { x: 1 } } })).toEqual(['d'])
  })

  it('whole-object equality is available through _.eq', async () => {
    const _ = db.command
    expect(await q({ meta: _.eq({ owner: 'u1' }) })).toEqual(['c'])
  })

  it('scalar against array field matches an element; array value matches exactly', async () => {
    expect(await q({ tags: 'fruit' })).toEqual(['a', 'b'])
    expect(await q({ tags: ['orange'] })).toEqual(['c'])
    expect(await q({ 'arr.k': 5 })).toEqual(['a'])
  })

  it('comparison commands', async () => {
    const _ = db.command
    expect(await q({ n: _.eq(5) })).toEqual(['b'])
    expect(await q({ n: _.neq(5) })).toEqual(['a', 'c', 'd'])
    expect(await q({ n: _.gt(5) })).toEqual(['c', 'd'])
    expect(await q({ n: _.gte(5) })).toEqual(['b', 'c', 'd'])
    expect(await q({ n: _.lt(5) })).toEqual(['a'])
    expect(await q({ n: _.lte(5) })).toEqual(['a', 'b'])
    expect(await q({ n: _.in([1, 10, 99]) })).toEqual(['a', 'c'])
    expect(await q({ n: _.nin([1, 10]) })).toEqual(['b', 'd'])
    expect(await q({ tags: _.in(['orange', 'red']) })).toEqual(['a', 'c'])
  })

  it('exists, size, all, elemMatch', async () => {
    const _ = db.command
    expect(await q({ 'meta.level': _.exists(false) })).toEqual(['c'])
    expect(await q({ extra: _.exists(true) })).toEqual(['c'])
    expect(await q({ tags: _.size(0) })).toEqual(['d'])
    expect(await q({ tags: _.size(2) })).toEqual(['a', 'b'])
    expect(await q({ tags: _.all(['fruit', 'red']) })).toEqual(['a'])
    expect(await q({ arr: _.elemMatch({ k: _.gt(3) }) })).toEqual(['a'])
    expect(await q({ arr: _.elemMatch({ k: _.gte(1).and(_.lte(2)) }) })).toEqual(['a', 'b'])
  })

  it('elemMatch with field conditions looks only at elements that are documents', async () => {
    const _ = db.command
    await db.collection('em').add({ data: [{ _id: 'num', v: [1, 7] }, { _id: 'doc', v: [{ value: 7 }] }, { _id: 'mixed', v: [7, { value: 1 }] }, { _id: 'str', v: ['x'] }] })
    const find = async (cond: unknown) => ids((await db.collection('em').where({ v: cond }).get()).data)
    expect(await find(_.elemMatch({ value: 7 }))).toEqual(['doc'])
    expect(await find(_.elemMatch({ value: _.exists(true) }))).toEqual(['doc', 'mixed'])
    expect(await find(_.elemMatch(_.or([{ value: 1 }, { value: 7 }])))).toEqual(['doc', 'mixed'])
    expect(await find(_.elemMatch(_.gt(5)))).toEqual(['mixed', 'num']) // operator form: the scalars
    expect((await db.collection('em').where({ v: _.elemMatch({ value: _.gte(0) }) }).count()).total).toBe(2)
  })

  it('all() of elemMatch clauses needs each clause matched by a document element', async () => {
    const _ = db.command
    await db.collection('em').add({ data: [{ _id: 'num', v: [1, 7] }, { _id: 'doc', v: [{ value: 1 }, { value: 7, k: 'x' }] }, { _id: 'half', v: [1, { value: 7 }] }] })
    const find = async (cond: unknown) => ids((await db.collection('em').where({ v: cond }).orderBy('_id', 'asc').get()).data)
    expect(await find(_.all([_.elemMatch({ value: 1 }), _.elemMatch({ value: 7, k: 'x' })]))).toEqual(['doc'])
    expect(await find(_.all([_.elemMatch({ value: 1 })]))).toEqual(['doc'])
    expect(await find(_.all([_.elemMatch({ value: 7 })]))).toEqual(['doc', 'half'])
    expect(await find(_.not(_.all([_.elemMatch({ value: 1 })])))).toEqual(['half', 'num'])
  })

  it('all() is the and of one equality per value: an array value also matches the whole field, a regular expression matches strings', async () => {
    const _ = db.command
    await db.collection('al').add({ data: [{ _id: 'flat', v: [1, 2] }, { _id: 'nested', v: [[1, 2], 3] }, { _id: 's', v: ['xyz', 'abc'] }, { _id: 'one', v: 'xy' }] })
    const find = async (cond: unknown) => ids((await db.collection('al').where({ v: cond }).get()).data)
    expect(await find(_.all([[1, 2]]))).toEqual(['flat', 'nested'])
    expect(await find(_.all([/^x/]))).toEqual(['one', 's'])
    expect(await find(_.all([/^x/, 'abc']))).toEqual(['s'])
    expect(await find(_.all([]))).toEqual([])
    expect(await find(_.not(_.all([[1, 2]])))).toEqual(['one', 's'])
  })

  it('all() mixing values and elemMatch clauses, or in/nin/all holding other commands, are refused with -502001, as MongoDB refuses them', async () => {
    const _ = db.command
    await db.collection('em').add({ data: [{ _id: 'x', v: [1, { value: 7 }] }] })
    const get = (cond: unknown) => db.collection('em').where({ v: cond }).get()
    await expect(get(_.all([_.elemMatch({ value: 7 }), 1]))).rejects.toMatchObject({ errCode: -502001, errMsg: expect.stringMatching(/has to be consistent/) })
    await expect(get(_.all([1, _.elemMatch({ value: 7 })]))).rejects.toMatchObject({ errCode: -502001, errMsg: expect.stringMatching(/no \$ expressions in \$all/) })
    await expect(get(_.not(_.all([{ value: 7 }, _.elemMatch({ value: 7 })])))).rejects.toMatchObject({ errCode: -502001 })
    await expect(get(_.all([_.gt(0)]))).rejects.toMatchObject({ errCode: -502001, errMsg: expect.stringMatching(/no \$ expressions in \$all/) })
    await expect(get(_.all([1, _.exists(true)]))).rejects.toMatchObject({ errCode: -502001 })
    await expect(get(_.in([1, _.gt(0)]))).rejects.toMatchObject({ errCode: -502001, errMsg: expect.stringMatching(/cannot nest/) })
    await expect(get(_.nin([_.gt(0)]))).rejects.toMatchObject({ errCode: -502001 })
    expect((await get(_.all([1, { value: 7 }]))).data.map((d) => d._id)).toEqual(['x'])
  })

  it('an empty nested object is no condition (the SDK flattens it away) and sets nothing in an update', async () => {
    const c = db.collection('items')
    const all = (await c.count()).total
    expect((await c.where({ meta: {} }).count()).total).toBe(all)
    expect((await c.where({ meta: {}, n: 1 }).get()).data.map((d) => d._id)).toEqual(['a'])
    expect((await c.doc('a').update({ data: { meta: {}, n: 2 } })).stats.updated).toBe(1)
    expect((await c.doc('a').get()).data.meta).toEqual({ owner: 'u1', level: 2 }) // untouched
    await c.doc('a').update({ data: { meta: db.command.set({}) } })
    expect((await c.doc('a').get()).data.meta).toEqual({})
  })

  it('refuses empty data for set() and update() (wx-server-sdk), leaving the document whole', async () => {
    const c = db.collection('items')
    await expect(c.doc('a').set({ data: {} })).rejects.toMatchObject({ errCode: -1, errMsg: expect.stringMatching(/options.data must not be empty/) })
    await expect(c.doc('a').update({ data: {} })).rejects.toMatchObject({ errCode: -1 })
    await expect(c.where({ n: 1 }).update({ data: {} })).rejects.toMatchObject({ errCode: -1 })
    expect((await c.doc('a').get()).data.s).toBe('apple')
    await expect(c.doc('a').set({ data: { n: db.command.inc(1) } })).rejects.toMatchObject({ errCode: -502001 })
  })

  it('field-level logic: chained and/or and _.or(cmd, cmd)', async () => {
    const _ = db.command
    expect(await q({ n: _.gt(1).and(_.lt(10)) })).toEqual(['b', 'd'])
    expect(await q({ n: _.lt(2).or(_.gt(8)) })).toEqual(['a', 'c'])
    expect(await q({ n: _.or(_.eq(1), _.eq(7)) })).toEqual(['a', 'd'])
    expect(await q({ n: _.and([_.gt(1), _.lt(7)]) })).toEqual(['b'])
    expect(await q({ n: _.not(_.gt(5)) })).toEqual(['a', 'b'])
  })

  it('top-level logic: _.or([...]) / _.and([...]) with nested conditions', async () => {
    const _ = db.command
    expect(await q(_.or([{ n: 1 }, { meta: { owner: 'u3' } }]))).toEqual(['a', 'd'])
    expect(await q(_.and([{ tags: 'fruit' }, { n: _.gt(1) }]))).toEqual(['b'])
    expect(await q(_.or([{ n: _.lt(2) }, { n: _.gt(9) }]))).toEqual(['a', 'c'])
  })

  it('regular expressions: native RegExp and db.RegExp', async () => {
    expect(await q({ s: /^b/i })).toEqual(['b'])
    expect(await q({ s: db.RegExp({ regexp: '^[ab]', options: 'i' }) })).toEqual(['a', 'b'])
    expect(await q({ s: db.RegExp({ regexp: '^B' }) })).toEqual(['b'])
    expect(await q({ s: new (db.RegExp as any)({ regexp: 'rot$' }) })).toEqual(['c'])
  })

  it('null matches missing fields (mongo semantics)', async () => {
    expect(await q({ extra: null })).toEqual(['a', 'b', 'c', 'd'])
  })

  it('aggregate-style operator objects are accepted in where', async () => {
    const $ = db.command.aggregate
    expect(await q({ n: $.gt(5) })).toEqual(['c', 'd'])
  })

  it('where() refuses a missing condition and one whose values are all undefined, at once (as the SDK)', () => {
    const col = db.collection('items')
    expect(() => col.where(undefined)).toThrow(/查询参数必须为对象/)
    expect(() => col.where(null)).toThrow(/查询参数必须为对象/)
    expect(() => col.where({ owner: undefined })).toThrow(/查询参数对象值不能均为undefined/)
    expect(() => col.where({ owner: undefined, n: 1 })).not.toThrow()
    expect(() => col.where({})).not.toThrow()
  })

  it('_.mod matches numbers only, by their integer part (MongoDB truncates toward zero)', async () => {
    const _ = db.command
    const c = db.collection('mods')
    await c.add({ data: [{ _id: 'neg', v: -7.5 }, { _id: 'frac', v: 6.9 }, { _id: 'str', v: '6' }, { _id: 'arr', v: [1, 10] }, { _id: 'none' }] })
    const mod = (d: number, r: number) => c.where({ v: _.mod([d, r]) }).get().then((res) => ids(res.data))
    expect(await mod(4, -3)).toEqual(['neg']) // -7.5 → -7; -7 % 4 is -3
    expect(await mod(4, 2)).toEqual(['arr', 'frac']) // 6.9 → 6; an array matches by any element; the string '6' never
    expect(await mod(4.9, 2)).toEqual(['arr', 'frac']) // the divisor is truncated too
    expect((await c.where({ v: _.elemMatch(_.mod([3, 1])) }).get()).data.map((d) => d._id)).toEqual(['arr'])
    await expect(mod(0.5, 0)).rejects.toBeInstanceOf(DatabaseError) // a divisor whose integer part is 0, as 0 itself
  })

  it('null equality through arrays of documents: an element lacking the field counts, a scalar element does not (MongoDB)', async () => {
    const _ = db.command
    const c = db.collection('nulls')
    await c.add({ data: [{ _id: '1', a: [{ b: 5 }] }, { _id: '2', a: [{}] }, { _id: '3', a: [] }, { _id: '4', a: [{}, { b: 5 }] }, { _id: '5', a: [5, { b: 5 }] }, { _id: '6', a: 4 }, { _id: '7' }] })
    const find = async (cond: unknown) => ids((await c.where(cond).get()).data)
    expect(await find({ 'a.b': null })).toEqual(['2', '4', '6', '7'])
    expect(await find({ 'a.b': _.eq(null) })).toEqual(['2', '4', '6', '7'])
    expect(await find({ 'a.b': _.in([null, 9]) })).toEqual(['2', '4', '6', '7'])
    expect(await find({ 'a.b': _.neq(null) })).toEqual(['1', '3', '5'])
    expect(await find({ 'a.b': _.nin([null]) })).toEqual(['1', '3', '5'])
    expect(await find({ a: null })).toEqual(['7'])
    expect(await find({ 'a.b': _.gte(null) })).toEqual(['2', '4', '6', '7'])
    expect(await find({ a: _.lte(null) })).toEqual(['7'])
    expect(await find({ a: _.gt(null) })).toEqual([])
  })

  it('rejects field commands at top level and update commands in queries', async () => {
    const _ = db.command
    await expect(db.collection('items').where(_.gt(1)).get()).rejects.toBeInstanceOf(DatabaseError)
    await expect(db.collection('items').where({ n: _.inc(1) }).get()).rejects.toBeInstanceOf(DatabaseError)
  })
})

describe('orderBy / skip / limit / field', () => {
  it('orders by one and several fields', async () => {
    const c = db.collection('items')
    expect((await c.orderBy('n', 'desc').get()).data.map((d) => d._id)).toEqual(['c', 'd', 'b', 'a'])
    expect((await c.orderBy('n', 'asc').get()).data.map((d) => d._id)).toEqual(['a', 'b', 'd', 'c'])
    expect((await c.orderBy('meta.owner', 'asc').orderBy('n', 'desc').get()).data.map((d) => d._id))
      .toEqual(['c', 'a', 'b', 'd'])
  })

  it('skip and limit page through the sorted result', async () => {
    const r = await db.collection('items').orderBy('n', 'asc').skip(1).limit(2).get()
    expect(r.data.map((d) => d._id)).toEqual(['b', 'd'])
    expect(r.errMsg).toBe('collection.get:ok')
  })

  it('field() projects, keeping _id unless excluded', async () => {
    const c = db.collection('items').where({ _id: 'a' })
    expect((await c.field({ n: true, 'meta.owner': true }).get()).data).toEqual([{ _id: 'a', n: 1, meta: { owner: 'u1' } }])
    expect((await c.field({ n: true, _id: false }).get()).data).toEqual([{ n: 1 }])
    const excl = (await c.field({ tags: false, arr: false, meta: false }).get()).data[0]
    expect(excl).toEqual({ _id: 'a', n: 1, s: 'apple' })
    expect((await db.collection('items').doc('b').field({ s: true }).get()).data).toEqual({ _id: 'b', s: 'Banana' })
  })

  it('field() with plain top-level specs answers what a mingo projection does', async () => {
    const all = (await db.collection('items').orderBy('_id', 'asc').get()).data
    const specs: Record<string, boolean>[] = [
      { n: true }, { n: true, _id: false }, { n: true, _id: true }, { tags: false }, { tags: false, _id: false },
      { _id: false }, { _id: true }, { missing: true }, { n: true, s: true, extra: true }, { meta: false, arr: false },
    ]
    for (const spec of specs) {
      const got = (await db.collection('items').orderBy('_id', 'asc').field(spec).get()).data
      const mongo = Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v ? 1 : 0]))
      expect(got, JSON.stringify(spec)).toEqual(new MingoQuery({}).find<Doc>(all, mongo as any).all())
    }
  })

  it('returns at most 100 docs without limit, and up to 1000 with limit', async () => {
    const c = db.collection('many')
    await c.add({ data: Array.from({ length: 1200 }, (_, i) => ({ i })) })
    expect((await c.get()).data).toHaveLength(100)
    expect((await c.limit(1000).get()).data).toHaveLength(1000)
    expect((await c.count()).total).toBe(1200)
  })

  it('checks builder arguments as the SDK does: integers, a direction; limit(0) is the default 100', async () => {
    const c = db.collection('items')
    const err = await c.limit(-1).get().catch((e) => e)
    expect(err).toBeInstanceOf(DatabaseError)
    expect(err.errMsg).toMatch(/limit/)
    await expect(c.skip(-1).get()).rejects.toBeInstanceOf(DatabaseError)
    // thrown when the query is built, before any request
    expect(() => c.limit(1.5)).toThrow(/limit must be integer/)
    expect(() => c.skip(0.5)).toThrow(/offset must be integer/)
    expect(() => (c as unknown as { orderBy(f: string): unknown }).orderBy('n')).toThrow(/排序字符不合法/)
    expect((await c.limit(0).get()).data.length).toBe((await c.get()).data.length)
  })

  it('queries are immutable builders', async () => {
    const base = db.collection('items').where({ tags: 'fruit' })
    const limited = base.limit(1)
    expect((await base.get()).data).toHaveLength(2)
    expect((await limited.get()).data).toHaveLength(1)
  })
})

describe('count and results isolation', () => {
  it('counts with a condition', async () => {
    const r = await db.collection('items').where({ meta: { owner: 'u1' } }).count()
    expect(r).toEqual({ total: 2, errMsg: 'collection.count:ok' })
  })

  it('returned documents are copies', async () => {
    const { data } = await db.collection('items').doc('a').get()
    data.meta.owner = 'mutated'
    expect((await db.collection('items').doc('a').get()).data.meta.owner).toBe('u1')
  })
})

describe('indexes', () => {
  it('conditions on indexed fields take candidates from the index instead of scanning', async () => {
    const c = db.collection('big')
    await c.add({ data: Array.from({ length: 2000 }, (_, i) => ({ k: `key${i}`, g: i % 10, n: i })) })
    await db.ensureIndexes([
      { collection: 'big', fields: ['k'] }, { collection: 'big', fields: ['n'] }, { collection: 'big', fields: ['g', 'k'] },
    ])
    const spy = vi.spyOn(Datastore.prototype as any, '_getCandidatesAsync')
    const candidates = async () => {
      const n = ((await spy.mock.results.at(-1)!.value) as unknown[]).length
      spy.mockClear()
      return n
    }
    try {
      expect((await c.where({ k: 'key1234' }).get()).data.map((d) => d.g)).toEqual([4])
      expect(await candidates()).toBe(1)
      expect((await c.where({ n: db.command.gte(10).and(db.command.lt(13)), g: 1 }).get()).data.map((d) => d.k)).toEqual(['key11'])
      expect(await candidates()).toBe(3)
      expect((await c.where({ k: db.command.in(['key1', 'key2', 'nope']) }).count()).total).toBe(2)
      expect(await candidates()).toBe(2)
      expect((await c.where(db.command.and([{ n: db.command.lt(5) }, { g: db.command.gt(2) }])).count()).total).toBe(2)
      expect(await candidates()).toBe(5)
      expect((await c.where({ n: 5 }).update({ data: { touched: true } })).stats.updated).toBe(1)
      expect(await candidates()).toBe(1)
      // a field without its own index: full scan, still correct
      expect((await c.where({ g: 3 }).count()).total).toBe(200)
      expect(await candidates()).toBe(2000)
      // two indexed fields: the narrower index gives the candidates (NeDB alone takes any equality before a range)
      expect((await c.where({ k: db.command.in(['key1', 'key2', 'key3']), n: db.command.gte(1).and(db.command.lt(2)) }).count()).total).toBe(1)
      expect(await candidates()).toBe(1)
      expect((await c.where({ touched: true, n: db.command.gte(0) }).count()).total).toBe(1)
      expect(await candidates()).toBe(2000)
    } finally {
      spy.mockRestore()
    }
  })
})

describe('equality fast path', () => {
  it('agrees with mingo on scalar-equality queries', () => {
    const d1 = new Date(1000)
    const docs = [
      { _id: '1', a: 1, b: { c: 'x' }, arr: [1, 2], objs: [{ k: 1 }, { k: [3, 4] }], d: d1 },
      { _id: '2', a: '1', b: [{ c: 'x' }, { c: 'y' }], arr: [[1], 2], objs: [], d: new Date(1000) },
      { _id: '3', a: true, b: null, arr: 1, objs: [{ k: { z: 1 } }], nest: [[{ k: 1 }]] },
      { _id: '4', b: { c: ['x', 'z'] }, arr: [{ 0: 5 }, 5], objs: { k: 1 } },
    ]
    const queries = [
      { a: 1 }, { a: '1' }, { a: true }, { 'b.c': 'x' }, { 'b.c': 'y' }, { 'b.c': 'z' }, { arr: 1 }, { arr: 2 },
      { 'arr.0': 1 }, { 'arr.0': 5 }, { 'objs.k': 1 }, { 'objs.k': 3 }, { 'objs.k.z': 1 }, { 'nest.k': 1 },
      { d: new Date(1000) }, { d: new Date(2000) }, { _id: '2', a: '1' }, { _id: '2', a: 1 }, { a: { $eq: 1 } },
      { 'objs.1.k': 4 }, { 'b.0.c': 'x' },
      { _id: { $in: ['1', '3'] } }, { _id: { $in: [] } }, { a: { $in: [1, true] } }, { arr: { $in: [2, 9] } },
      { 'b.c': { $in: ['y', 'q'] } }, { d: { $in: [new Date(1000)] } }, { _id: { $in: ['2'] }, a: '1' },
    ]
    for (const q of queries) {
      const fast = equalityMatcher(q)
      expect(fast, JSON.stringify(q)).not.toBeNull()
      const mingo = new MingoQuery(q)
      for (const d of docs) expect(fast!(d), `${JSON.stringify(q)} on ${d._id}`).toBe(mingo.test(d))
    }
    expect(equalityMatcher({ a: null })).toBeNull()
    expect(equalityMatcher({ a: { $gt: 1 } })).toBeNull()
    expect(equalityMatcher({ $or: [{ a: 1 }] })).toBeNull()
    expect(equalityMatcher({ a: [1, 2] })).toBeNull()
    expect(equalityMatcher({ a: { $in: [1, null] } })).toBeNull()
    expect(equalityMatcher({ a: { $in: [[1]] } })).toBeNull()
    expect(equalityMatcher({ a: { $in: [1], $eq: 1 } })).toBeNull()
  })
})
