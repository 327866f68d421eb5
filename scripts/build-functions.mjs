// Bundles each cloud function's src/index.ts (with the domain core inlined) into its deployable index.js.
// Packages that read their own files at run time (SDK, pdfkit's font metrics, the CJK font, exceljs)
// stay external: the cloud installs them from the function's own package.json. Only the `jobs`
// function lists pdfkit and exceljs; the api never loads them (build-functions.test.ts checks).
//
// Deployment settings are compiled in (scripts/deploy.mjs sets them): subscription template ids
// from WX_TPL_<PLACEHOLDER> (e.g. WX_TPL_ITEM_ASSIGNED), and which Mini Program version codes and
// messages open from WX_ENV_VERSION / WX_MINIPROGRAM_STATE. Unset, the placeholders and the
// release version stay (what the emulator and the tests use).
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const fnRoot = path.join(root, 'cloudfunctions');

export const functionNames = () => readdirSync(fnRoot).filter((n) => existsSync(path.join(fnRoot, n, 'src', 'index.ts'))).sort();

/** `WX_TPL_ITEM_ASSIGNED=abc` → `{ TPL_ITEM_ASSIGNED: 'abc' }`. */
export function templateIdsFromEnv(env = process.env) {
  const ids = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('WX_TPL_') && v) ids[k.slice(3)] = v;
  return ids;
}

export function definesFromEnv(env = process.env) {
  const ids = templateIdsFromEnv(env);
  const release = {};
  if (env.WX_MINIPROGRAM_STATE) release.miniprogramState = env.WX_MINIPROGRAM_STATE;
  if (env.WX_ENV_VERSION) release.envVersion = env.WX_ENV_VERSION;
  return {
    GRIDLINK_TEMPLATE_IDS: Object.keys(ids).length ? JSON.stringify(ids) : 'undefined',
    GRIDLINK_RELEASE: Object.keys(release).length ? JSON.stringify(release) : 'undefined',
  };
}

/**
 * Builds every function; answers each bundle's size, the source files it contains and what it
 * leaves external. With `write: false` nothing is written (deploy --dry-run inspects the bundles).
 */
export async function buildFunctions({ env = process.env, quiet = false, write = true } = {}) {
  const out = [];
  for (const name of functionNames()) {
    const outfile = path.join(fnRoot, name, 'index.js');
    const pkg = JSON.parse(readFileSync(path.join(fnRoot, name, 'package.json'), 'utf8'));
    const r = await build({
      entryPoints: [path.join(fnRoot, name, 'src', 'index.ts')],
      absWorkingDir: root,
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node16',
      external: Object.keys(pkg.dependencies ?? {}),
      define: definesFromEnv(env),
      // Minified for a smaller cold start (build-functions.test.ts holds the api under 300 KB);
      // keepNames leaves function and class names readable in the cloud's error logs.
      minify: true,
      keepNames: true,
      metafile: true,
      write,
      logLevel: 'warning',
    });
    const [, meta] = Object.entries(r.metafile.outputs)[0];
    // Paths relative to the repository root.
    const inputs = Object.keys(meta.inputs).filter((i) => !i.startsWith('node_modules/') && !i.startsWith('<'));
    const external = [...new Set((meta.imports ?? []).filter((i) => i.external).map((i) => i.path))].sort();
    out.push({ name, file: outfile, bytes: meta.bytes, inputs, external, dependencies: Object.keys(pkg.dependencies ?? {}) });
    if (!quiet && write) console.log(`cloudfunctions/${name}/index.js ${(meta.bytes / 1024).toFixed(1)} KB`);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildFunctions();
