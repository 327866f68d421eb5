// StrykerJS over the pure core and the authorization / workflow code of the api function:
// `npm run mutation` (scripts/mutation.mjs). Results and the incremental file go to reports/
// (git-ignored); the sandbox lives in .stryker-tmp/ (git-ignored, removed after a run).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // vitest strips types without checking them: no need to add // @ts-nocheck to mutated files.
  disableTypeChecks: false,
  concurrency: 2,
  mutate: [
    'src/core/**/*.ts',
    '!src/core/**/*.test.ts',
    // Data only: label maps, the spreadsheet column table (headers, examples, help text) and
    // type-only modules (the wire contracts, types.ts). Mutating a Chinese label or a help string
    // tests nothing but the text itself.
    '!src/core/labels.ts',
    '!src/core/importing/columns.ts',
    '!src/core/types.ts',
    '!src/core/api/**',
    '!src/core/stats/contract.ts',
    // Who may do what: how a caller stands to an item, the command path, transfer/whistle targets,
    // admin subtrees.
    'cloudfunctions/api/src/app/issuers.ts',
    'cloudfunctions/api/src/app/itemCommand.ts',
    'cloudfunctions/api/src/app/targets.ts',
    'cloudfunctions/api/src/adminScope.ts',
  ],
  ignorePatterns: ['dist-h5', 'miniprogram', '.data*', '.e2e-artifacts', '.swc', 'bench-results'],
  // Static mutants (module-level tables and valibot schemas, evaluated once at import) each need
  // a fresh module graph and every test: about 1,000 of them would take hours on two cores.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportMutants: true },
  thresholds: { high: 80, low: 60, break: null },
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
