import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/**
 * An event page's schema.org Event, read the way a search engine reads it: expanded by jsonld.js
 * against schema.org's context, so each property counts only if it lands on schema.org's IRI with
 * the right kind of value (a link where schema.org expects a link).
 */

const BASE_URL = 'https://ponte.example.it';
const S = 'http://schema.org/';

/**
 * The part of schema.org's published context (https://schema.org/docs/jsonldcontext.jsonld) these
 * documents rely on: the vocabulary, and the properties it declares as links. Served to jsonld.js
 * from here, since the tests have no network.
 */
const SCHEMA_ORG_CONTEXT = {
  '@context': {
    '@vocab': S,
    schema: S,
    url: { '@id': 'schema:url', '@type': '@id' },
    image: { '@id': 'schema:image', '@type': '@id' },
    sameAs: { '@id': 'schema:sameAs', '@type': '@id' },
  },
};

const expand = (doc: unknown) =>
  jsonld.expand(
    doc as jsonld.JsonLdDocument,
    {
      documentLoader: async (url: string) => {
        if (!/^https?:\/\/schema\.org\/?$/.test(url)) throw new Error(`no other document may be loaded (${url})`);
        return { contextUrl: undefined, documentUrl: url, document: SCHEMA_ORG_CONTEXT };
      },
      // Throws where a term or value would be dropped for not mapping to an IRI.
      safe: true,
    } as jsonld.Options.Expand,
  );

type Node = Record<string, { '@id'?: string; '@value'?: unknown; '@type'?: string[] }[]> & { '@type'?: string[] };

function jsonLdOf(html: string): unknown {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no JSON-LD on the page');
  return JSON.parse(m[1]);
}

describe.each(DIALECTS)('schema.org Event on event pages (%s)', (dialect) => {
  let t: TestApp;
  let prato: string;
  let arci: string;
  let coiano: string;
  let arciVenue: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { baseUrl: BASE_URL });
    prato = (
      await createOrganisation(t.db, {
        name: 'Comune di Prato',
        type: 'comune',
        municipality: '100005',
        website: 'https://www.comune.prato.it',
      })
    ).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    coiano = (
      await createVenue(t.db, prato, {
        name: 'Circolo di Coiano',
        address: 'Via di Coiano 12',
        municipality: '100005',
        postalCode: '59100',
      })
    ).id;
    arciVenue = (await createVenue(t.db, arci, { name: 'Casa del Popolo', address: 'Via Pistoiese 410', municipality: '100005' })).id;
  });
  afterAll(() => t?.close());

  async function eventPage(organisation: string, venue: string, title: string): Promise<{ id: string; event: Node }> {
    const start = new Date(Date.now() + 7 * 24 * 3600_000);
    const { id } = await createEvent(t.app.deps, null, {
      organisation,
      title,
      type: 'incontro',
      format: 'in_presenza',
      venue,
      capacity: 20,
      bookingRequired: true,
      status: 'published',
      sessions: [{ start: start.toISOString(), end: new Date(start.getTime() + 7_200_000).toISOString() }],
    });
    const res = await t.app.inject({ method: 'GET', url: `/eventi/${id}` });
    expect(res.statusCode).toBe(200);
    const expanded = (await expand(jsonLdOf(res.body))) as Node[];
    expect(expanded).toHaveLength(1);
    expect(expanded[0]['@type']).toEqual([`${S}Event`]);
    return { id, event: expanded[0] };
  }

  it('gives the venue’s postal code, the organiser’s website and an image Ponte serves', async () => {
    const { event } = await eventPage(prato, coiano, 'SPID per tutti');
    const place = event[`${S}location`][0] as unknown as Node;
    expect(place['@type']).toEqual([`${S}Place`]);
    const address = place[`${S}address`][0] as unknown as Node;
    expect(address['@type']).toEqual([`${S}PostalAddress`]);
    expect(address[`${S}postalCode`]).toEqual([{ '@value': '59100' }]);
    expect(address[`${S}streetAddress`]).toEqual([{ '@value': 'Via di Coiano 12' }]);

    const organizer = event[`${S}organizer`][0] as unknown as Node;
    expect(organizer['@type']).toEqual([`${S}Organization`]);
    expect(organizer[`${S}url`]).toEqual([{ '@id': 'https://www.comune.prato.it' }]);

    expect(event[`${S}image`]).toHaveLength(1);
    const image = event[`${S}image`][0]['@id'] as string;
    expect(image.startsWith(`${BASE_URL}/`)).toBe(true);
    const picture = await t.app.inject({ method: 'GET', url: image.slice(BASE_URL.length) });
    expect(picture.statusCode).toBe(200);
    expect(picture.headers['content-type']).toBe('image/png');
    // A PNG, wide enough for the previews search engines and social networks draw.
    expect(picture.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(picture.rawPayload.readUInt32BE(16)).toBeGreaterThanOrEqual(1200);
  });

  it('links an organiser without a website to its events on Ponte; a venue without a postal code gives none', async () => {
    const { event } = await eventPage(arci, arciVenue, 'Il circolo digitale');
    const organizer = event[`${S}organizer`][0] as unknown as Node;
    const url = organizer[`${S}url`][0]['@id'] as string;
    expect(url).toBe(`${BASE_URL}/eventi?organisation=${arci}`);
    const list = await t.app.inject({ method: 'GET', url: url.slice(BASE_URL.length) });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Il circolo digitale');
    expect(list.body).not.toContain('SPID per tutti');
    const address = (event[`${S}location`][0] as unknown as Node)[`${S}address`][0] as unknown as Node;
    expect(address[`${S}postalCode`]).toBeUndefined();
  });
});
