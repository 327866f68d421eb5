import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Datastore from '@seald-io/nedb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installAppendLog, type AppendMode } from './appendLog'
import { createDatabase } from './index'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridlink-append-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean)

// Descriptors this process holds on `file`, including ones left on its unlinked old inode.
const hasProcFds = existsSync('/proc/self/fd')
function fdsOn(file: string): string[] {
  const out: string[] = []
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`)
      if (target === file || target === `${file} (deleted)`) out.push(target)
    } catch {
      // the descriptor closed while we looked
    }
  }
  return out
}

async function openStore(filename: string, mode?: AppendMode) {
  const ds = new Datastore({ filename, autoload: true })
  const log = installAppendLog(ds, mode)
  await ds.autoloadPromise
  return { ds, log }
}

describe('appendLog', () => {
  it('writes the same lines as NeDB’s own append path', async () => {
    const at = new Date('2024-06-01T08:00:00.000Z')
    const run = async (name: string, mode?: AppendMode) => {
      const file = join(dir, name)
      const { ds, log } = await openStore(file, mode)
      await ds.ensureIndexAsync({ fieldName: 'k' })
      await ds.insertAsync([{ _id: 'a', k: 1, at, nested: { list: [{ when: at }], s: 'é"\n' } }, { _id: 'b', k: 2 }])
      await ds.updateAsync({ _id: 'a' }, { $set: { k: 3 } })
      await ds.removeAsync({ _id: 'b' }, {})
      await log?.close()
      return { text: readFileSync(file, 'utf8'), log }
    }
    const kept = await run('kept.db', 'async')
    const onLoop = await run('sync.db', 'sync')
    const reopen = await run('reopen.db', 'reopen')
    expect(kept.log).not.toBeNull()
    expect(reopen.log).toBeNull() // GRIDLINK_DB_APPEND=reopen leaves NeDB untouched
    expect(kept.text).toBe(reopen.text)
    expect(onLoop.text).toBe(reopen.text)
    expect(kept.text.split('\n').filter(Boolean)).toHaveLength(5) // index + 2 inserts (one batch) + update + removal
  })

  it.skipIf(!hasProcFds)('keeps one descriptor open across writes and closes it on close', async () => {
    const file = join(dir, 'c.db')
    const { ds, log } = await openStore(file)
    expect(fdsOn(file)).toEqual([]) // opened lazily by the first append
    for (let i = 0; i < 20; i++) await ds.insertAsync({ i })
    expect(log!.isOpen).toBe(true)
    expect(fdsOn(file)).toEqual([file])
    expect(lines(file)).toHaveLength(20) // each acknowledged write is already in the file
    await log!.close()
    expect(log!.isOpen).toBe(false)
    expect(fdsOn(file)).toEqual([])
    // A straggler after close is still written, without keeping a descriptor.
    await ds.insertAsync({ i: 20 })
    expect(lines(file)).toHaveLength(21)
    expect(fdsOn(file)).toEqual([])
  })

  it('drops the handle on compaction so later writes land in the new file', async () => {
    const file = join(dir, 'k.db')
    const { ds, log } = await openStore(file)
    await ds.insertAsync({ _id: 'a', v: 1 })
    await ds.updateAsync({ _id: 'a' }, { $set: { v: 2 } })
    expect(log!.isOpen).toBe(true)
    await ds.compactDatafileAsync() // temp file renamed over the datafile
    expect(log!.isOpen).toBe(false)
    if (hasProcFds) expect(fdsOn(file)).toEqual([]) // nothing left on the unlinked old inode
    await ds.insertAsync({ _id: 'b', v: 1 })
    expect(lines(file).map((l) => JSON.parse(l)._id)).toEqual(['a', 'b'])
    await log!.close()

    const { ds: again, log: log2 } = await openStore(file)
    expect(await again.findAsync({}).sort({ _id: 1 })).toEqual([{ _id: 'a', v: 2 }, { _id: 'b', v: 1 }])
    await log2!.close()
  })

  it('through the database: reloads data written after load compaction and after drop()', async () => {
    const at = new Date('2024-06-01T08:00:00.000Z')
    const db1 = createDatabase({ dir })
    await db1.ensureIndexes([{ collection: 'items', fields: ['code'], unique: true }])
    const items = db1.collection('items')
    await items.add({ data: [{ _id: 'x', code: 'x', at }, { _id: 'y', code: 'y' }] })
    await items.doc('x').update({ data: { n: db1.command.inc(2) } })
    await items.doc('y').remove()
    await db1.close()
    if (hasProcFds) expect(fdsOn(join(dir, 'items.db'))).toEqual([])

    const db2 = createDatabase({ dir }) // load compacts (renames) the datafile
    await db2.collection('items').add({ data: { _id: 'z', code: 'z' } })
    const x = (await db2.collection('items').doc('x').get()).data
    expect(x.at.getTime()).toBe(at.getTime())
    expect(x.n).toBe(2)
    await db2.close()

    const db3 = createDatabase({ dir })
    const ids = (await db3.collection('items').get()).data.map((d) => d._id).sort()
    expect(ids).toEqual(['x', 'z'])
    await expect(db3.collection('items').add({ data: { code: 'x' } })).rejects.toThrow(/duplicate key/)
    await db3.drop() // clear() compacts: the next write must go to the new, empty file
    await db3.collection('items').add({ data: { _id: 'w', code: 'w' } })
    await db3.close()

    const db4 = createDatabase({ dir })
    expect((await db4.collection('items').get()).data.map((d) => d._id)).toEqual(['w'])
    await db4.close()
  })
})
