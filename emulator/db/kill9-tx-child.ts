// Child process for the transaction kill -9 test (transaction.test.ts): commits, forever, a
// transaction that writes two collections and adds a log line; prints each acknowledged count.
import { createDatabase } from './index'

async function main() {
  const dir = process.argv[2]
  if (!dir) throw new Error('usage: kill9-tx-child.ts <dir>')
  const db = createDatabase({ dir })
  await db.collection('left').add({ data: { _id: 'n', n: 0 } })
  await db.collection('right').add({ data: { _id: 'n', n: 0 } })
  for (let i = 1; ; i++) {
    await db.runTransaction(async (tx) => {
      await tx.collection('left').doc('n').update({ data: { n: i } })
      await tx.collection('right').doc('n').update({ data: { n: i, payload: 'x'.repeat(64) } })
      await tx.collection('log').add({ data: { i, at: new Date() } })
    })
    process.stdout.write(`${i}\n`)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
