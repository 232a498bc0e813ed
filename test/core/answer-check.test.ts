import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PUBLIC } from '../../src/core/access.js';
import { registerAnswerCheck } from '../../src/core/answer-check.js';
import { apiRouter } from '../../src/core/api.js';

/**
 * The test suites check every API answer against the schema its route declares (core/answer-check.ts,
 * on through PONTE_CHECK_ANSWERS in vitest's configs): a route that answers outside its schema fails
 * the test that called it with a 500 naming the field.
 */
describe('answers checked against their declared schema', () => {
  let app: FastifyInstance;
  const Thing = z.object({ id: z.string(), seats: z.number().int() });
  beforeAll(async () => {
    app = Fastify();
    registerAnswerCheck(app);
    const api = apiRouter(app, { tags: ['things'] });
    api.get('/right', { access: PUBLIC, summary: 'Right', ok: Thing }, async () => ({ id: 'a', seats: 2 }));
    api.get('/wrong', { access: PUBLIC, summary: 'Wrong', ok: Thing }, async () => ({ id: 'a', seats: '2' }));
    api.post('/made', { access: PUBLIC, summary: 'Made', created: Thing }, async () => ({ id: 7, seats: 1 }));
    api.get('/undeclared', { access: PUBLIC, summary: 'No schema' }, async () => ({ anything: true }));
    const geo = z.object({ type: z.literal('FeatureCollection') });
    api.get('/map', { access: PUBLIC, summary: 'A map', ok: Thing }, async ({ reply }) =>
      reply.type('application/geo+json').send(JSON.stringify({ type: 'FeatureCollection' })),
    );
    api.get(
      '/maps',
      {
        access: PUBLIC,
        summary: 'Maps',
        ok: { description: 'OK', schema: Thing, also: [{ mediaType: 'application/geo+json', schema: geo }] },
      },
      async ({ reply }) => reply.type('application/geo+json').send(JSON.stringify({ type: 'Feature' })),
    );
    app.get('/plain', async () => ({ not: 'an API route' }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('lets an answer that matches its schema through unchanged', async () => {
    const res = await app.inject({ method: 'GET', url: '/right' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'a', seats: 2 });
  });

  it('turns an answer outside its schema into a 500 that names the field, for any declared status', async () => {
    const wrong = await app.inject({ method: 'GET', url: '/wrong' });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.json().message).toContain('GET /wrong answered 200 outside its declared schema: seats:');
    const made = await app.inject({ method: 'POST', url: '/made' });
    expect(made.statusCode).toBe(500);
    expect(made.json().message).toContain('POST /made answered 201 outside its declared schema: id:');
  });

  it('refuses a JSON media type the declaration does not name, and checks one it names against its own schema', async () => {
    const map = await app.inject({ method: 'GET', url: '/map' });
    expect(map.statusCode).toBe(500);
    expect(map.json().message).toContain('GET /map answered 200 as application/geo+json, which its declaration does not name');
    const maps = await app.inject({ method: 'GET', url: '/maps' });
    expect(maps.statusCode).toBe(500);
    expect(maps.json().message).toContain('GET /maps answered 200 outside its declared schema: type:');
  });

  it('leaves alone answers without a declared schema, problems and routes that are not the API', async () => {
    expect((await app.inject({ method: 'GET', url: '/undeclared' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/plain' })).json()).toEqual({ not: 'an API route' });
  });
});
