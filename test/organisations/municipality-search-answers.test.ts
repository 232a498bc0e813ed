import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMunicipalities, searchMunicipalities } from '../../src/modules/organisations/municipalities.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/** Queries people type: prefixes and whole names, accents, apostrophes, codes, case, spaces. */
const typed = fc.oneof(
  fc.constantFrom('san', 'San', 'SAN ', "sant'angelo", 'Sant’Angelo', 'forlì', 'Forli', 'reggio', 'prato', '100005', '015146', 'zz', ''),
  fc.stringMatching(/^[a-zàèéìòù' -]{0,12}$/),
);

describe.each(DIALECTS)('municipality search answers (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await ensureMunicipalities(t.db);
  });
  afterAll(() => t.close());

  it('answers every query, asked once or again, with the JSON of the comuni the search finds', async () => {
    await fc.assert(
      fc.asyncProperty(typed, fc.integer({ min: 1, max: 100 }), fc.boolean(), async (q, limit, includeInactive) => {
        const url = `/api/v1/municipalities?q=${encodeURIComponent(q)}&limit=${limit}${includeInactive ? '&includeInactive=true' : ''}`;
        const expected = JSON.stringify({ items: await searchMunicipalities(t.db, q.trim(), limit, includeInactive) });
        for (const _ of [1, 2]) {
          const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(res.body).toBe(expected);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives a different limit its own answer, not the one kept for another', async () => {
    const twenty = (await t.app.inject({ method: 'GET', url: '/api/v1/municipalities?q=san' })).json().items;
    const five = (await t.app.inject({ method: 'GET', url: '/api/v1/municipalities?q=san&limit=5' })).json().items;
    expect(twenty).toHaveLength(20);
    expect(five).toEqual(twenty.slice(0, 5));
  });
});
