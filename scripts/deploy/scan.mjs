// What the code actually uses, read from the source text: collections and openapi calls. The
// deploy dry run and scripts/deploy.test.ts compare it with what the repository declares
// (cloudfunctions/api/src/collections.ts, each function's config.json), so a collection or a cloud
// call added to the code without its declaration fails before anything reaches WeChat.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where code that talks to the cloud database lives (tests excluded: they may use scratch collections). */
export const CODE_DIRS = ['cloudfunctions', 'scripts/seed', 'src'];

const SKIP_DIR = new Set(['node_modules', 'test']);
const isSource = (f) => /\.(ts|tsx|mjs|js)$/.test(f) && !/\.test\.(ts|tsx|mjs|js)$/.test(f) && !f.endsWith('.d.ts');

export function sourceFiles(root, dirs = CODE_DIRS) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP_DIR.has(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // Bundled outputs (cloudfunctions/*/index.js) repeat their sources.
      else if (isSource(e.name) && !/^cloudfunctions\/[^/]+\/index\.js$/.test(path.relative(root, p).split(path.sep).join('/'))) out.push(p);
    }
  };
  for (const d of dirs) {
    const abs = path.join(root, d);
    try {
      if (statSync(abs).isDirectory()) walk(abs);
    } catch {
      // a missing folder uses nothing
    }
  }
  return out.sort();
}

/**
 * Ways code names a collection: db.collection('x'), tx.collection("x"), `{ collection: 'x' }`
 * (index and write-plan declarations), `X_COLLECTION = 'x'` constants, and the seed's
 * `['x', d.docs]` table.
 */
const COLLECTION_PATTERNS = [
  /\bcollection\(\s*['"`]([A-Za-z_][\w-]*)['"`]\s*\)/g,
  /\bcollection:\s*['"]([A-Za-z_][\w-]*)['"]/g,
  /\b[A-Z][A-Z_]*COLLECTION\s*=\s*['"]([A-Za-z_][\w-]*)['"]/g,
  /\[\s*['"]([A-Za-z_][\w-]*)['"]\s*,\s*d\.\w+\s*\]/g,
];

/** Collection name → the files that use it. */
export function collectionsUsedInCode(root, files = sourceFiles(root)) {
  const used = new Map();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const re of COLLECTION_PATTERNS) {
      for (const m of text.matchAll(re)) {
        const rel = path.relative(root, f).split(path.sep).join('/');
        if (!used.has(m[1])) used.set(m[1], new Set());
        used.get(m[1]).add(rel);
      }
    }
  }
  return new Map([...used].map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => a.localeCompare(b)));
}

/** `cloud.openapi.subscribeMessage.send(` → 'subscribeMessage.send', for the given source files. */
export function openapiUsedIn(files) {
  const used = new Set();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bopenapi\s*\.\s*([A-Za-z]\w*)\s*\.\s*([A-Za-z]\w*)\s*\(/g)) used.add(`${m[1]}.${m[2]}`);
  }
  return [...used].sort();
}
