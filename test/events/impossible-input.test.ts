import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, DIALECTS } from '../helpers.js';
import { bookVia, expectProblem, type World, world } from './booking-fixtures.js';
import { type CatalogueWorld, catalogueWorld, PASSWORD } from './catalogue-fixtures.js';

/** Zero-width space, joiners, word joiner, byte-order mark, bidi marks, and spaces of other scripts. */
/** Each is refused, as invisible or (once trimmed of spaces) as too short. */
const INVISIBLE = [
  '\u200B\u200B\u200B\u200B',
  '\u200C\u200D\u2060\uFEFF',
  '\u200E\u200F\u202A\u202C',
  '\u3000\u00A0\u2800\u3164',
  ' \u200B \u2060 ',
];

describe.each(DIALECTS)('dates that do not exist and names nobody can see (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  const count = async (table: 'events' | 'registrations') =>
    Number(
      (
        await w.t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const year = new Date().getUTCFullYear() + 1;
  const body = (over: Record<string, unknown> = {}) => ({
    organisation: w.prato,
    title: 'Incontro sullo SPID',
    type: 'incontro',
    format: 'in_presenza',
    venue: w.coiano,
    capacity: 30,
    status: 'published',
    sessions: [{ start: `${year}-03-02T10:00:00+01:00`, end: `${year}-03-02T11:00:00+01:00` }],
    ...over,
  });

  it('refuses 30 February, 31 April and 24:00 on events instead of moving them to another day', async () => {
    const before = await count('events');
    const cases: [Record<string, unknown>, string][] = [
      [{ sessions: [{ start: `${year}-02-30T10:00:00+01:00`, end: `${year}-03-02T11:00:00+01:00` }] }, 'sessions.0.start'],
      [{ sessions: [{ start: `${year}-04-10T10:00:00+02:00`, end: `${year}-04-31T11:00:00+02:00` }] }, 'sessions.0.end'],
      [{ sessions: [{ start: `${year}-03-02T24:00:00+01:00`, end: `${year}-03-03T01:00:00+01:00` }] }, 'sessions.0.start'],
      [{ bookingOpensAt: `${year}-02-29T09:00:00+01:00` }, 'bookingOpensAt'],
    ];
    for (const [over, field] of cases) {
      const problem = expectProblem(await w.staff('POST', '/api/v1/events', body(over)), 400);
      const error = problem.errors?.find((e) => e.field === field);
      expect(error?.message, field).toMatch(/non esiste/);
    }
    expect(await count('events')).toBe(before);
    // A real date goes through, stored as given.
    const ok = await w.staff('POST', '/api/v1/events', body());
    expect(ok.statusCode, ok.body).toBe(201);
    const row = await w.t.db.k.selectFrom('events').select('starts_at').where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(row.starts_at).toBe(`${year}-03-02T09:00:00.000Z`);
    // A change to an impossible date changes nothing.
    const patch = await w.staff('PATCH', `/api/v1/events/${ok.json().id}`, {
      sessions: [{ start: `${year}-02-30T10:00:00+01:00`, end: `${year}-02-30T11:00:00+01:00` }],
    });
    expectProblem(patch, 400);
    const still = await w.t.db.k.selectFrom('events').select('starts_at').where('id', '=', ok.json().id).executeTakeFirstOrThrow();
    expect(still.starts_at).toBe(`${year}-03-02T09:00:00.000Z`);
  });

  it('property: any day-month-hour typed in a session is refused or stored exactly as written, never moved', {
    timeout: 120_000,
  }, async () => {
    const two = (n: number) => String(n).padStart(2, '0');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        async (m, d, h) => {
          const start = `${year}-${two(m)}-${two(d)}T${two(h)}:00:00Z`;
          const res = await w.staff(
            'POST',
            '/api/v1/events',
            body({ sessions: [{ start, end: `${year + 1}-01-01T00:00:00Z` }], status: 'draft' }),
          );
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode === 201) {
            const row = await w.t.db.k.selectFrom('events').select('starts_at').where('id', '=', res.json().id).executeTakeFirstOrThrow();
            expect(row.starts_at).toBe(`${year}-${two(m)}-${two(d)}T${two(h)}:00:00.000Z`);
          } else {
            expect(res.statusCode).toBe(400);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a series whose first meeting falls on a day that does not exist', async () => {
    const before = await count('events');
    const { sessions: _sessions, ...fields } = body();
    const series = { ...fields, count: 3, every: 'week', durationMinutes: 60, firstStart: `${year}-02-30T18:00:00+01:00` };
    const problem = expectProblem(await w.staff('POST', '/api/v1/event-series', series), 400);
    expect(problem.errors?.find((e) => e.field === 'firstStart')?.message).toMatch(/non esiste/);
    expect(await count('events')).toBe(before);
  });

  it('refuses event titles and booking names made only of invisible characters', async () => {
    const events = await count('events');
    for (const title of INVISIBLE) {
      const problem = expectProblem(await w.staff('POST', '/api/v1/events', body({ title })), 400);
      expect(problem.errors?.find((e) => e.field === 'title')?.message, JSON.stringify(title)).toMatch(/visibili|obbligatorio/);
    }
    expect(await count('events')).toBe(events);
    const eventId = await w.event();
    const bookings = await count('registrations');
    for (const name of INVISIBLE) {
      const problem = expectProblem(await bookVia(w.t, eventId, { name, email: 'invisibile@example.org', seats: 1 }), 400);
      expect(problem.errors?.find((e) => e.field === 'name')?.message, JSON.stringify(name)).toMatch(/visibili|obbligatorio/);
    }
    expect(await count('registrations')).toBe(bookings);
    // A name with invisible characters around real letters is a name.
    const ok = await bookVia(w.t, eventId, { name: '\u200BAnna\u200B', email: 'anna.vis@example.org', seats: 1 });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe.each(DIALECTS)('the event forms refuse dates that do not exist (%s)', (dialect) => {
  let w: CatalogueWorld;
  let staff: Browser;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const t = await createTestApp(dialect, { rateLimitMax: 0 });
    close = () => t.close();
    w = await catalogueWorld(t);
    staff = new Browser(t.app);
    await staff.signIn(w.staffEmail, PASSWORD);
  });
  afterAll(() => close());

  const year = new Date().getUTCFullYear() + 1;
  const form = (over: Record<string, string | string[]>) => ({
    title: 'Laboratorio di coding',
    type: 'coder-dojo',
    format: 'in_presenza',
    status: 'published',
    capacity: '20',
    maxSeatsPerBooking: '2',
    bookingRequired: '1',
    waitlistMode: 'auto',
    offerHours: '24',
    venue: w.venues.coiano,
    ...over,
  });

  it('answers in Italian, on the form, and writes nothing', async () => {
    const page = `/admin/organisations/${w.prato}/events/new`;
    const event = await staff.post(
      page,
      form({ 'sessions.0.date': `${year}-02-30`, 'sessions.0.start': '10:00', 'sessions.0.end': '11:00' }),
      {
        from: page,
      },
    );
    expect(event.statusCode).toBe(400);
    expect(event.body).toContain('data non valida');
    const seriesPage = `/admin/organisations/${w.prato}/series/new`;
    const series = await staff.post(
      seriesPage,
      form({ firstDate: `${year}-02-30`, time: '21:00', durationMinutes: '120', every: 'week', count: '4', venues: [w.venues.coiano] }),
      { from: seriesPage },
    );
    expect(series.statusCode).toBe(400);
    expect(series.body).toContain('data non valida');
    const invisible = await staff.post(
      page,
      form({
        title: '\u200B\u200B\u200B\u200B',
        'sessions.0.date': `${year}-03-02`,
        'sessions.0.start': '10:00',
        'sessions.0.end': '11:00',
      }),
      { from: page },
    );
    expect(invisible.statusCode).toBe(400);
    expect(invisible.body).toContain('deve contenere lettere o cifre visibili');
    const rows = await w.deps.db.k.selectFrom('events').select('title').where('title', '=', 'Laboratorio di coding').execute();
    expect(rows).toEqual([]);
  });
});
