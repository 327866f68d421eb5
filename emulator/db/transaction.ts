// Transactions as wx-server-sdk has them on the server (`db.startTransaction()`,
// `db.runTransaction(fn, times)`): single-document operations on any number of documents,
// snapshot reads, write conflicts that abort one side, and an all-or-nothing durable commit.
//
// Model (what MongoDB, under CloudBase, does for a transaction):
// - The snapshot is taken at the transaction's first operation. Reads see the documents as
//   they were then, plus the transaction's own writes.
// - Writing a document that another open transaction has written, or that anybody changed
//   after the snapshot, is a write conflict: the operation rejects and the transaction is
//   aborted (first writer wins). runTransaction runs the callback again.
// - Writes are buffered and become visible to others only at commit, all at once.

import { randomBytes } from 'node:crypto'
import { appendFileSync, closeSync, existsSync, ftruncateSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
// NeDB's own line format (dates as {$$date}), so replayed lines load like any other.
import nedbModel from '@seald-io/nedb/lib/model.js'
import { serializeLine } from './serialize'
import { ServerDate, UpdateCommand } from './commands'
import { DatabaseError, ERR, fail, notFound, wrapError } from './errors'
import { reviveGeo } from './geo'
import { dropPartialLastLine, type Change, type CollectionStore, type FinalState } from './store'
import { checkKeys, cloneDoc, isPlainObject, refuseBadData, resolveValue, toMongoUpdate, withIdFirst, type Doc } from './translate'
import { applyModifier, checkModifier } from './update'

/** How long a transaction may stay open before the server drops it (CloudBase: 30 s). */
export const TRANSACTION_TTL_MS = 30_000
const JOURNAL = '_transactions.journal'

export const TX_CONFLICT = 'DATABASE_TRANSACTION_CONFLICT'
export const TX_FAIL = 'DATABASE_TRANSACTION_FAIL'

/** Error of a transaction: `code` as the cloud SDK sets it, plus errCode/errMsg like every DatabaseError. */
export class TransactionError extends DatabaseError {
  constructor(readonly code: typeof TX_CONFLICT | typeof TX_FAIL, message: string) {
    super(ERR.REQUEST_FAILED, message)
    this.name = 'TransactionError'
  }
}

const conflictError = () =>
  new TransactionError(TX_CONFLICT, '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.')
const notExistError = () =>
  new TransactionError(TX_FAIL, '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.')

/** What the database gives the transaction manager. */
export interface TxHost {
  store(name: string): CollectionStore
  count(collection: string, kind: 'reads' | 'writes'): void
  newId(): string
  dir: string | undefined
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`

/**
 * Book-keeping shared by all transactions of one database: commit sequence, the last write of
 * each document, pre-images for snapshot reads and write intents. Tracked only while a
 * transaction is open, so plain writes cost nothing otherwise.
 */
export class TransactionManager {
  private seq = 0
  private readonly open = new Set<Transaction>()
  private readonly lastWrite = new Map<string, number>()
  private readonly history = new Map<string, { seq: number; before: Doc | null }[]>()
  readonly intents = new Map<string, Transaction>()
  private commitChain: Promise<unknown> = Promise.resolve()
  private journalFd: number | undefined
  /** The oldest open snapshot at the last pruning of `history`. */
  private prunedBelow = -1

  constructor(readonly host: TxHost) {
    if (host.dir) replayJournal(host.dir)
  }

  /** Store observer: every document change, before it is applied. */
  readonly observe = (collection: string, changes: Change[]): void => {
    if (!this.open.size) return
    const s = ++this.seq
    for (const { id, before } of changes) {
      const key = keyOf(collection, id)
      this.lastWrite.set(key, s)
      let h = this.history.get(key)
      if (!h) this.history.set(key, (h = []))
      h.push({ seq: s, before })
    }
  }

  begin(throwOnNotFound = true): Transaction {
    const tx = new Transaction(this, randomBytes(12).toString('hex'), throwOnNotFound)
    this.open.add(tx)
    return tx
  }

  snapshotSeq(): number {
    return this.seq
  }

  /** Document as of `snapshot`, given its current state read just now. */
  asOf(collection: string, id: string, snapshot: number, current: Doc | null): Doc | null {
    const h = this.history.get(keyOf(collection, id))
    const first = h?.find((e) => e.seq > snapshot)
    return first ? (first.before ? cloneDoc(first.before) : null) : current
  }

  changedSince(key: string, snapshot: number): boolean {
    return (this.lastWrite.get(key) ?? 0) > snapshot
  }

  end(tx: Transaction): void {
    this.open.delete(tx)
    for (const [k, owner] of this.intents) if (owner === tx) this.intents.delete(k)
    if (!this.open.size) {
      this.lastWrite.clear()
      this.history.clear()
      return
    }
    // Pre-images older than every open snapshot are no longer needed. Only the end of the
    // oldest open transaction moves that bound, so the other ends skip the walk.
    let min = Infinity
    for (const t of this.open) min = Math.min(min, t.snapshot ?? this.seq)
    if (min === this.prunedBelow) return
    this.prunedBelow = min
    for (const [k, h] of this.history) {
      const keep = h.filter((e) => e.seq > min)
      if (keep.length) this.history.set(k, keep)
      else this.history.delete(k)
    }
  }

  /** Commits run one at a time; each holds the collections it writes while it applies. */
  commit(tx: Transaction, writes: Map<string, { collection: string; id: string; doc: Doc | null }>): Promise<void> {
    const run = this.commitChain.then(() => this.apply(tx, writes))
    this.commitChain = run.catch(() => {})
    return run
  }

  private async apply(tx: Transaction, writes: Map<string, { collection: string; id: string; doc: Doc | null }>) {
    const byCollection = new Map<string, FinalState[]>()
    for (const w of writes.values()) {
      let list = byCollection.get(w.collection)
      if (!list) byCollection.set(w.collection, (list = []))
      list.push({ id: w.id, doc: w.doc })
    }
    const names = [...byCollection.keys()].sort()
    const stores = names.map((n) => this.host.store(n))
    await Promise.all(stores.map((s) => s.ready))
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    const holding = stores.map((s) => new Promise<void>((held) => void s.hold(held, released)))
    try {
      await Promise.all(holding)
      // Plain writes queued before we got hold of the collections may touch our documents.
      for (const key of writes.keys()) if (this.changedSince(key, tx.snapshot!)) throw conflictError()
      const staged: ReturnType<CollectionStore['stageFinalStates']>[] = []
      try {
        for (let i = 0; i < stores.length; i++) staged.push(stores[i].stageFinalStates(byCollection.get(names[i])!))
      } catch (e) {
        for (const s of staged.reverse()) s.undo()
        throw wrapError('transaction.commit', e)
      }
      for (const s of staged) s.commit()
      // The durable point: one journal line holds every write. Replayed at load if the
      // datafile appends below do not all happen.
      this.journal(names.map((n, i) => ({ c: n, lines: staged[i].lines })))
      await Promise.all(stores.map((s, i) => s.persistLines(staged[i].lines)))
      this.clearJournal()
    } finally {
      release()
    }
  }

  private journal(entries: { c: string; lines: string[] }[]) {
    if (!this.host.dir) return
    if (this.journalFd === undefined) this.journalFd = openSync(join(this.host.dir, JOURNAL), 'a')
    // {"w":[{"c":<collection>,"l":[<line>, …]}, …]}, from the lines already serialized for the datafiles.
    const line = `{"w":[${entries.map((e) => `{"c":${JSON.stringify(e.c)},"l":[${e.lines.join(',')}]}`).join(',')}]}\n`
    writeSync(this.journalFd, line) // reaches the OS before commit() resolves
  }

  private clearJournal() {
    if (this.journalFd !== undefined) ftruncateSync(this.journalFd, 0)
  }

  close(): void {
    if (this.journalFd !== undefined) closeSync(this.journalFd)
    this.journalFd = undefined
  }
}

/**
 * Finish commits that were journaled but not fully appended to the datafiles (a crash in
 * between). Runs before any collection loads. Re-appending a final state is idempotent.
 */
export function replayJournal(dir: string): number {
  const file = join(dir, JOURNAL)
  if (!existsSync(file)) return 0
  let replayed = 0
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    if (!raw.trim()) continue
    let entry: { w: { c: string; l: Doc[] }[] }
    try {
      entry = nedbModel.deserialize(raw)
    } catch {
      continue // a partial last line: that commit was never acknowledged
    }
    for (const { c, l } of entry.w) {
      const datafile = join(dir, `${c}.db`)
      dropPartialLastLine(datafile)
      appendFileSync(datafile, l.map((d) => serializeLine(d) + '\n').join(''))
    }
    replayed++
  }
  unlinkSync(file)
  return replayed
}

type Buffered = { collection: string; id: string; doc: Doc | null }

/** `db.startTransaction()` result. */
export class Transaction {
  state: 'active' | 'committed' | 'aborted' = 'active'
  snapshot: number | undefined
  private readonly writes = new Map<string, Buffered>()
  private readonly timer: ReturnType<typeof setTimeout>
  /** Reason given to rollback(), for runTransaction. */
  rollbackReason: { reason: unknown } | undefined

  constructor(private readonly mgr: TransactionManager, readonly _id: string, readonly throwOnNotFound = true) {
    this.timer = setTimeout(() => this.abort(), TRANSACTION_TTL_MS)
    this.timer.unref?.()
  }

  collection(name: string): TransactionCollection {
    this.mgr.host.store(name) // validates the name
    return new TransactionCollection(this, name)
  }

  async commit(): Promise<{ requestId: string; errMsg: string }> {
    this.assertActive()
    try {
      if (this.writes.size) await this.mgr.commit(this, this.writes)
      this.state = 'committed'
    } catch (e) {
      this.abort()
      throw e
    } finally {
      this.finish()
    }
    return { requestId: requestId(), errMsg: 'transaction.commit:ok' }
  }

  async rollback(reason?: unknown): Promise<{ requestId: string; errMsg: string }> {
    this.assertActive()
    this.rollbackReason = { reason }
    this.abort()
    return { requestId: requestId(), errMsg: 'transaction.rollback:ok' }
  }

  /** @internal */
  abort(): void {
    if (this.state === 'active') this.state = 'aborted'
    this.writes.clear()
    this.finish()
  }

  private finish() {
    clearTimeout(this.timer)
    this.mgr.end(this)
  }

  private assertActive() {
    if (this.state !== 'active') throw notExistError()
  }

  private begin() {
    this.assertActive()
    if (this.snapshot === undefined) this.snapshot = this.mgr.snapshotSeq()
  }

  /** @internal Current view of a document inside the transaction. */
  async read(collection: string, id: string): Promise<Doc | null> {
    this.begin()
    const own = this.writes.get(keyOf(collection, id))
    if (own) return own.doc ? cloneDoc(own.doc) : null
    const current = await this.mgr.host.store(collection).get(id)
    this.assertActive()
    return this.mgr.asOf(collection, id, this.snapshot!, current)
  }

  /** @internal Claim a document for writing; a conflict aborts the whole transaction. */
  claim(collection: string, id: string): void {
    this.begin()
    const key = keyOf(collection, id)
    const owner = this.mgr.intents.get(key)
    if ((owner && owner !== this) || this.mgr.changedSince(key, this.snapshot!)) {
      this.abort()
      throw conflictError()
    }
    this.mgr.intents.set(key, this)
  }

  /**
   * @internal A check the server makes on a write (update operators, field names, applying the
   * update): its error aborts the transaction, as any write error aborts a MongoDB transaction.
   */
  serverCheck<T>(check: () => T): T {
    this.assertActive()
    try {
      return check()
    } catch (e) {
      this.abort()
      throw e
    }
  }

  /** @internal */
  buffer(collection: string, id: string, doc: Doc | null): void {
    this.assertActive()
    this.writes.set(keyOf(collection, id), { collection, id, doc })
  }

  /** @internal */
  get host(): TxHost {
    return this.mgr.host
  }
}

const requestId = () => randomBytes(8).toString('hex')

/**
 * Data argument of a transaction write. wx-server-sdk takes `{data: {...}}`; the node SDK takes
 * the fields themselves. An object whose only key is a plain-object `data` is the former.
 */
function unwrapData(arg: unknown, api: string): Doc {
  if (isPlainObject(arg)) {
    const keys = Object.keys(arg)
    const data = keys.length === 1 && keys[0] === 'data' && isPlainObject(arg.data) ? arg.data : arg
    refuseServerDate(data, api)
    return data
  }
  throw fail(api, ERR.INVALID_PARAM, 'data must be an object')
}

/**
 * Data of a transaction set() / update(). wx-server-sdk wraps the transaction's documents in its
 * own DocumentReference, so the checks of a plain doc(id).set() / update() apply unchanged: the
 * argument must be an object whose `data` is a non-empty object (errCode -1, before anything is
 * sent), then @cloudbase/database refuses an own `_id` key (-501007). An object whose only key is
 * `data` is wx-server-sdk's shape whatever `data` holds; any other object is the node SDK's fields.
 */
function writeData(arg: unknown, api: string): Doc {
  const data = isPlainObject(arg) && Object.keys(arg).length === 1 && 'data' in arg ? arg.data : arg
  refuseBadData(api, data)
  // @cloudbase/database's set() refuses update commands before sending (DATABASE_REQUEST_FAILED),
  // in a transaction as outside one; the transaction stays open.
  if (api === 'document.set' && hasUpdateCommand(data)) throw fail(api, ERR.REQUEST_FAILED, 'set data cannot contain update commands')
  refuseServerDate(data, api)
  return data
}

function hasUpdateCommand(v: unknown): boolean {
  if (v instanceof UpdateCommand) return true
  if (Array.isArray(v)) return v.some(hasUpdateCommand)
  return isPlainObject(v) && Object.values(v).some(hasUpdateCommand)
}

/** The cloud refuses serverDate() inside a transaction; refuse it here too. */
function refuseServerDate(v: unknown, api: string): void {
  if (v === null || typeof v !== 'object') return
  if (v instanceof ServerDate) throw fail(api, ERR.INVALID_PARAM, 'serverDate is not supported in a transaction')
  if (v instanceof UpdateCommand) return refuseServerDate(v.value, api)
  if (Array.isArray(v)) for (const x of v) refuseServerDate(x, api)
  else if (isPlainObject(v)) for (const k in v) refuseServerDate((v as Record<string, unknown>)[k], api)
}

function docId(id: unknown, api: string): string {
  if (typeof id === 'number' && Number.isFinite(id)) return String(id)
  if (typeof id !== 'string' || id === '') throw fail(api, ERR.INVALID_PARAM, `invalid document id ${JSON.stringify(id)}`)
  return id
}

/** `transaction.collection(name)`: only `add` and `doc` (no where/aggregate in a transaction). */
export class TransactionCollection {
  constructor(private readonly tx: Transaction, readonly name: string) {}

  doc(id: string | number): TransactionDocument {
    return new TransactionDocument(this.tx, this.name, docId(id, 'collection.doc'))
  }

  /** Insert one document; fails the write if a document with that `_id` exists. */
  async add(arg: unknown): Promise<{ _id: string; id: string; inserted: number; errMsg: string }> {
    const api = 'collection.add'
    const data = unwrapData(arg, api)
    const id = data._id === undefined ? this.tx.host.newId() : docId(data._id, api)
    return new TransactionDocument(this.tx, this.name, id).insert(data, api)
  }
}

export class TransactionDocument {
  constructor(private readonly tx: Transaction, readonly collectionName: string, readonly id: string) {}

  async get(): Promise<{ data: Doc | null; errMsg: string }> {
    const api = 'document.get'
    this.tx.host.count(this.collectionName, 'reads')
    const data = await this.tx.read(this.collectionName, this.id)
    if (!data && this.tx.throwOnNotFound) {
      // As a plain doc(id).get() of a missing document (database.ts): errCode -1.
      throw notFound(api, this.id)
    }
    return { data: data && reviveGeo(data), errMsg: `${api}:ok` }
  }

  create(arg: unknown): Promise<{ _id: string; id: string; inserted: number; errMsg: string }> {
    const api = 'document.create'
    return this.insert(unwrapData(arg, api), api)
  }

  /** @internal create() and collection.add() with the data already unwrapped (once: a document may have a `data` field). */
  async insert(data: Doc, api: string): Promise<{ _id: string; id: string; inserted: number; errMsg: string }> {
    this.tx.host.count(this.collectionName, 'writes')
    const doc = resolveValue(withIdFirst(this.id, data), Date.now(), api) as Doc
    this.tx.serverCheck(() => checkKeys(doc, api))
    this.tx.claim(this.collectionName, this.id)
    if (await this.tx.read(this.collectionName, this.id)) {
      // A write error aborts a MongoDB transaction: later operations find no transaction.
      this.tx.abort()
      throw fail(api, ERR.REQUEST_FAILED, `database request fail. E11000 duplicate key error, dup key: { _id: ${JSON.stringify(this.id)} }`)
    }
    this.tx.buffer(this.collectionName, this.id, doc)
    return { _id: this.id, id: this.id, inserted: 1, errMsg: `${api}:ok` }
  }

  async set(arg: unknown): Promise<{ _id: string; updated: number; upserted: { _id: string }[]; stats: { updated: number; created: number }; errMsg: string }> {
    const api = 'document.set'
    this.tx.host.count(this.collectionName, 'writes')
    const data = writeData(arg, api)
    const doc = resolveValue(data, Date.now(), api) as Doc
    this.tx.serverCheck(() => checkKeys(doc, api))
    this.tx.claim(this.collectionName, this.id)
    const existed = !!(await this.tx.read(this.collectionName, this.id))
    this.tx.buffer(this.collectionName, this.id, withIdFirst(this.id, doc))
    return {
      _id: this.id,
      updated: existed ? 1 : 0,
      upserted: existed ? [] : [{ _id: this.id }],
      // wx-server-sdk counts `created` from the node SDK's `upsertedId`, which a transaction's
      // set() answer does not have (it has `upserted`): 0 even when the document was created.
      stats: { updated: existed ? 1 : 0, created: 0 },
      errMsg: `${api}:ok`,
    }
  }

  async update(arg: unknown): Promise<{ updated: number; stats: { updated: number }; errMsg: string }> {
    const api = 'document.update'
    this.tx.host.count(this.collectionName, 'writes')
    const data = writeData(arg, api)
    const modifier = toMongoUpdate(data, Date.now(), api)
    this.tx.serverCheck(() => checkModifier(modifier, api))
    this.tx.claim(this.collectionName, this.id)
    const cur = await this.tx.read(this.collectionName, this.id)
    if (!cur) return { updated: 0, stats: { updated: 0 }, errMsg: `${api}:ok` }
    const changed = this.tx.serverCheck(() => {
      const changed = applyModifier(cur, modifier, api)
      checkKeys(cur, api)
      return changed
    })
    this.tx.buffer(this.collectionName, this.id, cur)
    const n = changed ? 1 : 0
    return { updated: n, stats: { updated: n }, errMsg: `${api}:ok` }
  }

  async remove(): Promise<{ deleted: number; stats: { removed: number }; errMsg: string }> {
    const api = 'document.remove'
    this.tx.host.count(this.collectionName, 'writes')
    this.tx.claim(this.collectionName, this.id)
    const cur = await this.tx.read(this.collectionName, this.id)
    if (cur) this.tx.buffer(this.collectionName, this.id, null)
    const n = cur ? 1 : 0
    return { deleted: n, stats: { removed: n }, errMsg: `${api}:ok` }
  }

  /** node SDK name of remove(). */
  delete(): ReturnType<TransactionDocument['remove']> {
    return this.remove()
  }
}

/**
 * `db.runTransaction(callback, times = 3)`: commits when the callback resolves; runs it again
 * only on a write conflict, at most `times` re-runs after the first; rejects with the rollback() reason.
 */
export async function runTransaction<T>(mgr: TransactionManager, callback: (tx: Transaction) => Promise<T>, times = 3, throwOnNotFound = true): Promise<T> {
  if (typeof callback !== 'function') throw fail('runTransaction', ERR.INVALID_PARAM, 'callback must be a function')
  const attempts = Number.isInteger(times) && times > 0 ? times : 3
  for (let attempt = 1; ; attempt++) {
    const tx = mgr.begin(throwOnNotFound)
    try {
      const result = await callback(tx)
      if (tx.rollbackReason) throw tx.rollbackReason.reason
      await tx.commit()
      return result
    } catch (e) {
      if (tx.state === 'active') tx.abort()
      if (tx.rollbackReason) throw tx.rollbackReason.reason
      // The SDK retries anything that carries the conflict code, and runs the callback up to
      // `times` more times after the first.
      const conflict = (e as { code?: unknown } | null)?.code === TX_CONFLICT
      if (!conflict || attempt > attempts) throw e
    }
  }
}
