import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // One migrated SQLite database and one demo programme per run, copied for each file.
    globalSetup: ['e2e/global-setup.ts'],
    setupFiles: ['test/setup-file.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // New password hashes at scrypt's 2^10 instead of 2^15 (src/core/passwords.ts): the suites
    // hash and check thousands of passwords, and the cost is not what they test.
    env: { PASSWORD_HASH_COST: '10', PONTE_CHECK_ANSWERS: '1' },
    pool: 'forks',
    // One module registry for the run, not one per file: each file no longer loads the whole
    // application (and Playwright) again. Files leave no global state behind (test/setup-file.ts).
    isolate: false,
    // Two files at once, each with its own server, database copy and Chromium: the browser waits
    // on the server and the server on the browser, so one file alone left a core idle.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
