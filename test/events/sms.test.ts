import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsLength } from '../../src/core/sms-text.js';
import { now, setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { DIALECTS } from '../helpers.js';
import { smsWorld } from '../sms-world.js';
import { bookVia, drain, type World, world } from './booking-fixtures.js';

/**
 * Bookings made with a phone and no e-mail are told by SMS (read back from a real SMPP server):
 * the confirmation with the ticket code, the reminder the day before, the promotion from the
 * waiting list, a cancellation by staff; a booking with an e-mail gets none.
 */
describe.each(DIALECTS)('SMS about bookings made by phone (%s)', (dialect) => {
  const s = smsWorld();
  let w: World;
  beforeAll(async () => {
    w = await world(dialect, { sms: s.sms });
  });
  afterAll(() => w.close());
  afterEach(() => w.smtp.clear());

  it('confirms a phone-only booking by one SMS with its code, and reminds the day before', async () => {
    // At 15:00 in Rome five days on (the SMS world's clock reads 10:00): the reminder falls due in
    // the daytime, whatever the real time of day the test runs at.
    const at = new Date(now().getTime() + 5 * 86_400_000 + 5 * 3_600_000).toISOString();
    const until = new Date(Date.parse(at) + 2 * 3_600_000).toISOString();
    const id = await w.event({ title: 'Facciamo lo SPID insieme', sessions: [{ start: at, end: until }] });
    const res = await bookVia(w.t, id, { name: 'Rosa Telefono', phone: '333 123 4567', seats: 1, privacyAccepted: true });
    expect(res.statusCode, res.body).toBe(201);
    const booking = res.json();
    await drain(w.t);
    const [confirmation] = s.smsc.to('+393331234567');
    expect(confirmation.text).toContain('Prenotato: Facciamo lo SPID insieme');
    expect(confirmation.text).toContain(`Codice ${booking.ticketCode}`);
    expect(confirmation.text).toContain('ponte.test/gestisci');
    expect(confirmation.dataCoding).toBe(0);
    expect(smsLength(confirmation.text).segments).toBe(1);
    // The payload names no one: only the registration's id.
    const jobs = await w.t.db.k.selectFrom('jobs').select('payload').where('kind', '=', 'sms.send').execute();
    for (const j of jobs) expect(j.payload).not.toContain('333');
    // The day before, at or after the reminder's time.
    const start = Date.parse((await events.getEvent(w.t.db, id)).start);
    setClockOffset(start - 20 * 3_600_000 - Date.now());
    await drain(w.t);
    const texts = s.smsc.to('+393331234567').map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(/^Promemoria: Facciamo lo SPID insieme/);
  });

  it('sends no SMS for a booking with an e-mail, even with a phone', async () => {
    const id = await w.event({}, 5);
    const res = await bookVia(w.t, id, { name: 'Ada', email: 'ada@example.org', phone: '333 765 4321', seats: 1, privacyAccepted: true });
    expect(res.statusCode, res.body).toBe(201);
    await drain(w.t);
    expect(s.smsc.messages).toEqual([]);
    expect(w.smtp.to('ada@example.org')).toHaveLength(1);
  });

  it('tells a phone-only person promoted from the waiting list, and one cancelled by staff', async () => {
    const id = await w.event({ capacity: 1 }, 5);
    const first = (await bookVia(w.t, id, { name: 'Primo', phone: '320 111 2222', seats: 1, privacyAccepted: true })).json();
    const second = (await bookVia(w.t, id, { name: 'Seconda', phone: '+39 320 333 4444', seats: 1, privacyAccepted: true })).json();
    expect(second.status).toBe('waitlisted');
    await drain(w.t);
    expect(s.smsc.to('+393203334444').map((m) => m.text)[0]).toMatch(/^In lista d'attesa/);
    const cancel = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${first.id}?token=${encodeURIComponent(first.manageToken)}`,
    });
    expect(cancel.statusCode).toBeLessThan(300);
    await drain(w.t);
    const promoted = s.smsc.to('+393203334444').map((m) => m.text);
    expect(promoted).toHaveLength(2);
    expect(promoted[1]).toContain(`Posto libero, prenotato: Incontro sullo SPID`);
    expect(promoted[1]).toContain(second.ticketCode);
    // The cancellation is confirmed, as by e-mail.
    expect(s.smsc.to('+393201112222').map((m) => m.text)[1]).toMatch(/^Prenotazione annullata: Incontro sullo SPID/);
  });

  it('sends nothing more once the person erased their data', async () => {
    const id = await w.event({}, 5);
    const a = (await bookVia(w.t, id, { name: 'Sara', phone: '347 000 1111', seats: 1, privacyAccepted: true })).json();
    const erased = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${a.id}/personal-data?token=${encodeURIComponent(a.manageToken)}`,
    });
    expect(erased.statusCode).toBeLessThan(300);
    const start = Date.parse((await events.getEvent(w.t.db, id)).start);
    setClockOffset(start - 20 * 3_600_000 - Date.now());
    await drain(w.t);
    expect(s.smsc.to('+393470001111')).toEqual([]);
  });

  it('refuses an invalid phone with 400 and books nothing', async () => {
    const id = await w.event({}, 5);
    const res = await bookVia(w.t, id, { name: 'Nessuno', phone: 'chiamami', seats: 1, privacyAccepted: true });
    expect(res.statusCode).toBe(400);
    expect(await w.t.db.k.selectFrom('registrations').select('id').where('event_id', '=', id).execute()).toEqual([]);
  });
});
