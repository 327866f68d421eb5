// NeDB ships no types for its internal model module. appendLog.ts and the transaction journal
// write lines with NeDB's own serializer, so what they append loads like NeDB's own lines.
declare module '@seald-io/nedb/lib/model.js' {
  const model: {
    serialize(obj: unknown): string
    deserialize(raw: string): any
  }
  export = model
}
