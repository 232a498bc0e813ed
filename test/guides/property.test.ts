import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { ACCESS_METHODS, CATEGORIES, LIFE_EVENTS, STATUSES } from '../../src/modules/guides/schemas.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { NASTY } from './nasty.js';

describe.each(DIALECTS)('POST /api/v1/services under random bodies (%s)', (dialect) => {
  let t: TestApp;
  let staff: ReturnType<typeof bearer>;
  let prato: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    const s = await createUser(t.db, {
      email: 'staff@prato.example',
      name: 'Staff',
      role: 'staff',
      organisation: prato,
      password: 'una-password-lunga',
    });
    staff = bearer(t.app, await createApiToken(t.db, s.id, 'test'));
  });
  afterAll(() => t.close());

  const count = async (table: 'service_sheets' | 'service_sheet_versions' | 'guide_index') =>
    Number(
      (
        await t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  // Mostly plausible values with odd ones mixed in, so both success and every refusal are reached.
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('Attivare lo SPID', 'Carta d’identità elettronica', 'Pagare la TARI con pagoPA', ''),
    fc.constantFrom(...NASTY),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
  const odd = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
  );
  /** An optional field: half the time missing, else usually a good value, sometimes a bad one. */
  const maybe = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U> = odd as fc.Arbitrary<never>) =>
    fc.option(fc.oneof({ arbitrary: good, weight: 8 }, { arbitrary: bad, weight: 1 }, { arbitrary: odd, weight: 1 }), {
      nil: undefined,
      freq: 2,
    });
  /** A required field: usually a good value, sometimes a bad one, rarely missing. */
  const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
    fc.option(fc.oneof({ arbitrary: good, weight: 5 }, { arbitrary: bad, weight: 1 }, { arbitrary: odd, weight: 1 }), {
      nil: undefined,
      freq: 12,
    });
  const body = fc.record({
    organisation: fc.oneof({ arbitrary: fc.constant('PRATO'), weight: 8 }, fc.uuid(), fc.string({ maxLength: 10 }), odd),
    name: mostly(fc.constantFrom('Attivare lo SPID', 'Carta d’identità elettronica', 'Pagare la TARI con pagoPA'), text),
    summary: mostly(fc.constant('Serve per entrare nei servizi online con una sola password.'), text),
    category: mostly(fc.constantFrom(...CATEGORIES), fc.string({ maxLength: 8 })),
    slug: maybe(fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}$/), fc.string({ maxLength: 12 })),
    body: maybe(fc.oneof(fc.constantFrom(...NASTY), fc.constant('## Come fare\n\nApri il sito.')), text),
    access: maybe(fc.uniqueArray(fc.constantFrom(...ACCESS_METHODS)), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })),
    url: maybe(
      fc.webUrl(),
      fc.constantFrom('javascript:alert(1)', 'data:text/html,x', '//evil.example', 'https://', 'http://ok.example/a b'),
    ),
    lifeEvents: maybe(fc.uniqueArray(fc.constantFrom(...LIFE_EVENTS)), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })),
    faqs: maybe(
      fc.array(fc.record({ question: fc.constant('Quanto costa?'), answer: fc.constantFrom(...NASTY) }), { maxLength: 3 }),
      fc.array(fc.record({ question: text, answer: text }), { maxLength: 3 }),
    ),
    steps: maybe(
      fc.array(fc.record({ text: fc.constantFrom(...NASTY) }), { maxLength: 3 }),
      fc.array(
        fc.record({
          text,
          imageUrl: fc.option(fc.oneof(fc.webUrl(), fc.constant('/static/a.png'), text), { nil: undefined }),
          imageAlt: fc.option(text, { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
    ),
    topics: maybe(fc.constant(['spid', 'cie']), fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 })),
    status: maybe(fc.constantFrom(...STATUSES), fc.string({ maxLength: 6 })),
  });

  it('never answers 5xx; a 201 writes one sheet with its version, anything else writes nothing', async () => {
    let created = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const payload = { ...raw, organisation: raw.organisation === 'PRATO' ? prato : raw.organisation };
        const before = {
          sheets: await count('service_sheets'),
          versions: await count('service_sheet_versions'),
          index: await count('guide_index'),
        };
        const res = await staff('POST', '/api/v1/services', payload);
        expect(res.statusCode, `${res.statusCode} ${res.body}`).toBeLessThan(500);
        const after = {
          sheets: await count('service_sheets'),
          versions: await count('service_sheet_versions'),
          index: await count('guide_index'),
        };
        if (res.statusCode === 201) {
          created++;
          expect(after.sheets).toBe(before.sheets + 1);
          expect(after.versions).toBe(before.versions + 1);
          const id = (res.json() as { id: string }).id;
          const sheet = (await staff('GET', `/api/v1/services/${id}`)).json() as { status: string; page: string };
          expect(after.index).toBe(before.index + (sheet.status === 'published' ? 1 : 0));
        } else {
          refused++;
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
    expect(created).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
