import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../../src/modules/events/service.js';
import { at, openDate, type World, world } from '../desks/fixtures.js';
import { type World as EventsWorld, world as eventsWorld } from '../events/booking-fixtures.js';
import { booking, clockAt, clockReset } from '../events/checkin-fixtures.js';
import { Browser, DIALECTS } from '../helpers.js';
import { answersFor, bank, respond, type World as SkillsWorld, world as skillsWorld } from '../skills/fixtures.js';

/**
 * What a screen reader and a keyboard meet after a failed submit, on any form: the page's title
 * starts with "Errore:" ("Error:"), and one error summary, which lists the problem of the whole form
 * once, takes the focus without JavaScript. Required boxes are not exposed as invalid before any
 * input, and in the English interface the organisations' Italian words are marked lang="it".
 */

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
const count = (html: string, s: string) => html.split(s).length - 1;

describe.each(DIALECTS)('error summary and title after a failed submit (%s)', (dialect) => {
  let w: World;
  let eventId: string;
  let deskId: string;
  beforeAll(async () => {
    w = await world(dialect);
    deskId = await w.desk({ name: 'Sportello del Punto Digitale' });
    const start = new Date(Date.now() + 12 * 86_400_000).toISOString();
    eventId = (
      await events.createEvent(w.t.app.deps, null, {
        organisation: w.prato,
        title: 'Incontro sulla posta elettronica certificata',
        description: 'Come si apre una casella PEC.',
        type: 'incontro',
        format: 'in_presenza',
        venue: w.coiano,
        capacity: 10,
        maxSeatsPerBooking: 2,
        bookingRequired: true,
        status: 'published',
        audiences: ['anziani'],
        topics: ['spid'],
        sessions: [{ start, end: new Date(Date.parse(start) + 7_200_000).toISOString() }],
      })
    ).id;
  });
  afterAll(() => w.close());

  it('an event booking with errors: "Errore:" title, one focused summary, nothing booked; the privacy box is not invalid beforehand', async () => {
    const b = new Browser(w.t.app);
    const page = `/eventi/${eventId}/prenota`;
    const blank = await b.get(page);
    expect(titleOf(blank.body)).not.toMatch(/^Errore/);
    expect(blank.body).not.toContain('id="error-summary"');
    const privacy = /<input[^>]*id="f-privacyAccepted"[^>]*>/.exec(blank.body)?.[0] ?? '';
    expect(privacy).toContain('aria-required="true"');
    expect(privacy).not.toMatch(/\srequired[\s>=]/);
    expect(privacy).not.toContain('aria-invalid');

    const bad = await b.post(page, { name: '', email: 'non-una-mail', phone: '', seats: '1' }, { from: page });
    expect(bad.statusCode).toBe(400);
    expect(titleOf(bad.body)).toMatch(/^Errore: Prenota/);
    expect(count(bad.body, 'id="error-summary"')).toBe(1);
    expect(bad.body).toMatch(/id="error-summary"[^>]*autofocus/);
    expect(count(bad.body, 'autofocus')).toBe(1);
    expect(/<input[^>]*id="f-privacyAccepted"[^>]*>/.exec(bad.body)?.[0]).toContain('aria-invalid="true"');
    const rows = await w.t.db.k.selectFrom('registrations').select('id').where('event_id', '=', eventId).execute();
    expect(rows).toHaveLength(0);

    const en = await b.post(`${page}?lang=en`, { name: '', seats: '1' }, { from: page });
    expect(titleOf(en.body)).toMatch(/^Error: /);
  });

  it('a failed sign-in: "Errore:" title and its message as the focused summary', async () => {
    const b = new Browser(w.t.app);
    const res = await b.post('/login', { email: 'nessuno@example.org', password: 'non-e-questa' });
    expect(res.statusCode).toBe(401);
    expect(titleOf(res.body)).toMatch(/^Errore: /);
    expect(res.body).toMatch(/id="error-summary"[^>]*autofocus/);
  });

  it('a desk whose time was just taken: the choice page says so in a focused summary', async () => {
    const start = at(openDate(3), '09:30');
    const first = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/appointments`,
      payload: { service: 'spid', start, name: 'Bruno Verdi', phone: '3339998888' },
    });
    expect(first.statusCode).toBe(201);
    const b = new Browser(w.t.app);
    const from = `/sportelli/${deskId}/prenota?servizio=spid&giorno=${start.slice(0, 10)}`;
    const taken = await b.post(`/sportelli/${deskId}/prenota`, { servizio: 'spid', start }, { from });
    expect(taken.statusCode).toBe(409);
    expect(titleOf(taken.body)).toMatch(/^Errore: /);
    expect(taken.body).toMatch(/id="error-summary"[^>]*autofocus/);
  });

  it('in English, the Italian words of organisations are marked lang="it"', async () => {
    const b = new Browser(w.t.app);
    const ev = await b.get(`/eventi/${eventId}?lang=en`);
    expect(ev.statusCode).toBe(200);
    expect(ev.body).toContain('<h1 lang="it">Incontro sulla posta elettronica certificata</h1>');
    expect(ev.body).toMatch(/class="ponte-description" lang="it"/);
    // The language chosen sticks (a cookie): an Italian visitor is another browser.
    const it = await new Browser(w.t.app).get(`/eventi/${eventId}`);
    expect(it.body).toContain('<h1>Incontro sulla posta elettronica certificata</h1>');
    const desk = await b.get(`/sportelli/${deskId}?lang=en`);
    expect(desk.body).toContain('<h1 lang="it">Sportello del Punto Digitale</h1>');
    expect(desk.body).toMatch(/<h3 class="h5 mb-1" lang="it">\s*Attivazione SPID/);
  });
});

describe.each(DIALECTS)('the door page after a refused code (%s)', (dialect) => {
  let w: EventsWorld;
  beforeAll(async () => {
    w = await eventsWorld(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => clockReset());

  it('keeps the focus in the code field for the next scan, while the title says Errore; a refused walk-in focuses its summary', async () => {
    const id = await w.event({}, 2);
    await booking(w, id, { name: 'Anna Bianchi' });
    const start = (await w.t.db.k.selectFrom('events').select('starts_at').where('id', '=', id).executeTakeFirstOrThrow()).starts_at;
    clockAt(start);
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    const door = `/admin/events/${id}/ingresso`;
    const empty = await staff.post(`${door}/codice`, { code: '' }, { from: door });
    expect(empty.statusCode).toBe(400);
    expect(titleOf(empty.body)).toMatch(/^Errore: /);
    expect(empty.body).toMatch(/id="f-code"[^>]*autofocus/);
    expect(count(empty.body, 'autofocus')).toBe(1);
    const walk = await staff.post(`${door}/senza-prenotazione`, { people: '0', name: '', audience: '', ageBand: '' }, { from: door });
    expect(walk.statusCode).toBe(400);
    expect(titleOf(walk.body)).toMatch(/^Errore: /);
    expect(walk.body).toMatch(/id="error-summary"[^>]*autofocus/);
    expect(count(walk.body, 'autofocus')).toBe(1);
  });
});

describe.each(DIALECTS)('the skills result page’s e-mail form, far down the page (%s)', (dialect) => {
  let w: SkillsWorld;
  beforeAll(async () => {
    w = await skillsWorld(dialect);
  });
  afterAll(() => w.close());

  it('a refused address: the summary beside the form takes the focus (autofocus scrolls to it) and the title says Errore', async () => {
    const created = (await respond(w.t, 'short', { answers: answersFor(await bank(w.t, 'short'), 'best') })).json();
    const b = new Browser(w.t.app);
    const page = await b.get(`/competenze/risultato/${created.id}?token=${encodeURIComponent(created.token)}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    const bad = await b.post(`/competenze/risultato/${created.id}/email`, { token: created.token, email: 'non-una-mail' }, { csrf });
    expect(bad.statusCode).toBe(400);
    expect(titleOf(bad.body)).toMatch(/^Errore: /);
    expect(bad.body).toMatch(/id="error-summary"[^>]*autofocus/);
    expect(bad.body.indexOf('id="error-summary"')).toBeGreaterThan(bad.body.indexOf('id="email"'));
    expect(count(bad.body, 'autofocus')).toBe(1);
  });
});
