// Geo support: `db.Geo` constructors, the geoNear / geoWithin / geoIntersects query commands
// and the aggregate `geoNear` stage.
//
// Documents store GeoJSON (what `toJSON()` gives), as the cloud does. Reads through `get()`
// turn GeoJSON values back into Geo instances, as the SDK does; aggregate results stay GeoJSON.
// Predicates use turf (planar point-in-polygon / within / intersects on lng-lat); distances are
// great-circle distances on a sphere of radius 6378100 m, computed as S2 (MongoDB's 2dsphere) does.

import { booleanIntersects } from '@turf/boolean-intersects'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { booleanWithin } from '@turf/boolean-within'
import { pointToLineDistance } from '@turf/point-to-line-distance'
import type * as GJ from 'geojson'
import { ERR, fail } from './errors'
import type { CollectionStore } from './store'
import type { Doc, MongoQuery } from './translate'

/** Earth radius MongoDB uses for spherical distances (meters). */
export const EARTH_RADIUS_M = 6378100

type Position = [number, number]

// ---------------------------------------------------------------- Geo types

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

function checkDegree(name: 'longitude' | 'latitude', v: unknown): number {
  if (!isNum(v)) throw new TypeError(`Geo Point ${name} must be a number, got ${typeof v}`)
  const max = name === 'latitude' ? 90 : 180
  if (Math.abs(v) > max) throw new RangeError(`${name} must be between -${max} and ${max}, got ${v}`)
  return v
}

function checkList<T>(v: unknown, cls: abstract new (...a: any[]) => T, what: string, min: number, owner: string): T[] {
  if (!Array.isArray(v)) throw new TypeError(`${owner} requires an array of ${what}, got ${typeof v}`)
  if (v.length < min) throw new Error(`${owner} requires at least ${min} ${what}`)
  for (const x of v) {
    if (!(x instanceof cls)) throw new TypeError(`${owner} requires an array of ${what}, got an element of type ${typeof x}`)
  }
  return v as T[]
}

export class Point {
  readonly longitude: number
  readonly latitude: number
  constructor(longitude: number, latitude: number) {
    this.longitude = checkDegree('longitude', longitude)
    this.latitude = checkDegree('latitude', latitude)
  }
  toJSON(): GJ.Point {
    return { type: 'Point', coordinates: [this.longitude, this.latitude] }
  }
  toReadableString(): string {
    return `[${this.longitude},${this.latitude}]`
  }
}

const coordsOf = (points: Point[]): Position[] => points.map((p) => [p.longitude, p.latitude])

export class LineString {
  readonly points: Point[]
  constructor(points: Point[]) {
    this.points = checkList(points, Point, 'Points', 2, 'LineString')
  }
  toJSON(): GJ.LineString {
    return { type: 'LineString', coordinates: coordsOf(this.points) }
  }
}

export class Polygon {
  readonly lines: LineString[]
  constructor(lines: LineString[]) {
    this.lines = checkList(lines, LineString, 'LineStrings', 1, 'Polygon')
    for (const l of this.lines) {
      const ring = coordsOf(l.points)
      if (!isClosedRing(ring)) {
        throw new Error(`Polygon ring ${l.points.map((p) => p.toReadableString()).join(',')} must be closed and have at least 4 points`)
      }
    }
  }
  toJSON(): GJ.Polygon {
    return { type: 'Polygon', coordinates: this.lines.map((l) => coordsOf(l.points)) }
  }
}

export class MultiPoint {
  readonly points: Point[]
  constructor(points: Point[]) {
    this.points = checkList(points, Point, 'Points', 1, 'MultiPoint')
  }
  toJSON(): GJ.MultiPoint {
    return { type: 'MultiPoint', coordinates: coordsOf(this.points) }
  }
}

export class MultiLineString {
  readonly lines: LineString[]
  constructor(lines: LineString[]) {
    this.lines = checkList(lines, LineString, 'LineStrings', 1, 'MultiLineString')
  }
  toJSON(): GJ.MultiLineString {
    return { type: 'MultiLineString', coordinates: this.lines.map((l) => coordsOf(l.points)) }
  }
}

export class MultiPolygon {
  readonly polygons: Polygon[]
  constructor(polygons: Polygon[]) {
    this.polygons = checkList(polygons, Polygon, 'Polygons', 1, 'MultiPolygon')
  }
  toJSON(): GJ.MultiPolygon {
    return { type: 'MultiPolygon', coordinates: this.polygons.map((p) => p.toJSON().coordinates) }
  }
}

export type Geometry = Point | LineString | Polygon | MultiPoint | MultiLineString | MultiPolygon
type GeoJSON = GJ.Point | GJ.LineString | GJ.Polygon | GJ.MultiPoint | GJ.MultiLineString | GJ.MultiPolygon

export const isGeometry = (v: unknown): v is Geometry =>
  v instanceof Point || v instanceof LineString || v instanceof Polygon ||
  v instanceof MultiPoint || v instanceof MultiLineString || v instanceof MultiPolygon

/** A class that can also be called without `new`, as `db.Geo.Point(1, 2)` can in the SDK. */
type Callable<C extends new (...a: any[]) => any> = C & ((...args: ConstructorParameters<C>) => InstanceType<C>)
function callable<C extends new (...a: any[]) => any>(cls: C): Callable<C> {
  return new Proxy(cls, { apply: (target, _this, args) => new target(...args) }) as Callable<C>
}

/** `db.Geo`. `x instanceof db.Geo.Point` works as with the SDK classes. */
export const Geo = {
  Point: callable(Point),
  LineString: callable(LineString),
  Polygon: callable(Polygon),
  MultiPoint: callable(MultiPoint),
  MultiLineString: callable(MultiLineString),
  MultiPolygon: callable(MultiPolygon),
}
export type GeoApi = typeof Geo

// ---------------------------------------------------------------- GeoJSON <-> Geo

const isPosition = (v: unknown): v is Position =>
  Array.isArray(v) && v.length >= 2 && isNum(v[0]) && isNum(v[1]) && Math.abs(v[0]) <= 180 && Math.abs(v[1]) <= 90
const isPositions = (v: unknown, min: number): v is Position[] =>
  Array.isArray(v) && v.length >= min && v.every(isPosition)
function isClosedRing(v: unknown): v is Position[] {
  if (!isPositions(v, 4)) return false
  const a = v[0], b = v[v.length - 1]
  return a[0] === b[0] && a[1] === b[1]
}
const isRings = (v: unknown): v is Position[][] => Array.isArray(v) && v.length >= 1 && v.every(isClosedRing)

const isObj = (v: unknown): v is Record<string, any> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype

/** Is `v` a valid GeoJSON geometry of one of the six supported types? */
export function isGeoJSON(v: unknown): v is GeoJSON {
  if (!isObj(v) || typeof v.type !== 'string') return false
  const c = v.coordinates
  switch (v.type) {
    case 'Point': return isPosition(c)
    case 'LineString': return isPositions(c, 2)
    case 'MultiPoint': return isPositions(c, 1)
    case 'Polygon': return isRings(c)
    case 'MultiLineString': return Array.isArray(c) && c.length >= 1 && c.every((l) => isPositions(l, 2))
    case 'MultiPolygon': return Array.isArray(c) && c.length >= 1 && c.every(isRings)
    default: return false
  }
}

const pt = (c: Position) => new Point(c[0], c[1])
const line = (c: Position[]) => new LineString(c.map(pt))
const poly = (c: Position[][]) => new Polygon(c.map(line))

export function fromGeoJSON(g: GeoJSON): Geometry {
  switch (g.type) {
    case 'Point': return pt(g.coordinates as Position)
    case 'LineString': return line(g.coordinates as Position[])
    case 'MultiPoint': return new MultiPoint((g.coordinates as Position[]).map(pt))
    case 'Polygon': return poly(g.coordinates as Position[][])
    case 'MultiLineString': return new MultiLineString((g.coordinates as Position[][]).map(line))
    case 'MultiPolygon': return new MultiPolygon((g.coordinates as Position[][][]).map(poly))
  }
}

/** Geo instance or GeoJSON object => GeoJSON (null when it is neither). */
function toGeoJSON(v: unknown): GeoJSON | null {
  if (isGeometry(v)) return v.toJSON()
  return isGeoJSON(v) ? v : null
}

/**
 * Replace GeoJSON values in read results by Geo instances, in place (results are copies),
 * as the SDK does for `get()` / `doc().get()`. Other members of a GeoJSON object are dropped,
 * as in the SDK.
 */
export function reviveGeo<T>(v: T): T {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = reviveGeo(v[i])
    return v
  }
  if (!isObj(v)) return v
  if (isGeoJSON(v)) return fromGeoJSON(v) as T
  const o: Record<string, any> = v
  for (const k of Object.keys(o)) {
    const x = o[k]
    if (x !== null && typeof x === 'object') o[k] = reviveGeo(x)
  }
  return v
}

// ---------------------------------------------------------------- query commands

export interface GeoNearOptions { geometry: Point | GJ.Point; maxDistance?: number; minDistance?: number }
export interface GeoWithinOptions {
  geometry?: Polygon | MultiPolygon | GJ.Polygon | GJ.MultiPolygon
  centerSphere?: [[number, number] | Point, number]
}
export interface GeoIntersectsOptions { geometry: Geometry | GeoJSON }

const optDistance = (o: Record<string, unknown>, k: string) => {
  const v = o[k]
  if (v !== undefined && (!isNum(v) || v < 0)) throw new TypeError(`"${k}" must be a non-negative number, got ${String(v)}`)
}

/** Argument checks done when the command is built (the SDK throws there too). */
export function checkGeoCommand(op: 'geoNear' | 'geoWithin' | 'geoIntersects', v: unknown): void {
  if (!isObj(v)) throw new TypeError(`${op} requires an options object`)
  const g = toGeoJSON(v.geometry)
  if (op === 'geoNear') {
    if (g?.type !== 'Point') throw new TypeError('geoNear "geometry" must be a Point')
    optDistance(v, 'maxDistance')
    optDistance(v, 'minDistance')
  } else if (op === 'geoWithin') {
    if (v.geometry !== undefined) {
      if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') throw new TypeError('geoWithin "geometry" must be a Polygon or MultiPolygon')
    } else if (!centerSphereOf(v.centerSphere)) {
      throw new TypeError('geoWithin requires "geometry" (Polygon or MultiPolygon) or "centerSphere" ([[lng, lat], radiusInRadians])')
    }
  } else if (!g) {
    throw new TypeError('geoIntersects "geometry" must be a Point, LineString, Polygon, MultiPoint, MultiLineString or MultiPolygon')
  }
}

function centerSphereOf(v: unknown): { center: Position; radius: number } | null {
  if (!Array.isArray(v) || v.length !== 2) return null
  const c = v[0] instanceof Point ? [v[0].longitude, v[0].latitude] : v[0]
  if (!isPosition(c) || !isNum(v[1]) || v[1] < 0) return null
  return { center: c, radius: v[1] }
}

/** A near condition, attached to its `$where` predicate so queries can sort by distance. */
export interface NearSpec { path: string; center: Position; min: number; max: number }
const NEAR = Symbol('geoNear')
type Predicate = ((this: Doc) => boolean) & { [NEAR]?: NearSpec }

/**
 * Mongo clause for a geo command on `path`. mingo has no geo operators, so the clause is a
 * `$where` predicate evaluated by mingo (the store runs every query through mingo).
 */
export function geoClause(path: string, op: 'geoNear' | 'geoWithin' | 'geoIntersects', v: any): MongoQuery {
  checkGeoCommand(op, v)
  let test: (g: GeoJSON) => boolean
  let pred: Predicate
  if (op === 'geoNear') {
    const near: NearSpec = {
      path, center: toGeoJSON(v.geometry)!.coordinates as Position,
      min: v.minDistance ?? 0, max: v.maxDistance ?? Infinity,
    }
    pred = function (this: Doc) {
      const d = nearest(this, path, near.center)
      return d !== null && d.meters >= near.min && d.meters <= near.max
    }
    pred[NEAR] = near
    return { $where: pred }
  }
  if (op === 'geoIntersects') {
    const q = toGeoJSON(v.geometry)!
    test = (g) => booleanIntersects(g, q)
  } else if (v.geometry !== undefined) {
    const area = toGeoJSON(v.geometry) as GJ.Polygon | GJ.MultiPolygon
    test = (g) => within(g, area)
  } else {
    const { center, radius } = centerSphereOf(v.centerSphere)!
    test = (g) => vertices(g).every((c) => angle(center, c) <= radius)
  }
  pred = function (this: Doc) {
    return geometriesAt(this, path).some(test)
  }
  return { $where: pred }
}

/** Stored geometry within a Polygon / MultiPolygon (boundary counts as inside for points). */
function within(g: GeoJSON, area: GJ.Polygon | GJ.MultiPolygon): boolean {
  switch (g.type) {
    case 'Point': return booleanPointInPolygon(g.coordinates, area)
    case 'MultiPoint': return g.coordinates.every((c) => booleanPointInPolygon(c, area))
    case 'LineString': case 'Polygon': return booleanWithin(g, area)
    case 'MultiLineString': return g.coordinates.every((c) => booleanWithin({ type: 'LineString', coordinates: c }, area))
    case 'MultiPolygon': return g.coordinates.every((c) => booleanWithin({ type: 'Polygon', coordinates: c }, area))
  }
}

function vertices(g: GeoJSON): Position[] {
  switch (g.type) {
    case 'Point': return [g.coordinates as Position]
    case 'LineString': case 'MultiPoint': return g.coordinates as Position[]
    case 'Polygon': case 'MultiLineString': return (g.coordinates as Position[][]).flat()
    case 'MultiPolygon': return (g.coordinates as Position[][][]).flat(2)
  }
}

/** A [lng, lat] position as a unit vector, as S2 (MongoDB's 2dsphere) makes it. */
function unitVector([lng, lat]: Position): [number, number, number] {
  const phi = lat * (Math.PI / 180)
  const theta = lng * (Math.PI / 180)
  const c = Math.cos(phi)
  return [Math.cos(theta) * c, Math.sin(theta) * c, Math.sin(phi)]
}

/**
 * Great-circle angle between two positions (radians), computed as S2 does (atan2 of the cross and
 * dot products of the unit vectors), so distances match MongoDB's to the last digit.
 */
function angle(a: Position, b: Position): number {
  const [ax, ay, az] = unitVector(a)
  const [bx, by, bz] = unitVector(b)
  const cx = ay * bz - az * by
  const cy = az * bx - ax * bz
  const cz = ax * by - ay * bx
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz)
}

/** Smallest great-circle angle from `p` to the geometry (0 inside a polygon). */
function angleTo(p: Position, g: GeoJSON): number {
  const toLine = (c: Position[]) => pointToLineDistance(p, { type: 'LineString', coordinates: c }, { units: 'radians', method: 'geodesic' })
  const toPolygon = (rings: Position[][]) =>
    booleanPointInPolygon(p, { type: 'Polygon', coordinates: rings }) ? 0 : Math.min(...rings.map(toLine))
  switch (g.type) {
    case 'Point': return angle(p, g.coordinates as Position)
    case 'MultiPoint': return Math.min(...(g.coordinates as Position[]).map((c) => angle(p, c)))
    case 'LineString': return toLine(g.coordinates as Position[])
    case 'MultiLineString': return Math.min(...(g.coordinates as Position[][]).map(toLine))
    case 'Polygon': return toPolygon(g.coordinates as Position[][])
    case 'MultiPolygon': return Math.min(...(g.coordinates as Position[][][]).map(toPolygon))
  }
}

/** Nearest geometry stored at `path` and its distance in meters (null when there is none). */
function nearest(doc: Doc, path: string, center: Position): { geometry: GeoJSON; meters: number } | null {
  let best: { geometry: GeoJSON; meters: number } | null = null
  for (const g of geometriesAt(doc, path)) {
    const meters = angleTo(center, g) * EARTH_RADIUS_M
    if (!best || meters < best.meters) best = { geometry: g, meters }
  }
  return best
}

/** GeoJSON values at a dot path, traversing arrays as mongo does (an array of geometries counts). */
function geometriesAt(doc: Doc, path: string): GeoJSON[] {
  const out: GeoJSON[] = []
  const walk = (node: unknown, parts: string[], i: number) => {
    if (i === parts.length) {
      if (Array.isArray(node)) for (const x of node) { if (isGeoJSON(x)) out.push(x) }
      else if (isGeoJSON(node)) out.push(node)
      return
    }
    if (Array.isArray(node)) {
      if (/^\d+$/.test(parts[i])) walk(node[Number(parts[i])], parts, i + 1)
      else for (const el of node) walk(el, parts, i)
      return
    }
    if (isObj(node)) walk(node[parts[i]], parts, i + 1)
  }
  walk(doc, path.split('.'), 0)
  return out
}

// ---------------------------------------------------------------- geo indexes

// Declared 2dsphere fields per collection store. Kept in memory: declare them at startup
// with ensureIndexes, like every other index of the app.
const geoIndexes = new WeakMap<CollectionStore, Set<string>>()

export function addGeoIndex(store: CollectionStore, fields: string[]): void {
  let set = geoIndexes.get(store)
  if (!set) geoIndexes.set(store, (set = new Set()))
  for (const f of fields) set.add(f)
}

export const geoIndexFields = (store: CollectionStore): string[] => [...(geoIndexes.get(store) ?? [])]

const noIndex = (api: string, path: string) =>
  fail(api, ERR.REQUEST_FAILED, `database request fail. unable to find index for $geoNear query: no geo index on '${path}'`)

/**
 * The geoNear condition of a query, or null. As in MongoDB, it must be a top-level condition
 * (directly or inside a top-level `and`), at most one per query, on a geo-indexed field.
 */
export function geoNearOf(mq: MongoQuery, store: CollectionStore, api: string): NearSpec | null {
  const top: NearSpec[] = []
  const atTop = (q: MongoQuery) => {
    const f = q.$where as Predicate | undefined
    if (typeof f === 'function' && f[NEAR]) top.push(f[NEAR])
  }
  atTop(mq)
  if (Array.isArray(mq.$and)) for (const c of mq.$and) atTop(c)
  const total = countNear(mq)
  if (total === 0) return null
  if (total > 1) throw fail(api, ERR.REQUEST_FAILED, 'database request fail. Too many geoNear expressions')
  if (top.length !== 1) throw fail(api, ERR.REQUEST_FAILED, 'database request fail. geoNear must be a top-level condition')
  if (!geoIndexes.get(store)?.has(top[0].path)) throw noIndex(api, top[0].path)
  return top[0]
}

function countNear(v: unknown): number {
  if (typeof v === 'function') return (v as Predicate)[NEAR] ? 1 : 0
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countNear(x), 0)
  if (isObj(v)) return Object.values(v).reduce((n: number, x) => n + countNear(x), 0)
  return 0
}

/** Sort query results by distance (nearest first; ties keep their order). */
export function sortByDistance(docs: Doc[], near: NearSpec): Doc[] {
  return docs
    .map((doc) => ({ doc, d: nearest(doc, near.path, near.center)?.meters ?? Infinity }))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.doc)
}

// ---------------------------------------------------------------- aggregate geoNear

export interface GeoNearStage {
  center: Position
  distanceField: string
  min: number
  max: number
  query?: MongoQuery
  key?: string
  includeLocs?: string
  multiplier: number
  limit?: number
}

/** Check and translate the options of `aggregate().geoNear(...)`. */
export function parseGeoNearStage(arg: unknown, toQuery: (cond: unknown) => MongoQuery, api: string): GeoNearStage {
  const bad = (msg: string) => fail(api, ERR.INVALID_PARAM, `geoNear ${msg}`)
  if (!isObj(arg)) throw bad('requires an options object')
  const near = toGeoJSON(arg.near)
  if (near?.type !== 'Point') throw bad('"near" must be a Point')
  if (typeof arg.distanceField !== 'string' || !arg.distanceField) throw bad('requires "distanceField" (string)')
  for (const k of ['maxDistance', 'minDistance', 'distanceMultiplier', 'limit']) {
    if (arg[k] !== undefined && (!isNum(arg[k]) || arg[k] < 0)) throw bad(`"${k}" must be a non-negative number`)
  }
  if (arg.limit !== undefined && !Number.isInteger(arg.limit)) throw bad('"limit" must be an integer')
  for (const k of ['key', 'includeLocs']) {
    if (arg[k] !== undefined && typeof arg[k] !== 'string') throw bad(`"${k}" must be a string`)
  }
  if (arg.spherical !== undefined && typeof arg.spherical !== 'boolean') throw bad('"spherical" must be true')
  return {
    center: near.coordinates as Position,
    distanceField: arg.distanceField,
    min: arg.minDistance ?? 0,
    max: arg.maxDistance ?? Infinity,
    query: arg.query === undefined ? undefined : toQuery(arg.query),
    key: arg.key,
    includeLocs: arg.includeLocs,
    multiplier: arg.distanceMultiplier ?? 1,
    limit: arg.limit,
  }
}

/** Run a leading `$geoNear` stage: matching docs, nearest first, with the distance field set. */
export async function runGeoNearStage(store: CollectionStore, s: GeoNearStage, api: string): Promise<Doc[]> {
  const fields = geoIndexFields(store)
  let key = s.key
  if (key === undefined) {
    if (fields.length === 0) throw fail(api, ERR.REQUEST_FAILED, 'database request fail. $geoNear requires a geo index, but none were found')
    if (fields.length > 1) throw fail(api, ERR.REQUEST_FAILED, 'database request fail. There is more than one geo index; $geoNear requires "key"')
    key = fields[0]
  } else if (!fields.includes(key)) throw noIndex(api, key)
  const out: { doc: Doc; d: number; g: GeoJSON }[] = []
  for (const doc of await store.find(s.query ?? {})) {
    const n = nearest(doc, key, s.center)
    if (n && n.meters >= s.min && n.meters <= s.max) out.push({ doc, d: n.meters, g: n.geometry })
  }
  out.sort((a, b) => a.d - b.d)
  const list = s.limit !== undefined ? out.slice(0, s.limit) : out
  return list.map(({ doc, d, g }) => {
    setPath(doc, s.distanceField, d * s.multiplier)
    if (s.includeLocs) setPath(doc, s.includeLocs, g)
    return doc
  })
}

function setPath(doc: Doc, path: string, value: unknown) {
  const parts = path.split('.')
  let node = doc
  for (const p of parts.slice(0, -1)) {
    if (!isObj(node[p])) node[p] = {}
    node = node[p]
  }
  node[parts[parts.length - 1]] = value
}
