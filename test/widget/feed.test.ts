import { parseFeed } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type Org, type World, world } from './fixtures.js';

type Node = Record<string, unknown>;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The elements RFC 4287 requires (§4.1.1, §4.1.2), read with a strict XML parser. */
function expectAtom(xml: string): { feed: Node; entries: Node[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as { feed: Node };
  const feed = doc.feed;
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  const isDate = (v: unknown) => expect(Number.isNaN(Date.parse(String(v))), String(v)).toBe(false);
  expect(feed.id).toBeTruthy();
  expect(feed.title).toBeTruthy();
  isDate(feed.updated);
  const links = list(feed.link as Node | Node[]);
  expect(links.map((l) => l['@rel']).sort()).toEqual(['alternate', 'self']);
  // A feed without an author needs one on every entry: Ponte names itself.
  expect((feed.author as Node).name).toBe('Ponte');
  const entries = list(feed.entry as Node | Node[]);
  for (const e of entries) {
    expect(String(e.id)).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(e.title).toBeDefined();
    isDate(e.updated);
    expect((e.link as Node)['@rel']).toBe('alternate');
    expect((e.author as Node).name).toBeTruthy();
  }
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  return { feed, entries };
}

describe.each(DIALECTS)('the Atom feed of the catalogue (%s)', (dialect) => {
  let w: World;
  let org: Org;
  let other: Org;
  const ids: Record<string, string> = {};
  const get = (url: string) => w.t.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    w = await world(dialect);
    org = await w.org();
    other = await w.org();
    ids.programme = await w.programme(org);
    ids.tricky = await w.event(
      org,
      {
        title: 'Corso <b>"sicuro"</b> & SPID',
        description: 'Porta la tessera sanitaria & il telefono. <script>alert(1)</script>',
        audiences: ['anziani'],
        programme: ids.programme,
      },
      3,
    );
    ids.plain = await w.event(org, { title: 'Incontro sulla PEC' }, 4);
    ids.draft = await w.event(org, { title: 'Bozza del feed', status: 'draft' }, 5);
    ids.unlisted = await w.event(org, { title: 'Corso solo con il link', visibility: 'unlisted' }, 6);
    ids.foreign = await w.event(other, { title: 'Evento di un altro ente' }, 3);
  });
  afterAll(() => w.close());

  it('is a valid Atom document of the published, listed events with the filters asked', async () => {
    const res = await get(`/eventi/feed.atom?organisation=${org.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { feed, entries } = expectAtom(res.body);
    expect(feed.id).toBe(`http://ponte.test/eventi/feed.atom?organisation=${org.id}`);

    const parsed = parseFeed(res.body);
    expect(parsed.meta.type).toBe('atom');
    expect(parsed.title).toBe('Eventi e incontri · Ponte');
    expect(parsed.url).toBe(`http://ponte.test/eventi?organisation=${org.id}`);
    expect(parsed.self).toBe(`http://ponte.test/eventi/feed.atom?organisation=${org.id}`);
    expect(parsed.items.map((i) => i.title)).toEqual(['Corso <b>"sicuro"</b> & SPID', 'Incontro sulla PEC']);
    expect(entries).toHaveLength(2);
    const [tricky] = parsed.items;
    expect(tricky.id).toBe(`urn:uuid:${ids.tricky}`);
    expect(tricky.url).toBe(`http://ponte.test/eventi/${ids.tricky}`);
    expect(tricky.authors.map((a) => a.name)).toEqual([org.name]);
    // Text stays text: the markup in a title or description is escaped, never live in the document.
    expect(tricky.description).toContain('Porta la tessera sanitaria & il telefono. <script>alert(1)</script>');
    expect(tricky.description).toMatch(
      /^Quando: .+\nDove: Biblioteca Lazzerini, Via Puccetti 3, Prato \(PO\)\nPer: Persone anziane\n\nPorta/,
    );
    expect(res.body).not.toContain('<script>');
    expect(res.body).not.toContain('<b>');
    // updated: the latest change among its events.
    expect(new Date(parsed.updated!).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('takes the catalogue’s filters: programme, comune, audience; in English when asked', async () => {
    const titles = async (query: string) => parseFeed((await get(`/eventi/feed.atom?${query}`)).body).items.map((i) => i.title);
    expect(await titles(`organisation=${org.id}&programme=${ids.programme}`)).toEqual(['Corso <b>"sicuro"</b> & SPID']);
    expect(await titles(`organisation=${org.id}&audience=anziani`)).toEqual(['Corso <b>"sicuro"</b> & SPID']);
    const all = await titles('municipality=100005');
    expect(all).toEqual(expect.arrayContaining(['Incontro sulla PEC', 'Evento di un altro ente']));
    expect(all).not.toContain('Bozza del feed');
    expect(all).not.toContain('Corso solo con il link');
    const en = parseFeed((await get(`/eventi/feed.atom?organisation=${org.id}&lang=en`)).body);
    expect(en.title).toBe('Events and meetings · Ponte');
    expect(en.language).toBe('en');
  });

  it('refuses a malformed filter with a 400 naming it, and stays valid for any text searched', async () => {
    for (const [query, field] of [
      ['organisation=prato', 'organisation'],
      ['municipality=12', 'municipality'],
      ['audience=marziani', 'audience'],
      ['programme=corso', 'programme'],
    ]) {
      const res = await get(`/eventi/feed.atom?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.body, query).toContain(field);
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (q) => {
        const res = await get(`/eventi/feed.atom?${new URLSearchParams({ q, organisation: org.id })}`);
        expect(res.statusCode).toBe(200);
        expectAtom(res.body);
      }),
      { numRuns: 30 },
    );
  });

  it('is announced by the catalogue pages with rel=alternate, for the same filters', async () => {
    const list = await get(`/eventi?organisation=${org.id}&audience=anziani`);
    expect(list.body).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Eventi e incontri (Atom)" href="/eventi/feed.atom?organisation=${org.id}&amp;audience=anziani"/>`,
    );
    const month = await get(`/eventi/mese?organisation=${org.id}`);
    expect(month.body).toContain(`href="/eventi/feed.atom?organisation=${org.id}"`);
  });
});
