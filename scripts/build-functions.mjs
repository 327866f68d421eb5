// Bundles each cloud function's src/index.ts (with the domain core inlined) into its deployable index.js.
// wx-server-sdk stays external: the cloud installs it from the function's own package.json.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const fnRoot = path.join(root, 'cloudfunctions');
const names = readdirSync(fnRoot).filter((n) => existsSync(path.join(fnRoot, n, 'src', 'index.ts')));

for (const name of names) {
  const out = path.join(fnRoot, name, 'index.js');
  const r = await build({
    entryPoints: [path.join(fnRoot, name, 'src', 'index.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node16',
    external: ['wx-server-sdk'],
    minify: false,
    metafile: true,
    logLevel: 'warning',
  });
  const bytes = Object.values(r.metafile.outputs)[0].bytes;
  console.log(`cloudfunctions/${name}/index.js ${(bytes / 1024).toFixed(1)} KB`);
}
