// field() projections, applied as MongoDB's find() applies them (under CloudBase), compiled once per
// query: inclusions and exclusions of (dotted) paths, and the projection operators `$slice` and
// `$elemMatch` (`_.project.slice` / `_.project.elemMatch`).
//
// - A projection including any field (`1`/`true`, `$elemMatch` or an expression) returns those
//   fields and `_id` (unless `_id: false`); otherwise every field but the excluded ones. `$slice`
//   is neither: alone or beside exclusions every other field is kept, beside inclusions only those.
// - Inclusion and exclusion of fields other than `_id` cannot be mixed; two paths where one is
//   inside the other collide. The server refuses both (-502001).
// - A dotted path walks into documents, also inside arrays: `{'a.b': 1}` keeps `b` of each document
//   element of `a` and drops the other elements; `{'a.b': 0}` removes `b` and keeps them.
// - `$elemMatch` (top-level fields only) keeps the first element that matches, as a one-element
//   array, and leaves the field out when none does.
// Fields come out in the document's order.

import { evalExpr } from 'mingo/core'
import type { Options } from 'mingo/types'
import { ProjectionOperator } from './commands'
import { ERR, fail } from './errors'
import { CONTEXT, elementMatcher } from './operators'
import { elemMatchBody, isPlainObject, resolveValue, type Doc } from './translate'

type Slice = number | [number, number]

type Node =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; slice: Slice }
  | { kind: 'elemMatch'; test: (el: unknown) => boolean }
  | { kind: 'expr'; expr: unknown }
  | { kind: 'tree'; children: Map<string, Node> }

const EXPR_OPTIONS = { context: CONTEXT } as unknown as Options

/** Compile a field() argument (as given to the SDK) into a function projecting one document. */
export function compileProjection(projection: Record<string, unknown>, api: string, now = Date.now()): (doc: Doc) => Doc {
  const root = new Map<string, Node>()
  let including: string | undefined
  let excluding: string | undefined
  let idNode: Node | undefined
  for (const [path, raw] of Object.entries(projection)) {
    const node = leafOf(raw, api, now)
    if (!node) continue
    if (path === '_id') {
      idNode = node
      if (node.kind === 'include' || node.kind === 'exclude') continue
    }
    if (node.kind === 'exclude') excluding ??= path
    else if (node.kind !== 'slice') including ??= path
    if (node.kind === 'elemMatch' && path.includes('.')) {
      throw fail(api, ERR.REQUEST_FAILED, `database request fail. Cannot use $elemMatch projection on a nested field: ${path}`)
    }
    place(root, path.split('.'), node, path, api)
  }
  if (including !== undefined && excluding !== undefined) {
    throw fail(api, ERR.REQUEST_FAILED, `database request fail. Cannot do exclusion on field ${excluding} in inclusion projection`)
  }
  // `{_id: 1}` alone returns only _id; `{}`, `{_id: 0}` or slices alone return every other field.
  const inclusion = including !== undefined || (idNode?.kind === 'include' && root.size === 0)
  const keepId = idNode?.kind !== 'exclude'
  if (root.size === 0 && !inclusion && keepId) return (doc) => doc
  return inclusion
    ? (doc) => {
        const out = include(doc, root, doc) as Doc
        if (keepId && '_id' in doc && !root.has('_id')) return { _id: doc._id, ...out }
        return out
      }
    : (doc) => {
        const out = exclude(doc, root, doc) as Doc
        if (!keepId) delete out._id
        return out
      }
}

/** What a projection value asks for; undefined for what the SDK drops (strings, undefined, …). */
function leafOf(v: unknown, api: string, now: number): Node | undefined {
  // The SDK sends true/false as 1/0, and a number as 1 when positive, else 0.
  if (typeof v === 'boolean') return { kind: v ? 'include' : 'exclude' }
  if (typeof v === 'number') return { kind: v > 0 ? 'include' : 'exclude' }
  let op: ProjectionOperator | undefined
  if (v instanceof ProjectionOperator) op = v
  else if (isPlainObject(v) && Object.keys(v).length === 1 && ('$slice' in v || '$elemMatch' in v)) {
    op = '$slice' in v ? new ProjectionOperator('slice', v.$slice) : new ProjectionOperator('elemMatch', v.$elemMatch)
  }
  if (op?.op === 'slice') {
    const s = op.value
    const ok = Number.isInteger(s) || (Array.isArray(s) && s.length === 2 && Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[1] > 0)
    if (!ok) throw fail(api, ERR.INVALID_PARAM, 'project.slice takes n or [skip, n]')
    return { kind: 'slice', slice: s as Slice }
  }
  if (op?.op === 'elemMatch') return { kind: 'elemMatch', test: elementMatcher(elemMatchBody(op.value, now, api), EXPR_OPTIONS) }
  if (v !== null && typeof v === 'object') return { kind: 'expr', expr: resolveValue(v, now, api) }
  return undefined
}

function place(tree: Map<string, Node>, parts: string[], node: Node, path: string, api: string) {
  const [head, ...rest] = parts
  const cur = tree.get(head)
  if (!rest.length) {
    if (cur) throw collision(path, api)
    tree.set(head, node)
    return
  }
  if (cur && cur.kind !== 'tree') throw collision(path, api)
  let sub = cur
  if (!sub) tree.set(head, (sub = { kind: 'tree', children: new Map() }))
  place(sub.children, rest, node, path, api)
}

const collision = (path: string, api: string) => fail(api, ERR.REQUEST_FAILED, `database request fail. Path collision at ${path}`)

/** Inclusion: only the listed paths. Undefined when nothing of `v` is kept (a scalar under a dotted path). */
function include(v: unknown, tree: Map<string, Node>, root: Doc): unknown {
  if (Array.isArray(v)) return v.map((el) => include(el, tree, root)).filter((x) => x !== undefined)
  if (!isDocument(v)) return undefined
  const out: Doc = {}
  for (const k of Object.keys(v)) {
    const node = tree.get(k)
    if (!node || node.kind === 'expr') continue
    const x = apply(node, v[k], root, include)
    if (x !== undefined) out[k] = x
  }
  // Computed fields come after the document's own.
  for (const [k, node] of tree) if (node.kind === 'expr') out[k] = evalExpr(root, node.expr, EXPR_OPTIONS) ?? null
  return out
}

/** Exclusion (and slices alone): everything but the listed paths. */
function exclude(v: unknown, tree: Map<string, Node>, root: Doc): unknown {
  if (Array.isArray(v)) return v.map((el) => exclude(el, tree, root))
  if (!isDocument(v)) return v
  const out: Doc = {}
  for (const k of Object.keys(v)) {
    const node = tree.get(k)
    const x = node ? apply(node, v[k], root, exclude) : v[k]
    if (x !== undefined) out[k] = x
  }
  return out
}

function apply(node: Node, v: unknown, root: Doc, walk: typeof include): unknown {
  switch (node.kind) {
    case 'include': return v
    case 'exclude': return undefined
    case 'slice': return Array.isArray(v) ? slice(v, node.slice) : v
    case 'elemMatch': {
      if (!Array.isArray(v)) return undefined
      const hit = v.find(node.test)
      return hit === undefined ? undefined : [hit]
    }
    case 'tree': return walk(v, node.children, root)
    case 'expr': return evalExpr(root, node.expr, EXPR_OPTIONS) ?? null
  }
}

/** `$slice`: the first n, the last -n, or [skip, n] (a negative skip counts from the end). */
function slice(arr: unknown[], s: Slice): unknown[] {
  if (typeof s === 'number') return s >= 0 ? arr.slice(0, s) : arr.slice(s)
  const start = s[0] < 0 ? Math.max(0, arr.length + s[0]) : s[0]
  return arr.slice(start, start + s[1])
}

const isDocument = (v: unknown): v is Doc => Object.prototype.toString.call(v) === '[object Object]'
