import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVenue } from '../../src/modules/organisations/service.js';
import { DIALECTS } from '../helpers.js';
import { type Org, type World, world } from './fixtures.js';

const FIRENZE = '048017';

/** The sources a policy's directive allows, e.g. frame-ancestors → ["'self'", 'https://…']. */
function directive(csp: unknown, name: string): string[] | undefined {
  const found = String(csp)
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found?.slice(1);
}

describe.each(DIALECTS)('the events widget (%s)', (dialect) => {
  let w: World;
  let org: Org;
  let other: Org;
  let lonely: Org;
  const ids: Record<string, string> = {};
  const get = (url: string, headers: Record<string, string> = {}) => w.t.app.inject({ method: 'GET', url, headers });
  const widget = (query: string) => get(`/widget/eventi?${query}`);

  beforeAll(async () => {
    w = await world(dialect);
    org = await w.org();
    other = await w.org();
    lonely = await w.org();
    const programme = await w.programme(org);
    ids.programme = programme;
    const florence = (
      await createVenue(w.t.db, org.id, { name: 'Biblioteca delle Oblate', address: 'Via dell’Oriuolo 24', municipality: FIRENZE })
    ).id;
    ids.seniors = await w.event(org, { title: 'Smartphone per over 65', programme, audiences: ['anziani'] }, 5);
    ids.florence = await w.event(org, { title: 'PEC e firma digitale a Firenze', venue: florence }, 6);
    ids.draft = await w.event(org, { title: 'Bozza non pubblicata', status: 'draft' }, 7);
    ids.unlisted = await w.event(org, { title: 'Corso interno del personale', visibility: 'unlisted' }, 8);
    ids.foreign = await w.event(other, { title: 'Evento di un altro ente' }, 5);
    for (const origin of ['https://www.comune.prato.it', 'http://localhost:8080']) {
      expect((await org.admin('POST', `/api/v1/organisations/${org.id}/widget-origins`, { origin })).statusCode).toBe(201);
    }
    await other.admin('POST', `/api/v1/organisations/${other.id}/widget-origins`, { origin: 'https://altro.example.org' });
  });
  afterAll(() => w.close());

  it('may be framed by the organisation’s listed sites and itself only; every other page by nobody', async () => {
    const res = await widget(`organisation=${org.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(directive(res.headers['content-security-policy'], 'frame-ancestors')).toEqual([
      "'self'",
      'http://localhost:8080',
      'https://www.comune.prato.it',
    ]);
    // X-Frame-Options cannot name another site: a SAMEORIGIN left there would contradict the policy.
    expect(res.headers['x-frame-options']).toBeUndefined();
    // The rest of the policy is the pages' own.
    const page = await get('/eventi');
    const rest = (csp: unknown) =>
      String(csp)
        .split(';')
        .filter((d) => !d.startsWith('frame-ancestors'));
    expect(rest(res.headers['content-security-policy'])).toEqual(rest(page.headers['content-security-policy']));

    expect(directive((await widget(`organisation=${other.id}`)).headers['content-security-policy'], 'frame-ancestors')).toEqual([
      "'self'",
      'https://altro.example.org',
    ]);
    expect(directive((await widget(`organisation=${lonely.id}`)).headers['content-security-policy'], 'frame-ancestors')).toEqual([
      "'self'",
    ]);
    for (const url of ['/eventi', `/eventi/${ids.seniors}`, `/eventi/${ids.seniors}/prenota`, '/']) {
      const other = await get(url);
      expect(directive(other.headers['content-security-policy'], 'frame-ancestors'), url).toEqual(["'none'"]);
      expect(other.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }
  });

  it('follows the list at once when a site is removed', async () => {
    const list = (await org.admin('GET', `/api/v1/organisations/${org.id}/widget-origins`)).json().items as {
      id: string;
      origin: string;
    }[];
    const added = await org.admin('POST', `/api/v1/organisations/${org.id}/widget-origins`, { origin: 'https://temporaneo.example.org' });
    expect(directive((await widget(`organisation=${org.id}`)).headers['content-security-policy'], 'frame-ancestors')).toContain(
      'https://temporaneo.example.org',
    );
    expect((await org.admin('DELETE', `/api/v1/widget-origins/${added.json().id}`)).statusCode).toBe(204);
    const after = directive((await widget(`organisation=${org.id}`)).headers['content-security-policy'], 'frame-ancestors');
    expect(after).toEqual(["'self'", ...list.map((o) => o.origin)]);
  });

  it('lists the organisation’s public events, with links that open Ponte’s pages in the whole window', async () => {
    const res = await widget(`organisation=${org.id}`);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.body).toContain(`Prossimi eventi di ${org.name}`);
    expect(res.body).toContain('Smartphone per over 65');
    expect(res.body).toContain('PEC e firma digitale a Firenze');
    for (const hidden of ['Bozza non pubblicata', 'Corso interno del personale', 'Evento di un altro ente'])
      expect(res.body).not.toContain(hidden);
    expect(res.body).toContain(`<a href="/eventi/${ids.seniors}" target="_top">`);
    expect(res.body).toMatch(new RegExp(`href="/eventi/${ids.seniors}/prenota" target="_top">Prenota`));
    expect(res.body).toContain(`href="/eventi?organisation=${org.id}" target="_top"`);
    expect(res.body).toContain('<script src="/widget/frame.js" defer>');
    const en = await get(`/widget/eventi?organisation=${org.id}&lang=en`);
    expect(en.body).toContain(`Upcoming events of ${org.name}`);
  });

  it('narrows the list by programme, comune and audience', async () => {
    const titles = async (query: string) => {
      const res = await widget(`organisation=${org.id}&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return ['Smartphone per over 65', 'PEC e firma digitale a Firenze'].filter((title) => res.body.includes(title));
    };
    expect(await titles(`programme=${ids.programme}`)).toEqual(['Smartphone per over 65']);
    expect(await titles(`comune=${FIRENZE}`)).toEqual(['PEC e firma digitale a Firenze']);
    expect(await titles('audience=anziani')).toEqual(['Smartphone per over 65']);
    expect(await titles('audience=genitori-0-6')).toEqual([]);
    expect((await widget(`organisation=${org.id}&audience=genitori-0-6`)).body).toContain('Nessun evento in programma per ora.');
  });

  it('answers a wrong snippet with a page that says what is wrong: 400 for a malformed filter, 404 for what does not exist', async () => {
    const cases: [string, number, string][] = [
      ['', 400, 'indica l’organizzazione'],
      ['organisation=prato', 400, 'identificativo di organizzazione non valido'],
      ['organisation=00000000-0000-7000-8000-000000000000', 404, 'Organizzazione non trovata'],
      [`organisation=${org.id}&comune=12`, 400, 'codice ISTAT'],
      [`organisation=${org.id}&comune=999999`, 400, 'comune non trovato'],
      [`organisation=${org.id}&audience=marziani`, 400, 'pubblico sconosciuto: usa uno di anziani, genitori-0-6'],
      [`organisation=${org.id}&programme=corso`, 400, 'identificativo di programma non valido'],
      [`organisation=${org.id}&programme=00000000-0000-7000-8000-000000000000`, 404, 'Programma non trovato'],
    ];
    for (const [query, status, text] of cases) {
      const res = await widget(query);
      expect(res.statusCode, query).toBe(status);
      expect(res.headers['content-type'], query).toMatch(/^text\/html/);
      expect(res.body, query).toContain(text);
      // The message shows inside the organisation's own sites; with no organisation known, nowhere.
      expect(directive(res.headers['content-security-policy'], 'frame-ancestors'), query).toEqual(
        query.startsWith(`organisation=${org.id}`) ? ["'self'", 'http://localhost:8080', 'https://www.comune.prato.it'] : ["'none'"],
      );
    }
  });

  it('never answers a 5xx, whatever the query', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.constant(org.id),
      fc.constant(FIRENZE),
      fc.constantFrom('anziani', 'genitori-0-6', 'giovani', ''),
    );
    await fc.assert(
      fc.asyncProperty(value, value, value, value, async (organisation, programme, comune, audience) => {
        const q = new URLSearchParams({ organisation, programme, comune, audience }).toString();
        const res = await widget(q);
        expect([200, 400, 404], `${q}: ${res.statusCode}`).toContain(res.statusCode);
      }),
      { numRuns: 40 },
    );
  });

  it('serves /widget.js for other sites to load, and the frame’s own height script', async () => {
    const res = await get('/widget.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    // Loaded by another origin's page: same-origin resource policy would block it.
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.body).toContain("'/widget/eventi?'");
    const frame = await get('/widget/frame.js');
    expect(frame.statusCode).toBe(200);
    expect(frame.body).toContain('postMessage');
  });
});
