// Bundles each cloud function's src/index.ts (with the domain core inlined) into its deployable index.js.
// Packages that read their own files at run time (SDK, pdfkit's font metrics, the CJK font, exceljs)
// stay external: the cloud installs them from the function's own package.json.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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
    external: Object.keys(JSON.parse(readFileSync(path.join(fnRoot, name, 'package.json'), 'utf8')).dependencies ?? {}),
    minify: false,
    metafile: true,
    logLevel: 'warning',
  });
  const bytes = Object.values(r.metafile.outputs)[0].bytes;
  console.log(`cloudfunctions/${name}/index.js ${(bytes / 1024).toFixed(1)} KB`);
}
