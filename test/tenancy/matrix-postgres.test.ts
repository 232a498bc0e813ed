import { describe } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { tenancyMatrix } from './matrix.js';

// On PostgreSQL when the run has one (test/global-setup.ts), as every integration test.
describe.skipIf(!DIALECTS.includes('postgres'))('on PostgreSQL', () => {
  tenancyMatrix('postgres');
});
