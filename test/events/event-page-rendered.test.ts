import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { h, type VNode } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { RenderedPages } from '../../src/modules/events/catalogue/rendered-pages.js';
import * as svc from '../../src/modules/events/service.js';
import { updateOrganisation } from '../../src/modules/organisations/service.js';
import { Layout, type PageContext, renderPage } from '../../src/web/layout.js';
import { SplicedGzip } from '../../src/web/spliced-gzip.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { type CatalogueWorld, catalogueWorld } from './catalogue-fixtures.js';

const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

describe.each(DIALECTS)('event page rendered once per version of what it shows (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    w = await catalogueWorld(t);
  });
  afterEach(() => setClockOffset(0));
  afterAll(async () => t?.close());

  it('shows a change of the event, its seats or its organiser on the very next request', async () => {
    const id = await w.event({ title: 'Incontro SPID del martedì', capacity: 2 });
    const page = async () => (await t.app.inject({ method: 'GET', url: `/eventi/${id}` })).body;
    expect(await page()).toContain('Incontro SPID del martedì');
    expect(await page()).toContain('Incontro SPID del martedì');

    await svc.updateEvent(w.deps, id, { title: 'Incontro SPID del mercoledì' });
    const renamed = await page();
    expect(renamed).toContain('Incontro SPID del mercoledì');
    expect(renamed).not.toContain('del martedì');

    const before = await page();
    await svc.book(
      w.deps,
      id,
      { name: 'Anna Neri', email: 'anna@example.org', phone: '', seats: 2, privacyAccepted: true },
      { source: 'web' },
    );
    const full = await page();
    expect(full).not.toBe(before);
    expect(full).toMatch(/lista d.attesa/i);

    await updateOrganisation(t.db, w.prato, { phone: '0574 123456' });
    expect(await page()).toContain('tel:0574123456');
  });

  it('gives each visitor a token of their own that books, from the same kept page', async () => {
    const id = await w.event({ title: 'Corso CIE per tutti' });
    const anna = new Browser(t.app);
    const bruno = new Browser(t.app);
    const a = await anna.get(`/eventi/${id}`);
    const b = await bruno.get(`/eventi/${id}`);
    const [ta, tb] = [tokenOf(a.body), tokenOf(b.body)];
    expect(ta).toBeTruthy();
    expect(tb).toBeTruthy();
    expect(ta).not.toBe(tb);
    expect(a.body.replace(ta as string, '')).toBe(b.body.replace(tb as string, ''));
    const form = {
      name: 'Bruno Verdi',
      email: 'bruno@example.org',
      phone: '',
      seats: '1',
      audience: '',
      ageBand: '',
      privacyAccepted: '1',
    };
    const booked = await bruno.post(`/eventi/${id}/prenota`, form, { csrf: tb });
    expect(booked.statusCode).toBe(200);
    // Anna's token is refused with Bruno's cookie: the tokens are really each visitor's own.
    expect((await bruno.post(`/eventi/${id}/prenota`, { ...form, email: 'x@example.org' }, { csrf: ta })).statusCode).toBe(403);
  });

  it('sends each visitor the same page gzipped as plain, with their own token that books', async () => {
    const id = await w.event({ title: 'Corso «PEC» per l’associazione' });
    const carla = new Browser(t.app);
    const zipped = await carla.get(`/eventi/${id}?utm_source=volantino`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    const html = gunzipSync(zipped.rawPayload).toString('utf8');
    expect(html).toContain('Corso «PEC» per l’associazione');
    expect(html).toContain('href="/eventi/' + id + '?utm_source=volantino&amp;lang=en"');
    const token = tokenOf(html) as string;
    const plain = await carla.get(`/eventi/${id}?utm_source=volantino`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(html).toBe(plain.body.replace(tokenOf(plain.body) as string, token));
    const form = {
      name: 'Carla Bianchi',
      email: 'carla@example.org',
      phone: '',
      seats: '1',
      audience: '',
      ageBand: '',
      privacyAccepted: '1',
    };
    expect((await carla.post(`/eventi/${id}/prenota`, form, { csrf: token })).statusCode).toBe(200);
  });

  it('writes the year once the page is seen in another year', async () => {
    const id = await w.event({ title: 'Incontro di Capodanno' });
    const ev = await svc.getEvent(t.db, id);
    const year = new Date(ev.start).getUTCFullYear();
    const shown = async () => (await t.app.inject({ method: 'GET', url: `/eventi/${id}` })).body;
    expect(await shown()).not.toMatch(new RegExp(`[a-z] ${year}\\b`));
    setClockOffset(-400 * 86_400_000);
    expect(await shown()).toMatch(new RegExp(`[a-z] ${year}\\b`));
  });
});

describe('kept pages', () => {
  it('stay within their bytes, forgetting the oldest first', () => {
    const pages = new RenderedPages(50_000);
    const props = (n: number) => ({ ctx: { csrf: 'token', path: '/' }, n });
    const render = (p: { ctx: { csrf?: string; path: string }; n: number }) =>
      `<p>${p.n}</p><input value="${p.ctx.csrf}">${'x'.repeat(5_000)}`;
    for (let i = 0; i < 20; i++) expect(pages.html(`page ${i}`, props(i), render)).toContain(`<p>${i}</p><input value="token">`);
    expect(pages.size.bytes).toBeLessThanOrEqual(50_000);
    expect(pages.size.pages).toBeLessThan(20);
    let renders = 0;
    const counted = (p: { ctx: { csrf?: string; path: string }; n: number }) => {
      renders++;
      return render(p);
    };
    pages.html('page 19', props(19), counted);
    expect(renders).toBe(0);
    pages.html('page 0', props(0), counted);
    expect(renders).toBe(1);
  });
});

describe('kept pages gzipped in pieces', () => {
  it('decompress to the pieces with each visitor’s fills, whatever the text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ maxLength: 3 }).map((s) => s.repeat(30_000)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 4 }), text, (pairs, last) => {
        const texts = [...pairs.map(([piece]) => piece), last];
        const fills = pairs.map(([, fill]) => fill);
        const zipped = new SplicedGzip(texts).with(fills) as Buffer;
        const whole = texts.map((piece, i) => piece + (fills[i] ?? '')).join('');
        expect(gunzipSync(zipped).toString('utf8')).toBe(whole);
      }),
      { numRuns: 60 },
    );
  });
});

describe('kept pages and the address', () => {
  it('put the visitor’s own address in the language links, as rendering afresh would', () => {
    const pages = new RenderedPages();
    const render = (p: { ctx: PageContext; n: number }) =>
      renderPage(h(Layout, { ctx: p.ctx, title: `Pagina ${p.n}`, children: h('p', null, 'x') }) as VNode);
    const path = fc.oneof(
      fc.constantFrom('/eventi', '/eventi?topic=spid', '/eventi?lang=en&topic=spid', '/eventi?q=a"b<c>&d=%26', '/eventi/abc?x=1&y=2'),
      fc.webPath().map((p) => `/eventi${p}`),
      fc.tuple(fc.webPath(), fc.string()).map(([p, q]) => `/eventi${p}?q=${encodeURIComponent(q)}&v=${q.length}`),
    );
    fc.assert(
      fc.property(path, fc.constantFrom<'it' | 'en'>('it', 'en'), (p, lang) => {
        const props = { ctx: { lang, path: p, signedIn: false }, n: 1 };
        expect(pages.html(lang, props, render)).toBe(render(props));
      }),
    );
  });
});

describe.each(DIALECTS)('catalogue rendered once per version of what it lists (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    w = await catalogueWorld(t);
  });
  afterAll(async () => t?.close());

  it('lists a new event at once under a new address, and links each address to its own other language', async () => {
    await w.event({ title: 'Corso di posta certificata', topics: ['pec'] });
    const page = async (url: string) => (await t.app.inject({ method: 'GET', url })).body;
    const first = await page('/eventi?topic=pec&utm_source=volantino');
    expect(first).toContain('Corso di posta certificata');
    expect(first).toContain('href="/eventi?topic=pec&amp;utm_source=volantino&amp;lang=en"');

    await w.event({ title: 'Secondo corso di posta certificata', topics: ['pec'] });
    // A new address misses the few-second page cache: the list is read again and shows the new event.
    const second = await page('/eventi?topic=pec&fbclid=abc');
    expect(second).toContain('Secondo corso di posta certificata');
    expect(second).toContain('href="/eventi?topic=pec&amp;fbclid=abc&amp;lang=en"');
    expect(second).not.toContain('utm_source');

    const zipped = await t.app.inject({ method: 'GET', url: '/eventi?topic=pec&gclid=z', headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(await page('/eventi?topic=pec&gclid=z'));
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toContain('href="/eventi?topic=pec&amp;gclid=z&amp;lang=en"');

    const english = await page('/eventi?topic=pec&lang=en&ref=x');
    expect(english).toContain('<html lang="en"');
    expect(english).toContain('href="/eventi?topic=pec&amp;lang=it&amp;ref=x"');
  });
});
