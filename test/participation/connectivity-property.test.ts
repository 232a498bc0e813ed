import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DIALECTS } from '../helpers.js';
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

  it('the public form without JavaScript, and the staff list and merge with any input', async () => {
    const text = fc.oneof(fc.string({ maxLength: 230 }), fc.constantFrom('', '033025', '44.9', 'school', 'other', '<b>x</b>'));
    const form = fc.record(
      {
        locality: fc.oneof(fc.constantFrom('033025', '033036', '017081', ''), text),
        hamlet: text,
        street: text,
        lat: text,
        lon: text,
        problem: fc.oneof(fc.constantFrom('no-broadband', 'no-mobile-data'), text),
        operator: fc.oneof(fc.constantFrom('tim', 'other', 'unknown'), text),
        operatorOther: text,
        building: fc.oneof(fc.constantFrom('home', 'school'), text),
        schoolName: text,
        email: text,
        website: fc.oneof(fc.constant(''), text),
      },
      { requiredKeys: [] },
    );
    const citizen = new Browser(w.t.app);
    const url = `/connettivita/${w.valnure}/segnala`;
    const csrf = await citizen.csrf(url);
    await fc.assert(
      fc.asyncProperty(form, async (b) => {
        const before = await w.count();
        const res = await citizen.post(url, b, { csrf });
        expect([201, 422]).toContain(res.statusCode);
        expect(await w.count()).toBe(before + (res.statusCode === 201 ? 1 : 0));
      }),
      { numRuns: 60 },
    );

    const staff = await w.staffBrowser();
    const query = fc.record(
      { status: text, problem: text, format: fc.oneof(fc.constantFrom('json', 'csv', 'geojson'), text) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const qs = new URLSearchParams(q as Record<string, string>).toString();
        expect([200, 400]).toContain((await w.staff('GET', `/api/v1/organisations/${w.valnure}/connectivity-reports?${qs}`)).statusCode);
        expect([200, 400]).toContain((await staff.get(`/admin/organisations/${w.valnure}/connettivita?${qs}`)).statusCode);
      }),
      { numRuns: 40 },
    );

    const target = (await w.post(w.body())).json().id as string;
    const ids = (await w.t.db.k.selectFrom('connectivity_reports').select('id').limit(5).execute()).map((r) => r.id);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null)),
        async (into) => {
          const res = await w.staff('POST', `/api/v1/connectivity-reports/${target}/merge`, { into });
          expect([200, 400, 409, 422]).toContain(res.statusCode);
        },
      ),
      { numRuns: 40 },
    );
  });
});
