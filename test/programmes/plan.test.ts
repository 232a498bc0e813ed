import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { createUser } from '../../src/modules/accounts/service.js';
import * as events from '../../src/modules/events/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';

describe.each(DIALECTS)("a programme's plan of courses (%s)", (dialect) => {
  let t: TestApp;
  let staff: ReturnType<typeof bearer>;
  let outsider: ReturnType<typeof bearer>;
  let gussago: string;
  let brescia: string;
  let programme: string;
  let seriesFirst: string;
  let seriesIds: string[];
  let foreignEvent: string;

  const event = (organisation: string, title: string, start: string, status = 'published', more: Record<string, unknown> = {}) =>
    events.createEvent({ db: t.db }, null, {
      organisation,
      title,
      type: 'webinar',
      format: 'online',
      onlineUrl: 'https://meet.example.org/prova',
      capacity: 50,
      maxSeatsPerBooking: 2,
      bookingRequired: true,
      status,
      audiences: ['anziani'],
      sessions: [{ start, end: start.replace('T18', 'T19') }],
      ...more,
    });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    gussago = (await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' })).id;
    brescia = (await createOrganisation(t.db, { name: 'Comune di Brescia', type: 'comune', municipality: '017029' })).id;
    const token = async (email: string, org: string) => {
      const { id } = await createUser(t.db, { email, name: email.split('@')[0], role: 'staff', organisation: org, password: PASSWORD });
      return bearer(t.app, await createApiToken(t.db, id, 'test'));
    };
    staff = await token('staff@gussago.example', gussago);
    outsider = await token('staff@brescia.example', brescia);
    programme = (await createProgramme(t.db, null, { organisation: gussago, name: 'Smart Polis', start: '2030-01-01', end: '2030-12-31' }))
      .id;
    const series = await events.createSeries({ db: t.db }, null, {
      organisation: gussago,
      title: 'Smartphone senza paura',
      type: 'corso',
      format: 'online',
      onlineUrl: 'https://meet.example.org/corso',
      capacity: 12,
      maxSeatsPerBooking: 1,
      bookingRequired: true,
      status: 'published',
      audiences: ['anziani'],
      firstStart: '2030-02-12T09:00:00.000Z',
      durationMinutes: 90,
      every: 'week',
      count: 3,
    });
    seriesIds = series.eventIds;
    seriesFirst = series.eventIds[0];
    foreignEvent = (await event(brescia, 'Un evento di Brescia', '2030-03-01T18:00:00.000Z')).id;
  });
  afterAll(() => t.close());

  const itemCount = async () =>
    Number(
      (
        await t.db.k
          .selectFrom('programme_plan_items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('staff add courses by API, with or without a date; the public page groups them by audience', async () => {
    const undated = await staff('POST', `/api/v1/programmes/${programme}/plan`, {
      title: 'Formazione dedicata ai genitori con figli 0-6 anni',
      audience: 'genitori-0-6',
      expectedMonth: '2030-02',
    });
    expect(undated.statusCode, undated.body).toBe(201);
    expect(undated.json()).toMatchObject({ position: 1, eventId: null, events: [] });

    const dated = await staff('POST', `/api/v1/programmes/${programme}/plan`, {
      title: 'Attività per avvicinare gli anziani ai servizi digitali',
      audience: 'anziani',
      expected: 'da marzo',
      eventId: seriesFirst,
    });
    expect(dated.statusCode, dated.body).toBe(201);
    // The event is part of a series: its three dates come with it.
    expect(dated.json().events.map((e: { id: string }) => e.id)).toEqual(seriesIds);

    const list = await t.app.inject({ method: 'GET', url: `/api/v1/programmes/${programme}/plan` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { title: string }) => i.title)).toHaveLength(2);

    const page = await t.app.inject({ method: 'GET', url: `/programmi/${programme}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Piano dei corsi');
    expect(page.body).toContain('Genitori con figli 0-6 anni'.slice(0, 8));
    expect(page.body).toContain('In programma da febbraio 2030');
    for (const id of seriesIds) expect(page.body).toContain(`href="/eventi/${id}"`);
    // Grouped by audience, in the events' order: older people come before parents of young children.
    expect(page.body.indexOf('Attività per avvicinare')).toBeLessThan(page.body.indexOf('Formazione dedicata ai genitori'));

    // An event of the programme links to the programme's page.
    const linked = await event(gussago, 'Incontro del programma', '2030-04-02T18:00:00.000Z', 'published', { programme });
    expect((await t.app.inject({ method: 'GET', url: `/eventi/${linked.id}` })).body).toContain(
      `Fa parte del programma: <a href="/programmi/${programme}">Smart Polis</a>`,
    );

    const en = await t.app.inject({ method: 'GET', url: `/programmi/${programme}?lang=en` });
    expect(en.body).toMatch(/Course plan|Piano dei corsi/);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const before = await itemCount();
    const cases: [unknown, number, string][] = [
      [{ audience: 'anziani' }, 400, 'title'],
      [{ title: 'Corso', audience: 'marziani' }, 400, 'audience'],
      [{ title: 'Corso', audience: 'anziani', expectedMonth: '2030-13' }, 400, 'expectedMonth'],
      [{ title: 'Corso', audience: 'anziani', eventId: 'non-un-id' }, 400, 'eventId'],
      [{ title: 'Corso', audience: 'anziani', eventId: foreignEvent }, 422, 'eventId'],
      [{ title: 'Corso', audience: 'anziani', eventId: newId() }, 422, 'eventId'],
      [{ title: 'x'.repeat(201), audience: 'anziani' }, 400, 'title'],
    ];
    for (const [body, status, field] of cases) {
      const res = await staff('POST', `/api/v1/programmes/${programme}/plan`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // Another organisation's staff, and an unknown programme.
    expect((await outsider('POST', `/api/v1/programmes/${programme}/plan`, { title: 'Corso', audience: 'anziani' })).statusCode).toBe(403);
    expect((await staff('POST', `/api/v1/programmes/${newId()}/plan`, { title: 'Corso', audience: 'anziani' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/programmi/${newId()}` })).statusCode).toBe(404);
    expect(await itemCount()).toBe(before);
  });

  it('the staff page adds, links and removes a course; a refused form keeps what was typed', async () => {
    await createUser(t.db, { email: 'admin@gussago.example', name: 'Admin', role: 'org-admin', organisation: gussago, password: PASSWORD });
    const b = new Browser(t.app);
    await b.signIn('admin@gussago.example', PASSWORD);
    const url = `/admin/programmes/${programme}/piano`;
    const page = await b.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Aggiungi un corso al piano');

    const before = await itemCount();
    const refused = await b.post(url, { action: 'add', title: 'Laboratorio per ragazzi', audience: '' }, { from: url });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('pubblico non valido');
    expect(refused.body).toContain('value="Laboratorio per ragazzi"');
    expect(await itemCount()).toBe(before);

    const added = await b.post(
      url,
      { action: 'add', title: 'Laboratorio per ragazzi', audience: 'ragazzi', expected: 'in primavera' },
      { from: url },
    );
    expect(added.statusCode).toBe(303);
    const row = await t.db.k
      .selectFrom('programme_plan_items')
      .selectAll()
      .where('title', '=', 'Laboratorio per ragazzi')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ audience: 'ragazzi', expected: 'in primavera', event_id: null });

    const linked = await b.post(url, { action: 'link', item: row.id, eventId: seriesIds[1] }, { from: url });
    expect(linked.statusCode).toBe(303);
    const after = await t.db.k.selectFrom('programme_plan_items').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.series_id).not.toBeNull();

    const foreign = await b.post(url, { action: 'link', item: row.id, eventId: foreignEvent }, { from: url });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain('non è di questa organizzazione');

    const removed = await b.post(url, { action: 'remove', item: row.id }, { from: url });
    expect(removed.statusCode).toBe(303);
    expect(await itemCount()).toBe(before);
  });

  it('staff edit a course by API; bad input, another programme or organisation is refused and changes nothing', async () => {
    const added = await staff('POST', `/api/v1/programmes/${programme}/plan`, { title: 'Corso da rivedere', audience: 'anziani' });
    const item = added.json().id as string;
    const url = `/api/v1/programmes/${programme}/plan/${item}`;
    const row = () => t.db.k.selectFrom('programme_plan_items').selectAll().where('id', '=', item).executeTakeFirstOrThrow();

    const edited = await staff('PATCH', url, {
      title: 'Corso rivisto',
      audience: 'ragazzi',
      description: 'Due incontri',
      expectedMonth: '2030-05',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      id: item,
      title: 'Corso rivisto',
      audience: 'ragazzi',
      description: 'Due incontri',
      expectedMonth: '2030-05',
    });
    expect(await row()).toMatchObject({
      title: 'Corso rivisto',
      audience: 'ragazzi',
      description: 'Due incontri',
      expected_month: '2030-05',
    });
    // What a PATCH leaves out stays; an empty text clears an optional field.
    expect((await staff('PATCH', url, { description: '' })).statusCode).toBe(200);
    expect(await row()).toMatchObject({ title: 'Corso rivisto', description: null, expected_month: '2030-05' });
    const audits = await t.db.k.selectFrom('audit_log').select('action').where('action', '=', 'programme.plan.edit').execute();
    expect(audits.length).toBeGreaterThanOrEqual(2);

    const before = await row();
    const cases: [unknown, number, string][] = [
      [{ title: 'x' }, 400, 'title'],
      [{ audience: 'marziani' }, 400, 'audience'],
      [{ expectedMonth: '2030-13' }, 400, 'expectedMonth'],
      [{ title: 'x'.repeat(201) }, 400, 'title'],
    ];
    for (const [body, status, field] of cases) {
      const res = await staff('PATCH', url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // An item of another programme (of the same organisation) is not found through this one.
    const other = (await createProgramme(t.db, null, { organisation: gussago, name: 'Altro', start: '2030-01-01', end: '2030-12-31' })).id;
    expect((await staff('PATCH', `/api/v1/programmes/${other}/plan/${item}`, { title: 'Furto' })).statusCode).toBe(404);
    expect((await staff('PATCH', `/api/v1/programmes/${programme}/plan/${newId()}`, { title: 'Nessuno' })).statusCode).toBe(404);
    expect((await staff('PATCH', `/api/v1/programmes/${programme}/plan/non-un-id`, { title: 'Nessuno' })).statusCode).toBe(404);
    expect((await outsider('PATCH', url, { title: 'Furto' })).statusCode).toBe(403);
    expect(await row()).toEqual(before);
  });

  it('the staff page edits a course: the form opens prefilled, a refused one shows the error and writes nothing', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@gussago.example', PASSWORD);
    const added = await staff('POST', `/api/v1/programmes/${programme}/plan`, {
      title: 'Corso di cucito',
      audience: 'anziani',
      expected: 'da aprile',
    });
    const item = added.json().id as string;
    const plan = await b.get(`/admin/programmes/${programme}/piano`);
    expect(plan.body).toContain(`href="/admin/programmes/${programme}/piano/${item}"`);
    const url = `/admin/programmes/${programme}/piano/${item}`;
    const form = await b.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Modifica il corso');
    expect(form.body).toContain('value="Corso di cucito"');
    expect(form.body).toContain('value="da aprile"');

    const row = () => t.db.k.selectFrom('programme_plan_items').selectAll().where('id', '=', item).executeTakeFirstOrThrow();
    const before = await row();
    const refused = await b.post(url, { title: 'Corso di cucito creativo', audience: 'anziani', expectedMonth: '2030-13' }, { from: url });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="Corso di cucito creativo"');
    expect(refused.body).toContain('id="e-expectedMonth"');
    expect(await row()).toEqual(before);

    const saved = await b.post(
      url,
      { title: 'Corso di cucito creativo', audience: 'genitori-0-6', expected: '', expectedMonth: '2030-04' },
      { from: url },
    );
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/admin/programmes/${programme}/piano?esito=edited`);
    expect(await row()).toMatchObject({
      title: 'Corso di cucito creativo',
      audience: 'genitori-0-6',
      expected: null,
      expected_month: '2030-04',
    });
    expect((await b.get(saved.headers.location as string)).body).toContain('Corso modificato.');
    expect((await b.get(`/admin/programmes/${programme}/piano/${newId()}`)).statusCode).toBe(404);
  });

  it('random edits never cause a 5xx, and a refused one changes nothing', async () => {
    const added = await staff('POST', `/api/v1/programmes/${programme}/plan`, { title: 'Corso a caso', audience: 'anziani' });
    const item = added.json().id as string;
    const row = () => t.db.k.selectFrom('programme_plan_items').selectAll().where('id', '=', item).executeTakeFirstOrThrow();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            title: fc.oneof(fc.string({ maxLength: 250 }), fc.integer(), fc.constant(null)),
            audience: fc.oneof(fc.constantFrom(...events.AUDIENCES, 'marziani', ''), fc.string()),
            description: fc.oneof(fc.string({ maxLength: 1100 }), fc.constant(null)),
            expected: fc.oneof(fc.string({ maxLength: 100 }), fc.constant(null)),
            expectedMonth: fc.oneof(fc.constantFrom('2030-02', '2030-00', ''), fc.string({ maxLength: 8 })),
            eventId: fc.uuid(),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const before = await row();
          const res = await staff('PATCH', `/api/v1/programmes/${programme}/plan/${item}`, body);
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode !== 200) {
            expect([400, 422]).toContain(res.statusCode);
            expect(await row()).toEqual(before);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('random bodies never cause a 5xx, and a refused one writes nothing', async () => {
    const audiences = [...events.AUDIENCES, 'marziani', ''];
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            title: fc.oneof(fc.string({ maxLength: 250 }), fc.integer(), fc.constant(null)),
            audience: fc.oneof(fc.constantFrom(...audiences), fc.string()),
            description: fc.oneof(fc.string({ maxLength: 1100 }), fc.constant(null)),
            expected: fc.oneof(fc.string({ maxLength: 100 }), fc.constant(null)),
            expectedMonth: fc.oneof(fc.constantFrom('2030-02', '2030-00', '1989-12', ''), fc.string({ maxLength: 8 })),
            eventId: fc.oneof(fc.constantFrom(seriesFirst, foreignEvent, '', 'x'), fc.uuid()),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const before = await itemCount();
          const res = await staff('POST', `/api/v1/programmes/${programme}/plan`, body);
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode === 201) {
            expect(await itemCount()).toBe(before + 1);
            await t.db.k.deleteFrom('programme_plan_items').where('id', '=', res.json().id).execute();
          } else {
            expect([400, 422]).toContain(res.statusCode);
            expect(await itemCount()).toBe(before);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
