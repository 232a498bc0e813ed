import { afterAll, beforeAll, vi } from 'vitest';
import { setClockOffset } from '../src/core/time.js';

// Test files share a worker's modules (isolate: false in vitest.config.ts): each starts and ends
// with the real clock and no mocks, whatever the file before it did.
beforeAll(() => setClockOffset(0));
afterAll(() => {
  setClockOffset(0);
  vi.restoreAllMocks();
});
