// Conformance tests of transactions, written from the CloudBase / wx-server-sdk documentation:
// Database.startTransaction, Database.runTransaction, Transaction.{collection,commit,rollback}.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDatabase, type EmulatedDatabase } from './index'
import { CollectionStore } from './store'
import { TRANSACTION_TTL_MS, TX_CONFLICT, TX_FAIL } from './transaction'

const here = dirname(fileURLToPath(import.meta.url))
const projectRoot = resolve(here, '../..')

let db: EmulatedDatabase
beforeEach(async () => {
  db = createDatabase({ throwOnNotFound: false })
  await db.collection('acct').add({ data: [{ _id: 'a', amount: 100, tags: ['x'] }, { _id: 'b', amount: 0 }] })
})
afterEach(() => {
  vi.useRealTimers()
})

const amount = async (id: string) => (await db.collection('acct').doc(id).get()).data?.amount

describe('startTransaction', () => {
  it('has a string _id and commit() answers a requestId', async () => {
    const tx = await db.startTransaction()
    expect(typeof tx._id).toBe('string')
    expect(typeof (await tx.commit()).requestId).toBe('string')
  })

  it('writes are invisible outside until commit, then all visible at once', async () => {
    const tx = await db.startTransaction()
    const _ = db.command
    expect((await tx.collection('acct').doc('a').update({ data: { amount: _.inc(-10) } })).updated).toBe(1)
    expect((await tx.collection('acct').doc('b').update({ data: { amount: _.inc(10) } })).updated).toBe(1)
    const added = await tx.collection('log').add({ data: { what: 'transfer' } })
    expect(added.inserted).toBe(1)
    expect(typeof added._id).toBe('string')
    // own writes are read back inside
    expect((await tx.collection('acct').doc('a').get()).data!.amount).toBe(90)
    expect(await amount('a')).toBe(100)
    expect((await db.collection('log').count()).total).toBe(0)
    await tx.commit()
    expect(await amount('a')).toBe(90)
    expect(await amount('b')).toBe(10)
    expect((await db.collection('log').doc(added._id).get()).data!.what).toBe('transfer')
  })

  it('a duplicate _id aborts the transaction, as a write error does in MongoDB', async () => {
    await db.collection('log').add({ data: { _id: 'taken' } })
    const tx = await db.startTransaction()
    await tx.collection('log').add({ data: { _id: 'first', n: 1 } })
    await expect(tx.collection('log').add({ data: { _id: 'taken' } })).rejects.toMatchObject({ errCode: -502001, errMsg: expect.stringMatching(/E11000/) })
    await expect(tx.collection('log').add({ data: { _id: 'other' } })).rejects.toMatchObject({ code: TX_FAIL })
    await expect(tx.commit()).rejects.toMatchObject({ code: TX_FAIL })
    expect((await db.collection('log').where({ _id: db.command.in(['first', 'other']) }).count()).total).toBe(0)
  })

  it('a refused update operator or field name aborts the transaction, with the code it has outside one', async () => {
    const _ = db.command
    const bad: [string, (c: ReturnType<EmulatedDatabase['collection']>) => Promise<unknown>, (t: any) => Promise<unknown>][] = [
      // conflicting paths: refused by the server's update check
      ['conflict', (c) => c.doc('b').update({ data: { tags: ['y'], 'tags.0': 'z' } }), (t) => t.doc('b').update({ data: { tags: ['y'], 'tags.0': 'z' } })],
      // a field name starting with $ or holding a dot
      ['$ key in add', (c) => c.add({ data: { $bad: 1 } }), (t) => t.add({ data: { $bad: 1 } })],
      ['dotted key in set', (c) => c.doc('b').set({ data: { x: { 'p.q': 1 } } }), (t) => t.doc('b').set({ data: { x: { 'p.q': 1 } } })],
      ['$ key from _.set', (c) => c.doc('b').update({ data: { x: _.set({ $y: 1 }) } }), (t) => t.doc('b').update({ data: { x: _.set({ $y: 1 }) } })],
    ]
    for (const [label, plain, inTx] of bad) {
      const outside = await plain(db.collection('acct')).then(() => null, (e) => e)
      expect(outside, label).toMatchObject({ errCode: expect.any(Number) })
      const tx = await db.startTransaction()
      await tx.collection('acct').doc('a').update({ data: { amount: 1 } })
      await expect(inTx(tx.collection('acct')), label).rejects.toMatchObject({ errCode: outside.errCode })
      await expect(tx.collection('acct').doc('a').get(), label).rejects.toMatchObject({ code: TX_FAIL })
      await expect(tx.commit(), label).rejects.toMatchObject({ code: TX_FAIL })
      expect(await amount('a'), label).toBe(100)
    }
  })

  it('add({data}) unwraps once: a document whose only field is `data` keeps it', async () => {
    const tx = await db.startTransaction()
    await tx.collection('log').add({ data: { _id: 'wrapped', data: { what: 'x' } } })
    await tx.collection('log').add({ data: { data: { what: 'y' } } }).then(async ({ _id }) => {
      await tx.commit()
      expect((await db.collection('log').doc(_id).get()).data).toEqual({ _id, data: { what: 'y' } })
    })
    expect((await db.collection('log').doc('wrapped').get()).data).toEqual({ _id: 'wrapped', data: { what: 'x' } })
  })

  it('refuses serverDate anywhere in a transaction write, nested in arrays and commands too', async () => {
    const tx = await db.startTransaction()
    const _ = db.command
    await expect(tx.collection('log').add({ data: { at: [{ when: db.serverDate() }] } })).rejects.toThrow(/serverDate/)
    await expect(tx.collection('acct').doc('a').update({ data: { at: _.set({ when: db.serverDate() }) } })).rejects.toThrow(/serverDate/)
    await tx.rollback()
  })

  it('accepts the node SDK argument shape (fields without {data})', async () => {
    const tx = await db.startTransaction()
    await tx.collection('acct').doc('a').update({ amount: 1 })
    await tx.collection('acct').add({ _id: 'c', amount: 3 })
    await tx.commit()
    expect(await amount('a')).toBe(1)
    expect(await amount('c')).toBe(3)
  })

  it('set replaces or creates (upserted), delete/remove removes, get of a missing doc is null', async () => {
    const tx = await db.startTransaction()
    const r1 = await tx.collection('acct').doc('a').set({ data: { amount: 7 } })
    expect(r1.updated).toBe(1)
    const r2 = await tx.collection('acct').doc('z').set({ data: { amount: 8 } })
    expect(r2.upserted).toEqual([{ _id: 'z' }])
    // As wx-server-sdk answers a transaction's set(): created stays 0 (it reads upsertedId).
    expect(r2.stats).toEqual({ updated: 0, created: 0 })
    expect(r1.stats).toEqual({ updated: 1, created: 0 })
    expect((await tx.collection('acct').doc('b').delete()).deleted).toBe(1)
    expect((await tx.collection('acct').doc('b').get()).data).toBeNull()
    expect((await tx.collection('acct').doc('nope').get()).data).toBeNull()
    await tx.commit()
    expect((await db.collection('acct').doc('a').get()).data).toEqual({ _id: 'a', amount: 7 })
    expect(await amount('z')).toBe(8)
    expect((await db.collection('acct').doc('b').get()).data).toBeNull()
  })

  it('set with _id in the data is refused', async () => {
    const tx = await db.startTransaction()
    await expect(tx.collection('acct').doc('a').set({ data: { _id: 'a', amount: 1 } })).rejects.toMatchObject({ errCode: -501007 })
  })

  it('set/update data the SDK refuses (not a non-empty object: -1; an own _id: -501007; set with update commands: -502001) leaves the transaction open', async () => {
    const tx = await db.startTransaction()
    const doc = tx.collection('acct').doc('a') as unknown as { set(a?: unknown): Promise<unknown>; update(a?: unknown): Promise<unknown> }
    for (const bad of [undefined, [1], 'x', new Date(0), { data: [1] }, { data: 'x' }, { data: new Date(0) }, { data: undefined }, { data: {} }]) {
      await expect(doc.set(bad)).rejects.toMatchObject({ errCode: -1 })
      await expect(doc.update(bad)).rejects.toMatchObject({ errCode: -1 })
    }
    await expect(doc.update({ data: { _id: undefined, amount: 2 } })).rejects.toMatchObject({ errCode: -501007 })
    // set() with an update command is refused by the SDK too (-502001, as outside a transaction).
    await expect(doc.set({ data: { amount: db.command.inc(1) } })).rejects.toMatchObject({ errCode: -502001 })
    await expect(doc.set({ data: { deep: [{ n: db.command.inc(1) }] } })).rejects.toMatchObject({ errCode: -502001 })
    // Nothing was sent: the transaction is still open and commits.
    await doc.update({ data: { amount: 5 } })
    await tx.commit()
    expect(await amount('a')).toBe(5)
  })

  it('add of an existing _id fails with duplicate key', async () => {
    const tx = await db.startTransaction()
    await expect(tx.collection('acct').add({ data: { _id: 'a' } })).rejects.toThrow(/duplicate key/)
  })

  it('stores Date and Geo values and reads them back as Date and Geo.Point', async () => {
    const at = new Date(1_700_000_000_000)
    await db.runTransaction(async (tx) => {
      await tx.collection('places').add({ data: { _id: 'p', at, where: new db.Geo.Point(113.3, 23.1) } })
      const own = (await tx.collection('places').doc('p').get()).data!
      expect(own.where).toBeInstanceOf(db.Geo.Point)
    })
    const tx = await db.startTransaction()
    const d = (await tx.collection('places').doc('p').get()).data!
    expect(d.at).toEqual(at)
    expect(d.where).toBeInstanceOf(db.Geo.Point)
    expect([d.where.longitude, d.where.latitude]).toEqual([113.3, 23.1])
  })

  it('with throwOnNotFound (the default) a missing doc rejects', async () => {
    const strict = createDatabase()
    const tx = await strict.startTransaction()
    await expect(tx.collection('acct').doc('nope').get()).rejects.toMatchObject({ errCode: -1, errMsg: expect.stringMatching(/cannot find document with _id nope/) })
  })

  it('rollback discards every write', async () => {
    const tx = await db.startTransaction()
    await tx.collection('acct').doc('a').remove()
    await tx.collection('acct').doc('b').update({ data: { amount: 5 } })
    expect(typeof (await tx.rollback()).requestId).toBe('string')
    expect(await amount('a')).toBe(100)
    expect(await amount('b')).toBe(0)
  })

  it('after commit or rollback, any operation rejects with DATABASE_TRANSACTION_FAIL', async () => {
    const tx = await db.startTransaction()
    await tx.commit()
    await expect(tx.collection('acct').doc('a').set({ data: { amount: 1 } })).rejects.toMatchObject({ code: TX_FAIL })
    await expect(tx.commit()).rejects.toMatchObject({ code: TX_FAIL })
  })

  it('an open transaction is dropped after 30 s', async () => {
    vi.useFakeTimers()
    const tx = await db.startTransaction()
    await tx.collection('acct').doc('a').update({ data: { amount: 1 } })
    vi.advanceTimersByTime(TRANSACTION_TTL_MS + 1)
    await expect(tx.commit()).rejects.toMatchObject({ code: TX_FAIL })
    vi.useRealTimers()
    // its claim on 'a' is gone: another transaction may write it
    await db.runTransaction(async (t) => {
      await t.collection('acct').doc('a').update({ data: { amount: 2 } })
    })
    expect(await amount('a')).toBe(2)
  })
})

describe('snapshot and conflicts', () => {
  it('reads see the snapshot taken at the first operation', async () => {
    const tx = await db.startTransaction()
    await tx.collection('acct').doc('a').get()
    await db.collection('acct').doc('a').set({ data: { amount: -1 } })
    await db.collection('acct').doc('b').set({ data: { amount: -2 } })
    await db.collection('acct').doc('new').set({ data: { amount: -3 } })
    expect((await tx.collection('acct').doc('a').get()).data).toEqual({ _id: 'a', amount: 100, tags: ['x'] })
    expect((await tx.collection('acct').doc('b').get()).data).toEqual({ _id: 'b', amount: 0 })
    expect((await tx.collection('acct').doc('new').get()).data).toBeNull()
  })

  it('writing a document changed outside after the snapshot is a conflict', async () => {
    const tx = await db.startTransaction()
    await tx.collection('acct').doc('a').get()
    await db.collection('acct').doc('a').update({ data: { amount: 1 } })
    await expect(tx.collection('acct').doc('a').update({ data: { amount: 2 } })).rejects.toMatchObject({ code: TX_CONFLICT })
    // the conflict aborted the transaction
    await expect(tx.commit()).rejects.toMatchObject({ code: TX_FAIL })
    expect(await amount('a')).toBe(1)
  })

  it('two transactions writing one document: the second writer is aborted, the first commits', async () => {
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    const seen = (await t1.collection('acct').doc('a').get()).data!
    await t2.collection('acct').doc('a').update({ data: { amount: 50 } })
    await expect(t1.collection('acct').doc('a').update({ data: { amount: seen.amount + 1 } })).rejects.toMatchObject({ code: TX_CONFLICT })
    await t2.commit()
    expect(await amount('a')).toBe(50)
  })

  it('a plain write that lands between a transaction write and its commit aborts the commit', async () => {
    const tx = await db.startTransaction()
    await tx.collection('acct').doc('a').update({ data: { amount: 1 } })
    await db.collection('acct').doc('a').update({ data: { amount: 2 } })
    await expect(tx.commit()).rejects.toMatchObject({ code: TX_CONFLICT })
    expect(await amount('a')).toBe(2)
  })

  it('write skew on different documents is allowed (snapshot isolation)', async () => {
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    const a = (await t1.collection('acct').doc('a').get()).data!
    const b = (await t2.collection('acct').doc('b').get()).data!
    await t1.collection('acct').doc('b').update({ data: { amount: a.amount } })
    await t2.collection('acct').doc('a').update({ data: { amount: b.amount } })
    await t1.commit()
    await t2.commit()
    expect([await amount('a'), await amount('b')]).toEqual([0, 100])
  })
})

describe('runTransaction', () => {
  it('commits when the callback resolves and returns its value', async () => {
    const r = await db.runTransaction(async (tx) => {
      await tx.collection('acct').doc('a').update({ data: { amount: db.command.inc(-1) } })
      return 'done'
    })
    expect(r).toBe('done')
    expect(await amount('a')).toBe(99)
  })

  it('rejects with the value given to rollback() and writes nothing', async () => {
    await expect(
      db.runTransaction(async (tx) => {
        await tx.collection('acct').doc('a').update({ data: { amount: 0 } })
        await tx.rollback(-100)
      }),
    ).rejects.toBe(-100)
    expect(await amount('a')).toBe(100)
  })

  it('an error thrown by the callback rolls back and is not retried', async () => {
    let runs = 0
    await expect(
      db.runTransaction(async (tx) => {
        runs++
        await tx.collection('acct').doc('a').update({ data: { amount: 0 } })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(runs).toBe(1)
    expect(await amount('a')).toBe(100)
  })

  it('retries on conflict: concurrent increments all land exactly once', async () => {
    let runs = 0
    const n = 12
    await Promise.all(
      Array.from({ length: n }, () =>
        db.runTransaction(async (tx) => {
          runs++
          const cur = (await tx.collection('acct').doc('b').get()).data!
          await new Promise((r) => setTimeout(r, 1))
          await tx.collection('acct').doc('b').update({ data: { amount: cur.amount + 1 } })
          await tx.collection('acct').doc('a').update({ data: { amount: db.command.inc(-1) } })
        }, 100),
      ),
    )
    expect(await amount('b')).toBe(n)
    expect(await amount('a')).toBe(100 - n)
    expect(runs).toBeGreaterThan(n) // some runs conflicted and were run again
  })

  it('gives up after `times` re-runs with the conflict error (the SDK: times + 1 runs in all)', async () => {
    let runs = 0
    await expect(
      db.runTransaction(async (tx) => {
        runs++
        await tx.collection('acct').doc('a').get()
        await db.collection('acct').doc('a').update({ data: { amount: db.command.inc(1) } }) // someone else
        await tx.collection('acct').doc('a').update({ data: { amount: 0 } })
      }, 2),
    ).rejects.toMatchObject({ code: TX_CONFLICT })
    expect(runs).toBe(3)
    // anything carrying the conflict code is retried, as the SDK checks only `code`
    runs = 0
    await expect(db.runTransaction(async () => { runs++; throw { code: TX_CONFLICT } }, 1)).rejects.toEqual({ code: TX_CONFLICT })
    expect(runs).toBe(2)
  })
})

describe('atomic commit', () => {
  it('a unique-index violation in one collection leaves every collection untouched', async () => {
    await db.ensureIndexes([{ collection: 'users', fields: ['phone'], unique: true }])
    await db.collection('users').add({ data: { _id: 'u1', phone: '1' } })
    const tx = await db.startTransaction()
    await tx.collection('acct').doc('a').update({ data: { amount: 0 } })
    await tx.collection('users').add({ data: { _id: 'u2', phone: '1' } })
    await expect(tx.commit()).rejects.toThrow(/duplicate key/)
    expect(await amount('a')).toBe(100)
    expect((await db.collection('users').count()).total).toBe(1)
  })
})

describe('durability', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridlink-tx-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a commit journaled but not yet appended to the datafiles is completed at the next load', async () => {
    const db1 = createDatabase({ dir })
    await db1.collection('x').add({ data: { _id: 'k', v: 0 } })
    await db1.collection('y').add({ data: { _id: 'k', v: 0 } })
    // simulate a crash right after the journal line: the datafile appends never happen
    const spy = vi.spyOn(CollectionStore.prototype, 'persistLines').mockImplementation(async () => {
      throw new Error('process died')
    })
    try {
      await expect(
        db1.runTransaction(async (tx) => {
          await tx.collection('x').doc('k').update({ data: { v: 1 } })
          await tx.collection('y').doc('k').update({ data: { v: 1 } })
          await tx.collection('y').add({ data: { _id: 'n', at: new Date(5) } })
        }),
      ).rejects.toThrow('process died')
    } finally {
      spy.mockRestore()
    }
    expect(existsSync(join(dir, '_transactions.journal'))).toBe(true)
    // the process "dies" here: db1 is abandoned, not closed
    const db2 = createDatabase({ dir })
    expect((await db2.collection('x').doc('k').get()).data.v).toBe(1)
    expect((await db2.collection('y').doc('k').get()).data.v).toBe(1)
    expect((await db2.collection('y').doc('n').get()).data.at).toEqual(new Date(5))
    expect(existsSync(join(dir, '_transactions.journal'))).toBe(false)
    await db2.close()
  })

  it('kill -9 during transactions: every acknowledged commit is whole, no commit is half there', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'kill9-tx-child.ts'), dir], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let acked = 0
    let buf = ''
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<NodeJS.Signals | number | null>((res) => child.on('close', (code, sig) => res(sig ?? code)))
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      const parts = buf.split('\n')
      buf = parts.pop()!
      for (const p of parts) acked = Math.max(acked, Number(p))
      if (acked >= 300 && !child.killed) child.kill('SIGKILL')
    })
    expect(await exited, stderr).toBe('SIGKILL')
    let gone = false
    try {
      process.kill(child.pid!, 0)
    } catch {
      gone = true
    }
    expect(gone).toBe(true)

    const db2 = createDatabase({ dir })
    const a = (await db2.collection('left').doc('n').get()).data.n
    const b = (await db2.collection('right').doc('n').get()).data.n
    const logs = (await db2.collection('log').count()).total
    expect(a).toBe(b) // both documents of each commit, or neither
    expect(logs).toBe(a) // and the third write of the same commit
    expect(a).toBeGreaterThanOrEqual(acked) // every acknowledged commit is there
    expect(a - acked).toBeLessThanOrEqual(1) // at most the one in flight
    await db2.close()
  }, 30_000)
})
