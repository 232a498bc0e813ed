import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { Browser, DIALECTS } from '../helpers.js';
import { at, openDate, type World, world } from './fixtures.js';

/**
 * The 5-minute hold on a desk appointment (WCAG 2.2.1, timing adjustable): the details form says
 * until when the time is kept, a button of the form asks for five more minutes (up to three times)
 * without JavaScript and without losing what was typed, and a time taken meanwhile brings the form
 * back with everything typed, its summary taking the focus, and the day's other free times.
 */

const MINUTE = 60_000;

const decode = (html: string) =>
  html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const titleOf = (html: string) => decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');

/** "H:mm" in Rome of an instant. */
const romeTime = (iso: string) =>
  new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

describe.each(DIALECTS)('desk slot hold: time left, extension, a lost slot (%s)', (dialect) => {
  let w: World;
  let deskId: string;
  beforeAll(async () => {
    w = await world(dialect);
    deskId = await w.desk({ name: 'Sportello di Coiano per il tempo' });
  });
  afterAll(() => w.close());
  afterEach(() => setClockOffset(0));

  const holds = () => w.t.db.k.selectFrom('desk_holds').selectAll().where('desk_id', '=', deskId).execute();
  const appointments = () => w.t.db.k.selectFrom('desk_appointments').selectAll().where('desk_id', '=', deskId).execute();

  /** Chooses a time and lands on the details form: the browser, the form's URL, the hold's id. */
  async function hold(start: string) {
    const b = new Browser(w.t.app);
    const from = `/sportelli/${deskId}/prenota?servizio=spid&giorno=${start.slice(0, 10)}`;
    const held = await b.post(`/sportelli/${deskId}/prenota`, { servizio: 'spid', start }, { from });
    expect(held.statusCode, held.body).toBe(303);
    const url = held.headers.location as string;
    return { b, url, hold: new URL(url, 'http://x').searchParams.get('hold')! };
  }

  const typed = { name: 'Anna Bianchi', email: '', phone: '333 123 4567' };

  it('states the deadline, and five more minutes keep what was typed and move the deadline', async () => {
    const start = at(openDate(3), '09:30');
    const { b, url, hold: id } = await hold(start);
    const page = await b.get(url);
    expect(page.statusCode).toBe(200);
    const [row] = await holds();
    const body = decode(page.body);
    expect(body).toContain(`entro le ${romeTime(row.expires_at)}`);
    expect(body).toMatch(/id="hold-notice"[^>]*data-seconds="(29\d|300)"/);
    expect(body).toContain('Tienimi l’orario altri 5 minuti');
    expect(body).toContain(`formaction="/sportelli/${deskId}/prenota/proroga"`);
    expect(body).toMatch(/<script src="\/static\/v\/hold-timer\.[0-9a-f]+\.js" defer/);

    setClockOffset(4 * MINUTE);
    const more = await b.post(`/sportelli/${deskId}/prenota/proroga`, { hold: id, servizio: 'spid', start, ...typed }, { from: url });
    expect(more.statusCode, more.body).toBe(200);
    const [after] = await holds();
    expect(Date.parse(after.expires_at)).toBeGreaterThanOrEqual(Date.parse(row.expires_at) + 4 * MINUTE - 2000);
    const text = decode(more.body);
    expect(text).toContain(`Fatto: l’orario resta tenuto per te fino alle ${romeTime(after.expires_at)}`);
    expect(text).toMatch(/id="hold-notice"[^>]*autofocus/);
    expect(text).toContain('value="Anna Bianchi"');
    expect(text).toContain('value="333 123 4567"');
    expect(titleOf(more.body)).not.toMatch(/^Errore/);
    expect(await appointments()).toHaveLength(0);
  });

  it('extends up to 20 minutes in all, then says until when and offers no more', async () => {
    const start = at(openDate(4), '10:00');
    const { b, url, hold: id } = await hold(start);
    const [first] = await holds().then((all) => all.filter((h) => h.id === id));
    const post = () => b.post(`/sportelli/${deskId}/prenota/proroga`, { hold: id, servizio: 'spid', start, ...typed }, { from: url });
    for (const minutes of [4, 8, 12, 16]) {
      setClockOffset(minutes * MINUTE);
      expect((await post()).statusCode).toBe(200);
    }
    const [capped] = (await holds()).filter((h) => h.id === id);
    expect(Date.parse(capped.expires_at)).toBe(Date.parse(first.created_at) + 20 * MINUTE);
    const last = await b.get(url);
    expect(decode(last.body)).not.toContain('Tienimi l’orario altri 5 minuti');
    setClockOffset(17 * MINUTE);
    const refused = await post();
    expect(refused.statusCode).toBe(409);
    expect(decode(refused.body)).toContain(`completa la prenotazione entro le ${romeTime(capped.expires_at)}`);
    expect(titleOf(refused.body)).toMatch(/^Errore: /);
    expect(refused.body).toContain('value="Anna Bianchi"');
    expect((await holds()).find((h) => h.id === id)?.expires_at).toBe(capped.expires_at);
  });

  it('holds the time again when the five minutes ran out but nobody took it', async () => {
    const start = at(openDate(5), '11:00');
    const { b, url, hold: id } = await hold(start);
    setClockOffset(7 * MINUTE);
    const again = await b.post(`/sportelli/${deskId}/prenota/proroga`, { hold: id, servizio: 'spid', start, ...typed }, { from: url });
    expect(again.statusCode, again.body).toBe(200);
    const live = (await holds()).filter(
      (h) => Date.parse(h.start_at) === Date.parse(start) && Date.parse(h.expires_at) > Date.now() + 7 * MINUTE,
    );
    expect(live).toHaveLength(1);
    expect(live[0].id).not.toBe(id);
    expect(again.body).toContain(`name="hold" value="${live[0].id}"`);
  });

  it('when the time was taken meanwhile: everything typed kept, the message focused, another time booked from the same form', async () => {
    const date = openDate(6);
    const start = at(date, '09:30');
    const { b, url, hold: id } = await hold(start);
    setClockOffset(6 * MINUTE);
    const other = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/desks/${deskId}/appointments`,
      payload: { service: 'spid', start, name: 'Bruno Verdi', phone: '3339998888' },
    });
    expect(other.statusCode, other.body).toBe(201);
    const lost = await b.post(`/sportelli/${deskId}/prenota/dati`, { hold: id, servizio: 'spid', start, ...typed }, { from: url });
    expect(lost.statusCode).toBe(409);
    const text = decode(lost.body);
    expect(titleOf(lost.body)).toMatch(/^Errore: /);
    expect(text).toMatch(/id="error-summary"[^>]*autofocus/);
    expect(text).toContain('L’orario delle 09:30 è appena stato preso da qualcun altro');
    expect(text).toContain('value="Anna Bianchi"');
    expect(text).toContain('value="333 123 4567"');
    const offered = [...text.matchAll(/type="radio" name="start" id="f-start-\d+" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered).not.toContain(start);
    expect(text).not.toContain('Tienimi l’orario altri 5 minuti');
    const booked = await b.post(
      `/sportelli/${deskId}/prenota/dati`,
      { hold: '', servizio: 'spid', start: offered[0], ...typed },
      { from: url },
    );
    expect(booked.statusCode, booked.body).toBe(303);
    const mine = (await appointments()).filter((a) => a.name === 'Anna Bianchi');
    expect(mine).toHaveLength(1);
    expect(Date.parse(mine[0].start_at)).toBe(Date.parse(offered[0]));
  });

  it('in English the title names the service and the desk; the contact hint describes both fields, and both are invalid when neither is given', async () => {
    const start = at(openDate(7), '09:30');
    const { b, url, hold: id } = await hold(start);
    const en = await b.get(`${url}&lang=en`);
    expect(titleOf(en.body)).toContain('Attivazione SPID · Sportello di Coiano per il tempo');
    const bad = await b.post(
      `/sportelli/${deskId}/prenota/dati?lang=en`,
      { hold: id, servizio: 'spid', start, name: 'Anna Bianchi', email: '', phone: '' },
      { from: url },
    );
    expect(bad.statusCode).toBe(400);
    expect(titleOf(bad.body)).toMatch(/^Error: /);
    const phone = /<input[^>]*id="f-phone"[^>]*>/.exec(bad.body)?.[0] ?? '';
    expect(phone).toContain('aria-invalid="true"');
    expect(phone).toMatch(/aria-describedby="contact-hint e-email"/);
    const email = /<input[^>]*id="f-email"[^>]*>/.exec(bad.body)?.[0] ?? '';
    expect(email).toContain('aria-invalid="true"');
    expect(email).toContain('contact-hint');
    expect(await appointments().then((all) => all.filter((a) => a.start_at === new Date(start).toISOString()))).toHaveLength(0);
  });

  it('the API extends a hold too: 200 with the new expiry, 404 once it is gone, 409 past 20 minutes', async () => {
    const api = (method: 'POST', url: string, payload?: object) => w.t.app.inject({ method, url, payload });
    const held = await api('POST', `/api/v1/desks/${deskId}/holds`, { service: 'spid', start: at(openDate(9), '10:00') });
    expect(held.statusCode, held.body).toBe(201);
    const { id, expiresAt } = held.json() as { id: string; expiresAt: string };
    setClockOffset(3 * MINUTE);
    const more = await api('POST', `/api/v1/holds/${id}/extension`);
    expect(more.statusCode, more.body).toBe(200);
    expect(Date.parse(more.json().expiresAt)).toBeGreaterThan(Date.parse(expiresAt));
    expect((await holds()).find((h) => h.id === id)?.expires_at).toBe(more.json().expiresAt);
    for (const minutes of [7, 11, 15]) {
      setClockOffset(minutes * MINUTE);
      expect((await api('POST', `/api/v1/holds/${id}/extension`)).statusCode).toBe(200);
    }
    setClockOffset(16 * MINUTE);
    const limit = await api('POST', `/api/v1/holds/${id}/extension`);
    expect(limit.statusCode).toBe(409);
    expect(limit.headers['content-type']).toMatch(/^application\/problem\+json/);
    setClockOffset(21 * MINUTE);
    expect((await api('POST', `/api/v1/holds/${id}/extension`)).statusCode).toBe(404);
    expect((await api('POST', '/api/v1/holds/nope/extension')).statusCode).toBe(404);
  });

  it('answers any extension request with a page, never a fault, and books nothing', async () => {
    const before = (await appointments()).length;
    const b = new Browser(w.t.app);
    const csrf = await b.csrf();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          hold: fc.oneof(fc.constant(''), fc.uuid(), fc.string({ maxLength: 120 })),
          servizio: fc.oneof(fc.constant('spid'), fc.string({ maxLength: 20 })),
          start: fc.oneof(fc.constant(at(openDate(8), '09:30')), fc.constant('2020-01-01T09:00:00+01:00'), fc.string({ maxLength: 40 })),
          name: fc.string({ maxLength: 200 }),
          phone: fc.string({ maxLength: 30 }),
        }),
        async (form) => {
          const res = await b.post(`/sportelli/${deskId}/prenota/proroga`, form, { csrf });
          expect(res.statusCode, res.body).toBeLessThan(500);
        },
      ),
      { numRuns: 40 },
    );
    expect((await appointments()).length).toBe(before);
  });
});
