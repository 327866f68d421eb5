// Applies mongo update modifiers (the subset the cloud SDK can produce) in place.
// Hand-written rather than mingo's updater: that one rebuilds its operator context on
// every call (~80 µs), which dominated the cost of a single-document update.

import { Query as MingoQuery } from './operators'
import { ERR, fail } from './errors'
import { isDate, isPlainObject, type Doc, type Modifier } from './translate'

const SUPPORTED = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll', '$addToSet', '$pop',
])

/** Validate a modifier once per call: known operators and no conflicting paths. */
export function checkModifier(mod: Modifier, api: string): void {
  const paths: string[] = []
  for (const op of Object.keys(mod)) {
    if (!SUPPORTED.has(op)) throw fail(api, ERR.REQUEST_FAILED, `unsupported update operator ${op}`)
    for (const p of Object.keys(mod[op])) {
      paths.push(p)
      if (op === '$rename') paths.push(mod[op][p])
    }
  }
  const sorted = paths.sort()
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]
    const b = sorted[i]
    if (a === b || b.startsWith(a + '.')) {
      throw fail(api, ERR.REQUEST_FAILED, `updating the path '${b}' would create a conflict at '${a}'`)
    }
  }
}

/** Apply `mod` to `doc` in place; returns whether anything changed. */
export function applyModifier(doc: Doc, mod: Modifier, api: string): boolean {
  let changed = false
  for (const op of Object.keys(mod)) {
    const fields = mod[op]
    for (const path of Object.keys(fields)) {
      if (applyOne(doc, op, path, fields[path], api)) changed = true
    }
  }
  return changed
}

function applyOne(doc: Doc, op: string, path: string, arg: any, api: string): boolean {
  const parts = path.split('.')
  const key = parts[parts.length - 1]
  if (op === '$unset') {
    const parent = resolveParent(doc, parts, false, api)
    if (!parent || !(key in parent)) return false
    if (Array.isArray(parent)) parent[Number(key)] = null // mongo keeps array positions
    else delete parent[key]
    return true
  }
  if (op === '$rename') {
    // MongoDB refuses a source or destination inside an array ('The source field cannot be an
    // array element'), where the path would otherwise address an array's element by index.
    const toParts = String(arg).split('.')
    noArrayOnPath(doc, parts, 'source', api)
    const parent = resolveParent(doc, parts, false, api)
    if (!parent || !(key in parent)) return false
    noArrayOnPath(doc, toParts, 'destination', api)
    const value = parent[key]
    delete parent[key]
    resolveParent(doc, toParts, true, api)![toParts[toParts.length - 1]] = value
    return true
  }
  const parent = resolveParent(doc, parts, true, api)!
  const exists = key in parent
  const cur = parent[key]
  const set = (v: unknown) => {
    parent[key] = v
    return true
  }
  switch (op) {
    case '$set':
      return exists && deepEqual(cur, arg) ? false : set(arg)
    case '$inc':
    case '$mul': {
      if (exists && typeof cur !== 'number') throw fail(api, ERR.REQUEST_FAILED, `cannot apply ${op} to non-numeric field '${path}'`)
      const next = op === '$inc' ? (exists ? cur : 0) + arg : (exists ? cur : 0) * arg
      return exists && next === cur ? false : set(next)
    }
    case '$min':
    case '$max': {
      if (!exists) return set(arg)
      const c = compareValues(arg, cur)
      return (op === '$min' ? c < 0 : c > 0) ? set(arg) : false
    }
    case '$push': {
      const arr = arrayAt(parent, key, path, op, api, true)
      const each: unknown[] = arg.$each
      let pos: number = arg.$position ?? arr.length
      if (pos < 0) pos = Math.max(0, arr.length + pos)
      arr.splice(Math.min(pos, arr.length), 0, ...each)
      if (arg.$sort !== undefined) arr.sort(sortComparator(arg.$sort))
      if (typeof arg.$slice === 'number') {
        const kept = arg.$slice >= 0 ? arr.slice(0, arg.$slice) : arr.slice(arg.$slice)
        arr.length = 0
        arr.push(...kept)
      }
      return true
    }
    case '$addToSet': {
      const arr = arrayAt(parent, key, path, op, api, true)
      const values: unknown[] = isPlainObject(arg) && Array.isArray(arg.$each) ? arg.$each : [arg]
      let added = !exists
      for (const v of values) {
        if (!arr.some((x) => deepEqual(x, v))) {
          arr.push(v)
          added = true
        }
      }
      return added
    }
    case '$pull':
    case '$pullAll': {
      if (!exists) return false
      const arr = arrayAt(parent, key, path, op, api, false)
      const matches = op === '$pullAll' ? (x: unknown) => (arg as unknown[]).some((v) => deepEqual(x, v)) : pullMatcher(arg)
      const kept = arr.filter((x) => !matches(x))
      if (kept.length === arr.length) return false
      return set(kept)
    }
    case '$pop': {
      if (!exists) return false
      const arr = arrayAt(parent, key, path, op, api, false)
      if (arr.length === 0) return false
      if (arg === 1) arr.pop()
      else arr.shift()
      return true
    }
  }
  throw fail(api, ERR.REQUEST_FAILED, `unsupported update operator ${op}`)
}

/** Walk to the container of the last path segment, creating objects if asked. */
function resolveParent(doc: Doc, parts: string[], create: boolean, api: string): any {
  let node: any = doc
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]
    let next = Array.isArray(node) ? (isIndex(p) ? node[Number(p)] : undefined) : node[p]
    if (Array.isArray(node) && !isIndex(p)) {
      throw fail(api, ERR.REQUEST_FAILED, `cannot use the part '${p}' to traverse an array in '${parts.join('.')}'`)
    }
    if (next === null && create) {
      // MongoDB creates missing parents, not ones that hold null.
      throw fail(api, ERR.REQUEST_FAILED, `cannot create field '${parts[i + 1]}' in element {${p}: null}`)
    }
    if (next === undefined || next === null) {
      if (!create) return undefined
      next = {}
      node[p] = next
    } else if (typeof next !== 'object' || isDate(next)) {
      throw fail(api, ERR.REQUEST_FAILED, `cannot create field '${parts[i + 1]}' in element {${p}: ${JSON.stringify(next)}}`)
    }
    node = next
  }
  if (Array.isArray(node) && !isIndex(parts[parts.length - 1])) {
    throw fail(api, ERR.REQUEST_FAILED, `cannot use the part '${parts[parts.length - 1]}' to traverse an array`)
  }
  return node
}

const isIndex = (p: string) => /^\d+$/.test(p)

function noArrayOnPath(doc: Doc, parts: string[], which: string, api: string): void {
  let node: any = doc
  for (let i = 0; i < parts.length - 1 && node !== null && typeof node === 'object'; i++) {
    node = node[parts[i]]
    if (Array.isArray(node)) {
      throw fail(api, ERR.REQUEST_FAILED, `The ${which} field cannot be an array element, '${parts.join('.')}' has an array at '${parts.slice(0, i + 1).join('.')}'`)
    }
  }
}

function arrayAt(parent: any, key: string, path: string, op: string, api: string, create: boolean): unknown[] {
  if (!(key in parent) || parent[key] === undefined) {
    if (!create) return []
    parent[key] = []
  }
  const arr = parent[key]
  if (!Array.isArray(arr)) throw fail(api, ERR.REQUEST_FAILED, `cannot apply ${op} to non-array field '${path}'`)
  return arr
}

// $pull takes a value (exact match), an operator expression on scalars ({$gt: 1})
// or a query applied to each element as if it were a document.
function pullMatcher(cond: unknown): (x: unknown) => boolean {
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond)
    if (keys.length && keys.every((k) => k[0] === '$')) {
      const q = new MingoQuery({ v: cond })
      return (x) => q.test({ v: x })
    }
    const q = new MingoQuery(cond)
    return (x) => isPlainObject(x) && q.test(x)
  }
  return (x) => deepEqual(x, cond)
}

function sortComparator(spec: unknown): (a: any, b: any) => number {
  if (spec === 1 || spec === -1) return (a, b) => (spec as number) * compareValues(a, b)
  const fields = Object.entries(spec as Record<string, number>)
  return (a, b) => {
    for (const [f, dir] of fields) {
      const c = compareValues(getPath(a, f), getPath(b, f))
      if (c) return dir * c
    }
    return 0
  }
}

const getPath = (v: any, path: string) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), v)

// BSON comparison order for the types we store.
function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1
  if (typeof v === 'number') return 2
  if (typeof v === 'string') return 3
  if (Array.isArray(v)) return 5
  if (typeof v === 'boolean') return 8
  if (isDate(v)) return 9
  return 4
}

export function compareValues(a: any, b: any): number {
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  if (ra === 9) return Math.sign(a.getTime() - b.getTime())
  if (ra === 2 || ra === 3 || ra === 8) return a < b ? -1 : a > b ? 1 : 0
  if (ra === 5) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i])
      if (c) return c
    }
    return Math.sign(a.length - b.length)
  }
  if (ra === 4) {
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1
      const c = compareValues(a[ka[i]], b[kb[i]])
      if (c) return c
    }
    return Math.sign(ka.length - kb.length)
  }
  return 0
}

export function deepEqual(a: any, b: any): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime()
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]))
}
