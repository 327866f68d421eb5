// One NeDB datastore per collection. Matching uses mingo (mongo semantics) through
// NeDB's `$where`, while simple conditions on indexed fields are also handed to NeDB
// so it can pick candidates from its indexes instead of scanning the collection.

import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs'
import Datastore from '@seald-io/nedb'
import { Query as MingoQuery } from 'mingo'
import { checkKeys, cloneDoc, isDate, isPlainObject, type Doc, type Modifier, type MongoQuery } from './translate'
import { applyModifier, checkModifier } from './update'

export interface FindOptions {
  sort?: Record<string, 1 | -1>
  skip?: number
  limit?: number
}

// The subset of NeDB internals used for atomic read-modify-write (pinned nedb 4.1.2).
interface NedbInternals {
  executor: { pushAsync<T>(task: () => Promise<T>, forceQueuing?: boolean): Promise<T> }
  indexes: Record<string, unknown>
  _getCandidatesAsync(query: unknown, dontExpireStaleDocs?: boolean): Promise<Doc[]>
  _updateIndexes(mods: { oldDoc: Doc; newDoc: Doc }[]): void
  persistence: { persistNewStateAsync(docs: Doc[]): Promise<void> }
}

const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'] as const

/** Values for which NeDB's index lookup/matching agrees with mongo equality. */
const isIndexable = (v: unknown) =>
  typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'boolean' || isDate(v)

export class CollectionStore {
  readonly ds: Datastore
  /** Resolves when the datafile is loaded (and compacted, which NeDB does on load). */
  readonly ready: Promise<void>
  private hintFields: { single: Set<string>; compound: Set<string> } | null = null

  constructor(readonly name: string, filename?: string) {
    if (filename) {
      dropPartialLastLine(filename)
      // onload keeps a load failure from becoming an uncaught exception; it surfaces via `ready`.
      this.ds = new Datastore({ filename, autoload: true, onload: () => {} })
      this.ready = this.ds.autoloadPromise as Promise<void>
    } else {
      this.ds = new Datastore()
      this.ready = Promise.resolve()
    }
    // NeDB only compacts on a timer when asked to; make sure it never does.
    this.ds.stopAutocompaction()
  }

  private get internals(): NedbInternals {
    return this.ds as unknown as NedbInternals
  }

  async ensureIndex(fields: string[], unique: boolean): Promise<void> {
    await this.ready
    // nedb 4 supports compound indexes when fieldName is an array. Plain single-field indexes are
    // sparse: otherwise every document lacking the field shares one bucket, and removing a document
    // from it is a linear scan (assigning 123,800 unassigned households became quadratic).
    const single = fields.length === 1
    await this.ds.ensureIndexAsync({ fieldName: single ? fields[0] : fields, unique, sparse: single && !unique })
    this.hintFields = null
  }

  private indexedFields() {
    if (!this.hintFields) {
      const single = new Set<string>()
      const compound = new Set<string>()
      for (const name of Object.keys(this.internals.indexes)) {
        if (name.includes(',')) for (const f of name.split(',')) compound.add(f)
        else single.add(name)
      }
      this.hintFields = { single, compound }
    }
    return this.hintFields
  }

  /**
   * NeDB query = index hints (top-level conditions on indexed fields, which NeDB
   * evaluates the same way as mongo) + `$where` running the full mingo query.
   */
  toNedbQuery(mq: MongoQuery): { nedb: Doc; test: (d: Doc) => boolean } {
    const keys = Object.keys(mq)
    if (keys.length === 0) return { nedb: {}, test: () => true }
    const test = equalityMatcher(mq) ?? compileMingo(mq)
    const nedb: Doc = this.indexHints(mq)
    nedb.$where = function (this: Doc) {
      return test(this)
    }
    return { nedb, test }
  }

  private indexHints(mq: MongoQuery): Doc {
    const { single, compound } = this.indexedFields()
    const hints: Doc = {}
    const consider = (q: MongoQuery) => {
      for (const k of Object.keys(q)) {
        if (k[0] === '$' || k in hints) continue
        const v = q[k]
        const isSingle = single.has(k)
        if (!isSingle && !compound.has(k)) continue
        if (isIndexable(v)) hints[k] = v
        else if (isPlainObject(v) && isIndexable(v.$eq)) hints[k] = v.$eq
        else if (!isSingle) continue
        else if (isPlainObject(v) && Array.isArray(v.$in) && v.$in.length > 0 && v.$in.every(isIndexable)) {
          hints[k] = { $in: v.$in }
        } else if (isPlainObject(v)) {
          const range: Doc = {}
          for (const op of RANGE_OPS) if (isIndexable(v[op])) range[op] = v[op]
          if (Object.keys(range).length) hints[k] = range
        }
      }
    }
    consider(mq)
    if (Array.isArray(mq.$and)) for (const c of mq.$and) if (isPlainObject(c)) consider(c)
    return hints
  }

  async find(mq: MongoQuery, opts: FindOptions = {}): Promise<Doc[]> {
    await this.ready
    const cursor = this.ds.findAsync(this.toNedbQuery(mq).nedb)
    if (opts.sort && Object.keys(opts.sort).length) cursor.sort(opts.sort)
    if (opts.skip) cursor.skip(opts.skip)
    if (opts.limit) cursor.limit(opts.limit)
    return (await cursor) as Doc[]
  }

  async count(mq: MongoQuery): Promise<number> {
    await this.ready
    return await this.ds.countAsync(this.toNedbQuery(mq).nedb)
  }

  async insert(docs: Doc[]): Promise<void> {
    await this.ready
    await this.ds.insertAsync(docs)
  }

  /**
   * Atomic read-modify-write: matching, modification, index update and the append
   * to the datafile all run as one task on NeDB's executor, so concurrent
   * compare-and-set updates are serialised. Returns the number of modified docs.
   */
  async update(mq: MongoQuery, modifier: Modifier, api: string, multi = true): Promise<number> {
    checkModifier(modifier, api)
    await this.ready
    const { nedb, test } = this.toNedbQuery(mq)
    const ds = this.internals
    return ds.executor.pushAsync(async () => {
      const candidates = await ds._getCandidatesAsync(nedb, true)
      const mods: { oldDoc: Doc; newDoc: Doc }[] = []
      for (const oldDoc of candidates) {
        if (!test(oldDoc)) continue
        const newDoc = cloneDoc(oldDoc)
        // Modifier values are fresh copies per call, but each doc needs its own.
        const changed = applyModifier(newDoc, mods.length ? cloneDoc(modifier) : modifier, api)
        if (!changed) continue // matched but unchanged: mongo does not count it (nModified)
        checkKeys(newDoc, api)
        mods.push({ oldDoc, newDoc })
        if (!multi) break
      }
      if (mods.length === 0) return 0
      ds._updateIndexes(mods) // throws (and rolls back) on unique index violation
      await ds.persistence.persistNewStateAsync(mods.map((m) => m.newDoc))
      return mods.length
    })
  }

  /** Replace (or create) the document with this _id. */
  async replace(id: string, doc: Doc): Promise<{ created: boolean; updated: boolean }> {
    await this.ready
    const res = await this.ds.updateAsync({ _id: id }, { ...doc, _id: id }, { upsert: true })
    return { created: !!res.upsert, updated: !res.upsert && res.numAffected > 0 }
  }

  async remove(mq: MongoQuery, multi = true): Promise<number> {
    await this.ready
    return await this.ds.removeAsync(this.toNedbQuery(mq).nedb, { multi })
  }

  /** Deep copies of all documents (for aggregation inputs). */
  async all(): Promise<Doc[]> {
    await this.ready
    return (await this.ds.findAsync({})) as Doc[]
  }

  /** Remove all documents (indexes are kept) and rewrite the datafile. */
  async clear(): Promise<void> {
    await this.ready
    await this.ds.removeAsync({}, { multi: true })
    await this.ds.compactDatafileAsync()
  }

  /** Wait for queued operations to finish. */
  async drain(): Promise<void> {
    await this.ready.catch(() => {})
    await this.internals.executor.pushAsync(async () => {})
  }
}

function compileMingo(mq: MongoQuery): (d: Doc) => boolean {
  const compiled = new MingoQuery(mq)
  return (d) => compiled.test(d)
}

/**
 * Matcher for the most common shape, `{field: scalar, ...}` (e.g. `{_id, version}`),
 * without compiling a mingo Query (whose per-call setup costs tens of µs).
 * Mongo semantics: dot paths traverse arrays of documents, and a scalar matches an
 * array field when one element equals it. Returns null for any other query shape.
 */
export function equalityMatcher(mq: MongoQuery): ((d: Doc) => boolean) | null {
  const conds: [string[], unknown][] = []
  for (const k of Object.keys(mq)) {
    if (k[0] === '$') return null
    let v = mq[k]
    if (isPlainObject(v)) {
      const ops = Object.keys(v)
      if (ops.length !== 1 || ops[0] !== '$eq') return null
      v = v.$eq
    }
    if (!isIndexable(v)) return null
    conds.push([k.split('.'), v])
  }
  return (d) => conds.every(([parts, v]) => pathEquals(d, parts, 0, v))
}

function pathEquals(node: any, parts: string[], i: number, v: unknown): boolean {
  if (i === parts.length) {
    return Array.isArray(node) ? node.some((x) => scalarEquals(x, v)) : scalarEquals(node, v)
  }
  if (Array.isArray(node)) {
    const p = parts[i]
    // numeric part = position (as mingo does); otherwise look into each element document
    if (/^\d+$/.test(p)) return pathEquals(node[Number(p)], parts, i + 1, v)
    return node.some((el) => isPlainObject(el) && pathEquals(el[p], parts, i + 1, v))
  }
  if (node === null || typeof node !== 'object' || isDate(node)) return false
  return pathEquals(node[parts[i]], parts, i + 1, v)
}

const scalarEquals = (x: unknown, v: unknown) =>
  isDate(v) ? isDate(x) && x.getTime() === v.getTime() : x === v

/**
 * A process killed in the middle of an append can leave a partial last line. That
 * write was never acknowledged, so drop it: otherwise NeDB counts it as corruption
 * and refuses to load small collections (corruptAlertThreshold is 10%).
 */
export function dropPartialLastLine(filename: string): void {
  if (!existsSync(filename)) return
  const fd = openSync(filename, 'r+')
  try {
    const size = fstatSync(fd).size
    const buf = Buffer.alloc(64 * 1024)
    let end = size
    while (end > 0) {
      const start = Math.max(0, end - buf.length)
      const n = readSync(fd, buf, 0, end - start, start)
      const nl = buf.lastIndexOf(0x0a, n - 1)
      if (nl !== -1) {
        const keep = start + nl + 1
        if (keep !== size) ftruncateSync(fd, keep)
        return
      }
      end = start
    }
    if (size > 0) ftruncateSync(fd, 0) // a single partial line
  } finally {
    closeSync(fd)
  }
}
