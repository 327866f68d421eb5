// Prints the database indexes declared in code, to create the same ones in the CloudBase console.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
const root = path.resolve(import.meta.dirname, '..');
spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['-e', "import('./cloudfunctions/api/src/indexes.ts').then(m => { for (const i of (m.INDEXES ?? m.default.INDEXES)) console.log(`${i.collection}: ${i.fields.join(' + ')}${i.unique ? ' (unique)' : ''}`) })"], { cwd: root, stdio: 'inherit' });
