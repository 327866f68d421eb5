// Public entry of the emulated WeChat cloud database (`cloud.database()` of wx-server-sdk).
import { EmulatedDatabase, type DatabaseOptions } from './database'

export {
  Aggregate, Collection, DocumentReference, EmulatedDatabase, Query,
  type CallStats, type DatabaseOptions, type DatabaseStats, type IndexDecl,
} from './database'
export { DatabaseError } from './errors'
export type { DbCommand } from './commands'
export type { Doc } from './translate'

export function createDatabase(opts: DatabaseOptions = {}): EmulatedDatabase {
  return new EmulatedDatabase(opts)
}
