import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { DIALECTS } from '../helpers.js';
import { BASE_URL, bookVia, counters, drain, expectProblem, type World, world } from './booking-fixtures.js';

describe.each(DIALECTS)('booking engine (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  it('confirms while seats last, then waitlists in order with positions', async () => {
    const id = await w.event({ capacity: 5 });
    const a = await bookVia(w.t, id, { name: 'Anna Rossi', email: 'anna@example.org', seats: 3 });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ status: 'confirmed', seats: 3, manageToken: expect.any(String) });
    expect(a.json().position).toBeUndefined();
    const b = await bookVia(w.t, id, { name: 'Bruno Bianchi', phone: '+39 333 123 4567', seats: 2 });
    expect(b.json()).toMatchObject({ status: 'confirmed' });
    const c = await bookVia(w.t, id, { name: 'Carla Verdi', email: 'carla@example.org', seats: 1 });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ status: 'waitlisted', position: 1 });
    const d = await bookVia(w.t, id, { name: 'Dario Neri', email: 'dario@example.org', seats: 2 });
    expect(d.json()).toMatchObject({ status: 'waitlisted', position: 2 });
    const k = await counters(w.t, id);
    expect(k).toMatchObject({ taken: 5, waiting: 3, held: 5, waitingSeats: 3, registrations: 4 });
    const detail = await events.getEvent(w.t.db, id);
    expect(detail).toMatchObject({ seatsLeft: 0, waiting: 3, full: true, bookingOpen: true });
  });

  it('gives the same person their existing booking, not a second one', async () => {
    const id = await w.event();
    const first = await bookVia(w.t, id, { name: 'Anna Rossi', email: 'Anna@Example.org', seats: 2 });
    expect(first.statusCode).toBe(201);
    const again = await bookVia(w.t, id, { name: 'Anna R.', email: ' anna@example.org ', seats: 1 });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ id: first.json().id, status: 'confirmed', seats: 2, existing: true });
    expect(again.json().manageToken).toBeUndefined();
    const byPhone = await bookVia(w.t, id, { name: 'Bruno', phone: '333 1234567', seats: 1 });
    const byPhone2 = await bookVia(w.t, id, { name: 'Bruno', phone: '+39 3331234567', seats: 1 });
    expect(byPhone2.json()).toMatchObject({ id: byPhone.json().id, existing: true });
    expect((await counters(w.t, id)).registrations).toBe(2);
  });

  it('sends the confirmation with the .ics, the QR ticket inline and a working manage link', async () => {
    const id = await w.event();
    const res = await bookVia(w.t, id, { name: 'Anna Rossi', email: 'anna.mail@example.org', seats: 2 });
    const { id: regId, manageToken } = res.json();
    await drain(w.t);
    const mails = w.smtp.to('anna.mail@example.org');
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail.subject).toBe('Prenotazione confermata: Incontro sullo SPID');
    expect(mail.text).toContain('2 posti');
    expect(mail.text).toContain('Circolo di Coiano');
    const ics = mail.attachments.find((a) => a.filename === 'evento.ics');
    expect(ics?.contentType).toMatch(/text\/calendar/);
    expect(ics?.content.toString()).toContain('BEGIN:VEVENT');
    expect(ics?.content.toString()).toContain('SUMMARY:Incontro sullo SPID');
    const qr = mail.attachments.find((a) => a.contentType === 'image/png');
    expect(qr?.cid).toBe('biglietto@ponte');
    expect(qr?.content.subarray(1, 4).toString()).toBe('PNG');
    // mailparser inlines the cid: image as a data: URL, which proves the reference resolved.
    expect(mail.html).toMatch(/<img src="data:image\/png;base64,/);
    const link = `${BASE_URL}/prenotazioni/${regId}?token=${manageToken}`;
    expect(mail.text).toContain(link);
    // The link's token works with the API.
    const path = new URL(link).pathname.replace('/prenotazioni/', '/api/v1/registrations/');
    const got = await w.t.app.inject({ method: 'GET', url: `${path}?token=${encodeURIComponent(manageToken)}` });
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json()).toMatchObject({ id: regId, status: 'confirmed', seats: 2 });
    const ics2 = await w.t.app.inject({ method: 'GET', url: `${path}/ics?token=${encodeURIComponent(manageToken)}` });
    expect(ics2.statusCode).toBe(200);
    expect(ics2.headers['content-type']).toMatch(/text\/calendar/);
  });

  it('cancelling promotes the first in line, who gets an e-mail; a wrong or reused token is refused', async () => {
    const id = await w.event({ capacity: 3 });
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'a1@example.org', seats: 3 })).json();
    const b = (await bookVia(w.t, id, { name: 'Bea', email: 'b1@example.org', seats: 2 })).json();
    const c = (await bookVia(w.t, id, { name: 'Ciro', email: 'c1@example.org', seats: 1 })).json();
    expect([b.status, c.status]).toEqual(['waitlisted', 'waitlisted']);
    await drain(w.t);
    w.smtp.clear();
    const wrong = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${b.manageToken}` });
    expectProblem(wrong, 404);
    const del = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` });
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().status).toBe('cancelled');
    const k = await counters(w.t, id);
    expect(k).toMatchObject({ taken: 3, waiting: 0, held: 3 });
    expect(k.regs.map((r) => r.status)).toEqual(['cancelled', 'confirmed', 'confirmed']);
    await drain(w.t);
    expect(w.smtp.to('b1@example.org').map((m) => m.subject)).toEqual(['Si è liberato un posto, sei confermato: Incontro sullo SPID']);
    expect(w.smtp.to('c1@example.org')).toHaveLength(1);
    expect(w.smtp.to('a1@example.org').map((m) => m.subject)).toEqual(['Prenotazione annullata: Incontro sullo SPID']);
    const again = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` });
    expectProblem(again, 410);
  });
});
