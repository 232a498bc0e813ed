import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as svc from '../../src/modules/events/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { type CatalogueWorld, catalogueWorld, session } from './catalogue-fixtures.js';

interface Item {
  id: string;
  title: string;
  start: string;
  availability: string;
  seatsLeft?: number;
  full: boolean;
  audiences: string[];
  municipality: { code: string } | null;
}

describe.each(DIALECTS)('catalogue filters (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;
  const ids: Record<string, string> = {};

  const list = async (query: string): Promise<string[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Item[] }).items.map((i) => i.id);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await catalogueWorld(t);
    ids.spid = await w.event({
      title: 'SPID per le persone anziane',
      description: 'Come attivare e usare l’identità digitale.',
      audiences: ['anziani'],
      topics: ['spid'],
      sessions: [session(2, '10:00')],
    });
    ids.pagopa = await w.event({
      organisation: w.crema,
      title: 'PagoPA in città',
      description: 'Perché pagare online è più semplice: la mensa, la TARI, le multe.',
      format: 'ibrido',
      venue: w.venues.crema,
      onlineUrl: 'https://meet.example.org/pagopa',
      audiences: ['genitori-7-11'],
      topics: ['pagopa'],
      sessions: [session(5, '20:30')],
    });
    ids.webinar = await w.event({
      title: 'Sicurezza informatica: il webinar',
      type: 'webinar',
      format: 'online',
      venue: null,
      onlineUrl: 'https://meet.example.org/sicurezza',
      capacity: 1,
      maxSeatsPerBooking: 1,
      audiences: ['imprese-artigiani'],
      topics: ['sicurezza-informatica'],
      sessions: [session(10, '18:00')],
    });
    // Full: one seat, taken.
    await svc.book(
      w.deps,
      ids.webinar,
      { name: 'Anna Rossi', email: 'anna@example.org', seats: 1, privacyAccepted: true },
      { source: 'web' },
    );
    ids.course = await w.event({
      title: 'Corso di smartphone in tre lezioni',
      type: 'corso',
      venue: w.venues.arci,
      partners: [w.arci],
      audiences: ['anziani', 'tutti'],
      topics: ['smartphone'],
      sessions: [session(20, '15:00'), session(27, '15:00'), session(34, '15:00')],
    });
    await w.event({ title: 'Bozza mai pubblicata', status: 'draft', sessions: [session(3)] });
    const cancelled = await w.event({ title: 'Incontro annullato', sessions: [session(4)] });
    await svc.cancelEvent(w.deps, cancelled, 'Sala non disponibile');
    // An event that is over by the time the catalogue is read: created yesterday for "in an hour".
    setClockOffset(-2 * 24 * 3600_000);
    await w.event({ title: 'Incontro già passato', sessions: [session(1, '09:00')] });
    setClockOffset(0);
  });
  afterAll(async () => {
    setClockOffset(0);
    await t?.close();
  });

  it('lists published events with a session ahead, by start time, never drafts, cancelled or past ones', async () => {
    expect(await list('')).toEqual([ids.spid, ids.pagopa, ids.webinar, ids.course]);
  });

  it('filters by municipality (ISTAT code) and organisation (organiser or partner)', async () => {
    expect(await list('municipality=100005')).toEqual([ids.spid, ids.webinar, ids.course]);
    expect(await list('municipality=019035')).toEqual([ids.pagopa]);
    expect(await list('municipality=001272')).toEqual([]);
    expect(await list(`organisation=${w.crema}`)).toEqual([ids.pagopa]);
    expect(await list(`organisation=${w.arci}`)).toEqual([ids.course]);
  });

  it('filters by audience, topic and format (online and in person include hybrid events)', async () => {
    expect(await list('audience=anziani')).toEqual([ids.spid, ids.course]);
    expect(await list('topic=pagopa')).toEqual([ids.pagopa]);
    expect(await list('topic=smartphone&audience=anziani')).toEqual([ids.course]);
    expect(await list('format=online')).toEqual([ids.pagopa, ids.webinar]);
    expect(await list('format=in_presenza')).toEqual([ids.spid, ids.pagopa, ids.course]);
    expect(await list('format=ibrido')).toEqual([ids.pagopa]);
  });

  it('filters by dates (Rome calendar days) and by free seats', async () => {
    const day = (n: number) => session(n).start.slice(0, 10);
    expect(await list(`from=${day(4)}`)).toEqual([ids.pagopa, ids.webinar, ids.course]);
    expect(await list(`to=${day(5)}`)).toEqual([ids.spid, ids.pagopa]);
    expect(await list(`from=${day(6)}&to=${day(12)}`)).toEqual([ids.webinar]);
    // A course whose later lessons fall in the range is found too.
    expect(await list(`from=${day(26)}&to=${day(28)}`)).toEqual([ids.course]);
    expect(await list('available=true')).toEqual([ids.spid, ids.pagopa, ids.course]);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events?topic=sicurezza-informatica` });
    const webinar = (res.json() as { items: Item[] }).items[0];
    expect(webinar.full).toBe(true);
    expect(webinar.availability).toBe('full');
    expect(webinar.seatsLeft).toBeUndefined();
  });

  it('searches every word, ignoring accents and case', async () => {
    expect(await list('q=perche')).toEqual([ids.pagopa]);
    expect(await list(`q=${encodeURIComponent('PERCHÉ città')}`)).toEqual([ids.pagopa]);
    expect(await list('q=citta+mensa')).toEqual([ids.pagopa]);
    expect(await list(`q=${encodeURIComponent('identità anziane')}`)).toEqual([ids.spid]);
    expect(await list('q=spid+pagopa')).toEqual([]);
    // The place is searched too.
    expect(await list('q=galciana')).toEqual([ids.course]);
    // Punctuation alone is no search at all (and never reaches LIKE as a wildcard).
    expect(await list('q=%25')).toEqual(await list(''));
  });

  it('refuses bad filters with problem+json 400', async () => {
    for (const q of [
      'municipality=Prato',
      'audience=marziani',
      'format=teatro',
      'from=2026-13-45',
      'available=forse',
      'cursor=abc',
      'limit=0',
    ]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/events?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('shows the same filters on the catalogue page, with field messages for bad ones', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/eventi?audience=anziani&topic=smartphone' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Corso di smartphone in tre lezioni');
    expect(res.body).not.toContain('SPID per le persone anziane');
    const bad = await t.app.inject({ method: 'GET', url: '/eventi?from=31-12-2026&q=pagopa' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('data non valida: usa il formato AAAA-MM-GG');
    // The valid filter still applies.
    expect(bad.body).toContain('PagoPA in città');
    expect(bad.body).not.toContain('Corso di smartphone');
  });
});

describe.each(DIALECTS)('catalogue pagination (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;
  const all: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await catalogueWorld(t);
    // 47 events, several starting at the very same minute, so the order needs the id to be total.
    for (let i = 0; i < 47; i++) {
      all.push(await w.event({ title: `Evento numero ${i}`, sessions: [session(1 + Math.floor(i / 3), '18:00')] }));
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('walks every page of the API without duplicates or gaps', async () => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/events?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: Item[]; next: string | null };
      expect(body.items.length).toBeLessThanOrEqual(20);
      seen.push(...body.items);
      cursor = body.next;
      pages++;
      // An event added while paging, earlier than the cursor, must not push anything into the next page twice.
      if (pages === 1) await w.event({ title: 'Aggiunto durante la lettura', sessions: [session(1, '08:00')] });
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    const ids = seen.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      [...all].sort((a, b) => {
        const sa = seen.find((i) => i.id === a)!.start;
        const sb = seen.find((i) => i.id === b)!.start;
        return sa < sb ? -1 : sa > sb ? 1 : a < b ? -1 : 1;
      }),
    );
    const keys = seen.map((i) => `${i.start}|${i.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('follows the page\'s "Pagina successiva" links to the end, 20 per page', async () => {
    const found: string[] = [];
    let url: string | null = '/eventi?municipality=100005';
    let pages = 0;
    while (url && pages < 10) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const ids = [...res.body.matchAll(/<h3 class="h5 mb-2"><a href="\/eventi\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
      expect(ids.length).toBeLessThanOrEqual(20);
      found.push(...ids);
      const next = /<a class="btn btn-outline-primary" href="([^"]+)" rel="next">Pagina successiva<\/a>/.exec(res.body);
      url = next ? next[1].replace(/&amp;/g, '&') : null;
      if (url) expect(url).toContain('municipality=100005');
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(found).size).toBe(found.length);
    expect(found.length).toBe(48);
  });
});

describe.each(DIALECTS)('month view (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await catalogueWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows a month as an accessible table and a list, with the filters', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const at = (day: number, time: string) => {
      const start = new Date(`${year}-03-${String(day).padStart(2, '0')}T${time}:00+01:00`).toISOString();
      return { start, end: new Date(Date.parse(start) + 3600_000).toISOString() };
    };
    const a = await w.event({ title: 'Laboratorio di marzo', sessions: [at(5, '17:00')] });
    await w.event({
      title: 'Corso a cavallo',
      type: 'corso',
      sessions: [
        at(26, '17:00'),
        { start: new Date(`${year}-04-02T17:00:00+02:00`).toISOString(), end: new Date(`${year}-04-02T18:00:00+02:00`).toISOString() },
      ],
    });
    await w.event({ organisation: w.crema, venue: w.venues.crema, title: 'Incontro a Crema', sessions: [at(12, '20:30')] });
    await w.event({ title: 'Bozza di marzo', status: 'draft', sessions: [at(6, '17:00')] });

    const res = await t.app.inject({ method: 'GET', url: `/eventi/mese?anno=${year}&mese=3` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<caption>Eventi di Marzo ${year}, giorno per giorno</caption>`);
    expect(res.body).toMatch(/<th scope="col"><abbr title="lunedì">lun<\/abbr><\/th>/);
    expect(res.body).toContain(`href="/eventi/${a}"`);
    expect(res.body).toContain('Laboratorio di marzo');
    expect(res.body).toContain('Incontro a Crema');
    expect(res.body).toContain('incontro 1 di 2');
    expect(res.body).not.toContain('Bozza di marzo');
    // The list fallback names the days in words.
    expect(res.body).toContain(DateTime.fromObject({ year, month: 3, day: 5 }).setLocale('it').toFormat('cccc d LLLL yyyy'));

    const april = await t.app.inject({ method: 'GET', url: `/eventi/mese?anno=${year}&mese=4` });
    expect(april.body).toContain('incontro 2 di 2');
    expect(april.body).not.toContain('Laboratorio di marzo');

    const filtered = await t.app.inject({ method: 'GET', url: `/eventi/mese?anno=${year}&mese=3&municipality=019035` });
    expect(filtered.body).toContain('Incontro a Crema');
    expect(filtered.body).not.toContain('Laboratorio di marzo');

    const bad = await t.app.inject({ method: 'GET', url: '/eventi/mese?anno=2026&mese=13' });
    expect(bad.statusCode).toBe(400);
  });
});
