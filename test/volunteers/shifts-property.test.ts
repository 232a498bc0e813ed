import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { inHours, type VolunteerWorld, volunteerWorld } from './world.js';

/** Any body sent to publish a shift, or to sign up: never a 5xx, and a row only when the answer is 201. */
describe.each(DIALECTS)('shifts API with any input (%s)', (dialect) => {
  let w: VolunteerWorld;
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
  });
  afterAll(() => w?.close());

  const count = async (table: 'shifts' | 'shift_signups') =>
    Number(
      (
        await w.t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('publishing a shift', async () => {
    const anyValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }));
    const instant = fc.oneof(
      fc.integer({ min: -100, max: 1000 }).map((h) => inHours(h)),
      fc.constantFrom('2030-02-30T10:00:00Z', '2030-03-01', '', '2030-03-01T25:00:00Z'),
      anyValue,
    );
    const body = fc.record(
      {
        organisation: fc.oneof(fc.constant(w.prato), fc.constant(w.firenze), fc.uuid(), anyValue),
        programme: fc.oneof(fc.uuid(), anyValue),
        desk: fc.oneof(fc.uuid(), anyValue),
        event: fc.oneof(fc.uuid(), anyValue),
        title: fc.oneof(fc.string({ maxLength: 210 }), anyValue),
        municipality: fc.oneof(fc.constantFrom('100005', '12345'), anyValue),
        start: instant,
        end: instant,
        needed: fc.oneof(fc.integer({ min: -2, max: 600 }), fc.double(), anyValue),
        skills: fc.oneof(fc.array(fc.constantFrom('smartphone', 'pagopa', 'nope')), anyValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await count('shifts');
        const res = await w.staff('POST', '/api/v1/shifts', b);
        expect([201, 400, 403, 422]).toContain(res.statusCode);
        expect(await count('shifts')).toBe(before + (res.statusCode === 201 ? 1 : 0));
      }),
      { numRuns: 60 },
    );
  });

  it('signing up for any shift id', async () => {
    const ada = await w.volunteer('ada@example.org');
    const real = await w.shift({ skills: [] }, 100);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(real), fc.uuid(), fc.string({ maxLength: 40 })), async (id) => {
        const before = await count('shift_signups');
        const res = await ada.client('POST', `/api/v1/shifts/${encodeURIComponent(id)}/signups`);
        expect([201, 404, 409]).toContain(res.statusCode);
        expect(await count('shift_signups')).toBe(before + (res.statusCode === 201 ? 1 : 0));
      }),
      { numRuns: 30 },
    );
  });
});
