import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { PROGRAMME_METRICS } from '../../src/modules/programmes/service.js';
import { bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

describe.each(DIALECTS)('POST /api/v1/programmes under random bodies (%s)', (dialect) => {
  let t: TestApp;
  let platform: ReturnType<typeof bearer>;
  let staff: ReturnType<typeof bearer>;
  let prato: string;
  let arci: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    const a = await createUser(t.db, {
      email: 'admin@ponte.example',
      name: 'Admin',
      role: 'platform-admin',
      password: 'una-password-lunga',
    });
    const s = await createUser(t.db, {
      email: 'staff@prato.example',
      name: 'Staff',
      role: 'staff',
      organisation: prato,
      password: 'una-password-lunga',
    });
    platform = bearer(t.app, await createApiToken(t.db, a.id, 'test'));
    staff = bearer(t.app, await createApiToken(t.db, s.id, 'test'));
  });
  afterAll(() => t.close());

  const counts = async () => {
    const n = async (table: 'programmes' | 'programme_targets' | 'programme_partners') =>
      Number(
        (
          await t.db.k
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { programmes: await n('programmes'), targets: await n('programme_targets'), partners: await n('programme_partners') };
  };

  // Mostly plausible values, with the odd wrong type, so both success and every refusal are reached.
  const date = fc.oneof(
    fc.date({ min: new Date('1985-01-01'), max: new Date('2105-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.constantFrom('2026-02-30', '2026-13-01', '26-01-01', '', '2026-1-1', '2026-01-01T00:00:00Z'),
    fc.string({ maxLength: 12 }),
  );
  const anyValue = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.object({ maxDepth: 1 }),
  );
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constant(''),
    fc.string({ maxLength: 300 }),
  );
  /** Usually the good value, sometimes anything: so bodies reach success and every refusal. */
  const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: good, weight: 5 }, { arbitrary: bad, weight: 1 });
  const target = fc.record(
    {
      metric: mostly(fc.constantFrom(...PROGRAMME_METRICS), fc.oneof(fc.string({ maxLength: 10 }), anyValue)),
      value: mostly(fc.integer({ min: 1, max: 50_000 }), fc.oneof(fc.integer({ min: -5, max: 0 }), fc.constantFrom(1.5, 1e20), anyValue)),
      deadline: mostly(fc.constantFrom('2026-03-31', '2026-06-30', '2026-12-31'), date),
      label: fc.option(mostly(fc.string({ maxLength: 40 }), fc.oneof(text, anyValue)), { nil: undefined }),
    },
    { requiredKeys: ['metric', 'value', 'deadline'] },
  );
  const body = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record(
        {
          organisation: mostly(fc.constant('PRATO'), fc.oneof(fc.constant('ARCI'), fc.uuid(), fc.string({ maxLength: 10 }), anyValue)),
          name: mostly(fc.string({ minLength: 2, maxLength: 60 }), fc.oneof(text, anyValue)),
          description: fc.option(mostly(fc.string({ maxLength: 200 }), fc.oneof(text, anyValue)), { nil: undefined }),
          funding: fc.option(mostly(fc.constantFrom('PNRR M1C1 1.7.2', 'Regionale', 'Fondi propri'), fc.oneof(text, anyValue)), {
            nil: undefined,
          }),
          start: mostly(fc.constant('2026-01-01'), fc.oneof(date, anyValue)),
          end: mostly(fc.constant('2026-12-31'), fc.oneof(date, anyValue)),
          partners: fc.option(
            mostly(
              fc.array(fc.constantFrom('ARCI', 'PRATO'), { maxLength: 2 }),
              fc.oneof(fc.array(fc.oneof(fc.uuid(), fc.string()), { maxLength: 3 }), anyValue),
            ),
            { nil: undefined },
          ),
          nationalReporting: fc.option(mostly(fc.boolean(), anyValue), { nil: undefined }),
          retentionDays: fc.option(mostly(fc.integer({ min: 1, max: 3650 }), fc.oneof(fc.integer({ min: -10, max: 4000 }), anyValue)), {
            nil: undefined,
          }),
          targets: fc.option(mostly(fc.array(target, { maxLength: 4 }), anyValue), { nil: undefined }),
        },
        { requiredKeys: ['organisation', 'name', 'start', 'end'] },
      ),
    },
    { weight: 1, arbitrary: anyValue },
    { weight: 1, arbitrary: fc.array(anyValue, { maxLength: 3 }) },
  );
  const resolve = (v: unknown): unknown => {
    if (v === 'PRATO') return prato;
    if (v === 'ARCI') return arci;
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };

  it('never answers 5xx, and the rows change only on 201', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (raw, asAdmin) => {
        const payload = JSON.stringify(resolve(raw)) ?? 'null';
        const before = await counts();
        const res = await (asAdmin ? platform : staff)('POST', '/api/v1/programmes', payload, {
          'content-type': 'application/json',
          'idempotency-key': newId(),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, res.body).toBeLessThan(500);
        const after = await counts();
        if (res.statusCode === 201) {
          const p = res.json();
          expect(after.programmes).toBe(before.programmes + 1);
          expect(after.targets).toBe(before.targets + p.targets.length);
          expect(after.partners).toBe(before.partners + p.partners.length);
        } else {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 250 },
    );
    // The generator reaches both sides of the property.
    expect(statuses.get(201) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  });
});
