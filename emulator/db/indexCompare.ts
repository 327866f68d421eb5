// A faster comparator for NeDB's index trees, ordering exactly as NeDB's model.compareThings.
//
// Every write inserts its document into each index of its collection (items have eleven), and
// each insert compares its key O(log n) times. compareThings walks a chain of type checks per
// call, and for a compound key (an object {field: value, …}) sorts both key lists on every
// comparison. Here same-type strings, numbers and dates compare directly, compound keys reuse one
// sorted field list per key shape, and anything else goes to compareThings itself
// (indexCompare.test.ts checks that the signs agree).
import model from '@seald-io/nedb/lib/model.js'

const sortedKeys = new Map<string, string[]>()

const cmp = (x: number | string, y: number | string) => (x < y ? -1 : x > y ? 1 : 0)

function isPlainKey(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)
}

export function compareIndexKeys(a: unknown, b: unknown): number {
  const ta = typeof a
  if (ta === typeof b) {
    if (ta === 'string' || ta === 'number') return cmp(a as string, b as string)
    if (a instanceof Date && b instanceof Date) return cmp(a.getTime(), b.getTime())
    if (isPlainKey(a) && isPlainKey(b)) {
      const ka = Object.keys(a)
      const kb = Object.keys(b)
      if (ka.length === kb.length && ka.every((k, i) => k === kb[i])) {
        const shape = ka.join('\u0000')
        let order = sortedKeys.get(shape)
        if (!order) sortedKeys.set(shape, (order = [...ka].sort()))
        for (const k of order) {
          const c = compareIndexKeys(a[k], b[k])
          if (c !== 0) return c
        }
        return 0
      }
    }
  }
  return model.compareThings(a, b)
}

interface TreeNode {
  compareKeys: (a: unknown, b: unknown) => number
  left: TreeNode | null
  right: TreeNode | null
}

/** Makes an index (and every node its tree grows later) compare with compareIndexKeys. */
export function useFastIndexCompare(index: { treeOptions: { compareKeys: unknown }; tree: { tree: TreeNode } }): void {
  index.treeOptions.compareKeys = compareIndexKeys
  const stack: (TreeNode | null)[] = [index.tree.tree]
  while (stack.length) {
    const n = stack.pop()
    if (!n) continue
    n.compareKeys = compareIndexKeys // new nodes copy their parent's comparator
    stack.push(n.left, n.right)
  }
}
