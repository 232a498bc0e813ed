import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as svc from '../../src/modules/events/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';
import { type CatalogueWorld, catalogueWorld, PASSWORD, session } from './catalogue-fixtures.js';

/** A Rome wall-clock date `days` ahead, YYYY-MM-DD. */
const day = (days: number) => DateTime.now().setZone('Europe/Rome').plus({ days }).toISODate() as string;
const rome = (date: string, time: string) =>
  new Date(DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Rome' }).toMillis()).toISOString();

const baseForm = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  title: 'Laboratorio di coding per ragazzi',
  description: 'Coder Dojo: si programma giocando.',
  type: 'coder-dojo',
  format: 'in_presenza',
  status: 'published',
  capacity: '20',
  maxSeatsPerBooking: '2',
  bookingRequired: '1',
  waitlistMode: 'auto',
  offerHours: '24',
  audiences: ['ragazzi', 'bambini'],
  topics: ['coding'],
  accessibility: '',
  onlineUrl: '',
  ...over,
});

describe.each(DIALECTS)('staff event pages (%s)', (dialect) => {
  let t: TestApp;
  let w: CatalogueWorld;
  let staff: Browser;
  let staffId: string;
  const smtp = new TestSmtp();

  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    t = await createTestApp(dialect, { smtpUrl, rateLimitMax: 0 });
    w = await catalogueWorld(t);
    staff = new Browser(t.app);
    await staff.signIn(w.staffEmail, PASSWORD);
    staffId = (await t.db.k.selectFrom('users').select('id').where('email', '=', w.staffEmail).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  it("lists the organisation's events with status, seats and waiting, and links to the new forms", async () => {
    const id = await w.event({ title: 'Incontro in elenco', capacity: 5 });
    await svc.book(w.deps, id, { name: 'Anna', email: 'anna.l@example.org', seats: 2, privacyAccepted: true }, { source: 'web' });
    const res = await staff.get(`/admin/organisations/${w.prato}/events`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Incontro in elenco');
    expect(res.body).toContain('2 / 5');
    expect(res.body).toContain(`href="/admin/organisations/${w.prato}/events/new"`);
    expect(res.body).toContain(`href="/admin/organisations/${w.prato}/series/new"`);
    const org = await staff.get(`/admin/organisations/${w.prato}`);
    expect(org.body).toContain(`href="/admin/organisations/${w.prato}/events"`);
  });

  it('creates an event through the form, with sessions in Rome time', async () => {
    const form = await staff.get(`/admin/organisations/${w.prato}/events/new`);
    expect(form.statusCode).toBe(200);
    // Own venues and the partners' venues are offered.
    expect(form.body).toContain('Circolo di Coiano');
    expect(form.body).toContain('Casa del Popolo di Galciana');
    const d1 = day(12);
    const d2 = day(19);
    const res = await staff.post(
      `/admin/organisations/${w.prato}/events/new`,
      baseForm({
        venue: w.venues.arci,
        partners: [w.arci],
        'sessions.0.date': d1,
        'sessions.0.start': '17:00',
        'sessions.0.end': '18:30',
        'sessions.1.date': '',
        'sessions.1.start': '',
        'sessions.1.end': '',
        'sessions.2.date': d2,
        'sessions.2.start': '17:00',
        'sessions.2.end': '18:30',
      }),
      { from: `/admin/organisations/${w.prato}/events/new` },
    );
    expect(res.statusCode, res.body).toBe(303);
    const id = /\/admin\/events\/([0-9a-f-]{36})\?esito=creato/.exec(res.headers.location as string)?.[1] as string;
    expect(id).toBeTruthy();
    const ev = await svc.getEvent(t.db, id);
    expect(ev).toMatchObject({
      title: 'Laboratorio di coding per ragazzi',
      type: 'coder-dojo',
      capacity: 20,
      maxSeatsPerBooking: 2,
      bookingRequired: true,
      status: 'published',
      venue: { id: w.venues.arci },
      partners: [{ id: w.arci }],
    });
    expect([...ev.audiences].sort()).toEqual(['bambini', 'ragazzi']);
    expect(ev.topics).toEqual(['coding']);
    expect(ev.sessions).toEqual([
      { start: rome(d1, '17:00'), end: rome(d1, '18:30') },
      { start: rome(d2, '17:00'), end: rome(d2, '18:30') },
    ]);
    const page = await staff.get(res.headers.location as string);
    expect(page.body).toContain('Evento creato.');
    expect(page.body).toContain(`value="${d2}"`);
  });

  it('re-shows the form with Italian field messages and creates nothing on bad input', async () => {
    const before = await t.db.k
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await staff.post(
      `/admin/organisations/${w.prato}/events/new`,
      baseForm({
        title: '',
        capacity: 'venti',
        venue: '',
        'sessions.0.date': day(5),
        'sessions.0.start': '25:00',
        'sessions.0.end': '18:00',
      }),
      { from: `/admin/organisations/${w.prato}/events/new` },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Il modulo contiene errori');
    expect(res.body).toContain('ora non valida');
    expect(res.body).toContain('indica un numero intero');
    expect(res.body).toContain('href="#f-sessions.0.start"');
    const noVenue = await staff.post(
      `/admin/organisations/${w.prato}/events/new`,
      baseForm({ venue: '', 'sessions.0.date': day(5), 'sessions.0.start': '17:00', 'sessions.0.end': '16:00' }),
      { from: `/admin/organisations/${w.prato}/events/new` },
    );
    expect(noVenue.statusCode).toBeGreaterThanOrEqual(400);
    expect(noVenue.statusCode).toBeLessThan(500);
    expect(noVenue.body).toMatch(/la fine deve essere dopo l'inizio|indica la sede/);
    const after = await t.db.k
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('creates a series of 10 meetings, twice a month, rotating among venues, in one step', async () => {
    const form = await staff.get(`/admin/organisations/${w.prato}/series/new`);
    expect(form.statusCode).toBe(200);
    const first = day(14);
    const res = await staff.post(
      `/admin/organisations/${w.prato}/series/new`,
      baseForm({
        title: 'Agenda Digitale nei circoli',
        type: 'incontro',
        firstDate: first,
        time: '21:00',
        durationMinutes: '120',
        every: 'twice-a-month',
        count: '10',
        venues: [w.venues.coiano, w.venues.arci],
      }),
      { from: `/admin/organisations/${w.prato}/series/new` },
    );
    expect(res.statusCode, res.body).toBe(303);
    const rows = await t.db.k
      .selectFrom('events')
      .select(['id', 'series_id', 'venue_id', 'starts_at', 'ends_at'])
      .where('title', '=', 'Agenda Digitale nei circoli')
      .orderBy('starts_at')
      .execute();
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.series_id)).size).toBe(1);
    expect(rows[0].series_id).toBeTruthy();
    expect(rows.map((r) => r.venue_id)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? w.venues.coiano : w.venues.arci)));
    expect(rows[0].starts_at).toBe(rome(first, '21:00'));
    // Every meeting at 21:00 in Rome, whatever the season, two hours long.
    for (const r of rows) {
      expect(DateTime.fromISO(r.starts_at).setZone('Europe/Rome').toFormat('HH:mm')).toBe('21:00');
      expect(Date.parse(r.ends_at) - Date.parse(r.starts_at)).toBe(2 * 3600_000);
    }
    const landing = await staff.get(res.headers.location as string);
    expect(landing.body).toContain('Serie creata: 10 incontri.');

    // Change the date of the fourth meeting only.
    const fourth = rows[3];
    const edit = await staff.get(`/admin/events/${fourth.id}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('fa parte di una serie');
    const values = Object.fromEntries(
      [...edit.body.matchAll(/<input class="form-control[^"]*" id="f-([^"]+)" name="([^"]+)" type="[^"]+" value="([^"]*)"/g)].map((m) => [
        m[2],
        m[3].replace(/&amp;/g, '&'),
      ]),
    );
    const newDate = DateTime.fromISO(fourth.starts_at).setZone('Europe/Rome').plus({ days: 2 }).toISODate() as string;
    const save = await staff.post(
      `/admin/events/${fourth.id}`,
      baseForm({
        title: 'Agenda Digitale nei circoli',
        type: 'incontro',
        venue: w.venues.arci,
        capacity: values.capacity,
        'sessions.0.date': newDate,
        'sessions.0.start': '21:00',
        'sessions.0.end': '23:00',
      }),
      { from: `/admin/events/${fourth.id}` },
    );
    expect(save.statusCode, save.body).toBe(303);
    const afterRows = await t.db.k
      .selectFrom('events')
      .select(['id', 'starts_at'])
      .where('series_id', '=', fourth.series_id)
      .orderBy('id')
      .execute();
    for (const r of afterRows) {
      const before = rows.find((x) => x.id === r.id)!;
      expect(r.starts_at).toBe(r.id === fourth.id ? rome(newDate, '21:00') : before.starts_at);
    }
    expect((await staff.get(save.headers.location as string)).body).toContain('Modifiche salvate.');
  });

  it('books on behalf of a caller in one short form, and shows the registrations with an audit row per view', async () => {
    const id = await w.event({ title: 'Incontro per chi telefona', capacity: 2 });
    const page = await staff.get(`/admin/events/${id}/registrations`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Prenota per conto di un cittadino');
    const res = await staff.post(
      `/admin/events/${id}/registrations`,
      { name: 'Giovanni Anziano', phone: '0574 123456', email: '', seats: '2', privacyAccepted: '1' },
      { from: '/login' },
    );
    expect(res.statusCode, res.body).toBe(303);
    const after = await staff.get(res.headers.location as string);
    expect(after.body).toContain('Prenotato: Giovanni Anziano, 2 posti.');
    expect(after.body).toContain('0574 123456');
    const regs = await t.db.k.selectFrom('registrations').selectAll().where('event_id', '=', id).execute();
    expect(regs).toHaveLength(1);
    expect(regs[0]).toMatchObject({ status: 'confirmed', seats: 2, source: 'staff', booked_by: staffId, phone: '0574 123456' });

    // The next caller goes on the waiting list, with their position shown.
    const second = await staff.post(
      `/admin/events/${id}/registrations`,
      { name: 'Lucia Attesa', phone: '333 1112222', email: '', seats: '1', privacyAccepted: '1' },
      { from: '/login' },
    );
    const list = await staff.get(second.headers.location as string);
    expect(list.body).toContain("Sei in lista d'attesa, posizione 1");
    expect(list.body).toContain('Lucia Attesa');

    // Bad input: Italian messages, nothing written.
    const bad = await staff.post(
      `/admin/events/${id}/registrations`,
      { name: 'Senza Recapito', phone: '', email: '', seats: '1', privacyAccepted: '1' },
      { from: '/login' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('indica un indirizzo e-mail o un numero di telefono');
    expect(await t.db.k.selectFrom('registrations').select('id').where('event_id', '=', id).execute()).toHaveLength(2);

    const audits = await t.db.k
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'view-registrations')
      .where('entity_id', '=', id)
      .execute();
    // Four views: the first page, the page after each booking, and the re-shown form.
    expect(audits).toHaveLength(4);
    expect(audits[0]).toMatchObject({ entity: 'event', user_id: staffId, organisation_id: w.prato });
  });

  it("keeps other organisations' staff out, without an audit row", async () => {
    const id = await w.event({ title: 'Incontro riservato' });
    const other = new Browser(t.app);
    await other.signIn(w.otherStaffEmail, PASSWORD);
    for (const url of [
      `/admin/events/${id}`,
      `/admin/events/${id}/registrations`,
      `/admin/organisations/${w.prato}/events`,
      `/admin/organisations/${w.prato}/events/new`,
    ]) {
      expect((await other.get(url)).statusCode, url).toBe(403);
    }
    const post = await other.post(
      `/admin/events/${id}/registrations`,
      { name: 'Intruso', phone: '333 1234567', seats: '1', privacyAccepted: '1' },
      { from: '/login' },
    );
    expect(post.statusCode).toBe(403);
    const audits = await t.db.k.selectFrom('audit_log').select('id').where('entity_id', '=', id).execute();
    expect(audits).toHaveLength(0);
    const anonymous = new Browser(t.app);
    const res = await anonymous.get(`/admin/events/${id}/registrations`);
    expect(res.statusCode).toBe(303);
  });

  it('cancels an event with a reason; it leaves the catalogue', async () => {
    const id = await w.event({ title: 'Incontro da annullare', sessions: [session(6)] });
    const res = await staff.post(`/admin/events/${id}/cancel`, { reason: 'Sala inagibile' }, { from: `/admin/events/${id}` });
    expect(res.statusCode).toBe(303);
    expect((await svc.getEvent(t.db, id)).status).toBe('cancelled');
    const cat = await t.app.inject({ method: 'GET', url: '/api/v1/events' });
    expect((cat.json() as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(id);
  });
});
