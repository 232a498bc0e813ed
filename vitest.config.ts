import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // New password hashes at scrypt's 2^10 instead of 2^15 (src/core/passwords.ts): the suites
    // hash and check thousands of passwords, and the cost is not what they test.
    env: { PASSWORD_HASH_COST: '10', PONTE_CHECK_ANSWERS: '1' },
    pool: 'forks',
    // One module registry per worker, not per file: the application's modules are loaded once by
    // each worker instead of once by each of a hundred test files (most of the suite's time).
    // Tests therefore leave no global state behind: the clock offset is reset, mocks restored.
    isolate: false,
    fileParallelism: true,
    sequence: { sequencer: LongestFirst },
    // The tests wait on the databases, the SMTP server, child processes and timers more than they
    // compute: two workers more than there are cores keep both cores busy (one more left a third
    // of the machine idle; Vitest's default is one fewer).
    maxWorkers: availableParallelism() + 2,
  },
});
