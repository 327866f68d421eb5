import { defineConfig } from 'vitest/config';

// `unit` runs in-process against the in-memory emulator; `e2e` drives the built H5 app in
// Chromium against a real emulator process and checks the weapp build with WeChat's compiler.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'emulator/**/*.test.ts', 'cloudfunctions/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/globalSetup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
