// Marker objects produced by `db.command` (`_`), `db.serverDate()` and `db.RegExp()`.
// They are translated to mongo-style queries / update modifiers in translate.ts.

import { ERR, fail } from './errors'
import { checkGeoCommand, type GeoIntersectsOptions, type GeoNearOptions, type GeoWithinOptions } from './geo'

export type QueryOp =
  | 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin'
  | 'exists' | 'size' | 'elemMatch' | 'all' | 'not' | 'expr' | 'mod'
  | GeoOp

export type GeoOp = 'geoNear' | 'geoWithin' | 'geoIntersects'

export type LogicOp = 'and' | 'or' | 'nor'

export type UpdateOp =
  | 'set' | 'remove' | 'inc' | 'mul' | 'min' | 'max' | 'rename'
  | 'push' | 'pull' | 'pullAll' | 'addToSet' | 'pop' | 'shift' | 'unshift'

/** Shared field-level chaining: `_.gt(1).and(_.lt(5))`. */
abstract class Chainable {
  and(...operands: unknown[]): LogicCommand {
    return new LogicCommand('and', [this, ...flattenArgs(operands)])
  }
  or(...operands: unknown[]): LogicCommand {
    return new LogicCommand('or', [this, ...flattenArgs(operands)])
  }
  nor(...operands: unknown[]): LogicCommand {
    return new LogicCommand('nor', [this, ...flattenArgs(operands)])
  }
}

export class QueryCommand extends Chainable {
  constructor(readonly op: QueryOp, readonly value: unknown) {
    super()
  }
}

/**
 * and/or/nor. Used at top level (`where(_.or([{a:1},{b:2}]))`, operands are conditions)
 * or as a field value (`{a: _.or(_.lt(1), _.gt(9))}`, operands are commands/values).
 */
export class LogicCommand extends Chainable {
  constructor(readonly op: LogicOp, readonly operands: unknown[]) {
    super()
  }
}

export class UpdateCommand {
  constructor(readonly op: UpdateOp, readonly value: unknown) {}
}

/** Placeholder resolved to the write time (plus offset ms) when the request is executed. */
export const SERVER_DATE = Symbol.for('ServerDate')

export class ServerDate {
  /** Marker the SDKs put on their ServerDate objects. */
  readonly _internalType = SERVER_DATE
  constructor(readonly offset = 0) {}
  /** What the SDK sends over the wire. */
  parse(): { $tcb_server_date: { offset: number } } {
    return { $tcb_server_date: { offset: this.offset } }
  }
}


export class DbRegExp {
  readonly regexp: string
  readonly options: string
  constructor(opts: { regexp: string; options?: string }) {
    if (!opts || typeof opts.regexp !== 'string') throw new TypeError('db.RegExp requires { regexp: string }')
    this.regexp = opts.regexp
    this.options = opts.options ?? ''
  }
  toRegExp(): RegExp {
    return new RegExp(this.regexp, this.options)
  }
}

// `_.and([a, b])` and `_.and(a, b)` are both accepted by the SDK.
function flattenArgs(args: unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : args
}

/** Aggregation pipeline builder for `$lookup` with `pipeline`: `$.pipeline().match(...).done()`. */
export class PipelineBuilder {
  readonly stages: Record<string, unknown>[] = []
  done(): Record<string, unknown>[] {
    return this.stages
  }
}
export interface PipelineBuilder {
  [stage: string]: any
}

/** The aggregate stages wx-server-sdk can send. */
export const PIPELINE_STAGES = [
  'addFields', 'bucket', 'bucketAuto', 'count', 'geoNear', 'group', 'limit', 'lookup', 'match',
  'project', 'replaceRoot', 'sample', 'skip', 'sort', 'sortByCount', 'unwind',
] as const

/**
 * MongoDB stages that wx-server-sdk has no method for. Refused here, so that nothing passes
 * locally and then fails in production.
 */
export const UNSUPPORTED_STAGES = ['facet', 'replaceWith', 'set', 'unset'] as const

/** Give a builder prototype one method per stage. */
export function defineStages(proto: object): void {
  for (const stage of PIPELINE_STAGES) {
    ;(proto as any)[stage] = function (this: { stages: Record<string, unknown>[] }, arg: unknown) {
      this.stages.push({ ['$' + stage]: arg })
      return this
    }
  }
  for (const stage of UNSUPPORTED_STAGES) {
    ;(proto as any)[stage] = function () {
      throw fail('aggregate', ERR.INVALID_PARAM, `aggregate stage ${stage} is not supported by wx-server-sdk`)
    }
  }
}

defineStages(PipelineBuilder.prototype)

/** `db.command.project`: projection operators for `field()`, e.g. `_.project.slice([1, 2])`. */
export class ProjectionOperator {
  constructor(readonly op: 'slice' | 'elemMatch', readonly value: unknown) {}
}

/**
 * `db.command.aggregate` ($): any property `x` is an operator factory returning `{ $x: arg }`
 * (one argument) or `{ $x: [args] }` (several), e.g. `$.sum('$n')`, `$.add('$a', '$b')`.
 */
export function createAggregateCommand(): Record<string, (...args: unknown[]) => any> {
  const cache = new Map<string, (...args: unknown[]) => unknown>()
  return new Proxy({} as Record<string, (...args: unknown[]) => any>, {
    get(_t, prop) {
      if (typeof prop !== 'string') return undefined
      if (prop === 'pipeline') return () => new PipelineBuilder()
      let fn = cache.get(prop)
      if (!fn) {
        // The SDK's one rename among aggregate operators: $.neq is MongoDB's $ne.
        const key = prop === 'neq' ? '$ne' : '$' + prop
        fn = (...args: unknown[]) => ({ [key]: args.length === 1 ? args[0] : args })
        cache.set(prop, fn)
      }
      return fn
    },
  })
}

export interface DbCommand {
  eq(v: unknown): QueryCommand
  neq(v: unknown): QueryCommand
  gt(v: unknown): QueryCommand
  gte(v: unknown): QueryCommand
  lt(v: unknown): QueryCommand
  lte(v: unknown): QueryCommand
  in(v: unknown[]): QueryCommand
  nin(v: unknown[]): QueryCommand
  exists(v: boolean): QueryCommand
  size(v: number): QueryCommand
  elemMatch(v: unknown): QueryCommand
  all(v: unknown[]): QueryCommand
  not(v: QueryCommand | LogicCommand): QueryCommand
  expr(v: unknown): QueryCommand
  geoNear(v: GeoNearOptions): QueryCommand
  geoWithin(v: GeoWithinOptions): QueryCommand
  geoIntersects(v: GeoIntersectsOptions): QueryCommand
  and(...operands: unknown[]): LogicCommand
  or(...operands: unknown[]): LogicCommand
  nor(...operands: unknown[]): LogicCommand
  set(v: unknown): UpdateCommand
  remove(): UpdateCommand
  inc(v: number): UpdateCommand
  mul(v: number): UpdateCommand
  min(v: unknown): UpdateCommand
  max(v: unknown): UpdateCommand
  rename(v: string): UpdateCommand
  /** `_.push(a)`, `_.push([a, b])`, `_.push(a, b, c)` or `_.push({each, position, sort, slice})`. */
  push(...v: unknown[]): UpdateCommand
  pull(v: unknown): UpdateCommand
  pullAll(v: unknown[]): UpdateCommand
  addToSet(v: unknown): UpdateCommand
  pop(): UpdateCommand
  shift(): UpdateCommand
  unshift(...v: unknown[]): UpdateCommand
  /** `_.mod(divisor, remainder)` or `_.mod([divisor, remainder])`. */
  mod(divisor: number | [number, number], remainder?: number): QueryCommand
  project: { slice(v: number | [number, number]): ProjectionOperator; elemMatch(v: unknown): ProjectionOperator }
  aggregate: Record<string, (...args: unknown[]) => any>
}

export function createCommand(): DbCommand {
  const q = (op: QueryOp) => (v: unknown) => new QueryCommand(op, v)
  const u = (op: UpdateOp) => (v?: unknown) => new UpdateCommand(op, v)
  // Several arguments are several values: `_.push(a, b, c)` appends all three.
  const many = (op: UpdateOp) => (...v: unknown[]) => new UpdateCommand(op, v.length > 1 ? v : v[0])
  // Geo arguments are checked when the command is built, as the SDK does.
  const g = (op: GeoOp) => (v: unknown) => (checkGeoCommand(op, v), new QueryCommand(op, v))
  return {
    eq: q('eq'), neq: q('neq'), gt: q('gt'), gte: q('gte'), lt: q('lt'), lte: q('lte'),
    in: q('in'), nin: q('nin'), exists: q('exists'), size: q('size'), elemMatch: q('elemMatch'),
    all: q('all'), not: q('not'), expr: q('expr'),
    geoNear: g('geoNear'), geoWithin: g('geoWithin'), geoIntersects: g('geoIntersects'),
    and: (...o: unknown[]) => new LogicCommand('and', flattenArgs(o)),
    or: (...o: unknown[]) => new LogicCommand('or', flattenArgs(o)),
    nor: (...o: unknown[]) => new LogicCommand('nor', flattenArgs(o)),
    set: u('set'), remove: u('remove'), inc: u('inc'), mul: u('mul'), min: u('min'), max: u('max'),
    rename: u('rename'), push: many('push'), pull: u('pull'), pullAll: u('pullAll'),
    addToSet: u('addToSet'), pop: u('pop'), shift: u('shift'), unshift: many('unshift'),
    mod: (d: number | [number, number], r?: number) => new QueryCommand('mod', Array.isArray(d) ? d : [d, r]),
    project: {
      slice: (v: number | [number, number]) => new ProjectionOperator('slice', v),
      elemMatch: (v: unknown) => new ProjectionOperator('elemMatch', v),
    },
    aggregate: createAggregateCommand(),
  }
}
