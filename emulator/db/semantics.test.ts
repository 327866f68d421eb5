// One test per documented CloudBase behaviour that the emulator used to get wrong
// (written from the wx-server-sdk / CloudBase database documentation).
import { beforeEach, describe, expect, it } from 'vitest'
import { createDatabase, type EmulatedDatabase } from './index'

let db: EmulatedDatabase
beforeEach(() => {
  db = createDatabase()
})

describe('write semantics', () => {
  beforeEach(async () => {
    await db.collection('t').add({ data: [{ _id: 'z', k: 1 }, { _id: 'a', k: 1 }, { _id: 'm', k: 1 }] })
  })

  it('where().update() with multi: false changes only the first match in natural order', async () => {
    const r = await db.collection('t').where({ k: 1 }).update({ data: { hit: true }, multi: false })
    expect(r.stats.updated).toBe(1)
    expect((await db.collection('t').where({ hit: true }).get()).data.map((d) => d._id)).toEqual(['z'])
  })

  it('options({ multiple: false }) limits update and remove to one document', async () => {
    const u = await db.collection('t').where({ k: 1 }).options({ multiple: false }).update({ data: { hit: 1 } })
    expect(u.updated).toBe(1)
    const r = await db.collection('t').where({ k: 1 }).options({ multiple: false }).remove()
    expect(r.deleted).toBe(1)
    expect((await db.collection('t').count()).total).toBe(2)
  })

  it('remove with multi: false removes one; without it removes every match', async () => {
    expect((await db.collection('t').where({ k: 1 }).remove({ multi: false })).stats.removed).toBe(1)
    expect((await db.collection('t').where({ k: 1 }).remove()).stats.removed).toBe(2)
  })

  it('_.push(a, b, c) appends every value and _.unshift(a, b) prepends them in order', async () => {
    const _ = db.command
    await db.collection('t').doc('a').update({ data: { list: [0] } })
    await db.collection('t').doc('a').update({ data: { list: _.push(1, 2, 3) } })
    await db.collection('t').doc('a').update({ data: { list: _.unshift(-2, -1) } })
    expect((await db.collection('t').doc('a').get()).data.list).toEqual([-2, -1, 0, 1, 2, 3])
    // one array argument is a list of values, as before
    await db.collection('t').doc('a').update({ data: { list: _.push([4, 5]) } })
    expect((await db.collection('t').doc('a').get()).data.list).toEqual([-2, -1, 0, 1, 2, 3, 4, 5])
  })

  it('doc(id).set() refuses _id in the data, even the same id', async () => {
    await expect(db.collection('t').doc('a').set({ data: { _id: 'a', k: 2 } })).rejects.toMatchObject({ errCode: -501007 })
    expect((await db.collection('t').doc('a').get()).data.k).toBe(1)
  })
})

describe('read semantics', () => {
  it('unsorted results come back in insertion order, not by _id, also after a restart', async () => {
    const ids = ['m', 'b', 'z', 'a', 'k']
    for (const id of ids) await db.collection('o').add({ data: { _id: id, g: 1 } })
    await db.ensureIndexes([{ collection: 'o', fields: ['g'] }])
    expect((await db.collection('o').get()).data.map((d) => d._id)).toEqual(ids)
    // also when candidates come from an index, and with skip/limit
    expect((await db.collection('o').where({ g: 1 }).skip(1).limit(3).get()).data.map((d) => d._id)).toEqual(ids.slice(1, 4))
    // an update keeps a document's place
    await db.collection('o').doc('m').update({ data: { g: 2 } })
    expect((await db.collection('o').get()).data[0]._id).toBe('m')
  })

  it('range conditions on an indexed Date field find their documents', async () => {
    const _ = db.command
    await db.ensureIndexes([{ collection: 'w', fields: ['at'] }])
    await db.collection('w').add({ data: [{ _id: 'a', at: new Date('2026-11-29T00:00:00Z') }, { _id: 'b', at: new Date('2026-12-01T00:00:00Z') }, { _id: 'c' }] })
    const r = await db.collection('w').where({ at: _.lte(new Date('2026-11-30T00:00:00Z')) }).orderBy('at', 'asc').get()
    expect(r.data.map((d) => d._id)).toEqual(['a'])
    expect((await db.collection('w').where({ at: _.gt(new Date('2026-11-30T00:00:00Z')) }).get()).data.map((d) => d._id)).toEqual(['b'])
  })

  it('get() with limit above 1000 is quietly capped at 1000', async () => {
    await db.collection('big').add({ data: Array.from({ length: 1005 }, (_, i) => ({ i })) })
    const r = await db.collection('big').limit(5000).get()
    expect(r.data).toHaveLength(1000)
    expect((await db.collection('big').get()).data).toHaveLength(100) // default
  })

  it('_.elemMatch on an array of plain values takes operator commands', async () => {
    const _ = db.command
    await db.collection('s').add({ data: [{ _id: '1', scores: [60, 85] }, { _id: '2', scores: [70, 95] }, { _id: '3', scores: [79, 91] }] })
    const r = await db.collection('s').where({ scores: _.elemMatch(_.gt(80).and(_.lt(90))) }).get()
    expect(r.data.map((d) => d._id)).toEqual(['1'])
    const r2 = await db.collection('s').where({ scores: _.elemMatch(_.gte(95)) }).get()
    expect(r2.data.map((d) => d._id)).toEqual(['2'])
  })

  it('_.mod(divisor, remainder) and _.mod([divisor, remainder])', async () => {
    const _ = db.command
    await db.collection('n').add({ data: [1, 2, 3, 4, 5, 6].map((n) => ({ _id: String(n), n })) })
    expect((await db.collection('n').where({ n: _.mod(3, 0) }).get()).data.map((d) => d.n)).toEqual([3, 6])
    expect((await db.collection('n').where({ n: _.mod([4, 1]) }).get()).data.map((d) => d.n)).toEqual([1, 5])
    expect(() => db.collection('n').where({ n: _.mod(0, 1) }).get()).rejects.toMatchObject({ errCode: -501007 })
  })

  it('db.command.project.slice in field()', async () => {
    const _ = db.command
    await db.collection('p').add({ data: { _id: 'x', list: [1, 2, 3, 4, 5], other: 1 } })
    const first2 = (await db.collection('p').doc('x').field({ list: _.project.slice(2) }).get()).data
    expect(first2.list).toEqual([1, 2])
    const last2 = (await db.collection('p').field({ list: _.project.slice(-2) }).get()).data[0]
    expect(last2.list).toEqual([4, 5])
    const mid = (await db.collection('p').field({ list: _.project.slice([1, 2]) }).get()).data[0]
    expect(mid.list).toEqual([2, 3])
    // alone or beside exclusions, a slice keeps every other field (MongoDB); beside inclusions, only those
    expect(first2).toEqual({ _id: 'x', list: [1, 2], other: 1 })
    expect((await db.collection('p').field({ list: _.project.slice([-2, 1]), other: false }).get()).data[0]).toEqual({ _id: 'x', list: [4] })
    expect((await db.collection('p').field({ list: _.project.slice(1), other: true }).get()).data[0]).toEqual({ _id: 'x', list: [1], other: 1 })
    expect((await db.collection('p').field({ list: _.project.slice(1), _id: false }).get()).data[0]).toEqual({ list: [1], other: 1 })
  })

  it('a regular expression as a field value is refused, never silently dropped', async () => {
    await expect(db.collection('p').add({ data: { r: db.RegExp({ regexp: '.*', options: 'i' }) } })).rejects.toMatchObject({ errCode: -501007 })
    await expect(db.collection('p').add({ data: { list: [/ab+/] } })).rejects.toMatchObject({ errCode: -501007 })
    expect((await db.collection('p').count()).total).toBe(0)
  })

  it('db.command.project.elemMatch keeps the first matching element; no match leaves the field out', async () => {
    const _ = db.command
    await db.collection('p').add({ data: { _id: 'y', subs: [{ k: 1 }, { k: 5 }, { k: 7 }] } })
    expect((await db.collection('p').doc('y').field({ subs: _.project.elemMatch({ k: _.gt(4) }) }).get()).data).toEqual({ _id: 'y', subs: [{ k: 5 }] })
    const none = (await db.collection('p').doc('y').field({ subs: _.project.elemMatch({ k: _.gt(9) }) }).get()).data
    expect(Object.keys(none)).toEqual(['_id'])
    // a field condition looks only at elements that are documents
    await db.collection('p').add({ data: { _id: 'z', tags: [1, 2, 3] } })
    expect(Object.keys((await db.collection('p').doc('z').field({ tags: _.project.elemMatch({ value: 1 }) }).get()).data)).toEqual(['_id'])
  })

  it('project.elemMatch over plain values, and beside inclusions; never beside exclusions or on a nested field', async () => {
    const _ = db.command
    await db.collection('p').add({ data: { _id: 'v', nums: [1, 5, 9], subs: [3, { k: 3 }], name: 'n', other: 1 } })
    const get = async (spec: Record<string, unknown>) => (await db.collection('p').doc('v').field(spec).get()).data
    expect(await get({ nums: _.project.elemMatch(_.gt(4)) })).toEqual({ _id: 'v', nums: [5] })
    expect(await get({ subs: _.project.elemMatch({ k: 3 }), name: true })).toEqual({ _id: 'v', subs: [{ k: 3 }], name: 'n' })
    await expect(get({ nums: _.project.elemMatch(_.gt(4)), name: false })).rejects.toMatchObject({ errCode: -502001 })
    await db.collection('p').add({ data: { _id: 'w', a: { list: [{ k: 1 }] } } })
    await expect(db.collection('p').doc('w').field({ 'a.list': _.project.elemMatch({ k: 1 }) }).get()).rejects.toMatchObject({ errCode: -502001 })
  })

  it('field() paths walk into documents inside arrays; mixing inclusion and exclusion or colliding paths is refused', async () => {
    const _ = db.command
    await db.collection('p').add({ data: { _id: 'x', z: 0, a: [1, { b: 2, c: 3 }, { c: 4 }], m: { b: 1, list: [1, 2, 3] } } })
    const get = async (spec: Record<string, unknown>) => (await db.collection('p').doc('x').field(spec).get()).data
    expect(await get({ 'a.b': true })).toEqual({ _id: 'x', a: [{ b: 2 }, {}] })
    expect(await get({ 'a.b': false, m: false })).toEqual({ _id: 'x', z: 0, a: [1, { c: 3 }, { c: 4 }] })
    expect(await get({ 'm.list': _.project.slice(-1) })).toEqual({ _id: 'x', z: 0, a: [1, { b: 2, c: 3 }, { c: 4 }], m: { b: 1, list: [3] } })
    expect(await get({ 'm.list': _.project.slice(1), 'm.b': true, _id: false })).toEqual({ m: { b: 1, list: [1] } })
    // the document's field order, whatever the projection's
    expect(Object.keys(await get({ m: true, z: true }))).toEqual(['_id', 'z', 'm'])
    // the SDK sends a number as 1 when positive, else 0
    expect(Object.keys(await get({ a: -1, m: 0 }))).toEqual(['_id', 'z'])
    await expect(get({ z: true, m: false })).rejects.toMatchObject({ errCode: -502001 })
    await expect(get({ m: true, 'm.b': true })).rejects.toMatchObject({ errCode: -502001 })
  })

  it('doc(missing).get() rejects like wx-server-sdk; throwOnNotFound: false answers data: null', async () => {
    const e = await db.collection('t').doc('nope').get().catch((x) => x)
    expect(e.errCode).toBe(-1)
    expect(e.errMsg).toMatch(/cannot find document with _id nope/)
    const lenient = createDatabase({ throwOnNotFound: false })
    expect((await lenient.collection('t').doc('nope').get()).data).toBeNull()
    // a view with the option shares the data (as cloud.database({throwOnNotFound: false}) does)
    await db.collection('t').add({ data: { _id: 'here' } })
    const view = db.withOptions({ throwOnNotFound: false })
    expect((await view.collection('t').doc('nope').get()).data).toBeNull()
    expect((await view.collection('t').doc('here').get()).data._id).toBe('here')
    const tx = await view.startTransaction()
    expect((await tx.collection('t').doc('nope').get()).data).toBeNull()
  })

  it('invalid parameters carry errCode -501007; a failed request -502001', async () => {
    await expect(db.collection('t').limit(-1).get()).rejects.toMatchObject({ errCode: -501007 })
    await db.ensureIndexes([{ collection: 'u', fields: ['k'], unique: true }])
    await db.collection('u').add({ data: { k: 1 } })
    await expect(db.collection('u').add({ data: { k: 1 } })).rejects.toMatchObject({ errCode: -502001 })
  })
})

describe('serverDate', () => {
  it('has the SDK shape and resolves to the server time (+offset) in writes and queries', async () => {
    const sd = db.serverDate({ offset: 60_000 })
    expect(sd.offset).toBe(60_000)
    expect(sd.parse()).toEqual({ $tcb_server_date: { offset: 60_000 } }) // @cloudbase/database 1.4.3, under wx-server-sdk 4
    expect(new db.serverDate({ offset: 1 }).offset).toBe(1) // a plain function in the SDK: `new` works
    const before = Date.now()
    await db.collection('d').add({ data: { _id: 'x', at: db.serverDate(), later: sd } })
    const doc = (await db.collection('d').doc('x').get()).data
    expect(doc.at).toBeInstanceOf(Date)
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before)
    expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000)
    const _ = db.command
    expect((await db.collection('d').where({ at: _.lte(db.serverDate()) }).count()).total).toBe(1)
    expect((await db.collection('d').where({ later: _.lte(db.serverDate()) }).count()).total).toBe(0)
    await db.collection('d').doc('x').update({ data: { touched: db.serverDate({ offset: -1000 }) } })
    expect((await db.collection('d').doc('x').get()).data.touched).toBeInstanceOf(Date)
  })

  it('refuses a non-numeric offset, and serverDate inside a transaction (as the cloud does)', async () => {
    expect(() => db.serverDate({ offset: 'soon' as any })).toThrow(/offset/)
    const tx = await db.startTransaction()
    await expect(tx.collection('d').add({ data: { at: db.serverDate() } })).rejects.toMatchObject({ errCode: -501007 })
  })
})

describe('aggregate semantics', () => {
  beforeEach(async () => {
    await db.collection('g').add({ data: Array.from({ length: 30 }, (_, i) => ({ i, even: i % 2 === 0 })) })
  })

  it('without a limit stage at most 20 results come back, as in the cloud', async () => {
    expect((await db.collection('g').aggregate().match({}).end()).list).toHaveLength(20)
    expect((await db.collection('g').aggregate().match({}).limit(25).end()).list).toHaveLength(25)
  })

  it('stages wx-server-sdk cannot send (facet, replaceWith, set, unset) are refused', () => {
    const agg = db.collection('g').aggregate() as any
    for (const stage of ['facet', 'replaceWith', 'set', 'unset']) {
      expect(() => agg[stage]({})).toThrow(/not supported/)
    }
  })
})
