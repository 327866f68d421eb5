// Child process for the kill -9 durability test (persist.test.ts):
// adds documents forever and prints each acknowledged _id on its own line.
import { createDatabase } from './index'

async function main() {
  const dir = process.argv[2]
  if (!dir) throw new Error('usage: kill9-child.ts <dir>')
  const c = createDatabase({ dir }).collection('acks')
  for (let i = 0; ; i++) {
    const { _id } = await c.add({ data: { i, at: new Date(), payload: { text: 'x'.repeat(64), list: [i, i + 1] } } })
    process.stdout.write(`${_id}\n`)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
