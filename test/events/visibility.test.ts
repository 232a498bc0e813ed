import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DIALECTS } from '../helpers.js';
import { bookVia, drain, expectProblem, inDays, type World, world } from './booking-fixtures.js';

/**
 * Closed and internal courses (issue 17): an unlisted event opens by its link and no list shows
 * it; a course by invitation takes only the contacts on its list, refusing anyone else with a
 * neutral 403 and writing nothing; a bad invitation list is refused naming its line.
 */

const STAFF_EMAIL = 'staff@prato.example';
const STAFF_PASSWORD = 'una-password-lunga';

const bookingForm = (over: Record<string, string> = {}) => ({
  name: 'Maria Bianchi',
  email: '',
  phone: '',
  seats: '1',
  audience: '',
  ageBand: '',
  privacyAccepted: '1',
  ...over,
});

describe.each(DIALECTS)('closed and internal courses (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  const createVia = async (body: Record<string, unknown>) => {
    // At nine in the morning (UTC): the staff form keeps one day per session, so an hour that
    // starts late in the evening would end on the next day and the form would refuse it.
    const start = `${inDays(8).slice(0, 10)}T09:00:00.000Z`;
    return w.staff('POST', '/api/v1/events', {
      organisation: w.prato,
      title: 'Formazione interna sul protocollo',
      type: 'corso',
      format: 'in_presenza',
      venue: w.coiano,
      capacity: 10,
      status: 'published',
      sessions: [{ start, end: new Date(Date.parse(start) + 3_600_000).toISOString() }],
      ...body,
    });
  };
  const registrations = async (eventId: string) =>
    w.t.db.k.selectFrom('registrations').select(['email', 'phone', 'status']).where('event_id', '=', eventId).orderBy('id').execute();
  const invitations = async (eventId: string) =>
    (await w.t.db.k.selectFrom('event_invitations').select('contact').where('event_id', '=', eventId).execute())
      .map((r) => r.contact)
      .sort();
  const eventCount = async () =>
    Number(
      (
        await w.t.db.k
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('an unlisted event opens by its link, asks not to be indexed, and no list, search or feed shows it', async () => {
    const listed = await w.event({ title: 'Corso aperto Zefiro' }, 8);
    const created = await createVia({ title: 'Corso riservato Zefiro', visibility: 'unlisted' });
    expect(created.statusCode, created.body).toBe(201);
    const hidden = created.json().id as string;

    const page = await w.t.app.inject({ url: `/eventi/${hidden}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Corso riservato Zefiro');
    expect(page.body).toContain('<meta name="robots" content="noindex, nofollow"');
    expect(page.body).not.toContain('application/ld+json');
    const open = await w.t.app.inject({ url: `/eventi/${listed}` });
    expect(open.body).toContain('application/ld+json');
    expect(open.body).not.toContain('noindex');
    // Its own calendar file still comes with the link.
    expect((await w.t.app.inject({ url: `/eventi/${hidden}.ics` })).statusCode).toBe(200);

    const month = inDays(8).slice(0, 7).split('-');
    for (const url of [
      '/eventi',
      '/eventi?q=Zefiro',
      `/eventi?organisation=${w.prato}`,
      `/eventi/mese?anno=${month[0]}&mese=${Number(month[1])}`,
      '/api/v1/events?q=Zefiro',
      '/api/v1/events?limit=100',
      `/calendario/organizzazioni/${w.prato}.ics`,
      '/calendario/comuni/100005.ics',
      '/eventi/feed.atom',
      `/widget/eventi?organisation=${w.prato}`,
      '/',
    ]) {
      const res = await w.t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(listed);
      expect(res.body, url).not.toContain(hidden);
    }
    // The API reads the event itself by its id, and says how it is shown.
    const one = await w.t.app.inject({ url: `/api/v1/events/${hidden}` });
    expect(one.statusCode).toBe(200);
    expect(one.json().visibility).toBe('unlisted');
  });

  it("a programme's public plan links a public course and leaves an unlisted one out", async () => {
    const { createProgramme } = await import('../../src/modules/programmes/service.js');
    const programme = (
      await createProgramme(w.t.db, null, { organisation: w.prato, name: 'Prato digitale', start: '2024-01-01', end: '2030-12-31' })
    ).id;
    const open = (await createVia({ title: 'Corso per tutti', programme })).json().id as string;
    const hidden = (await createVia({ title: 'Corso interno', programme, visibility: 'unlisted' })).json().id as string;
    for (const [title, eventId] of [
      ['Corso per tutti', open],
      ['Corso interno', hidden],
    ]) {
      const res = await w.staff('POST', `/api/v1/programmes/${programme}/plan`, { title, audience: 'anziani', eventId });
      expect(res.statusCode, res.body).toBe(201);
    }
    const page = await w.t.app.inject({ url: `/programmi/${programme}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/eventi/${open}`);
    expect(page.body).not.toContain(hidden);
    const api = await w.t.app.inject({ url: `/api/v1/programmes/${programme}/plan` });
    expect(api.body).toContain(`"id":"${open}"`);
    expect(api.body).not.toContain(`"id":"${hidden}"`);
  });

  it('staff still see unlisted and invitation-only events in their list, with a badge', async () => {
    const hidden = (await createVia({ title: 'Riunione dei volontari', visibility: 'unlisted' })).json().id as string;
    const closed = (await createVia({ title: 'Formazione dei dipendenti', visibility: 'invitation' })).json().id as string;
    const staff = new Browser(w.t.app);
    await staff.signIn(STAFF_EMAIL, STAFF_PASSWORD);
    const list = await staff.get(`/admin/organisations/${w.prato}/events`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/admin/events/${hidden}`);
    expect(list.body).toContain(`/admin/events/${closed}`);
    expect(list.body).toContain('non in elenco');
    expect(list.body).toContain('su invito');
  });

  it('a course by invitation refuses a stranger (403, nothing written) and takes an invited e-mail and phone in another format', async () => {
    const created = await createVia({
      title: 'Formazione per i dipendenti della Fondazione',
      visibility: 'invitation',
      invitations: ['Lucia.Verdi@Fondazione.example', '+39 347 123 4567', ''],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(await invitations(id)).toEqual(['e:lucia.verdi@fondazione.example', 'p:3471234567']);
    // Staff read the list back in the API; nobody else sees it.
    expect((await w.staff('GET', `/api/v1/events/${id}`)).json().invitations).toEqual(['lucia.verdi@fondazione.example', '3471234567']);
    const seen = (await w.t.app.inject({ url: `/api/v1/events/${id}` })).json();
    expect(seen.visibility).toBe('invitation');
    expect(seen.invitations).toBeUndefined();

    const stranger = await bookVia(w.t, id, { name: 'Estraneo', email: 'estraneo@example.org', seats: 1 });
    const problem = expectProblem(stranger, 403);
    expect(problem.detail).toContain('Questo corso è riservato alle persone invitate');
    // A phone that is not on the list is refused the same way.
    expectProblem(await bookVia(w.t, id, { name: 'Estraneo', phone: '347 000 0000', seats: 1 }), 403);
    expect(await registrations(id)).toEqual([]);
    const english = await bookVia(w.t, id, { name: 'Stranger', email: 'stranger@example.org', seats: 1 }, { 'accept-language': 'en' });
    expect(expectProblem(english, 403).detail).toContain('for invited people only');

    const byMail = await bookVia(w.t, id, { name: 'Lucia Verdi', email: 'lucia.verdi@fondazione.example', seats: 1 });
    expect(byMail.statusCode, byMail.body).toBe(201);
    const byPhone = await bookVia(w.t, id, { name: 'Paolo Neri', phone: '3471234567', seats: 1 });
    expect(byPhone.statusCode, byPhone.body).toBe(201);
    expect(await registrations(id)).toEqual([
      { email: 'lucia.verdi@fondazione.example', phone: null, status: 'confirmed' },
      { email: null, phone: '3471234567', status: 'confirmed' },
    ]);
  });

  it('the page form refuses a stranger in plain Italian and books an invited person', async () => {
    const id = (
      await createVia({ title: 'Corso chiuso per il personale', visibility: 'invitation', invitations: ['anna@example.org'] })
    ).json().id as string;
    const b = new Browser(w.t.app);
    const page = await b.get(`/eventi/${id}`);
    expect(page.body).toContain('Corso su invito');
    const refused = await b.post(`/eventi/${id}/prenota`, bookingForm({ email: 'mario@example.org' }), { from: `/eventi/${id}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Questo corso è riservato alle persone invitate');
    expect(await registrations(id)).toEqual([]);
    const taken = await b.post(`/eventi/${id}/prenota`, bookingForm({ name: 'Anna Gialli', email: 'ANNA@example.org' }), {
      from: `/eventi/${id}`,
    });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.body).toContain('Prenotazione ricevuta');
    expect(await registrations(id)).toHaveLength(1);
  });

  it('staff booking for a caller are not held to the list', async () => {
    const id = (await createVia({ visibility: 'invitation', invitations: [] })).json().id as string;
    const res = await w.staff('POST', `/api/v1/events/${id}/registrations`, { name: 'Chiamante', phone: '0574 123456', seats: 1 });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a bad invitation list is refused naming the line, and nothing is written', async () => {
    const before = await eventCount();
    const bad = await createVia({ visibility: 'invitation', invitations: ['ok@example.org', 'non è un contatto', '333 1234567'] });
    const problem = expectProblem(bad, 422);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'invitations.1', message: expect.stringContaining('riga 2') })]);
    expect(await eventCount()).toBe(before);

    const id = (await createVia({ visibility: 'invitation', invitations: ['primo@example.org'] })).json().id as string;
    const patch = await w.staff('PATCH', `/api/v1/events/${id}`, { invitations: ['secondo@example.org', 'secondo@'] });
    expect(expectProblem(patch, 422).errors?.[0].field).toBe('invitations.1');
    expect(await invitations(id)).toEqual(['e:primo@example.org']);
    expectProblem(await w.staff('PATCH', `/api/v1/events/${id}`, { visibility: 'segreto' }), 400);
    expect((await w.t.db.k.selectFrom('events').select('visibility').where('id', '=', id).executeTakeFirstOrThrow()).visibility).toBe(
      'invitation',
    );

    // The staff form: the list pasted in the textarea, the bad line named beside it.
    const staff = new Browser(w.t.app);
    await staff.signIn(STAFF_EMAIL, STAFF_PASSWORD);
    const form = await staff.get(`/admin/events/${id}`);
    expect(form.body).toContain('primo@example.org');
    const res = await staff.post(
      `/admin/events/${id}`,
      { ...(await formValues(id)), visibility: 'invitation', invitations: 'terzo@example.org\n\nnome cognome' },
      { from: `/admin/events/${id}` },
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('riga 3');
    expect(await invitations(id)).toEqual(['e:primo@example.org']);
    const ok = await staff.post(
      `/admin/events/${id}`,
      { ...(await formValues(id)), visibility: 'unlisted', invitations: 'terzo@example.org; 0039 333 765 4321' },
      { from: `/admin/events/${id}` },
    );
    expect(ok.statusCode, ok.body).toBe(303);
    expect(await invitations(id)).toEqual(['e:terzo@example.org', 'p:3337654321']);
  });

  it('any invitation list is either stored whole or refused at its first bad line, never a 5xx', async () => {
    const id = (await createVia({ visibility: 'invitation', invitations: ['base@example.org'] })).json().id as string;
    const good = fc.oneof(
      fc
        .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,5})?$/), fc.constantFrom('example.org', 'comune.prato.it'))
        .map(([u, d]) => `${u}@${d}`),
      fc
        .tuple(fc.constantFrom('', '+39 ', '0039', '+39'), fc.stringMatching(/^3[0-9]{9}$/))
        .map(([p, n]) => `${p}${n.slice(0, 3)} ${n.slice(3)}`),
    );
    const bad = fc.oneof(fc.stringMatching(/^[a-z ]{1,20}[a-z]$/), fc.constantFrom('@', 'mario@', '12', '+39 abc', 'a@b'));
    const entry = fc.oneof(
      good.map((v) => ({ v, ok: true })),
      bad.map((v) => ({ v, ok: false })),
      fc.constant({ v: '  ', ok: true }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 8 }), fc.array(fc.string({ maxLength: 40 }), { maxLength: 4 }), async (list, noise) => {
        const before = await invitations(id);
        const res = await w.staff('PATCH', `/api/v1/events/${id}`, { invitations: list.map((x) => x.v) });
        const firstBad = list.findIndex((x) => !x.ok);
        if (firstBad === -1) {
          expect(res.statusCode, res.body).toBe(200);
          const stored = await invitations(id);
          expect(stored.length).toBeLessThanOrEqual(list.length);
          expect(stored.length === 0).toBe(list.every((x) => x.v.trim() === ''));
        } else {
          expect(expectProblem(res, 422).errors?.[0].field).toBe(`invitations.${firstBad}`);
          expect(await invitations(id)).toEqual(before);
        }
        // Anything at all: a clear 4xx or a stored list, never a fault.
        const any = await w.staff('PATCH', `/api/v1/events/${id}`, { invitations: noise });
        expect([200, 400, 422], any.body).toContain(any.statusCode);
      }),
      { numRuns: 25 },
    );
  });

  it('staff e-mail the invitations: each person once, phones left to call, only for a course by invitation', async () => {
    const created = await createVia({
      title: 'Formazione sul nuovo gestionale',
      visibility: 'invitation',
      invitations: ['uno@example.org', 'due@example.org', '347 111 2222'],
    });
    const id = created.json().id as string;
    const sent = await w.staff('POST', `/api/v1/events/${id}/invitations/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ emails: 2, phones: 1 });
    await drain(w.t);
    const [mail] = w.smtp.to('uno@example.org');
    expect(mail.subject).toBe('Invito: Formazione sul nuovo gestionale');
    expect(mail.text).toContain(`/eventi/${id}`);
    expect(mail.text).toContain('Per prenotare usa questo indirizzo e-mail (uno@example.org)');
    expect(w.smtp.to('due@example.org')).toHaveLength(1);

    // Pressing again after adding someone writes to the new person only.
    await w.staff('PATCH', `/api/v1/events/${id}`, { invitations: ['uno@example.org', 'due@example.org', 'tre@example.org'] });
    const staff = new Browser(w.t.app);
    await staff.signIn(STAFF_EMAIL, STAFF_PASSWORD);
    const form = await staff.get(`/admin/events/${id}`);
    expect(form.body).toContain('Invia gli inviti per e-mail');
    const again = await staff.post(`/admin/events/${id}/inviti`, {}, { from: `/admin/events/${id}` });
    expect(again.statusCode, again.body).toBe(303);
    expect((await staff.get(again.headers.location as string)).body).toContain('Inviti in partenza per e-mail');
    await drain(w.t);
    expect(w.smtp.to('uno@example.org')).toHaveLength(1);
    expect(w.smtp.to('tre@example.org')).toHaveLength(1);

    const open = await w.event({ title: 'Corso aperto a tutti' });
    expectProblem(await w.staff('POST', `/api/v1/events/${open}/invitations/send`), 409);
    expectProblem(await w.outsider('POST', `/api/v1/events/${id}/invitations/send`), 403);
  });

  it('after a rotation of DATA_KEY the list is hashed under the new key and the invited still book', async () => {
    const { keyRing } = await import('../../src/core/keys.js');
    const { checkInvited, rotateInvitationKeys } = await import('../../src/modules/events/visibility.js');
    const id = (await createVia({ visibility: 'invitation', invitations: ['ruota@example.org'] })).json().id as string;
    const old = w.t.app.deps.config;
    const next = { dataKey: randomBytes(32).toString('base64'), dataKeysPrevious: [old.dataKey] };
    expect(await rotateInvitationKeys(w.t.db, keyRing(next))).toBeGreaterThanOrEqual(1);
    const [row] = await w.t.db.k.selectFrom('event_invitations').select('contact_hash').where('event_id', '=', id).execute();
    expect(row.contact_hash).toBe(keyRing(next).hash('events.contact', 'e:ruota@example.org'));
    const deps = { db: w.t.db, config: next };
    await expect(checkInvited(deps, id, { email: 'ruota@example.org' }, 'api')).resolves.toBeUndefined();
    await expect(checkInvited(deps, id, { email: 'altro@example.org' }, 'api')).rejects.toMatchObject({ status: 403 });
  });

  it('a series by invitation gives each of its events the same visibility and list', async () => {
    const res = await w.staff('POST', '/api/v1/event-series', {
      organisation: w.prato,
      title: 'Corso interno in tre incontri',
      type: 'corso',
      format: 'in_presenza',
      venue: w.coiano,
      capacity: 12,
      status: 'published',
      count: 3,
      every: 'week',
      firstStart: inDays(9),
      durationMinutes: 90,
      visibility: 'invitation',
      invitations: ['serie@example.org'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const ids = res.json().eventIds as string[];
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      expect((await w.t.app.inject({ url: `/api/v1/events/${id}` })).json().visibility).toBe('invitation');
      expect(await invitations(id)).toEqual(['e:serie@example.org']);
    }
  });

  it('the list goes with the event’s personal data', async () => {
    const id = (await createVia({ visibility: 'invitation', invitations: ['da.cancellare@example.org'] })).json().id as string;
    const { anonymiseEvent } = await import('../../src/modules/events/service.js');
    await w.t.db.k
      .updateTable('events')
      .set({ ends_at: '2020-01-01T00:00:00.000Z', starts_at: '2019-12-31T00:00:00.000Z' })
      .where('id', '=', id)
      .execute();
    await anonymiseEvent(w.t.db, id);
    expect(await invitations(id)).toEqual([]);
  });

  /** The edit form's own values (what a browser would send back), read from the service's view of the event. */
  async function formValues(id: string): Promise<Record<string, string | string[]>> {
    const ev = (await w.staff('GET', `/api/v1/events/${id}`)).json();
    const date = new Date(ev.sessions[0].start);
    const rome = (d: Date) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' }).format(d).split(' ');
    const [day, start] = rome(date);
    const [, end] = rome(new Date(ev.sessions[0].end));
    return {
      title: ev.title,
      description: ev.description ?? '',
      type: ev.type,
      format: ev.format,
      status: 'published',
      venue: w.coiano,
      onlineUrl: '',
      accessibility: '',
      capacity: String(ev.capacity),
      maxSeatsPerBooking: String(ev.maxSeatsPerBooking),
      bookingRequired: '1',
      waitlistMode: 'auto',
      offerHours: '24',
      'sessions.0.date': day,
      'sessions.0.start': start,
      'sessions.0.end': end,
    };
  }
});
