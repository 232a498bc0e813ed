import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { nowIso, setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { DIALECTS } from '../helpers.js';
import { bookVia, counters, drain, expectProblem, type World, world } from './booking-fixtures.js';

const DAY = 86_400_000;

async function registration(w: World, id: string) {
  return w.t.db.k.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Moves the clock to `ms` after the event's end. */
async function afterEnd(w: World, eventId: string, ms: number) {
  const end = Date.parse((await events.getEvent(w.t.db, eventId, { includeDrafts: true })).end);
  setClockOffset(end + ms - Date.now());
}

describe.each(DIALECTS)('personal data of bookings (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => {
    setClockOffset(0);
    w.smtp.clear();
  });

  it('lets a person erase their data before the event: the booking is cancelled and the seat goes to the next in line', async () => {
    const id = await w.event({ capacity: 2 });
    const a = (await bookVia(w.t, id, { name: 'Anna Rossi', email: 'anna.erase@example.org', seats: 2, ageBand: '55-74' })).json();
    const b = (await bookVia(w.t, id, { name: 'Bruno Bianchi', email: 'bruno.erase@example.org', seats: 1 })).json();
    expect(b.status).toBe('waitlisted');
    await drain(w.t);
    expect(w.smtp.to('anna.erase@example.org')).toHaveLength(1);

    const res = await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}/personal-data?token=${a.manageToken}` });
    expect(res.statusCode, res.body).toBe(204);

    const row = await registration(w, a.id);
    expect(row).toMatchObject({
      name: null,
      email: null,
      phone: null,
      contact_hash: null,
      status: 'cancelled',
      seats: 2,
      age_band: '55-74',
    });
    expect(row.anonymised_at).not.toBeNull();
    expect((await registration(w, b.id)).status).toBe('confirmed');
    expect(await counters(w.t, id)).toMatchObject({ taken: 1, waiting: 0 });

    // The link no longer opens anything, and no e-mail went to the erased address.
    expectProblem(await w.t.app.inject({ method: 'GET', url: `/api/v1/registrations/${a.id}?token=${a.manageToken}` }), 410);
    expectProblem(
      await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}/personal-data?token=${a.manageToken}` }),
      410,
    );
    await drain(w.t);
    expect(w.smtp.to('anna.erase@example.org')).toHaveLength(1); // the confirmation only: no mail to an erased address
    expect(
      w.smtp
        .to('bruno.erase@example.org')
        .map((m) => m.subject)
        .join(' '),
    ).toMatch(/posto|confermat/i);
  });

  it('refuses a wrong token and changes nothing', async () => {
    const id = await w.event();
    const a = (await bookVia(w.t, id, { name: 'Carla Verdi', email: 'carla.erase@example.org', seats: 1 })).json();
    expectProblem(
      await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}/personal-data?token=sbagliato-123456` }),
      404,
    );
    expectProblem(await w.t.app.inject({ method: 'DELETE', url: `/api/v1/registrations/${a.id}/personal-data` }), 400);
    const page = await w.t.app.inject({ method: 'GET', url: `/prenotazioni/${a.id}/cancella-dati?token=sbagliato-123456` });
    expect(page.statusCode).toBe(404);
    expect(await registration(w, a.id)).toMatchObject({ name: 'Carla Verdi', email: 'carla.erase@example.org', status: 'confirmed' });
  });

  it('erases from the manage page after the event, keeping the booking counted', async () => {
    const id = await w.event({}, 1);
    const a = (await bookVia(w.t, id, { name: 'Dario Neri', phone: '333 765 4321', seats: 3, audience: 'anziani' })).json();
    await afterEnd(w, id, DAY);
    const manage = await w.t.app.inject({ method: 'GET', url: `/prenotazioni/${a.id}?token=${a.manageToken}` });
    expect(manage.body).toContain('Cancella i tuoi dati');
    const confirm = await w.t.app.inject({ method: 'GET', url: `/prenotazioni/${a.id}/cancella-dati?token=${a.manageToken}` });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Sì, cancella i miei dati');
    // The confirmation page asks; it erases nothing by itself.
    expect((await registration(w, a.id)).phone).toBe('333 765 4321');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)?.[1];
    const cookie = String(confirm.headers['set-cookie'] ?? '')
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0])
      .join('; ');
    const done = await w.t.app.inject({
      method: 'POST',
      url: `/prenotazioni/${a.id}/cancella-dati`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(a.manageToken)}&_csrf=${encodeURIComponent(csrf ?? '')}`,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('I tuoi dati sono stati cancellati');
    expect(await registration(w, a.id)).toMatchObject({ name: null, phone: null, status: 'confirmed', seats: 3, audience: 'anziani' });
  });

  it('erases earlier when staff shorten the programme’s retention period, with no manual run', async () => {
    const programme = await createProgramme(w.t.db, null, {
      organisation: w.prato,
      name: 'Prato digitale',
      start: '2026-01-01',
      end: '2027-12-31',
    });
    const id = await w.event({ programme: programme.id }, 2);
    const a = (await bookVia(w.t, id, { name: 'Elena Galli', email: 'elena.erase@example.org', seats: 2, ageBand: '75+' })).json();
    // A walk-in's optional name is personal data too.
    const session = await w.t.db.k.selectFrom('event_sessions').select('id').where('event_id', '=', id).executeTakeFirstOrThrow();
    await w.t.db.k
      .insertInto('event_checkins')
      .values({
        id: newId(),
        organisation_id: w.prato,
        event_id: id,
        session_id: session.id,
        registration_id: null,
        people: 1,
        name: 'Franco',
        audience: 'anziani',
        age_band: '75+',
        method: 'walk-in',
        checked_in_by: null,
        created_at: nowIso(),
      })
      .execute();

    const patch = await w.staff('PATCH', `/api/v1/programmes/${programme.id}`, { retentionDays: 10 });
    expect(patch.statusCode, patch.body).toBe(200);
    await drain(w.t);

    await afterEnd(w, id, 9 * DAY);
    await drain(w.t);
    expect((await registration(w, a.id)).email).toBe('elena.erase@example.org');

    await afterEnd(w, id, 10 * DAY + 60_000);
    await drain(w.t);
    expect(await registration(w, a.id)).toMatchObject({ name: null, email: null, status: 'confirmed', seats: 2, age_band: '75+' });
    const walkIn = await w.t.db.k.selectFrom('event_checkins').selectAll().where('event_id', '=', id).executeTakeFirstOrThrow();
    expect(walkIn).toMatchObject({ name: null, people: 1, audience: 'anziani', age_band: '75+' });
  });

  it('erases at once the bookings of past events when the new period is already over', async () => {
    const programme = await createProgramme(w.t.db, null, {
      organisation: w.prato,
      name: 'Corsi 2026',
      start: '2026-01-01',
      end: '2027-12-31',
      retentionDays: 365,
    });
    const id = await w.event({ programme: programme.id }, 1);
    const a = (await bookVia(w.t, id, { name: 'Gino Sala', email: 'gino.erase@example.org', seats: 1 })).json();
    await afterEnd(w, id, 30 * DAY);
    await drain(w.t);
    expect((await registration(w, a.id)).email).toBe('gino.erase@example.org');
    const patch = await w.staff('PATCH', `/api/v1/programmes/${programme.id}`, { retentionDays: 7 });
    expect(patch.statusCode, patch.body).toBe(200);
    await drain(w.t);
    expect(await registration(w, a.id)).toMatchObject({ name: null, email: null, seats: 1 });
  });
});
