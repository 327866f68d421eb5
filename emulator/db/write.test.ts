import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase, DatabaseError, type EmulatedDatabase } from './index'

let db: EmulatedDatabase
beforeEach(() => {
  db = createDatabase()
})
afterEach(() => db.close())

const errOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected rejection') }, (e) => e as DatabaseError)

describe('add', () => {
  it('generates 32-hex ids and accepts a provided _id', async () => {
    const c = db.collection('users')
    const r = await c.add({ data: { name: 'x' } })
    expect(r.errMsg).toBe('collection.add:ok')
    expect(r._id).toMatch(/^[0-9a-f]{32}$/)
    expect((await c.add({ data: { _id: 'mine', name: 'y' } }))._id).toBe('mine')
    expect((await c.doc('mine').get()).data).toEqual({ _id: 'mine', name: 'y' })
  })

  it('rejects a duplicate _id with a duplicate key DatabaseError', async () => {
    const c = db.collection('users')
    await c.add({ data: { _id: 'dup' } })
    const e = await errOf(c.add({ data: { _id: 'dup', other: 1 } }))
    expect(e).toBeInstanceOf(DatabaseError)
    expect(e.errCode).toBe(-502001)
    expect(e.errMsg).toContain('duplicate key')
    expect((await c.count()).total).toBe(1)
  })

  it('batch add returns _ids and is all-or-nothing on duplicates', async () => {
    const c = db.collection('users')
    const r = await c.add({ data: [{ a: 1 }, { a: 2 }] })
    expect(r._ids).toHaveLength(2)
    await c.add({ data: { _id: 'x' } })
    await expect(c.add({ data: [{ _id: 'y' }, { _id: 'x' }] })).rejects.toBeInstanceOf(DatabaseError)
    expect((await c.count()).total).toBe(3)
  })

  it('rejects invalid field names', async () => {
    await expect(db.collection('users').add({ data: { 'a.b': 1 } })).rejects.toBeInstanceOf(DatabaseError)
    await expect(db.collection('users').add({ data: { $x: 1 } })).rejects.toBeInstanceOf(DatabaseError)
  })

  it('stores a copy: mutating the input afterwards has no effect', async () => {
    const data = { nested: { v: 1 } }
    const { _id } = await db.collection('users').add({ data })
    data.nested.v = 2
    expect((await db.collection('users').doc(_id).get()).data.nested.v).toBe(1)
  })
})

describe('doc get / remove', () => {
  it('doc(id).get() on a missing document rejects with "cannot find document"', async () => {
    const e = await errOf(db.collection('users').doc('nope').get())
    expect(e).toBeInstanceOf(DatabaseError)
    expect(e.errMsg).toContain('cannot find document with _id nope')
    expect(e.errCode).toBe(-1)
  })

  it('doc(id).remove() reports removed 0/1', async () => {
    const c = db.collection('users')
    await c.add({ data: { _id: 'r' } })
    expect((await c.doc('r').remove()).stats.removed).toBe(1)
    expect((await c.doc('r').remove()).stats.removed).toBe(0)
  })
})

describe('update', () => {
  const seed = () =>
    db.collection('docs').add({
      data: {
        _id: 'd', n: 10, profile: { name: 'A', city: 'X' }, list: [1, 2, 3], tags: ['a'], gone: true,
        objs: [{ k: 1 }, { k: 2 }],
      },
    })
  const read = async () => (await db.collection('docs').doc('d').get()).data

  it('nested plain objects merge (dot paths) while _.set replaces wholesale', async () => {
    await seed()
    const _ = db.command
    expect((await db.collection('docs').doc('d').update({ data: { profile: { name: 'B' } } })).stats.updated).toBe(1)
    expect((await read()).profile).toEqual({ name: 'B', city: 'X' })
    await db.collection('docs').doc('d').update({ data: { profile: _.set({ name: 'C' }) } })
    expect((await read()).profile).toEqual({ name: 'C' })
  })

  it('numeric operators: inc, mul, min, max', async () => {
    await seed()
    const _ = db.command
    const ref = db.collection('docs').doc('d')
    await ref.update({ data: { n: _.inc(5), fresh: _.inc(2) } })
    expect(await read()).toMatchObject({ n: 15, fresh: 2 })
    await ref.update({ data: { n: _.mul(2) } })
    expect((await read()).n).toBe(30)
    await ref.update({ data: { n: _.min(20) } })
    expect((await read()).n).toBe(20)
    await ref.update({ data: { n: _.max(25) } })
    expect((await read()).n).toBe(25)
    await ref.update({ data: { n: _.max(1) } })
    expect((await read()).n).toBe(25)
  })

  it('remove, rename', async () => {
    await seed()
    const _ = db.command
    await db.collection('docs').doc('d').update({ data: { gone: _.remove(), 'profile.city': _.remove() } })
    const d = await read()
    expect('gone' in d).toBe(false)
    expect(d.profile).toEqual({ name: 'A' })
    await db.collection('docs').doc('d').update({ data: { n: _.rename('count') } })
    expect(await read()).toMatchObject({ count: 10 })
  })

  it('array operators: push, pull, addToSet, pop, shift, unshift, pullAll', async () => {
    await seed()
    const _ = db.command
    const ref = db.collection('docs').doc('d')
    await ref.update({ data: { list: _.push(4) } })
    expect((await read()).list).toEqual([1, 2, 3, 4])
    await ref.update({ data: { list: _.push([5, 6]) } })
    expect((await read()).list).toEqual([1, 2, 3, 4, 5, 6])
    await ref.update({ data: { list: _.push({ each: [0], position: 0 }) } })
    expect((await read()).list).toEqual([0, 1, 2, 3, 4, 5, 6])
    await ref.update({ data: { list: _.push({ each: [7], slice: -3 }) } })
    expect((await read()).list).toEqual([5, 6, 7])
    await ref.update({ data: { list: _.pull(6) } })
    expect((await read()).list).toEqual([5, 7])
    await ref.update({ data: { list: _.pull(_.gt(6)) } })
    expect((await read()).list).toEqual([5])
    await ref.update({ data: { tags: _.addToSet('a') } })
    expect((await read()).tags).toEqual(['a'])
    await ref.update({ data: { tags: _.addToSet({ each: ['b', 'b', 'a', 'c'] }) } })
    expect((await read()).tags).toEqual(['a', 'b', 'c'])
    await ref.update({ data: { tags: _.pop() } })
    expect((await read()).tags).toEqual(['a', 'b'])
    await ref.update({ data: { tags: _.shift() } })
    expect((await read()).tags).toEqual(['b'])
    await ref.update({ data: { tags: _.unshift(['x', 'y']) } })
    expect((await read()).tags).toEqual(['x', 'y', 'b'])
    await ref.update({ data: { tags: _.pullAll(['x', 'b']) } })
    expect((await read()).tags).toEqual(['y'])
    await ref.update({ data: { objs: _.pull({ k: 1 }) } })
    expect((await read()).objs).toEqual([{ k: 2 }])
  })

  it('serverDate() resolves to now, also nested inside objects and arrays', async () => {
    await seed()
    const before = Date.now()
    await db.collection('docs').doc('d').update({
      data: { at: db.serverDate(), meta: { at: db.serverDate() }, hist: db.command.push({ at: db.serverDate({ offset: 1000 }) }) },
    })
    const d = await read()
    for (const v of [d.at, d.meta.at, d.hist[0].at]) expect(v).toBeInstanceOf(Date)
    expect(d.at.getTime()).toBeGreaterThanOrEqual(before)
    expect(d.at.getTime()).toBeLessThanOrEqual(Date.now())
    expect(d.hist[0].at.getTime() - d.at.getTime()).toBe(1000)

    const { _id } = await db.collection('docs').add({ data: { created: db.serverDate(), list: [{ t: db.serverDate() }] } })
    const added = (await db.collection('docs').doc(_id).get()).data
    expect(added.created).toBeInstanceOf(Date)
    expect(added.list[0].t).toBeInstanceOf(Date)
    // serverDate in a query value
    const hits = await db.collection('docs').where({ created: db.command.lte(db.serverDate()) }).count()
    expect(hits.total).toBe(1)
  })

  it('updating _id is rejected; missing doc updates nothing', async () => {
    await seed()
    await expect(db.collection('docs').doc('d').update({ data: { _id: 'z' } })).rejects.toBeInstanceOf(DatabaseError)
    expect((await db.collection('docs').doc('zz').update({ data: { n: 1 } })).stats.updated).toBe(0)
  })

  it('set/update data that is not an object is refused by the SDK check (errCode -1); an own _id key, even undefined, with -501007', async () => {
    await seed()
    const c = db.collection('docs')
    for (const data of ['x', [{ n: 1 }], new Date(), null, undefined]) {
      for (const call of [() => c.doc('d').update({ data }), () => c.doc('d').set({ data }), () => c.where({ _id: 'd' }).update({ data })]) {
        const e = await errOf(call())
        expect(e.errCode, String(data)).toBe(-1)
        expect(e.errMsg).toMatch(/options\.data should be object instead of/)
      }
    }
    await expect(c.doc('d').update({ data: { _id: undefined, n: 5 } })).rejects.toMatchObject({ errCode: -501007 })
    await expect(c.where({ _id: 'd' }).update({ data: { _id: undefined, n: 5 } })).rejects.toMatchObject({ errCode: -501007 })
    await expect(c.doc('d').set({ data: { _id: undefined, n: 5 } })).rejects.toMatchObject({ errCode: -501007 })
    expect((await c.doc('d').get()).data.n).not.toBe(5)
  })

  it('an update that changes nothing reports updated: 0 (mongo nModified)', async () => {
    await seed()
    expect((await db.collection('docs').doc('d').update({ data: { n: 10 } })).stats.updated).toBe(0)
  })

  it('where().update() and where().remove() act on every match', async () => {
    const c = db.collection('multi')
    await c.add({ data: Array.from({ length: 150 }, (_, i) => ({ i, even: i % 2 === 0 })) })
    const _ = db.command
    const u = await c.where({ even: true }).update({ data: { flag: 'x', i: _.inc(1000) } })
    expect(u).toMatchObject({ stats: { updated: 75 }, errMsg: 'collection.update:ok' })
    expect((await c.where({ flag: 'x', i: _.gte(1000) }).count()).total).toBe(75)
    const r = await c.where({ even: false }).remove()
    expect(r).toMatchObject({ stats: { removed: 75 }, errMsg: 'collection.remove:ok' })
    expect((await c.count()).total).toBe(75)
  })

  it('concurrent compare-and-set: exactly one of 20 simultaneous updates wins', async () => {
    const c = db.collection('cas')
    await c.add({ data: { _id: 'x', version: 0, owner: null } })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        c.where({ _id: 'x', version: 0 }).update({ data: { version: 1, owner: i } })),
    )
    expect(results.filter((r) => r.stats.updated === 1)).toHaveLength(1)
    expect(results.filter((r) => r.stats.updated === 0)).toHaveLength(19)
    const d = (await c.doc('x').get()).data
    expect(d.version).toBe(1)
    expect(results[d.owner].stats.updated).toBe(1)
  })

  it('concurrent increments are not lost', async () => {
    const c = db.collection('ctr')
    await c.add({ data: { _id: 'n', v: 0 } })
    await Promise.all(Array.from({ length: 50 }, () => c.doc('n').update({ data: { v: db.command.inc(1) } })))
    expect((await c.doc('n').get()).data.v).toBe(50)
  })
})

describe('set', () => {
  it('replaces the whole document keeping _id, and creates when missing', async () => {
    const c = db.collection('s')
    await c.add({ data: { _id: 'a', x: 1, y: 2 } })
    const r = await c.doc('a').set({ data: { z: 3, at: db.serverDate() } })
    expect(r).toMatchObject({ _id: 'a', stats: { updated: 1, created: 0 } })
    const d = (await c.doc('a').get()).data
    expect(Object.keys(d).sort()).toEqual(['_id', 'at', 'z'])
    expect(d.at).toBeInstanceOf(Date)
    const r2 = await c.doc('b').set({ data: { q: 1 } })
    expect(r2.stats).toEqual({ updated: 0, created: 1 })
    expect((await c.doc('b').get()).data).toEqual({ _id: 'b', q: 1 })
    await expect(c.doc('a').set({ data: { n: db.command.inc(1) } })).rejects.toBeInstanceOf(DatabaseError)
  })

  it('_id comes first in a stored document, as MongoDB keeps it, whether generated, given last, set or written in a transaction', async () => {
    const c = db.collection('order')
    const keys = async (id: string) => Object.keys((await c.doc(id).get()).data)
    const { _id } = await c.add({ data: { name: 'x', n: 1 } })
    expect(await keys(_id)).toEqual(['_id', 'name', 'n'])
    await c.add({ data: { name: 'y', _id: 'given' } })
    expect(await keys('given')).toEqual(['_id', 'name'])
    await c.doc(_id).set({ data: { z: 1, a: 2 } })
    expect(await keys(_id)).toEqual(['_id', 'z', 'a'])
    await c.doc('fresh').set({ data: { b: 1 } })
    expect(await keys('fresh')).toEqual(['_id', 'b'])
    const tx = await db.startTransaction()
    await tx.collection('order').add({ data: { k: 1, _id: 'tx1' } })
    await tx.collection('order').doc('given').set({ data: { m: 1 } })
    await tx.commit()
    expect(await keys('tx1')).toEqual(['_id', 'k'])
    expect(await keys('given')).toEqual(['_id', 'm'])
  })
})

describe('unique indexes', () => {
  it('add and update violating a unique index fail with duplicate key', async () => {
    await db.ensureIndexes([{ collection: 'u', fields: ['email'], unique: true }])
    const c = db.collection('u')
    await c.add({ data: { _id: '1', email: 'a@x' } })
    await c.add({ data: { _id: '2', email: 'b@x' } })
    const e = await errOf(c.add({ data: { email: 'a@x' } }))
    expect(e.errCode).toBe(-502001)
    expect(e.errMsg).toContain('duplicate key')
    const e2 = await errOf(c.doc('2').update({ data: { email: 'a@x' } }))
    expect(e2.errMsg).toContain('duplicate key')
    expect((await c.doc('2').get()).data.email).toBe('b@x')
    // the failed update left the index consistent
    expect((await c.where({ email: 'b@x' }).get()).data.map((d) => d._id)).toEqual(['2'])
  })

  it('compound unique index', async () => {
    await db.ensureIndexes([{ collection: 'm', fields: ['gridId', 'userId'], unique: true }])
    const c = db.collection('m')
    await c.add({ data: { gridId: 'g1', userId: 'u1' } })
    await c.add({ data: { gridId: 'g1', userId: 'u2' } })
    await c.add({ data: { gridId: 'g2', userId: 'u1' } })
    const e = await errOf(c.add({ data: { gridId: 'g1', userId: 'u1' } }))
    expect(e.errMsg).toContain('duplicate key')
    expect((await c.where({ gridId: 'g1', userId: 'u2' }).count()).total).toBe(1)
  })

  it('creating a unique index over duplicated data fails', async () => {
    await db.collection('v').add({ data: [{ k: 1 }, { k: 1 }] })
    await expect(db.ensureIndexes([{ collection: 'v', fields: ['k'], unique: true }])).rejects.toBeInstanceOf(DatabaseError)
  })
})

describe('stats', () => {
  it('counts one read or write per database call', async () => {
    const c = db.collection('st')
    const o = db.collection('other')
    await c.add({ data: [{ a: 1 }, { a: 2 }, { a: 3 }] }) // 1 write
    await c.add({ data: { _id: 'k', a: 4 } }) // 1 write
    await c.get() // 1 read
    await c.count() // 1 read
    await c.doc('k').get() // 1 read
    await c.where({ a: db.command.gt(0) }).update({ data: { b: 1 } }) // 1 write (4 docs)
    await c.doc('k').set({ data: { a: 5 } }) // 1 write
    await c.where({ a: 1 }).remove() // 1 write
    await c.aggregate().match({ a: 2 }).end() // 1 read
    await o.get() // 1 read
    await c.doc('missing').get().catch(() => {}) // failed calls are billed too: 1 read
    expect(db.stats()).toEqual({
      reads: 6, writes: 5,
      byCollection: { st: { reads: 5, writes: 5 }, other: { reads: 1, writes: 0 } },
    })
    db.resetStats()
    expect(db.stats()).toEqual({ reads: 0, writes: 0, byCollection: {} })
  })
})

describe('admin', () => {
  it('collectionNames, drop and close', async () => {
    await db.collection('b').add({ data: { x: 1 } })
    await db.collection('a').add({ data: { x: 1 } })
    expect(await db.collectionNames()).toEqual(['a', 'b'])
    await db.drop()
    expect((await db.collection('a').count()).total).toBe(0)
    await db.collection('a').add({ data: { x: 2 } })
    expect((await db.collection('a').count()).total).toBe(1)
    await db.close()
    await expect(db.collection('a').get()).rejects.toBeInstanceOf(DatabaseError)
  })

  it('rejects invalid collection names', () => {
    expect(() => db.collection('../etc')).toThrow(DatabaseError)
  })
})

describe('update errors the server answers (DATABASE_REQUEST_FAILED, -502001)', () => {
  it('a field under an array or a scalar, or under a parent that holds null, is refused and changes nothing', async () => {
    const c = db.collection('w')
    await c.add({ data: { _id: 'x', arr: [1], name: 'n', p: null } })
    expect(await errOf(c.doc('x').update({ data: { arr: { foo: 'bar' } } }))).toMatchObject({ errCode: -502001 })
    expect(await errOf(c.doc('x').update({ data: { name: { x: 1 } } }))).toMatchObject({ errCode: -502001 })
    expect(await errOf(c.doc('x').update({ data: { p: { q: 1 } } }))).toMatchObject({ errCode: -502001, errMsg: expect.stringMatching(/cannot create field 'q'/) })
    expect((await c.doc('x').get()).data).toEqual({ _id: 'x', arr: [1], name: 'n', p: null })
    await c.doc('x').update({ data: { missing: { q: 1 } } }) // a missing parent is created
    expect((await c.doc('x').get()).data.missing).toEqual({ q: 1 })
  })

  it('_.rename from or into an array element is refused; a missing source renames nothing', async () => {
    const _ = db.command
    const c = db.collection('w')
    const doc = { _id: 'r', n: 1, arr: [1, 2, 3], docs: [{ b: 1 }], o: { p: 1 } }
    await c.add({ data: doc })
    expect(await errOf(c.doc('r').update({ data: { n: _.rename('arr.5') } }))).toMatchObject({ errCode: -502001, errMsg: expect.stringMatching(/destination field cannot be an array element/) })
    expect(await errOf(c.doc('r').update({ data: { 'docs.0.b': _.rename('b') } }))).toMatchObject({ errCode: -502001, errMsg: expect.stringMatching(/source field cannot be an array element/) })
    expect((await c.doc('r').get()).data).toEqual(doc)
    expect((await c.doc('r').update({ data: { gone: _.rename('arr.1') } })).stats.updated).toBe(0)
    await c.doc('r').update({ data: { n: _.rename('o.q') } })
    expect((await c.doc('r').get()).data).toEqual({ _id: 'r', arr: [1, 2, 3], docs: [{ b: 1 }], o: { p: 1, q: 1 } })
  })

  it('inside a transaction such an error aborts the transaction', async () => {
    await db.collection('w').add({ data: { _id: 'y', arr: [1] } })
    const tx = await db.startTransaction()
    expect(await errOf(tx.collection('w').doc('y').update({ data: { arr: { foo: 'bar' } } }))).toMatchObject({ errCode: -502001 })
    expect(await errOf(tx.collection('w').doc('y').update({ data: { other: 1 } }))).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
  })
})
