import { defineConfig } from 'vitest/config';

// Only for `npm run mutation` (stryker.config.mjs): the unit tests of the mutated code, which
// Stryker runs per mutant (just the tests that cover it). The integration tests of the api
// (authz.matrix, commands, ladder, admin) are left out on purpose: each prepares an emulator,
// and the matrix alone takes ~20 s and covers nearly every line of issuers.ts, which made two
// files' 279 mutants take ~27 minutes on two cores. The app-layer files have unit tests of their
// own instead (issuers, targets, adminScope, and itemCommand.unit.test.ts, which stands in for the
// database; itemCommand.test.ts drives the same code through the router in `npm test`).
export default defineConfig({
  test: {
    include: [
      'src/core/**/*.test.ts',
      'cloudfunctions/api/src/app/issuers.test.ts',
      'cloudfunctions/api/src/app/itemCommand.unit.test.ts',
      'cloudfunctions/api/src/app/targets.test.ts',
      'cloudfunctions/api/src/adminScope.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
  },
});
