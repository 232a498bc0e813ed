import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type ConnectivityWorld, connectivityWorld } from './connectivity-world.js';

/** Any body sent as a citizen's report: never a 5xx, and a row only when the answer is 201. */
describe.each(DIALECTS)('connectivity reports with any input (%s)', (dialect) => {
  let w: ConnectivityWorld;
  beforeAll(async () => {
    w = await connectivityWorld(dialect);
  });
  afterAll(() => w?.close());

  it('POST /api/v1/connectivity-reports', async () => {
    const anyValue = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.object({ maxDepth: 1 }),
    );
    const coordinate = fc.oneof(
      fc.double({ min: -200, max: 200, noNaN: true }),
      fc.double({ min: 44.8, max: 45, noNaN: true }),
      fc.constantFrom('44.9', '9,7', '', 'NaN'),
      anyValue,
    );
    const body = fc.record(
      {
        organisation: fc.oneof(fc.constant(w.valnure), fc.constant(w.gussago), fc.uuid(), anyValue),
        locality: fc.oneof(fc.constantFrom('033025', '033035', '017081', '999999', ''), anyValue),
        hamlet: fc.oneof(fc.string({ maxLength: 120 }), anyValue),
        street: fc.oneof(fc.string({ maxLength: 220 }), fc.constant('<script>x</script>'), anyValue),
        lat: coordinate,
        lon: coordinate,
        problem: fc.oneof(fc.constantFrom('no-broadband', 'slow-broadband', 'no-mobile-signal', 'no-mobile-data', 'nope'), anyValue),
        operator: fc.oneof(fc.constantFrom('tim', 'other', 'unknown', 'x'), anyValue),
        operatorOther: fc.oneof(fc.string({ maxLength: 70 }), anyValue),
        building: fc.oneof(fc.constantFrom('home', 'school', 'business', 'public', 'castle'), anyValue),
        schoolName: fc.oneof(fc.string({ maxLength: 160 }), anyValue),
        email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 30 }), anyValue),
        website: fc.oneof(fc.constant(''), fc.string({ maxLength: 10 }), anyValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await w.count();
        const res = await w.post(b);
        expect([201, 400, 422]).toContain(res.statusCode);
        expect(await w.count()).toBe(before + (res.statusCode === 201 ? 1 : 0));
      }),
      { numRuns: 120 },
    );
  });
});
