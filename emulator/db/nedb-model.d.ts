// NeDB ships no types for its internal model module. The store and the transaction journal read
// lines back with NeDB's parser; serialize.ts writes NeDB's line format (checked against
// model.serialize in serialize.test.ts).
declare module '@seald-io/nedb/lib/model.js' {
  const model: {
    serialize(obj: unknown): string
    deserialize(raw: string): any
    compareThings(a: unknown, b: unknown): number
    getDotValues(doc: unknown, fields: string[]): unknown
  }
  export = model
}
