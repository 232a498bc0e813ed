import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureMunicipalities, searchMunicipalities } from '../../src/modules/organisations/municipalities.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/**
 * The search's answers are kept as bytes with a gzipped copy (organisations/municipalities.ts): a
 * browser that accepts gzip gets the same JSON as one that accepts nothing, asked once or again.
 */
describe.each(DIALECTS)('municipality search answers, gzipped (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await ensureMunicipalities(t.db);
  });
  afterAll(() => t.close());

  const ask = (url: string, encoding?: string) =>
    t.app.inject({ method: 'GET', url, headers: { accept: 'application/json', ...(encoding ? { 'accept-encoding': encoding } : {}) } });

  it('sends the same JSON gzipped to a browser that accepts gzip, and plain to one that does not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('san', 'sant', 'mon', 'pra', 'forlì', 'zz', '100005'),
        fc.integer({ min: 1, max: 100 }),
        async (q, limit) => {
          const url = `/api/v1/municipalities?q=${encodeURIComponent(q)}&limit=${limit}`;
          const expected = JSON.stringify({ items: await searchMunicipalities(t.db, q, limit) });
          for (const _ of [1, 2]) {
            const zipped = await ask(url, 'gzip, deflate, br');
            expect(zipped.statusCode).toBe(200);
            expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8');
            const body = zipped.headers['content-encoding'] ? gunzipSync(zipped.rawPayload).toString('utf8') : zipped.body;
            expect(body).toBe(expected);
            // Small answers go as they are: compressing them saves nothing.
            expect(zipped.headers['content-encoding']).toBe(Buffer.byteLength(expected) >= 1024 ? 'gzip' : undefined);
            const plain = await ask(url);
            expect(plain.headers['content-encoding']).toBeUndefined();
            expect(plain.body).toBe(expected);
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('refuses gzip where the browser weighs it zero', async () => {
    const res = await ask('/api/v1/municipalities?q=san', 'gzip;q=0');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json().items).toHaveLength(20);
  });
});
