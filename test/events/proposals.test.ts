import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { answerPartnership, createOrganisation, createVenue, requestPartnership } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';

const PASSWORD = 'una-password-lunga';
const romeAt = (days: number, hhmm: string) => {
  const d = DateTime.now().setZone('Europe/Rome').startOf('day').plus({ days });
  return DateTime.fromISO(`${d.toISODate()}T${hhmm}`, { zone: 'Europe/Rome' }).toUTC().toISO()!;
};
const session = (days: number) => ({ start: romeAt(days, '18:00'), end: romeAt(days, '20:00') });

describe.each(DIALECTS)("partners' event proposals (%s)", (dialect) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let prato: string;
  let arci: string;
  let firenze: string;
  let programme: string;
  let circolo: string;
  let murate: string;
  let partner: ReturnType<typeof bearer>;
  let staff: ReturnType<typeof bearer>;
  let outsider: ReturnType<typeof bearer>;

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await createTestApp(dialect, { smtpUrl: await smtp.start(), baseUrl: 'http://ponte.test', rateLimitMax: 0 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
    const asked = await requestPartnership(t.db, prato, { partner: arci }, null);
    await answerPartnership(t.db, asked.id, arci, 'accept', null);
    programme = (
      await createProgramme(t.db, null, {
        organisation: prato,
        name: 'Prato Digitale',
        start: '2026-01-01',
        end: '2028-12-31',
        partners: [arci],
      })
    ).id;
    circolo = (await createVenue(t.db, arci, { name: 'Circolo Arci di Coiano', address: 'Via di Coiano 12', municipality: '100005' })).id;
    murate = (await createVenue(t.db, firenze, { name: 'Le Murate', address: 'Piazza delle Murate', municipality: '048017' })).id;
    const person = async (email: string, role: 'partner' | 'staff', org: string) => {
      const { id } = await createUser(t.db, { email, name: email.split('@')[0], role, organisation: org, password: PASSWORD });
      return bearer(t.app, await createApiToken(t.db, id, 'test'));
    };
    partner = await person('lucia@arci.example', 'partner', arci);
    staff = await person('staff@prato.example', 'staff', prato);
    outsider = await person('staff@firenze.example', 'staff', firenze);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const body = (over: Record<string, unknown> = {}) => ({
    partner: arci,
    programme,
    venue: circolo,
    title: 'SPID in circolo',
    description: 'Attiviamo SPID insieme, portate un documento.',
    audiences: ['anziani'],
    sessions: [session(20)],
    capacity: 25,
    ...over,
  });
  const count = async (table: 'event_proposals' | 'events') =>
    Number(
      (
        await t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const runJobs = async () => {
    for (let i = 0; i < 5 && (await t.app.deps.jobs.runDue()) > 0; i++);
  };

  it('a partner proposes (201); staff approve it into the catalogue with the partner named, and the proposer is e-mailed', async () => {
    const res = await partner('POST', '/api/v1/event-proposals', body());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'submitted', organisation: { id: prato }, partner: { id: arci, name: 'Arci Prato' } });
    const id = res.json().id as string;
    const listed = await staff('GET', `/api/v1/organisations/${prato}/event-proposals`);
    expect(listed.json().received.map((p: { id: string }) => p.id)).toContain(id);

    const approved = await staff('POST', `/api/v1/event-proposals/${id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('approved');
    const eventId = approved.json().event as string;
    const event = await t.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}` });
    expect(event.statusCode).toBe(200);
    expect(event.json()).toMatchObject({ title: 'SPID in circolo', status: 'published', capacity: 25 });
    expect(event.json().partners.map((p: { name: string }) => p.name)).toEqual(['Arci Prato']);
    const catalogue = await t.app.inject({ method: 'GET', url: '/eventi' });
    expect(catalogue.body).toContain('SPID in circolo');

    await runJobs();
    const mail = smtp.to('lucia@arci.example');
    expect(mail.map((m) => m.subject)).toContain('Proposta approvata: SPID in circolo');
    expect(mail.at(-1)?.text).toContain(`/eventi/${eventId}`);
    const twice = await staff('POST', `/api/v1/event-proposals/${id}/approve`, {});
    expect(twice.statusCode).toBe(409);
    const audit = await t.db.k.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['event-proposal.approved', 'event-proposal.submitted']);
  });

  it('staff send it back with a comment; the partner corrects and re-submits; staff decline with a reason', async () => {
    const id = (await partner('POST', '/api/v1/event-proposals', body({ title: 'Serata pagoPA' }))).json().id as string;
    const noComment = await staff('POST', `/api/v1/event-proposals/${id}/return`, {});
    expect(noComment.statusCode).toBe(422);
    expect(noComment.json().errors[0]).toMatchObject({ field: 'comment', message: 'scrivi cosa correggere' });
    const returned = await staff('POST', `/api/v1/event-proposals/${id}/return`, { comment: 'Serve anche un secondo incontro.' });
    expect(returned.json()).toMatchObject({ status: 'returned', comment: 'Serve anche un secondo incontro.' });
    const { programme: _p, partner: _a, ...fields } = body({ title: 'Serata pagoPA, due incontri', sessions: [session(21), session(28)] });
    const again = await partner('PUT', `/api/v1/event-proposals/${id}`, fields);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'submitted', title: 'Serata pagoPA, due incontri' });
    expect(again.json().sessions).toHaveLength(2);
    const declined = await staff('POST', `/api/v1/event-proposals/${id}/decline`, { comment: 'La sala è occupata.' });
    expect(declined.json().status).toBe('declined');
    const late = await partner('PUT', `/api/v1/event-proposals/${id}`, fields);
    expect(late.statusCode).toBe(409);
    await runJobs();
    const subjects = smtp.to('lucia@arci.example').map((m) => m.subject);
    expect(subjects).toContain('Proposta da correggere: Serata pagoPA');
    expect(subjects).toContain('Proposta non accolta: Serata pagoPA, due incontri');
  });

  it("refuses another organisation's venue, an unknown programme, a non-partner; nothing written", async () => {
    const before = await count('event_proposals');
    const foreign = await partner('POST', '/api/v1/event-proposals', body({ venue: murate }));
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([expect.objectContaining({ field: 'venue' })]);
    expect(foreign.json().errors[0].message).toContain('non è vostra partner');
    const noProgramme = await partner('POST', '/api/v1/event-proposals', body({ programme: '0190a0a0-0000-7000-8000-000000000000' }));
    expect(noProgramme.statusCode).toBe(422);
    expect(noProgramme.json().errors[0].field).toBe('programme');
    const notPartner = await outsider('POST', '/api/v1/event-proposals', body({ partner: firenze, venue: murate }));
    expect(notPartner.statusCode).toBe(422);
    expect(notPartner.json().errors[0].message).toContain('non è partner');
    const inAnothersName = await outsider('POST', '/api/v1/event-proposals', body());
    expect(inAnothersName.statusCode).toBe(403);
    const reversed = await partner(
      'POST',
      '/api/v1/event-proposals',
      body({ sessions: [{ start: romeAt(20, '20:00'), end: romeAt(20, '18:00') }] }),
    );
    expect(reversed.statusCode).toBe(400);
    expect(await count('event_proposals')).toBe(before);
  });

  it('others see nothing: another organisation reads 404, decides 403; the partner cannot decide', async () => {
    const id = (await partner('POST', '/api/v1/event-proposals', body({ title: 'Coding per ragazzi' }))).json().id as string;
    expect((await outsider('GET', `/api/v1/event-proposals/${id}`)).statusCode).toBe(404);
    expect((await outsider('POST', `/api/v1/event-proposals/${id}/approve`, {})).statusCode).toBe(403);
    expect((await partner('POST', `/api/v1/event-proposals/${id}/approve`, {})).statusCode).toBe(403);
    expect(
      (await outsider('PUT', `/api/v1/event-proposals/${id}`, { ...body(), partner: undefined, programme: undefined })).statusCode,
    ).toBe(404);
    expect((await partner('GET', `/api/v1/event-proposals/${id}`)).json().status).toBe('submitted');
  });

  it("the partner sees its venues' events with counts only, never people", async () => {
    const res = await partner('GET', `/api/v1/organisations/${arci}/partner-venues`);
    expect(res.statusCode).toBe(200);
    const venue = res.json().venues.find((v: { id: string }) => v.id === circolo);
    const spid = venue.events.find((e: { title: string }) => e.title === 'SPID in circolo');
    expect(spid).toMatchObject({ organiser: 'Comune di Prato', capacity: 25, booked: 0, waiting: 0, present: 0 });
    expect(Object.keys(spid).sort()).toEqual(['booked', 'capacity', 'id', 'organiser', 'present', 'start', 'status', 'title', 'waiting']);
    expect((await outsider('GET', `/api/v1/organisations/${arci}/partner-venues`)).statusCode).toBe(403);
  });

  it('any proposal body answers 201, 400, 403 or 422, never a 5xx', async () => {
    const before = await count('event_proposals');
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            partner: fc.oneof(fc.constant(arci), fc.constant(firenze), fc.uuid(), fc.string()),
            programme: fc.oneof(fc.constant(programme), fc.uuid(), fc.string()),
            venue: fc.oneof(fc.constant(circolo), fc.constant(murate), fc.uuid(), fc.string()),
            title: fc.string({ maxLength: 210 }),
            description: fc.oneof(fc.string({ maxLength: 50 }), fc.constant(null)),
            audiences: fc.array(fc.oneof(fc.constant('anziani'), fc.string()), { maxLength: 3 }),
            sessions: fc.array(
              fc.record({
                start: fc.oneof(fc.constant(romeAt(10, '10:00')), fc.string(), fc.constant('2027-02-30T10:00:00Z')),
                end: fc.oneof(fc.constant(romeAt(10, '12:00')), fc.string()),
              }),
              { maxLength: 3 },
            ),
            capacity: fc.oneof(fc.integer({ min: -3, max: 20_000 }), fc.string()),
          },
          { requiredKeys: [] },
        ),
        async (b) => {
          const res = await partner('POST', '/api/v1/event-proposals', b);
          expect([201, 400, 403, 422]).toContain(res.statusCode);
          if (res.statusCode === 201) created++;
        },
      ),
      { numRuns: 60 },
    );
    expect(await count('event_proposals')).toBe(before + created);
  });

  it('pages: the partner proposes on its page; a foreign venue re-renders in Italian (422); staff approve from the proposal page', async () => {
    const b = new Browser(t.app);
    await b.signIn('lucia@arci.example', PASSWORD);
    const page = `/admin/organisations/${arci}/proposte`;
    const shown = await b.get(page);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Circolo Arci di Coiano');
    expect(shown.body).toContain('Prato Digitale (Comune di Prato)');
    const date = DateTime.now().setZone('Europe/Rome').plus({ days: 40 }).toISODate()!;
    const form = {
      programme,
      venue: murate,
      title: 'Laboratorio app IO',
      capacity: '15',
      date1: date,
      from1: '17:00',
      to1: '19:00',
      audiences: 'anziani',
    };
    const before = await count('event_proposals');
    const refused = await b.post(page, form, { from: page });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('non è vostra partner');
    const halfSession = await b.post(page, { ...form, venue: circolo, to1: '' }, { from: page });
    expect(halfSession.statusCode).toBe(422);
    expect(halfSession.body).toContain('indica giorno, ora di inizio e ora di fine');
    expect(await count('event_proposals')).toBe(before);
    const sent = await b.post(page, { ...form, venue: circolo }, { from: page });
    expect(sent.statusCode).toBe(303);
    const proposalUrl = sent.headers.location as string;
    expect((await b.get(proposalUrl)).body).toContain('Proposta inviata');

    const s = new Browser(t.app);
    await s.signIn('staff@prato.example', PASSWORD);
    const id = proposalUrl.split('/').at(-1)!.split('?')[0];
    const seen = await s.get(`/admin/proposte/${id}`);
    expect(seen.body).toContain('Approva e pubblica nel catalogo');
    const approved = await s.post(`/admin/proposte/${id}/decisione`, { action: 'approve' }, { from: `/admin/proposte/${id}` });
    expect(approved.statusCode).toBe(303);
    const after = await s.get(approved.headers.location as string);
    expect(after.body).toContain('Approvata');
    const eventId = (await staff('GET', `/api/v1/event-proposals/${id}`)).json().event as string;
    const eventPage = await t.app.inject({ method: 'GET', url: `/eventi/${eventId}` });
    expect(eventPage.statusCode).toBe(200);
    expect(eventPage.body).toContain('Laboratorio app IO');
    expect(eventPage.body).toContain('Arci Prato');
    const stranger = new Browser(t.app);
    await stranger.signIn('staff@firenze.example', PASSWORD);
    expect((await stranger.get(`/admin/proposte/${id}`)).statusCode).toBe(404);
  });
});
