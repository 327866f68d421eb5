// mingo's operators, with the few that answer differently from MongoDB (under CloudBase) replaced.
// Each replacement is pinned by aggregate.test.ts against MongoDB's documented results.
import { Aggregator as CoreAggregator } from 'mingo/aggregator'
import { Query as CoreQuery } from 'mingo/query'
import { Context, evalExpr } from 'mingo/core'
import type { Options } from 'mingo/types'
import { Lazy, type Iterator } from 'mingo/lazy'
import * as accumulator from 'mingo/operators/accumulator'
import * as expression from 'mingo/operators/expression'
import * as pipeline from 'mingo/operators/pipeline'
import * as projection from 'mingo/operators/projection'
import * as query from 'mingo/operators/query'
import * as window from 'mingo/operators/window'
import { compare, resolve } from 'mingo/util'

type Expr = (obj: unknown, expr: unknown, options: Options) => unknown

const evalArgs = (obj: unknown, expr: unknown, options: Options): unknown => evalExpr(obj, expr, options)
const date = (op: Expr) => (obj: unknown, expr: unknown, options: Options) => op(obj, expr, options) as number | null

/**
 * `$week`: MongoDB's strftime %U: weeks start on Sunday; days before the year's first Sunday are
 * week 0. (mingo counts them as week 1.) From day of year (1–366) and day of week (1 = Sunday).
 */
const $week: Expr = (obj, expr, options) => {
  const doy = date(expression.$dayOfYear as Expr)(obj, expr, options)
  const dow = date(expression.$dayOfWeek as Expr)(obj, expr, options)
  if (doy == null || dow == null) return null
  return Math.floor((doy - dow + 7) / 7)
}

/** `$isoWeekYear`: the year the ISO week belongs to (mingo answers the calendar year). */
const $isoWeekYear: Expr = (obj, expr, options) => {
  const week = date(expression.$isoWeek as Expr)(obj, expr, options)
  const year = date(expression.$year as Expr)(obj, expr, options)
  const month = date(expression.$month as Expr)(obj, expr, options)
  if (week == null || year == null || month == null) return null
  if (week >= 52 && month === 1) return year - 1
  if (week === 1 && month === 12) return year + 1
  return year
}

/**
 * A time zone's offset from UTC in minutes at the instant `ms`: an Olson name (its offset on that
 * day, daylight saving included) or ±hh, ±hhmm, ±hh:mm, as MongoDB's date operators take them.
 */
function zoneOffset(zone: unknown, ms: number): number {
  if (zone == null) return 0
  if (typeof zone !== 'string') throw new Error(`timezone must evaluate to a string, found ${typeof zone}`)
  const fixed = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(zone)
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0))
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    }).formatToParts(new Date(ms))
  } catch {
    throw new Error(`unrecognized time zone identifier: "${zone}"`)
  }
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = new Date(0)
  wall.setUTCFullYear(n('year'), n('month') - 1, n('day'))
  wall.setUTCHours(n('hour'), n('minute'), n('second'), 0)
  return Math.round((wall.getTime() - (ms - (((ms % 1000) + 1000) % 1000))) / 60000)
}

/** The UTC instant of a wall-clock time (given as if it were UTC) in `zone`, with the offset that zone has then. */
function wallToUtc(wallMs: number, zone: unknown): Date {
  const first = zoneOffset(zone, wallMs)
  const second = zoneOffset(zone, wallMs - first * 60000)
  return new Date(wallMs - second * 60000)
}

/**
 * `$dateFromParts` as MongoDB computes it: month and day default to 1 and every other part to 0
 * (mingo took a missing month as 0, so {year: 2017} gave 2016-11-30), parts out of range carry
 * into the next unit (February 31 is March 3; mingo cut the day to the month's last), the ISO form
 * {isoWeekYear, isoWeek, isoDayOfWeek} is supported, and an Olson time zone's offset is the one it
 * has on that date (mingo used today's, so daylight saving time depended on when the query ran).
 */
const $dateFromParts: Expr = (obj, expr, options) => {
  const args = evalArgs(obj, expr, options)
  if (!isDocument(args)) throw new Error('$dateFromParts only supports an object as its argument')
  const iso = args.isoWeekYear !== undefined
  if (iso === (args.year !== undefined)) throw new Error("$dateFromParts requires either 'year' or 'isoWeekYear', not both")
  const units = iso ? ['isoWeekYear', 'isoWeek', 'isoDayOfWeek'] : ['year', 'month', 'day']
  const names = [...units, 'hour', 'minute', 'second', 'millisecond', 'timezone']
  for (const k of Object.keys(args)) if (!names.includes(k)) throw new Error(`Unrecognized argument to $dateFromParts: ${k}`)
  if (names.some((k) => args[k] === null)) return null
  const part = (k: string, dflt: number) => {
    const v = args[k] ?? dflt
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`'${k}' must evaluate to an integer, found ${typeof v} with value ${String(v)}`)
    return v
  }
  const [y, a, b] = [part(units[0], 0), part(units[1], 1), part(units[2], 1)]
  if (y < 1 || y > 9999) throw new Error(`'${units[0]}' must evaluate to an integer in the range 1 to 9999, found ${y}`)
  const d = new Date(0)
  if (iso) {
    // Monday of ISO week 1 is the Monday on or before January 4.
    d.setUTCFullYear(y, 0, 4)
    d.setUTCDate(4 - ((d.getUTCDay() + 6) % 7) + (a - 1) * 7 + (b - 1))
  } else {
    d.setUTCFullYear(y, a - 1, b)
  }
  d.setUTCHours(part('hour', 0), part('minute', 0), part('second', 0), part('millisecond', 0))
  return wallToUtc(d.getTime(), args.timezone)
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/
const NO_DATE = Symbol('unparsed')

/**
 * `$dateFromString` as MongoDB reads it: ISO 8601 strings with a numeric offset
 * ('2019-07-01T12:00:00+08:00') or a space before the time (mingo gave up on both), a `timezone`
 * applied with the offset the zone has on that date (mingo used today's), and a string that cannot
 * be read is an error unless `onError` is given (mingo left the field out). Formats and other
 * strings are read by mingo's parser.
 */
const $dateFromString: Expr = (obj, expr, options) => {
  const args = evalArgs(obj, expr, options)
  if (!isDocument(args)) throw new Error('$dateFromString only supports an object as an argument')
  const { dateString, format, timezone } = args
  if (dateString == null) return args.onNull ?? null
  const failed = (why: string) => {
    if ('onError' in args) return args.onError
    throw new Error(`Error parsing date string '${String(dateString)}': ${why}`)
  }
  if (typeof dateString !== 'string') return failed('not a string')
  let wallMs: number | undefined
  let zoned = false
  const m = format === undefined ? ISO_DATE.exec(dateString.trim()) : null
  if (m) {
    const d = new Date(0)
    d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
    d.setUTCHours(Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')))
    wallMs = d.getTime()
    if (m[8]) {
      zoned = true
      wallMs -= zoneOffset(m[8] === 'Z' ? '+00:00' : m[8], 0) * 60000
    }
  } else {
    const spec: Record<string, unknown> = { dateString: { $literal: dateString }, onError: { $literal: NO_DATE } }
    if (format !== undefined) spec.format = { $literal: format }
    const wall = (expression.$dateFromString as Expr)(obj, spec, options)
    if (!(wall instanceof Date)) return failed('no date found')
    wallMs = wall.getTime()
    zoned = /[A-Z]$/.test(dateString) // a military zone letter, applied by mingo
  }
  if (zoned && timezone != null) throw new Error('$dateFromString: you cannot pass in a date/time string with time zone information together with a timezone argument')
  return zoned ? new Date(wallMs) : wallToUtc(wallMs, timezone)
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0')

/** ISO 8601 week and week-numbering year of a date read in UTC. */
function isoWeekOf(d: Date): { week: number; year: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7)) // the Thursday of this week
  const year = t.getUTCFullYear()
  return { week: Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7), year }
}

/**
 * `$dateToString` with MongoDB's format specifiers: %w is 1 (Sunday) to 7, %U counts weeks from
 * the year's first Sunday (00 before it), %G is the ISO week's year and %% a percent sign (mingo
 * answered 0–6, counted the days before the first Sunday as week 01, gave the calendar year and
 * dropped %%); an unknown specifier is refused.
 */
const $dateToString: Expr = (obj, expr, options) => {
  const args = evalArgs(obj, expr, options)
  if (!isDocument(args)) throw new Error('$dateToString only supports an object as its argument')
  const { date, timezone } = args
  if (date == null) return args.onNull ?? null
  if (!(date instanceof Date)) throw new Error(`can't convert from BSON type ${typeof date} to Date`)
  const format = args.format ?? '%Y-%m-%dT%H:%M:%S.%LZ'
  if (typeof format !== 'string') throw new Error("$dateToString requires that 'format' be a string")
  const offset = zoneOffset(timezone, date.getTime())
  const d = new Date(date.getTime() + offset * 60000)
  const dayOfYear = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1
  const iso = isoWeekOf(d)
  const spec: Record<string, () => string> = {
    d: () => pad(d.getUTCDate(), 2),
    G: () => pad(iso.year, 4),
    H: () => pad(d.getUTCHours(), 2),
    j: () => pad(dayOfYear, 3),
    L: () => pad(d.getUTCMilliseconds(), 3),
    m: () => pad(d.getUTCMonth() + 1, 2),
    M: () => pad(d.getUTCMinutes(), 2),
    S: () => pad(d.getUTCSeconds(), 2),
    w: () => String(d.getUTCDay() + 1),
    u: () => String(d.getUTCDay() || 7),
    U: () => pad(Math.floor((dayOfYear - (d.getUTCDay() + 1) + 7) / 7), 2),
    V: () => pad(iso.week, 2),
    Y: () => pad(d.getUTCFullYear(), 4),
    z: () => (offset < 0 ? '-' : '+') + pad(Math.floor(Math.abs(offset) / 60), 2) + pad(Math.abs(offset) % 60, 2),
    Z: () => String(offset),
    '%': () => '%',
  }
  let out = ''
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      out += format[i]
      continue
    }
    const f = spec[format[++i]]
    if (!f) throw new Error(format[i] === undefined ? 'Unmatched \'%\' at end of $dateToString format string' : `Invalid format character '%${format[i]}' in $dateToString format string`)
    out += f()
  }
  return out
}

/** `$dateToParts`: MongoDB's field order, the date parts before the time (mingo put hour… first). */
const $dateToParts: Expr = (obj, expr, options) => {
  const parts = (expression.$dateToParts as Expr)(obj, expr, options)
  if (!isDocument(parts)) return parts
  const order = ['year', 'month', 'day', 'isoWeekYear', 'isoWeek', 'isoDayOfWeek', 'hour', 'minute', 'second', 'millisecond']
  return Object.fromEntries(order.filter((k) => k in parts).map((k) => [k, parts[k]]))
}

/**
 * `$arrayToObject`: an array written as the argument is MongoDB's argument list, so
 * [[['k', 1], ['j', 2]]] converts its one element (mingo converted the list itself).
 */
const $arrayToObject: Expr = (obj, expr, options) => {
  if (Array.isArray(expr)) {
    if (expr.length !== 1) throw new Error(`Expression $arrayToObject takes exactly 1 arguments. ${expr.length} were passed in.`)
    return (expression.$arrayToObject as Expr)(obj, expr[0], options)
  }
  return (expression.$arrayToObject as Expr)(obj, expr, options)
}

/**
 * MongoDB reads an array written as the argument of a one-argument operator as its argument list:
 * {$size: ['$a']} is {$size: '$a'}, {$abs: [-1]} is {$abs: -1}, {$year: ['$d']} is {$year: '$d'};
 * another length is refused. mingo took the list as the value ($size: ['$a'] answered 1) or
 * refused it. For the accumulators used as expressions ($sum, $avg, $max, $min, $stdDevPop,
 * $stdDevSamp) one argument that resolves to an array is traversed ({$max: [[1, 5]]} is 5) and
 * several are taken as they are.
 */
const oneArgument = (name: string, op: Expr): Expr => (obj, expr, options) => {
  if (!Array.isArray(expr)) return op(obj, expr, options)
  if (expr.length !== 1) throw new Error(`Expression ${name} takes exactly 1 arguments. ${expr.length} were passed in.`)
  return op(obj, expr[0], options)
}
type Accumulate = (coll: unknown[], expr: unknown, options: Options) => unknown
/** The values of `expr` over `coll`, leaving out the documents where it is missing (null stays). */
function presentValues(coll: unknown[], expr: unknown, options: Options): unknown[] {
  if (expr === null || expr === undefined) return coll.filter((v) => v !== undefined)
  const push = accumulator.$push as unknown as Accumulate
  const types = push(coll, { $type: expr }, options) as unknown[]
  return (push(coll, expr, options) as unknown[]).filter((_, i) => types[i] !== 'missing')
}
const extreme = (sign: 1 | -1): Accumulate => (coll, expr, options) => {
  let best: unknown = null
  for (const v of presentValues(coll, expr, options)) {
    if (v === null) continue
    if (best === null || sign * bsonCompare(v, best) > 0) best = v
  }
  return best
}
/**
 * Accumulators as MongoDB's: $push and $addToSet leave out a missing value (mingo pushed null for
 * it), $max and $min compare across types in BSON order (numbers < strings < objects < arrays…;
 * mingo compared only like types) and skip null and missing.
 */
const ACCUMULATORS: Record<string, Accumulate> = {
  ...(accumulator as unknown as Record<string, Accumulate>),
  $push: (coll, expr, options) => presentValues(coll, expr, options),
  $addToSet: (coll, expr, options) => (accumulator.$addToSet as unknown as Accumulate)(presentValues(coll, expr, options), null, options),
  $max: extreme(1),
  $min: extreme(-1),
}
const accumulatorExpression = (name: string): Expr => {
  const acc = ACCUMULATORS[name]
  return (obj, expr, options) => {
    // In $group (and $bucket's output) mingo hands the group's documents: the accumulator as before.
    if (Array.isArray(obj)) return acc(obj, expr, options)
    const args = Array.isArray(expr) ? expr : [expr]
    let values: unknown[]
    if (args.length === 1) {
      const v = evalExpr(obj, args[0], options)
      values = Array.isArray(v) ? v : [v]
    } else {
      values = args.map((a) => evalExpr(obj, a, options))
    }
    return acc(values, null, options)
  }
}
const ONE_ARGUMENT = [
  '$abs', '$ceil', '$exp', '$floor', '$ln', '$log10', '$sqrt', '$not', '$size', '$reverseArray', '$objectToArray',
  '$toUpper', '$toLower', '$strLenBytes', '$strLenCP', '$type',
  '$year', '$month', '$dayOfMonth', '$dayOfWeek', '$dayOfYear', '$hour', '$minute', '$second', '$millisecond',
  '$isoWeek', '$isoDayOfWeek', '$toString', '$toInt', '$toLong', '$toDouble', '$toDecimal', '$toBool', '$toDate',
] as const
/**
 * The date-part operators ($year, $hour, $week…) answer null when the date is null or missing,
 * as MongoDB does ({$year: '$createdAt'} on a document without createdAt); mingo refused the
 * whole aggregation ('cannot convert … to date').
 */
const DATE_PARTS = [
  '$year', '$month', '$dayOfMonth', '$dayOfWeek', '$dayOfYear', '$hour', '$minute', '$second', '$millisecond', '$isoWeek', '$isoDayOfWeek',
] as const
const nullDate = (op: Expr): Expr => (obj, expr, options) => {
  const target = isDocument(expr) && !Object.keys(expr)[0]?.startsWith('$') ? expr.date : expr
  const v = evalExpr(obj, target, options)
  return v === null || v === undefined ? null : op(obj, expr, options)
}
/** `$toUpper` / `$toLower` of null or a missing field is the empty string (MongoDB); mingo answered null. */
const emptyForNull = (op: Expr): Expr => (obj, expr, options) => {
  const v = evalExpr(obj, expr, options)
  return v === null || v === undefined ? '' : op(obj, expr, options)
}
/** Operators that answer null when one of their arguments is null or missing, as MongoDB's do (mingo refused these). */
const nullIfAnyNull = (op: Expr): Expr => (obj, expr, options) => {
  const args = Array.isArray(expr) ? expr.map((e) => evalExpr(obj, e, options)) : [evalExpr(obj, expr, options)]
  if (args.some((v) => v === null || v === undefined)) return null
  return op(obj, Array.isArray(expr) ? args.map((v) => ({ $literal: v })) : { $literal: args[0] }, options)
}
const isTruthy = (v: unknown) => !(v === false || v === null || v === undefined || v === 0)
/** MongoDB's refusals where mingo answered null or a value instead. */
const refusing = (name: string, check: (args: unknown[]) => string | undefined, single = false): ((op: Expr) => Expr) => (op) => {
  const checked: Expr = (obj, expr, options) => {
    const list = !single && Array.isArray(expr)
    const args = list ? (expr as unknown[]).map((e) => evalExpr(obj, e, options)) : [evalExpr(obj, expr, options)]
    const why = check(args)
    if (why) throw new Error(`${name}: ${why}`)
    return op(obj, list ? args.map((v) => ({ $literal: v })) : { $literal: args[0] }, options)
  }
  // a one-argument operator takes a one-element list as its argument list
  return single ? oneArgument(name, checked) : checked
}
const isNum = (v: unknown): v is number => typeof v === 'number'
const REFUSALS: Record<string, (op: Expr) => Expr> = {
  $mod: refusing('$mod', ([, d]) => (d === 0 ? "can't $mod by zero" : undefined)),
  $ln: refusing('$ln', ([x]) => (isNum(x) && x <= 0 ? "$ln's argument must be a positive number" : undefined), true),
  $log10: refusing('$log10', ([x]) => (isNum(x) && x <= 0 ? "$log10's argument must be a positive number" : undefined), true),
  $log: refusing('$log', ([x, b]) => (isNum(x) && x <= 0 ? "$log's argument must be a positive number" : isNum(b) && (b <= 0 || b === 1) ? "$log's base must be a positive number not equal to 1" : undefined)),
  $split: refusing('$split', ([, sep]) => (sep === '' ? '$split requires a non-empty separator' : undefined)),
  $size: refusing('$size', ([a]) => (Array.isArray(a) ? undefined : `The argument to $size must be an array. Type of argument is ${a === undefined ? 'missing' : a === null ? 'null' : typeof a}`), true),
  $substrCP: refusing('$substrCP', ([, i]) => (isNum(i) && i < 0 ? 'starting index must be non-negative' : undefined)),
}

/** `$switch`: the first branch whose case is true (MongoDB's truthiness); no match and no default is an error (mingo answered nothing). */
const $switch: Expr = (obj, expr, options) => {
  if (!isDocument(expr) || !Array.isArray(expr.branches)) throw new Error('$switch requires at least one branch')
  for (const b of expr.branches as Record<string, unknown>[]) {
    if (isTruthy(evalExpr(obj, b.case, options))) return evalExpr(obj, b.then, options)
  }
  if (!('default' in expr)) throw new Error('$switch could not find a matching branch for an input, and no default was specified.')
  return evalExpr(obj, expr.default, options)
}

const ACCUMULATOR_EXPRESSIONS = ['$sum', '$avg', '$max', '$min', '$stdDevPop', '$stdDevSamp'] as const

/** BSON's order of types, a missing value first: missing, null, numbers, strings, objects, arrays, booleans, dates, regular expressions. */
function bsonRank(v: unknown): number {
  if (v === undefined) return 0
  if (v === null) return 1
  if (typeof v === 'number') return 2
  if (typeof v === 'string') return 3
  if (Array.isArray(v)) return 5
  if (typeof v === 'boolean') return 8
  if (v instanceof Date) return 9
  if (v instanceof RegExp) return 11
  return 4
}

/** MongoDB's total order of values, as aggregation expressions compare them. */
export function bsonCompare(a: unknown, b: unknown): number {
  const ra = bsonRank(a)
  const rb = bsonRank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  switch (ra) {
    case 0: case 1: return 0
    case 2: case 3: case 8: return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
    case 9: return Math.sign((a as Date).getTime() - (b as Date).getTime())
    case 11: return bsonCompare(String(a), String(b))
    case 5: {
      const x = a as unknown[]
      const y = b as unknown[]
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = bsonCompare(x[i], y[i])
        if (c) return c
      }
      return Math.sign(x.length - y.length)
    }
    default: {
      // documents: field by field, each by its value's type, then its name, then its value
      const x = Object.entries(a as object).filter(([, v]) => v !== undefined)
      const y = Object.entries(b as object).filter(([, v]) => v !== undefined)
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const t = bsonRank(x[i][1]) - bsonRank(y[i][1])
        if (t) return Math.sign(t)
        if (x[i][0] !== y[i][0]) return x[i][0] < y[i][0] ? -1 : 1
        const c = bsonCompare(x[i][1], y[i][1])
        if (c) return c
      }
      return Math.sign(x.length - y.length)
    }
  }
}

/**
 * The comparison expressions ($eq $ne $gt $gte $lt $lte $cmp) over MongoDB's total order of
 * values: a missing field is below null, null below every number, numbers below strings, and so
 * on, so {$lt: ['$a', 5]} is true when a is null or missing and {$eq: ['$missing', null]} is
 * false. mingo answered false for any two values of different types.
 */
const comparison = (name: string, answer: (c: number) => boolean | number): Expr => (obj, expr, options) => {
  if (!Array.isArray(expr) || expr.length !== 2) {
    throw new Error(`Expression ${name} takes exactly 2 arguments. ${Array.isArray(expr) ? expr.length : 1} were passed in.`)
  }
  return answer(bsonCompare(evalExpr(obj, expr[0], options), evalExpr(obj, expr[1], options)))
}
const COMPARISONS: Record<string, Expr> = {
  $eq: comparison('$eq', (c) => c === 0),
  $ne: comparison('$ne', (c) => c !== 0),
  $gt: comparison('$gt', (c) => c > 0),
  $gte: comparison('$gte', (c) => c >= 0),
  $lt: comparison('$lt', (c) => c < 0),
  $lte: comparison('$lte', (c) => c <= 0),
  $cmp: comparison('$cmp', (c) => c),
}

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8')

/**
 * `$substrBytes` / `$substr`: a negative count, or one past the end, takes the rest of the string
 * (MongoDB); mingo refuses both. The arguments are evaluated once and handed on as literals, so
 * a string value starting with `$` is not read as a field path a second time.
 */
const restOfString = (op: Expr): Expr => (obj, expr, options) => {
  if (!Array.isArray(expr) || expr.length !== 3) return op(obj, expr, options)
  const [raw, index, count] = evalArgs(obj, expr, options) as [unknown, unknown, unknown]
  // MongoDB coerces a number or a date to a string first ($substr: [12345, 0, 2] is '12'); mingo refused it.
  const s = typeof raw === 'number' ? String(raw) : raw instanceof Date ? raw.toISOString() : raw
  let n = count
  if (typeof s === 'string' && typeof index === 'number' && Number.isInteger(index) && index >= 0 && typeof count === 'number' && Number.isInteger(count)) {
    const rest = Math.max(0, utf8Length(s) - index)
    if (count < 0 || count > rest) n = rest
  }
  return op(obj, [{ $literal: s }, { $literal: index }, { $literal: n }], options)
}

/** `$indexOfCP` (mingo has none): the code point index of a substring, or -1; null for a missing string. */
const $indexOfCP: Expr = (obj, expr, options) => {
  if (!Array.isArray(expr) || expr.length < 2 || expr.length > 4) throw new Error('$indexOfCP expects array(2..4)')
  const [s, sub, start = 0, end] = evalArgs(obj, expr, options) as [unknown, unknown, unknown, unknown]
  if (s === null || s === undefined) return null
  if (typeof s !== 'string') throw new Error('$indexOfCP requires a string as the first argument')
  if (typeof sub !== 'string') throw new Error('$indexOfCP requires a string as the second argument')
  const isIndex = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0
  if (!isIndex(start) || (end !== undefined && !isIndex(end))) throw new Error('$indexOfCP requires non-negative integer indexes')
  const cps = Array.from(s)
  const needle = Array.from(sub)
  const stop = Math.min(end ?? cps.length, cps.length)
  for (let i = start; i + needle.length <= stop; i++) {
    if (needle.every((c, k) => cps[i + k] === c)) return i
  }
  return -1
}

/** `$trunc`: one number (MongoDB), or [number, places] (mingo takes only the latter). */
const $trunc: Expr = (obj, expr, options) => (expression.$trunc as Expr)(obj, Array.isArray(expr) ? expr : [expr, 0], options)

/** `$sample`: `size` distinct documents in random order, at most as many as there are (mingo draws with replacement). */
function $sample(coll: Iterator, expr: { size: number }): Iterator {
  return coll.transform((xs: unknown[]) => {
    const pool = [...xs]
    const n = Math.min(Math.max(0, Math.floor(expr.size)), pool.length)
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(Math.random() * (pool.length - i))
      ;[pool[i], pool[j]] = [pool[j], pool[i]]
    }
    return Lazy(pool.slice(0, n))
  })
}

/**
 * `$bucket` as MongoDB answers it: a value equal to a boundary falls in the bucket that starts
 * there (mingo put it in the one before), only buckets holding documents are output (mingo also
 * output empty ones), and `_id` comes first.
 */
function $bucket(coll: Iterator, expr: { groupBy: unknown; boundaries: unknown[]; default?: unknown; output?: Record<string, unknown> }, options: Options): Iterator {
  const bounds = expr.boundaries
  if (!Array.isArray(bounds) || bounds.length < 2 || bounds.some((b, i) => i > 0 && !(compare(bounds[i - 1], b) < 0))) {
    throw new Error('$bucket: boundaries must be at least two values in ascending order')
  }
  const output = expr.output ?? { count: { $sum: 1 } }
  const hasDefault = expr.default !== undefined
  return coll.transform((xs: unknown[]) => {
    const groups: unknown[][] = bounds.slice(1).map(() => [])
    const rest: unknown[] = []
    for (const obj of xs) {
      const key = evalExpr(obj, expr.groupBy, options)
      if (key == null || compare(key, bounds[0]) < 0 || compare(key, bounds[bounds.length - 1]) >= 0) {
        if (!hasDefault) throw new Error("$bucket: a value outside the boundaries needs a 'default'")
        rest.push(obj)
        continue
      }
      let i = groups.length - 1
      while (compare(bounds[i], key) > 0) i--
      groups[i].push(obj)
    }
    const out: unknown[] = []
    const emit = (id: unknown, docs: unknown[]) => {
      if (docs.length) out.push({ _id: id, ...(evalExpr(docs, output, options) as object) })
    }
    groups.forEach((docs, i) => emit(bounds[i], docs))
    if (hasDefault) emit(expr.default, rest)
    return Lazy(out)
  })
}

const isDocument = (v: unknown): v is Record<string, unknown> => Object.prototype.toString.call(v) === '[object Object]'

type Stage = (coll: Iterator, expr: unknown, options: Options) => Iterator

/** `$limit`: a positive integer, as MongoDB requires ($limit: 0 is refused: 'the limit must be positive'); mingo took 0 as an empty result. */
const $limit: Stage = (coll, n, options) => {
  if (n === 0) throw new Error('the limit must be positive')
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`invalid argument to $limit stage: ${String(n)}`)
  return (pipeline.$limit as Stage)(coll, n, options)
}

/** `$unwind`: the path must be a field path starting with '$', as MongoDB requires; mingo unwound nothing for 'tags'. */
const $unwind: Stage = (coll, expr, options) => {
  const path = isDocument(expr) ? expr.path : expr
  if (typeof path !== 'string' || path.length < 2 || path[0] !== '$') {
    throw new Error(`path option to $unwind stage should be prefixed with a '$': ${String(path)}`)
  }
  return (pipeline.$unwind as Stage)(coll, expr, options)
}

/** `$bucketAuto`: `_id` first in each bucket, as MongoDB outputs it (mingo put it after the outputs). */
const $bucketAuto: Stage = (coll, expr, options) =>
  (pipeline.$bucketAuto as Stage)(coll, expr, options).map((b: unknown) => {
    if (!isDocument(b) || !('_id' in b)) return b
    const { _id, ...rest } = b
    return { _id, ...rest }
  })

/**
 * A `$project` or `$addFields` spec as a tree of its dotted paths. A value that is an object of
 * plain field names is a nested spec ({specs: {fuel: 1}} is 'specs.fuel'), not a literal; `leaf`
 * says what any other value does (project: a number or boolean keeps or drops, else computes).
 */
function specTree<L>(spec: Record<string, unknown>, leaf: (v: unknown) => L, tree: SpecTree<L> = new Map()): SpecTree<L> {
  for (const [path, v] of Object.entries(spec)) {
    const parts = path.split('.')
    let at = tree
    for (const p of parts.slice(0, -1)) {
      let sub = at.get(p)
      if (!(sub instanceof Map)) at.set(p, (sub = new Map()))
      at = sub
    }
    const last = parts[parts.length - 1]
    const nested = typeof v !== 'number' && typeof v !== 'boolean' && isDocument(v) && Object.keys(v).length > 0 && !Object.keys(v).some((k) => k[0] === '$')
    if (nested) {
      const sub = at.get(last)
      at.set(last, specTree(v, leaf, sub instanceof Map ? sub : new Map()))
    } else at.set(last, leaf(v))
  }
  return tree
}
type SpecTree<L> = Map<string, L | SpecTree<L>>

/** What a `$project` spec does with one field: keep or drop it, compute it, or project inside it. */
type ProjectNode = 'keep' | 'drop' | { expr: unknown } | Map<string, ProjectNode>
const projectTree = (spec: Record<string, unknown>) =>
  specTree<ProjectNode>(spec, (v) => (typeof v === 'number' || typeof v === 'boolean' ? (v ? 'keep' : 'drop') : { expr: v })) as Map<string, ProjectNode>

/** What an `$addFields` spec computes: an expression per field, or fields to compute inside one. */
type AddNode = { expr: unknown } | Map<string, AddNode>
const addFieldsTree = (spec: Record<string, unknown>) => specTree<AddNode>(spec, (v) => ({ expr: v })) as Map<string, AddNode>

function addFieldsTo(value: unknown, tree: Map<string, AddNode>, root: unknown, options: Options): unknown {
  if (Array.isArray(value)) return value.map((el) => addFieldsTo(el, tree, root, options))
  const out: Record<string, unknown> = isDocument(value) ? { ...value } : {}
  for (const [k, node] of tree) {
    const v = node instanceof Map ? addFieldsTo(out[k], node, root, options) : evalExpr(root, node.expr, options)
    if (v === undefined) delete out[k]
    else out[k] = v
  }
  return out
}

/** `$addFields` (and its alias `$set`) as MongoDB applies dotted and nested specs (mingo skips arrays and scalars on the path). */
function $addFields(coll: Iterator, expr: Record<string, unknown>, options: Options): Iterator {
  if (!isDocument(expr)) return (pipeline.$addFields as (c: Iterator, e: unknown, o: Options) => Iterator)(coll, expr, options)
  const tree = addFieldsTree(expr)
  return coll.map((doc) => addFieldsTo(doc, tree, doc, options))
}

const isComputed = (n: ProjectNode | undefined): n is { expr: unknown } => typeof n === 'object' && !(n instanceof Map)

function hasLeaf(tree: Map<string, ProjectNode>, test: (n: ProjectNode) => boolean): boolean {
  for (const n of tree.values()) if (n instanceof Map ? hasLeaf(n, test) : test(n)) return true
  return false
}

/** An exclusion: every field but the listed ones, also inside arrays, nested ones included (as aggregation recurses). */
function withoutExcluded(v: unknown, tree: Map<string, ProjectNode>): unknown {
  if (Array.isArray(v)) return v.map((el) => withoutExcluded(el, tree))
  if (!isDocument(v)) return v
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) {
    const node = tree.get(k)
    if (node === 'drop') continue
    out[k] = node instanceof Map ? withoutExcluded(v[k], node) : v[k]
  }
  return out
}

/** The kept part of an inclusion: listed fields of documents, also inside arrays (other elements dropped). */
function keptPart(v: unknown, tree: Map<string, ProjectNode>): unknown {
  if (Array.isArray(v)) return v.map((el) => keptPart(el, tree)).filter((x) => x !== undefined)
  if (!isDocument(v)) return undefined
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) {
    const node = tree.get(k)
    if (node === 'keep') out[k] = v[k]
    else if (node instanceof Map) {
      const x = keptPart(v[k], node)
      if (x !== undefined) out[k] = x
    }
  }
  return out
}

/**
 * The computed part, applied to what was kept: a document gets its computed fields (a new field
 * last, an existing one in place), each array element alike, anything else becomes a document
 * of the computed fields.
 */
function computedPart(v: unknown, tree: Map<string, ProjectNode>, root: unknown, options: Options): unknown {
  if (Array.isArray(v)) return v.map((el) => computedPart(el, tree, root, options))
  const out: Record<string, unknown> = isDocument(v) ? { ...v } : {}
  for (const [k, node] of tree) {
    if (isComputed(node)) {
      const x = evalExpr(root, node.expr, options)
      if (x === undefined) delete out[k]
      else out[k] = x
    } else if (node instanceof Map && hasLeaf(node, isComputed)) out[k] = computedPart(out[k], node, root, options)
  }
  return out
}

/**
 * `$project` as MongoDB applies it; mingo only checks the spec. An exclusion drops the listed
 * fields, also inside (nested) arrays. An inclusion keeps the listed fields in the input
 * document's order (through arrays, dropping elements that are not documents), then adds computed
 * fields in the spec's order, also through arrays and over scalars (mingo orders kept fields as
 * the spec lists them, loses computed fields under an array and skips nested arrays).
 */
function $project(coll: Iterator, expr: Record<string, unknown>, options: Options): Iterator {
  if (isDocument(expr) && Object.keys(expr).length === 0) throw new Error('$project requires at least one output field')
  const tree = isDocument(expr) ? projectTree(expr) : new Map<string, ProjectNode>()
  const idNode = tree.get('_id')
  // `_id: 1` / `_id: 0` go with either kind; `{_id: 1}` alone is an inclusion.
  const rest = new Map(tree)
  if (idNode === 'keep' || idNode === 'drop') rest.delete('_id')
  const inclusion = rest.size ? hasLeaf(rest, (n) => n === 'keep' || isComputed(n)) : idNode === 'keep'
  // MongoDB takes `_id: 1` beside exclusions (mingo calls it a mix): mingo gets the exclusions only.
  const spec = !inclusion && idNode === 'keep' ? Object.fromEntries(Object.entries(expr).filter(([k]) => k !== '_id')) : expr
  const input = coll.collect<unknown>()
  // mingo checks the spec (and throws for what MongoDB refuses); its result is used only for a spec that is not an object.
  const output = (pipeline.$project as (c: Iterator, e: unknown, o: Options) => Iterator)(Lazy(input), spec, options).collect<unknown>()
  if (!isDocument(expr)) return Lazy(output)
  if (!inclusion) return Lazy(input.map((doc) => withoutExcluded(doc, tree)))
  if (idNode === undefined) tree.set('_id', 'keep')
  return Lazy(input.map((doc) => computedPart(keptPart(doc, tree), tree, doc, options)))
}

/**
 * MongoDB's `$elemMatch` test of one array element. Operator criteria (`{$gt: 1}`) test the
 * element itself; a condition on fields (`{score: {$gt: 80}}`, also under `$and`/`$or`/`$nor`)
 * looks only at elements that are documents (mingo would read a number or a string element as a
 * document, so `{value: 7}` matched `[7]`); `{}` matches any document element.
 */
export function elementMatcher(criteria: Record<string, unknown>, options: Partial<Options> = {}): (el: unknown) => boolean {
  const keys = Object.keys(criteria)
  if (keys.length === 0) return isDocument
  if (keys.every((k) => k[0] === '$' && k !== '$and' && k !== '$or' && k !== '$nor')) {
    const q = new Query({ v: criteria }, options)
    return (el) => q.test({ v: el })
  }
  const q = new Query(criteria, options)
  return (el) => isDocument(el) && q.test(el)
}

/** Query `$elemMatch`: some element of the array at `selector` passes elementMatcher. */
const $elemMatch = (selector: string, criteria: Record<string, unknown>, options: Options) => {
  const test = elementMatcher(criteria, options)
  return (o: unknown) => {
    const arr = resolve(o as Parameters<typeof resolve>[0], selector, { unwrapArray: true })
    return Array.isArray(arr) && arr.some(test)
  }
}

/**
 * Query `$mod`: numbers only, each truncated toward zero first (MongoDB compares the value's
 * integer part: -7.5 is -7, and -7 % 4 is -3). mingo applied JavaScript's % to anything, so a
 * string '6' matched {$mod: [4, 2]} and -7.5 did not match [4, -3].
 */
const $mod = (selector: string, value: unknown, _options: Options) => {
  const [d, r] = (value as number[]).map(Math.trunc)
  const test = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && Math.trunc(x) % d === r
  return (o: unknown) => {
    const v = resolve(o as Parameters<typeof resolve>[0], selector, { unwrapArray: true })
    return Array.isArray(v) ? v.some(test) : test(v)
  }
}

/**
 * Query `$all` as MongoDB defines it, the `$and` of one equality condition per value:
 * {tags: {$all: [['a', 'b']]}} also matches tags equal to ['a', 'b'] (mingo only found it as an
 * element), a regular expression matches as it does in {tags: /re/} (mingo never matched one), and
 * an `$elemMatch` value is that condition. An empty list matches nothing.
 */
const $all = (selector: string, value: unknown, options: Options) => {
  if (!Array.isArray(value) || value.length === 0) return () => false
  const each = value.map((v) => new Query({ [selector]: v }, options))
  return (o: unknown) => each.every((q) => q.test(o as Record<string, unknown>))
}

/**
 * Whether `path` is null or missing in `node`, as MongoDB's {path: null} decides it: a null or
 * missing value, or an array holding null, at the end of the path; a document on the way that
 * lacks the next field; a scalar on the way (not inside an array). Through an array the path goes
 * on in each document element (scalar elements have no fields: {a: [5, {b: 5}]} has no null a.b,
 * {a: [{}, {b: 5}]} has), or at a numeric position.
 */
function nullAt(node: unknown, parts: string[], i: number): boolean {
  if (i === parts.length) return node === null || node === undefined || (Array.isArray(node) && node.some((x) => x === null))
  if (node === null || node === undefined) return true
  if (Array.isArray(node)) {
    const p = parts[i]
    if (/^\d+$/.test(p) && nullAt(node[Number(p)], parts, i + 1)) return true
    return node.some((el) => isDocument(el) && nullAt(el[p], parts, i + 1))
  }
  if (isDocument(node)) return nullAt(node[parts[i]], parts, i + 1)
  return true
}
type QueryOp = (selector: string, value: unknown, options: Options) => (o: unknown) => boolean
const mingoQuery = query as unknown as Record<string, QueryOp>
/**
 * Query equality with null ($eq, $ne, $in, $nin holding null) through arrays of documents, as
 * MongoDB answers it: {'a.b': null} matches a: [{}, {b: 5}] (an element lacks b) and not
 * a: [5, {b: 5}]; mingo matched neither. Other values are mingo's.
 */
const withNull = (op: '$eq' | '$in'): QueryOp => (selector, value, options) => {
  const parts = selector.split('.')
  if (op === '$eq') return value === null ? (o) => nullAt(o, parts, 0) : mingoQuery.$eq(selector, value, options)
  if (!Array.isArray(value) || !value.includes(null)) return mingoQuery.$in(selector, value, options)
  const rest = value.filter((v) => v !== null)
  const others = rest.length ? mingoQuery.$in(selector, rest, options) : () => false
  return (o) => nullAt(o, parts, 0) || others(o)
}
// $gte / $lte null match what $eq null matches (MongoDB compares null with null or missing as
// equal, and with nothing else); mingo left out missing fields.
const nullOr = (op: '$gte' | '$lte'): QueryOp => (selector, value, options) =>
  value === null ? withNull('$eq')(selector, null, options) : mingoQuery[op](selector, value, options)
const QUERY_EQUALITY: Record<string, QueryOp> = {
  $gte: nullOr('$gte'),
  $lte: nullOr('$lte'),
  $eq: withNull('$eq'),
  $in: withNull('$in'),
  $ne: (selector, value, options) => {
    const eq = withNull('$eq')(selector, value, options)
    return (o) => !eq(o)
  },
  $nin: (selector, value, options) => {
    const inn = withNull('$in')(selector, value, options)
    return (o) => !inn(o)
  },
}

export const CONTEXT = Context.init({
  accumulator: ACCUMULATORS,
  expression: {
    ...expression,
    ...COMPARISONS,
    ...Object.fromEntries(ONE_ARGUMENT.map((k) => [k, oneArgument(k, (expression as Record<string, Expr>)[k])])),
    ...Object.fromEntries(DATE_PARTS.map((k) => [k, oneArgument(k, nullDate((expression as Record<string, Expr>)[k]))])),
    $toUpper: oneArgument('$toUpper', emptyForNull(expression.$toUpper as Expr)),
    ...Object.fromEntries(['$slice', '$setUnion', '$setIntersection', '$setDifference'].map((k) => [k, nullIfAnyNull((expression as Record<string, Expr>)[k])])),
    ...Object.fromEntries(Object.entries(REFUSALS).map(([k, wrap]) => [k, wrap((expression as Record<string, Expr>)[k])])),
    $switch,
    $cond: ((obj, expr, options) => {
      if (isDocument(expr) && !['if', 'then', 'else'].every((k) => k in expr)) {
        throw new Error(`Missing '${['if', 'then', 'else'].find((k) => !(k in expr))}' parameter to $cond`)
      }
      return (expression.$cond as Expr)(obj, expr, options)
    }) as Expr,
    $toLower: oneArgument('$toLower', emptyForNull(expression.$toLower as Expr)),
    ...Object.fromEntries(ACCUMULATOR_EXPRESSIONS.map((k) => [k, accumulatorExpression(k)])),
    $week: oneArgument('$week', nullDate($week)),
    $isoWeekYear: oneArgument('$isoWeekYear', nullDate($isoWeekYear)),
    $indexOfCP,
    $trunc,
    $dateFromParts,
    $dateFromString,
    $dateToString,
    $dateToParts,
    $arrayToObject,
    $substr: restOfString(expression.$substr as Expr),
    $substrBytes: restOfString(expression.$substrBytes as Expr),
  },
  pipeline: { ...pipeline, $sample, $bucket, $bucketAuto, $limit, $unwind, $project, $addFields, $set: $addFields },
  projection,
  query: { ...query, ...QUERY_EQUALITY, $elemMatch, $mod, $all },
  window,
} as unknown as Parameters<typeof Context.init>[0])

/** mingo's Query with the operators above: where(_.expr(…)), field() projections and update filters. */
export class Query extends CoreQuery {
  constructor(condition: Record<string, unknown>, options: Partial<Options> = {}) {
    super(condition, { ...options, context: CONTEXT } as Partial<Options>)
  }
}

/** mingo's Aggregator with the operators above. */
export class Aggregator extends CoreAggregator {
  constructor(stages: Record<string, unknown>[], options: Partial<Options> = {}) {
    super(stages, { ...options, context: CONTEXT } as Partial<Options>)
  }
}
