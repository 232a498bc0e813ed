import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { decryptSecret } from '../../src/modules/webhooks/secrets.js';
import { urlProblem, WEBHOOK_EVENTS } from '../../src/modules/webhooks/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { type Org, type World, world } from './fixtures.js';

const problem = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return JSON.parse(res.body) as { errors?: { field: string; message: string }[] };
};

describe.each(DIALECTS)('managing webhooks (%s)', (dialect) => {
  let w: World;
  let org: Org;
  let other: Org;
  const rows = (o: Org) => w.t.db.k.selectFrom('webhook_subscriptions').selectAll().where('organisation_id', '=', o.id).execute();

  beforeAll(async () => {
    w = await world(dialect);
    org = await w.org();
    other = await w.org();
  });
  afterAll(() => w.close());

  it('shows the signing secret once, keeps it encrypted, and lists subscriptions without it', async () => {
    const res = await org.admin('POST', `/api/v1/organisations/${org.id}/webhooks`, {
      url: 'https://gestionale.example.org/ponte?x=1',
      events: ['registration.cancelled', 'registration.created'],
      description: 'Gestionale presenze',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      organisation: org.id,
      url: 'https://gestionale.example.org/ponte?x=1',
      events: ['registration.created', 'registration.cancelled'],
      description: 'Gestionale presenze',
      active: true,
      secret: expect.stringMatching(/^whsec_/),
    });
    const [row] = (await rows(org)).filter((r) => r.id === created.id);
    expect(row.secret).not.toContain(created.secret.slice(6));
    expect(decryptSecret(w.t.config, row.secret)).toBe(created.secret);

    const list = await org.admin('GET', `/api/v1/organisations/${org.id}/webhooks`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.secret);
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(created.id);
    const one = await org.admin('GET', `/api/v1/webhooks/${created.id}`);
    expect(one.json()).not.toHaveProperty('secret');

    const patched = await org.admin('PATCH', `/api/v1/webhooks/${created.id}`, { events: ['registration.promoted'], description: null });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ events: ['registration.promoted'], description: null, url: created.url });
  });

  it('refuses a URL that is not http(s), has credentials, is missing or too long, and bad event lists: 422, nothing written', async () => {
    const before = await rows(org);
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.org/hook', events: ['registration.created'] }, 'url'],
      [{ url: 'javascript:alert(1)', events: ['registration.created'] }, 'url'],
      [{ url: 'mailto:uffici@comune.example.it', events: ['registration.created'] }, 'url'],
      [{ events: ['registration.created'] }, 'url'],
      [{ url: '', events: ['registration.created'] }, 'url'],
      [{ url: `https://example.org/${'x'.repeat(2000)}`, events: ['registration.created'] }, 'url'],
      [{ url: 'https://utente:segreto@example.org/hook', events: ['registration.created'] }, 'url'],
      [{ url: 'https://example.org/hook', events: [] }, 'events'],
      [{ url: 'https://example.org/hook' }, 'events'],
      [{ url: 'https://example.org/hook', events: ['registration.created', 'registration.deleted'] }, 'events'],
    ];
    for (const [body, field] of cases) {
      const res = problem(await org.admin('POST', `/api/v1/organisations/${org.id}/webhooks`, body), 422);
      expect(
        res.errors?.map((e) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    // Wrong JSON types are a 400, as everywhere in the API.
    problem(await org.admin('POST', `/api/v1/organisations/${org.id}/webhooks`, { url: 5, events: 'x' }), 400);
    const [first] = before;
    problem(await org.admin('PATCH', `/api/v1/webhooks/${first.id}`, { url: 'javascript:void(0)' }), 422);
    problem(await org.admin('PATCH', `/api/v1/webhooks/${first.id}`, { events: [] }), 422);
    expect(await rows(org)).toEqual(before);
  });

  it('lets only the organisation’s administrators see or change its webhooks', async () => {
    const mine = await w.subscribe(org, '/mine');
    const before = await rows(org);
    for (const [method, url, body] of [
      ['GET', `/api/v1/organisations/${org.id}/webhooks`],
      ['POST', `/api/v1/organisations/${org.id}/webhooks`, { url: 'https://evil.example/x', events: ['registration.created'] }],
      ['GET', `/api/v1/webhooks/${mine.id}`],
      ['PATCH', `/api/v1/webhooks/${mine.id}`, { url: 'https://evil.example/x' }],
      ['DELETE', `/api/v1/webhooks/${mine.id}`],
      ['GET', `/api/v1/webhooks/${mine.id}/deliveries`],
      ['POST', `/api/v1/webhooks/${mine.id}/secret`],
      ['POST', `/api/v1/webhooks/${mine.id}/ping`],
    ] as const) {
      for (const who of [other.admin, org.staff]) {
        const res = await who(method, url, body);
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
      }
      const anonymous = await w.t.app.inject({ method, url, payload: body });
      expect(anonymous.statusCode).toBe(401);
    }
    expect(await rows(org)).toEqual(before);
    expect(await w.t.db.k.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', mine.id).execute()).toEqual([]);
    expect((await org.admin('GET', '/api/v1/webhooks/00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await w.platform('GET', `/api/v1/webhooks/${mine.id}`)).statusCode).toBe(200);
  });

  it('describes every webhook route in the OpenAPI document', async () => {
    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/organisations/{organisationId}/webhooks'])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/webhooks/{webhookId}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(doc.paths['/api/v1/webhooks/{webhookId}/deliveries'].get).toBeDefined();
    expect(doc.paths['/api/v1/webhooks/{webhookId}/secret'].post).toBeDefined();
    expect(doc.paths['/api/v1/webhooks/{webhookId}/ping'].post).toBeDefined();
    expect(JSON.stringify(doc.paths['/api/v1/organisations/{organisationId}/webhooks'].post)).toContain('registration.checked_in');
  });

  it('never answers 5xx to any body, and writes a row only for a valid one', async () => {
    const url = fc.oneof(
      fc.constantFrom(
        'https://example.org/hook',
        'http://127.0.0.1:8080/x',
        'ftp://example.org',
        'javascript:alert(1)',
        'https://a:b@example.org',
        'http://[::1]/x',
        '//example.org',
        'https://',
        'http://exa mple.org',
        '',
      ),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string({ maxLength: 60 }),
      fc.string({ minLength: 1990, maxLength: 2100 }).map((s) => `https://example.org/${s}`),
      fc.integer(),
      fc.constant(null),
    );
    const events = fc.oneof(
      fc.subarray([...WEBHOOK_EVENTS]),
      fc.array(fc.oneof(fc.constantFrom(...WEBHOOK_EVENTS), fc.string({ maxLength: 30 })), { maxLength: 6 }),
      fc.string(),
      fc.constant(null),
    );
    const body = fc.record(
      { url, events, description: fc.oneof(fc.string({ maxLength: 250 }), fc.integer(), fc.constant(null)) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = (await rows(other)).length;
        const res = await other.admin('POST', `/api/v1/organisations/${other.id}/webhooks`, b);
        expect(res.statusCode, `${JSON.stringify(b)} → ${res.body}`).toBeLessThan(500);
        const valid =
          typeof b.url === 'string' &&
          urlProblem(w.t.config, b.url) === null &&
          Array.isArray(b.events) &&
          b.events.length > 0 &&
          b.events.every((e) => (WEBHOOK_EVENTS as readonly unknown[]).includes(e)) &&
          (b.description === undefined ||
            b.description === null ||
            (typeof b.description === 'string' && b.description.trim().length <= 200));
        if (valid) expect(res.statusCode, `${JSON.stringify(b)} → ${res.body}`).toBe(201);
        else expect([400, 422], `${JSON.stringify(b)} → ${res.body}`).toContain(res.statusCode);
        expect((await rows(other)).length).toBe(before + (valid ? 1 : 0));
      }),
      { numRuns: 80 },
    );
  });

  it('lets an administrator manage webhooks on pages that work without JavaScript', async () => {
    const password = 'una-password-lunga';
    await createUser(w.t.db, {
      email: 'admin.pagine@webhook.example',
      name: 'Admin Pagine',
      role: 'org-admin',
      organisation: org.id,
      password,
    });
    const b = new Browser(w.t.app);
    await b.signIn('admin.pagine@webhook.example', password);

    const orgPage = await b.get(`/admin/organisations/${org.id}`);
    expect(orgPage.body).toContain(`href="/admin/organisations/${org.id}/webhooks"`);
    const list = await b.get(`/admin/organisations/${org.id}/webhooks`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Nuovo webhook');
    const form = await b.get(`/admin/organisations/${org.id}/webhooks/new`);
    expect(form.statusCode).toBe(200);

    const before = (await rows(org)).length;
    const from = `/admin/organisations/${org.id}/webhooks/new`;
    const bad = await b.post(`/admin/organisations/${org.id}/webhooks`, { url: 'ftp://example.org/x', events: [] }, { from });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain("l'indirizzo deve iniziare con https://");
    expect(bad.body).toContain('scegli almeno un tipo di evento');
    expect(bad.body).toContain('value="ftp://example.org/x"');
    expect((await rows(org)).length).toBe(before);

    const made = await b.post(
      `/admin/organisations/${org.id}/webhooks`,
      { url: `${w.rx.url}/pagine`, events: ['registration.created', 'registration.checked_in'], description: 'Dalle pagine' },
      { from },
    );
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toBe('no-store');
    const secret = /id="secret"[^>]*value="(whsec_[^"]+)"/.exec(made.body)?.[1] ?? /value="(whsec_[^"]+)"/.exec(made.body)?.[1];
    expect(secret).toBeDefined();
    const [row] = (await rows(org)).filter((r) => r.description === 'Dalle pagine');
    expect(decryptSecret(w.t.config, row.secret)).toBe(secret);
    const detail = `/admin/webhooks/${row.id}`;
    const shown = await b.get(detail);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain(secret);
    expect(shown.body).toContain('Ancora nessuna consegna');

    const paused = await b.post(`${detail}/active`, { active: '0' }, { from: detail });
    expect(paused.statusCode).toBe(303);
    expect((await rows(org)).find((r) => r.id === row.id)?.active).toBe(0);
    expect((await b.get(paused.headers.location as string)).body).toContain('Webhook in pausa');
    await b.post(`${detail}/active`, { active: '1' }, { from: detail });

    const edited = await b.post(
      detail,
      { url: 'javascript:alert(1)', events: ['registration.created'], description: '' },
      { from: detail },
    );
    expect(edited.statusCode).toBe(422);
    expect((await rows(org)).find((r) => r.id === row.id)?.url).toBe(`${w.rx.url}/pagine`);

    const pinged = await b.post(`${detail}/ping`, {}, { from: detail });
    expect(pinged.statusCode).toBe(303);
    await w.drain();
    expect(w.rx.at('/pagine')).toHaveLength(1);
    const log = await b.get(detail);
    expect(log.body).toContain('Consegnata');
    expect(log.body).toContain('Prova');

    const rotated = await b.post(`${detail}/secret`, {}, { from: detail });
    expect(rotated.statusCode).toBe(200);
    const fresh = /value="(whsec_[^"]+)"/.exec(rotated.body)?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(secret);

    const deleted = await b.post(`${detail}/delete`, {}, { from: detail });
    expect(deleted.statusCode).toBe(303);
    expect((await rows(org)).find((r) => r.id === row.id)).toBeUndefined();
    expect((await b.get(detail)).statusCode).toBe(404);

    // Staff who are not administrators get no link and no page.
    await createUser(w.t.db, { email: 'staff.pagine@webhook.example', name: 'Staff', role: 'staff', organisation: org.id, password });
    const s = new Browser(w.t.app);
    await s.signIn('staff.pagine@webhook.example', password);
    expect((await s.get(`/admin/organisations/${org.id}`)).body).not.toContain('/webhooks"');
    expect((await s.get(`/admin/organisations/${org.id}/webhooks`)).statusCode).toBe(403);
  });
});
