import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as events from '../../src/modules/events/service.js';
import { SURVEY_KIND, surveyAt, surveyDedupeKey } from '../../src/modules/events/survey/schedule.js';
import { WEBHOOK_EMIT_KIND } from '../../src/modules/webhooks/service.js';
import { DIALECTS } from '../helpers.js';
import { expectProblem, inDays, type World, world } from './booking-fixtures.js';
import { booking, checkinRows, clockAt, clockReset, jobsOf, sessionIds } from './checkin-fixtures.js';

/**
 * Check-in at the door through the API: the first scan counts, a second says "already" and
 * counts nothing; every wrong ticket, state or day is refused with a 4xx and writes nothing.
 */
describe.each(DIALECTS)('check-in (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());
  afterEach(() => clockReset());

  const checkin = (eventId: string, body: unknown) => w.staff('POST', `/api/v1/events/${eventId}/checkins`, body);
  const walkIn = (eventId: string, body: unknown) => w.staff('POST', `/api/v1/events/${eventId}/walk-ins`, body);
  const startOf = async (eventId: string) =>
    (await w.t.db.k.selectFrom('events').select(['starts_at', 'ends_at']).where('id', '=', eventId).executeTakeFirstOrThrow()).starts_at;

  it('checks a booking in once: 201, then 200 with already: true, one row, one webhook, one survey', async () => {
    const id = await w.event({}, 2);
    const a = await booking(w, id, { seats: 2 });
    clockAt(
      DateTime.fromISO(await startOf(id))
        .plus({ minutes: 10 })
        .toISO()!,
    );
    // As typed at the door: lower case, no dash.
    const first = await checkin(id, { code: a.ticketCode.toLowerCase().replace('-', '') });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ registrationId: a.id, people: 2, already: false });
    // As read from the QR code, and with spaces.
    for (const code of [`PONTE ${a.ticketCode}`, ` ${a.ticketCode.slice(0, 3)} ${a.ticketCode.slice(3)} `]) {
      const again = await checkin(id, { code });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ id: first.json().id, registrationId: a.id, already: true, people: 2 });
    }
    const rows = await checkinRows(w.t, id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ registration_id: a.id, people: 2, method: 'api', session_id: (await sessionIds(w.t, id))[0] });
    const hooks = (await jobsOf(w.t, WEBHOOK_EMIT_KIND)).filter(
      (j) => j.payload.type === 'registration.checked_in' && j.payload.data?.eventId === id,
    );
    expect(hooks).toHaveLength(1);
    expect(hooks[0].payload).toMatchObject({
      organisationId: w.prato,
      type: 'registration.checked_in',
      data: { registrationId: a.id, eventId: id, sessionId: rows[0].session_id, people: 2 },
    });
    // No personal data travels in the job.
    expect(JSON.stringify(hooks[0].payload)).not.toMatch(/Persona|@esempio/);
    const surveys = (await jobsOf(w.t, SURVEY_KIND)).filter((j) => j.payload.registrationId === a.id);
    const ends = (await w.t.db.k.selectFrom('events').select('ends_at').where('id', '=', id).executeTakeFirstOrThrow()).ends_at;
    expect(surveys).toEqual([
      { kind: SURVEY_KIND, payload: { registrationId: a.id }, run_at: surveyAt(ends), dedupe_key: surveyDedupeKey(a.id) },
    ]);
    const att = await w.staff('GET', `/api/v1/events/${id}/attendance`);
    expect(att.statusCode).toBe(200);
    expect(att.json().total).toMatchObject({ booked: { entries: 1, people: 2 }, checkedIn: { entries: 1, people: 2 }, present: 2 });
  });

  it('sends no survey for a booking without e-mail, and takes fewer people than booked', async () => {
    const id = await w.event({}, 2);
    const a = await booking(w, id, { email: undefined, phone: '0574 123456', seats: 3 });
    clockAt(await startOf(id));
    const res = await checkin(id, { code: a.ticketCode, people: 2 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().people).toBe(2);
    expect((await jobsOf(w.t, SURVEY_KIND)).filter((j) => j.payload.registrationId === a.id)).toEqual([]);
    const tooMany = expectProblem(await checkin(id, { code: a.ticketCode, people: 4 }), 422);
    expect(tooMany.errors?.[0].field).toBe('people');
  });

  it('refuses every wrong ticket, state and day with a clear 4xx and writes nothing', async () => {
    const id = await w.event({ capacity: 2, maxSeatsPerBooking: 2 }, 2);
    const other = await w.event({}, 2);
    const ok = await booking(w, id);
    const cancelled = await booking(w, id);
    const waiting = await booking(w, id, { seats: 2 });
    expect(waiting.status).toBe('waitlisted');
    const elsewhere = await booking(w, other);
    const cancel = await w.t.db.k.selectFrom('registrations').select('id').where('id', '=', cancelled.id).executeTakeFirstOrThrow();
    await events.cancelRegistration(w.t.app.deps, cancel.id, events.manageToken(w.t.config, cancel.id));
    const start = await startOf(id);
    const dayStart = DateTime.fromISO(start, { zone: 'utc' }).setZone('Europe/Rome').startOf('day');
    const checkedInHooks = async () =>
      (await jobsOf(w.t, WEBHOOK_EMIT_KIND)).filter((j) => j.payload.type === 'registration.checked_in').length;
    const jobsBefore = await checkedInHooks();

    // The day before (one second before Rome's midnight): too early for the booking and a walk-in.
    clockAt(dayStart.minus({ seconds: 1 }).toUTC().toISO()!);
    const early = expectProblem(await checkin(id, { code: ok.ticketCode }), 409);
    expect(early.detail).toMatch(/dal giorno dell'incontro/);
    expectProblem(await walkIn(id, { people: 2 }), 409);

    clockAt(dayStart.plus({ seconds: 1 }).toUTC().toISO()!);
    const unknown = expectProblem(await checkin(id, { code: 'ZZZZZ-ZZZZZ' }), 404);
    expect(unknown.detail).toMatch(/Nessuna prenotazione di questo evento ha questo codice/);
    expectProblem(await checkin(id, { code: 'non è un codice' }), 404);
    expectProblem(await checkin(id, { code: elsewhere.ticketCode }), 404);
    expect(expectProblem(await checkin(id, { code: cancelled.ticketCode }), 409).detail).toMatch(/annullata/);
    expect(expectProblem(await checkin(id, { code: waiting.ticketCode }), 409).detail).toMatch(/lista d'attesa/);
    const [otherSession] = await sessionIds(w.t, other);
    expect(expectProblem(await checkin(id, { code: ok.ticketCode, session: otherSession }), 422).errors?.[0].field).toBe('session');
    expectProblem(await walkIn(id, { session: otherSession }), 422);
    expectProblem(await checkin(id, {}), 400);
    expectProblem(await checkin(id, { code: ok.ticketCode, extra: 1 }), 400);
    expectProblem(await walkIn(id, { people: 0 }), 400);
    expectProblem(await walkIn(id, { audience: 'marziani' }), 400);
    expect(await checkinRows(w.t, id)).toEqual([]);

    // The event is cancelled: nobody is checked in any more, and no walk-in is counted.
    await events.cancelEvent(w.t.app.deps, id, 'Sala allagata');
    expect(expectProblem(await checkin(id, { code: ok.ticketCode }), 409).detail).toMatch(/annullato/);
    expectProblem(await walkIn(id, {}), 409);
    expect(await checkinRows(w.t, id)).toEqual([]);
    expect(await checkedInHooks()).toBe(jobsBefore);
  });

  it('refuses a booking offered a seat but not confirmed yet', async () => {
    const id = await w.event({ capacity: 1, maxSeatsPerBooking: 1, waitlistMode: 'offer' }, 2);
    const first = await booking(w, id);
    const second = await booking(w, id);
    await events.cancelRegistration(w.t.app.deps, first.id, events.manageToken(w.t.config, first.id));
    const row = await w.t.db.k.selectFrom('registrations').select('status').where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('offered');
    clockAt(await startOf(id));
    expect(expectProblem(await checkin(id, { code: second.ticketCode }), 409).detail).toMatch(/non è confermata/);
    expect(await checkinRows(w.t, id)).toEqual([]);
  });

  it('counts a course per session: today’s session by default, each booking once for the whole course', async () => {
    const s1 = inDays(2);
    const s2 = inDays(9);
    const id = await w.event(
      {
        type: 'corso',
        sessions: [
          { start: s1, end: DateTime.fromISO(s1).plus({ hours: 2 }).toISO() },
          { start: s2, end: DateTime.fromISO(s2).plus({ hours: 2 }).toISO() },
        ],
      },
      2,
    );
    const [first, second] = await sessionIds(w.t, id);
    const a = await booking(w, id, { seats: 2 });
    const b = await booking(w, id);
    const c = await booking(w, id);

    clockAt(DateTime.fromISO(s1).plus({ minutes: 5 }).toISO()!);
    expect((await checkin(id, { code: a.ticketCode })).json().sessionId).toBe(first);
    expect((await checkin(id, { code: b.ticketCode })).json().sessionId).toBe(first);
    // The second session's day has not come.
    expectProblem(await checkin(id, { code: c.ticketCode, session: second }), 409);
    expect((await walkIn(id, { people: 3, audience: 'anziani', ageBand: '75+' })).statusCode).toBe(201);

    clockAt(DateTime.fromISO(s2).plus({ minutes: 5 }).toISO()!);
    const again = await checkin(id, { code: a.ticketCode });
    expect(again.statusCode).toBe(201);
    expect(again.json().sessionId).toBe(second);
    // One person of the group came the second time.
    expect((await checkin(id, { code: c.ticketCode, people: 1 })).statusCode).toBe(201);
    expect((await walkIn(id, { name: 'Lina' })).json()).toMatchObject({ sessionId: second, people: 1 });
    // Staff can still record the first session afterwards, by choosing it.
    expect((await checkin(id, { code: c.ticketCode, session: first })).statusCode).toBe(201);

    const att = (await w.staff('GET', `/api/v1/events/${id}/attendance`)).json();
    expect(att.sessions.map((s: { id: string }) => s.id)).toEqual([first, second]);
    expect(att.sessions[0]).toMatchObject({
      number: 1,
      started: true,
      booked: { entries: 3, people: 4 },
      checkedIn: { entries: 3, people: 4 },
      noShows: { entries: 0, people: 0 },
      walkIns: { entries: 1, people: 3 },
      present: 7,
    });
    expect(att.sessions[1]).toMatchObject({
      checkedIn: { entries: 2, people: 3 },
      noShows: { entries: 1, people: 1 },
      walkIns: { entries: 1, people: 1 },
      present: 4,
    });
    // The whole course: a, b and c once each (a with 2 people), walk-ins of both sessions.
    expect(att.total).toMatchObject({
      booked: { entries: 3, people: 4 },
      checkedIn: { entries: 3, people: 4 },
      noShows: { entries: 0, people: 0 },
      walkIns: { entries: 2, people: 4 },
      present: 8,
    });
  });

  it('shows no-shows only once the session started, and undoes a wrong check-in', async () => {
    const id = await w.event({}, 2);
    const a = await booking(w, id);
    const b = await booking(w, id, { seats: 2 });
    const start = await startOf(id);
    // Before the start on the same Rome day (the door opens at midnight): half an hour before, or
    // halfway from midnight when the test runs so late that the event starts just after one.
    const midnight = DateTime.fromISO(start, { zone: 'Europe/Rome' }).startOf('day');
    const halfway = midnight.plus({ milliseconds: (Date.parse(start) - midnight.toMillis()) / 2 });
    clockAt(DateTime.max(DateTime.fromISO(start).minus({ minutes: 30 }), halfway).toISO()!);
    const res = await checkin(id, { code: a.ticketCode });
    expect(res.statusCode).toBe(201);
    let att = (await w.staff('GET', `/api/v1/events/${id}/attendance`)).json();
    expect(att.sessions[0].started).toBe(false);
    expect(att.sessions[0].noShows).toBeNull();
    expect(att.total.noShows).toBeNull();
    clockAt(DateTime.fromISO(start).plus({ minutes: 30 }).toISO()!);
    att = (await w.staff('GET', `/api/v1/events/${id}/attendance`)).json();
    expect(att.sessions[0].noShows).toEqual({ entries: 1, people: 2 });
    expect(att.total.noShows).toEqual({ entries: 1, people: 2 });
    // Undo: the row goes, and the same ticket counts again as new.
    const del = await w.staff('DELETE', `/api/v1/events/${id}/checkins/${res.json().id}`);
    expect(del.statusCode, del.body).toBe(204);
    expectProblem(await w.staff('DELETE', `/api/v1/events/${id}/checkins/${res.json().id}`), 404);
    expect(await checkinRows(w.t, id)).toEqual([]);
    expect((await checkin(id, { code: a.ticketCode })).statusCode).toBe(201);
    expect(b.status).toBe('confirmed');
  });

  it('is for the organiser’s staff only', async () => {
    const id = await w.event({}, 2);
    const a = await booking(w, id);
    const other = await w.event({}, 2);
    const b = await booking(w, other);
    clockAt(await startOf(id));
    expectProblem(await w.outsider('POST', `/api/v1/events/${id}/checkins`, { code: a.ticketCode }), 403);
    expectProblem(await w.outsider('POST', `/api/v1/events/${id}/walk-ins`, {}), 403);
    expectProblem(await w.outsider('GET', `/api/v1/events/${id}/attendance`), 403);
    const anonymous = await w.t.app.inject({ method: 'POST', url: `/api/v1/events/${id}/checkins`, payload: { code: a.ticketCode } });
    expect(anonymous.statusCode).toBe(401);
    expect(await checkinRows(w.t, id)).toEqual([]);
    // A check-in of another event cannot be undone through this one.
    const mine = await checkin(other, { code: b.ticketCode });
    expectProblem(await w.staff('DELETE', `/api/v1/events/${id}/checkins/${mine.json().id}`), 404);
    expect(await checkinRows(w.t, other)).toHaveLength(1);
  });

  it('describes the door in the OpenAPI document', async () => {
    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const checkins = doc.paths['/api/v1/events/{eventId}/checkins'].post;
    expect(Object.keys(checkins.responses)).toEqual(expect.arrayContaining(['200', '201', '4XX']));
    expect(checkins.requestBody.content['application/json'].schema.required).toEqual(['code']);
    expect(doc.paths['/api/v1/events/{eventId}/walk-ins'].post.responses['201']).toBeTruthy();
    expect(
      doc.paths['/api/v1/events/{eventId}/attendance'].get.responses['200'].content['application/json'].schema.properties.total,
    ).toBeTruthy();
    expect(doc.paths['/api/v1/events/{eventId}/checkins/{checkinId}'].delete).toBeTruthy();
  });

  it('keeps the check-ins when the event is saved again with the same dates', async () => {
    const id = await w.event({}, 2);
    const a = await booking(w, id);
    clockAt(await startOf(id));
    expect((await checkin(id, { code: a.ticketCode })).statusCode).toBe(201);
    const ev = await events.getEvent(w.t.db, id);
    await events.updateEvent(w.t.app.deps, id, { title: 'Incontro sullo SPID (aula 2)', sessions: ev.sessions });
    expect(await checkinRows(w.t, id)).toHaveLength(1);
  });

  it('keeps the check-ins of a lesson when a later lesson of the course moves', async () => {
    const first = new Date(Date.now() + 2 * 86_400_000);
    const lesson = (days: number) => ({
      start: new Date(first.getTime() + days * 86_400_000).toISOString(),
      end: new Date(first.getTime() + days * 86_400_000 + 7_200_000).toISOString(),
    });
    const id = await w.event({ type: 'corso', sessions: [lesson(0), lesson(7), lesson(14)] });
    const a = await booking(w, id);
    clockAt(await startOf(id));
    expect((await checkin(id, { code: a.ticketCode })).statusCode).toBe(201);
    const before = await w.t.db.k
      .selectFrom('event_sessions')
      .select(['id', 'position'])
      .where('event_id', '=', id)
      .orderBy('position')
      .execute();
    // The second lesson moves a day later and the third is dropped.
    await events.updateEvent(w.t.app.deps, id, { sessions: [lesson(0), lesson(8)] });
    const after = await w.t.db.k
      .selectFrom('event_sessions')
      .select(['id', 'position', 'starts_at'])
      .where('event_id', '=', id)
      .orderBy('position')
      .execute();
    expect(after.map((s) => s.id)).toEqual(before.slice(0, 2).map((s) => s.id));
    expect(after[1].starts_at).toBe(lesson(8).start);
    expect(await checkinRows(w.t, id)).toHaveLength(1);
  });

  it('counts the programme’s events held and their participants, for its targets', async () => {
    const { createProgramme } = await import('../../src/modules/programmes/service.js');
    const programme = (
      await createProgramme(w.t.db, null, { organisation: w.prato, name: 'Prato digitale', start: '2024-01-01', end: '2030-12-31' })
    ).id;
    const held = await w.event({ programme }, 2);
    const course = await w.event({ programme }, 2);
    const notYet = await w.event({ programme }, 40);
    const cancelled = await w.event({ programme }, 2);
    const a = await booking(w, held, { seats: 2 });
    const b = await booking(w, course);
    const x = await booking(w, cancelled);
    const start = await startOf(held);
    clockAt(DateTime.fromISO(start).plus({ minutes: 5 }).toISO()!);
    await checkin(held, { code: a.ticketCode });
    await walkIn(held, { people: 3 });
    await checkin(course, { code: b.ticketCode });
    await checkin(cancelled, { code: x.ticketCode });
    await events.cancelEvent(w.t.app.deps, cancelled, 'Maltempo');
    const day = (iso: string, plus = 0) => DateTime.fromISO(iso, { zone: 'utc' }).setZone('Europe/Rome').plus({ days: plus }).toISODate()!;
    expect(await events.programmeEventFigures(w.t.db, programme, day(start, -1))).toEqual({ events: 0, participants: 0 });
    // The day after: two events held (5 + 1 people); the cancelled one and the one to come do not count.
    expect(await events.programmeEventFigures(w.t.db, programme, day(start, 1))).toEqual({ events: 2, participants: 6 });
    expect(notYet).toBeTruthy();
  });
});
