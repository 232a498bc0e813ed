import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

const fields = (res: { json(): { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field).sort();

describe.each(DIALECTS)('volunteer applications (%s)', (dialect) => {
  let w: VolunteerWorld;
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
  });
  afterAll(() => w?.close());

  const count = async () =>
    Number(
      (
        await w.t.db.k
          .selectFrom('volunteer_applications')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const post = (body: unknown) => w.anonymous('POST', '/api/v1/volunteer-applications', body);

  it('takes an application without an account: 201, stored pending with name and contact only', async () => {
    const res = await post(w.application({ email: 'ada@example.org', phone: null }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ organisation: w.prato, status: 'pending' });
    const row = await w.t.db.k.selectFrom('volunteer_applications').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'Giulia Neri',
      email: 'ada@example.org',
      phone: null,
      municipality_code: '100005',
      age_band: '18-29',
    });
    expect(JSON.parse(row.skills)).toEqual(['smartphone', 'spid-cie']);
    expect(row.code_of_conduct_at).toBeTruthy();
    expect(row.guardian_name).toBeNull();
  });

  it("records a minor's guardian and the moment of consent", async () => {
    const res = await post(
      w.application({ ageBand: 'under-18', guardian: { name: 'Marta Neri', consent: true }, email: null, phone: '333 1234567' }),
    );
    expect(res.statusCode).toBe(201);
    const row = await w.t.db.k.selectFrom('volunteer_applications').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ guardian_name: 'Marta Neri', phone: '3331234567', email: null });
    expect(row.guardian_consent_at).toBeTruthy();
  });

  it('refuses a minor without consent, no contact, the code of conduct not accepted: 422 naming each field, nothing written', async () => {
    const before = await count();
    const minor = await post(w.application({ ageBand: 'under-18', guardian: { name: 'Marta Neri', consent: false } }));
    expect(minor.statusCode).toBe(422);
    expect(minor.headers['content-type']).toContain('application/problem+json');
    expect(fields(minor)).toEqual(['guardian.consent']);
    const noGuardian = await post(w.application({ ageBand: 'under-18' }));
    expect(fields(noGuardian)).toEqual(['guardian.consent', 'guardian.name']);
    const noContact = await post(w.application({ email: null, phone: null }));
    expect(noContact.statusCode).toBe(422);
    expect(fields(noContact)).toEqual(['email']);
    const noCode = await post(w.application({ codeOfConduct: false }));
    expect(noCode.statusCode).toBe(422);
    expect(noCode.json().errors[0].message).toContain('codice di comportamento');
    const nowhere = await post(w.application({ municipality: '999999' }));
    expect(fields(nowhere)).toEqual(['municipality']);
    expect(await count()).toBe(before);
  });

  it('the public form: errors in Italian on the page, then the thanks', async () => {
    const page = await w.t.app.inject({ method: 'GET', url: `/volontariato/${w.prato}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Diventa volontaria o volontario');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const send = (form: Record<string, string | string[]>) => {
      const body = new URLSearchParams({ _csrf: csrf });
      for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      return w.t.app.inject({
        method: 'POST',
        url: `/volontariato/${w.prato}`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      });
    };
    const before = await count();
    const bad = await send({ name: 'Luca', municipality: 'Prato', ageBand: 'under-18', guardianName: 'Anna' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('sotto i 18 anni serve il consenso del genitore o tutore');
    expect(bad.body).toContain('scrivi un’e-mail o un numero di telefono');
    expect(bad.body).toContain('devi accettare il codice di comportamento');
    expect(await count()).toBe(before);
    const ok = await send({
      name: 'Luca',
      email: 'luca@example.org',
      municipality: 'Prato',
      ageBand: 'under-18',
      guardianName: 'Anna',
      guardianConsent: '1',
      skills: ['smartphone', 'app-io'],
      availability: ['tue:afternoon'],
      codeOfConduct: '1',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.body).toContain('Abbiamo ricevuto la tua domanda');
    expect(await count()).toBe(before + 1);
  });

  it('never answers 5xx to any body, and writes only what it accepts (fast-check)', async () => {
    const anyValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }));
    const body = fc.record(
      {
        organisation: fc.oneof(fc.constant(w.prato), fc.uuid(), anyValue),
        name: fc.oneof(fc.string({ maxLength: 130 }), anyValue),
        email: fc.oneof(fc.emailAddress(), fc.constant(null), anyValue),
        phone: fc.oneof(fc.constant('333 1234567'), fc.string({ maxLength: 32 }), anyValue),
        municipality: fc.oneof(fc.constantFrom('100005', 'Prato', '048017', '000000'), anyValue),
        ageBand: fc.oneof(fc.constantFrom('under-18', '18-29', '30-64', '65-plus'), anyValue),
        guardian: fc.oneof(fc.record({ name: fc.string({ maxLength: 20 }), consent: fc.boolean() }), anyValue),
        skills: fc.oneof(fc.array(fc.constantFrom('smartphone', 'pagopa', 'coding', 'x')), anyValue),
        availability: fc.oneof(fc.array(fc.constantFrom('mon:morning', 'sun:evening', 'xyz')), anyValue),
        codeOfConduct: fc.oneof(fc.boolean(), anyValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await count();
        const res = await post(b);
        expect([201, 400, 422]).toContain(res.statusCode);
        expect(await count()).toBe(before + (res.statusCode === 201 ? 1 : 0));
      }),
      { numRuns: 60 },
    );
  });
});
