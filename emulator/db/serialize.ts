// NeDB's datafile line format (one JSON object per line, a Date as {"$$date": <ms>}), produced
// without JSON.stringify's per-key replacer function. NeDB's own serialize calls that replacer
// for every key of every document; on the submit path it was most of the store's CPU per commit
// (the counters' day document alone has a few hundred keys). Output is byte-identical to NeDB's
// (serialize.test.ts), so lines written here load with NeDB's own parser.

const ALLOWED_DOLLAR = new Set(['$$date', '$$deleted', '$$indexCreated', '$$indexRemoved'])

/** NeDB's key rules: no leading `$` (but its own markers), no `.`. */
function checkKey(k: string, v: unknown): void {
  if (k.charCodeAt(0) === 36 && !(ALLOWED_DOLLAR.has(k) && (k !== '$$date' || typeof v === 'number') && (k !== '$$deleted' || v === true)))
    throw new Error('Field names cannot begin with the $ character')
  if (k.includes('.')) throw new Error('Field names cannot contain a .')
}

/** The value JSON.stringify should see: dates as {$$date}, undefined object fields dropped. */
function prepare(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    const out = new Array(v.length)
    for (let i = 0; i < v.length; i++) out[i] = prepare(v[i])
    return out
  }
  if (typeof (v as Date).getTime === 'function') return { $$date: (v as Date).getTime() }
  // JSON.stringify would call toJSON before NeDB's replacer sees the value: do the same.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return prepare((v as { toJSON(): unknown }).toJSON())
  const out: Record<string, unknown> = {}
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue
    const x = (v as Record<string, unknown>)[k]
    checkKey(k, x)
    if (x !== undefined) out[k] = prepare(x)
  }
  return out
}

/** One datafile line (without its newline), as NeDB's model.serialize writes it. */
export function serializeLine(doc: unknown): string {
  return JSON.stringify(prepare(doc))
}
