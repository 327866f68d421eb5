// `npm run mutation`: StrykerJS with stryker.config.mjs (clear-text report with the surviving
// mutants, per-file score table), then one summary line. Not part of `npm test`.
// `npm run mutation -- <file> …` mutates only those files (the incremental file still applies).

import { Stryker } from '@stryker-mutator/core';

const files = process.argv.slice(2);
const started = Date.now();
const results = await new Stryker({ configFile: 'stryker.config.mjs', ...(files.length ? { mutate: files } : {}) }).runMutationTest();

const count = (...s) => results.filter((r) => s.includes(r.status)).length;
const detected = count('Killed', 'Timeout');
const undetected = count('Survived', 'NoCoverage');
const valid = detected + undetected;
const secs = Math.round((Date.now() - started) / 1000);
const score = valid ? ((100 * detected) / valid).toFixed(2) : 'n/a';
console.log(
  `mutation score ${score}% — ${detected} of ${valid} mutants killed (${count('Timeout')} by timeout); ` +
    `${count('Survived')} survived, ${count('NoCoverage')} without coverage, ${count('Ignored')} ignored, ` +
    `${count('CompileError', 'RuntimeError')} invalid; ${Math.floor(secs / 60)}m${String(secs % 60).padStart(2, '0')}s`,
);
