// One NeDB datastore per collection. Matching uses mingo (mongo semantics) through
// NeDB's `$where`, while simple conditions on indexed fields are also handed to NeDB
// so it can pick candidates from its indexes instead of scanning the collection.

import { Query as MingoQuery } from './operators'
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs'
import Datastore from '@seald-io/nedb'
import { installAppendLog, type AppendLog } from './appendLog'
import { serializeLine } from './serialize'
import { skipPartialKeys, useFastIndexCompare } from './indexCompare'
import { appendFile } from 'node:fs/promises'
import { checkKeys, cloneDoc, isDate, isPlainObject, withIdFirst, type Doc, type Modifier, type MongoQuery } from './translate'
import { applyModifier, checkModifier } from './update'

export interface FindOptions {
  sort?: Record<string, 1 | -1>
  skip?: number
  limit?: number
}

// The subset of NeDB internals used for atomic read-modify-write (pinned nedb 4.1.2).
interface NedbInternals {
  /** The datafile, or null in memory (then a commit serializes nothing). */
  filename: string | null
  executor: { pushAsync<T>(task: () => Promise<T>, forceQueuing?: boolean): Promise<T> }
  indexes: Record<string, { getMatching(v: unknown): Doc[] }>
  _getCandidatesAsync(query: unknown, dontExpireStaleDocs?: boolean): Promise<Doc[]>
  _updateIndexes(mods: { oldDoc: Doc; newDoc: Doc }[]): void
  _addToIndexes(doc: Doc): void
  _removeFromIndexes(doc: Doc): void
  _resetIndexes(newData?: Doc[]): void
  getAllData(): Doc[]
  persistence: {
    persistNewStateAsync(docs: Doc[]): Promise<void>
    treatRawStreamAsync(stream: unknown): Promise<{ data: Doc[]; indexes: unknown }>
    persistCachedDatabaseAsync(): Promise<void>
  }
}

/** A document about to change: its state before the change (null when it did not exist). */
export interface Change {
  id: string
  before: Doc | null
}

/** Final state of one document written by a committed transaction (null = removed). */
export interface FinalState {
  id: string
  doc: Doc | null
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
  /** Told about every document before it changes (transactions keep snapshots and detect conflicts). */
  observer: ((collection: string, changes: Change[]) => void) | null = null
  /**
   * Insertion order (the cloud returns unsorted results in natural order, not by _id). NeDB's
   * own _id index is a tree sorted by _id; this map keeps each live document's insertion rank.
   */
  private rank = new Map<string, number>()
  private nextRank = 0
  /** The datafile's kept-open append descriptor (null in memory or with GRIDLINK_DB_APPEND=reopen). */
  private readonly appendLog: AppendLog | null = null
  constructor(readonly name: string, filename?: string) {
    if (filename) {
      dropPartialLastLine(filename)
      // onload keeps a load failure from becoming an uncaught exception; it surfaces via `ready`.
      this.ds = new Datastore({ filename, autoload: true, onload: () => {} })
      // Appends go through one kept-open descriptor instead of NeDB's open-append-close.
      this.appendLog = installAppendLog(this.ds)
      this.ready = this.ds.autoloadPromise as Promise<void>
    } else {
      this.ds = new Datastore()
      this.ready = Promise.resolve()
    }
    // Every index compares with indexCompare.ts's comparators, installed before its tree is filled:
    // the _id index now, and at load the indexes recreated from the datafile, whose trees NeDB
    // rebuilds (from treeOptions) in _resetIndexes.
    useFastIndexCompare((this.internals.indexes as Record<string, any>)._id)
    const ds = this.internals
    const resetIndexes = ds._resetIndexes.bind(ds)
    ds._resetIndexes = (newData?: Doc[]) => {
      for (const index of Object.values(ds.indexes)) {
        useFastIndexCompare(index as any)
        skipPartialKeys(index as any)
      }
      resetIndexes(newData)
    }
    // NeDB only compacts on a timer when asked to; make sure it never does.
    this.ds.stopAutocompaction()
    this.trackInsertionOrder()
  }

  /**
   * Rank documents as they load (datafile order) and make compaction write them in rank order,
   * so natural order survives a restart.
   */
  private trackInsertionOrder() {
    const ds = this.internals
    const treat = ds.persistence.treatRawStreamAsync.bind(ds.persistence)
    ds.persistence.treatRawStreamAsync = async (stream: unknown) => {
      const r = await treat(stream)
      for (const d of r.data) this.ranked(d._id)
      return r
    }
    // Only compaction needs rank order from getAllData; queries rank their own (smaller) results.
    const getAll = ds.getAllData.bind(ds)
    let compacting = false
    ds.getAllData = () => (compacting ? this.inRankOrder(getAll()) : getAll())
    const compact = ds.persistence.persistCachedDatabaseAsync.bind(ds.persistence)
    ds.persistence.persistCachedDatabaseAsync = async () => {
      compacting = true
      try {
        return await compact()
      } finally {
        compacting = false
      }
    }
  }

  private ranked(id: string): number {
    let r = this.rank.get(id)
    if (r === undefined) this.rank.set(id, (r = this.nextRank++))
    return r
  }

  private inRankOrder<T extends Doc>(docs: T[]): T[] {
    return docs
      .map((d) => [this.ranked(d._id), d] as const)
      .sort((a, b) => a[0] - b[0])
      .map((x) => x[1])
  }

  private notify(changes: Change[]) {
    if (this.observer && changes.length) this.observer(this.name, changes)
  }

  private get internals(): NedbInternals {
    return this.ds as unknown as NedbInternals
  }

  async ensureIndex(fields: string[], unique: boolean): Promise<void> {
    await this.ready
    // nedb 4 supports compound indexes when fieldName is an array; NeDB uses one only when the
    // query has an equality on every field. (Indexing only the leading field instead, as MongoDB's
    // prefix rule would serve, puts a street's or a holder's items in one bucket of the tree, and
    // NeDB removes a document from a bucket by a linear filter on every update: the timer's sweep
    // at 100k open items of one street became ten times slower per due item.) Plain single-field
    // indexes are sparse: otherwise every document lacking the field shares one bucket, with the
    // same linear removal (assigning 123,800 unassigned households became quadratic).
    const single = fields.length === 1
    await this.ds.ensureIndexAsync({ fieldName: single ? fields[0] : fields, unique, sparse: single && !unique })
    // A new index was filled by NeDB with its own comparator: walked once here; an existing one is left alone.
    const index = (this.internals.indexes as Record<string, any>)[[...fields].sort().join(',')] // NeDB names an index by its sorted fields
    useFastIndexCompare(index)
    // A new compound index is filled again without the documents lacking one of its fields.
    if (skipPartialKeys(index)) index.reset(this.ds.getAllData())
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
          // NeDB 4.1.2 finds nothing for a Date range on a sparse index (numbers and strings work):
          // leave Date ranges on sparse indexes to the full match.
          const sparse = !!(this.internals.indexes[k] as { sparse?: boolean } | undefined)?.sparse
          for (const op of RANGE_OPS) if (isIndexable(v[op]) && !(sparse && isDate(v[op]))) range[op] = v[op]
          if (Object.keys(range).length) hints[k] = range
        }
      }
    }
    consider(mq)
    if (Array.isArray(mq.$and)) for (const c of mq.$and) if (isPlainObject(c)) consider(c)
    return this.narrowest(hints)
  }

  /**
   * NeDB takes the first usable hint in its own order (any equality before any range), so an
   * equality on a broad field (a street) would win over a narrow range (due times): keep only the
   * hint whose index gives the fewest candidates, counted in the index itself.
   */
  private narrowest(hints: Doc): Doc {
    const keys = Object.keys(hints)
    if (keys.length < 2) return hints
    const indexes = this.internals.indexes as Record<string, { getMatching(v: unknown): Doc[]; getBetweenBounds(q: Doc): Doc[] } | undefined>
    let best: string | undefined
    let fewest = Infinity
    for (const k of keys) {
      const index = indexes[k]
      if (!index) continue // a field of a unique compound index only: NeDB matches that index
      const v = hints[k]
      const n = !isPlainObject(v) ? index.getMatching(v).length
        : Array.isArray(v.$in) ? (v.$in as unknown[]).reduce<number>((sum, x) => sum + index.getMatching(x).length, 0)
        : index.getBetweenBounds(v).length
      if (n < fewest) [best, fewest] = [k, n]
    }
    return best === undefined ? hints : { [best]: hints[best] }
  }

  async find(mq: MongoQuery, opts: FindOptions = {}): Promise<Doc[]> {
    await this.ready
    const ids = idsOnly(mq)
    if (ids && !opts.sort && !opts.skip) {
      // By _id alone (an aggregate's match, a join's keys): straight from the _id index, as get().
      const found = (await Promise.all(ids.map((id) => this.get(id)))).filter((d): d is Doc => d !== null)
      const all = found.length > 1 ? this.inRankOrder(found) : found
      return opts.limit ? all.slice(0, opts.limit) : all
    }
    const cursor = this.ds.findAsync(this.toNedbQuery(mq).nedb)
    if (opts.sort && Object.keys(opts.sort).length) {
      cursor.sort(opts.sort)
      if (opts.skip) cursor.skip(opts.skip)
      if (opts.limit) cursor.limit(opts.limit)
      return (await cursor) as Doc[]
    }
    // Unsorted: natural (insertion) order. Index candidates come in index order, so rank them first.
    const all = this.inRankOrder((await cursor) as Doc[])
    const from = opts.skip ?? 0
    return opts.limit ? all.slice(from, from + opts.limit) : all.slice(from)
  }

  /**
   * The stored document with this _id (a deep copy), or null: straight from the _id index, not
   * through a NeDB cursor on the executor. Every write updates the indexes and tells the observer
   * in one synchronous step, so a read here never sees a change the transaction history has not.
   */
  async get(id: string): Promise<Doc | null> {
    await this.ready
    const [d] = this.internals.indexes._id.getMatching(id) as Doc[]
    return d ? cloneDoc(d) : null
  }

  async count(mq: MongoQuery): Promise<number> {
    await this.ready
    return await this.ds.countAsync(this.toNedbQuery(mq).nedb)
  }

  async insert(docs: Doc[]): Promise<void> {
    await this.ready
    const ds = this.internals as any
    await ds.executor.pushAsync(async () => {
      const prepared: Doc[] = ds._prepareDocumentForInsertion(docs)
      ds._insertInCache(prepared) // all or nothing on a duplicate key
      this.notify(prepared.map((d) => ({ id: d._id, before: null })))
      for (const d of prepared) this.ranked(d._id)
      await ds.persistence.persistNewStateAsync(prepared)
    })
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
      let candidates = await ds._getCandidatesAsync(nedb, true)
      if (!multi) candidates = this.inRankOrder(candidates) // "the first" match in natural order
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
      this.notify(mods.map((m) => ({ id: m.oldDoc._id, before: m.oldDoc })))
      await ds.persistence.persistNewStateAsync(mods.map((m) => m.newDoc))
      return mods.length
    })
  }

  /** Replace (or create) the document with this _id. */
  async replace(id: string, doc: Doc): Promise<{ created: boolean; updated: boolean }> {
    await this.ready
    const ds = this.internals
    return ds.executor.pushAsync(async () => {
      const [oldDoc] = ds.indexes._id.getMatching(id)
      const newDoc = cloneDoc(withIdFirst(id, doc))
      if (oldDoc) ds._updateIndexes([{ oldDoc, newDoc }])
      else {
        ds._addToIndexes(newDoc)
        this.ranked(id)
      }
      this.notify([{ id, before: oldDoc ?? null }])
      await ds.persistence.persistNewStateAsync([newDoc])
      return { created: !oldDoc, updated: !!oldDoc }
    })
  }

  async remove(mq: MongoQuery, multi = true): Promise<number> {
    await this.ready
    const { nedb, test } = this.toNedbQuery(mq)
    const ds = this.internals
    return ds.executor.pushAsync(async () => {
      let candidates = await ds._getCandidatesAsync(nedb, true)
      if (!multi) candidates = this.inRankOrder(candidates) // "the first" match in natural order
      const removed: Doc[] = []
      for (const d of candidates) {
        if (!test(d)) continue
        removed.push(d)
        if (!multi) break
      }
      if (!removed.length) return 0
      this.notify(removed.map((d) => ({ id: d._id, before: d })))
      for (const d of removed) {
        ds._removeFromIndexes(d)
        this.rank.delete(d._id)
      }
      await ds.persistence.persistNewStateAsync(removed.map((d) => ({ $$deleted: true, _id: d._id })))
      return removed.length
    })
  }

  /**
   * Run `body` while this collection's executor is held: no other operation on it runs meanwhile.
   * Resolves `held` once the collection is ours.
   */
  hold(held: () => void, released: Promise<void>): Promise<void> {
    return this.internals.executor.pushAsync(async () => {
      held()
      await released
    })
  }

  /**
   * Apply a transaction's final states in memory (call only while held). Returns an undo that
   * restores the previous states; a unique-index violation undoes this store's part and throws.
   */
  stageFinalStates(states: FinalState[]): { undo: () => void; commit: () => void; lines: string[] } {
    const ds = this.internals
    const done: { before: Doc | undefined; after: Doc | null }[] = []
    const undo = () => {
      for (const { before, after } of done.reverse()) {
        if (after && before) ds._updateIndexes([{ oldDoc: after, newDoc: before }])
        else if (after) ds._removeFromIndexes(after)
        else if (before) ds._addToIndexes(before)
      }
    }
    const changes: Change[] = []
    const lines: string[] = [] // serialized once, for the journal and the datafile alike (none in memory)
    const file = ds.filename
    try {
      for (const { id, doc } of states) {
        const [before] = ds.indexes._id.getMatching(id)
        if (!before && !doc) continue
        const after = doc ? cloneDoc(withIdFirst(id, doc)) : null
        if (before && after) ds._updateIndexes([{ oldDoc: before, newDoc: after }])
        else if (after) ds._addToIndexes(after)
        else ds._removeFromIndexes(before!)
        done.push({ before, after })
        changes.push({ id, before: before ?? null })
        if (file) lines.push(serializeLine(after ?? { $$deleted: true, _id: id }))
      }
    } catch (e) {
      undo()
      throw e
    }
    // Observers and ranks are told only once every store of the transaction has staged.
    const commit = () => {
      this.notify(changes)
      for (const { id, doc } of states) {
        if (doc) this.ranked(id)
        else this.rank.delete(id)
      }
    }
    return { lines, undo, commit }
  }

  /** Append serialized lines to the datafile (call only while held). */
  async persistLines(lines: string[]): Promise<void> {
    const file = this.internals.filename
    if (!lines.length || !file) return
    const text = lines.join('\n') + '\n'
    // GRIDLINK_DB_APPEND=reopen: NeDB's own way, open-append-close per write.
    if (this.appendLog) await this.appendLog.append(text)
    else await appendFile(file, text)
  }

  /** Deep copies of all documents (for aggregation inputs). */
  async all(): Promise<Doc[]> {
    await this.ready
    return this.inRankOrder((await this.ds.findAsync({})) as Doc[])
  }

  /** Remove all documents (indexes are kept) and rewrite the datafile. */
  async clear(): Promise<void> {
    await this.ready
    if (this.observer) {
      const all = await this.all()
      this.notify(all.map((d) => ({ id: d._id, before: d })))
    }
    await this.ds.removeAsync({}, { multi: true })
    this.rank.clear()
    await this.ds.compactDatafileAsync()
  }

  /** Wait for queued operations to finish. */
  async drain(): Promise<void> {
    await this.ready.catch(() => {})
    await this.internals.executor.pushAsync(async () => {})
  }

  /** Wait for queued operations, then close the datafile's append descriptor. */
  async close(): Promise<void> {
    await this.drain()
    await this.appendLog?.close()
  }
}

function compileMingo(mq: MongoQuery): (d: Doc) => boolean {
  const compiled = new MingoQuery(mq)
  return (d) => compiled.test(d)
}

/**
 * Matcher for the most common shapes, `{field: scalar, ...}` (e.g. `{_id, version}`) and
 * `{field: {$in: [scalars]}}` (e.g. a batch of ids), without compiling a mingo Query (whose
 * per-call setup costs tens of µs). Mongo semantics: dot paths traverse arrays of documents,
 * and a scalar matches an array field when one element equals it; `$in` matches when any of
 * its values would. Returns null for any other query shape.
 */
export function equalityMatcher(mq: MongoQuery): ((d: Doc) => boolean) | null {
  const conds: [string[], unknown[]][] = []
  for (const k of Object.keys(mq)) {
    if (k[0] === '$') return null
    let values: unknown[] = [mq[k]]
    const v = mq[k]
    if (isPlainObject(v)) {
      const ops = Object.keys(v)
      if (ops.length !== 1) return null
      if (ops[0] === '$eq') values = [v.$eq]
      else if (ops[0] === '$in' && Array.isArray(v.$in)) values = v.$in
      else return null
    }
    if (!values.every(isIndexable)) return null
    conds.push([k.split('.'), values])
  }
  return (d) => conds.every(([parts, vs]) => vs.some((v) => pathEquals(d, parts, 0, v)))
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

/** The ids of a query that is `{_id: id}` or `{_id: {$in: ids}}` with string ids and nothing else; else null. */
function idsOnly(mq: MongoQuery): string[] | null {
  const q = mq as Record<string, unknown>
  if (!q || Object.keys(q).length !== 1 || !('_id' in q)) return null
  const v = q._id
  if (typeof v === 'string') return [v]
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1) {
    const list = (v as Record<string, unknown>).$in
    if (Array.isArray(list) && list.every((x) => typeof x === 'string')) return [...new Set(list as string[])]
  }
  return null
}
