import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as svc from '../../src/modules/events/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';
import { type CatalogueWorld, catalogueWorld, session } from './catalogue-fixtures.js';

const BASE_URL = 'http://ponte.test';

async function drain(t: TestApp): Promise<void> {
  while ((await t.app.deps.jobs.runDue()) > 0) {
    // until nothing is due
  }
}

async function registrations(t: TestApp, eventId: string) {
  return t.db.k.selectFrom('registrations').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
}

function jsonLd(html: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no JSON-LD on the page');
  return JSON.parse(m[1]) as Record<string, unknown>;
}

/** The DTSTART values of an iCalendar text, in order. */
function dtstarts(ics: string): string[] {
  return [...ics.matchAll(/^DTSTART:(\d{8}T\d{6}Z)\r?$/gm)].map((m) => m[1]);
}
const icsInstant = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

const bookingForm = (over: Record<string, string> = {}) => ({
  name: 'Maria Bianchi',
  email: 'maria@example.org',
  phone: '',
  seats: '1',
  audience: '',
  ageBand: '',
  privacyAccepted: '1',
  ...over,
});

describe.each(DIALECTS)('public event pages (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;
  const smtp = new TestSmtp();

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    t = await createTestApp(dialect, { smtpUrl, baseUrl: BASE_URL, rateLimitMax: 0 });
    w = await catalogueWorld(t);
  });
  afterEach(() => {
    setClockOffset(0);
    smtp.clear();
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it('shows the event with place, map, accessibility, seats, organiser, partners and valid JSON-LD', async () => {
    const s = session(9, '20:30', 1.5);
    const id = await w.event({
      title: 'SPID e CIE: come si usano',
      description: 'Un incontro per imparare.\n\nPorta il telefono e la tessera sanitaria.',
      venue: w.venues.coiano,
      partners: [w.arci],
      audiences: ['anziani', 'tutti'],
      topics: ['spid', 'cie'],
      accessibility: 'Interprete LIS su richiesta.',
      capacity: 40,
      sessions: [s],
    });
    const res = await t.app.inject({ method: 'GET', url: `/eventi/${id}` });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    for (const text of [
      'SPID e CIE: come si usano',
      'Porta il telefono e la tessera sanitaria.',
      'Circolo di Coiano',
      'Via di Coiano 12',
      'https://www.openstreetmap.org/?mlat=43.8916&amp;mlon=11.0797',
      'Accesso senza gradini.',
      'Bagno accessibile.',
      'Interprete LIS su richiesta.',
      'Posti disponibili',
      'Comune di Prato',
      'Arci Prato',
      'Persone anziane',
      'Carta d',
      'Nome e cognome',
      'Facoltativi, servono solo per statistiche anonime',
      'href="/privacy"',
      `href="/eventi/${id}.ics"`,
    ]) {
      expect(html, text).toContain(text);
    }
    const ld = jsonLd(html);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'SPID e CIE: come si usano',
      startDate: s.start,
      endDate: s.end,
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: {
        '@type': 'Place',
        name: 'Circolo di Coiano',
        address: { '@type': 'PostalAddress', streetAddress: 'Via di Coiano 12', addressLocality: 'Prato', addressCountry: 'IT' },
      },
      organizer: { '@type': 'Organization', name: 'Comune di Prato' },
      offers: { '@type': 'Offer', price: 0, priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
    });

    const ics = await t.app.inject({ method: 'GET', url: `/eventi/${id}.ics` });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
    expect(ics.body.match(/BEGIN:VEVENT/g)?.length).toBe(1);
    expect(dtstarts(ics.body)).toEqual([icsInstant(s.start)]);
    expect(ics.body).toContain(`UID:${id}-1@ponte`);
    expect(ics.body).toContain('SUMMARY:SPID e CIE: come si usano');
  });

  it('says "online" for a webinar without ever showing its link, and marks full events', async () => {
    const id = await w.event({
      title: 'Webinar PagoPA',
      type: 'webinar',
      format: 'online',
      venue: null,
      onlineUrl: 'https://meet.example.org/segreto-123',
      capacity: 1,
      maxSeatsPerBooking: 1,
    });
    await svc.book(w.deps, id, { name: 'Anna', email: 'anna.web@example.org', seats: 1, privacyAccepted: true }, { source: 'web' });
    const res = await t.app.inject({ method: 'GET', url: `/eventi/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('segreto-123');
    expect(res.body).toContain("Completo – lista d'attesa");
    expect(res.body).toContain("Iscriviti alla lista d'attesa");
    const ld = jsonLd(res.body);
    expect(ld.eventAttendanceMode).toBe('https://schema.org/OnlineEventAttendanceMode');
    expect(ld.location).toMatchObject({ '@type': 'VirtualLocation', url: `${BASE_URL}/eventi/${id}` });
    expect((ld.offers as { availability: string }).availability).toBe('https://schema.org/SoldOut');
    const ics = await t.app.inject({ method: 'GET', url: `/eventi/${id}.ics` });
    expect(ics.body).not.toContain('segreto-123');
  });

  it('shows a course of several sessions, one VEVENT each', async () => {
    const sessions = [session(15, '17:00'), session(22, '17:00'), session(29, '17:00')];
    const id = await w.event({ title: 'Corso in tre lezioni', type: 'corso', sessions });
    const res = await t.app.inject({ method: 'GET', url: `/eventi/${id}` });
    expect(res.body.match(/<li><time dateTime=/g)?.length ?? res.body.match(/<li><time datetime=/g)?.length).toBe(3);
    const ld = jsonLd(res.body);
    expect((ld.subEvent as unknown[]).length).toBe(3);
    const ics = await t.app.inject({ method: 'GET', url: `/eventi/${id}.ics` });
    expect(dtstarts(ics.body)).toEqual(sessions.map((x) => icsInstant(x.start)));
  });

  it('answers 404 in Italian for drafts and unknown events, to the public', async () => {
    const draft = await w.event({ title: 'Bozza', status: 'draft' });
    for (const url of [
      `/eventi/${draft}`,
      `/eventi/${draft}.ics`,
      `/eventi/${draft}/prenota`,
      '/eventi/00000000-0000-7000-8000-000000000000',
      '/eventi/xyz',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
    const page = await t.app.inject({ method: 'GET', url: `/eventi/${draft}` });
    expect(page.body).toContain('Evento non trovato.');
    // The organisation's staff can preview it.
    const b = new Browser(t.app);
    await b.signIn(w.staffEmail, 'una-password-lunga-2026');
    expect((await b.get(`/eventi/${draft}`)).statusCode).toBe(200);
  });

  it('books through the page form: a neutral answer at once, then the e-mail with the link', async () => {
    const id = await w.event({ title: 'Incontro sul Fascicolo Sanitario', capacity: 10 });
    const b = new Browser(t.app);
    const form = await b.get(`/eventi/${id}/prenota`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Indirizzo e-mail');
    const res = await b.post(
      `/eventi/${id}/prenota`,
      bookingForm({ email: 'Maria@Example.org', seats: '2', audience: 'anziani', ageBand: '75+' }),
      { from: `/eventi/${id}` },
    );
    // The same page whether or not the address had booked already (see booking-page-oracle.test.ts).
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Prenotazione ricevuta');
    expect(res.body).toContain('Ti abbiamo inviato una e-mail a Maria@Example.org');
    expect(res.body).not.toContain('token=');
    const regs = await registrations(t, id);
    expect(regs).toHaveLength(1);
    expect(regs[0]).toMatchObject({
      status: 'confirmed',
      seats: 2,
      source: 'web',
      email: 'maria@example.org',
      audience: 'anziani',
      age_band: '75+',
    });
    await drain(t);
    const mails = smtp.to('maria@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Prenotazione confermata: Incontro sul Fascicolo Sanitario');
    expect(mails[0].text).toContain(`${BASE_URL}/prenotazioni/${regs[0].id}?token=`);
  });

  it('puts the booking on the waiting list when full: the answer says so, the e-mail gives the position', async () => {
    const id = await w.event({ title: 'Incontro piccolo', capacity: 2 });
    await svc.book(w.deps, id, { name: 'Primo', email: 'primo@example.org', seats: 2, privacyAccepted: true }, { source: 'web' });
    const b = new Browser(t.app);
    const res = await b.post(`/eventi/${id}/prenota`, bookingForm({ email: 'secondo@example.org' }), { from: `/eventi/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/la richiesta va in lista d(&#39;|')attesa/);
    expect((await registrations(t, id)).map((r) => r.status)).toEqual(['confirmed', 'waitlisted']);
    await drain(t);
    const mails = smtp.to('secondo@example.org');
    expect(mails.map((m) => m.subject)).toEqual(["Sei in lista d'attesa: Incontro piccolo"]);
    expect(mails[0].text).toContain('/prenotazioni/');
  });

  it('refuses bad bookings with Italian messages, the right 4xx and nothing written', async () => {
    const id = await w.event({ title: 'Incontro con regole', capacity: 10, maxSeatsPerBooking: 3 });
    const b = new Browser(t.app);
    const cases: [Record<string, string>, number, string[]][] = [
      [{ email: '', phone: '' }, 400, ['indica un indirizzo e-mail o un numero di telefono']],
      [{ email: 'maria(at)example' }, 400, ['indirizzo e-mail non valido']],
      [{ phone: 'tre tre tre', email: '' }, 400, ['numero di telefono non valido']],
      [{ privacyAccepted: '' }, 400, ['per prenotare devi accettare']],
      [{ name: '' }, 400, ['il nome è obbligatorio']],
      [{ seats: '0' }, 400, ['almeno 1 posto']],
      [{ seats: 'tanti' }, 400, ['Numero di posti']],
      [{ seats: '4' }, 422, ['posti per prenotazione: al massimo 3']],
    ];
    for (const [over, status, texts] of cases) {
      const res = await b.post(`/eventi/${id}/prenota`, bookingForm(over), { from: `/eventi/${id}` });
      expect(res.statusCode, JSON.stringify(over)).toBe(status);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('Il modulo contiene errori');
      for (const text of texts) expect(res.body, JSON.stringify(over)).toContain(text);
      // What the person typed is kept.
      if (over.email === undefined) expect(res.body).toContain('value="maria@example.org"');
    }
    expect(await registrations(t, id)).toHaveLength(0);
    // The same form in English says it in English.
    const token = await b.csrf(`/eventi/${id}`);
    const english = await t.app.inject({
      method: 'POST',
      url: `/eventi/${id}/prenota`,
      headers: { cookie: b.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: new URLSearchParams({ _csrf: token, ...bookingForm({ email: '', phone: '', seats: '4' }) }).toString(),
    });
    expect(english.statusCode).toBe(400);
    expect(english.body).toContain('give an e-mail address or a phone number');

    // A past event: booking is closed.
    const past = await w.event({ title: 'Incontro di domani', sessions: [session(1, '10:00')] });
    setClockOffset(3 * 24 * 3600_000);
    const late = await b.post(`/eventi/${past}/prenota`, bookingForm(), { from: '/login' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toMatch(/già|chiuse/);
    setClockOffset(0);
    expect(await registrations(t, past)).toHaveLength(0);

    // A cancelled event.
    const cancelled = await w.event({ title: 'Incontro annullato' });
    await svc.cancelEvent(w.deps, cancelled, 'Maltempo');
    const res = await b.post(`/eventi/${cancelled}/prenota`, bookingForm(), { from: '/login' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('annullato');
    expect(await registrations(t, cancelled)).toHaveLength(0);

    // No CSRF token: refused, nothing written.
    const noToken = await b.post(`/eventi/${id}/prenota`, bookingForm(), { csrf: false });
    expect(noToken.statusCode).toBe(403);
    expect(await registrations(t, id)).toHaveLength(0);
  });

  it('lets the person manage the booking: change seats, cancel with confirmation; the first in line is promoted and told', async () => {
    const id = await w.event({ title: 'Incontro sulla PEC', capacity: 3 });
    const b = new Browser(t.app);
    const first = await b.post(`/eventi/${id}/prenota`, bookingForm({ email: 'anna@example.org', name: 'Anna Rossi', seats: '3' }), {
      from: `/eventi/${id}`,
    });
    expect(first.statusCode).toBe(200);
    const other = new Browser(t.app);
    const second = await other.post(`/eventi/${id}/prenota`, bookingForm({ email: 'bruno@example.org', name: 'Bruno Verdi', seats: '1' }), {
      from: `/eventi/${id}`,
    });
    expect(second.body).toMatch(/la richiesta va in lista d(&#39;|')attesa/);
    await drain(t);
    // The manage link arrives by e-mail only.
    const manage = /\/prenotazioni\/[0-9a-f-]{36}\?token=[A-Za-z0-9_%-]+/.exec(smtp.to('anna@example.org')[0]?.text ?? '')?.[0] as string;
    expect(manage).toBeTruthy();
    smtp.clear();

    const url = new URL(manage, 'http://x');
    const regId = url.pathname.split('/')[2];
    const token = url.searchParams.get('token') as string;

    const page = await b.get(`/prenotazioni/${regId}?token=${encodeURIComponent(token)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('La tua prenotazione');
    expect(page.body).toContain('Anna Rossi');
    expect(page.body).toContain('Annulla la prenotazione');

    // Fewer seats: one goes to the waiting list's first person at once.
    const seats = await b.post(`/prenotazioni/${regId}/posti`, { token, seats: '2' }, { from: `/prenotazioni/${regId}?token=${token}` });
    expect(seats.statusCode, seats.body).toBe(303);
    expect((await b.get(seats.headers.location as string)).body).toContain('Modifiche salvate.');
    let regs = await registrations(t, id);
    expect(regs.find((r) => r.id === regId)?.seats).toBe(2);
    expect(regs.find((r) => r.email === 'bruno@example.org')?.status).toBe('confirmed');
    await drain(t);
    expect(smtp.to('bruno@example.org').map((m) => m.subject)).toContain(
      'Si è liberato un posto, prenotazione confermata: Incontro sulla PEC',
    );

    // A third person waits; Anna cancels; Carla is promoted and told.
    const third = new Browser(t.app);
    await third.post(`/eventi/${id}/prenota`, bookingForm({ email: 'carla@example.org', name: 'Carla', seats: '2' }), {
      from: `/eventi/${id}`,
    });
    const confirm = await b.get(`/prenotazioni/${regId}/annulla?token=${encodeURIComponent(token)}`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Vuoi davvero annullare?');
    const cancel = await b.post(`/prenotazioni/${regId}/annulla`, { token }, { from: `/prenotazioni/${regId}?token=${token}` });
    expect(cancel.statusCode).toBe(303);
    const after = await b.get(cancel.headers.location as string);
    expect(after.body).toContain('La prenotazione è annullata');
    regs = await registrations(t, id);
    expect(regs.find((r) => r.id === regId)?.status).toBe('cancelled');
    expect(regs.find((r) => r.email === 'carla@example.org')?.status).toBe('confirmed');
    await drain(t);
    expect(smtp.to('carla@example.org').map((m) => m.subject)).toContain(
      'Si è liberato un posto, prenotazione confermata: Incontro sulla PEC',
    );
    expect(smtp.to('anna@example.org').map((m) => m.subject)).toContain('Prenotazione annullata: Incontro sulla PEC');

    // Cancelling twice changes nothing.
    const again = await b.post(`/prenotazioni/${regId}/annulla`, { token }, { from: '/login' });
    expect(again.statusCode).toBe(410);
  });

  it('answers a wrong or missing token with an Italian 404 page', async () => {
    const id = await w.event({ title: 'Incontro segreto' });
    const r = await svc.book(w.deps, id, { name: 'Ugo', email: 'ugo@example.org', seats: 1, privacyAccepted: true }, { source: 'web' });
    const b = new Browser(t.app);
    for (const url of [
      `/prenotazioni/${r.registration.id}?token=sbagliato-ma-lungo-abbastanza`,
      `/prenotazioni/${r.registration.id}`,
      `/prenotazioni/${r.registration.id}/annulla?token=x`,
      `/prenotazioni/${r.registration.id}.ics?token=sbagliato-ma-lungo-abbastanza`,
      '/prenotazioni/non-un-id?token=abc',
    ]) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('lang="it"');
    }
    const post = await b.post(`/prenotazioni/${r.registration.id}/annulla`, { token: 'sbagliato-ma-lungo-abbastanza' }, { from: '/login' });
    expect(post.statusCode).toBe(404);
    expect((await registrations(t, id))[0].status).toBe('confirmed');
  });

  it('shows the online link and puts it in the .ics only for a confirmed booking of a webinar', async () => {
    const id = await w.event({
      title: 'Webinar sull’app IO',
      type: 'webinar',
      format: 'online',
      venue: null,
      onlineUrl: 'https://meet.example.org/app-io-777',
    });
    const r = await svc.book(w.deps, id, { name: 'Ida', email: 'ida@example.org', seats: 1, privacyAccepted: true }, { source: 'web' });
    const token = r.manageToken as string;
    const page = await t.app.inject({ method: 'GET', url: `/prenotazioni/${r.registration.id}?token=${encodeURIComponent(token)}` });
    expect(page.body).toContain('https://meet.example.org/app-io-777');
    const ics = await t.app.inject({ method: 'GET', url: `/prenotazioni/${r.registration.id}.ics?token=${encodeURIComponent(token)}` });
    expect(ics.statusCode).toBe(200);
    expect(ics.body.replace(/\r\n /g, '')).toContain('https://meet.example.org/app-io-777');
    expect(ics.body).toMatch(/BEGIN:VEVENT/);
  });

  it('shows upcoming events on the home page, with a link to the catalogue', async () => {
    const id = await w.event({ title: 'Incontro in prima pagina', sessions: [session(1, '09:30')] });
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Prossimi eventi');
    expect(res.body).toContain(`href="/eventi/${id}"`);
    expect(res.body).toContain('href="/eventi"');
  });

  it('lets the first in line accept or decline an offered seat from the manage page', async () => {
    const id = await w.event({ title: 'Incontro con offerta', capacity: 1, maxSeatsPerBooking: 1, waitlistMode: 'offer', offerHours: 12 });
    const book = (name: string, email: string) => svc.book(w.deps, id, { name, email, seats: 1, privacyAccepted: true }, { source: 'web' });
    const first = await book('Primo', 'primo.offerta@example.org');
    const second = await book('Seconda', 'seconda.offerta@example.org');
    const third = await book('Terzo', 'terzo.offerta@example.org');
    expect(second.registration.status).toBe('waitlisted');
    await svc.cancelRegistration(w.deps, first.registration.id, first.manageToken as string);
    await drain(t);

    const b = new Browser(t.app);
    const token = second.manageToken as string;
    const page = await b.get(`/prenotazioni/${second.registration.id}?token=${encodeURIComponent(token)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("C'è un posto per te");
    expect(page.body).toContain('Accetto il posto');
    expect(page.body).toContain('Rinuncio al posto');
    // She declines: the seat is offered to the next one, who accepts.
    const declined = await b.post(`/prenotazioni/${second.registration.id}/rifiuta`, { token }, { from: '/login' });
    expect(declined.statusCode).toBe(303);
    expect((await b.get(declined.headers.location as string)).body).toContain('Hai rinunciato al posto.');
    await drain(t);
    const token3 = third.manageToken as string;
    const accepted = await b.post(`/prenotazioni/${third.registration.id}/accetta`, { token: token3 }, { from: '/login' });
    expect(accepted.statusCode).toBe(303);
    expect((await b.get(accepted.headers.location as string)).body).toContain('Hai confermato il posto: ti aspettiamo.');
    const regs = await registrations(t, id);
    expect(regs.find((r) => r.id === third.registration.id)?.status).toBe('confirmed');
    expect(regs.find((r) => r.id === second.registration.id)?.status).toBe('cancelled');
    // Accepting again is refused with a message, not an error page of the server.
    const again = await b.post(`/prenotazioni/${second.registration.id}/accetta`, { token }, { from: '/login' });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.statusCode).toBeLessThan(500);
  });

  it('speaks English when asked, and documents the catalogue API', async () => {
    await w.event({ title: 'Incontro bilingue' });
    const en = await t.app.inject({ method: 'GET', url: '/eventi?lang=en' });
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('Events and meetings');
    expect(en.body).toContain('Show events');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, { get?: { parameters: { name: string }[] } }>;
    };
    const names = doc.paths['/api/v1/events']?.get?.parameters.map((p) => p.name) ?? [];
    for (const n of ['municipality', 'audience', 'topic', 'format', 'from', 'to', 'q', 'available', 'cursor']) expect(names).toContain(n);
  });
});
