import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesk, holidayName } from '../../src/modules/desks/service.js';
import { createEvent } from '../../src/modules/events/service.js';
import { createVenue } from '../../src/modules/organisations/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

/** A date `days` from today in Rome, skipping nothing: desks here open every day of the week. */
const day = (days: number) => DateTime.now().setZone('Europe/Rome').startOf('day').plus({ days }).toISODate()!;
const romeAt = (date: string, hhmm: string) => DateTime.fromISO(`${date}T${hhmm}`, { zone: 'Europe/Rome' }).toUTC().toISO()!;

describe.each(DIALECTS)('shifts generated from desk hours and event sessions (%s)', (dialect) => {
  let w: VolunteerWorld;
  let desk: string;
  let event: string;
  let firenzeDesk: string;
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
    const venue = (await createVenue(w.t.db, w.prato, { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: '100005' }))
      .id;
    const murate = (await createVenue(w.t.db, w.firenze, { name: 'Le Murate', address: 'Piazza delle Murate', municipality: '048017' })).id;
    // Open Monday to Sunday, 9:00–12:00 and 15:00–17:00 on Tuesdays.
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '12:00', operators: 1 }));
    const spid = { code: 'spid', name: 'Attivazione SPID', durationMinutes: 30, bring: [] };
    desk = (
      await createDesk(w.t.db, {
        organisation: w.prato,
        venue,
        name: 'Sportello SPID in biblioteca',
        services: [spid],
        openingHours: [...hours, { weekday: 2, start: '15:00', end: '17:00', operators: 1 }],
      })
    ).id;
    firenzeDesk = (
      await createDesk(w.t.db, { organisation: w.firenze, venue: murate, name: 'Sportello Murate', services: [spid], openingHours: hours })
    ).id;
    const d = day(20);
    event = (
      await createEvent({ db: w.t.db }, null, {
        organisation: w.prato,
        title: 'Tre incontri sullo smartphone',
        type: 'corso',
        format: 'in_presenza',
        venue,
        capacity: 20,
        status: 'published',
        sessions: [0, 7, 14].map((n) => {
          const date = DateTime.fromISO(d).plus({ days: n }).toISODate()!;
          return { start: romeAt(date, '17:00'), end: romeAt(date, '19:00') };
        }),
      })
    ).id;
  });
  afterAll(async () => w?.close());

  const shiftsOf = (source: string) =>
    w.t.db.k.selectFrom('shifts').selectAll().where('source', '=', source).orderBy('starts_at').execute();
  const countShifts = async () =>
    Number(
      (
        await w.t.db.k
          .selectFrom('shifts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('one shift per opening of the desk in the range (201), and generating again adds none', async () => {
    // A week: a morning opening each day and a Tuesday afternoon one, none on a holiday.
    const week = [30, 31, 32, 33, 34, 35, 36].map(day).filter((d) => !holidayName(d));
    const openings = week.length + week.filter((d) => DateTime.fromISO(d).weekday === 2).length;
    const body = { desk, from: day(30), to: day(36), role: 'Supporto SPID', needed: 2, skills: ['spid-cie'] };
    const res = await w.staff('POST', '/api/v1/shifts/generate', body);
    expect(res.statusCode).toBe(201);
    expect(res.json().items).toHaveLength(openings);
    expect(res.json().skipped).toBe(0);
    expect(res.json().items[0]).toMatchObject({
      desk,
      needed: 2,
      skills: ['spid-cie'],
      title: 'Supporto SPID · Sportello SPID in biblioteca',
    });
    const rows = await shiftsOf(`desk:${desk}`);
    expect(rows).toHaveLength(openings);
    expect(rows[0].starts_at).toBe(new Date(romeAt(week[0], '09:00')).toISOString());
    expect(rows[0].ends_at).toBe(new Date(romeAt(week[0], '12:00')).toISOString());

    const again = await w.staff('POST', '/api/v1/shifts/generate', { ...body, to: day(37) });
    expect(again.statusCode).toBe(201);
    const added = holidayName(day(37)) ? 0 : DateTime.fromISO(day(37)).weekday === 2 ? 2 : 1;
    expect(again.json().items).toHaveLength(added);
    expect(again.json().skipped).toBe(openings);
    expect(await shiftsOf(`desk:${desk}`)).toHaveLength(openings + added);
  });

  it('one shift per session of the event; volunteers see them as open shifts', async () => {
    const res = await w.staff('POST', '/api/v1/shifts/generate', { event, role: 'Accoglienza', needed: 1, skills: [] });
    expect(res.statusCode).toBe(201);
    expect(res.json().items.map((s: { event: string }) => s.event)).toEqual([event, event, event]);
    const twice = await w.staff('POST', '/api/v1/shifts/generate', { event, role: 'Accoglienza', needed: 1 });
    expect(twice.json()).toEqual({ items: [], skipped: 3 });
    expect(await shiftsOf(`event:${event}`)).toHaveLength(3);
    const ada = await w.volunteer('ada.gen@example.org', ['smartphone']);
    const open = (await ada.client('GET', '/api/v1/me/shifts')).json().open.map((s: { title: string }) => s.title);
    expect(open).toContain('Accoglienza · Tre incontri sullo smartphone');
  });

  it('refuses a reversed range, an unknown desk or event, a missing source (422), another organisation’s desk (403); nothing written', async () => {
    const before = await countShifts();
    const reversed = await w.staff('POST', '/api/v1/shifts/generate', { desk, from: day(40), to: day(39), role: 'X', needed: 1 });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().errors).toEqual([expect.objectContaining({ field: 'to', message: 'l’ultimo giorno viene prima del primo' })]);
    const unknown = await w.staff('POST', '/api/v1/shifts/generate', {
      desk: '0190a0a0-0000-7000-8000-000000000000',
      from: day(40),
      to: day(41),
      role: 'X',
      needed: 1,
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].field).toBe('desk');
    const unknownEvent = await w.staff('POST', '/api/v1/shifts/generate', {
      event: '0190a0a0-0000-7000-8000-000000000000',
      role: 'X',
      needed: 1,
    });
    expect(unknownEvent.statusCode).toBe(422);
    const none = await w.staff('POST', '/api/v1/shifts/generate', { role: 'X', needed: 1 });
    expect(none.statusCode).toBe(422);
    const noRange = await w.staff('POST', '/api/v1/shifts/generate', { desk, role: 'X', needed: 1 });
    expect(noRange.json().errors.map((e: { field: string }) => e.field)).toEqual(['from', 'to']);
    const foreign = await w.staff('POST', '/api/v1/shifts/generate', {
      desk: firenzeDesk,
      from: day(40),
      to: day(41),
      role: 'X',
      needed: 1,
    });
    expect(foreign.statusCode).toBe(403);
    const outsider = await w.outsider('POST', '/api/v1/shifts/generate', { event, role: 'X', needed: 1 });
    expect(outsider.statusCode).toBe(403);
    const anonymous = await w.anonymous('POST', '/api/v1/shifts/generate', { event, role: 'X', needed: 1 });
    expect(anonymous.statusCode).toBe(401);
    expect(await countShifts()).toBe(before);
  });

  it('any body answers 201, 400, 403 or 422, never a 5xx', async () => {
    const before = await countShifts();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            desk: fc.oneof(fc.constant(firenzeDesk), fc.uuid(), fc.string(), fc.constant(null)),
            event: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)),
            from: fc.oneof(fc.constant('2027-02-30'), fc.string(), fc.constant(day(-3)), fc.constant(null)),
            to: fc.oneof(fc.constant('2031-01-01'), fc.string(), fc.constant(day(-400))),
            role: fc.string({ maxLength: 130 }),
            needed: fc.oneof(fc.integer({ min: -5, max: 600 }), fc.string()),
            skills: fc.array(fc.string(), { maxLength: 3 }),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const res = await w.staff('POST', '/api/v1/shifts/generate', body);
          expect([400, 403, 422]).toContain(res.statusCode);
          expect(res.headers['content-type']).toMatch(/problem\+json/);
        },
      ),
      { numRuns: 60 },
    );
    expect(await countShifts()).toBe(before);
  });

  it('the staff form generates from a desk, shows what it made, and re-renders a reversed range in Italian (422)', async () => {
    const { createUser } = await import('../../src/modules/accounts/service.js');
    await createUser(w.t.db, {
      email: 'form@prato.example',
      name: 'Form',
      role: 'staff',
      organisation: w.prato,
      password: 'una-password-lunga',
    });
    const b = new Browser(w.t.app);
    await b.signIn('form@prato.example', 'una-password-lunga');
    const url = `/admin/organisations/${w.prato}/turni/genera`;
    const page = await b.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sportello: Sportello SPID in biblioteca');
    expect(page.body).toContain('Evento: Tre incontri sullo smartphone');
    const before = await countShifts();
    const bad = await b.post(url, { source: `desk:${desk}`, role: 'Accoglienza', from: day(50), to: day(49), needed: '1' }, { from: url });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('l’ultimo giorno viene prima del primo');
    expect(await countShifts()).toBe(before);
    const foreign = await b.post(
      url,
      { source: `desk:${firenzeDesk}`, role: 'Accoglienza', from: day(50), to: day(50), needed: '1' },
      { from: url },
    );
    expect(foreign.statusCode).toBe(422);
    expect(await countShifts()).toBe(before);
    const ok = await b.post(url, { source: `desk:${desk}`, role: 'Accoglienza', from: day(50), to: day(50), needed: '1' }, { from: url });
    expect(ok.statusCode).toBe(303);
    const done = await b.get(ok.headers.location as string);
    expect(done.body).toMatch(/Turni creati: [12]\. Già presenti e lasciati come erano: 0\./);
    expect(await countShifts()).toBeGreaterThan(before);
  });
});
