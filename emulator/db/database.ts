import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Aggregator, Query as MingoQuery } from 'mingo'
import {
  createCommand, DbRegExp, LogicCommand, PIPELINE_STAGES, PipelineBuilder, QueryCommand, ServerDate,
  UpdateCommand, type DbCommand,
} from './commands'
import { DatabaseError, ERR, fail, wrapError } from './errors'
import { CollectionStore } from './store'
import {
  checkKeys, isPlainObject, resolveValue, toMongoQuery, toMongoUpdate, type Doc, type MongoQuery,
} from './translate'

export interface DatabaseOptions {
  /** Directory holding one NeDB datafile per collection; undefined => in-memory. */
  dir?: string
}

export interface IndexDecl {
  collection: string
  fields: string[]
  unique?: boolean
}

export interface CallStats {
  reads: number
  writes: number
}

export interface DatabaseStats extends CallStats {
  byCollection: Record<string, CallStats>
}

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,128}$/
const DATAFILE_EXT = '.db'

/** Cloud document ids are 32 lowercase hex chars. */
export const newId = (): string => randomBytes(16).toString('hex')

export class EmulatedDatabase {
  /** `db.command`, conventionally aliased `const _ = db.command`. */
  readonly command: DbCommand = createCommand()
  readonly dir: string | undefined
  private readonly stores = new Map<string, CollectionStore>()
  private counters = { reads: 0, writes: 0, byCollection: {} as Record<string, CallStats> }
  private closed = false

  constructor(opts: DatabaseOptions = {}) {
    this.dir = opts.dir
    if (this.dir) mkdirSync(this.dir, { recursive: true })
  }

  collection(name: string): Collection {
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
      throw fail('collection', ERR.INVALID_PARAM, `invalid collection name ${JSON.stringify(name)}`)
    }
    return new Collection(this, name)
  }

  serverDate(opts: { offset?: number } = {}): ServerDate {
    return new ServerDate(opts.offset ?? 0)
  }

  /** `db.RegExp({regexp, options})`; a plain function so `new db.RegExp(...)` works too, as in the SDK. */
  readonly RegExp: (opts: { regexp: string; options?: string }) => DbRegExp = function (opts) {
    return new DbRegExp(opts)
  }

  async ensureIndexes(decls: IndexDecl[]): Promise<void> {
    for (const d of decls) {
      if (!d.fields?.length) throw fail('ensureIndexes', ERR.INVALID_PARAM, `index on ${d.collection} has no fields`)
      try {
        await this._store(d.collection).ensureIndex(d.fields, !!d.unique)
      } catch (e) {
        throw wrapError('ensureIndexes', e)
      }
    }
  }

  stats(): DatabaseStats {
    const byCollection: Record<string, CallStats> = {}
    for (const [k, v] of Object.entries(this.counters.byCollection)) byCollection[k] = { ...v }
    return { reads: this.counters.reads, writes: this.counters.writes, byCollection }
  }

  resetStats(): void {
    this.counters = { reads: 0, writes: 0, byCollection: {} }
  }

  /** Names of collections that were used in this process or have a datafile. */
  async collectionNames(): Promise<string[]> {
    const names = new Set(this.stores.keys())
    for (const n of this.persistedNames()) names.add(n)
    return [...names].sort()
  }

  /** Remove every document of every collection (declared indexes are kept). */
  async drop(): Promise<void> {
    this.assertOpen('drop')
    for (const n of this.persistedNames()) this._store(n)
    await Promise.all([...this.stores.values()].map((s) => s.clear()))
  }

  /** Let queued operations finish; later calls are rejected. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await Promise.all([...this.stores.values()].map((s) => s.drain()))
  }

  private persistedNames(): string[] {
    if (!this.dir) return []
    return readdirSync(this.dir)
      .filter((f) => f.endsWith(DATAFILE_EXT))
      .map((f) => f.slice(0, -DATAFILE_EXT.length))
      .filter((n) => COLLECTION_NAME.test(n))
  }

  private assertOpen(api: string) {
    if (this.closed) throw fail(api, ERR.REQUEST_FAILED, 'database is closed')
  }

  /** @internal Lazily opened store; loading is awaited inside every store call. */
  _store(name: string): CollectionStore {
    this.assertOpen('collection')
    if (!COLLECTION_NAME.test(name)) throw fail('collection', ERR.INVALID_PARAM, `invalid collection name ${JSON.stringify(name)}`)
    let s = this.stores.get(name)
    if (!s) {
      s = new CollectionStore(name, this.dir ? join(this.dir, name + DATAFILE_EXT) : undefined)
      this.stores.set(name, s)
    }
    return s
  }

  /** @internal One database call = one read or one write. */
  _count(collection: string, kind: 'reads' | 'writes') {
    this.counters[kind]++
    const c = (this.counters.byCollection[collection] ??= { reads: 0, writes: 0 })
    c[kind]++
  }
}

interface QueryState {
  where?: unknown
  orderBy: [string, 1 | -1][]
  skip?: number
  limit?: number
  projection?: Record<string, unknown>
}

/** Immutable query builder: every chained call returns a new Query. */
export class Query {
  constructor(
    protected readonly db: EmulatedDatabase,
    readonly collectionName: string,
    protected readonly state: QueryState = { orderBy: [] },
  ) {}

  private with(patch: Partial<QueryState>): Query {
    return new Query(this.db, this.collectionName, { ...this.state, ...patch })
  }

  where(cond: unknown): Query {
    return this.with({ where: cond })
  }

  orderBy(field: string, direction: 'asc' | 'desc' = 'asc'): Query {
    if (direction !== 'asc' && direction !== 'desc') {
      throw fail('collection.orderBy', ERR.INVALID_PARAM, `invalid order direction ${direction}`)
    }
    return this.with({ orderBy: [...this.state.orderBy, [field, direction === 'asc' ? 1 : -1]] })
  }

  skip(n: number): Query {
    return this.with({ skip: n })
  }

  limit(n: number): Query {
    return this.with({ limit: n })
  }

  field(projection: Record<string, unknown>): Query {
    return this.with({ projection })
  }

  async get(): Promise<{ data: Doc[]; errMsg: string }> {
    const api = 'collection.get'
    this.db._count(this.collectionName, 'reads')
    try {
      const { skip, limit, projection } = this.state
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) {
        throw fail(api, ERR.INVALID_PARAM, `limit must be an integer between 1 and ${MAX_LIMIT}, got ${limit}`)
      }
      if (skip !== undefined && (!Number.isInteger(skip) || skip < 0)) {
        throw fail(api, ERR.INVALID_PARAM, `skip must be a non-negative integer, got ${skip}`)
      }
      const sort: Record<string, 1 | -1> = {}
      for (const [f, d] of this.state.orderBy) sort[f] = d
      let data = await this.db._store(this.collectionName).find(this.mongoQuery(api), {
        sort, skip, limit: limit ?? DEFAULT_LIMIT,
      })
      if (projection) data = project(data, projection, api)
      return { data, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }

  async count(): Promise<{ total: number; errMsg: string }> {
    const api = 'collection.count'
    this.db._count(this.collectionName, 'reads')
    try {
      const total = await this.db._store(this.collectionName).count(this.mongoQuery(api))
      return { total, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }

  /** Multi-document update of every match (orderBy/skip/limit are ignored, as in the cloud). */
  async update(opts: { data: unknown }): Promise<{ stats: { updated: number }; errMsg: string }> {
    const api = 'collection.update'
    this.db._count(this.collectionName, 'writes')
    try {
      const now = Date.now()
      const modifier = toMongoUpdate(opts?.data, now, api)
      const updated = Object.keys(modifier).length
        ? await this.db._store(this.collectionName).update(this.mongoQuery(api, now), modifier, api)
        : 0
      return { stats: { updated }, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }

  async remove(): Promise<{ stats: { removed: number }; errMsg: string }> {
    const api = 'collection.remove'
    this.db._count(this.collectionName, 'writes')
    try {
      const removed = await this.db._store(this.collectionName).remove(this.mongoQuery(api))
      return { stats: { removed }, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }

  protected mongoQuery(api: string, now = Date.now()): MongoQuery {
    return this.state.where === undefined ? {} : toMongoQuery(this.state.where, now, api)
  }
}

export class Collection extends Query {
  constructor(db: EmulatedDatabase, name: string) {
    super(db, name)
  }

  get name(): string {
    return this.collectionName
  }

  doc(id: string): DocumentReference {
    if (typeof id !== 'string' || id === '') {
      throw fail('collection.doc', ERR.INVALID_PARAM, `invalid document id ${JSON.stringify(id)}`)
    }
    return new DocumentReference(this.db, this.collectionName, id)
  }

  /** `add({data})`; an array of documents is inserted in one call and returns `_ids`. */
  async add(opts: { data: Doc[] }): Promise<{ _ids: string[]; errMsg: string }>
  async add(opts: { data: Doc }): Promise<{ _id: string; errMsg: string }>
  async add(opts: { data: Doc | Doc[] }): Promise<any> {
    const api = 'collection.add'
    this.db._count(this.collectionName, 'writes')
    try {
      const now = Date.now()
      const input = opts?.data
      const list = Array.isArray(input) ? input : [input]
      const docs = list.map((d) => {
        if (!isPlainObject(d)) throw fail(api, ERR.INVALID_PARAM, 'data must be an object')
        const doc = resolveValue(d, now, api) as Doc
        if (doc._id === undefined) doc._id = newId()
        else if (typeof doc._id !== 'string' || doc._id === '') {
          throw fail(api, ERR.INVALID_PARAM, '_id must be a non-empty string')
        }
        checkKeys(doc, api)
        return doc
      })
      await this.db._store(this.collectionName).insert(docs)
      return Array.isArray(input)
        ? { _ids: docs.map((d) => d._id), errMsg: `${api}:ok` }
        : { _id: docs[0]._id, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }

  aggregate(): Aggregate {
    return new Aggregate(this.db, this.collectionName)
  }
}

export class DocumentReference {
  constructor(
    private readonly db: EmulatedDatabase,
    readonly collectionName: string,
    readonly id: string,
    private readonly projection?: Record<string, unknown>,
  ) {}

  field(projection: Record<string, unknown>): DocumentReference {
    return new DocumentReference(this.db, this.collectionName, this.id, projection)
  }

  async get(): Promise<{ data: Doc; errMsg: string }> {
    const api = 'document.get'
    this.db._count(this.collectionName, 'reads')
    try {
      const [doc] = await this.db._store(this.collectionName).find({ _id: this.id }, { limit: 1 })
      if (!doc) throw fail(api, ERR.DOC_NOT_EXIST, `document with _id ${this.id} does not exist`)
      const data = this.projection ? project([doc], this.projection, api)[0] : doc
      return { data, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }

  async update(opts: { data: unknown }): Promise<{ stats: { updated: number }; errMsg: string }> {
    const api = 'document.update'
    this.db._count(this.collectionName, 'writes')
    try {
      const modifier = toMongoUpdate(opts?.data, Date.now(), api)
      const updated = Object.keys(modifier).length
        ? await this.db._store(this.collectionName).update({ _id: this.id }, modifier, api, false)
        : 0
      return { stats: { updated }, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }

  /** Replace the whole document (created when missing); `_id` is kept. */
  async set(opts: { data: unknown }): Promise<{ _id: string; stats: { updated: number; created: number }; errMsg: string }> {
    const api = 'document.set'
    this.db._count(this.collectionName, 'writes')
    try {
      const data = opts?.data
      if (!isPlainObject(data)) throw fail(api, ERR.INVALID_PARAM, 'data must be an object')
      if (data._id !== undefined && data._id !== this.id) throw fail(api, ERR.INVALID_PARAM, 'cannot change _id')
      if (containsCommand(data)) throw fail(api, ERR.INVALID_PARAM, 'set data cannot contain update commands')
      const doc = resolveValue(data, Date.now(), api) as Doc
      delete doc._id
      checkKeys(doc, api)
      const r = await this.db._store(this.collectionName).replace(this.id, doc)
      return { _id: this.id, stats: { updated: r.updated ? 1 : 0, created: r.created ? 1 : 0 }, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }

  async remove(): Promise<{ stats: { removed: number }; errMsg: string }> {
    const api = 'document.remove'
    this.db._count(this.collectionName, 'writes')
    try {
      const removed = await this.db._store(this.collectionName).remove({ _id: this.id }, false)
      return { stats: { removed }, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }
}

function containsCommand(v: unknown): boolean {
  if (v instanceof UpdateCommand || v instanceof QueryCommand || v instanceof LogicCommand) return true
  if (Array.isArray(v)) return v.some(containsCommand)
  if (isPlainObject(v)) return Object.values(v).some(containsCommand)
  return false
}

/** Mongo projection of result docs; `field({a: true})` keeps `_id` unless `_id: false`. */
function project(docs: Doc[], projection: Record<string, unknown>, api: string): Doc[] {
  const spec: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(projection)) {
    spec[k] = v === true ? 1 : v === false ? 0 : resolveValue(v, Date.now(), api)
  }
  if (Object.keys(spec).length === 0) return docs
  return new MingoQuery({}).find<Doc>(docs, spec as any).all()
}

// ---------------------------------------------------------------- aggregation

export interface Aggregate {
  addFields(v: unknown): Aggregate
  bucket(v: unknown): Aggregate
  bucketAuto(v: unknown): Aggregate
  count(field: string): Aggregate
  facet(v: unknown): Aggregate
  group(v: unknown): Aggregate
  limit(n: number): Aggregate
  lookup(v: unknown): Aggregate
  match(cond: unknown): Aggregate
  project(v: unknown): Aggregate
  replaceRoot(v: unknown): Aggregate
  replaceWith(v: unknown): Aggregate
  sample(v: unknown): Aggregate
  set(v: unknown): Aggregate
  skip(n: number): Aggregate
  sort(v: unknown): Aggregate
  sortByCount(v: unknown): Aggregate
  unset(v: unknown): Aggregate
  unwind(v: unknown): Aggregate
}

/**
 * Aggregation pipeline. A leading `match` runs through the store (so indexes are
 * used); the remaining stages run in mingo.
 */
export class Aggregate {
  private readonly stages: Record<string, unknown>[] = []

  constructor(private readonly db: EmulatedDatabase, readonly collectionName: string) {}

  async end(): Promise<{ list: Doc[]; errMsg: string }> {
    const api = 'collection.aggregate'
    this.db._count(this.collectionName, 'reads')
    try {
      const now = Date.now()
      const pipeline = translatePipeline(this.stages, now, api)
      const store = this.db._store(this.collectionName)
      let input: Doc[]
      if (pipeline.length && pipeline[0].$match) {
        input = await store.find(pipeline.shift()!.$match as MongoQuery)
      } else {
        input = await store.all()
      }
      const foreign = new Map<string, Doc[]>()
      for (const from of lookupSources(pipeline)) foreign.set(from, await this.db._store(from).all())
      const list = new Aggregator(pipeline, {
        collectionResolver: (name: string) => foreign.get(name) ?? [],
      }).run(input) as Doc[]
      return { list, errMsg: `${api}:ok` }
    } catch (e) {
      throw wrapError(api, e)
    }
  }
}

for (const stage of PIPELINE_STAGES) {
  ;(Aggregate.prototype as any)[stage] = function (this: any, arg: unknown) {
    this.stages.push({ ['$' + stage]: arg })
    return this
  }
}

function translatePipeline(stages: Record<string, unknown>[], now: number, api: string): Record<string, any>[] {
  return stages.map((stage) => {
    const [op] = Object.keys(stage)
    const arg = stage[op]
    if (op === '$match') return { $match: toMongoQuery(arg, now, api) }
    if (op === '$lookup' && isPlainObject(arg)) {
      const { pipeline, ...rest } = arg
      const out: Doc = resolveValue(rest, now, api)
      if (pipeline !== undefined) {
        const list = pipeline instanceof PipelineBuilder ? pipeline.done() : pipeline
        out.pipeline = translatePipeline(list as Record<string, unknown>[], now, api)
      }
      return { $lookup: out }
    }
    if (op === '$facet' && isPlainObject(arg)) {
      const out: Doc = {}
      for (const [k, v] of Object.entries(arg)) {
        out[k] = translatePipeline((v instanceof PipelineBuilder ? v.done() : v) as Record<string, unknown>[], now, api)
      }
      return { $facet: out }
    }
    return { [op]: resolveValue(arg, now, api) }
  })
}

function lookupSources(pipeline: unknown, acc = new Set<string>()): Set<string> {
  if (Array.isArray(pipeline)) for (const s of pipeline) lookupSources(s, acc)
  else if (isPlainObject(pipeline)) {
    for (const [k, v] of Object.entries(pipeline)) {
      if (k === '$lookup' && isPlainObject(v) && typeof v.from === 'string') acc.add(v.from)
      lookupSources(v, acc)
    }
  }
  return acc
}

export { DatabaseError }
