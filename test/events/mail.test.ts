import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { reminderAt } from '../../src/modules/events/booking-keys.js';
import { DIALECTS } from '../helpers.js';
import { BASE_URL, bookVia, drain, inDays, type World, world } from './booking-fixtures.js';

describe.each(DIALECTS)('booking e-mails (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  it('writes in the language of the booking, Italian by default', async () => {
    const id = await w.event();
    await bookVia(w.t, id, { name: 'Jane Smith', email: 'jane@example.org', seats: 1 }, { 'accept-language': 'en-GB,en;q=0.8' });
    await bookVia(w.t, id, { name: 'Gina Bassi', email: 'gina@example.org', seats: 1 });
    await drain(w.t);
    const en = w.smtp.to('jane@example.org')[0];
    expect(en.subject).toBe('Booking confirmed: Incontro sullo SPID');
    expect(en.text).toContain('Dear Jane Smith,');
    expect(en.text).toContain('To cancel or change the number of seats');
    const it = w.smtp.to('gina@example.org')[0];
    expect(it.subject).toBe('Prenotazione confermata: Incontro sullo SPID');
    expect(it.text).toContain('Gentile Gina Bassi,');
  });

  it('tells the waiting list its place, without ticket or online link; gives the link once confirmed', async () => {
    const online = 'https://meet.example.org/corso';
    const id = await w.event({ capacity: 1, format: 'ibrido', onlineUrl: online });
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'anna.w@example.org', seats: 1 })).json();
    const b = (await bookVia(w.t, id, { name: 'Bea', email: 'bea.w@example.org', seats: 1 })).json();
    await drain(w.t);
    const confirmed = w.smtp.to('anna.w@example.org')[0];
    expect(confirmed.text).toContain(online);
    const waiting = w.smtp.to('bea.w@example.org')[0];
    expect(waiting.subject).toBe("Sei in lista d'attesa: Incontro sullo SPID");
    expect(waiting.text).toContain('al 1° posto');
    expect(waiting.text).not.toContain(online);
    expect(waiting.attachments).toHaveLength(0);
    expect(waiting.text).toContain(`${BASE_URL}/prenotazioni/${b.id}?token=${b.manageToken}`);
    w.smtp.clear();
    await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` });
    await drain(w.t);
    const promoted = w.smtp.to('bea.w@example.org')[0];
    expect(promoted.text).toContain(online);
    expect(promoted.attachments.map((x) => x.filename).sort()).toEqual(['biglietto.png', 'evento.ics']);
    // Long lines of a calendar file are folded (RFC 5545 §3.1): unfold before reading.
    const ics = promoted.attachments.find((x) => x.filename === 'evento.ics')?.content.toString() ?? '';
    expect(ics.replace(/\r\n[ \t]/g, '')).toContain(online);
  });

  it('queues no e-mail for a booking by phone only', async () => {
    const id = await w.event();
    const res = await bookVia(w.t, id, { name: 'Signor Mario', phone: '0574 616161', seats: 1 });
    expect(res.statusCode).toBe(201);
    const jobs = await w.t.db.k.selectFrom('jobs').select('kind').where('payload', 'like', `%${res.json().id}%`).execute();
    // Nothing mentions the booking: no e-mail to send, and no webhook subscriber to tell.
    expect(jobs).toEqual([]);
  });

  it('tells booked people of a new date, and moves their reminder with it', async () => {
    const id = await w.event({}, 10);
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'anna.d@example.org', seats: 1 })).json();
    await drain(w.t);
    w.smtp.clear();
    const start = inDays(12);
    const res = await w.staff('PATCH', `/api/v1/events/${id}`, {
      sessions: [{ start, end: new Date(Date.parse(start) + 3_600_000).toISOString() }],
    });
    expect(res.statusCode, res.body).toBe(200);
    await drain(w.t);
    const changed = w.smtp.to('anna.d@example.org');
    expect(changed.map((m) => m.subject)).toEqual(['Cambio di data o di luogo: Incontro sullo SPID']);
    expect(changed[0].attachments.some((x) => x.filename === 'evento.ics')).toBe(true);
    const job = await w.t.db.k.selectFrom('jobs').select('run_at').where('dedupe_key', '=', `reminder:${a.id}`).executeTakeFirstOrThrow();
    expect(job.run_at).toBe(reminderAt(new Date(start).toISOString()));
    // A change of title alone tells nobody.
    w.smtp.clear();
    await w.staff('PATCH', `/api/v1/events/${id}`, { title: 'Incontro sullo SPID e la CIE' });
    await drain(w.t);
    expect(w.smtp.to('anna.d@example.org')).toHaveLength(0);
  });

  it('sends the link again to the owner when someone books again with their address, at most every 15 minutes', async () => {
    const id = await w.event();
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'anna.r@example.org', seats: 1 })).json();
    await drain(w.t);
    w.smtp.clear();
    await bookVia(w.t, id, { name: 'Anna', email: 'anna.r@example.org', seats: 1 });
    await drain(w.t);
    expect(w.smtp.to('anna.r@example.org')).toHaveLength(0);
    setClockOffset(20 * 60_000);
    const again = await bookVia(w.t, id, { name: 'Qualcuno', email: 'anna.r@example.org', seats: 3 });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(a.id);
    expect(again.json().manageToken).not.toBe(a.manageToken);
    await bookVia(w.t, id, { name: 'Qualcuno', email: 'anna.r@example.org', seats: 3 });
    await drain(w.t);
    const mails = w.smtp.to('anna.r@example.org');
    expect(mails.map((m) => m.subject)).toEqual(['La tua prenotazione: Incontro sullo SPID']);
    expect(mails[0].text).toContain(`${BASE_URL}/prenotazioni/${a.id}?token=${a.manageToken}`);
  });
});
