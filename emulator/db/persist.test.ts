import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase, DatabaseError } from './index'

const here = dirname(fileURLToPath(import.meta.url))
const projectRoot = resolve(here, '../..')

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridlink-db-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean)

describe('persistence', () => {
  it('reloads documents, Dates, updates, removals and indexes from the directory', async () => {
    const at = new Date('2024-06-01T08:00:00.000Z')
    const db1 = createDatabase({ dir })
    await db1.ensureIndexes([{ collection: 'users', fields: ['phone'], unique: true }])
    const users = db1.collection('users')
    await users.add({ data: { _id: 'u1', phone: '1', at, nested: { list: [{ when: at }] } } })
    await users.add({ data: { _id: 'u2', phone: '2', n: 1 } })
    await users.add({ data: { _id: 'u3', phone: '3' } })
    await users.doc('u2').update({ data: { n: db1.command.inc(41), seen: db1.serverDate() } })
    await users.doc('u3').remove()
    await db1.collection('logs').add({ data: { msg: 'hi' } })
    await db1.close()

    const db2 = createDatabase({ dir })
    expect(await db2.collectionNames()).toEqual(['logs', 'users'])
    const u1 = (await db2.collection('users').doc('u1').get()).data
    expect(u1.at).toBeInstanceOf(Date)
    expect(u1.at.getTime()).toBe(at.getTime())
    expect(u1.nested.list[0].when).toBeInstanceOf(Date)
    const u2 = (await db2.collection('users').doc('u2').get()).data
    expect(u2.n).toBe(42)
    expect(u2.seen).toBeInstanceOf(Date)
    await expect(db2.collection('users').doc('u3').get()).rejects.toBeInstanceOf(DatabaseError)
    // the unique index was persisted with the data
    await expect(db2.collection('users').add({ data: { phone: '1' } })).rejects.toThrow(/duplicate key/)
    expect((await db2.collection('logs').count()).total).toBe(1)
    await db2.close()
  })

  it('compacts the append-only datafile on load', async () => {
    const db1 = createDatabase({ dir })
    const c = db1.collection('ctr')
    await c.add({ data: { _id: 'n', v: 0 } })
    for (let i = 0; i < 20; i++) await c.doc('n').update({ data: { v: db1.command.inc(1) } })
    await db1.close()
    expect(lines(join(dir, 'ctr.db')).length).toBeGreaterThan(20)

    const db2 = createDatabase({ dir })
    expect((await db2.collection('ctr').doc('n').get()).data.v).toBe(20)
    expect(lines(join(dir, 'ctr.db'))).toHaveLength(1)
    await db2.close()
  })

  it('ignores a partial last line left by a crash in the middle of an append', async () => {
    const db1 = createDatabase({ dir })
    await db1.collection('p').add({ data: [{ _id: 'a' }, { _id: 'b' }] })
    await db1.close()
    appendFileSync(join(dir, 'p.db'), '{"_id":"c","half":')
    const db2 = createDatabase({ dir })
    expect((await db2.collection('p').get()).data.map((d) => d._id)).toEqual(['a', 'b'])
    await db2.collection('p').add({ data: { _id: 'd' } })
    await db2.close()
    const db3 = createDatabase({ dir })
    expect((await db3.collection('p').count()).total).toBe(3)
    await db3.close()
  })

  it('compare-and-set stays atomic with file appends in the critical section', async () => {
    const db = createDatabase({ dir })
    const c = db.collection('cas')
    await c.add({ data: { _id: 'x', version: 3 } })
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => c.where({ _id: 'x', version: 3 }).update({ data: { version: 4, by: i } })),
    )
    expect(rs.filter((r) => r.stats.updated === 1)).toHaveLength(1)
    await db.close()
  })

  it('drop() empties persisted collections', async () => {
    const db1 = createDatabase({ dir })
    await db1.collection('a').add({ data: { x: 1 } })
    await db1.close()
    const db2 = createDatabase({ dir })
    await db2.drop() // 'a' is only known from its datafile here
    await db2.close()
    const db3 = createDatabase({ dir })
    expect((await db3.collection('a').count()).total).toBe(0)
    await db3.close()
  })

  it('every acknowledged add survives kill -9 of the writing process', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'kill9-child.ts'), dir], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acked: string[] = []
    let buf = ''
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<NodeJS.Signals | number | null>((res) => child.on('close', (code, sig) => res(sig ?? code)))
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      const parts = buf.split('\n')
      buf = parts.pop()! // keep a partial line for later
      acked.push(...parts)
      if (acked.length >= 200 && !child.killed) child.kill('SIGKILL')
    })
    const how = await exited
    expect(how, stderr).toBe('SIGKILL')
    expect(acked.length).toBeGreaterThanOrEqual(200)

    const db = createDatabase({ dir })
    const c = db.collection('acks')
    const stored = new Set<string>()
    for (let skip = 0; ; skip += 1000) {
      const page = (await c.orderBy('i', 'asc').skip(skip).limit(1000).get()).data
      for (const d of page) stored.add(d._id)
      if (page.length < 1000) break
    }
    const missing = acked.filter((id) => !stored.has(id))
    expect(missing).toEqual([])
    // at most one write can have been in flight (not yet acknowledged) when killed
    expect(stored.size - acked.length).toBeLessThanOrEqual(1)
    await db.close()
  }, 20_000)
})
