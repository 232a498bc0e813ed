/**
 * Words on the events pages and e-mails as a reader meets them: counts agree with their number
 * ("1 posto"), an online event does not say "Online" twice, notes end with one full stop, the date
 * hint shows an upcoming day in the Italian way and that way of writing a date is accepted.
 */
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../src/core/time.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';
import { type CatalogueWorld, catalogueWorld } from './catalogue-fixtures.js';

/** The visible text of a page, tags removed and spaces collapsed. */
const visible = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

async function drain(t: TestApp): Promise<void> {
  while ((await t.app.deps.jobs.runDue()) > 0) {
    // until nothing is due
  }
}

const bookingForm = (over: Record<string, string>) => ({
  name: 'Anna Rossi',
  email: 'anna@example.org',
  phone: '',
  seats: '1',
  audience: '',
  ageBand: '',
  privacyAccepted: '1',
  ...over,
});

describe.each(DIALECTS)('wording of events pages and e-mails (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;
  const smtp = new TestSmtp();

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    t = await createTestApp(dialect, { smtpUrl, baseUrl: 'http://ponte.test', rateLimitMax: 0 });
    w = await catalogueWorld(t);
  });
  afterEach(() => smtp.clear());
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it('an online event says "Online" once, on its card and on its page', async () => {
    const id = await w.event({ title: 'Webinar sulla PEC', format: 'online', venue: undefined, onlineUrl: 'https://meet.example.org/pec' });
    const list = visible((await t.app.inject({ method: 'GET', url: '/eventi?q=webinar+pec' })).body);
    expect(list).toContain('Webinar sulla PEC');
    expect(list).not.toMatch(/Online · Online/);
    const page = (await t.app.inject({ method: 'GET', url: `/eventi/${id}` })).body;
    expect(page).toContain('Online: il collegamento arriva per e-mail a chi prenota.');
    expect(page).not.toContain('<p class="mb-1">Online</p>');
  });

  it('a booking of one seat reads "1 posto", and the notes on access end with one full stop', async () => {
    const id = await w.event({ title: 'Incontro sullo SPID', accessibility: 'Sedie con braccioli.' });
    const b = new Browser(t.app);
    const booked = await b.post(`/eventi/${id}/prenota`, bookingForm({}), { from: `/eventi/${id}` });
    expect(booked.statusCode).toBe(200);
    await drain(t);
    const mail = smtp.to('anna@example.org')[0];
    expect(mail.text).toContain('Accessibilità: Sede senza barriere architettoniche. Bagno accessibile. Sedie con braccioli.');
    expect(mail.text).not.toContain('..');

    const manage = /\/prenotazioni\/([0-9a-f-]{36})\?token=([A-Za-z0-9_%-]+)/.exec(mail.text ?? '');
    expect(manage).toBeTruthy();
    const [, regId, token] = manage as RegExpExecArray;
    const confirm = visible((await b.get(`/prenotazioni/${regId}/annulla?token=${token}`)).body);
    expect(confirm).toContain('Stai per annullare la prenotazione di 1 posto per «Incontro sullo SPID»');
    expect(confirm).not.toContain('1 posti');
  });

  it('an event of one seat per booking refuses two without saying "1 posti"', async () => {
    const id = await w.event({ title: 'Colloquio individuale', maxSeatsPerBooking: 1 });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${id}/registrations`,
      payload: { name: 'Anna Rossi', email: 'anna@example.org', seats: 2, privacyAccepted: true },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toBe('Posti per ogni prenotazione: al massimo 1.');
    expect(res.body).not.toContain('1 posti');
  });

  it('the date hint shows an upcoming day as gg/mm/aaaa, and the catalogue accepts a date written that way', async () => {
    const inTwoWeeks = DateTime.fromJSDate(now(), { zone: 'Europe/Rome' }).plus({ weeks: 2 });
    const page = await t.app.inject({ method: 'GET', url: '/eventi' });
    expect(page.body).toContain(`gg/mm/aaaa, ad esempio ${inTwoWeeks.toFormat('dd/MM/yyyy')}`);
    const en = await t.app.inject({ method: 'GET', url: '/eventi?lang=en' });
    expect(en.body).toContain(`dd/mm/yyyy, for example ${inTwoWeeks.toFormat('dd/MM/yyyy')}`);

    const id = await w.event({
      title: 'Incontro tra tre settimane',
      sessions: [
        {
          start: inTwoWeeks.plus({ weeks: 1 }).set({ hour: 18 }).toUTC().toISO(),
          end: inTwoWeeks.plus({ weeks: 1 }).set({ hour: 20 }).toUTC().toISO(),
        },
      ],
    });
    const typed = await t.app.inject({ method: 'GET', url: `/eventi?from=${encodeURIComponent(inTwoWeeks.toFormat('d/M/yyyy'))}` });
    expect(typed.statusCode).toBe(200);
    expect(typed.body).toContain(`href="/eventi/${id}"`);
    const wrong = await t.app.inject({ method: 'GET', url: '/eventi?from=31/02/2030' });
    expect(wrong.statusCode).toBe(400);
  });
});
