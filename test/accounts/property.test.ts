import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createSession, SESSION_COOKIE } from '../../src/core/auth.js';
import { checkNationalId, checkNationalName, createUser } from '../../src/modules/accounts/service.js';
import { checkCharacter } from '../../src/modules/facilitation/fiscal-code.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const RUNS = 150;

const anyValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
const nasty = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom(
      '\u0000',
      '\u0007',
      '\u001b[2J',
      '\n',
      '\r\n',
      '\t',
      '\ud800',
      '\udfff',
      '\u202e',
      '\ufeff',
      '\u0085',
      "'; --",
      '<script>',
    ),
    fc.string({ maxLength: 10 }),
  )
  .map(([a, c, b]) => `${a}${c}${b}`);
const text = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant(''),
  fc.string({ minLength: 110, maxLength: 200 }),
);
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: good, weight: 3 }, { arbitrary: bad, weight: 2 });

const letters = (n: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: n, maxLength: n });
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Codici fiscali with a right check character, some with a wrong one, in either case. */
const fiscalCode = fc
  .tuple(
    letters(6),
    digits(2, 2),
    fc.constantFrom(...'ABCDEHLMPRST'),
    fc.integer({ min: 1, max: 71 }),
    letters(1),
    digits(3, 3),
    fc.boolean(),
  )
  .map(([name, yy, month, day, place, n, right]) => {
    const first = `${name}${yy}${month}${String(day).padStart(2, '0')}${place}${n}`;
    const check = checkCharacter(first);
    return `${first}${right ? check : check === 'A' ? 'B' : 'A'}`;
  })
  .chain((cf) => fc.constantFrom(cf, cf.toLowerCase(), ` ${cf} `));
const nationalId = mostly(fc.oneof(fiscalCode, digits(1, 22), fc.constant('')), fc.oneof(text, anyValue));
const nameWord = fc.string({ unit: fc.constantFrom(...'abcdeèéìòùAÀBÇDŌ'), minLength: 1, maxLength: 12 });
const nationalName = mostly(
  fc
    .array(nameWord, { minLength: 1, maxLength: 4 })
    .chain((words) => fc.constantFrom(' ', "'", '’', '-', '. ').map((sep) => words.join(sep))),
  fc.oneof(text, anyValue, fc.constant('Rossi Maria 2'), fc.constant('R')),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const body = fc.oneof(
  { arbitrary: fc.record({ nationalId: optional(nationalId), nationalName: optional(nationalName) }, { requiredKeys: [] }), weight: 8 },
  { arbitrary: fc.record({ nationalId, nationalName, extra: anyValue }), weight: 1 },
  { arbitrary: fc.anything(), weight: 1 },
);

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function checkAnswer(res: LightMyRequestResponse, sent: unknown): void {
  const label = `${res.statusCode} for ${json(sent).slice(0, 300)}: ${res.body.slice(0, 300)}`;
  expect(res.statusCode, label).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
    expect(res.json(), label).toMatchObject({ status: res.statusCode, title: expect.any(String) });
  }
}

describe.each(DIALECTS)("a member's national identity under random input (%s)", (dialect) => {
  let t: TestApp;
  let admin: ReturnType<typeof bearer>;
  let adminBrowser: Browser;
  let orgId: string;
  let memberId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    orgId = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    const a = await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Admin',
      role: 'org-admin',
      organisation: orgId,
      password: 'una-password-lunga',
    });
    memberId = (
      await createUser(t.db, {
        email: 'giulia@prato.example',
        name: 'Giulia Rossi',
        role: 'facilitator',
        organisation: orgId,
        password: 'una-password-lunga',
      })
    ).id;
    admin = bearer(t.app, await createApiToken(t.db, a.id, 'test'));
    adminBrowser = new Browser(t.app);
    adminBrowser.cookies.set(SESSION_COOKIE, await createSession(t.db, a.id));
  });
  afterAll(() => t.close());

  const row = () => t.db.k.selectFrom('users').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow();

  /** What a valid value of the body becomes in the row: undefined when the body leaves it alone. */
  function expected(sent: unknown, key: 'nationalId' | 'nationalName'): { valid: boolean; value?: string | null } {
    if (!sent || typeof sent !== 'object' || Array.isArray(sent) || !(key in sent)) return { valid: true };
    const v = (sent as Record<string, unknown>)[key];
    if (v === undefined) return { valid: true };
    if (v !== null && typeof v !== 'string') return { valid: false };
    const checked = key === 'nationalId' ? checkNationalId(v) : checkNationalName(v);
    return checked.ok ? { valid: true, value: checked.value } : { valid: false };
  }

  it('PATCH …/national-identity: never a 5xx, problems on 4xx, the row unchanged unless 200, and only valid values stored', async () => {
    let changed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(body, async (sent) => {
        const before = await row();
        const res = await admin('PATCH', `/api/v1/organisations/${orgId}/members/${memberId}/national-identity`, json(sent), {
          'content-type': 'application/json',
        });
        checkAnswer(res, sent);
        const after = await row();
        // Judged on what the server receives: JSON turns Infinity and NaN into null.
        const wire: unknown = JSON.parse(json(sent));
        const id = expected(wire, 'nationalId');
        const name = expected(wire, 'nationalName');
        if (res.statusCode === 200) {
          changed++;
          expect(id.valid && name.valid, json(sent)).toBe(true);
          expect(after.national_id).toBe(id.value !== undefined ? id.value : before.national_id);
          expect(after.national_name).toBe(name.value !== undefined ? name.value : before.national_name);
          expect(res.json()).toMatchObject({ id: memberId, nationalId: after.national_id, nationalName: after.national_name });
          // What is stored passes the rules again, unchanged.
          if (after.national_id !== null) expect(checkNationalId(after.national_id)).toEqual({ ok: true, value: after.national_id });
          if (after.national_name !== null)
            expect(checkNationalName(after.national_name)).toEqual({ ok: true, value: after.national_name });
          expect({ ...after, national_id: before.national_id, national_name: before.national_name }).toEqual(before);
        } else {
          refused++;
          expect(after, json(sent)).toEqual(before);
        }
      }),
      {
        numRuns: RUNS,
        examples: [
          [{ nationalId: 'RSSMRA80A01H501U', nationalName: 'Rossi Maria' }],
          [{ nationalId: 'RSSMRA80A01H501A' }],
          [{ nationalName: 'Rossi\u0000Maria' }],
          [{ nationalName: 'Rossi\u0085Maria' }],
          [{ nationalId: '\ud800' }],
          [{ nationalId: '١٢٣' }],
          [{ nationalName: 'Rossi ２' }],
          [{ nationalId: '123', constructor: { prototype: { x: 1 } } }],
          [{}],
          [null],
        ],
      },
    );
    expect(changed).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('POST /admin/organisations/{id}/members/{userId} with random form fields: never a 5xx, the row unchanged unless saved', async () => {
    const url = `/admin/organisations/${orgId}/members/${memberId}`;
    const csrf = await adminBrowser.csrf(url);
    const field = fc.oneof(fiscalCode, digits(1, 14), fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), nasty);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          nationalId: field,
          nationalName: fc.oneof(
            field,
            nationalName.filter((v) => typeof v === 'string'),
          ),
        }),
        async (form) => {
          const before = await row();
          const res = await adminBrowser.post(url, form as Record<string, string>, { csrf });
          expect(res.statusCode, `${res.statusCode} for ${json(form)}`).toBeLessThan(500);
          const after = await row();
          if (res.statusCode === 303) {
            expect(checkNationalId(form.nationalId).ok && checkNationalName(form.nationalName as string).ok).toBe(true);
          } else {
            expect(after, json(form)).toEqual(before);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
