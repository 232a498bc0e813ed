import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/core/jobs.js';
import { setClockOffset } from '../../src/core/time.js';
import { reminderAt } from '../../src/modules/events/booking-keys.js';
import { registerEventJobs } from '../../src/modules/events/jobs.js';
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

  it('makes no second booking for the same person, and answers as for a new one without revealing the first', async () => {
    const id = await w.event();
    const first = await bookVia(w.t, id, { name: 'Anna Rossi', email: 'Anna@Example.org', seats: 2 });
    expect(first.statusCode).toBe(201);
    const again = await bookVia(w.t, id, { name: 'Anna R.', email: ' anna@example.org ', seats: 1 });
    const stranger = await bookVia(w.t, id, { name: 'Nuova Persona', email: 'nuova@example.org', seats: 1 });
    // Same status and the same shape as a stranger's new booking: nothing tells that Anna had booked.
    expect(again.statusCode, again.body).toBe(201);
    expect(Object.keys(again.json()).sort()).toEqual(Object.keys(stranger.json()).sort());
    expect(again.json()).toMatchObject({ status: 'confirmed', seats: 1, ticketCode: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/) });
    expect(again.json().id).not.toBe(first.json().id);
    expect(again.json().ticketCode).not.toBe(first.json().ticketCode);
    expect(JSON.stringify(again.json())).not.toContain(first.json().id);
    // Its link opens nothing, and Anna's own booking is as it was.
    const open = await w.t.app.inject({
      url: `/api/v1/registrations/${again.json().id}?token=${encodeURIComponent(again.json().manageToken)}`,
    });
    expect(open.statusCode).toBe(404);
    const byPhone = await bookVia(w.t, id, { name: 'Bruno', phone: '333 1234567', seats: 1 });
    const byPhone2 = await bookVia(w.t, id, { name: 'Bruno', phone: '+39 3331234567', seats: 1 });
    expect(byPhone2.statusCode).toBe(201);
    expect(byPhone2.json().id).not.toBe(byPhone.json().id);
    expect(await counters(w.t, id)).toMatchObject({ registrations: 3, taken: 4 });
    const rows = await w.t.db.k.selectFrom('registrations').select(['id', 'seats']).where('event_id', '=', id).execute();
    expect(rows.map((r) => r.id).sort()).toEqual([first.json().id, stranger.json().id, byPhone.json().id].sort());
  });

  it('answers a repeat on a full event as a newcomer would be answered: a place in line', async () => {
    const id = await w.event({ capacity: 2 });
    const anna = await bookVia(w.t, id, { name: 'Anna', email: 'anna.full@example.org', seats: 2 });
    expect(anna.json()).toMatchObject({ status: 'confirmed' });
    const carla = await bookVia(w.t, id, { name: 'Carla', email: 'carla.full@example.org', seats: 1 });
    expect(carla.json()).toMatchObject({ status: 'waitlisted', position: 1 });
    const again = await bookVia(w.t, id, { name: 'Qualcuno', email: 'anna.full@example.org', seats: 1 });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ status: 'waitlisted', position: 2, seats: 1 });
    expect(again.json().id).not.toBe(anna.json().id);
    expect(await counters(w.t, id)).toMatchObject({ registrations: 2, taken: 2, waiting: 1 });
  });

  it('takes bursts of bookings at once: one booking per person, a returning person keeps theirs, each gets a ticket and an e-mail', async () => {
    const id = await w.event({ capacity: 40 });
    const before = await bookVia(w.t, id, { name: 'Elena Gialli', email: 'elena@example.org', seats: 1 });
    expect(before.statusCode).toBe(201);
    const person = (i: number) => ({ name: `Persona ${i}`, email: `burst-${i}@example.org`, seats: 1 + (i % 2) });
    // Sent together, so most arrive while others are being written: twelve new people, one of them twice.
    const first = await Promise.all(
      [...Array.from({ length: 12 }, (_, i) => person(i)), { ...person(3), email: 'BURST-3@example.org' }].map((b) => bookVia(w.t, id, b)),
    );
    // Person 3 asked twice: one answer books, the other looks the same but books nothing.
    const pair = [first[3], first[12]];
    expect(pair.map((a) => a.statusCode)).toEqual([201, 201]);
    const booked = await w.t.db.k.selectFrom('registrations').select('id').where('event_id', '=', id).execute();
    const real = pair.filter((a) => booked.some((b) => b.id === a.json().id));
    expect(real).toHaveLength(1);
    // Then Elena again, in the middle of six new people (so that she arrives while others are
    // being written, in a group with some of them).
    const bodies = Array.from({ length: 6 }, (_, i) => person(12 + i));
    bodies.splice(3, 0, { name: 'Elena', email: 'elena@example.org', seats: 1 });
    const second = await Promise.all(bodies.map((b) => bookVia(w.t, id, b)));
    const elenaAgain = second.splice(3, 1)[0];
    second.unshift(elenaAgain);
    expect(second[0].statusCode).toBe(201);
    expect(second[0].json().id).not.toBe(before.json().id);
    const fresh = [...first.slice(0, 12).map((a, i) => (i === 3 ? real[0] : a)), ...second.slice(1)];
    for (const a of fresh) {
      expect(a.statusCode, a.body).toBe(201);
      expect(a.json()).toMatchObject({ status: 'confirmed', ticketCode: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/) });
    }
    expect(new Set(fresh.map((a) => a.json().ticketCode)).size).toBe(18);
    const seats = 1 + fresh.reduce((n, a) => n + a.json().seats, 0);
    expect(await counters(w.t, id)).toMatchObject({ taken: seats, held: seats, waiting: 0, registrations: 19 });
    await drain(w.t);
    for (let i = 0; i < 18; i++) expect(w.smtp.to(`burst-${i}@example.org`).length, `burst-${i}`).toBe(1);
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
    expect(w.smtp.to('b1@example.org').map((m) => m.subject)).toEqual([
      'Si è liberato un posto, prenotazione confermata: Incontro sullo SPID',
    ]);
    expect(w.smtp.to('c1@example.org')).toHaveLength(1);
    expect(w.smtp.to('a1@example.org').map((m) => m.subject)).toEqual(['Prenotazione annullata: Incontro sullo SPID']);
    const again = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` });
    expectProblem(again, 410);
  });

  it('keeps a multi-seat entry whole: it waits until all its seats are free, and nobody jumps the line', async () => {
    const id = await w.event({ capacity: 4 });
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'a2@example.org', seats: 3 })).json();
    const b = (await bookVia(w.t, id, { name: 'Bea', email: 'b2@example.org', seats: 1 })).json();
    // Full now. A parent with a child waits for two seats; someone with one seat waits behind.
    const parent = (await bookVia(w.t, id, { name: 'Papà', email: 'p2@example.org', seats: 2 })).json();
    const single = (await bookVia(w.t, id, { name: 'Solo', email: 's2@example.org', seats: 1 })).json();
    expect([parent.status, parent.position, single.status, single.position]).toEqual(['waitlisted', 1, 'waitlisted', 2]);
    // One seat frees up: the parent needs two, so nobody moves (the single does not jump ahead).
    await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${b.id}?token=${b.manageToken}` });
    let k = await counters(w.t, id);
    expect(k).toMatchObject({ taken: 3, waiting: 3 });
    // A newcomer with one seat waits too, behind the others.
    const late = (await bookVia(w.t, id, { name: 'Tardi', email: 'l2@example.org', seats: 1 })).json();
    expect(late).toMatchObject({ status: 'waitlisted', position: 3 });
    // Anna gives back two of her three seats: three free, the parent (2) and the single (1) get in.
    const less = await w.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registrations/${a.id}?token=${a.manageToken}`,
      payload: { seats: 1 },
    });
    expect(less.statusCode, less.body).toBe(200);
    k = await counters(w.t, id);
    expect(k).toMatchObject({ taken: 4, waiting: 1, held: 4, waitingSeats: 1 });
    const status = Object.fromEntries(k.regs.map((r) => [r.id, r.status]));
    expect([status[parent.id], status[single.id], status[late.id]]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const mine = await w.t.app.inject({ method: 'GET', url: `/api/v1/registrations/${late.id}?token=${late.manageToken}` });
    expect(mine.json()).toMatchObject({ status: 'waitlisted', position: 1 });
  });

  it('lets a person leave the waiting list, and more seats only when they are free', async () => {
    const id = await w.event({ capacity: 2 });
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'a3@example.org', seats: 1 })).json();
    const b = (await bookVia(w.t, id, { name: 'Bea', email: 'b3@example.org', seats: 1 })).json();
    const c = (await bookVia(w.t, id, { name: 'Ciro', email: 'c3@example.org', seats: 2 })).json();
    expect(c.status).toBe('waitlisted');
    const more = await w.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registrations/${a.id}?token=${a.manageToken}`,
      payload: { seats: 2 },
    });
    expectProblem(more, 409);
    const leave = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${c.id}?token=${c.manageToken}` });
    expect(leave.json().status).toBe('cancelled');
    expect(await counters(w.t, id)).toMatchObject({ taken: 2, waiting: 0 });
    await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${b.id}?token=${b.manageToken}` });
    const now = await w.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registrations/${a.id}?token=${a.manageToken}`,
      payload: { seats: 2 },
    });
    expect(now.statusCode, now.body).toBe(200);
    expect(await counters(w.t, id)).toMatchObject({ taken: 2, waiting: 0, held: 2 });
    const tooMany = await w.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/registrations/${a.id}?token=${a.manageToken}`,
      payload: { seats: 9 },
    });
    expectProblem(tooMany, 422);
  });

  it('in offer mode offers the seat to the first in line: accept, decline, and lapse after the time', async () => {
    const id = await w.event({ capacity: 1, waitlistMode: 'offer', offerHours: 2 });
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'a4@example.org', seats: 1 })).json();
    const b = (await bookVia(w.t, id, { name: 'Bea', email: 'b4@example.org', seats: 1 })).json();
    const c = (await bookVia(w.t, id, { name: 'Ciro', email: 'c4@example.org', seats: 1 })).json();
    const d = (await bookVia(w.t, id, { name: 'Dina', email: 'd4@example.org', seats: 1 })).json();
    await drain(w.t);
    w.smtp.clear();
    const url = (r: { id: string; manageToken: string }, action: string) =>
      `/api/v1/registrations/${r.id}/${action}?token=${r.manageToken}`;
    // Accepting without an offer is refused.
    expectProblem(await w.t.app.inject({ method: 'POST', url: url(b, 'accept') }), 409);
    await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` });
    let k = await counters(w.t, id);
    expect(k).toMatchObject({ taken: 1, waiting: 2 });
    expect(k.regs.find((r) => r.id === b.id)?.status).toBe('offered');
    await drain(w.t);
    const offer = w.smtp.to('b4@example.org');
    expect(offer.map((m) => m.subject)).toEqual(['Un posto per te: Incontro sullo SPID. Rispondi in tempo']);
    expect(offer[0].text).toContain(`${BASE_URL}/prenotazioni/${b.id}?token=${b.manageToken}`);
    // Bea declines: Ciro gets the offer.
    const declined = await w.t.app.inject({ method: 'POST', url: url(b, 'decline') });
    expect(declined.json().status).toBe('cancelled');
    k = await counters(w.t, id);
    expect(k.regs.find((r) => r.id === c.id)?.status).toBe('offered');
    // Ciro does not answer: two hours later the job lapses the offer and Dina gets it.
    setClockOffset(2 * 3_600_000 + 60_000);
    await drain(w.t);
    k = await counters(w.t, id);
    expect(k.regs.find((r) => r.id === c.id)?.status).toBe('cancelled');
    expect(k.regs.find((r) => r.id === d.id)?.status).toBe('offered');
    expect(k).toMatchObject({ taken: 1, waiting: 0, held: 1 });
    expect(w.smtp.to('c4@example.org').map((m) => m.subject)).toContain('Offerta scaduta: Incontro sullo SPID');
    // Ciro's late accept is refused; Dina accepts in time.
    expectProblem(await w.t.app.inject({ method: 'POST', url: url(c, 'accept') }), 410);
    const accepted = await w.t.app.inject({ method: 'POST', url: url(d, 'accept') });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('confirmed');
    expect(await counters(w.t, id)).toMatchObject({ taken: 1, waiting: 0, held: 1 });
    await drain(w.t);
    const confirmed = w.smtp.to('d4@example.org').find((m) => m.subject === 'Prenotazione confermata: Incontro sullo SPID');
    expect(confirmed?.attachments.some((x) => x.filename === 'evento.ics')).toBe(true);
  });

  it('sends the reminder once, the day before, with the online link; never twice, even with two queues', async () => {
    const online = 'https://meet.example.org/spid-webinar';
    const id = await w.event({ format: 'online', venue: null, onlineUrl: online, type: 'webinar' }, 5);
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'a5@example.org', seats: 1 })).json();
    const gone = (await bookVia(w.t, id, { name: 'Bea', email: 'b5@example.org', seats: 1 })).json();
    await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${gone.id}?token=${gone.manageToken}` });
    // The public event never shows the link; the booked person's confirmation does.
    const pub = await w.t.app.inject({ method: 'GET', url: `/api/v1/events/${id}` });
    expect(pub.body).not.toContain(online);
    await drain(w.t);
    expect(w.smtp.to('a5@example.org')[0].text).toContain(online);
    w.smtp.clear();
    // Nothing the day after booking; the reminder is due the day before (at 10:00 in Rome).
    setClockOffset(86_400_000);
    await drain(w.t);
    expect(w.smtp.to('a5@example.org')).toHaveLength(0);
    const start = (await events.getEvent(w.t.db, id)).start;
    const due = Date.parse(reminderAt(start));
    expect(DateTime.fromMillis(due, { zone: 'Europe/Rome' }).toFormat('HH:mm')).toBe('10:00');
    setClockOffset(due - 60_000 - Date.now());
    await drain(w.t);
    expect(w.smtp.to('a5@example.org')).toHaveLength(0);
    setClockOffset(due + 60_000 - Date.now());
    const second = new JobQueue(w.t.db);
    registerEventJobs({ ...w.t.app.deps, jobs: second });
    const [x, y] = await Promise.all([w.t.app.deps.jobs.runDue(), second.runDue()]);
    expect(x + y).toBeGreaterThanOrEqual(1);
    await Promise.all([w.t.app.deps.jobs.runDue(), second.runDue()]);
    const reminders = w.smtp.to('a5@example.org');
    expect(reminders.map((m) => m.subject)).toEqual(['Promemoria: domani Incontro sullo SPID']);
    expect(reminders[0].text).toContain(online);
    expect(w.smtp.to('b5@example.org')).toHaveLength(0);
    setClockOffset(due + 3 * 3_600_000 - Date.now());
    await drain(w.t);
    expect(w.smtp.to('a5@example.org')).toHaveLength(1);
    const jobs = await w.t.db.k.selectFrom('jobs').select(['status']).where('dedupe_key', '=', `reminder:${a.id}`).execute();
    expect(jobs).toEqual([{ status: 'done' }]);
  });

  it('replays an Idempotency-Key: the same registration, nothing new written', async () => {
    const id = await w.event();
    const body = { name: 'Anna', email: 'a6@example.org', seats: 2 };
    const first = await bookVia(w.t, id, body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    const before = await counters(w.t, id);
    const jobs = await w.t.db.k
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const replay = await bookVia(w.t, id, body, { 'idempotency-key': 'k-1' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect(await counters(w.t, id)).toEqual(before);
    const jobs2 = await w.t.db.k
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(jobs2.n)).toBe(Number(jobs.n));
    const other = await bookVia(w.t, id, { ...body, seats: 1 }, { 'idempotency-key': 'k-1' });
    expectProblem(other, 422);
  });

  it('cancelling the event tells everyone booked or waiting, and frees every seat', async () => {
    const id = await w.event({ capacity: 1 });
    await bookVia(w.t, id, { name: 'Anna', email: 'a7@example.org', seats: 1 });
    await bookVia(w.t, id, { name: 'Bea', email: 'b7@example.org', seats: 1 });
    await drain(w.t);
    w.smtp.clear();
    const res = await w.staff('POST', `/api/v1/events/${id}/cancel`, { reason: 'maltempo' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: 'maltempo', seatsLeft: 1 });
    expect(await counters(w.t, id)).toMatchObject({ taken: 0, waiting: 0, held: 0, waitingSeats: 0 });
    await drain(w.t);
    for (const who of ['a7@example.org', 'b7@example.org']) {
      const m = w.smtp.to(who);
      expect(m.map((x) => x.subject)).toEqual(['Evento annullato: Incontro sullo SPID']);
      expect(m[0].text).toContain('maltempo');
    }
    expectProblem(await bookVia(w.t, id, { name: 'Ciro', email: 'c7@example.org', seats: 1 }), 409);
  });

  it('more capacity promotes the waiting list; less than the seats taken is refused', async () => {
    const id = await w.event({ capacity: 2 });
    await bookVia(w.t, id, { name: 'Anna', email: 'a8@example.org', seats: 2 });
    await bookVia(w.t, id, { name: 'Bea', email: 'b8@example.org', seats: 2 });
    expectProblem(await w.staff('PATCH', `/api/v1/events/${id}`, { capacity: 1 }), 409);
    const res = await w.staff('PATCH', `/api/v1/events/${id}`, { capacity: 4 });
    expect(res.statusCode, res.body).toBe(200);
    expect(await counters(w.t, id)).toMatchObject({ capacity: 4, taken: 4, waiting: 0, held: 4 });
  });

  it('erases the personal data of bookings after the retention period, keeping the anonymous figures', async () => {
    const id = await w.event({}, 2);
    const a = (await bookVia(w.t, id, { name: 'Anna', email: 'a9@example.org', seats: 2, audience: 'anziani', ageBand: '75+' })).json();
    const end = Date.parse((await events.getEvent(w.t.db, id)).end);
    setClockOffset(end + 89 * 86_400_000 - Date.now());
    await drain(w.t);
    let row = await w.t.db.k.selectFrom('registrations').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.email).toBe('a9@example.org');
    setClockOffset(end + 90 * 86_400_000 + 60_000 - Date.now());
    await drain(w.t);
    row = await w.t.db.k.selectFrom('registrations').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: null, email: null, phone: null, contact_hash: null, audience: 'anziani', age_band: '75+', seats: 2 });
    expect(row.anonymised_at).not.toBeNull();
    expectProblem(await w.t.app.inject({ method: 'GET', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` }), 410);
  });
});
