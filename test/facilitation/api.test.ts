import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import { checkCharacter } from '../../src/modules/facilitation/fiscal-code.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { breakCheck, counts, daysAgo, makeCf, makeWorld, recordBody, type World } from './fixtures.js';

const DAY = 86_400_000;

describe.each(DIALECTS)('facilitation API (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await makeWorld(t);
  });
  afterAll(() => t.close());
  afterEach(() => setClockOffset(0));

  it('records a service: 201 with the id and the citizen derived from the codice fiscale; a retry with the same key replays', async () => {
    const body = recordBody(w, {}, { fiscalCode: makeCf({ birth: '1958-03-02', female: true, letters: 'BNCLRA' }) });
    const headers = { 'idempotency-key': 'k-contract-1' };
    const res = await w.api.facilitator('POST', '/api/v1/facilitations', body, headers);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(Object.keys(created).sort()).toEqual(['citizen', 'id']);
    expect(created.citizen).toEqual({ new: true, ageBand: '55-74', gender: 'F' });
    const again = await w.api.facilitator('POST', '/api/v1/facilitations', body, headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(created);
    const rows = await t.db.k.selectFrom('facilitation_records').selectAll().where('id', '=', created.id).execute();
    expect(rows).toHaveLength(1);
    // The facilitator defaults to the caller; codes are stored as the national layout writes them.
    expect(rows[0]).toMatchObject({
      facilitator_id: w.users.facilitator.id,
      kinds: 'A',
      competences: '9',
      areas: 'B',
      services: 'A:B',
      gender: 'A',
      age_band: '55-74',
      duration_minutes: 30,
      province: 'Prato',
    });
    const view = await w.api.facilitator('GET', `/api/v1/facilitations/${created.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      id: created.id,
      duration: '00:30',
      kinds: ['A'],
      competences: [9],
      areas: ['B'],
      services: ['A', 'B'],
    });
    expect(view.body).not.toContain((body.citizen as { fiscalCode: string }).fiscalCode);
  });

  it('recognises a returning citizen by the hash of the codice fiscale and pre-fills their profile, counting them once', async () => {
    const cf = makeCf({ birth: '1990-10-10', letters: 'VRDGPP' });
    const first = await w.api.facilitator(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, {}, { fiscalCode: cf, education: 'H', employment: 'A', province: 'po' }),
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().citizen).toEqual({ new: true, ageBand: '30-54', gender: 'M' });
    const lookup = await w.api.facilitator2('POST', '/api/v1/facilitations/lookup', {
      programme: w.national,
      fiscalCode: cf.toLowerCase(),
    });
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json()).toEqual({
      known: true,
      profile: { education: 'H', employment: 'A', citizenship: 'A', province: 'Prato' },
      ageBand: '30-54',
      gender: 'M',
      error: null,
    });
    // Nothing identifying beyond what was typed: no name, no record ids, no dates of other services.
    expect(Object.keys(lookup.json()).sort()).toEqual(['ageBand', 'error', 'gender', 'known', 'profile']);
    const second = await w.api.facilitator2(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, { programme: w.local }, { fiscalCode: cf, education: 'H', employment: 'A' }),
    );
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().citizen.new).toBe(false);
    // The same service told twice in the nationally reported programme (same date, duration, kinds,
    // competences, services and details): the national platform would discard it, so it is refused.
    const before = await counts(t);
    const twin = await w.api.facilitator2(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, {}, { fiscalCode: cf, education: 'H', employment: 'A' }),
    );
    expect(twin.statusCode, twin.body).toBe(409);
    expect(twin.headers['content-type']).toContain('application/problem+json');
    expect(await counts(t)).toEqual(before);
    // Another service on the same day (a different duration) is a new record of a known citizen.
    const third = await w.api.facilitator2(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, { duration: '01:00' }, { fiscalCode: cf, education: 'H', employment: 'A' }),
    );
    expect(third.statusCode, third.body).toBe(201);
    expect(third.json().citizen.new).toBe(false);
    const citizens = await t.db.k
      .selectFrom('facilitation_citizen_programmes')
      .innerJoin('facilitation_records', 'facilitation_records.id', 'facilitation_citizen_programmes.first_record_id')
      .select(['facilitation_citizen_programmes.programme_id', 'facilitation_records.id'])
      .where(
        'facilitation_records.citizen_id',
        '=',
        (await t.db.k.selectFrom('facilitation_records').select('citizen_id').where('id', '=', first.json().id).executeTakeFirstOrThrow())
          .citizen_id,
      )
      .execute();
    // One first-seen row per programme: counted once in each.
    expect(citizens.map((c) => c.programme_id).sort()).toEqual([w.national, w.local].sort());
    // Another organisation does not recognise the same person.
    const other = await w.api.otherStaff('POST', '/api/v1/facilitations/lookup', { programme: w.otherProgramme, fiscalCode: cf });
    expect(other.json()).toMatchObject({ known: false, profile: null });
  });

  it('lets a programme without national reporting record no codice fiscale, counting by another identifier when given', async () => {
    const none = await w.api.facilitator(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, { programme: w.local }, { fiscalCode: undefined, gender: 'NB', ageBand: '75+' }),
    );
    expect(none.statusCode, none.body).toBe(201);
    expect(none.json().citizen).toEqual({ new: true, ageBand: '75+', gender: 'NB' });
    const a = await w.api.facilitator(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, { programme: w.local }, { fiscalCode: undefined, identifier: 'Tessera 00123' }),
    );
    const b = await w.api.facilitator(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, { programme: w.local }, { fiscalCode: undefined, identifier: 'tessera00123' }),
    );
    expect([a.json().citizen.new, b.json().citizen.new]).toEqual([true, false]);
    // Where the programme reports to the national platform, the codice fiscale is required.
    const before = await counts(t);
    const missing = await w.api.facilitator('POST', '/api/v1/facilitations', recordBody(w, {}, { fiscalCode: undefined }));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'citizen.fiscalCode' })]);
    expect(await counts(t)).toEqual(before);
  });

  it('asks for the citizen’s names where the programme reports nationally, and refuses them elsewhere', async () => {
    const before = await counts(t);
    // The national platform needs AN1 and AN2: a new record without them is refused, naming both.
    const nameless = recordBody(w);
    const citizen = nameless.citizen as Record<string, unknown>;
    delete citizen.firstName;
    delete citizen.lastName;
    const missing = await w.api.facilitator('POST', '/api/v1/facilitations', nameless);
    expect(missing.statusCode, missing.body).toBe(422);
    expect(missing.json().errors).toEqual([
      expect.objectContaining({ field: 'citizen.firstName', message: expect.stringContaining('obbligatorio') }),
      expect.objectContaining({ field: 'citizen.lastName', message: expect.stringContaining('obbligatorio') }),
    ]);
    const onlyFirst = await w.api.facilitator('POST', '/api/v1/facilitations', recordBody(w, {}, { lastName: undefined }));
    expect(onlyFirst.statusCode).toBe(422);
    expect(onlyFirst.json().errors).toEqual([expect.objectContaining({ field: 'citizen.lastName' })]);
    // A programme that does not report nationally keeps no names: sending them is an error, not a silent drop.
    const local = await w.api.facilitator(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, { programme: w.local }, { firstName: 'Maria', lastName: 'Rossi' }),
    );
    expect(local.statusCode, local.body).toBe(422);
    expect(local.json().errors).toEqual([expect.objectContaining({ field: 'citizen.firstName' })]);
    const localSurname = await w.api.facilitator(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, { programme: w.local }, { lastName: 'Rossi' }),
    );
    expect(localSurname.statusCode).toBe(422);
    expect(localSurname.json().errors).toEqual([expect.objectContaining({ field: 'citizen.lastName' })]);
    expect(await counts(t)).toEqual(before);
    // With the names, the national record is written; they are kept encrypted, never in clear.
    const ok = await w.api.facilitator('POST', '/api/v1/facilitations', recordBody(w, {}, { firstName: 'Anna', lastName: 'D’Amico' }));
    expect(ok.statusCode, ok.body).toBe(201);
    const row = await t.db.k
      .selectFrom('facilitation_records')
      .innerJoin('facilitation_citizens', 'facilitation_citizens.id', 'facilitation_records.citizen_id')
      .select('facilitation_citizens.names_enc')
      .where('facilitation_records.id', '=', ok.json().id)
      .executeTakeFirstOrThrow();
    expect(row.names_enc).toMatch(/^v1:/);
    expect(row.names_enc).not.toContain('Anna');
    expect((await w.api.facilitator('GET', `/api/v1/facilitations/${ok.json().id}`)).body).not.toContain('Anna');
  });

  it('accepts a venue of a partner of the programme', async () => {
    const res = await w.api.facilitator('POST', '/api/v1/facilitations', recordBody(w, { venue: w.partnerVenue }));
    expect(res.statusCode, res.body).toBe(201);
  });

  const bad: [string, (w: World) => Record<string, unknown>, number, string][] = [
    ['a date in the future', (w) => recordBody(w, { date: daysAgo(-1) }), 422, 'date'],
    ['a date before the programme', (w) => recordBody(w, { date: `${new Date().getUTCFullYear() - 3}-06-01` }), 422, 'date'],
    ['an impossible date', (w) => recordBody(w, { date: '2026-02-31' }), 400, 'date'],
    ['a duration of zero', (w) => recordBody(w, { duration: '00:00' }), 400, 'duration'],
    ['a duration over 12 hours', (w) => recordBody(w, { duration: '12:01' }), 400, 'duration'],
    ['a duration not hh:mm', (w) => recordBody(w, { duration: '30' }), 400, 'duration'],
    ['a kind outside the list', (w) => recordBody(w, { kinds: ['F'] }), 400, 'kinds.0'],
    ['no kind', (w) => recordBody(w, { kinds: [] }), 400, 'kinds'],
    ['a competence outside the list', (w) => recordBody(w, { competences: [14] }), 400, 'competences.0'],
    ['a service outside the list', (w) => recordBody(w, { services: ['T'] }), 400, 'services.0'],
    ['"none" with another service', (w) => recordBody(w, { services: ['A', 'S'] }), 400, 'services'],
    ['an education code outside the list', (w) => recordBody(w, {}, { education: 'M' }), 400, 'citizen.education'],
    ['a citizenship code outside the list', (w) => recordBody(w, {}, { citizenship: 'D' }), 400, 'citizen.citizenship'],
    [
      'a consent channel outside the list',
      (w) => recordBody(w, {}, { consent: { channel: 'TELEFONO', date: daysAgo(1) } }),
      400,
      'citizen.consent.channel',
    ],
    ['an unknown province', (w) => recordBody(w, {}, { province: 'Atlantide' }), 422, 'citizen.province'],
    ['a venue of another organisation', (w) => recordBody(w, { venue: w.otherVenue }), 422, 'venue'],
    ['details over 600 characters', (w) => recordBody(w, { details: 'x'.repeat(601) }), 400, 'details'],
    [
      'a wrong check character',
      (w) => recordBody(w, {}, { fiscalCode: breakCheck(makeCf({ birth: '1970-01-01' })) }),
      422,
      'citizen.fiscalCode',
    ],
    [
      '31 February in the codice fiscale',
      (w) => recordBody(w, {}, { fiscalCode: `RSSMRA80B31H501${checkCharacter('RSSMRA80B31H501')}` }),
      422,
      'citizen.fiscalCode',
    ],
    [
      'an unknown birthplace',
      (w) => recordBody(w, {}, { fiscalCode: makeCf({ birth: '1970-01-01', place: 'A000' }) }),
      422,
      'citizen.fiscalCode',
    ],
    [
      'a minor in a programme that does not admit minors',
      (w) => recordBody(w, {}, { fiscalCode: makeCf({ birth: '2011-01-01' }) }),
      422,
      'citizen.fiscalCode',
    ],
    ['a programme that does not exist', (w) => recordBody(w, { programme: '01900000-0000-7000-8000-000000000000' }), 422, 'programme'],
  ];

  it.each(bad)('refuses %s with a clear message and writes nothing', async (_label, make, status, field) => {
    const before = await counts(t);
    const res = await w.api.facilitator('POST', '/api/v1/facilitations', make(w), { 'idempotency-key': `bad-${field}-${_label}` });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(problem.errors.every((e: { message: string }) => e.message.length > 5)).toBe(true);
    expect(await counts(t)).toEqual(before);
  });

  it('refuses people who are not facilitators or staff of the programme’s organisation', async () => {
    const before = await counts(t);
    for (const who of ['partner', 'otherStaff'] as const) {
      const res = await w.api[who]('POST', '/api/v1/facilitations', recordBody(w));
      expect(res.statusCode, who).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/facilitations', payload: recordBody(w) });
    expect(anonymous.statusCode).toBe(401);
    // A facilitator cannot record on another's behalf; staff can, for members of the organisation.
    const forOther = await w.api.facilitator('POST', '/api/v1/facilitations', recordBody(w, { facilitator: w.users.facilitator2.id }));
    expect(forOther.statusCode).toBe(422);
    const outsider = await w.api.staff('POST', '/api/v1/facilitations', recordBody(w, { facilitator: w.users.otherStaff.id }));
    expect(outsider.statusCode).toBe(422);
    expect(await counts(t)).toEqual(before);
    const onBehalf = await w.api.staff('POST', '/api/v1/facilitations', recordBody(w, { facilitator: w.users.facilitator2.id }));
    expect(onBehalf.statusCode).toBe(201);
  });

  it('lists records by tenancy: staff see the organisation’s, facilitators their own, others none', async () => {
    const mine = await w.api.facilitator2('POST', '/api/v1/facilitations', recordBody(w));
    const id = mine.json().id;
    const asFacilitator = (await w.api.facilitator('GET', '/api/v1/facilitations?limit=500')).json();
    expect(asFacilitator.items.every((r: { facilitator: string }) => r.facilitator === w.users.facilitator.id)).toBe(true);
    expect(asFacilitator.items.some((r: { id: string }) => r.id === id)).toBe(false);
    const asStaff = (await w.api.staff('GET', `/api/v1/facilitations?programme=${w.national}&limit=500`)).json();
    expect(asStaff.items.some((r: { id: string }) => r.id === id)).toBe(true);
    expect(asStaff.items.every((r: { programme: string }) => r.programme === w.national)).toBe(true);
    const asOther = (await w.api.otherStaff('GET', `/api/v1/facilitations?programme=${w.national}`)).json();
    expect(asOther.items).toEqual([]);
    expect((await w.api.otherStaff('GET', `/api/v1/facilitations/${id}`)).statusCode).toBe(403);
    expect((await w.api.partner('GET', `/api/v1/facilitations/${id}`)).statusCode).toBe(403);
    // A facilitator of the same organisation sees only their own record.
    expect((await w.api.facilitator('GET', `/api/v1/facilitations/${id}`)).statusCode).toBe(404);
    // Pages of results follow one another without overlap.
    const page1 = (await w.api.staff('GET', '/api/v1/facilitations?limit=3')).json();
    const page2 = (await w.api.staff('GET', `/api/v1/facilitations?limit=3&after=${page1.next}`)).json();
    expect(page1.items).toHaveLength(3);
    expect(page2.items.map((r: { id: string }) => r.id)).not.toContain(page1.items[2].id);
  });

  it('lets a facilitator correct and delete their records within the window, then only staff; every change in the audit trail', async () => {
    const cf = makeCf({ birth: '1966-06-06', letters: 'GLLNNA', female: true });
    const created = await w.api.facilitator('POST', '/api/v1/facilitations', recordBody(w, {}, { fiscalCode: cf }));
    const id = created.json().id;
    const patched = await w.api.facilitator('PATCH', `/api/v1/facilitations/${id}`, {
      duration: '01:15',
      services: ['D'],
      details: 'FSE attivato',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      duration: '01:15',
      services: ['D'],
      details: 'FSE attivato',
      citizen: { ageBand: '55-74', gender: 'F' },
    });
    // Bad corrections are refused like bad records, and change nothing.
    const refused = await w.api.facilitator('PATCH', `/api/v1/facilitations/${id}`, { duration: '13:00' });
    expect(refused.statusCode).toBe(400);
    const otherVenue = await w.api.facilitator('PATCH', `/api/v1/facilitations/${id}`, { venue: w.otherVenue });
    expect(otherVenue.statusCode).toBe(422);
    expect((await w.api.facilitator('GET', `/api/v1/facilitations/${id}`)).json().duration).toBe('01:15');

    setClockOffset(8 * DAY);
    const late = await w.api.facilitator('PATCH', `/api/v1/facilitations/${id}`, { duration: '00:45' });
    expect(late.statusCode).toBe(403);
    expect(late.json().detail).toContain('7 giorni');
    expect((await w.api.facilitator('DELETE', `/api/v1/facilitations/${id}`)).statusCode).toBe(403);
    const byStaff = await w.api.staff('PATCH', `/api/v1/facilitations/${id}`, { duration: '00:45' });
    expect(byStaff.statusCode).toBe(200);
    expect((await w.api.staff('DELETE', `/api/v1/facilitations/${id}`)).statusCode).toBe(204);
    expect((await w.api.staff('GET', `/api/v1/facilitations/${id}`)).statusCode).toBe(404);

    const trail = await t.db.k.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
    expect(trail.map((a) => a.action)).toEqual([
      'facilitation.create',
      'facilitation.update',
      'facilitation.update',
      'facilitation.delete',
    ]);
    expect(trail.map((a) => a.user_id)).toEqual([w.users.facilitator.id, w.users.facilitator.id, w.users.staff.id, w.users.staff.id]);
    const update = JSON.parse(trail[1].details!);
    expect(update).toMatchObject({
      as: 'owner',
      changes: { duration: { from: '00:30', to: '01:15' }, services: { from: 'A:B', to: 'D' } },
    });
    expect(JSON.parse(trail[2].details!).as).toBe('staff');
    for (const a of trail) expect(a.details ?? '').not.toContain(cf);
  });

  it('takes the edit window from the programme’s settings', async () => {
    const put = await w.api.staff('PUT', `/api/v1/programmes/${w.local}/facilitation-settings`, { editWindowDays: 1, admitsMinors: true });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ editWindowDays: 1, admitsMinors: true });
    expect(
      (await w.api.facilitator('PUT', `/api/v1/programmes/${w.local}/facilitation-settings`, { editWindowDays: 30, admitsMinors: true }))
        .statusCode,
    ).toBe(403);
    const teen = await w.api.facilitator(
      'POST',
      '/api/v1/facilitations',
      recordBody(w, { programme: w.local }, { fiscalCode: makeCf({ birth: '2010-02-02' }) }),
    );
    expect(teen.statusCode, teen.body).toBe(201);
    expect(teen.json().citizen.ageBand).toBe('14-17');
    setClockOffset(2 * DAY);
    expect((await w.api.facilitator('DELETE', `/api/v1/facilitations/${teen.json().id}`)).statusCode).toBe(403);
  });

  it('creates group-training records for many attendees in one action, all or nothing', async () => {
    const body = {
      programme: w.local,
      venue: w.venue,
      date: daysAgo(2),
      duration: '02:00',
      kinds: ['C'],
      competences: [9, 11],
      services: ['A'],
      attendees: [{ ageBand: '75+' }, { ageBand: '55-74', gender: 'F' }, { fiscalCode: makeCf({ birth: '1944-04-04' }), education: 'A' }],
    };
    const res = await w.api.facilitator('POST', '/api/v1/facilitations/groups', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().ids).toHaveLength(3);
    const rows = await t.db.k.selectFrom('facilitation_records').selectAll().where('service_group_id', '=', res.json().groupId).execute();
    expect(rows.map((r) => r.age_band).sort()).toEqual(['55-74', '75+', '75+']);
    const before = await counts(t);
    const broken = await w.api.facilitator('POST', '/api/v1/facilitations/groups', {
      ...body,
      attendees: [{ ageBand: '75+' }, { fiscalCode: breakCheck(makeCf({ birth: '1944-04-04' })) }],
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().errors[0].field).toBe('attendees.1.fiscalCode');
    expect(await counts(t)).toEqual(before);
  });

  it('reads the programme’s settings, and the dashboard over every programme the caller is staff of', async () => {
    const settings = await w.api.staff('GET', `/api/v1/programmes/${w.local}/facilitation-settings`);
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json()).toMatchObject({ editWindowDays: expect.any(Number), admitsMinors: expect.any(Boolean) });
    expect((await w.api.facilitator('GET', `/api/v1/programmes/${w.local}/facilitation-settings`)).statusCode).toBe(403);
    const all = await w.api.staff('GET', '/api/v1/facilitation/dashboard?by=kind');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toMatchObject({ by: 'kind', totals: { services: expect.any(Number) } });
    expect(all.json().breakdown.map((i: { key: string }) => i.key)).toContain('A');
    expect((await w.api.admin('GET', '/api/v1/facilitation/dashboard')).json().by).toBe('month');
  });

  it('documents the routes in the OpenAPI description', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/api/v1/facilitations'].post.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    expect(doc.paths['/api/v1/programmes/{programmeId}/dashboard'].get).toBeDefined();
    expect(doc.paths['/api/v1/opendata/facilitations.csv'].get).toBeDefined();
  });
});
