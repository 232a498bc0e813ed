import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { reminderAt } from '../../src/modules/events/booking-keys.js';
import * as events from '../../src/modules/events/service.js';
import { DIALECTS } from '../helpers.js';
import { bookVia, drain, type World, world } from './booking-fixtures.js';

/**
 * Bookings' e-mails through the job table: payloads hold ids, never an address, a name or a
 * private link; an erased booking gets nothing more; a reminder is never sent late.
 */
describe.each(DIALECTS)("bookings' e-mails through the job table (%s)", (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  const jobsAbout = (registrationId: string) =>
    w.t.db.k.selectFrom('jobs').selectAll().where('payload', 'like', `%${registrationId}%`).orderBy('run_at').execute();

  it('keeps no address, name or token in any job, while confirmation, promotion and cancellation arrive', async () => {
    const id = await w.event({ capacity: 1 });
    const a = (await bookVia(w.t, id, { name: 'Ottavia Riservata', email: 'ottavia.riservata@example.org', seats: 1 })).json();
    const b = (await bookVia(w.t, id, { name: 'Pietro Discreto', email: 'pietro.discreto@example.org', seats: 1 })).json();
    expect(b.status).toBe('waitlisted');
    await drain(w.t);
    const cancel = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${a.id}?token=${encodeURIComponent(a.manageToken)}`,
    });
    expect(cancel.statusCode).toBeLessThan(300);
    // Someone types Pietro's address again: he gets his own link, the caller nothing of his.
    await bookVia(w.t, id, { name: 'Qualcun altro', email: 'pietro.discreto@example.org', seats: 1 });
    await drain(w.t);
    expect(w.smtp.to('ottavia.riservata@example.org').map((m) => m.subject?.split(':')[0])).toEqual([
      'Prenotazione confermata',
      'Prenotazione annullata',
    ]);
    expect(w.smtp.to('pietro.discreto@example.org').map((m) => m.subject?.split(':')[0])).toContain(
      'Si è liberato un posto, prenotazione confermata',
    );
    const rows = await w.t.db.k.selectFrom('jobs').select(['kind', 'payload']).execute();
    expect(rows.filter((r) => r.payload.includes(a.id)).length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      for (const secret of ['Ottavia', 'Riservata', 'Pietro', 'Discreto', 'example.org', a.manageToken, b.manageToken]) {
        expect(row.payload, `${row.kind} holds "${secret}"`).not.toContain(secret);
      }
    }
  });

  it('drops a reminder whose time has passed instead of sending it late', async () => {
    const id = await w.event({}, 5);
    const a = (await bookVia(w.t, id, { name: 'Luca', email: 'luca.late@example.org', seats: 1 })).json();
    await drain(w.t);
    w.smtp.clear();
    // The workers were down from before the reminder until after the event began.
    const start = Date.parse((await events.getEvent(w.t.db, id)).start);
    setClockOffset(start + 10 * 60_000 - Date.now());
    await drain(w.t);
    expect(w.smtp.to('luca.late@example.org')).toHaveLength(0);
    const reminder = (await jobsAbout(a.id)).find((j) => j.kind === 'events.reminder');
    expect(reminder).toMatchObject({ status: 'done', last_error: null });
  });

  it('sends nothing once the person has erased their data: the queued reminder finds no one', async () => {
    const id = await w.event({}, 5);
    const a = (await bookVia(w.t, id, { name: 'Sara', email: 'sara.erased@example.org', seats: 1 })).json();
    await drain(w.t);
    const erased = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/registrations/${a.id}/personal-data?token=${encodeURIComponent(a.manageToken)}`,
    });
    expect(erased.statusCode).toBeLessThan(300);
    await drain(w.t);
    w.smtp.clear();
    const pending = (await jobsAbout(a.id)).filter((j) => j.status === 'pending');
    // What is still queued names the booking by its id only; when it runs it sends nothing.
    for (const j of pending) expect(j.payload).not.toContain('sara');
    const start = (await events.getEvent(w.t.db, id)).start;
    setClockOffset(Date.parse(reminderAt(start)) + 60_000 - Date.now());
    await drain(w.t);
    expect(w.smtp.messages).toHaveLength(0);
    const jobs = await jobsAbout(a.id);
    expect(jobs.filter((j) => j.kind === 'events.reminder' || j.kind === 'events.mail').every((j) => j.status === 'done')).toBe(true);
  });
});
