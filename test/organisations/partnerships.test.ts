import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { createUser } from '../../src/modules/accounts/service.js';
import {
  answerPartnership,
  createOrganisation,
  createVenue,
  endPartnership,
  requestPartnership,
} from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { makeCf } from '../facilitation/fixtures.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';

const PASSWORD = 'una-password-lunga';

function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json() as { status: number; detail?: string; errors?: { field: string; message: string }[] };
}

const rome = (days: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date(Date.now() + days * 86_400_000));

describe.each(DIALECTS)('partnerships need the named organisation’s consent (%s)', (dialect) => {
  let t: TestApp;
  let prato: string;
  let arci: string;
  let gussago: string;
  let arciVenue: string;
  let programme: string;
  type Api = ReturnType<typeof bearer>;
  const api = {} as Record<'pratoAdmin' | 'pratoStaff' | 'pratoFacilitator' | 'arciAdmin' | 'arciStaff' | 'gussagoAdmin', Api>;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000, rateLimitMax: 0 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    gussago = (await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' })).id;
    arciVenue = (await createVenue(t.db, arci, { name: 'Circolo Arci di Coiano', address: 'Via di Coiano 12', municipality: '100005' })).id;
    const year = new Date().getUTCFullYear();
    programme = (
      await createProgramme(t.db, null, {
        organisation: prato,
        name: 'Agenda Digitale',
        start: `${year - 1}-01-01`,
        end: `${year + 1}-12-31`,
        partners: [arci],
        targets: [{ metric: 'services', value: 20, deadline: `${year + 1}-12-31` }],
      })
    ).id;
    const person = async (key: keyof typeof api, role: 'org-admin' | 'staff' | 'facilitator', org: string) => {
      const { id } = await createUser(t.db, {
        email: `${key.toLowerCase()}@esempio.it`,
        name: key,
        role,
        organisation: org,
        password: PASSWORD,
      });
      api[key] = bearer(t.app, await createApiToken(t.db, id, 'test'));
    };
    await person('pratoAdmin', 'org-admin', prato);
    await person('pratoStaff', 'staff', prato);
    await person('pratoFacilitator', 'facilitator', prato);
    await person('arciAdmin', 'org-admin', arci);
    await person('arciStaff', 'staff', arci);
    await person('gussagoAdmin', 'org-admin', gussago);
  });
  afterAll(() => t.close());

  const event = (venue = arciVenue) => {
    const start = new Date(Date.now() + 20 * 86_400_000).toISOString();
    return {
      organisation: prato,
      title: 'Incontro sullo SPID',
      type: 'incontro',
      format: 'in_presenza',
      venue,
      capacity: 30,
      bookingRequired: true,
      status: 'published',
      sessions: [{ start, end: new Date(Date.parse(start) + 3_600_000).toISOString() }],
    };
  };
  const record = () => ({
    programme,
    venue: arciVenue,
    date: rome(-1),
    duration: '00:30',
    kinds: ['A'],
    competences: [9],
    services: ['A'],
    citizen: {
      fiscalCode: makeCf({ birth: '1950-05-17', letters: `VRD${String.fromCharCode(65 + (seq++ % 26))}NN` }),
      education: 'C',
      employment: 'G',
      citizenship: 'A',
      province: 'Prato',
      consent: { channel: 'CARTACEO', date: rome(-1) },
    },
  });
  const rows = () => t.db.k.selectFrom('partnerships').selectAll().orderBy('requested_at').orderBy('id').execute();
  const eventsAtArci = async () =>
    Number(
      (
        await t.db.k
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('venue_id', '=', arciVenue)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const recordsAtArci = async () =>
    Number(
      (
        await t.db.k
          .selectFrom('facilitation_records')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('venue_id', '=', arciVenue)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const openData = async () =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/opendata/facilitations.csv?programme=${programme}` })).body;
  const url = (org: string, id?: string, action?: string) =>
    `/api/v1/organisations/${org}/partnerships${id ? `/${id}` : ''}${action ? `/${action}` : ''}`;

  let requestId: string;

  it('a request alone opens nothing: events and services at the named organisation’s venue are refused, open data stays clean', async () => {
    const asked = await api.pratoAdmin('POST', url(prato), { partner: arci });
    expect(asked.statusCode, asked.body).toBe(201);
    requestId = asked.json().id;
    expect(asked.json()).toMatchObject({ organisation: { id: prato, name: 'Comune di Prato' }, partner: { id: arci }, status: 'pending' });
    expect((await rows()).map((r) => [r.organisation_id, r.partner_id, r.status])).toEqual([[prato, arci, 'pending']]);

    const ev = expectProblem(await api.pratoStaff('POST', '/api/v1/events', event()), 422);
    expect(ev.errors).toEqual([{ field: 'venue', message: expect.stringContaining('Arci Prato, che non ha ancora accettato') }]);
    const rec = expectProblem(await api.pratoFacilitator('POST', '/api/v1/facilitations', record()), 422);
    expect(rec.errors?.find((e) => e.field === 'venue')?.message).toContain('non ha ancora accettato');
    // Help desks stay at the organisation's own venues.
    const desk = expectProblem(
      await api.pratoStaff('POST', '/api/v1/desks', {
        organisation: prato,
        venue: arciVenue,
        name: 'Sportello SPID al circolo',
        services: [{ code: 'spid', name: 'Attivazione SPID', durationMinutes: 30, bring: [] }],
        openingHours: [{ weekday: 2, start: '15:00', end: '18:00', operators: 1 }],
      }),
      422,
    );
    expect(desk.errors?.map((e) => e.field)).toEqual(['venue']);
    expect(await eventsAtArci()).toBe(0);
    expect(await recordsAtArci()).toBe(0);
    expect(await openData()).not.toContain('Circolo Arci di Coiano');
  });

  it('only the named organisation’s admins answer: not the one that asked, not its staff, not a third organisation', async () => {
    const before = await rows();
    const own = expectProblem(await api.pratoAdmin('POST', url(prato, requestId, 'accept'), {}), 403);
    expect(own.detail).toContain('Solo Arci Prato');
    expectProblem(await api.arciStaff('POST', url(arci, requestId, 'accept'), {}), 403);
    // Gussago, through its own path (not a side of the partnership) and through Arci's.
    expectProblem(await api.gussagoAdmin('POST', url(gussago, requestId, 'accept'), {}), 404);
    expectProblem(await api.gussagoAdmin('POST', url(arci, requestId, 'accept'), {}), 403);
    expectProblem(await api.gussagoAdmin('POST', url(arci, requestId, 'end'), {}), 403);
    expectProblem(await api.gussagoAdmin('GET', url(arci)), 403);
    expectProblem(await t.app.inject({ method: 'POST', url: url(arci, requestId, 'accept'), payload: {} }), 401);
    expect(await rows()).toEqual(before);
  });

  it('the same couple cannot ask twice, either way round; bad requests are refused and write nothing', async () => {
    const before = await rows();
    expectProblem(await api.pratoAdmin('POST', url(prato), { partner: arci }), 409);
    expectProblem(await api.arciAdmin('POST', url(arci), { partner: prato }), 409);
    expect(expectProblem(await api.pratoAdmin('POST', url(prato), { partner: prato }), 422).errors?.[0].field).toBe('partner');
    expect(expectProblem(await api.pratoAdmin('POST', url(prato), { partner: newId() }), 422).errors?.[0].field).toBe('partner');
    expect(expectProblem(await api.pratoAdmin('POST', url(prato), { partner: 'arci' }), 400).errors?.[0].field).toBe('partner');
    expectProblem(await api.pratoAdmin('POST', url(prato), {}), 400);
    expectProblem(await api.pratoStaff('POST', url(prato), { partner: gussago }), 403);
    expect(await rows()).toEqual(before);
  });

  it('once the named organisation accepts, its venue serves events and services, and the answer is audited', async () => {
    const listed = await api.arciAdmin('GET', url(arci));
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toMatchObject([{ id: requestId, status: 'pending', organisation: { name: 'Comune di Prato' } }]);

    const accepted = await api.arciAdmin('POST', url(arci, requestId, 'accept'), {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', decidedAt: expect.any(String) });
    expectProblem(await api.arciAdmin('POST', url(arci, requestId, 'decline'), {}), 409);

    const audit = await t.db.k.selectFrom('audit_log').selectAll().where('entity_id', '=', requestId).orderBy('at').execute();
    expect(audit.map((a) => [a.action, a.organisation_id])).toEqual([
      ['partnership.request', prato],
      ['partnership.accept', arci],
    ]);

    const ev = await api.pratoStaff('POST', '/api/v1/events', event());
    expect(ev.statusCode, ev.body).toBe(201);
    const rec = await api.pratoFacilitator('POST', '/api/v1/facilitations', record());
    expect(rec.statusCode, rec.body).toBe(201);
    expect(await eventsAtArci()).toBe(1);
    expect(await recordsAtArci()).toBe(1);
  });

  it('either side ends it: no new use of the venue, what was planned there stays editable', async () => {
    const [eventId] = (await t.db.k.selectFrom('events').select('id').where('venue_id', '=', arciVenue).execute()).map((r) => r.id);
    const ended = await api.pratoAdmin('POST', url(prato, requestId, 'end'), {});
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', endedAt: expect.any(String) });
    expectProblem(await api.arciAdmin('POST', url(arci, requestId, 'end'), {}), 409);

    const ev = expectProblem(await api.pratoStaff('POST', '/api/v1/events', event()), 422);
    expect(ev.errors?.[0].message).toContain('non è partner');
    expectProblem(await api.pratoFacilitator('POST', '/api/v1/facilitations', record()), 422);
    expect(await eventsAtArci()).toBe(1);
    expect(await recordsAtArci()).toBe(1);
    const renamed = await api.pratoStaff('PATCH', `/api/v1/events/${eventId}`, { title: 'Incontro sullo SPID, seconda parte' });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it('a declined request opens nothing; a new request can follow', async () => {
    const asked = await api.pratoAdmin('POST', url(prato), { partner: arci });
    expect(asked.statusCode, asked.body).toBe(201);
    const declined = await api.arciAdmin('POST', url(arci, asked.json().id, 'decline'), {});
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().status).toBe('declined');
    expectProblem(await api.pratoStaff('POST', '/api/v1/events', event()), 422);
    expect(await eventsAtArci()).toBe(1);
    const again = await api.pratoAdmin('POST', url(prato), { partner: arci });
    expect(again.statusCode, again.body).toBe(201);
    // The one that asked may withdraw a request still waiting.
    const withdrawn = await api.pratoAdmin('POST', url(prato, again.json().id, 'end'), {});
    expect(withdrawn.json().status).toBe('ended');
  });

  it('naming a partner in an agreement asks it; its venue opens only when it accepts', async () => {
    const agreement = await api.pratoAdmin('POST', `/api/v1/organisations/${prato}/agreements`, {
      title: "Protocollo d'intesa",
      partners: [arci],
      start: '2026-01-01',
    });
    expect(agreement.statusCode, agreement.body).toBe(201);
    const pending = (await rows()).filter((r) => r.status === 'pending');
    expect(pending.map((r) => [r.organisation_id, r.partner_id])).toEqual([[prato, arci]]);
    expectProblem(await api.pratoStaff('POST', '/api/v1/events', event()), 422);
    expect((await api.arciAdmin('POST', url(arci, pending[0].id, 'accept'), {})).statusCode).toBe(200);
    expect((await api.pratoStaff('POST', '/api/v1/events', event())).statusCode).toBe(201);
  });

  it('editing an agreement does not ask again a partner that declined; adding a partner asks it', async () => {
    const body = { title: 'Protocollo con Gussago', partners: [gussago], start: '2026-01-01' };
    const created = await api.pratoAdmin('POST', `/api/v1/organisations/${prato}/agreements`, body);
    expect(created.statusCode, created.body).toBe(201);
    const asked = (await rows()).find((r) => r.partner_id === gussago && r.status === 'pending')!;
    expect((await api.gussagoAdmin('POST', url(gussago, asked.id, 'decline'), {})).statusCode).toBe(200);
    const edited = await api.pratoAdmin('PUT', `/api/v1/agreements/${created.json().id}`, { ...body, title: 'Protocollo rivisto' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await rows()).filter((r) => r.partner_id === gussago).map((r) => r.status)).toEqual(['declined']);
  });

  describe('back office', () => {
    let arciBrowser: Browser;
    let pratoBrowser: Browser;
    let partnershipId: string;

    beforeAll(async () => {
      const admin = async (email: string, org: string) => {
        await createUser(t.db, { email, name: email, role: 'org-admin', organisation: org, password: PASSWORD });
        const b = new Browser(t.app);
        await b.signIn(email, PASSWORD);
        return b;
      };
      pratoBrowser = await admin('laura@prato.example', prato);
      arciBrowser = await admin('paolo@arci.example', arci);
      // Start from no live partnership between the two.
      for (const r of await rows())
        if (r.status === 'accepted' || r.status === 'pending') await api.arciAdmin('POST', url(arci, r.id, 'end'), {});
    });

    it('Prato asks through the form; a wrong choice comes back in Italian with 400 and nothing written', async () => {
      const page = `/admin/organisations/${prato}/partnerships`;
      const before = await rows();
      const empty = await pratoBrowser.post(page, { partner: '' }, { from: page });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain("Organizzazione: scegli un'organizzazione");
      expect(await rows()).toEqual(before);

      const sent = await pratoBrowser.post(page, { partner: arci }, { from: page });
      expect(sent.statusCode, sent.body).toBe(303);
      expect(sent.headers.location).toBe(`${page}?done=requested`);
      const after = (await pratoBrowser.get(sent.headers.location as string)).body;
      expect(after).toContain('Richiesta inviata');
      partnershipId = (await rows()).find((r) => r.status === 'pending')!.id;

      // Prato's event form does not offer Arci's venue yet.
      const form = await pratoBrowser.get(`/admin/organisations/${prato}/events/new`);
      expect(form.statusCode).toBe(200);
      expect(form.body).not.toContain(`value="${arciVenue}"`);

      // Sent anyway (a form kept from before, or crafted), it comes back with the reason in Italian.
      const newEvent = `/admin/organisations/${prato}/events/new`;
      const posted = await pratoBrowser.post(
        newEvent,
        {
          title: 'Incontro al circolo',
          type: 'incontro',
          format: 'in_presenza',
          status: 'published',
          venue: arciVenue,
          capacity: '20',
          maxSeatsPerBooking: '2',
          bookingRequired: '1',
          'sessions.0.date': rome(25),
          'sessions.0.start': '17:00',
          'sessions.0.end': '19:00',
        },
        { from: newEvent },
      );
      expect(posted.statusCode).toBe(422);
      expect(posted.body).toContain(
        "la sede è di Arci Prato, che non ha ancora accettato la partnership: si potrà usare dopo che l'avrà accettata",
      );
      expect(await eventsAtArci()).toBe(2);
    });

    it('Arci’s admins see the request on their organisation’s page and accept it with a plain form (CSRF-protected)', async () => {
      const home = await arciBrowser.get(`/admin/organisations/${arci}`);
      expect(home.body).toContain('Richieste di partnership in attesa della vostra risposta: 1.');
      const page = `/admin/organisations/${arci}/partnerships`;
      const list = await arciBrowser.get(page);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('Comune di Prato');
      expect(list.body).toContain(`action="${page}/${partnershipId}/accept"`);
      expect(list.body).toContain(`action="${page}/${partnershipId}/decline"`);

      const forged = await arciBrowser.post(`${page}/${partnershipId}/accept`, {}, { csrf: false });
      expect(forged.statusCode).toBe(403);
      expect((await rows()).find((r) => r.id === partnershipId)?.status).toBe('pending');

      // Prato cannot accept its own request from its own page.
      const own = await pratoBrowser.post(`/admin/organisations/${prato}/partnerships/${partnershipId}/accept`, {}, { from: '/admin' });
      expect(own.statusCode).toBe(403);
      expect(own.body).toContain('Solo Arci Prato può rispondere');

      const ok = await arciBrowser.post(`${page}/${partnershipId}/accept`, {}, { from: page });
      expect(ok.statusCode, ok.body).toBe(303);
      expect((await rows()).find((r) => r.id === partnershipId)?.status).toBe('accepted');
      expect((await arciBrowser.get(ok.headers.location as string)).body).toContain('Partnership accettata.');

      const form = await pratoBrowser.get(`/admin/organisations/${prato}/events/new`);
      expect(form.body).toContain(`value="${arciVenue}"`);
    });

    it('a repeated answer shows the page again with the reason and 409, not an error page', async () => {
      const page = `/admin/organisations/${arci}/partnerships`;
      const again = await arciBrowser.post(`${page}/${partnershipId}/decline`, {}, { from: page });
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('La partnership è già stata accettata.');
      const ended = await arciBrowser.post(`${page}/${partnershipId}/end`, {}, { from: page });
      expect(ended.statusCode).toBe(303);
      expect((await rows()).find((r) => r.id === partnershipId)?.status).toBe('ended');
    });
  });
});

describe.each(DIALECTS)('the named organisation’s admins hear of a request by e-mail (%s)', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let prato: string;
  let arci: string;

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await createTestApp(dialect, { smtpUrl: await smtp.start(), baseUrl: 'https://ponte.example.it' });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    await createUser(t.db, { email: 'presidente@arci.example', name: 'Paolo', role: 'org-admin', organisation: arci, password: PASSWORD });
    await createUser(t.db, { email: 'volontario@arci.example', name: 'Sara', role: 'volunteer', organisation: arci, password: PASSWORD });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('mails the admins (not other members) a link to answer; the job holds no address; an answered request sends nothing', async () => {
    const first = await requestPartnership(t.db, prato, { partner: arci }, null);
    const job = await t.db.k.selectFrom('jobs').select('payload').where('kind', '=', 'partnership.request-mail').executeTakeFirstOrThrow();
    expect(job.payload).not.toContain('@');
    await t.app.deps.jobs.runDue();
    const [mail] = smtp.to('presidente@arci.example');
    expect(mail.subject).toBe('Richiesta di partnership da Comune di Prato');
    expect(mail.text).toContain(`https://ponte.example.it/admin/organisations/${arci}/partnerships`);
    expect(smtp.to('volontario@arci.example')).toEqual([]);

    // Withdrawn before the mail left: nothing is sent.
    smtp.clear();
    await endPartnership(t.db, first.id, prato, null);
    await requestPartnership(t.db, arci, { partner: prato }, null);
    const second = (await t.db.k.selectFrom('partnerships').select('id').where('status', '=', 'pending').executeTakeFirstOrThrow()).id;
    await answerPartnership(t.db, second, prato, 'decline', null);
    await t.app.deps.jobs.runDue();
    expect(smtp.messages).toEqual([]);
  });
});
