import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { counts, daysAgo, makeCf, makeWorld, recordBody, type World } from './fixtures.js';

/**
 * Whatever a client sends as a citizen's names and codice fiscale in a nationally reported
 * programme: never a 5xx, a record only when both names are names, and nothing written otherwise.
 */
describe.each(DIALECTS)('facilitation input, any names (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const NAME = /^\p{L}[\p{L}\p{M}' .\u2019-]*$/u;
  const isName = (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.trim().length <= 100 && NAME.test(v.trim());

  it('answers 201 only for real names, a clear 4xx otherwise, and leaves the data as it was (property)', async () => {
    let day = 0;
    const name = fc.oneof(
      fc.constantFrom('Maria', "D'Amico", 'Anne-Marie', 'Zoë', 'Nguyễn', ' Luca ', 'M. Teresa'),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: fc.constantFrom('a', '1', '\u0000', '\n', ' ', '=', "'", 'è', '\u0301', '-'), maxLength: 12 }),
      fc.constant(undefined),
      fc.integer(),
    );
    await fc.assert(
      fc.asyncProperty(name, name, fc.boolean(), async (firstName, lastName, validCf) => {
        day = (day % 300) + 1;
        const cf = validCf ? makeCf({ birth: '1970-04-04', letters: 'PRPTST' }) : 'RSSMRA70D04H50';
        const before = await counts(t);
        const res = await w.api.staff(
          'POST',
          '/api/v1/facilitations',
          recordBody(
            w,
            { date: daysAgo(day), duration: `00:${String(10 + (day % 50)).padStart(2, '0')}` },
            { firstName, lastName, fiscalCode: cf },
          ),
        );
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode === 201) {
          expect(isName(firstName) && isName(lastName) && validCf).toBe(true);
        } else {
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(await counts(t)).toEqual(before);
          if (validCf && (!isName(firstName) || !isName(lastName))) {
            expect(res.body).toMatch(/firstName|lastName/);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
