import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

describe.each(DIALECTS)('approving and declining volunteers (%s)', (dialect) => {
  let w: VolunteerWorld;
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
  });
  afterAll(() => w?.close());

  const applyAs = async (overrides: Record<string, unknown>) => {
    const res = await w.anonymous('POST', '/api/v1/volunteer-applications', w.application(overrides));
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  it('approval makes a volunteer account and e-mails the set-password link, which works', async () => {
    const id = await applyAs({ email: 'sara@example.org', name: 'Sara Bini' });
    const res = await w.staff('POST', `/api/v1/volunteer-applications/${id}/approve`);
    expect(res.statusCode).toBe(200);
    const { userId, status } = res.json();
    expect(status).toBe('approved');
    const user = await w.t.db.k.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'sara@example.org', name: 'Sara Bini' });
    const roles = await w.t.db.k.selectFrom('memberships').select(['role', 'organisation_id']).where('user_id', '=', userId).execute();
    expect(roles).toEqual([{ role: 'volunteer', organisation_id: w.prato }]);
    await w.runJobs();
    const [mail] = w.smtp.to('sara@example.org');
    expect(mail).toBeDefined();
    const link = /http:\/\/ponte\.test(\/password\/reset\/[\w-]+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBeTruthy();
    const page = await w.t.app.inject({ method: 'GET', url: link! });
    expect(page.statusCode).toBe(200);
    // Answered once: a second approval is refused and makes nothing.
    const again = await w.staff('POST', `/api/v1/volunteer-applications/${id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(await w.t.db.k.selectFrom('volunteers').select('id').where('user_id', '=', userId).execute()).toHaveLength(1);
  });

  it('a second application from the same person is approved into the same volunteer, with the newer comune and skills', async () => {
    const first = await applyAs({ email: 'rino@example.org', name: 'Rino Due' });
    const one = await w.staff('POST', `/api/v1/volunteer-applications/${first}/approve`);
    expect(one.statusCode).toBe(200);
    const second = await applyAs({ email: 'rino@example.org', name: 'Rino Due', skills: ['coding'], municipality: '100004' });
    const two = await w.staff('POST', `/api/v1/volunteer-applications/${second}/approve`);
    expect(two.statusCode).toBe(200);
    expect(two.json().userId).toBe(one.json().userId);
    const rows = await w.t.db.k.selectFrom('volunteers').selectAll().where('user_id', '=', one.json().userId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ application_id: second, municipality_code: '100004', active: 1 });
    expect(JSON.parse(rows[0].skills)).toEqual(['coding']);
  });

  it('another organisation cannot approve; an application with a landline only cannot become an account', async () => {
    const id = await applyAs({ email: 'pia@example.org' });
    expect((await w.outsider('POST', `/api/v1/volunteer-applications/${id}/approve`)).statusCode).toBe(403);
    // A phone-only application becomes an account that signs in by that number (phone-accounts.test.ts);
    // a landline cannot receive the SMS with the link.
    const landline = await applyAs({ email: null, phone: '0574 123456' });
    const res = await w.staff('POST', `/api/v1/volunteer-applications/${landline}/approve`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toContainEqual({ field: 'phone', message: expect.stringContaining('non può ricevere SMS') });
    const row = await w.t.db.k.selectFrom('volunteer_applications').select('status').where('id', '=', landline).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(await w.t.db.k.selectFrom('users').select('id').where('phone', '=', '+39574123456').execute()).toHaveLength(0);
  });

  it('declining e-mails the message and leaves no account', async () => {
    const id = await applyAs({ email: 'teo@example.org', name: 'Teo' });
    const res = await w.staff('POST', `/api/v1/volunteer-applications/${id}/decline`, { message: 'Per ora i turni sono coperti.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'declined', userId: null });
    await w.runJobs();
    const [mail] = w.smtp.to('teo@example.org');
    expect(mail.text).toContain('Per ora i turni sono coperti.');
    expect(await w.t.db.k.selectFrom('users').select('id').where('email', '=', 'teo@example.org').execute()).toHaveLength(0);
  });

  it('the back-office list shows pending applications to staff and approves from the page', async () => {
    const { Browser } = await import('../helpers.js');
    const staff = new Browser(w.t.app);
    await staff.signIn('staff@prato.example', 'una-password-lunga');
    const id = await applyAs({
      email: 'ugo@example.org',
      name: 'Ugo Pagina',
      ageBand: 'under-18',
      guardian: { name: 'Rita Pagina', consent: true },
    });
    const list = await staff.get(`/admin/organisations/${w.prato}/volontari`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Ugo Pagina');
    expect(list.body).toContain('Consenso di Rita Pagina');
    const res = await staff.post(`/admin/volunteer-applications/${id}/approva`, {}, { from: `/admin/organisations/${w.prato}/volontari` });
    expect(res.statusCode).toBe(303);
    const after = await staff.get(res.headers.location as string);
    expect(after.body).toContain('Domanda approvata');
    expect(after.body).not.toContain('Ugo Pagina');
  });
});
