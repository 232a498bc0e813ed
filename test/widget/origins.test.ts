import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type Org, type World, world } from './fixtures.js';

type Res = { statusCode: number; headers: Record<string, unknown>; body: string };

const problem = (res: Res, status: number) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return JSON.parse(res.body) as { errors?: { field: string; message: string }[] };
};

describe.each(DIALECTS)('the widget’s allowed websites (%s)', (dialect) => {
  let w: World;
  let org: Org;
  let other: Org;
  const rows = (o: Org) =>
    w.t.db.k.selectFrom('widget_origins').select(['id', 'origin']).where('organisation_id', '=', o.id).orderBy('origin').execute();
  const url = (o: Org) => `/api/v1/organisations/${o.id}/widget-origins`;

  beforeAll(async () => {
    w = await world(dialect);
    org = await w.org();
    other = await w.org();
  });
  afterAll(() => w.close());

  it('keeps a website’s origin as a browser compares it: scheme, host and port, lower case', async () => {
    const res = await org.admin('POST', url(org), { origin: '  HTTPS://WWW.Comune.Prato.IT/ ' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ organisation: org.id, origin: 'https://www.comune.prato.it' });
    const port = await org.admin('POST', url(org), { origin: 'http://localhost:8080' });
    expect(port.json()).toMatchObject({ origin: 'http://localhost:8080' });
    const list = await org.admin('GET', url(org));
    expect(list.json().items.map((o: { origin: string }) => o.origin)).toEqual(['http://localhost:8080', 'https://www.comune.prato.it']);
  });

  it('refuses what is not an http(s) origin, naming the field: 422, nothing written', async () => {
    const before = await rows(org);
    const refused: [unknown, RegExp][] = [
      ['https://www.comune.prato.it/eventi', /senza pagine/],
      ['https://www.comune.prato.it/?pagina=1', /senza pagine/],
      ['https://www.comune.prato.it#eventi', /senza pagine/],
      ['javascript:alert(1)', /https:\/\//],
      ['data:text/html,<p>x</p>', /https:\/\//],
      ['ftp://files.comune.prato.it', /https:\/\//],
      ['www.comune.prato.it', /https:\/\//],
      ['https://*.comune.prato.it', /asterisco/],
      ['*', /https:\/\//],
      ['https://utente:segreto@www.comune.prato.it', /nome utente/],
      ['https://www.comune.prato.it\\eventi', /non è un indirizzo/],
      ["https://www.comune.prato.it 'unsafe-inline'", /non è un indirizzo/],
      ['https://www.comune.prato.it;script-src *', /asterisco|non è un indirizzo|senza pagine/],
      [`https://${'a'.repeat(200)}.it`, /al massimo 200/],
      ['', /indica l’indirizzo/],
      [undefined, /indica l’indirizzo/],
      ['https://www.comune.prato.it', /già autorizzato/],
    ];
    for (const [origin, message] of refused) {
      const body = problem(await org.admin('POST', url(org), origin === undefined ? {} : { origin }), 422);
      expect(body.errors, String(origin)).toEqual([{ field: 'origin', message: expect.stringMatching(message) }]);
    }
    // A wrong JSON type is a 400, as everywhere in the API.
    problem(await org.admin('POST', url(org), { origin: 42 }), 400);
    expect(await rows(org)).toEqual(before);
  });

  it('answers any typed text with a normalised origin or a 422, never a 5xx', async () => {
    const text = fc.oneof(
      fc.string(),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.constantFrom('http://', 'https://', 'HTTP://', 'javascript:', ''), fc.domain(), fc.string()).map((p) => p.join('')),
    );
    await fc.assert(
      fc.asyncProperty(text, async (origin) => {
        const res = await other.admin('POST', url(other), { origin });
        expect([201, 422], `${origin}: ${res.body}`).toContain(res.statusCode);
        if (res.statusCode === 201) {
          // What goes into the Content-Security-Policy header: nothing that could end or widen it.
          expect(res.json().origin).toMatch(/^https?:\/\/[a-z0-9.\-[\]:]+$/);
          await other.admin('DELETE', `/api/v1/widget-origins/${res.json().id}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('lets only the organisation’s administrators list, add or remove its websites', async () => {
    const [mine] = await rows(org);
    const before = await rows(org);
    for (const [method, path, body] of [
      ['GET', url(org)],
      ['POST', url(org), { origin: 'https://evil.example' }],
      ['DELETE', `/api/v1/widget-origins/${mine.id}`],
    ] as const) {
      for (const who of [other.admin, org.staff]) expect((await who(method, path, body)).statusCode, `${method} ${path}`).toBe(403);
      expect((await w.t.app.inject({ method, url: path, payload: body })).statusCode).toBe(401);
    }
    expect(await rows(org)).toEqual(before);
    expect((await org.admin('DELETE', '/api/v1/widget-origins/00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('settings page: adds and removes a website with a form, re-shows a refused one with the message by the field', async () => {
    const page = `/admin/organisations/${org.id}/widget`;
    // Reached from the organisation's page, like the other administrators' settings.
    expect((await org.browser.get(`/admin/organisations/${org.id}`)).body).toContain(`href="${page}"`);
    const bad = await org.browser.post(page, { origin: 'https://www.comune.prato.it/pagina' }, { from: page });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('indica solo l’indirizzo del sito, senza pagine');
    expect(bad.body).toMatch(/id="f-origin"[^>]*aria-invalid="true"/);
    expect(bad.body).toContain('value="https://www.comune.prato.it/pagina"');
    expect((await rows(org)).map((r) => r.origin)).not.toContain('https://www.comune.prato.it/pagina');

    const good = await org.browser.post(page, { origin: 'https://turismo.comune.prato.it' }, { from: page });
    expect(good.statusCode, good.body).toBe(303);
    const shown = await org.browser.get(good.headers.location as string);
    expect(shown.body).toContain('Sito autorizzato.');
    expect(shown.body).toContain('https://turismo.comune.prato.it');
    // Both ways to embed, ready to copy, with the organisation filled in.
    expect(shown.body).toContain(`&lt;script src=&quot;http://ponte.test/widget.js&quot; data-organisation=&quot;${org.id}&quot;`);
    expect(shown.body).toContain(`&lt;iframe src=&quot;http://ponte.test/widget/eventi?organisation=${org.id}&quot;`);

    const row = (await rows(org)).find((r) => r.origin === 'https://turismo.comune.prato.it')!;
    const removed = await org.browser.post(`/admin/widget-origins/${row.id}/delete`, {}, { from: page });
    expect(removed.statusCode).toBe(303);
    expect((await rows(org)).map((r) => r.origin)).not.toContain('https://turismo.comune.prato.it');
    const audit = await w.t.db.k.selectFrom('audit_log').select('action').where('entity_id', '=', row.id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['widget.origin.added', 'widget.origin.removed']);
  });
});
