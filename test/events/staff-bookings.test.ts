import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../../src/modules/events/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { counters, expectProblem, type World, world } from './booking-fixtures.js';

const PASSWORD = 'una-password-lunga';

describe.each(DIALECTS)('staff act on one booking for a person (%s)', (dialect) => {
  let w: World;
  let staff: Browser;
  let outsider: Browser;

  beforeAll(async () => {
    w = await world(dialect);
    staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', PASSWORD);
    outsider = new Browser(w.t.app);
    await outsider.signIn('staff@firenze.example', PASSWORD);
  });
  afterAll(async () => w?.close());

  const book = (eventId: string, who: Record<string, unknown>, seats = 1) =>
    events.book(w.t.app.deps, eventId, { seats, privacyAccepted: true, ...who }, { source: 'web' });
  const reg = (id: string) => w.t.db.k.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audits = (id: string) => w.t.db.k.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
  const callbacks = (subject: string) => w.t.db.k.selectFrom('phone_callbacks').selectAll().where('subject_id', '=', subject).execute();

  it('a booking made by staff for a caller shows the ticket code to read out', async () => {
    const ev = await w.event({ title: 'Incontro al telefono' });
    const page = `/admin/events/${ev}/registrations`;
    const res = await staff.post(page, { name: 'Gina Neri', phone: '0574 123456', seats: '1', privacyAccepted: '1' }, { from: page });
    expect(res.statusCode).toBe(303);
    const after = await staff.get(res.headers.location as string);
    const row = await w.t.db.k.selectFrom('registrations').select('ticket_code').where('event_id', '=', ev).executeTakeFirstOrThrow();
    expect(after.body).toContain('Codice da leggere alla persona');
    expect(after.body).toContain(row.ticket_code);
  });

  it('cancels only after asking; the phone-only person first in line is promoted and goes on the list to call, then is ticked off', async () => {
    const ev = await w.event({ title: 'Incontro pieno', capacity: 1 });
    const anna = await book(ev, { name: 'Anna Bianchi', email: 'anna@example.org' });
    const gino = await book(ev, { name: 'Gino Landi', phone: '0574 654321' });
    expect(gino.registration.status).toBe('waitlisted');
    const id = anna.registration.id;

    const ask = await staff.get(`/admin/registrations/${id}/annulla`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Annullare la prenotazione di Anna Bianchi');
    expect((await reg(id)).status).toBe('confirmed');

    const res = await staff.post(`/admin/registrations/${id}/annulla`, {}, { from: `/admin/registrations/${id}/annulla` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/events/${ev}/registrations?fatto=annullata`);
    expect((await reg(id)).status).toBe('cancelled');
    expect((await reg(gino.registration.id)).status).toBe('confirmed');
    const line = (await audits(id)).find((a) => a.action === 'registration.cancelled-by-staff');
    expect(line?.user_id).toBe(w.staffUserId);
    // Anna has an e-mail: nobody needs to call her. Gino has only a phone and was promoted.
    expect(await callbacks(id)).toHaveLength(0);
    const [entry] = await callbacks(gino.registration.id);
    expect(entry.reason).toBe('promoted');

    const list = await staff.get(`/admin/events/${ev}/registrations?fatto=annullata`);
    expect(list.body).toContain('Prenotazione annullata.');
    expect(list.body).toContain('Persone da avvisare per telefono: 1');
    expect(list.body).toContain('Gino Landi');
    const org = await staff.get(`/admin/organisations/${w.prato}/da-avvisare`);
    expect(org.body).toContain('Gino Landi');
    expect(org.body).toContain('Ha ottenuto il posto dalla lista d’attesa');

    const tick = await staff.post(
      `/admin/phone-callbacks/${entry.id}/fatto`,
      { back: `/admin/events/${ev}/registrations` },
      { from: `/admin/events/${ev}/registrations` },
    );
    expect(tick.statusCode).toBe(303);
    expect(tick.headers.location).toBe(`/admin/events/${ev}/registrations?avvisata=1`);
    const [done] = await callbacks(gino.registration.id);
    expect(done.done_by).toBe(w.staffUserId);
    expect(done.done_at).not.toBeNull();
    expect((await audits(entry.id)).map((a) => a.action)).toEqual(['phone-callback.done']);
    const again = await staff.get(`/admin/organisations/${w.prato}/da-avvisare`);
    expect(again.body).not.toContain('Gino Landi');
  });

  it('changes seats within the free seats, and refuses more than are free with nothing written', async () => {
    const ev = await w.event({ title: 'Incontro dei posti', capacity: 3 });
    const b = await book(ev, { name: 'Rita Verdi', email: 'rita@example.org' });
    const id = b.registration.id;
    const ok = await staff.post(`/admin/registrations/${id}/posti`, { seats: '3' }, { from: `/admin/registrations/${id}` });
    expect(ok.statusCode).toBe(303);
    expect(Number((await reg(id)).seats)).toBe(3);
    expect((await counters(w.t, ev)).taken).toBe(3);
    expect((await audits(id)).some((a) => a.action === 'registration.seats-changed-by-staff')).toBe(true);

    const other = await w.event({ title: 'Incontro piccolo', capacity: 3 });
    const c = await book(other, { name: 'Piero Gialli', email: 'piero@example.org' });
    await book(other, { name: 'Sara Viola', email: 'sara@example.org' }, 2);
    const changes = async () => (await audits(c.registration.id)).filter((a) => a.action !== 'view-registration');
    const before = (await changes()).length;
    const over = await staff.post(
      `/admin/registrations/${c.registration.id}/posti`,
      { seats: '2' },
      { from: `/admin/registrations/${c.registration.id}` },
    );
    expect(over.statusCode).toBe(409);
    expect(over.body).toContain('Piero Gialli');
    expect(Number((await reg(c.registration.id)).seats)).toBe(1);
    expect((await counters(w.t, other)).taken).toBe(3);
    expect(await changes()).toHaveLength(before);
    const bad = await staff.post(
      `/admin/registrations/${c.registration.id}/posti`,
      { seats: 'molti' },
      { from: `/admin/registrations/${c.registration.id}` },
    );
    expect(bad.statusCode).toBe(400);
  });

  it('moves a booking to another event of the organisation; a full event or another organisation’s is refused, nothing written', async () => {
    const from = await w.event({ title: 'Primo incontro', capacity: 2 });
    const to = await w.event({ title: 'Secondo incontro', capacity: 2 }, 17);
    const full = await w.event({ title: 'Incontro esaurito', capacity: 1 }, 24);
    await book(full, { name: 'Lia Rosa', email: 'lia@example.org' });
    const b = await book(from, { name: 'Nada Blu', phone: '0574 111222' }, 2);
    const id = b.registration.id;

    const page = await staff.get(`/admin/registrations/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Secondo incontro');
    expect(page.body).toContain(b.registration.ticketCode);
    expect((await audits(id)).map((a) => a.action)).toContain('view-registration');

    const refused = await staff.post(`/admin/registrations/${id}/sposta`, { to: full }, { from: `/admin/registrations/${id}` });
    expect(refused.statusCode).toBe(409);
    expect((await reg(id)).event_id).toBe(from);
    expect((await counters(w.t, full)).taken).toBe(1);

    const firenzeEvent = await w.event({ organisation: w.firenze, venue: w.murate, title: 'Incontro a Firenze' });
    const foreign = await staff.post(`/admin/registrations/${id}/sposta`, { to: firenzeEvent }, { from: `/admin/registrations/${id}` });
    expect(foreign.statusCode).toBe(404);
    expect((await reg(id)).event_id).toBe(from);
    expect((await audits(id)).filter((a) => a.action === 'registration.moved-by-staff')).toHaveLength(0);

    const moved = await staff.post(`/admin/registrations/${id}/sposta`, { to }, { from: `/admin/registrations/${id}` });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`/admin/events/${to}/registrations?fatto=spostata`);
    const after = await reg(id);
    expect(after.event_id).toBe(to);
    expect(after.status).toBe('confirmed');
    expect(after.ticket_code).toBe(b.registration.ticketCode);
    expect((await counters(w.t, from)).taken).toBe(0);
    expect((await counters(w.t, to)).taken).toBe(2);
    expect((await audits(id)).some((a) => a.action === 'registration.moved-by-staff')).toBe(true);
    // Nada has only a phone: she is to be called about the move.
    expect((await callbacks(id)).map((c) => c.reason)).toEqual(['moved']);
  });

  it("another organisation's staff can neither see nor change the booking", async () => {
    const ev = await w.event({ title: 'Incontro riservato' });
    const b = await book(ev, { name: 'Ugo Neri', email: 'ugo@example.org' });
    const id = b.registration.id;
    expect((await outsider.get(`/admin/registrations/${id}`)).statusCode).toBe(403);
    const res = await outsider.post(`/admin/registrations/${id}/annulla`, {}, { from: '/admin' });
    expect(res.statusCode).toBe(403);
    expect((await reg(id)).status).toBe('confirmed');
    expect((await staff.get('/admin/registrations/01890000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });
  it('the staff API does the same acts, in problem+json when refused, and refuses another organisation', async () => {
    const from = await w.event({ title: 'Incontro via API', capacity: 4 });
    const to = await w.event({ title: 'Altro incontro via API', capacity: 4 }, 18);
    const b = await book(from, { name: 'Vera Api', email: 'vera@example.org' });
    const id = b.registration.id;
    const seats = await w.staff('PUT', `/api/v1/event-registrations/${id}/seats`, { seats: 3 });
    expect(seats.statusCode, seats.body).toBe(200);
    expect(seats.json()).toMatchObject({ id, eventId: from, seats: 3, status: 'confirmed' });
    expectProblem(await w.staff('PUT', `/api/v1/event-registrations/${id}/seats`, { seats: 9 }), 422);
    expectProblem(await w.outsider('POST', `/api/v1/event-registrations/${id}/cancel`), 403);
    const moved = await w.staff('POST', `/api/v1/event-registrations/${id}/move`, { eventId: to });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ eventId: to, seats: 3 });
    const cancelled = await w.staff('POST', `/api/v1/event-registrations/${id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await counters(w.t, to)).taken).toBe(0);
    expect(expectProblem(await w.staff('POST', `/api/v1/event-registrations/${id}/cancel`), 409).detail).toBe(
      'Questa prenotazione è già annullata.',
    );
  });

  it('whatever the seats and the target typed, the pages answer 303 or a 4xx, and write only a valid change', async () => {
    const ev = await w.event({ title: 'Incontro del caso', capacity: 3 });
    const b = await book(ev, { name: 'Zeno Caso', email: 'zeno@example.org' });
    const id = b.registration.id;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.integer({ min: -5, max: 50 }).map(String)), fc.string(), async (seatsTyped, target) => {
        const before = await reg(id);
        const res = await staff.post(`/admin/registrations/${id}/posti`, { seats: seatsTyped }, { from: `/admin/registrations/${id}` });
        expect([303, 400, 409, 410, 422]).toContain(res.statusCode);
        const after = await reg(id);
        const n = Number(seatsTyped);
        if (res.statusCode === 303) expect(Number(after.seats)).toBe(n);
        else expect(after.seats).toBe(before.seats);
        const move = await staff.post(`/admin/registrations/${id}/sposta`, { to: target }, { from: `/admin/registrations/${id}` });
        expect([400, 404, 409, 422]).toContain(move.statusCode);
        expect((await reg(id)).event_id).toBe(ev);
      }),
      { numRuns: 15 },
    );
  });
});
