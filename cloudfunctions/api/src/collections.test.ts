import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, COLLECTION_NAMES } from './collections';
import { INDEXES } from './indexes';

// The emulator creates a collection on first use; CloudBase does not (and a collection nobody
// created has no indexes and no security rule). So every collection the code names must be
// declared in collections.ts, which scripts/deploy.mjs creates. This reads the source text itself.
const ROOT = path.resolve(__dirname, '../../..');
const DIRS = ['cloudfunctions', 'scripts/seed', 'src'];

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'test') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (/\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.|\.d\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** collection('x'), { collection: 'x' }, X_COLLECTION = 'x', and the seed's ['x', d.docs]. */
const PATTERNS = [
  /\bcollection\(\s*['"`]([A-Za-z_][\w-]*)['"`]\s*\)/g,
  /\bcollection:\s*['"]([A-Za-z_][\w-]*)['"]/g,
  /\b[A-Z][A-Z_]*COLLECTION\s*=\s*['"]([A-Za-z_][\w-]*)['"]/g,
  /\[\s*['"]([A-Za-z_][\w-]*)['"]\s*,\s*d\.\w+\s*\]/g,
];

function usedCollections(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const f of DIRS.flatMap((d) => files(path.join(ROOT, d)))) {
    const text = readFileSync(f, 'utf8');
    for (const re of PATTERNS) {
      for (const m of text.matchAll(re)) used.set(m[1], [...(used.get(m[1]) ?? []), path.relative(ROOT, f)]);
    }
  }
  return used;
}

describe('collections', () => {
  const used = usedCollections();

  it('every collection the code uses is declared in collections.ts', () => {
    const undeclared = [...used].filter(([name]) => !COLLECTION_NAMES.includes(name as never)).map(([name, where]) => `${name} (${[...new Set(where)].join(', ')})`);
    expect(undeclared, 'declare these in cloudfunctions/api/src/collections.ts').toEqual([]);
  });

  it('the scan sees the collections of the repos, the importer and the seed', () => {
    for (const name of ['items', 'outbox', 'households', 'orgNodes', 'people', 'jobs', 'audit']) expect(used.has(name), name).toBe(true);
  });

  it('every declared collection is used, says what it holds and how long it is kept', () => {
    for (const c of COLLECTIONS) {
      expect(used.has(c.name), `${c.name} is declared but never used`).toBe(true);
      expect(c.holds.length, c.name).toBeGreaterThan(2);
      expect(c.retention.length, c.name).toBeGreaterThan(1);
    }
    expect(new Set(COLLECTION_NAMES).size).toBe(COLLECTION_NAMES.length);
  });

  it('every index is on a declared collection', () => {
    for (const i of INDEXES) expect(COLLECTION_NAMES, `${i.collection}(${i.fields.join(',')})`).toContain(i.collection);
  });
});
