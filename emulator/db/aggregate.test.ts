import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import Datastore from '@seald-io/nedb'
import { createDatabase, DatabaseError, type EmulatedDatabase } from './index'

let db: EmulatedDatabase
beforeEach(async () => {
  db = createDatabase()
  await db.collection('orders').add({
    data: [
      { _id: 'o1', grid: 'g1', amount: 10, status: 'done', items: ['a', 'b'], at: new Date('2024-01-01') },
      { _id: 'o2', grid: 'g1', amount: 5, status: 'done', items: ['a'], at: new Date('2024-02-01') },
      { _id: 'o3', grid: 'g2', amount: 7, status: 'done', items: [], at: new Date('2024-03-01') },
      { _id: 'o4', grid: 'g2', amount: 100, status: 'open', items: ['c'], at: new Date('2024-04-01') },
      { _id: 'o5', grid: 'g3', amount: 1, status: 'done', items: ['b'], at: new Date('2024-05-01') },
    ],
  })
  await db.collection('grids').add({ data: [{ _id: 'g1', name: 'North' }, { _id: 'g2', name: 'South' }] })
})
afterEach(() => db.close())

describe('aggregate', () => {
  it('$ builds operator objects for any name', () => {
    const $ = db.command.aggregate
    expect($.sum('$amount')).toEqual({ $sum: '$amount' })
    expect($.add('$a', '$b')).toEqual({ $add: ['$a', '$b'] })
    expect($.someFutureOp(1)).toEqual({ $someFutureOp: 1 })
  })

  it('project() keeps fields in the input document\'s order, computed ones after, as MongoDB does', async () => {
    const $ = db.command.aggregate
    await db.collection('shapes').add({ data: { _id: 's', z: 3, y: 2, x: 1, sub: { c: 1, b: 2, a: 3 }, rows: [{ q: 1, p: 2 }, { p: 3, q: 4 }] } })
    const keys = (v: unknown): unknown => Array.isArray(v) ? v.map(keys)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keys(x)])) : 0
    const one = async (spec: unknown) => JSON.stringify(keys((await db.collection('shapes').aggregate().project(spec).end()).list[0]))
    expect(await one({ x: 1, y: 1, z: 1 })).toBe('{"_id":0,"z":0,"y":0,"x":0}')
    expect(await one({ 'sub.a': 1, 'sub.c': 1, x: 1 })).toBe('{"_id":0,"x":0,"sub":{"c":0,"a":0}}')
    expect(await one({ sub: { a: 1, c: 1 }, z: 1 })).toBe('{"_id":0,"z":0,"sub":{"c":0,"a":0}}')
    expect(await one({ 'rows.p': 1, 'rows.q': 1, _id: 0 })).toBe('{"rows":[{"q":0,"p":0},{"p":0,"q":0}]}')
    // Computed fields come after the kept ones, in the spec's order, also one named like an input field.
    expect(await one({ w: $.add(['$x', 1]), x: 1, y: $.add(['$y', 1]), z: 1 })).toBe('{"_id":0,"z":0,"x":0,"w":0,"y":0}')
    expect(await one({ sub: { a: 1, n: $.literal(9), c: 1 } })).toBe('{"_id":0,"sub":{"c":0,"a":0,"n":0}}')
    const [row] = (await db.collection('shapes').aggregate().project({ x: 1, y: $.add(['$y', 1]) }).end()).list
    expect(row).toEqual({ _id: 's', x: 1, y: 3 })
  })

  it('project() computes dotted fields through arrays and over scalars; _id: 1 goes with exclusions', async () => {
    const $ = db.command.aggregate
    await db.collection('shapes').add({ data: { _id: 's', n: 2, flat: 'x', rows: [{ q: 1, p: 2 }, 5, { p: 3 }] } })
    const one = async (spec: unknown) => (await db.collection('shapes').aggregate().project(spec).end()).list[0]
    // Plain elements are dropped by the inclusion, every document element gets the computed field.
    expect(await one({ 'rows.p': 1, 'rows.k': $.multiply(['$n', 10]), _id: 0 })).toEqual({ rows: [{ p: 2, k: 20 }, { p: 3, k: 20 }] })
    expect(await one({ 'rows.k': $.literal(1), _id: 0 })).toEqual({ rows: [{ k: 1 }, { k: 1 }] })
    expect(await one({ 'flat.k': $.literal(1), _id: 0 })).toEqual({ flat: { k: 1 } })
    expect(await one({ _id: 1, rows: 0, flat: 0 })).toEqual({ _id: 's', n: 2 })
    await db.collection('shapes').doc('s').update({ data: { rows: [{ q: 1, p: 2 }, [{ p: 3, q: 4 }], 6] } })
    // An exclusion goes into nested arrays as well (aggregation recurses into them).
    expect(await one({ 'rows.p': 0, _id: 0, n: 0, flat: 0 })).toEqual({ rows: [{ q: 1 }, [{ q: 4 }], 6] })
    await expect(db.collection('shapes').aggregate().project({}).end()).rejects.toMatchObject({ errCode: -502001 })
  })

  it('addFields() computes dotted and nested fields through arrays and scalars, as MongoDB does', async () => {
    const $ = db.command.aggregate
    await db.collection('parts').add({ data: { _id: 'p', n: 4, rows: [{ k: 1 }, 7, { k: 2 }], flat: 'x', box: { w: 1, h: 2 } } })
    const one = async (spec: unknown) => (await db.collection('parts').aggregate().addFields(spec).end()).list[0]
    // Every element of the array gets the field; a plain element becomes a document of it.
    expect((await one({ 'rows.tag': $.multiply(['$n', 2]) })).rows).toEqual([{ k: 1, tag: 8 }, { tag: 8 }, { k: 2, tag: 8 }])
    // An object of field names merges into the embedded document instead of replacing it.
    const merged = await one({ box: { d: 3 }, 'flat.y': 1, 'none.z': 2 })
    expect(merged.box).toEqual({ w: 1, h: 2, d: 3 })
    expect(merged.flat).toEqual({ y: 1 })
    expect(merged.none).toEqual({ z: 2 })
    // Existing fields keep their place, new ones come last; the stored document is untouched.
    expect(Object.keys(await one({ extra: 1, n: 5 }))).toEqual(['_id', 'n', 'rows', 'flat', 'box', 'extra'])
    expect((await db.collection('parts').doc('p').get()).data).toEqual({ _id: 'p', n: 4, rows: [{ k: 1 }, 7, { k: 2 }], flat: 'x', box: { w: 1, h: 2 } })
  })

  it('match + group + sort', async () => {
    const $ = db.command.aggregate
    const _ = db.command
    const r = await db.collection('orders').aggregate()
      .match({ status: 'done', amount: _.gte(2) })
      .group({ _id: '$grid', total: $.sum('$amount'), n: $.sum(1), avg: $.avg('$amount') })
      .sort({ total: -1 })
      .end()
    expect(r.errMsg).toBe('collection.aggregate:ok')
    expect(r.list).toEqual([
      { _id: 'g1', total: 15, n: 2, avg: 7.5 },
      { _id: 'g2', total: 7, n: 1, avg: 7 },
    ])
  })

  it('project, unwind, count, addFields, skip, limit', async () => {
    const $ = db.command.aggregate
    const c = db.collection('orders')
    const unwound = await c.aggregate().unwind('$items').group({ _id: '$items', n: $.sum(1) }).sort({ _id: 1 }).end()
    expect(unwound.list).toEqual([{ _id: 'a', n: 2 }, { _id: 'b', n: 2 }, { _id: 'c', n: 1 }])
    const counted = await c.aggregate().match({ status: 'open' }).count('open').end()
    expect(counted.list).toEqual([{ open: 1 }])
    const paged = await c.aggregate()
      .addFields({ double: $.multiply(['$amount', 2]) })
      .sort({ amount: 1 })
      .skip(1)
      .limit(2)
      .project({ _id: 0, amount: 1, double: 1, month: $.month('$at') })
      .end()
    expect(paged.list).toEqual([{ amount: 5, double: 10, month: 2 }, { amount: 7, double: 14, month: 3 }])
  })

  it('lookup joins another collection', async () => {
    const r = await db.collection('orders').aggregate()
      .match({ _id: 'o1' })
      .lookup({ from: 'grids', localField: 'grid', foreignField: '_id', as: 'gridInfo' })
      .project({ gridName: db.command.aggregate.arrayElemAt(['$gridInfo.name', 0]) })
      .end()
    expect(r.list).toEqual([{ _id: 'o1', gridName: 'North' }])
  })

  it('a plain lookup right after the match reads only the foreign documents that can match, with the same answer', async () => {
    await db.collection('grids').add({ data: [{ _id: 'g9', name: 'Far' }, { _id: 'gx', code: 'x' }] })
    const spy = vi.spyOn(Datastore.prototype as any, '_getCandidatesAsync')
    try {
      const r = await db.collection('orders').aggregate().match({ grid: db.command.in(['g1', 'g3']) })
        .lookup({ from: 'grids', localField: 'grid', foreignField: '_id', as: 'g' }).sort({ _id: 1 }).end()
      expect(r.list.map((d: any) => [d._id, d.g.map((x: any) => x.name)])).toEqual([['o1', ['North']], ['o2', ['North']], ['o5', []]])
      const sizes = await Promise.all(spy.mock.results.map((x) => x.value))
      // orders: all 5 (no index on grid); grids: g1 straight from the _id index, not a scan of all 4.
      expect(sizes.map((c: unknown[]) => c.length)).toEqual([5])
    } finally {
      spy.mockRestore()
    }
    // A foreign array field holding the key joins too, each document once, in the foreign order;
    // the limit applies to the input.
    await db.collection('tags').add({ data: [{ _id: 't1', grids: ['g1', 'g1', 'g2'] }, { _id: 't2', grids: 'g1' }, { _id: 't3', grids: ['g3'] }] })
    const tagged = await db.collection('orders').aggregate().match({ _id: db.command.in(['o1', 'o3', 'o5']) })
      .lookup({ from: 'tags', localField: 'grid', foreignField: 'grids', as: 'tags' }).limit(2).end()
    expect(tagged.list.map((d: any) => [d._id, d.tags.map((x: any) => x._id)])).toEqual([['o1', ['t1', 't2']], ['o3', ['t1']]])
    // A key reached through an array of documents joins each element's value, and a bad limit is
    // refused, on the short path as on the general one.
    await db.collection('orders').add({ data: { _id: 'o8', lines: [{ g: 'g2' }, { g: 'g9' }] } })
    const through = await db.collection('orders').aggregate().match({ _id: 'o8' })
      .lookup({ from: 'grids', localField: 'lines.g', foreignField: '_id', as: 'g' }).end()
    expect(through.list[0].g.map((x: any) => x._id).sort()).toEqual(['g2', 'g9'])
    for (const n of [0, -1, 1.5]) {
      await expect(db.collection('orders').aggregate().match({ _id: 'o1' })
        .lookup({ from: 'grids', localField: 'grid', foreignField: '_id', as: 'g' }).limit(n).end()).rejects.toThrow()
    }
    // A missing key joins nothing on _id (every document has one): no read of the rest either.
    await db.collection('orders').add({ data: { _id: 'o7', amount: 3 } })
    const none = await db.collection('orders').aggregate().match({ _id: db.command.in(['o1', 'o7']) })
      .lookup({ from: 'grids', localField: 'grid', foreignField: '_id', as: 'g' }).sort({ _id: 1 }).end()
    expect(none.list.map((d: any) => [d._id, d.g.map((x: any) => x._id)])).toEqual([['o1', ['g1']], ['o7', []]])
    // A missing local value matches foreign documents whose field is missing or null, as MongoDB
    // does: that case still reads the whole foreign collection.
    await db.collection('orders').add({ data: { _id: 'o6', amount: 2 } })
    const m = await db.collection('orders').aggregate().match({ _id: 'o6' })
      .lookup({ from: 'grids', localField: 'grid', foreignField: 'code', as: 'g' }).end()
    expect(m.list[0].g.map((x: any) => x._id).sort()).toEqual(['g1', 'g2', 'g9'])
  })

  it('a leading match uses indexes', async () => {
    await db.ensureIndexes([{ collection: 'orders', fields: ['grid'] }])
    const spy = vi.spyOn(Datastore.prototype as any, '_getCandidatesAsync')
    try {
      const r = await db.collection('orders').aggregate().match({ grid: db.command.in(['g3']), amount: db.command.gt(0) }).end()
      expect(r.list.map((d) => d._id)).toEqual(['o5'])
      expect(await spy.mock.results[0].value).toHaveLength(1) // candidates from the index, not all 5 docs
    } finally {
      spy.mockRestore()
    }
  })

  it('invalid stages reject with DatabaseError', async () => {
    await expect(db.collection('orders').aggregate().group({ total: 1 }).end()).rejects.toBeInstanceOf(DatabaseError)
  })
})

describe('operators that mingo answers differently from MongoDB (operators.ts)', () => {
  const days = ['2019-01-05', '2019-01-06', '2019-05-14', '2019-12-31', '2023-01-01', '2016-01-01', '2018-12-31', '2021-01-03', '2020-12-31']
  beforeEach(async () => {
    await db.collection('days').add({ data: days.map((d) => ({ _id: d, d: new Date(`${d}T12:00:00Z`), s: '网格连心abc', list: [1, 2, 3], neg: -4 })) })
  })

  it('$week counts weeks from the first Sunday (strftime %U); $isoWeekYear is the ISO week\'s year', async () => {
    const $ = db.command.aggregate
    const { list } = await db.collection('days').aggregate().project({ w: $.week('$d'), y: $.isoWeekYear('$d'), iw: $.isoWeek('$d') }).limit(20).end()
    const by = Object.fromEntries(list.map((r) => [r._id, [r.w, r.y, r.iw]]))
    expect(by).toEqual({
      '2019-01-05': [0, 2019, 1], // a Saturday before the first Sunday: week 0
      '2019-01-06': [1, 2019, 1],
      '2019-05-14': [19, 2019, 20],
      '2019-12-31': [52, 2020, 1], // ISO week 1 of 2020
      '2023-01-01': [1, 2022, 52], // a Sunday: week 1; ISO: last week of 2022
      '2016-01-01': [0, 2015, 53],
      '2018-12-31': [52, 2019, 1],
      '2021-01-03': [1, 2020, 53],
      '2020-12-31': [52, 2020, 53],
    })
  })

  it('$indexOfCP finds code points; $substr with a negative or long count takes the rest', async () => {
    const $ = db.command.aggregate
    const { list } = await db.collection('days').aggregate().match({ _id: '2019-05-14' }).project({
      _id: 0,
      i: $.indexOfCP(['$s', 'abc']),
      from: $.indexOfCP(['$s', '连', 3]),
      none: $.indexOfCP(['$s', 'x']),
      nil: $.indexOfCP(['$missing', 'a']),
      rest: $.substr(['$s', 6, -1]),
      long: $.substrBytes(['$s', 12, 100]),
      bytes: $.substrBytes(['$s', 0, 6]),
    }).end()
    expect(list).toEqual([{ i: 4, from: -1, none: -1, nil: null, rest: '连心abc', long: 'abc', bytes: '网格' }])
  })

  it('$.neq is MongoDB\'s $ne (the SDK renames it); $trunc takes one number', async () => {
    const $ = db.command.aggregate
    expect($.neq(['$a', 1])).toEqual({ $ne: ['$a', 1] })
    const { list } = await db.collection('orders').aggregate().match({ _id: 'o1' }).project({ _id: 0, ne: $.neq(['$amount', 10]), t: $.trunc(7.9), t1: $.trunc([7.96, 1]) }).end()
    expect(list).toEqual([{ ne: false, t: 7, t1: 7.9 }])
    expect((await db.collection('orders').where(db.command.expr($.neq(['$grid', 'g1']))).count()).total).toBe(3)
  })

  it('$dateFromParts: month and day default to 1, parts carry over, ISO weeks, a zone\'s offset on that date', async () => {
    const $ = db.command.aggregate
    const { list } = await db.collection('days').aggregate().match({ _id: '2019-05-14' }).project({
      _id: 0,
      year: $.dateFromParts({ year: 2017 }),
      feb31: $.dateFromParts({ year: 2017, month: 2, day: 31 }),
      month14: $.dateFromParts({ year: 2017, month: 14, day: 1, hour: 25 }),
      winter: $.dateFromParts({ year: 2017, month: 2, day: 8, hour: 12, timezone: 'America/New_York' }), // EST
      summer: $.dateFromParts({ year: 2017, month: 7, day: 8, hour: 12, timezone: 'America/New_York' }), // EDT
      fixed: $.dateFromParts({ year: 2017, month: 7, day: 8, hour: 12, timezone: '+08:00' }),
      iso: $.dateFromParts({ isoWeekYear: 2019, isoWeek: 20, isoDayOfWeek: 2, hour: 9 }),
      isoFirst: $.dateFromParts({ isoWeekYear: 2020 }), // Monday of ISO week 1 of 2020
      fromString: $.dateFromString({ dateString: '2017-07-08T12:10:40.787', timezone: 'America/New_York' }),
    }).end()
    expect(list).toEqual([{
      year: new Date('2017-01-01T00:00:00Z'),
      feb31: new Date('2017-03-03T00:00:00Z'),
      month14: new Date('2018-02-02T01:00:00Z'),
      winter: new Date('2017-02-08T17:00:00Z'),
      summer: new Date('2017-07-08T16:00:00Z'),
      fixed: new Date('2017-07-08T04:00:00Z'),
      iso: new Date('2019-05-14T09:00:00Z'),
      isoFirst: new Date('2019-12-30T00:00:00Z'),
      fromString: new Date('2017-07-08T16:10:40.787Z'),
    }])
    const bad = (spec: Record<string, unknown>) => db.collection('days').aggregate().project({ v: $.dateFromParts(spec) }).end()
    await expect(bad({ month: 1 })).rejects.toMatchObject({ errCode: -502001 })
    await expect(bad({ year: 2017, timezone: 'Mars/Olympus' })).rejects.toMatchObject({ errCode: -502001 })
  })

  it('$dateToParts lists the date before the time; $arrayToObject reads an array argument as its argument list', async () => {
    const $ = db.command.aggregate
    const { list } = await db.collection('days').aggregate().match({ _id: '2019-05-14' }).project({
      _id: 0,
      parts: $.dateToParts({ date: '$d', timezone: 'Asia/Shanghai' }),
      iso: $.dateToParts({ date: '$d', iso8601: true }),
      pairs: $.arrayToObject([[['k', 1], ['j', 2]]]),
      kv: $.arrayToObject([[{ k: 'a', v: 1 }, { k: 'b', v: 2 }]]),
    }).end()
    expect(list).toEqual([{
      parts: { year: 2019, month: 5, day: 14, hour: 20, minute: 0, second: 0, millisecond: 0 },
      iso: { isoWeekYear: 2019, isoWeek: 20, isoDayOfWeek: 2, hour: 12, minute: 0, second: 0, millisecond: 0 },
      pairs: { k: 1, j: 2 },
      kv: { a: 1, b: 2 },
    }])
    expect(Object.keys(list[0].parts)).toEqual(['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond'])
    expect(Object.keys(list[0].iso)).toEqual(['isoWeekYear', 'isoWeek', 'isoDayOfWeek', 'hour', 'minute', 'second', 'millisecond'])
  })

  it('a one-argument operator reads an array argument as its argument list; $sum/$max… traverse one array argument', async () => {
    const $ = db.command.aggregate
    const { list } = await db.collection('days').aggregate().match({ _id: '2019-05-14' }).project({
      _id: 0,
      size: { $size: ['$list'] },
      sizeLiteral: { $size: [[1, 2]] },
      reversed: { $reverseArray: [[1, 2]] },
      abs: { $abs: ['$neg'] },
      sqrt: { $sqrt: [16] },
      len: { $strLenCP: ['$s'] },
      year: { $year: ['$d'] },
      week: { $week: ['$d'] },
      str: { $toString: [5] },
      sumOne: $.sum('$list'),
      sumWrapped: $.sum([['$neg', 1]]),
      sumMany: $.sum(['$neg', 1, '$list']), // several arguments: an array among them is not a number
      max: $.max([[1, 5]]),
      avg: $.avg(['$list']),
      avgNone: $.avg('$missing'),
    }).end()
    expect(list).toEqual([{
      size: 3, sizeLiteral: 2, reversed: [2, 1], abs: 4, sqrt: 4, len: 7, year: 2019, week: 19, str: '5',
      sumOne: 6, sumWrapped: -3, sumMany: -3, max: 5, avg: 2, avgNone: null,
    }])
    await expect(db.collection('days').aggregate().project({ v: { $size: [[1], [2]] } }).end()).rejects.toMatchObject({ errCode: -502001 })
    // $group still accumulates over the group's documents
    const groups = (await db.collection('orders').aggregate().group({ _id: '$status', total: $.sum('$amount'), top: $.max('$amount'), n: $.sum(1) }).sort({ _id: 1 }).end()).list
    expect(groups).toEqual([{ _id: 'done', total: 23, top: 10, n: 4 }, { _id: 'open', total: 100, top: 100, n: 1 }])
  })

  it('limit(0) and an unwind path without $ are refused, bucketAuto lists _id first, as MongoDB answers', async () => {
    const orders = db.collection('orders')
    await expect(orders.aggregate().limit(0).end()).rejects.toMatchObject({ errCode: -502001 })
    await expect(orders.aggregate().limit(1.5).end()).rejects.toMatchObject({ errCode: -502001 })
    await expect(orders.aggregate().unwind('items').end()).rejects.toMatchObject({ errCode: -502001 })
    await expect(orders.aggregate().unwind({ path: 'items' }).end()).rejects.toMatchObject({ errCode: -502001 })
    expect((await orders.aggregate().unwind('$items').count('n').end()).list).toEqual([{ n: 5 }])
    // amounts 1, 5, 7, 10, 100 in two buckets of about 2.5
    const list = (await orders.aggregate().bucketAuto({ groupBy: '$amount', buckets: 2 }).end()).list
    expect(list).toEqual([{ _id: { min: 1, max: 10 }, count: 3 }, { _id: { min: 10, max: 100 }, count: 2 }])
    expect(list.map((b) => Object.keys(b)[0])).toEqual(['_id', '_id'])
  })

  it('$dateToString uses MongoDB\'s specifiers (%w 1–7 from Sunday, %U from the first Sunday, %G ISO year, %%); $dateFromString reads ISO offsets and refuses garbage', async () => {
    const $ = db.command.aggregate
    const _ = db.command
    const fmt = (format: string, timezone?: string) => $.dateToString({ date: '$d', format, ...(timezone ? { timezone } : {}) })
    const { list } = await db.collection('days').aggregate().match({ _id: _.in(['2019-01-05', '2016-01-01']) }).sort({ _id: 1 }).project({
      _id: 0,
      s: fmt('%Y-%m-%d %H:%M:%S.%L %j w%w u%u U%U V%V G%G %%'),
      zone: fmt('%H:%M %z %Z', 'America/New_York'),
      iso: $.dateFromString({ dateString: '2019-07-01T12:00:00+08:00' }),
      spaced: $.dateFromString({ dateString: '2019-07-01 12:00:00' }),
      zoned: $.dateFromString({ dateString: '2019-07-01T12:00:00', timezone: '+08:00' }),
      fallback: $.dateFromString({ dateString: 'garbage', onError: 'bad' }),
    }).end()
    expect(list).toEqual([
      { s: '2016-01-01 12:00:00.000 001 w6 u5 U00 V53 G2015 %', zone: '07:00 -0500 -300', iso: new Date('2019-07-01T04:00:00Z'), spaced: new Date('2019-07-01T12:00:00Z'), zoned: new Date('2019-07-01T04:00:00Z'), fallback: 'bad' },
      { s: '2019-01-05 12:00:00.000 005 w7 u6 U00 V01 G2019 %', zone: '07:00 -0500 -300', iso: new Date('2019-07-01T04:00:00Z'), spaced: new Date('2019-07-01T12:00:00Z'), zoned: new Date('2019-07-01T04:00:00Z'), fallback: 'bad' },
    ])
    const one = (v: unknown) => db.collection('days').aggregate().limit(1).project({ v }).end()
    await expect(one($.dateFromString({ dateString: 'garbage' }))).rejects.toMatchObject({ errCode: -502001 })
    await expect(one($.dateFromString({ dateString: '2019-07-01T12:00:00Z', timezone: 'Asia/Shanghai' }))).rejects.toMatchObject({ errCode: -502001 })
    await expect(one(fmt('%Q'))).rejects.toMatchObject({ errCode: -502001 })
  })

  it('comparison expressions use MongoDB\'s order of all values: missing < null < numbers < strings < objects < arrays', async () => {
    const $ = db.command.aggregate
    const _ = db.command
    const c = db.collection('cmp')
    await c.add({ data: [{ _id: 'none' }, { _id: 'null', v: null }, { _id: 'one', v: 1 }, { _id: 'nine', v: 9 }, { _id: 'str', v: 'a' }, { _id: 'arr', v: [1] }] })
    const ids = async (e: unknown) => (await c.where(_.expr(e)).get()).data.map((d) => d._id).sort()
    expect(await ids($.lt(['$v', 5]))).toEqual(['none', 'null', 'one'])
    expect(await ids($.gt(['$v', 5]))).toEqual(['arr', 'nine', 'str'])
    expect(await ids($.eq(['$v', null]))).toEqual(['null'])
    expect(await ids($.ne(['$v', null]))).toEqual(['arr', 'nine', 'none', 'one', 'str'])
    const { list } = await c.aggregate().match({ _id: 'none' }).project({
      _id: 0, cmpMissingNull: $.cmp(['$v', null]), cmpNumStr: $.cmp([1, 'a']), ltStrArr: $.lt(['a', [1]]), gteMissing: $.gte(['$v', '$w']),
    }).end()
    expect(list).toEqual([{ cmpMissingNull: -1, cmpNumStr: -1, ltStrArr: true, gteMissing: true }])
  })

  it('null or missing arguments answer as MongoDB does (date parts null, $toUpper \'\', $slice and set operators null), and MongoDB\'s refusals are errors', async () => {
    const $ = db.command.aggregate
    const { list } = await db.collection('days').aggregate().match({ _id: '2019-05-14' }).project({
      _id: 0,
      year: $.year('$missing'),
      hour: $.hour({ date: '$missing', timezone: 'Asia/Shanghai' }),
      week: $.week('$missing'),
      upper: $.toUpper('$missing'),
      slice: $.slice(['$missing', 1]),
      union: $.setUnion(['$list', null]),
      sw: $.switch({ branches: [{ case: '$missing', then: 'no' }, { case: '$s', then: 'yes' }] }),
      yearOk: $.year('$d'),
    }).end()
    expect(list).toEqual([{ year: null, hour: null, week: null, upper: '', slice: null, union: null, sw: 'yes', yearOk: 2019 }])
    const one = (v: unknown) => db.collection('days').aggregate().limit(1).project({ v }).end()
    for (const bad of [
      $.switch({ branches: [{ case: false, then: 1 }] }), $.mod([1, 0]), $.ln(0), $.log([-1, 10]), $.log10(0),
      $.split(['$s', '']), $.size('$missing'), $.substrCP(['$s', -1, 2]),
    ]) {
      await expect(one(bad)).rejects.toMatchObject({ errCode: -502001 })
    }
  })

  it('group: $push/$addToSet leave out missing values, $max/$min compare across types in BSON order and skip null', async () => {
    const $ = db.command.aggregate
    const c = db.collection('acc')
    await c.add({ data: [{ _id: '1', v: 3, s: 'b' }, { _id: '2', v: null, s: 'a' }, { _id: '3', s: 5 }, { _id: '4', v: 'x', s: [1] }] })
    const { list } = await c.aggregate().sort({ _id: 1 }).group({
      _id: null, push: $.push('$v'), set: $.addToSet('$v'), max: $.max('$v'), min: $.min('$v'), maxS: $.max('$s'), minS: $.min('$s'), none: $.max('$missing'),
    }).end()
    expect(list).toEqual([{ _id: null, push: [3, null, 'x'], set: [3, null, 'x'], max: 'x', min: 3, maxS: [1], minS: 5, none: null }])
  })

  it('$substr coerces a number or a date to a string; $cond without else is refused (MongoDB)', async () => {
    const $ = db.command.aggregate
    const { list } = await db.collection('days').aggregate().match({ _id: '2019-05-14' }).project({
      _id: 0, num: $.substr([12345, 0, 2]), date: $.substr(['$d', 0, 10]), cond: $.cond({ if: true, then: 1, else: 2 }),
    }).end()
    expect(list).toEqual([{ num: '12', date: '2019-05-14', cond: 1 }])
    await expect(db.collection('days').aggregate().limit(1).project({ v: $.cond({ if: true, then: 1 }) }).end()).rejects.toMatchObject({ errCode: -502001 })
  })

  it('$sample draws distinct documents, never more than there are', async () => {
    for (let run = 0; run < 20; run++) {
      const { list } = await db.collection('days').aggregate().sample({ size: 5 }).end()
      expect(new Set(list.map((d) => d._id)).size).toBe(5)
    }
    expect((await db.collection('days').aggregate().sample({ size: 50 }).limit(100).end()).list).toHaveLength(days.length)
  })

  it('bucket: a value on a boundary opens the next bucket, empty buckets are left out, _id first', async () => {
    const $ = db.command.aggregate
    // amounts 10, 5, 7, 100, 1
    const list = (await db.collection('orders').aggregate().bucket({
      groupBy: '$amount', boundaries: [0, 5, 10, 20, 50], default: 'more', output: { n: $.sum(1), ids: $.push('$_id') },
    }).end()).list
    expect(list).toEqual([
      { _id: 0, n: 1, ids: ['o5'] },
      { _id: 5, n: 2, ids: ['o2', 'o3'] },
      { _id: 10, n: 1, ids: ['o1'] },
      { _id: 'more', n: 1, ids: ['o4'] },
    ])
    expect(Object.keys(list[0])[0]).toBe('_id')
    await expect(db.collection('orders').aggregate().bucket({ groupBy: '$amount', boundaries: [0, 50] }).end()).rejects.toMatchObject({ errCode: -502001 })
  })
})
