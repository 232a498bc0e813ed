import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createSession, SESSION_COOKIE } from '../../src/core/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const RUNS = 150;

// Mostly plausible values, with the odd wrong type, so bodies reach success as well as every refusal.
const anyValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
/** Text with a character that databases, HTML or terminals treat specially somewhere inside. */
const nasty = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\u0000', '\u0007', '\u001b[2J', '\n', '\r\n', '\t', '\ud800', '\udfff', '\u202e', '\ufeff', "'; --", '<script>'),
    fc.string({ maxLength: 10 }),
  )
  .map(([a, c, b]) => `${a}${c}${b}`);
/** Text of every kind: printable, any UTF-16 unit (lone surrogates, NUL and other controls), long. */
const text = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant(''),
  fc.string({ minLength: 190, maxLength: 320 }),
);
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: bad, weight: 1 });
const municipality = mostly(
  fc.constantFrom('100005', '017081', '040012', '098050'),
  fc.oneof(fc.constantFrom('999999', '000000', '10005', ' 100005 ', 'Prato'), anyValue),
);
const number = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min, max }),
    fc.double({ min, max, noNaN: true }),
    fc.integer({ min, max }).map(String),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308, '1e400', 'NaN', '', '12abc', '0x10'),
  );
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const venueFields = {
  name: mostly(fc.string({ minLength: 2, maxLength: 60 }), fc.oneof(text, anyValue)),
  address: mostly(fc.string({ minLength: 3, maxLength: 60 }), fc.oneof(text, anyValue)),
  municipality,
  capacity: optional(mostly(fc.integer({ min: 1, max: 500 }), number(-10, 200_000))),
  latitude: optional(mostly(fc.double({ min: -90, max: 90, noNaN: true }), number(-200, 200))),
  longitude: optional(mostly(fc.double({ min: -180, max: 180, noNaN: true }), number(-400, 400))),
  stepFree: optional(mostly(fc.boolean(), anyValue)),
  accessibility: optional(mostly(fc.string({ maxLength: 100 }), fc.oneof(text, anyValue, fc.string({ minLength: 1990, maxLength: 2100 })))),
  openingNotes: optional(mostly(fc.string({ maxLength: 100 }), fc.oneof(text, anyValue))),
  nationalId: optional(
    mostly(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 }), fc.oneof(text, anyValue, fc.string({ maxLength: 20 }))),
  ),
  nationalName: optional(mostly(fc.string({ maxLength: 60 }), fc.oneof(text, anyValue, fc.string({ minLength: 195, maxLength: 210 })))),
  postalCode: optional(
    mostly(
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 5, maxLength: 5 }),
      fc.oneof(text, anyValue, fc.constantFrom('5910', '591000')),
    ),
  ),
};
/** Cases the generators reach only by luck, always tried first. */
const NASTY_VENUES: unknown[] = [
  { name: 'Sala\u0000civica', address: 'Via Roma 1', municipality: '100005' },
  { name: 'Sala civica', address: 'Via Roma 1', municipality: '100005', accessibility: 'rampa\u0000' },
  { name: 'Sala civica', address: 'Via Roma 1', municipality: '100005', nationalId: '\u0000' },
  { name: 'Sala\u0007civica', address: 'Via\nRoma 1', municipality: '100005' },
  { name: 'Sala \ud800 civica', address: 'Via Roma 1', municipality: '100005', capacity: '1e400' },
  { name: 'Sala civica', address: 'Via Roma 1', municipality: '100005', 'chiave\u0000': 1 },
];
const venueBody = fc.oneof(
  { arbitrary: fc.record(venueFields, { requiredKeys: [] }), weight: 6 },
  { arbitrary: fc.anything(), weight: 1 },
  { arbitrary: fc.object(), weight: 1 },
);
const organisationBody = fc.oneof(
  {
    arbitrary: fc.record(
      {
        name: mostly(fc.string({ minLength: 2, maxLength: 60 }), fc.oneof(text, anyValue)),
        type: mostly(fc.constantFrom('comune', 'unione', 'consorzio', 'associazione', 'scuola'), fc.oneof(text, anyValue)),
        municipality,
        description: optional(mostly(fc.string({ maxLength: 100 }), fc.oneof(text, anyValue))),
        website: optional(mostly(fc.constantFrom('https://www.comune.prato.it', ''), fc.oneof(text, anyValue))),
        email: optional(mostly(fc.constantFrom('urp@comune.example', ''), fc.oneof(text, anyValue))),
        memberMunicipalities: optional(mostly(fc.array(municipality, { maxLength: 4 }), anyValue)),
        ipaCode: optional(mostly(fc.constantFrom('c_g999', 'cmprato', 'C_L537', ''), fc.oneof(text, anyValue, fc.constant('c g999')))),
      },
      { requiredKeys: [] },
    ),
    weight: 6,
  },
  { arbitrary: fc.anything(), weight: 1 },
  { arbitrary: fc.object(), weight: 1 },
);

/** A JSON body as sent on the wire (undefined, functions and the like have no JSON form). */
function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function checkAnswer(res: LightMyRequestResponse, body: unknown): void {
  const label = `${res.statusCode} for ${json(body).slice(0, 300)}: ${res.body.slice(0, 300)}`;
  expect(res.statusCode, label).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
    expect(res.json(), label).toMatchObject({ status: res.statusCode, title: expect.any(String) });
  }
}

describe.each(DIALECTS)('organisation and venue writes under random input (%s)', (dialect) => {
  let t: TestApp;
  let platform: ReturnType<typeof bearer>;
  let staff: ReturnType<typeof bearer>;
  let orgId: string;
  let venueId: string;
  let staffBrowser: Browser;

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    orgId = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    venueId = (await createVenue(t.db, orgId, { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: '100005' })).id;
    const admin = await createUser(t.db, {
      email: 'admin@ponte.example',
      name: 'Admin',
      role: 'platform-admin',
      password: 'una-password-lunga',
    });
    const s = await createUser(t.db, {
      email: 'staff@prato.example',
      name: 'Staff',
      role: 'staff',
      organisation: orgId,
      password: 'una-password-lunga',
    });
    platform = bearer(t.app, await createApiToken(t.db, admin.id, 'test'));
    staff = bearer(t.app, await createApiToken(t.db, s.id, 'test'));
    staffBrowser = new Browser(t.app);
    staffBrowser.cookies.set(SESSION_COOKIE, await createSession(t.db, s.id));
  });
  afterAll(() => t.close());

  const count = async (table: 'organisations' | 'venues' | 'organisation_municipalities') =>
    Number(
      (
        await t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('POST /api/v1/organisations/{id}/venues: never a 5xx, problems on 4xx, a row only on 201', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(venueBody, async (body) => {
        const before = await count('venues');
        const res = await staff('POST', `/api/v1/organisations/${orgId}/venues`, json(body), { 'content-type': 'application/json' });
        checkAnswer(res, body);
        const after = await count('venues');
        if (res.statusCode === 201) {
          created++;
          expect(after).toBe(before + 1);
          const row = await t.db.k.selectFrom('venues').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
          expect(row.organisation_id).toBe(orgId);
          expect(row.name).toBe(res.json().name);
        } else {
          expect(after, json(body)).toBe(before);
        }
      }),
      { numRuns: RUNS, examples: NASTY_VENUES.map((v) => [v]) },
    );
    // The generators do reach success, so the property is about real writes too.
    expect(created).toBeGreaterThan(0);
  });

  it('PATCH /api/v1/venues/{id}: never a 5xx, problems on 4xx, the row unchanged unless 200', async () => {
    let changed = 0;
    await fc.assert(
      fc.asyncProperty(venueBody, async (body) => {
        const before = await t.db.k.selectFrom('venues').selectAll().where('id', '=', venueId).executeTakeFirstOrThrow();
        const countBefore = await count('venues');
        const res = await staff('PATCH', `/api/v1/venues/${venueId}`, json(body), { 'content-type': 'application/json' });
        checkAnswer(res, body);
        const after = await t.db.k.selectFrom('venues').selectAll().where('id', '=', venueId).executeTakeFirstOrThrow();
        expect(await count('venues')).toBe(countBefore);
        if (res.statusCode === 200) {
          changed++;
          expect(res.json()).toMatchObject({ id: venueId, name: after.name, address: after.address, capacity: after.capacity });
        } else {
          expect(after, json(body)).toEqual(before);
        }
      }),
      { numRuns: RUNS, examples: NASTY_VENUES.map((v) => [v]) },
    );
    expect(changed).toBeGreaterThan(0);
  });

  it('POST /api/v1/organisations: never a 5xx, problems on 4xx, rows only on 201', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(organisationBody, async (body) => {
        const before = { organisations: await count('organisations'), members: await count('organisation_municipalities') };
        const res = await platform('POST', '/api/v1/organisations', json(body), { 'content-type': 'application/json' });
        checkAnswer(res, body);
        const after = { organisations: await count('organisations'), members: await count('organisation_municipalities') };
        if (res.statusCode === 201) {
          created++;
          expect(after.organisations).toBe(before.organisations + 1);
          expect(after.members).toBe(before.members + res.json().memberMunicipalities.length);
        } else {
          expect(after, json(body)).toEqual(before);
        }
      }),
      {
        numRuns: RUNS,
        examples: [
          [{ name: 'Comune\u0000', type: 'comune', municipality: '100005' }],
          [{ name: 'Comune di Prova', type: 'comune', municipality: '100005', description: 'a\u0000b' }],
          [{ name: 'Comune di Prova', type: 'comune', municipality: '100005', memberMunicipalities: ['100005', '100005\u0000'] }],
        ],
      },
    );
    expect(created).toBeGreaterThan(0);
  });

  it('raw bytes as a JSON body: never a 5xx, always a problem', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 80 }), async (raw) => {
        const before = await count('venues');
        const res = await staff('POST', `/api/v1/organisations/${orgId}/venues`, raw, { 'content-type': 'application/json' });
        checkAnswer(res, raw);
        if (res.statusCode !== 201) expect(await count('venues')).toBe(before);
      }),
      {
        numRuns: 50,
        examples: [
          ['{"__proto__": {"isAdmin": true}, "name": "Sala civica", "address": "Via Roma 1", "municipality": "100005"}'],
          ['{"constructor": {"prototype": {"x": 1}}, "name": "Sala civica"}'],
          ['{"name": "Sala\\u0000civica", "address": "Via Roma 1", "municipality": "100005"}'],
          ['[1, 2'],
          ['"solo una stringa"'],
          ['null'],
          [''],
        ],
      },
    );
  });

  it('POST /admin/organisations/{id}/venues with random form fields: never a 5xx, a row only on success', async () => {
    const csrf = await staffBrowser.csrf();
    const field = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('Prato', 'prato', 'Gussago', 'Samone', 'Samone (TO)', '100005', 'Atlantide', '', ' ', '43,88', '1e3', '-5'),
    );
    const form = fc.oneof(
      fc.record(
        {
          name: mostly(fc.constantFrom('Sala civica', 'Biblioteca comunale'), field),
          address: mostly(fc.constantFrom('Via Roma 1', 'Piazza del Comune 2'), field),
          municipality: mostly(fc.constantFrom('Prato', 'Gussago', '100005', 'Samone (TO)'), field),
          capacity: mostly(fc.constantFrom('', '30', '120'), field),
          latitude: mostly(fc.constantFrom('', '43,88', '45.6'), field),
          longitude: mostly(fc.constantFrom('', '11,09', '10.2'), field),
          stepFree: fc.constantFrom('1', '0', 'on', ''),
          accessibility: field,
          openingNotes: field,
          nationalId: field,
        },
        { requiredKeys: ['name', 'address', 'municipality'] },
      ),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(field, fc.array(field, { maxLength: 3 }))),
    );
    let created = 0;
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const body = new URLSearchParams({ _csrf: csrf });
        for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
        const before = await count('venues');
        const res = await t.app.inject({
          method: 'POST',
          url: `/admin/organisations/${orgId}/venues`,
          headers: { cookie: staffBrowser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
          payload: body.toString(),
        });
        const label = `${res.statusCode} for ${body.toString().slice(0, 300)}`;
        expect(res.statusCode, label).toBeLessThan(500);
        const after = await count('venues');
        if (res.statusCode === 303) {
          created++;
          expect(after, label).toBe(before + 1);
        } else {
          expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
          expect(res.headers['content-type'], label).toMatch(/^text\/html/);
          expect(after, label).toBe(before);
        }
      }),
      {
        numRuns: RUNS,
        examples: [
          [{ name: 'Sala\u0000civica', address: 'Via Roma 1', municipality: 'Prato' }],
          [{ name: 'Sala civica', address: 'Via Roma 1', municipality: 'Pra\u0000to' }],
          [{ 'chiave\u0000': 'x', name: 'Sala civica', address: 'Via Roma 1', municipality: 'Prato' }],
        ],
      },
    );
    expect(created).toBeGreaterThan(0);
  });
});
