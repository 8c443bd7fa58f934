import { defineConfig } from 'vitest/config';

// Four projects: unit tests beside the code, API tests over real HTTP, differential tests against
// PostGIS (test/db), browser tests in headless Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'data/**/*.test.ts', 'client/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // fixtures built in beforeAll (the bad-input corpus's 200 MB archive) outlast 10 s on a loaded machine
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/api/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // Differential tests against PostGIS: need DATABASE_URL and the postgis extension.
          name: 'db',
          include: ['test/db/**/*.test.ts'],
          environment: 'node',
          testTimeout: 900_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
