// Prints the 用户隐私保护指引 declarations to type into the MP console (设置 → 服务内容声明), from
// src/core/privacy.ts, the same source as the in-app privacy policy page.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const m = await tsImport(pathToFileURL(path.resolve(import.meta.dirname, '..', 'src/core/privacy.ts')).href, import.meta.url);
console.log(m.privacyGuideLines().join('\n'));
