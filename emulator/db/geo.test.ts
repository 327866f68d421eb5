import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ERR } from './errors'
import { createDatabase, DatabaseError, type Doc, type EmulatedDatabase } from './index'

// Real places (WeChat docs' Aggregate.geoNear example). Great-circle distances on a sphere of
// radius 6378100 m (MongoDB's), computed independently with the vector formula atan2(|a×b|, a·b).
const CANTON_TOWER = [113.30593, 23.1361155] as const
const BAIYUN_MOUNTAIN = [113.306789, 23.1564721] as const
const PALACE_MUSEUM = [116.3949659, 39.9163447] as const
const GREAT_WALL = [116.2328567, 40.242373] as const
const TOWER_TO_BAIYUN = 2267.7783554697744
const TOWER_TO_PALACE = 1890464.2425666675
const TOWER_TO_WALL = 1924004.7545547588

let db: EmulatedDatabase
beforeEach(() => {
  db = createDatabase()
})
afterEach(() => db.close())

const ids = (docs: Doc[]) => docs.map((d) => d._id)
const rejects = (p: Promise<unknown>, errCode: number, msg: RegExp) =>
  expect(p).rejects.toSatisfy((e: unknown) => e instanceof DatabaseError && e.errCode === errCode && msg.test(e.errMsg))

describe('db.Geo types', () => {
  it('build with or without new, are instances of db.Geo.X and give GeoJSON from toJSON()', () => {
    const { Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon } = db.Geo
    const p = Point(113, 23)
    expect(p).toBeInstanceOf(Point)
    expect(new Point(113, 23)).toEqual(p)
    expect({ ...p }).toEqual({ longitude: 113, latitude: 23 }) // own fields, as the SDK's Point
    expect(p.toJSON()).toEqual({ type: 'Point', coordinates: [113, 23] })
    expect(p.toReadableString()).toBe('[113,23]')

    const line = LineString([Point(0, 0), Point(3, 2)])
    expect(line.toJSON()).toEqual({ type: 'LineString', coordinates: [[0, 0], [3, 2]] })
    const ring = [Point(0, 0), Point(3, 2), Point(2, 3), Point(0, 0)]
    const polygon = new Polygon([LineString(ring)])
    expect(polygon.toJSON()).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [3, 2], [2, 3], [0, 0]]] })
    expect(MultiPoint([Point(1, 2), Point(3, 4)]).toJSON()).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] })
    expect(MultiLineString([line, line]).toJSON()).toEqual({ type: 'MultiLineString', coordinates: [[[0, 0], [3, 2]], [[0, 0], [3, 2]]] })
    expect(new MultiPolygon([polygon]).toJSON()).toEqual({ type: 'MultiPolygon', coordinates: [[[[0, 0], [3, 2], [2, 3], [0, 0]]]] })
    expect(JSON.parse(JSON.stringify({ p }))).toEqual({ p: { type: 'Point', coordinates: [113, 23] } })
  })

  it('reject bad input when built', () => {
    const { Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon } = db.Geo as any
    const closed = LineString([Point(0, 0), Point(1, 0), Point(1, 1), Point(0, 0)])
    expect(() => Point()).toThrow()
    expect(() => new Point([], {})).toThrow(TypeError)
    expect(() => Point('1', 2)).toThrow(TypeError)
    expect(() => Point(181, 0)).toThrow(/longitude/)
    expect(() => Point(0, -91)).toThrow(/latitude/)
    expect(() => LineString({})).toThrow(TypeError)
    expect(() => LineString([Point(0, 0)])).toThrow(/at least 2/)
    expect(() => LineString([123, []])).toThrow(TypeError)
    expect(() => Polygon(null)).toThrow(TypeError)
    expect(() => Polygon([])).toThrow()
    expect(() => Polygon([666, 789])).toThrow(TypeError)
    expect(() => Polygon([LineString([Point(0, 0), Point(1, 0), Point(1, 1), Point(0, 1)])])).toThrow(/closed/) // open ring
    expect(() => Polygon([LineString([Point(0, 0), Point(1, 0), Point(0, 0)])])).toThrow(/at least 4/)
    expect(() => MultiPoint([])).toThrow()
    expect(() => MultiPoint([{}, {}])).toThrow(TypeError)
    expect(() => MultiLineString([123, null])).toThrow(TypeError)
    expect(() => MultiPolygon(123)).toThrow(TypeError)
    expect(() => MultiPolygon([closed])).toThrow(TypeError)
  })
})

describe('storage and reads', () => {
  it('stores GeoJSON and get()/doc().get() give back Geo instances (also nested and in arrays)', async () => {
    const { Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon } = db.Geo
    const point = Point(-180, 20)
    const line = LineString([Point(1, 1), Point(2, 2)])
    const outer = LineString([Point(-2, -2), Point(2, -2), Point(2, 2), Point(-2, 2), Point(-2, -2)])
    const hole = LineString([Point(-1, -1), Point(1, -1), Point(1, 1), Point(-1, 1), Point(-1, -1)])
    const polygon = Polygon([outer, hole])
    const multiPoint = MultiPoint([Point(1, 2), Point(3, 4)])
    const multiLine = MultiLineString([line, LineString([Point(5, 5), Point(6, 6)])])
    const multiPolygon = MultiPolygon([Polygon([outer]), Polygon([hole])])
    const data = { point, line, polygon, multiPoint, multiLine, multiPolygon, arr: [point, { at: point }], n: 1 }
    const { _id } = await db.collection('geo').add({ data })

    // aggregate results are not converted by the SDK: they show what is stored
    const [raw] = (await db.collection('geo').aggregate().end()).list
    expect(raw.point).toEqual({ type: 'Point', coordinates: [-180, 20] })
    expect(raw.multiPolygon).toEqual(multiPolygon.toJSON())
    expect(raw.arr).toEqual([point.toJSON(), { at: point.toJSON() }])

    for (const got of [(await db.collection('geo').doc(_id).get()).data, (await db.collection('geo').where({ _id }).get()).data[0]]) {
      expect(got.point).toBeInstanceOf(Point)
      expect(got.line).toBeInstanceOf(LineString)
      expect(got.polygon).toBeInstanceOf(Polygon)
      expect(got.multiPoint).toBeInstanceOf(MultiPoint)
      expect(got.multiLine).toBeInstanceOf(MultiLineString)
      expect(got.multiPolygon).toBeInstanceOf(MultiPolygon)
      expect(got).toStrictEqual({ _id, ...data })
    }
  })

  it('GeoJSON written directly is read back as Geo too; update() replaces a geo field wholesale', async () => {
    const { Point } = db.Geo
    const c = db.collection('geo')
    await c.add({ data: { _id: 'a', loc: { type: 'Point', coordinates: [113, 23] }, other: { type: 'x', coordinates: 1 } } })
    let a = (await c.doc('a').get()).data
    expect(a.loc).toStrictEqual(Point(113, 23))
    expect(a.other).toEqual({ type: 'x', coordinates: 1 })
    await c.doc('a').update({ data: { loc: Point(114, 24) } })
    await c.doc('a').update({ data: { list: db.command.push(Point(1, 1)) } })
    a = (await c.doc('a').get()).data
    expect(a.loc).toStrictEqual(Point(114, 24))
    expect(a.list).toStrictEqual([Point(1, 1)])
    // equality on a whole geo value
    expect(ids((await c.where({ loc: Point(114, 24) }).get()).data)).toEqual(['a'])
  })
})

describe('_.geoNear', () => {
  const seed = async () => {
    await db.ensureIndexes([{ collection: 'places', fields: ['location'], geo: true }])
    const { Point } = db.Geo
    await db.collection('places').add({
      data: [
        { _id: 'wall', city: 'Beijing', location: Point(...GREAT_WALL) },
        { _id: 'baiyun', city: 'Guangzhou', location: Point(...BAIYUN_MOUNTAIN) },
        { _id: 'palace', city: 'Beijing', location: Point(...PALACE_MUSEUM) },
        { _id: 'tower', city: 'Guangzhou', location: Point(...CANTON_TOWER) },
        { _id: 'nowhere', city: 'none' },
      ],
    })
  }
  const near = (opts: Record<string, unknown> = {}) =>
    ({ location: db.command.geoNear({ geometry: db.Geo.Point(...CANTON_TOWER), ...opts }) })

  it('returns matches nearest first, skipping documents without the field', async () => {
    await seed()
    expect(ids((await db.collection('places').where(near()).get()).data)).toEqual(['tower', 'baiyun', 'palace', 'wall'])
    expect(ids((await db.collection('places').where(near()).skip(1).limit(2).get()).data)).toEqual(['baiyun', 'palace'])
  })

  it('minDistance / maxDistance are meters on MongoDB\'s sphere (bounds included)', async () => {
    await seed()
    const q = (o: Record<string, unknown>) => db.collection('places').where(near(o)).get().then((r) => ids(r.data))
    expect(await q({ maxDistance: Math.floor(TOWER_TO_BAIYUN) })).toEqual(['tower'])
    expect(await q({ maxDistance: Math.ceil(TOWER_TO_BAIYUN) })).toEqual(['tower', 'baiyun'])
    expect(await q({ minDistance: 1, maxDistance: 5000 })).toEqual(['baiyun'])
    expect(await q({ minDistance: Math.floor(TOWER_TO_PALACE), maxDistance: Math.ceil(TOWER_TO_PALACE) })).toEqual(['palace'])
    expect(await q({ maxDistance: 0 })).toEqual(['tower'])
  })

  it('combines with other conditions; orderBy overrides the distance order; count() works', async () => {
    await seed()
    const c = db.collection('places')
    expect(ids((await c.where({ ...near(), city: 'Beijing' }).get()).data)).toEqual(['palace', 'wall'])
    expect(ids((await c.where(near()).orderBy('_id', 'desc').get()).data)).toEqual(['wall', 'tower', 'palace', 'baiyun'])
    expect((await c.where(near({ maxDistance: 5000 })).count()).total).toBe(2)
  })

  it('needs a geo index on the field, as in the cloud (MongoDB $nearSphere)', async () => {
    await db.collection('places').add({ data: { location: db.Geo.Point(1, 1) } })
    await rejects(db.collection('places').where(near()).get(), ERR.REQUEST_FAILED, /unable to find index for \$geoNear/)
    await rejects(db.collection('places').where(near()).count(), ERR.REQUEST_FAILED, /unable to find index/)
    await db.ensureIndexes([{ collection: 'places', fields: ['other'], geo: true }])
    await rejects(db.collection('places').where(near()).get(), ERR.REQUEST_FAILED, /unable to find index/)
  })

  it('must be a top-level condition, at most one per query', async () => {
    await seed()
    const _ = db.command
    await rejects(db.collection('places').where(_.or([near(), { city: 'x' }])).get(), ERR.REQUEST_FAILED, /top-level/)
    await rejects(db.collection('places').where(_.and([near(), near()])).get(), ERR.REQUEST_FAILED, /Too many geoNear/)
    expect(ids((await db.collection('places').where(_.and([near({ maxDistance: 1 }), { city: 'Guangzhou' }])).get()).data)).toEqual(['tower'])
  })

  it('checks its arguments when built', () => {
    const _ = db.command as any
    const { Point, LineString } = db.Geo
    expect(() => _.geoNear({ geometry: LineString([Point(0, 0), Point(1, 1)]) })).toThrow(TypeError)
    expect(() => _.geoNear({ geometry: Point(0, 0), maxDistance: '1' })).toThrow(TypeError)
    expect(() => _.geoNear({ geometry: Point(0, 0), minDistance: -1 })).toThrow(TypeError)
    expect(() => _.geoNear({ geometry: { type: 'Point', coordinates: [0, 0] } })).not.toThrow() // GeoJSON is accepted
  })
})

describe('_.geoWithin and _.geoIntersects (no index needed)', () => {
  const square = (r: number) => {
    const { Point, LineString } = db.Geo
    return LineString([Point(-r, -r), Point(r, -r), Point(r, r), Point(-r, r), Point(-r, -r)])
  }
  const seed = async () => {
    const { Point, LineString, Polygon } = db.Geo
    await db.collection('shapes').add({
      data: [
        { _id: 'origin', g: Point(0, 0) },
        { _id: 'ring', g: Point(1.5, 1.5) },
        { _id: 'far', g: Point(10, 10) },
        { _id: 'shortLine', g: LineString([Point(-0.5, 0), Point(0.5, 0)]) },
        { _id: 'longLine', g: LineString([Point(-5, 0.5), Point(5, 0.5)]) },
        { _id: 'smallSquare', g: Polygon([square(0.5)]) },
        { _id: 'arr', g: [Point(20, 20), Point(1.5, -1.5)] },
      ],
    })
  }
  const q = (cond: unknown) => db.collection('shapes').where({ g: cond }).get().then((r) => ids(r.data).sort())

  it('geoWithin a Polygon (holes excluded) and a MultiPolygon', async () => {
    await seed()
    const { Polygon, MultiPolygon } = db.Geo
    const _ = db.command
    expect(await q(_.geoWithin({ geometry: Polygon([square(2)]) }))).toEqual(['arr', 'origin', 'ring', 'shortLine', 'smallSquare'])
    // the "回" shape: points in the hole are not within
    expect(await q(_.geoWithin({ geometry: Polygon([square(2), square(1)]) }))).toEqual(['arr', 'ring'])
    expect(await q(_.geoWithin({ geometry: MultiPolygon([Polygon([square(0.1)]), Polygon([square(1)])]) })))
      .toEqual(['origin', 'shortLine', 'smallSquare'])
  })

  it('geoWithin a centerSphere ([[lng, lat], radius in radians])', async () => {
    const { Point } = db.Geo
    await db.collection('places').add({
      data: [{ _id: 'tower', loc: Point(...CANTON_TOWER) }, { _id: 'baiyun', loc: Point(...BAIYUN_MOUNTAIN) }, { _id: 'palace', loc: Point(...PALACE_MUSEUM) }],
    })
    const within = (meters: number) => db.collection('places')
      .where({ loc: db.command.geoWithin({ centerSphere: [[...CANTON_TOWER], meters / 6378100] }) }).get().then((r) => ids(r.data).sort())
    expect(await within(Math.floor(TOWER_TO_BAIYUN))).toEqual(['tower'])
    expect(await within(Math.ceil(TOWER_TO_BAIYUN))).toEqual(['baiyun', 'tower'])
    expect(await within(Math.ceil(TOWER_TO_WALL))).toEqual(['baiyun', 'palace', 'tower'])
  })

  it('geoIntersects with a LineString and a Polygon', async () => {
    await seed()
    const { Point, LineString, Polygon } = db.Geo
    const _ = db.command
    // vertical line x = 0 from y = -1 to 1: crosses both lines, the small square and the origin point
    expect(await q(_.geoIntersects({ geometry: LineString([Point(0, -1), Point(0, 1)]) })))
      .toEqual(['longLine', 'origin', 'shortLine', 'smallSquare'])
    // polygon around (1.5, ±1.5): the point, the array holding a point there, nothing else
    const box = Polygon([LineString([Point(1, 1), Point(2, 1), Point(2, 2), Point(1, 2), Point(1, 1)])])
    expect(await q(_.geoIntersects({ geometry: box }))).toEqual(['ring'])
    const big = Polygon([square(3)])
    expect(await q(_.geoIntersects({ geometry: big }))).toEqual(['arr', 'longLine', 'origin', 'ring', 'shortLine', 'smallSquare'])
    expect(await q(_.geoIntersects({ geometry: Point(0.5, 0) }))).toEqual(['shortLine', 'smallSquare'])
  })

  it('combine with not / or and work in update() and remove()', async () => {
    await seed()
    const { Polygon } = db.Geo
    const _ = db.command
    const inside = _.geoWithin({ geometry: Polygon([square(2)]) })
    expect(await q(_.not(inside))).toEqual(['far', 'longLine'])
    expect((await db.collection('shapes').where({ g: inside }).update({ data: { tag: 'in' } })).stats.updated).toBe(5)
    expect((await db.collection('shapes').where({ g: inside }).remove()).stats.removed).toBe(5)
    expect(ids((await db.collection('shapes').get()).data).sort()).toEqual(['far', 'longLine'])
  })

  it('check their arguments when built', () => {
    const _ = db.command as any
    const { Point, LineString } = db.Geo
    expect(() => _.geoWithin({ geometry: Point(0, 0) })).toThrow(TypeError)
    expect(() => _.geoWithin({ centerSphere: [[0, 0]] })).toThrow(TypeError)
    expect(() => _.geoWithin({ centerSphere: [Point(0, 0), 0.1] })).not.toThrow()
    expect(() => _.geoIntersects({ geometry: { type: 'Circle' } })).toThrow(TypeError)
    expect(() => _.geoIntersects({ geometry: LineString([Point(0, 0), Point(1, 1)]) })).not.toThrow()
  })
})

describe('aggregate().geoNear', () => {
  const seed = async () => {
    const { Point } = db.Geo
    await db.ensureIndexes([{ collection: 'attractions', fields: ['location'], geo: true }])
    await db.collection('attractions').add({
      data: [
        { _id: 'geoNear.0', city: 'Guangzhou', name: 'Canton Tower', location: Point(...CANTON_TOWER) },
        { _id: 'geoNear.1', city: 'Guangzhou', name: 'Baiyun Mountain', location: Point(...BAIYUN_MOUNTAIN) },
        { _id: 'geoNear.2', city: 'Beijing', name: 'The Palace Museum', location: Point(...PALACE_MUSEUM) },
        { _id: 'geoNear.3', city: 'Beijing', name: 'Great Wall', location: Point(...GREAT_WALL) },
      ],
    })
  }

  it('outputs documents nearest first with the distance (meters) in distanceField', async () => {
    await seed()
    const { list } = await db.collection('attractions').aggregate()
      .geoNear({ distanceField: 'distance', spherical: true, near: db.Geo.Point(...CANTON_TOWER) })
      .end()
    expect(ids(list)).toEqual(['geoNear.0', 'geoNear.1', 'geoNear.2', 'geoNear.3'])
    expect(list[0].distance).toBe(0)
    expect(list[1].distance).toBeCloseTo(TOWER_TO_BAIYUN, 3)
    expect(list[2].distance).toBeCloseTo(TOWER_TO_PALACE, 2)
    expect(list[3].distance).toBeCloseTo(TOWER_TO_WALL, 2)
    expect(list[0].location).toEqual({ type: 'Point', coordinates: [...CANTON_TOWER] }) // GeoJSON, as the SDK returns
  })

  it('gives the distance CloudBase itself answers, to the last digit (S2\'s formula)', async () => {
    // A pair from Tencent's published geoNear test, with the distance the cloud returned there.
    await db.collection('far').add({ data: { _id: 'baiyun', loc: new db.Geo.Point(...BAIYUN_MOUNTAIN) } })
    await db.ensureIndexes([{ collection: 'far', fields: ['loc'], geo: true }])
    const { list } = await db.collection('far').aggregate().geoNear({ near: new db.Geo.Point(113.3089506, 23.0968251), spherical: true, distanceField: 'd' }).end()
    expect(list[0].d).toBe(6643.521654040738)
  })

  it('query, min/maxDistance, distanceMultiplier, includeLocs, limit, nested distanceField and later stages', async () => {
    await seed()
    const $ = db.command.aggregate
    const { list } = await db.collection('attractions').aggregate()
      .geoNear({
        near: { type: 'Point', coordinates: [...CANTON_TOWER] }, spherical: true, query: { city: db.command.neq('Guangzhou') },
        minDistance: 1000, maxDistance: 1_900_000, distanceField: 'd.km', distanceMultiplier: 0.001, includeLocs: 'loc',
      })
      .project({ _id: 0, name: 1, km: $.floor('$d.km'), loc: 1 })
      .end()
    expect(list).toEqual([{ name: 'The Palace Museum', km: 1890, loc: { type: 'Point', coordinates: [...PALACE_MUSEUM] } }])
    const limited = await db.collection('attractions').aggregate()
      .geoNear({ near: db.Geo.Point(...GREAT_WALL), spherical: true, distanceField: 'dist', limit: 2 }).end()
    expect(ids(limited.list)).toEqual(['geoNear.3', 'geoNear.2'])
  })

  it('needs a geo index (key when there are several) and must be the first stage', async () => {
    const near = db.Geo.Point(0, 0)
    await db.collection('attractions').add({ data: { location: near } })
    const agg = (opts: Record<string, unknown> = {}) =>
      db.collection('attractions').aggregate().geoNear({ near, spherical: true, distanceField: 'd', ...opts }).end()
    await rejects(agg(), ERR.REQUEST_FAILED, /requires a geo index/)
    await db.ensureIndexes([{ collection: 'attractions', fields: ['location', 'other'], geo: true }])
    await rejects(agg(), ERR.REQUEST_FAILED, /more than one geo index/)
    expect((await agg({ key: 'location' })).list).toHaveLength(1)
    await rejects(agg({ key: 'nope' }), ERR.REQUEST_FAILED, /no geo index on 'nope'/)
    await rejects(db.collection('attractions').aggregate().match({}).geoNear({ near, distanceField: 'd', key: 'location' }).end(),
      ERR.REQUEST_FAILED, /first stage/)
    await rejects(agg({ distanceField: undefined, key: 'location' }), ERR.INVALID_PARAM, /distanceField/)
  })
})

describe('persistence', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridlink-geo-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('geo values survive a restart as GeoJSON; geo indexes are declared again at startup', async () => {
    const indexes = [{ collection: 'places', fields: ['location'], geo: true }]
    const db1 = createDatabase({ dir })
    await db1.ensureIndexes(indexes)
    const { Point, LineString } = db1.Geo
    await db1.collection('places').add({ data: { _id: 'tower', location: Point(...CANTON_TOWER), path: LineString([Point(0, 0), Point(1, 1)]) } })
    await db1.collection('places').add({ data: { _id: 'palace', location: Point(...PALACE_MUSEUM) } })
    await db1.close()
    expect(readFileSync(join(dir, 'places.db'), 'utf8')).toContain('"location":{"type":"Point","coordinates":[113.30593,23.1361155]}')

    const db2 = createDatabase({ dir })
    try {
      const tower = (await db2.collection('places').doc('tower').get()).data
      expect(tower.location).toStrictEqual(db2.Geo.Point(...CANTON_TOWER))
      expect(tower.path).toBeInstanceOf(db2.Geo.LineString)
      const near = { location: db2.command.geoNear({ geometry: db2.Geo.Point(...PALACE_MUSEUM) }) }
      await rejects(db2.collection('places').where(near).get(), ERR.REQUEST_FAILED, /unable to find index/)
      await db2.ensureIndexes(indexes)
      expect(ids((await db2.collection('places').where(near).get()).data)).toEqual(['palace', 'tower'])
    } finally {
      await db2.close()
    }
  })
})
