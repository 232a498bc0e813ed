import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { bookVia, type World, world } from '../events/booking-fixtures.js';
import { Browser, DIALECTS } from '../helpers.js';

/** Group training from an event's attendance: one facilitation record per person checked in. */
describe.each(DIALECTS)('group training from an event (%s)', (dialect) => {
  let w: World;
  let staff: Browser;
  let programmeId: string;

  beforeAll(async () => {
    w = await world(dialect);
    staff = new Browser(w.t.app);
    programmeId = (
      await createProgramme(w.t.db, null, { organisation: w.prato, name: 'Prato digitale', start: '2026-01-01', end: '2027-12-31' })
    ).id;
  });
  afterAll(() => w.close());
  afterEach(() => setClockOffset(0));

  /** An event tomorrow with three bookings (one of two seats), two checked in, and a walk-in. */
  async function attended() {
    const id = await w.event({ programme: programmeId, capacity: 20 }, 1);
    const a = (await bookVia(w.t, id, { name: 'Anna Rossi', email: 'anna.group@example.org', seats: 2, ageBand: '55-74' })).json();
    const b = (await bookVia(w.t, id, { name: 'Bruno Neri', phone: '333 111 2222', seats: 1, ageBand: '75+' })).json();
    await bookVia(w.t, id, { name: 'Carla Bini', email: 'carla.group@example.org', seats: 1 });
    const ev = await events.getEvent(w.t.db, id);
    setClockOffset(Date.parse(ev.start) + 10 * 60_000 - Date.now());
    for (const r of [a, b]) {
      const res = await w.staff('POST', `/api/v1/events/${id}/checkins`, { code: r.ticketCode });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await w.staff('POST', `/api/v1/events/${id}/walk-ins`, { people: 1, ageBand: '75+' })).statusCode).toBe(201);
    setClockOffset(Date.parse(ev.end) + 60 * 60_000 - Date.now());
    // Signed in on the day (a session started yesterday would have expired).
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    const session = await w.t.db.k.selectFrom('event_sessions').select('id').where('event_id', '=', id).executeTakeFirstOrThrow();
    return { id, session: session.id };
  }

  const form = (session: string, over: Record<string, string | string[]> = {}) => ({
    session,
    programme: programmeId,
    venue: w.coiano,
    duration: '02:00',
    kinds: 'C',
    competences: ['4', '11'],
    services: 'A',
    details: '',
    ...over,
  });

  it('records one service per person present, without names, once per session', async () => {
    const { id, session } = await attended();
    const page = await staff.get(`/admin/events/${id}/formazione-di-gruppo`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('4 presenti');
    expect(page.body).toContain('value="02:00"');

    const res = await staff.post(`/admin/events/${id}/formazione-di-gruppo`, form(session), {
      from: `/admin/events/${id}/formazione-di-gruppo`,
    });
    expect(res.statusCode, res.body).toBe(303);
    const done = await staff.get(String(res.headers.location));
    expect(done.body).toContain('Registrati 4 servizi');

    const rows = await w.t.db.k.selectFrom('facilitation_records').selectAll().where('service_group_id', '=', session).execute();
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.programme_id === programmeId && r.venue_id === w.coiano && r.duration_minutes === 120)).toBe(true);
    expect(rows.map((r) => r.age_band).sort()).toEqual(['55-74', '75+', '75+', null].sort());
    expect(JSON.stringify(rows)).not.toMatch(/Anna|Bruno|anna\.group|333 111/);

    // A second press records nothing more.
    const again = await staff.post(`/admin/events/${id}/formazione-di-gruppo`, form(session), {
      from: `/admin/events/${id}/formazione-di-gruppo`,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('già stata registrata');
    expect(again.body).toContain('Non ci sono incontri da registrare');
    expect(await w.t.db.k.selectFrom('facilitation_records').select('id').where('service_group_id', '=', session).execute()).toHaveLength(
      4,
    );
  });

  it('refuses bad choices with the form and its errors, writing nothing', async () => {
    const { id, session } = await attended();
    const count = async () => (await w.t.db.k.selectFrom('facilitation_records').select('id').execute()).length;
    const before = await count();
    const from = `/admin/events/${id}/formazione-di-gruppo`;
    const noCompetence = await staff.post(from, form(session, { competences: [] }), { from });
    expect([400, 422]).toContain(noCompetence.statusCode);
    expect(noCompetence.body).toContain('Correggi questi campi');
    const otherVenue = await staff.post(from, form(session, { venue: w.murate }), { from });
    expect(otherVenue.statusCode).toBe(422);
    const badDuration = await staff.post(from, form(session, { duration: '25:00' }), { from });
    expect([400, 422]).toContain(badDuration.statusCode);
    const unknownSession = await staff.post(from, form('01900000-0000-7000-8000-000000000000'), { from });
    expect(unknownSession.statusCode).toBe(422);
    expect(await count()).toBe(before);
  });

  it('is not open to another organisation', async () => {
    const { id } = await attended();
    const res = await w.outsider('GET', `/admin/events/${id}/formazione-di-gruppo`);
    expect([403, 404]).toContain(res.statusCode);
  });
});
