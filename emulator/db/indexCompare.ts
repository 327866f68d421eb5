// A faster comparator for NeDB's index trees, ordering exactly as NeDB's model.compareThings.
//
// Every write inserts its document into each index of its collection (items have eleven), and
// each insert compares its key O(log n) times. compareThings walks a chain of type checks per
// call, and for a compound key (an object {field: value, …}) sorts both key lists on every
// comparison. Here same-type strings, numbers and dates compare directly, a compound index walks
// its own sorted field list, and anything else goes to compareThings itself
// (indexCompare.test.ts checks that the signs agree).
import model from '@seald-io/nedb/lib/model.js'

const cmp = (x: number | string, y: number | string) => (x < y ? -1 : x > y ? 1 : 0)

/** Two scalar keys (or anything else, through compareThings). */
export function compareIndexKeys(a: unknown, b: unknown): number {
  const ta = typeof a
  if (ta === typeof b && (ta === 'string' || ta === 'number')) return cmp(a as string, b as string)
  if (a instanceof Date && b instanceof Date) return cmp(a.getTime(), b.getTime())
  return model.compareThings(a, b)
}

const isKeyObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)

/**
 * A compound index's keys are objects {field: value} over the index's fields, which NeDB keeps
 * sorted (`_fields`); compareThings compares them field by field in sorted key order, as here.
 */
function compoundCompare(fields: readonly string[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    if (!isKeyObject(a) || !isKeyObject(b)) return model.compareThings(a, b)
    for (const f of fields) {
      const c = compareIndexKeys(a[f], b[f])
      if (c !== 0) return c
    }
    return 0
  }
}

interface TreeNode {
  compareKeys: (a: unknown, b: unknown) => number
  left: TreeNode | null
  right: TreeNode | null
}

/** The comparators installed by useFastIndexCompare, so that a second call costs nothing. */
const installed = new WeakSet<object>()

/**
 * Makes an index (and every node its tree grows later) compare with the comparator for its keys.
 * The tree is walked once, when the comparator is installed; an index that has it already is left
 * alone, so ensureIndex on an existing index does not walk its tree again.
 */
export function useFastIndexCompare(index: { _fields: string[]; treeOptions: { compareKeys: unknown }; tree: { tree: TreeNode } }): void {
  const current = index.treeOptions.compareKeys
  if (typeof current === 'function' && installed.has(current)) return
  const compare = index._fields.length > 1 ? compoundCompare([...index._fields]) : compareIndexKeys
  installed.add(compare)
  index.treeOptions.compareKeys = compare
  const stack: (TreeNode | null)[] = [index.tree.tree]
  while (stack.length) {
    const n = stack.pop()
    if (!n) continue
    n.compareKeys = compare // new nodes copy their parent's comparator
    stack.push(n.left, n.right)
  }
}

interface PartialKeyIndex {
  _fields: string[]
  unique: boolean
  insert(doc: unknown): void
  remove(doc: unknown): void
  reset(newData?: unknown[]): void
}

/** Indexes whose documents with a missing field are left out (by skipPartialKeys). */
const skipping = new WeakSet<object>()

const missesAField = (doc: unknown, fields: readonly string[]) =>
  !Array.isArray(doc) && Object.values(model.getDotValues(doc, [...fields]) as Record<string, unknown>).some((v) => v === undefined)

/**
 * A non-unique compound index leaves out documents lacking any of its fields. NeDB keeps them all
 * under one key (a street's items without photosClosedAt, or without a lead), and it removes a
 * document from such a bucket with a linear filter on every update: the timer's sweep at 100k open
 * items of one street was ten times slower per due item than at 10k. Nothing is lost: the store
 * hints a compound index only with a concrete value (string, number, boolean or date) for every
 * field, which a document lacking one cannot equal. Answers whether the index was changed now.
 */
export function skipPartialKeys(index: PartialKeyIndex): boolean {
  if (index.unique || index._fields.length < 2 || skipping.has(index)) return false
  skipping.add(index)
  const fields = [...index._fields]
  const insert = index.insert.bind(index)
  const remove = index.remove.bind(index)
  index.insert = (doc) => (missesAField(doc, fields) ? undefined : insert(doc))
  index.remove = (doc) => (missesAField(doc, fields) ? undefined : remove(doc))
  return true
}
