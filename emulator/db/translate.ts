// Translation of wx-server-sdk query conditions / update data into mongo-style
// queries (evaluated by mingo) and update modifiers (applied by mingo's updater).

import { DbRegExp, LogicCommand, QueryCommand, ServerDate, UpdateCommand } from './commands'
import { DatabaseError, ERR, fail } from './errors'
import { geoClause, isGeometry } from './geo'

export type Doc = Record<string, any>
export type MongoQuery = Record<string, any>
export type Modifier = Record<string, Record<string, any>>

const toStr = Object.prototype.toString
export const isDate = (v: unknown): v is Date => toStr.call(v) === '[object Date]'
export const isRegExp = (v: unknown): v is RegExp => toStr.call(v) === '[object RegExp]'

const isCommand = (v: unknown) =>
  v instanceof QueryCommand || v instanceof LogicCommand || v instanceof UpdateCommand

/** Plain data object (not an array, Date, RegExp or one of our marker objects). */
export function isPlainObject(v: unknown): v is Record<string, any> {
  return (
    v !== null && typeof v === 'object' && toStr.call(v) === '[object Object]' &&
    !isCommand(v) && !(v instanceof ServerDate) && !(v instanceof DbRegExp) && !isGeometry(v)
  )
}

/**
 * Deep-copy user data, resolving serverDate()/db.RegExp() and dropping undefined
 * object members (the cloud serialises through JSON-like EJSON). Commands are rejected:
 * they are only meaningful where translateUpdate / toMongoQuery handles them.
 */
export function resolveValue(v: any, now: number, api: string): any {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v
  if (isDate(v)) return new Date(v.getTime())
  if (v instanceof ServerDate) return new Date(now + v.offset)
  if (v instanceof DbRegExp) return v.toRegExp()
  if (isGeometry(v)) return v.toJSON() // stored as GeoJSON, as in the cloud
  if (isRegExp(v)) return v
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : resolveValue(x, now, api)))
  if (isCommand(v)) throw fail(api, ERR.INVALID_PARAM, `command ${(v as any).op} is not allowed here`)
  const out: Doc = {}
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue
    const x = v[k]
    if (x !== undefined) out[k] = resolveValue(x, now, api)
  }
  return out
}

// ---------------------------------------------------------------- queries

/** Translate a `where()` / `match()` condition into a mongo query. */
export function toMongoQuery(cond: unknown, now: number, api: string): MongoQuery {
  if (cond instanceof LogicCommand) {
    return { ['$' + cond.op]: cond.operands.map((o) => toMongoQuery(o, now, api)) }
  }
  if (cond instanceof QueryCommand) {
    if (cond.op === 'expr') return { $expr: resolveValue(cond.value, now, api) }
    throw fail(api, ERR.INVALID_PARAM, `query command ${cond.op} must be applied to a field`)
  }
  if (!isPlainObject(cond)) throw fail(api, ERR.INVALID_PARAM, 'query condition must be an object')
  const clauses: MongoQuery[] = []
  flattenCondition(cond, '', clauses, now, api)
  return mergeClauses(clauses)
}

// Nested plain objects mean dot paths ({a:{b:1}} => 'a.b' == 1), as in the cloud SDK.
function flattenCondition(obj: Doc, prefix: string, out: MongoQuery[], now: number, api: string) {
  for (const k of Object.keys(obj)) {
    const v = obj[k]
    if (v === undefined) continue
    if (!prefix && k[0] === '$') {
      // Raw top-level mongo operator ($or, $and, $expr ...): pass through.
      out.push({ [k]: resolveValue(v, now, api) })
      continue
    }
    fieldCondition(prefix ? `${prefix}.${k}` : k, v, out, now, api)
  }
}

function fieldCondition(path: string, v: unknown, out: MongoQuery[], now: number, api: string) {
  if (v instanceof QueryCommand) out.push(queryCommandClause(path, v, now, api))
  else if (v instanceof LogicCommand) {
    const subs = v.operands.map((o) => {
      const sub: MongoQuery[] = []
      fieldCondition(path, o, sub, now, api)
      return mergeClauses(sub)
    })
    // `and` is merged into the enclosing clauses so `_.gte(a).and(_.lte(b))` becomes one
    // range on the field (usable as an index bound).
    if (v.op === 'and') out.push(...subs)
    else out.push({ ['$' + v.op]: subs })
  } else if (v instanceof UpdateCommand) {
    throw fail(api, ERR.INVALID_PARAM, `update command ${v.op} cannot be used in a query`)
  } else if (isPlainObject(v)) {
    const keys = Object.keys(v)
    // The SDK flattens conditions before sending and an empty object leaves nothing: no condition
    // (so where({obj: {}}) matches every document, as in the cloud; _.eq({}) compares).
    if (keys.length === 0) return
    // Operator object such as the output of db.command.aggregate.gt(1) => {$gt: 1}.
    else if (keys.every((k) => k[0] === '$')) out.push({ [path]: resolveValue(v, now, api) })
    else flattenCondition(v, path, out, now, api)
  } else {
    out.push({ [path]: resolveValue(v, now, api) })
  }
}

/** Operator expression of a query command, e.g. _.gt(1) => {$gt: 1}. */
function operatorExpr(cmd: QueryCommand, now: number, api: string): MongoQuery {
  const v = cmd.value
  switch (cmd.op) {
    case 'eq': return { $eq: resolveValue(v, now, api) }
    case 'neq': return { $ne: resolveValue(v, now, api) }
    case 'gt': case 'gte': case 'lt': case 'lte':
      return { ['$' + cmd.op]: resolveValue(v, now, api) }
    case 'in': case 'nin':
      if (!Array.isArray(v)) throw fail(api, ERR.INVALID_PARAM, `${cmd.op} requires an array`)
      // Sent as an operator object ({$gt: 1}), a command in the list is refused by MongoDB.
      if (v.some((x) => x instanceof QueryCommand)) throw fail(api, ERR.REQUEST_FAILED, `database request fail. cannot nest $ under $${cmd.op}`)
      return { ['$' + cmd.op]: resolveValue(v, now, api) }
    case 'exists': return { $exists: !!v }
    case 'size':
      if (!Number.isInteger(v)) throw fail(api, ERR.INVALID_PARAM, 'size requires an integer')
      return { $size: v }
    case 'all':
      if (!Array.isArray(v)) throw fail(api, ERR.INVALID_PARAM, 'all requires an array')
      {
        // MongoDB's $all parser: led by an $elemMatch, every element must be one; led by a value,
        // no element may be an operator.
        const isEm = (x: unknown) => x instanceof QueryCommand && x.op === 'elemMatch'
        if (v.length && isEm(v[0]) && !v.every(isEm)) throw fail(api, ERR.REQUEST_FAILED, 'database request fail. $all/$elemMatch has to be consistent')
        // The SDK sends a command inside all() as its operator object ({$gt: 1}), which MongoDB refuses too.
        if (!isEm(v[0]) && v.some((x) => x instanceof QueryCommand)) throw fail(api, ERR.REQUEST_FAILED, 'database request fail. no $ expressions in $all')
      }
      return {
        $all: v.map((x) =>
          x instanceof QueryCommand && x.op === 'elemMatch'
            ? operatorExpr(x, now, api)
            : resolveValue(x, now, api)),
      }
    case 'elemMatch': return { $elemMatch: elemMatchBody(v, now, api) }
    case 'not':
      if (v instanceof QueryCommand) return { $not: operatorExpr(v, now, api) }
      throw fail(api, ERR.INVALID_PARAM, 'not requires a query command')
    case 'expr':
      throw fail(api, ERR.INVALID_PARAM, 'expr must be used at the top level of a condition')
    case 'mod': {
      const [d, r] = v as unknown[]
      if (typeof d !== 'number' || typeof r !== 'number' || !Number.isFinite(d) || !Number.isFinite(r) || Math.trunc(d) === 0) {
        throw fail(api, ERR.INVALID_PARAM, 'mod takes a non-zero divisor and a remainder')
      }
      return { $mod: [d, r] }
    }
    case 'geoNear': case 'geoWithin': case 'geoIntersects':
      throw fail(api, ERR.INVALID_PARAM, `${cmd.op} cannot be used here`)
  }
}

function queryCommandClause(path: string, cmd: QueryCommand, now: number, api: string): MongoQuery {
  // $nor also covers `not` of field-level logic commands and keeps mongo's
  // "missing field matches not" semantics.
  if (cmd.op === 'not') {
    const sub: MongoQuery[] = []
    fieldCondition(path, cmd.value, sub, now, api)
    return { $nor: [mergeClauses(sub)] }
  }
  if (cmd.op === 'geoNear' || cmd.op === 'geoWithin' || cmd.op === 'geoIntersects') {
    return geoClause(path, cmd.op, cmd.value)
  }
  // $all of $elemMatch clauses is MongoDB's $and of them; as separate $elemMatch conditions they
  // go through the $elemMatch operator of operators.ts (document elements only for field conditions).
  if (cmd.op === 'all' && Array.isArray(cmd.value) && cmd.value.length > 0 &&
    cmd.value.every((x) => x instanceof QueryCommand && x.op === 'elemMatch')) {
    return { $and: (cmd.value as QueryCommand[]).map((x) => ({ [path]: operatorExpr(x, now, api) })) }
  }
  return { [path]: operatorExpr(cmd, now, api) }
}

// elemMatch over scalars takes operator expressions (_.elemMatch(_.gt(1).and(_.lt(5)))),
// over documents it takes a condition relative to the element (which the $elemMatch operators in
// operators.ts test against document elements only).
export function elemMatchBody(v: unknown, now: number, api: string): MongoQuery {
  if (v instanceof QueryCommand) return operatorExpr(v, now, api)
  if (v instanceof LogicCommand && v.op === 'and' && v.operands.every((o) => o instanceof QueryCommand)) {
    const merged: MongoQuery = {}
    for (const o of v.operands) Object.assign(merged, operatorExpr(o as QueryCommand, now, api))
    return merged
  }
  return toMongoQuery(v, now, api)
}

/** AND clauses together: one object when keys do not clash, else an $and. */
function mergeClauses(clauses: MongoQuery[]): MongoQuery {
  if (clauses.length === 1) return clauses[0]
  const merged: MongoQuery = {}
  const rest: MongoQuery[] = []
  for (const c of clauses) {
    for (const k of Object.keys(c)) {
      const v = c[k]
      if (!(k in merged)) merged[k] = v
      else if (isOperatorObject(merged[k]) && isOperatorObject(v) &&
        !Object.keys(v).some((op) => op in merged[k])) {
        merged[k] = { ...merged[k], ...v } // e.g. {$gt:1} + {$lt:5} on the same field
      } else rest.push({ [k]: v })
    }
  }
  if (rest.length) merged.$and = [...(merged.$and ?? []), ...rest]
  return merged
}

const isOperatorObject = (v: unknown) => {
  if (!isPlainObject(v)) return false
  const keys = Object.keys(v)
  return keys.length > 0 && keys.every((k) => k[0] === '$')
}

// ---------------------------------------------------------------- updates

/**
 * Translate update data into mongo modifiers. Plain nested objects are merged
 * through dot paths ($set 'a.b'), `_.set(obj)` replaces the field wholesale.
 */
export function toMongoUpdate(data: unknown, now: number, api: string): Modifier {
  if (!isPlainObject(data)) throw fail(api, ERR.INVALID_PARAM, 'update data must be an object')
  const mod: Modifier = {}
  walkUpdate(data, '', mod, now, api)
  return mod
}

function walkUpdate(obj: Doc, prefix: string, mod: Modifier, now: number, api: string) {
  for (const k of Object.keys(obj)) {
    const v = obj[k]
    if (v === undefined) continue
    const path = prefix ? `${prefix}.${k}` : k
    if (path === '_id') throw fail(api, ERR.INVALID_PARAM, 'cannot update _id')
    if (v instanceof UpdateCommand) applyUpdateCommand(path, v, mod, now, api)
    else if (v instanceof QueryCommand || v instanceof LogicCommand) {
      throw fail(api, ERR.INVALID_PARAM, `query command ${v.op} cannot be used in update data`)
    } else if (isPlainObject(v)) walkUpdate(v, path, mod, now, api) // an empty object sets nothing: the SDK's flattening drops it (_.set({}) empties a field)
    else put(mod, '$set', path, resolveValue(v, now, api))
  }
}

function put(mod: Modifier, op: string, path: string, value: unknown) {
  ;(mod[op] ??= {})[path] = value
}

function applyUpdateCommand(path: string, cmd: UpdateCommand, mod: Modifier, now: number, api: string) {
  const v = cmd.value
  const num = () => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw fail(api, ERR.INVALID_PARAM, `${cmd.op} requires a number`)
    return v
  }
  switch (cmd.op) {
    case 'set': return put(mod, '$set', path, resolveValue(v, now, api))
    case 'remove': return put(mod, '$unset', path, '')
    case 'inc': return put(mod, '$inc', path, num())
    case 'mul': return put(mod, '$mul', path, num())
    case 'min': return put(mod, '$min', path, resolveValue(v, now, api))
    case 'max': return put(mod, '$max', path, resolveValue(v, now, api))
    case 'rename':
      if (typeof v !== 'string') throw fail(api, ERR.INVALID_PARAM, 'rename requires a string')
      return put(mod, '$rename', path, v)
    case 'push': {
      if (isPlainObject(v) && 'each' in v) {
        const spec: Doc = { $each: resolveValue(asArray(v.each), now, api) }
        if (v.position !== undefined) spec.$position = v.position
        if (v.sort !== undefined) spec.$sort = v.sort
        if (v.slice !== undefined) spec.$slice = v.slice
        return put(mod, '$push', path, spec)
      }
      return put(mod, '$push', path, { $each: resolveValue(asArray(v), now, api) })
    }
    case 'unshift':
      return put(mod, '$push', path, { $each: resolveValue(asArray(v), now, api), $position: 0 })
    case 'pull': {
      let cond: unknown
      if (v instanceof QueryCommand || v instanceof LogicCommand) cond = elemMatchBody(v, now, api)
      else if (isPlainObject(v)) cond = toMongoQuery(v, now, api)
      else cond = resolveValue(v, now, api)
      return put(mod, '$pull', path, cond)
    }
    case 'pullAll':
      if (!Array.isArray(v)) throw fail(api, ERR.INVALID_PARAM, 'pullAll requires an array')
      return put(mod, '$pullAll', path, resolveValue(v, now, api))
    case 'addToSet':
      if (isPlainObject(v) && 'each' in v) {
        // mongo also de-duplicates within $each; mingo does not, so do it here.
        return put(mod, '$addToSet', path, { $each: dedupe(resolveValue(asArray(v.each), now, api)) })
      }
      return put(mod, '$addToSet', path, resolveValue(v, now, api))
    case 'pop': return put(mod, '$pop', path, 1)
    case 'shift': return put(mod, '$pop', path, -1)
  }
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v])

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>()
  return values.filter((x) => {
    const key = stableKey(x)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function stableKey(v: unknown): string {
  if (isDate(v)) return `D${v.getTime()}`
  if (Array.isArray(v)) return `[${v.map(stableKey).join(',')}]`
  if (isPlainObject(v)) return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${stableKey(v[k])}`).join(',')}}`
  return typeof v + ':' + String(v)
}

/** wx-server-sdk refuses empty data for set() and update(), in a transaction too, before sending anything. */
export function refuseEmptyData(api: string, data: unknown): void {
  if (isPlainObject(data) && Object.keys(data).length === 0) throw new DatabaseError(ERR.SDK_CHECK, `${api}:fail options.data must not be empty`)
}

/**
 * wx-server-sdk's own checks of set() / update() data (its assertType and assertObjectNotEmpty),
 * made before anything is sent: an object (not an array, a Date or a scalar), not empty. Both
 * reject with errCode -1; then @cloudbase/database refuses an own `_id` key, even undefined
 * (不能更新_id的值, INVALID_PARAM).
 */
export function refuseBadData(api: string, data: unknown): asserts data is Doc {
  const type = toStr.call(data).slice(8, -1).toLowerCase()
  if (type !== 'object') throw new DatabaseError(ERR.SDK_CHECK, `${api}:fail options.data should be object instead of ${type}`)
  refuseEmptyData(api, data)
  if (Object.prototype.hasOwnProperty.call(data, '_id')) throw fail(api, ERR.INVALID_PARAM, 'cannot update _id (不能更新_id的值)')
}

/** Reject data that cannot be a document (same rule as NeDB/mongo: no '$' prefix, no '.'). */
export function checkKeys(v: unknown, api: string): void {
  // NeDB cannot keep a RegExp value (it would read back as {}): refuse it rather than lose it.
  if (isRegExp(v)) throw fail(api, ERR.INVALID_PARAM, 'a regular expression cannot be stored as a field value in the emulator')
  if (Array.isArray(v)) {
    for (const x of v) checkKeys(x, api)
  } else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      if (k[0] === '$' || k.includes('.')) throw fail(api, ERR.INVALID_PARAM, `invalid field name '${k}'`)
      checkKeys(v[k], api)
    }
  }
}

/** `doc` with `_id` set to `id` and first among its fields, where MongoDB keeps it (a shallow copy). */
export function withIdFirst(id: string, doc: Doc): Doc {
  const out: Doc = { _id: id }
  for (const k in doc) if (k !== '_id') out[k] = doc[k]
  return out
}

/** Fast deep copy of stored documents (plain data only: objects, arrays, Dates, RegExps). */
export function cloneDoc<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(cloneDoc) as T
  if (isDate(v)) return new Date(v.getTime()) as T
  if (isRegExp(v)) return v
  const out: Doc = {}
  for (const k in v) out[k] = cloneDoc((v as Doc)[k])
  return out as T
}
