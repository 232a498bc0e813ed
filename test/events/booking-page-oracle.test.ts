import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as svc from '../../src/modules/events/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';
import { type CatalogueWorld, catalogueWorld } from './catalogue-fixtures.js';

// The public booking form must not tell whoever fills it in whether a contact has booked an event:
// the answer to a booking of a contact that already holds one is the answer to a new booking.

const BASE_URL = 'http://ponte.test';

async function drain(t: TestApp): Promise<void> {
  while ((await t.app.deps.jobs.runDue()) > 0) {
    // until nothing is due
  }
}

async function registrations(t: TestApp, eventId: string) {
  return t.db.k.selectFrom('registrations').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
}

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

/** The page without what changes on every request (the CSRF token of its forms, a CSP nonce). */
function withoutPerRequestValues(html: string): string {
  return html.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""').replace(/nonce="[^"]*"/g, 'nonce=""');
}

/** The page's visible text, tags dropped and spaces folded. */
function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function title(html: string): string {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
}

describe.each(DIALECTS)('the booking form does not reveal existing bookings (%s)', (dialect) => {
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

  /** Books through the public form, as a stranger with a fresh browser. */
  async function submit(eventId: string, over: Record<string, string> = {}) {
    const b = new Browser(t.app);
    return b.post(`/eventi/${eventId}/prenota`, bookingForm(over), { from: `/eventi/${eventId}` });
  }

  it('answers a new booking and a booking of an address already booked with the same page', async () => {
    const id = await w.event({ title: 'Incontro sulla PEC', capacity: 10 });
    const first = await submit(id, { email: 'anna@example.org', name: 'Anna Rossi' });
    expect(first.statusCode, first.body).toBe(200);
    // Later someone else types Anna's address (the owner's mailbox gets her link again).
    setClockOffset(20 * 60_000);
    const again = await submit(id, { email: 'anna@example.org', name: 'Anna Rossi' });
    expect(again.statusCode).toBe(first.statusCode);
    expect(title(again.body)).toBe(title(first.body));
    expect(text(again.body)).toBe(text(first.body));
    expect(withoutPerRequestValues(again.body)).toBe(withoutPerRequestValues(first.body));

    expect(title(first.body)).toContain('Prenotazione ricevuta');
    expect(text(first.body)).toContain('Ti abbiamo inviato una e-mail a anna@example.org con il link personale');
    expect(text(first.body)).toContain('Ci sono posti liberi');
    // The event's own calendar file, the same for everyone; never a private link.
    expect(first.body).toContain(`href="/eventi/${id}.ics"`);
    expect(first.body).not.toMatch(/\/prenotazioni\/|token=/);
    expect(first.headers.location).toBeUndefined();

    // One booking only, and its owner has the link by e-mail each time.
    const regs = await registrations(t, id);
    expect(regs).toHaveLength(1);
    await drain(t);
    const mails = smtp.to('anna@example.org');
    expect(mails).toHaveLength(2);
    for (const m of mails) expect(m.text).toContain(`${BASE_URL}/prenotazioni/${regs[0].id}?token=`);
  });

  it('answers the same on a full event, whether the address waits, holds a seat or is new', async () => {
    const id = await w.event({ title: 'Incontro al completo', capacity: 1 });
    await svc.book(w.deps, id, { name: 'Carlo', email: 'carlo@example.org', seats: 1, privacyAccepted: true }, { source: 'web' });
    const waiting = { email: 'dora@example.org', name: 'Dora' };
    const newWaiting = await submit(id, waiting);
    expect(newWaiting.statusCode).toBe(200);
    expect(text(newWaiting.body)).toContain("L'evento è al completo: la richiesta va in lista d'attesa");
    expect(text(newWaiting.body)).not.toContain('Ci sono posti liberi');
    const againWaiting = await submit(id, waiting);
    expect(withoutPerRequestValues(againWaiting.body)).toBe(withoutPerRequestValues(newWaiting.body));

    // Carlo holds the seat: typing his address gets what a new booking gets now, the waiting list.
    const seated = { email: 'carlo@example.org', name: 'Carlo' };
    const againSeated = await submit(id, seated);
    const newcomer = await submit(id, { email: 'ezio@example.org', name: 'Ezio' });
    const swap = (html: string) => html.replaceAll('ezio@example.org', 'carlo@example.org').replaceAll('Ezio', 'Carlo');
    expect(withoutPerRequestValues(againSeated.body)).toBe(withoutPerRequestValues(swap(newcomer.body)));

    const regs = await registrations(t, id);
    expect(regs.map((r) => [r.email, r.status])).toEqual([
      ['carlo@example.org', 'confirmed'],
      ['dora@example.org', 'waitlisted'],
      ['ezio@example.org', 'waitlisted'],
    ]);
    await drain(t);
    expect(smtp.to('dora@example.org').map((m) => m.subject)).toEqual(["Sei in lista d'attesa: Incontro al completo"]);
  });

  it('answers the same for a mobile number without e-mail, and says the code comes by SMS', async () => {
    const id = await w.event({ title: 'Incontro per chi non ha e-mail', capacity: 10 });
    const phoneOnly = { email: '', phone: '333 1234567', name: 'Franco Neri' };
    const first = await submit(id, phoneOnly);
    expect(first.statusCode).toBe(200);
    const again = await submit(id, phoneOnly);
    expect(withoutPerRequestValues(again.body)).toBe(withoutPerRequestValues(first.body));
    const words = text(first.body);
    expect(words).toContain('Ti mandiamo un SMS al numero 333 1234567 con il codice della prenotazione');
    expect(first.body).toContain('href="/gestisci"');
    expect(words).not.toContain('nella e-mail');
    expect(first.body).not.toMatch(/\/prenotazioni\/|token=/);
    const regs = await registrations(t, id);
    expect(regs).toHaveLength(1);
    expect(regs[0]).toMatchObject({ name: 'Franco Neri', email: null, status: 'confirmed' });
  });

  it('tells someone who gave a landline whom to ask, since no SMS can reach it', async () => {
    const id = await w.event({ title: 'Incontro con telefono fisso', capacity: 10 });
    const res = await submit(id, { email: '', phone: '0574 616161', name: 'Gina Neri' });
    expect(res.statusCode).toBe(200);
    const words = text(res.body);
    expect(words).toContain('Non hai indicato un indirizzo e-mail');
    expect(words).toContain('contatta Comune di Prato');
    expect(words).not.toContain('SMS');
  });

  it('refuses a booking the same way for a new and an existing contact', async () => {
    const id = await w.event({ title: 'Incontro con limite', capacity: 10, maxSeatsPerBooking: 2 });
    await submit(id, { email: 'gina@example.org' });
    const existing = await submit(id, { email: 'gina@example.org', seats: '3' });
    const fresh = await submit(id, { email: 'ugo@example.org', seats: '3' });
    expect(existing.statusCode).toBe(422);
    expect(fresh.statusCode).toBe(422);
    const swap = (html: string) => html.replaceAll('ugo@example.org', 'gina@example.org');
    expect(withoutPerRequestValues(existing.body)).toBe(withoutPerRequestValues(swap(fresh.body)));
    expect(await registrations(t, id)).toHaveLength(1);
  });

  it("invites to the event's skills check, which is the same for everyone", async () => {
    const id = await w.event({ title: 'Incontro con il test', capacity: 10, askSkillsCheck: true });
    const res = await submit(id, { email: 'ida@example.org' });
    expect(res.statusCode).toBe(200);
    expect(text(res.body)).toContain('Fai il test breve');
  });

  it('speaks English to an English browser', async () => {
    const id = await w.event({ title: 'Incontro in inglese', capacity: 10 });
    const b = new Browser(t.app);
    const token = await b.csrf(`/eventi/${id}`);
    const body = new URLSearchParams({ _csrf: token, ...bookingForm({ email: 'hana@example.org' }) });
    const res = await t.app.inject({
      method: 'POST',
      url: `/eventi/${id}/prenota`,
      headers: { cookie: b.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: body.toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(title(res.body)).toContain('Booking received');
    expect(text(res.body)).toContain('We have sent an e-mail to hana@example.org');
  });
});
