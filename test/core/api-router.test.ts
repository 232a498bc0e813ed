import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PUBLIC } from '../../src/core/access.js';
import { type ApiResponse, apiRouter } from '../../src/core/api.js';
import type { Principal } from '../../src/core/auth.js';
import { Problem } from '../../src/core/problems.js';

/** What a route declared for the OpenAPI document, read back from Fastify's route table. */
const declared = new Map<string, { tags: string[]; responses: Record<number, ApiResponse> }>();

describe("a module's API router", () => {
  let app: FastifyInstance;
  const Item = z.object({ id: z.string() });
  beforeAll(async () => {
    app = Fastify();
    app.addHook('onRoute', (route) => {
      const openapi = (route.config as { openapi?: { tags: string[]; responses: Record<number, ApiResponse> } } | undefined)?.openapi;
      if (openapi) declared.set(`${route.method} ${route.url}`, openapi);
    });
    const api = apiRouter(app, { tags: ['things'] });
    api.get('/things', { access: PUBLIC, summary: 'List', ok: z.object({ items: z.array(Item) }) }, async () => ({ items: [] }));
    api.post('/things', { access: PUBLIC, summary: 'Add', created: Item }, async () => ({ id: 'a' }));
    api.post('/things/:id/ping', { access: PUBLIC, summary: 'Ping', accepted: { description: 'Queued', schema: Item } }, async () => ({
      id: 'b',
    }));
    api.delete('/things/:id', { access: PUBLIC, summary: 'Remove', noContent: 'Removed' }, async () => undefined);
    api.put('/things/:id', { access: PUBLIC, summary: 'Replace or add', tags: ['other'], ok: Item, created: Item }, async ({ reply }) =>
      reply.code(201).send({ id: 'c' }),
    );
    api.patch(
      '/things/:id',
      { access: PUBLIC, summary: 'Change', created: Item, responses: { 201: { description: 'Changed', schema: Item } } },
      async ({ reply }) => reply.code(200).send({ id: 'd' }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers a single declared success with its status, and 200 when that is what it declares', async () => {
    expect((await app.inject({ method: 'GET', url: '/things' })).statusCode).toBe(200);
    const created = await app.inject({ method: 'POST', url: '/things' });
    expect([created.statusCode, created.json()]).toEqual([201, { id: 'a' }]);
    const queued = await app.inject({ method: 'POST', url: '/things/x/ping' });
    expect([queued.statusCode, queued.json()]).toEqual([202, { id: 'b' }]);
    const removed = await app.inject({ method: 'DELETE', url: '/things/x' });
    expect([removed.statusCode, removed.body]).toEqual([204, '']);
  });

  it('leaves the status to the handler when it chooses one, or when several successes are declared', async () => {
    expect((await app.inject({ method: 'PUT', url: '/things/x' })).statusCode).toBe(201);
    expect((await app.inject({ method: 'PATCH', url: '/things/x' })).statusCode).toBe(200);
  });

  it('declares the short answers with their usual words, the router’s tags unless the route names its own', () => {
    expect(declared.get('GET /things')?.tags).toEqual(['things']);
    expect(declared.get('POST /things')?.responses).toEqual({ 201: { description: 'Created', schema: Item } });
    expect(declared.get('POST /things/:id/ping')?.responses).toEqual({ 202: { description: 'Queued', schema: Item } });
    expect(declared.get('DELETE /things/:id')?.responses).toEqual({ 204: { description: 'Removed' } });
    expect(declared.get('PUT /things/:id')).toMatchObject({
      tags: ['other'],
      responses: { 200: { description: 'OK', schema: Item }, 201: { description: 'Created', schema: Item } },
    });
    expect(declared.get('PATCH /things/:id')?.responses).toEqual({ 201: { description: 'Changed', schema: Item } });
  });
});

describe("a record's routes and a creation whose owner is in its body", () => {
  let app: FastifyInstance;
  const seen: string[] = [];
  beforeAll(async () => {
    app = Fastify();
    app.decorateRequest('principal', null);
    // The caller is staff of org-a only, as the session hook would set it.
    app.addHook('onRequest', async (req) => {
      const principal: Principal = {
        userId: 'u1',
        email: 'c@example.org',
        name: 'C',
        memberships: [{ organisationId: 'org-a', role: 'staff' }],
        isPlatformAdmin: false,
        via: 'token',
      };
      req.principal = principal;
    });
    app.setErrorHandler(async (err, _req, reply) => {
      if (err instanceof Problem) return reply.code(err.status).send({ detail: err.detail });
      const failure = err as { statusCode?: number; message?: string };
      return reply.code(failure.statusCode ?? 500).send({ message: failure.message });
    });
    app.addHook('onRoute', (route) => {
      seen.push(`${route.method} ${route.url}`);
    });
    const api = apiRouter(app, { tags: ['polls'] });
    const poll = api.under('/polls/:pollId', { access: PUBLIC, params: z.object({ pollId: z.string().regex(/^p\d+$/) }) });
    poll.get('', { summary: 'One poll', ok: z.object({ id: z.string() }) }, async ({ params }) => ({ id: params.pollId }));
    poll.post('/close', { summary: 'Close', noContent: true }, async () => undefined);
    api.post(
      '/shifts',
      {
        access: PUBLIC,
        summary: 'Add',
        body: z.object({ organisation: z.string() }),
        created: z.object({ organisation: z.string() }),
        ownerInBody: { roles: ['staff'], refusal: 'problem.forbidden' },
      },
      async ({ body }) => ({ organisation: body.organisation }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('registers each route of a record below its prefix, with the record’s parameter checked and passed', async () => {
    expect(seen).toEqual(expect.arrayContaining(['GET /polls/:pollId', 'POST /polls/:pollId/close']));
    const one = await app.inject({ method: 'GET', url: '/polls/p7' });
    expect([one.statusCode, one.json()]).toEqual([200, { id: 'p7' }]);
    expect((await app.inject({ method: 'POST', url: '/polls/p7/close' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/polls/nope' })).statusCode).toBe(400);
  });

  it('refuses a creation for an organisation where the caller lacks the role, before the handler runs', async () => {
    const own = await app.inject({ method: 'POST', url: '/shifts', payload: { organisation: 'org-a' } });
    expect([own.statusCode, own.json()]).toEqual([201, { organisation: 'org-a' }]);
    const other = await app.inject({ method: 'POST', url: '/shifts', payload: { organisation: 'org-b' } });
    expect(other.statusCode).toBe(403);
  });
});
