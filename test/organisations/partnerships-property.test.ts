import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createSession, SESSION_COOKIE } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation, requestPartnership } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const RUNS = 100;

const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.constantFrom('\u0000', '\ud800', "'; --", '<script>', ' ', ''),
);

describe.each(DIALECTS)('partnership requests and answers with any input (%s)', (dialect) => {
  let t: TestApp;
  let prato: string;
  let others: string[];
  let admin: ReturnType<typeof bearer>;
  let browser: Browser;
  let csrf: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000, rateLimitMax: 0 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    others = [];
    for (let i = 0; i < 12; i++) {
      others.push((await createOrganisation(t.db, { name: `Associazione ${i}`, type: 'associazione', municipality: '100005' })).id);
    }
    const { id } = await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Laura',
      role: 'org-admin',
      organisation: prato,
      password: 'una-password-lunga',
    });
    admin = bearer(t.app, await createApiToken(t.db, id, 'test'));
    browser = new Browser(t.app);
    browser.cookies.set(SESSION_COOKIE, await createSession(t.db, id));
    csrf = await browser.csrf(`/admin/organisations/${prato}/partnerships`);
    // Some requests already made in both directions, to answer.
    await requestPartnership(t.db, others[0], { partner: prato }, null);
    await requestPartnership(t.db, prato, { partner: others[1] }, null);
  });
  afterAll(() => t.close());

  const rows = () => t.db.k.selectFrom('partnerships').selectAll().orderBy('id').execute();
  const partner = () => fc.oneof({ arbitrary: fc.constantFrom(...others), weight: 3 }, fc.constant(prato), fc.constant(newId()), anyValue);

  function expectNoServerError(res: LightMyRequestResponse, api: boolean) {
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
    if (api && res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  }

  it('POST /api/v1/organisations/{id}/partnerships: never a 5xx, problems on 4xx, one pending row only on 201', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.record({ partner: partner() }), fc.record({ partner: partner(), extra: anyValue }), anyValue),
        async (body) => {
          const before = await rows();
          const res = await admin('POST', `/api/v1/organisations/${prato}/partnerships`, body);
          expectNoServerError(res, true);
          const after = await rows();
          if (res.statusCode === 201) {
            expect(after.length).toBe(before.length + 1);
            expect(after.find((r) => r.id === res.json().id)).toMatchObject({ organisation_id: prato, status: 'pending' });
          } else {
            expect(after).toEqual(before);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('accept, decline and end with any partnership id: never a 5xx, a row changes only on 200', async () => {
    const ids = (await rows()).map((r) => r.id);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('accept', 'decline', 'end'),
        fc.oneof(fc.constantFrom(...ids), fc.constant(newId()), fc.string({ maxLength: 40 }).map(encodeURIComponent)),
        async (action, id) => {
          const before = await rows();
          const res = await admin('POST', `/api/v1/organisations/${prato}/partnerships/${id}/${action}`, {});
          expectNoServerError(res, true);
          if (res.statusCode !== 200) expect(await rows()).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('the back-office request form with any field: never a 5xx, a row only on 303', async () => {
    const page = `/admin/organisations/${prato}/partnerships`;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...others, prato, newId()), fc.string({ maxLength: 60 })), async (value) => {
        const before = await rows();
        const res = await browser.post(page, { partner: value }, { csrf });
        expectNoServerError(res, false);
        if (res.statusCode !== 303) expect(await rows()).toEqual(before);
        else expect((await rows()).length).toBe(before.length + 1);
      }),
      { numRuns: RUNS },
    );
  });
});
