// Architecture check (DESIGN.md §7): src/core is pure TypeScript shared by the app and the cloud
// functions. It may import itself, `dayjs`, `valibot` and `chinese-days` (pure data: the statutory holiday
// table), and nothing else: no Taro, no wx-server-sdk, no React or MobX, no Node built-ins, and no
// relative path that climbs out of src/core.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CORE_DIR = path.dirname(fileURLToPath(import.meta.url));
const ALLOWED_PACKAGES = ['dayjs', 'valibot', 'chinese-days'];

interface Violation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Why `specifier`, imported from `absFile`, breaks the boundary; null when it is allowed. */
function whyForbidden(specifier: string, absFile: string, coreDir: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = path.resolve(path.dirname(absFile), specifier);
    const rel = path.relative(coreDir, target);
    return rel.startsWith('..') || path.isAbsolute(rel) ? 'relative import outside src/core' : null;
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0])) return 'Node built-in';
  const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (ALLOWED_PACKAGES.includes(pkg)) return null;
  return `package not allowed in core (only ${ALLOWED_PACKAGES.join(', ')})`;
}

/**
 * Every import in one source text that breaks the boundary. Uses TypeScript's own pre-processor, so
 * static, type-only, re-export, side-effect, dynamic `import()` and `require()` forms are all seen,
 * and commented-out imports are not.
 */
function checkImports(absFile: string, source: string, coreDir = CORE_DIR): Violation[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  const out: Violation[] = [];
  for (const ref of importedFiles) {
    const reason = whyForbidden(ref.fileName, absFile, coreDir);
    if (!reason) continue;
    const line = source.slice(0, ref.pos).split('\n').length;
    out.push({ file: path.relative(coreDir, absFile).split(path.sep).join('/'), line, specifier: ref.fileName, reason });
  }
  return out;
}

const isSource = (name: string) => /\.(m|c)?tsx?$/.test(name) && !/\.(test|spec)\.(m|c)?tsx?$/.test(name);

function coreSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return coreSourceFiles(p);
    return e.isFile() && isSource(e.name) ? [p] : [];
  });
}

const describeViolation = (v: Violation) => `src/core/${v.file}:${v.line} imports '${v.specifier}' (${v.reason})`;

describe('src/core boundary', () => {
  const files = coreSourceFiles(CORE_DIR);

  it('finds the core sources, including nested folders, and skips tests', () => {
    const rel = files.map((f) => path.relative(CORE_DIR, f).split(path.sep).join('/'));
    expect(rel).toEqual(expect.arrayContaining(['stateMachine.ts', 'routing.ts', 'notify/fieldRules.ts', 'api/contract.ts']));
    expect(rel.filter((f) => f.includes('.test.'))).toEqual([]);
  });

  it('no core file imports anything but core, dayjs and valibot', () => {
    const violations = files.flatMap((f) => checkImports(f, readFileSync(f, 'utf8')));
    expect(violations.map(describeViolation)).toEqual([]);
  });
});

describe('the boundary checker bites', () => {
  // A pretend file one folder down, like src/core/notify/x.ts.
  const fake = path.join(CORE_DIR, 'notify', 'fake.ts');
  const source = [
    "import Taro from '@tarojs/taro';", // 1
    "import { View } from '@tarojs/components';", // 2
    "import cloud from 'wx-server-sdk';", // 3
    "import { useState } from 'react';", // 4
    "import { makeAutoObservable } from 'mobx';", // 5
    "import { readFileSync } from 'fs';", // 6
    "import path from 'node:path';", // 7
    "export { createHash } from 'crypto';", // 8
    "import type { Ctx } from '../../../cloudfunctions/api/src/context';", // 9
    "import { api } from '../../services/api';", // 10
    'import {', // 11
    '  a,', // 12
    "} from 'lodash';", // 13
    "const sdk = require('wx-server-sdk');", // 14
    "const os = await import('os');", // 15
    // allowed below
    "import dayjs from 'dayjs';",
    "import utc from 'dayjs/plugin/utc';",
    "import * as v from 'valibot';",
    "import { fitThing } from './fieldRules';",
    "import type { Item } from '../types';",
    "export * from '../labels';",
    "// import fs from 'fs'  (a comment is not an import)",
    "const s = \"import x from 'react'\";",
  ].join('\n');

  it('reports each forbidden import with its line', () => {
    const found = checkImports(fake, source).map((v) => [v.line, v.specifier]);
    expect(found).toEqual([
      [1, '@tarojs/taro'],
      [2, '@tarojs/components'],
      [3, 'wx-server-sdk'],
      [4, 'react'],
      [5, 'mobx'],
      [6, 'fs'],
      [7, 'node:path'],
      [8, 'crypto'],
      [9, '../../../cloudfunctions/api/src/context'],
      [10, '../../services/api'],
      [13, 'lodash'],
      [14, 'wx-server-sdk'],
      [15, 'os'],
    ]);
  });

  it('says why, and names file:line in the failure text', () => {
    const [fsImport] = checkImports(fake, "import fs from 'fs';");
    expect(fsImport.reason).toBe('Node built-in');
    expect(describeViolation(fsImport)).toBe("src/core/notify/fake.ts:1 imports 'fs' (Node built-in)");
    const [escape] = checkImports(fake, "import x from '../../pages/index';");
    expect(escape.reason).toBe('relative import outside src/core');
  });

  it('resolves relative paths: one "../" from the core root already escapes', () => {
    const atRoot = path.join(CORE_DIR, 'routing.ts');
    expect(checkImports(atRoot, "import { x } from '../services/api';").map((v) => v.specifier)).toEqual(['../services/api']);
    expect(checkImports(atRoot, "import { x } from './notify/../types';")).toEqual([]);
  });

  it('allows core-relative imports, dayjs and valibot', () => {
    expect(checkImports(fake, "import dayjs from 'dayjs';\nimport * as v from 'valibot';\nimport { a } from '../types';")).toEqual([]);
  });
});
