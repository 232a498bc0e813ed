import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as desks from '../../src/modules/desks/service.js';
import * as guides from '../../src/modules/guides/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { personalPath, targets } from '../../src/modules/skills/path.js';
import { DIALECTS } from '../helpers.js';
import { answersFor, bank, pick, respond, type World, world } from './fixtures.js';

const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '12:30', operators: 1 }));
const SPID = { code: 'spid', name: 'Attivazione SPID', durationMinutes: 30, bring: ["documento d'identità"] };

describe.each(DIALECTS)('the personal path (%s)', (dialect) => {
  let w: World;
  let deskId: string;
  let guideId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await world(dialect);
    deskId = (
      await desks.createDesk(w.t.db, {
        organisation: w.prato,
        venue: w.coiano,
        name: 'Sportello SPID di Coiano',
        services: [SPID],
        openingHours: week,
      })
    ).id;
    guideId = (
      await guides.createSheet(w.t.db, guides.actorOf(null), {
        organisation: w.prato,
        name: 'SPID, l’identità digitale',
        summary: 'Che cos’è SPID, come si attiva e come si usa per entrare nei servizi online.',
        category: 'identita-digitale',
        status: 'published',
      })
    ).id;
    const milano = (await createOrganisation(w.t.db, { name: 'Comune di Milano', type: 'comune', municipality: '015146' })).id;
    const brera = (await createVenue(w.t.db, milano, { name: 'Biblioteca di Brera', address: 'Via Brera 28', municipality: '015146' })).id;
    ids.spid = await w.event({ title: 'SPID in pratica', topics: ['spid'] }, 5);
    ids.phishing = await w.event({ title: 'Difendersi dal phishing', topics: ['sicurezza-informatica'] }, 7);
    ids.staffOnly = await w.event({ title: 'SPID per i dipendenti comunali', topics: ['spid'], audiences: ['dipendenti-comunali'] }, 6);
    ids.far = await w.event({ organisation: milano, programme: undefined, venue: brera, title: 'SPID a Milano', topics: ['spid'] }, 4);
    ids.online = await w.event(
      {
        organisation: milano,
        programme: undefined,
        venue: undefined,
        format: 'online',
        onlineUrl: 'https://meet.example.org/spid',
        title: 'SPID online',
        topics: ['spid'],
      },
      8,
    );
    ids.coding = await w.event({ title: 'Coder Dojo', topics: ['coding'] }, 3);
  });
  afterAll(() => w.close());

  it('puts equally weak public-service competences first', () => {
    const zero = Object.fromEntries(['1.1', '2.3', '2.6', '3.4', '4.1'].map((c) => [c, 0]));
    expect(targets(zero, { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 })).toEqual(['2.6', '4.1', '2.3', '1.1', '3.4']);
    expect(targets({ '2.6': 0.9, '1.1': 0.2 }, { 1: 1, 2: 5, 3: 6, 4: 6, 5: 6 })).toEqual(['1.1']);
  });

  it('from the gaps to a guide, events near the person for their audience, and the SPID desk', async () => {
    const created = await respond(w.t, 'short', {
      answers: answersFor(await bank(w.t, 'short'), 'worst'),
      municipality: '100005',
      ageBand: '75+',
    });
    expect(created.statusCode, created.body).toBe(201);
    const path = created.json().path as { kind: string; title: string; page: string }[];
    const guide = path.find((p) => p.kind === 'guide');
    expect(guide?.title).toBe('SPID, l’identità digitale');
    expect(guide?.page).toBe((await guides.getSheet(w.t.db, guideId)).page);
    const events = path.filter((p) => p.kind === 'event').map((p) => p.page);
    // Identity (the first gap) before safety; in Prato before online; not the staff-only meeting,
    // not the meeting in presence in another province.
    expect(events).toEqual([`/eventi/${ids.spid}`, `/eventi/${ids.online}`, `/eventi/${ids.phishing}`]);
    const desk = path.find((p) => p.kind === 'desk');
    expect(desk).toMatchObject({ title: 'Prenota l’attivazione dello SPID', page: `/sportelli/${deskId}/prenota?servizio=spid` });
    // Each step is one click away: the pages exist.
    for (const step of path) {
      const res = await w.t.app.inject({ method: 'GET', url: step.page });
      expect(res.statusCode, `${step.page}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('a result weak in Sicurezza starts with safety: a guide on scams and the phishing meeting before anything on payments', async () => {
    const sheet = (name: string, summary: string, lifeEvents: string[] = []) =>
      guides.createSheet(w.t.db, guides.actorOf(null), {
        organisation: w.prato,
        name,
        summary,
        category: 'pagamenti',
        lifeEvents,
        status: 'published',
      });
    await sheet('Truffe online: come difendersi', 'Riconosci i messaggi falsi e proteggi i codici di SPID e della banca.');
    await sheet('PagoPA, pagare online', 'Con pagoPA paghi online tasse, multe e servizi pubblici.');
    await sheet('Mensa scolastica', 'Iscrivi tuo figlio alla mensa e ricarichi i pasti online con pagoPA.', ['scuola', 'figlio']);
    const items = await bank(w.t, 'full');
    const weak = (c: string) => c.startsWith('4.') || c === '2.3';
    const created = await respond(w.t, 'full', {
      answers: answersFor(items, (i) => pick(i, weak(i.competence) ? 'worst' : 'best')),
      municipality: '100005',
      ageBand: '75+',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, token, path } = created.json() as { id: string; token: string; path: { kind: string; title: string }[] };
    const titles = path.map((p) => p.title);
    expect(path[0]).toMatchObject({ kind: 'guide', title: 'Truffe online: come difendersi' });
    expect(titles).toContain('Difendersi dal phishing');
    expect(titles).toContain('PagoPA, pagare online');
    // Safety first, payments after; a school canteen is neither about payments nor for someone over 75.
    expect(titles.indexOf('Difendersi dal phishing')).toBeLessThan(titles.indexOf('PagoPA, pagare online'));
    expect(titles).not.toContain('Mensa scolastica');
    const page = await w.t.app.inject({ url: `/competenze/risultato/${id}?token=${encodeURIComponent(token)}` });
    expect(page.statusCode).toBe(200);
    const shown = page.body.indexOf('Truffe online: come difendersi');
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(page.body.indexOf('PagoPA, pagare online'));
    expect(page.body).not.toContain('Mensa scolastica');
  });

  it('without a comune every upcoming event on the topics is near enough', async () => {
    const path = await personalPath(w.t.db, {
      competences: { '2.6': 0 },
      levels: { 1: 5, 2: 1, 3: 5, 4: 5, 5: 5 },
      municipality: null,
      ageBand: null,
      lang: 'it',
    });
    const events = path.filter((p) => p.kind === 'event').map((p) => p.page);
    expect(events).toEqual([`/eventi/${ids.far}`, `/eventi/${ids.spid}`, `/eventi/${ids.online}`]);
  });

  it('no gaps and every area advanced: nothing to suggest', async () => {
    const created = await respond(w.t, 'full', { answers: answersFor(await bank(w.t, 'full'), 'best'), municipality: '100005' });
    expect(created.json().path).toEqual([]);
  });
});
