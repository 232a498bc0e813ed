import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createEvent } from '../../src/modules/events/service.js';
import {
  answerPartnership,
  createAgreement,
  createOrganisation,
  createVenue,
  listPartnerships,
} from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';
const inDays = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

describe.each(DIALECTS)("agreements' commitments (%s)", (dialect) => {
  let t: TestApp;
  let prato: string;
  let arci: string;
  let firenze: string;
  let agreement: string;
  let circolo: string;
  let murate: string;
  let admin: ReturnType<typeof bearer>;
  let outsider: ReturnType<typeof bearer>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
    const start = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 335 * 86_400_000).toISOString().slice(0, 10);
    agreement = (await createAgreement(t.db, prato, { title: 'Protocollo Agenda Digitale', partners: [arci], start, end })).id;
    for (const p of await listPartnerships(t.db, arci)) await answerPartnership(t.db, p.id, arci, 'accept', null);
    circolo = (await createVenue(t.db, arci, { name: 'Circolo Arci di Coiano', address: 'Via di Coiano 12', municipality: '100005' })).id;
    murate = (await createVenue(t.db, firenze, { name: 'Le Murate', address: 'Piazza delle Murate', municipality: '048017' })).id;
    const person = async (email: string, role: 'org-admin' | 'staff', org: string) => {
      const { id } = await createUser(t.db, { email, name: email, role, organisation: org, password: PASSWORD });
      return bearer(t.app, await createApiToken(t.db, id, 'test'));
    };
    admin = await person('admin@prato.example', 'org-admin', prato);
    outsider = await person('admin@firenze.example', 'org-admin', firenze);

    // Two meetings at the club: one with Arci as partner (two sessions of 2 hours), one without.
    const meeting = async (title: string, partners: string[], sessions: { start: string; end: string }[]) =>
      createEvent({ db: t.db }, null, {
        organisation: prato,
        title,
        type: 'incontro',
        format: 'in_presenza',
        venue: circolo,
        capacity: 30,
        status: 'published',
        partners,
        sessions,
      });
    await meeting(
      'SPID al circolo',
      [arci],
      [
        { start: inDays(5, 16), end: inDays(5, 18) },
        { start: inDays(12, 16), end: inDays(12, 18) },
      ],
    );
    await meeting('Senza il partner', [], [{ start: inDays(6, 16), end: inDays(6, 18) }]);

    // An Arci volunteer marked present at a 3-hour shift, another marked absent.
    const now = new Date().toISOString();
    const shift = newId();
    await t.db.k
      .insertInto('shifts')
      .values({
        id: shift,
        organisation_id: arci,
        programme_id: null,
        desk_id: null,
        event_id: null,
        title: 'Accoglienza',
        municipality_code: null,
        starts_at: inDays(-3, 9),
        ends_at: inDays(-3, 12),
        needed: 3,
        skills: '[]',
        published: 1,
        withdraw_hours: 24,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const attended of [1, 0]) {
      const volunteer = newId();
      await t.db.k
        .insertInto('volunteers')
        .values({
          id: volunteer,
          organisation_id: arci,
          user_id: newId(),
          application_id: null,
          municipality_code: '100005',
          skills: '[]',
          active: 1,
          created_at: now,
        } as never)
        .execute();
      await t.db.k
        .insertInto('shift_signups')
        .values({ id: newId(), shift_id: shift, volunteer_id: volunteer, attended, created_at: now } as never)
        .execute();
    }
  });
  afterAll(async () => t?.close());

  const rows = async () =>
    Number(
      (
        await t.db.k
          .selectFrom('agreement_commitments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("records a partner's commitment (201) and shows it against the events and shifts that fulfil it", async () => {
    const res = await admin('POST', `/api/v1/agreements/${agreement}/commitments`, {
      partner: arci,
      venues: [circolo],
      hours: 10,
      period: 'month',
      volunteers: 2,
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      partner: { id: arci, name: 'Arci Prato' },
      venues: [{ id: circolo, name: 'Circolo Arci di Coiano' }],
      period: 'month',
    });
    // A year's agreement: twelve months of 10 hours.
    expect(c.committed).toEqual({ hoursPerPeriod: 10, hours: 120, volunteers: 2 });
    expect(c.fulfilled.events.map((e: { title: string }) => e.title)).toEqual(['SPID al circolo']);
    expect(c.fulfilled).toMatchObject({ eventHours: 4, shifts: 1, shiftHours: 3, hours: 7, volunteers: 1 });
    const listed = await admin('GET', `/api/v1/agreements/${agreement}/commitments`);
    expect(listed.json().items).toHaveLength(1);
  });

  it('refuses a partner not in the agreement, another organisation’s venue, a negative count; others are refused; nothing written', async () => {
    const before = await rows();
    const notPartner = await admin('POST', `/api/v1/agreements/${agreement}/commitments`, {
      partner: firenze,
      venues: [],
      hours: 5,
      period: 'year',
      volunteers: 0,
    });
    expect(notPartner.statusCode).toBe(422);
    expect(notPartner.json().errors[0]).toMatchObject({ field: 'partner', message: 'l’organizzazione non è tra i partner dell’accordo' });
    const foreignVenue = await admin('POST', `/api/v1/agreements/${agreement}/commitments`, {
      partner: arci,
      venues: [murate],
      hours: 5,
      period: 'year',
      volunteers: 0,
    });
    expect(foreignVenue.statusCode).toBe(422);
    expect(foreignVenue.json().errors[0].field).toBe('venues');
    const negative = await admin('POST', `/api/v1/agreements/${agreement}/commitments`, {
      partner: arci,
      hours: -1,
      period: 'month',
      volunteers: 0,
    });
    expect(negative.statusCode).toBe(400);
    expect(
      (await outsider('POST', `/api/v1/agreements/${agreement}/commitments`, { partner: arci, hours: 1, period: 'month', volunteers: 0 }))
        .statusCode,
    ).toBe(403);
    expect((await outsider('GET', `/api/v1/agreements/${agreement}/commitments`)).statusCode).toBe(403);
    expect(await rows()).toBe(before);
  });

  it('any body answers 201, 400 or 422, never a 5xx', async () => {
    const before = await rows();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            partner: fc.oneof(fc.constant(arci), fc.constant(firenze), fc.uuid(), fc.string()),
            venues: fc.array(fc.oneof(fc.constant(circolo), fc.constant(murate), fc.uuid(), fc.string()), { maxLength: 3 }),
            hours: fc.oneof(fc.integer({ min: -5, max: 200_000 }), fc.double(), fc.string()),
            period: fc.oneof(fc.constantFrom('month', 'year', 'agreement'), fc.string()),
            volunteers: fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.string()),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const res = await admin('POST', `/api/v1/agreements/${agreement}/commitments`, body);
          expect([201, 400, 422]).toContain(res.statusCode);
          if (res.statusCode === 201) created++;
        },
      ),
      { numRuns: 50 },
    );
    expect(await rows()).toBe(before + created);
  });

  it('the page shows the table of promised and done, adds a commitment, refuses a bad one in Italian and removes one', async () => {
    const b = new Browser(t.app);
    await b.signIn('admin@prato.example', PASSWORD);
    const url = `/admin/agreements/${agreement}/impegni`;
    const page = await b.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Arci Prato');
    expect(page.body).toContain('7 (eventi 4, turni 3)');
    const before = await rows();
    const bad = await b.post(url, { partner: firenze, hours: '5', period: 'month', volunteers: '1' }, { from: url });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('l’organizzazione non è tra i partner dell’accordo');
    expect(await rows()).toBe(before);
    const ok = await b.post(url, { partner: arci, venues: circolo, hours: '20', period: 'year', volunteers: '3' }, { from: url });
    expect(ok.statusCode).toBe(303);
    expect(await rows()).toBe(before + 1);
    const id = (await admin('GET', `/api/v1/agreements/${agreement}/commitments`)).json().items.at(-1).id as string;
    const removed = await admin('DELETE', `/api/v1/agreements/${agreement}/commitments/${id}`);
    expect(removed.statusCode).toBe(204);
    expect(await rows()).toBe(before);
  });
});
