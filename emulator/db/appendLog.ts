// Appends to a collection's datafile through a descriptor kept open for the life of the store.
//
// NeDB persists every write with fs.promises.appendFile, which opens, writes and closes the
// file each time: three trips through libuv's thread pool per write, about 30% of the server's
// time per submit. Here each batch of lines is one write(2) on an O_APPEND descriptor, through
// the thread pool as before.
//
// `GRIDLINK_DB_APPEND=sync` makes that write(2) on the event loop instead. It needs the least CPU
// and triples raw insert rates, but through the HTTP bridge at 32 concurrent submits it gave
// lower throughput and p99 latencies of over a second on a busy machine, so it is opt-in.
// `GRIDLINK_DB_APPEND=reopen` leaves NeDB's own path (the bench's baseline).
//
// Durability is unchanged: a write is acknowledged only after write(2) has returned, so the
// lines are in the OS page cache and survive kill -9 of this process. As with NeDB's own
// appends there is no fsync, so an OS crash or power loss can lose the last writes.
//
// Compaction (on load, and in clear()) writes a temp file and renames it over the datafile. A
// descriptor opened before would keep pointing at the old, unlinked inode, and later writes
// would silently vanish. So the handle is dropped around every compaction and reopened by the
// next append.

import { writeSync } from 'node:fs'
import { appendFile, open, type FileHandle } from 'node:fs/promises'
import type Datastore from '@seald-io/nedb'
import { serializeLine } from './serialize'

/** `async` (default): write(2) in libuv's thread pool; `sync`: on the event loop; `reopen`: NeDB's appendFile. */
export const APPEND_MODE_ENV = 'GRIDLINK_DB_APPEND'
export type AppendMode = 'async' | 'sync' | 'reopen'

export function appendMode(value = process.env[APPEND_MODE_ENV]): AppendMode {
  return value === 'sync' || value === 'reopen' ? value : 'async'
}

/** The NeDB 4.1.2 persistence internals replaced or called here. */
interface PersistenceInternals {
  inMemoryOnly: boolean
  filename: string
  modes: { fileMode: number }
  afterSerialization(s: string): Promise<string>
  persistNewStateAsync(docs: unknown[]): Promise<void>
  persistCachedDatabaseAsync(): Promise<void>
  dropDatabaseAsync(): Promise<void>
}

export class AppendLog {
  private fh: FileHandle | null = null
  /** Operations run one after another; NeDB's executor already serialises, this is a backstop. */
  private tail: Promise<unknown> = Promise.resolve()
  /** A write failed part-way: start the next one on a fresh line so it is not glued to the fragment. */
  private brokenLine = false
  private closed = false

  constructor(
    readonly filename: string,
    private readonly fileMode = 0o644,
    private readonly sync = false,
  ) {}

  /** Whether a descriptor is currently held (for tests). */
  get isOpen(): boolean {
    return this.fh !== null
  }

  /** Appends `text` with one write; resolves once write(2) has returned. */
  append(text: string): Promise<void> {
    return this.enqueue(async () => {
      const buf = Buffer.from(this.brokenLine ? '\n' + text : text, 'utf8')
      if (this.closed) {
        // A straggler after close(): write it, but do not keep a descriptor around again.
        await appendFile(this.filename, buf, { mode: this.fileMode })
        this.brokenLine = false
        return
      }
      try {
        const fh = this.fh ?? (this.fh = await open(this.filename, 'a', this.fileMode))
        // write(2) on a regular file writes everything unless the disk fills up; loop anyway.
        if (this.sync) for (let off = 0; off < buf.length; ) off += writeSync(fh.fd, buf, off, buf.length - off)
        else for (let off = 0; off < buf.length; ) off += (await fh.write(buf, off, buf.length - off)).bytesWritten
        this.brokenLine = false
      } catch (e) {
        this.brokenLine = true
        await this.closeHandle()
        throw e
      }
    })
  }

  /** Closes the descriptor; the next append reopens the file by name. */
  release(): Promise<void> {
    return this.enqueue(() => this.closeHandle())
  }

  /** Closes the descriptor for good (database shutdown). */
  close(): Promise<void> {
    this.closed = true
    return this.release()
  }

  private async closeHandle() {
    const fh = this.fh
    this.fh = null
    await fh?.close().catch(() => {}) // nothing was left unwritten; a failing close changes nothing
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task)
    this.tail = run.catch(() => {})
    return run
  }
}

/**
 * Routes a persisted datastore's appends through an AppendLog by overriding this instance's
 * `persistence.persistNewStateAsync`, and drops the descriptor around compaction and drop.
 * Returns null (NeDB untouched) for in-memory stores or in `reopen` mode.
 */
export function installAppendLog(ds: Datastore, mode: AppendMode = appendMode()): AppendLog | null {
  const p = (ds as unknown as { persistence: PersistenceInternals }).persistence
  if (p.inMemoryOnly || !p.filename || mode === 'reopen') return null
  const log = new AppendLog(p.filename, p.modes.fileMode, mode === 'sync')

  // The same lines NeDB's persistNewStateAsync builds, written through the kept-open descriptor.
  p.persistNewStateAsync = async (docs) => {
    let text = ''
    for (const doc of docs) text += (await p.afterSerialization(serializeLine(doc))) + '\n'
    if (text.length > 0) await log.append(text)
  }

  const compact = p.persistCachedDatabaseAsync.bind(p)
  p.persistCachedDatabaseAsync = async () => {
    await log.release()
    try {
      await compact()
    } finally {
      await log.release() // in case anything appended to the old inode meanwhile
    }
  }

  const drop = p.dropDatabaseAsync.bind(p)
  p.dropDatabaseAsync = async () => {
    try {
      await drop()
    } finally {
      await log.release()
    }
  }
  return log
}
