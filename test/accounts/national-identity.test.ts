import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { addMembership, createUser, nationalIdentities } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';
/** Valid codici fiscali (check character computed), one with omocodia letters. */
const CF = 'RSSMRA80A01H501U';
const CF_OMOCODIA = 'RSSMRA80A01H50QA';

function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, title: expect.any(String) });
  return body as { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };
}
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe.each(DIALECTS)("a member's identity on the national platform (%s)", (dialect) => {
  let t: TestApp;
  let prato: string;
  let gussago: string;
  let orgAdmin: ReturnType<typeof bearer>;
  let staff: ReturnType<typeof bearer>;
  let outsider: ReturnType<typeof bearer>;
  let platform: ReturnType<typeof bearer>;
  let giulia: string;
  let elena: string;
  let staffId: string;
  let both: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    gussago = (await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' })).id;
    const user = async (email: string, name: string, role: 'platform-admin' | 'org-admin' | 'staff' | 'facilitator', org?: string) =>
      (await createUser(t.db, { email, name, role, organisation: org, password: PASSWORD })).id;
    const token = async (id: string) => bearer(t.app, await createApiToken(t.db, id, 'test'));
    orgAdmin = await token(await user('admin@prato.example', 'Laura Bianchi', 'org-admin', prato));
    staffId = await user('staff@prato.example', 'Paolo Neri', 'staff', prato);
    staff = await token(staffId);
    giulia = await user('giulia@prato.example', 'Giulia Rossi', 'facilitator', prato);
    elena = await user('elena@gussago.example', 'Elena Marchina', 'facilitator', gussago);
    outsider = await token(await user('urp@gussago.example', 'Urp Gussago', 'org-admin', gussago));
    platform = await token(await user('admin@ponte.example', 'Amministrazione', 'platform-admin'));
    // A volunteer in both organisations.
    both = await user('mario@prato.example', 'Mario Verdi', 'facilitator', prato);
    await addMembership(t.db, both, gussago, 'volunteer');
  });
  afterAll(() => t.close());

  const url = (org: string, user: string) => `/api/v1/organisations/${org}/members/${user}/national-identity`;
  const row = (id: string) => t.db.k.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audits = (id: string) =>
    t.db.k.selectFrom('audit_log').selectAll().where('entity', '=', 'user').where('entity_id', '=', id).orderBy('at').execute();

  it('an org admin sets a codice fiscale and a name; the row, the answer and the members list show them', async () => {
    const res = await orgAdmin('PATCH', url(prato, giulia), { nationalId: ` ${CF.toLowerCase()} `, nationalName: 'Rossi Giulia' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: giulia,
      name: 'Giulia Rossi',
      email: 'giulia@prato.example',
      nationalId: CF,
      nationalName: 'Rossi Giulia',
    });
    expect(await row(giulia)).toMatchObject({ national_id: CF, national_name: 'Rossi Giulia' });

    const list = await staff('GET', `/api/v1/organisations/${prato}/members`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.find((m: { id: string }) => m.id === giulia)).toMatchObject({ nationalId: CF, nationalName: 'Rossi Giulia' });

    const audit = await audits(giulia);
    expect(audit.at(-1)).toMatchObject({ action: 'user.national-identity', organisation_id: prato });
    // The audit names the fields, never the codice fiscale.
    expect(JSON.parse(audit.at(-1)!.details!)).toEqual({ fields: ['nationalId', 'nationalName'] });
    expect(audit.at(-1)!.details).not.toContain(CF);
  });

  it('takes a numeric id, accented names with apostrophes, hyphens and dots, and changes only the fields sent', async () => {
    const id = await orgAdmin('PATCH', url(prato, giulia), { nationalId: '004815162342' });
    expect(id.statusCode, id.body).toBe(200);
    expect(await row(giulia)).toMatchObject({ national_id: '004815162342', national_name: 'Rossi Giulia' });

    for (const name of ["D'Angelo Maria Luisa", 'Niccolò Gioè', 'Rossi-Bianchi J.', 'De Santis Anna’Maria', 'Ōta Ēmi']) {
      const res = await orgAdmin('PATCH', url(prato, giulia), { nationalName: name });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      expect((await row(giulia)).national_name).toBe(name);
    }
    expect((await row(giulia)).national_id).toBe('004815162342');

    const omocodia = await orgAdmin('PATCH', url(prato, giulia), { nationalId: CF_OMOCODIA, nationalName: 'Rossi Giulia' });
    expect(omocodia.statusCode, omocodia.body).toBe(200);
    expect((await row(giulia)).national_id).toBe(CF_OMOCODIA);
  });

  it('clears a field sent empty or null', async () => {
    await orgAdmin('PATCH', url(prato, giulia), { nationalId: CF, nationalName: 'Rossi Giulia' });
    expect((await orgAdmin('PATCH', url(prato, giulia), { nationalName: '' })).statusCode).toBe(200);
    expect(await row(giulia)).toMatchObject({ national_id: CF, national_name: null });
    expect((await orgAdmin('PATCH', url(prato, giulia), { nationalId: null })).statusCode).toBe(200);
    expect(await row(giulia)).toMatchObject({ national_id: null, national_name: null });
    await orgAdmin('PATCH', url(prato, giulia), { nationalId: CF, nationalName: 'Rossi Giulia' });
  });

  const bad: [string, Record<string, unknown>, string[]][] = [
    ['a national id that is neither a codice fiscale nor digits', { nationalId: 'FAC-017081-04' }, ['nationalId']],
    ['a codice fiscale with a wrong check character', { nationalId: 'RSSMRA80A01H501A' }, ['nationalId']],
    ['a codice fiscale born on 31 February', { nationalId: 'RSSMRA80B31H501X' }, ['nationalId']],
    ['a codice fiscale of 15 characters', { nationalId: 'RSSMRA80A01H501' }, ['nationalId']],
    ['digits with letters', { nationalId: '12345A' }, ['nationalId']],
    ['a numeric id of 21 digits', { nationalId: '1'.repeat(21) }, ['nationalId']],
    ['a national name with digits', { nationalName: 'Rossi Giulia 2' }, ['nationalName']],
    ['a national name with a tab', { nationalName: 'Rossi\tGiulia' }, ['nationalName']],
    ['a national name with a line break', { nationalName: 'Rossi\nGiulia' }, ['nationalName']],
    ['a national name with other signs', { nationalName: 'Rossi <Giulia>' }, ['nationalName']],
    ['a national name of one letter', { nationalName: 'R' }, ['nationalName']],
    ['a national name of 121 letters', { nationalName: 'R'.repeat(121) }, ['nationalName']],
    ['both wrong', { nationalId: 'xyz', nationalName: '42' }, ['nationalId', 'nationalName']],
    ['one right and one wrong', { nationalId: '123', nationalName: 'Rossi 3' }, ['nationalName']],
    ['nothing to set', {}, ['nationalId', 'nationalName']],
  ];

  it.each(bad)('refuses %s with 422 naming the field, and the row stays as it was', async (_label, body, expected) => {
    const before = await row(giulia);
    const auditsBefore = (await audits(giulia)).length;
    const problem = expectProblem(await orgAdmin('PATCH', url(prato, giulia), body), 422);
    expect(fields(problem)).toEqual(expected);
    expect(problem.errors?.every((e) => e.message.length > 5)).toBe(true);
    expect(await row(giulia)).toEqual(before);
    expect((await audits(giulia)).length).toBe(auditsBefore);
  });

  it('refuses wrong types and unknown fields with 400, writing nothing', async () => {
    const before = await row(giulia);
    expect(fields(expectProblem(await orgAdmin('PATCH', url(prato, giulia), { nationalId: 12345 }), 400))).toEqual(['nationalId']);
    expect(fields(expectProblem(await orgAdmin('PATCH', url(prato, giulia), { nationalName: ['Rossi'] }), 400))).toEqual(['nationalName']);
    expectProblem(await orgAdmin('PATCH', url(prato, giulia), { nationalId: CF, name: 'Altro' }), 400);
    // NUL is refused everywhere before any route reads the body.
    expect(fields(expectProblem(await orgAdmin('PATCH', url(prato, giulia), { nationalName: 'Rossi\u0000Giulia' }), 400))).toEqual([
      'nationalName',
    ]);
    expect(await row(giulia)).toEqual(before);
  });

  it("another organisation's admin, staff and anonymous callers cannot set it; a platform admin can", async () => {
    const before = await row(giulia);
    const body = { nationalId: '999', nationalName: 'Presa Identità' };
    // Through the other organisation's own path: the person is not one of its members.
    expectProblem(await outsider('PATCH', url(gussago, giulia), body), 404);
    // Through the person's organisation: not the caller's.
    expectProblem(await outsider('PATCH', url(prato, giulia), body), 403);
    // Within the organisation, only its administrators.
    expectProblem(await staff('PATCH', url(prato, giulia), body), 403);
    expectProblem(await t.app.inject({ method: 'PATCH', url: url(prato, giulia), payload: body }), 401);
    // Unknown or malformed ids, and someone who is not a member of the organisation named.
    expectProblem(await orgAdmin('PATCH', url(prato, newId()), body), 404);
    expectProblem(await orgAdmin('PATCH', url(prato, 'giulia'), body), 404);
    expectProblem(await orgAdmin('PATCH', url(prato, elena), body), 404);
    expectProblem(await orgAdmin('PATCH', url(newId(), giulia), body), 404);
    expect(await row(giulia)).toEqual(before);
    expect(await row(elena)).toMatchObject({ national_id: null, national_name: null });

    const res = await platform('PATCH', url(gussago, elena), { nationalName: 'Marchina Elena' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await row(elena)).national_name).toBe('Marchina Elena');
  });

  it('a person with a role in two organisations can be set by the admin of either', async () => {
    expect((await orgAdmin('PATCH', url(prato, both), { nationalName: 'Verdi Mario' })).statusCode).toBe(200);
    expect((await outsider('PATCH', url(gussago, both), { nationalId: '77' })).statusCode).toBe(200);
    expect(await row(both)).toMatchObject({ national_id: '77', national_name: 'Verdi Mario' });
  });

  it('nationalIdentities() reads names and identities by user id, leaving out unknown ids', async () => {
    await orgAdmin('PATCH', url(prato, giulia), { nationalId: CF, nationalName: 'Rossi Giulia' });
    const map = await nationalIdentities(t.db, [giulia, staffId, giulia, newId(), 'non-un-id']);
    expect([...map.keys()].sort()).toEqual([giulia, staffId].sort());
    expect(map.get(giulia)).toEqual({ name: 'Giulia Rossi', nationalId: CF, nationalName: 'Rossi Giulia' });
    expect(map.get(staffId)).toEqual({ name: 'Paolo Neri', nationalId: null, nationalName: null });
    expect((await nationalIdentities(t.db, [])).size).toBe(0);
  });

  it('the route is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const op = doc.paths['/api/v1/organisations/{organisationId}/members/{userId}/national-identity'].patch;
    expect(Object.keys(op.requestBody.content['application/json'].schema.properties).sort()).toEqual(['nationalId', 'nationalName']);
    expect(Object.keys(op.responses['200'].content['application/json'].schema.properties)).toContain('nationalName');
  });

  describe('pages', () => {
    let admin: Browser;
    let staffBrowser: Browser;
    const membersUrl = () => `/admin/organisations/${prato}/members`;
    const memberUrl = (id: string) => `${membersUrl()}/${id}`;

    beforeAll(async () => {
      admin = new Browser(t.app);
      await admin.signIn('admin@prato.example', PASSWORD);
      staffBrowser = new Browser(t.app);
      await staffBrowser.signIn('staff@prato.example', PASSWORD);
    });

    it('the members page shows each national identity and links admins to the form', async () => {
      await orgAdmin('PATCH', url(prato, giulia), { nationalId: CF, nationalName: "D'Angelo Giulia" });
      const page = await admin.get(membersUrl());
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Nominativo sulla piattaforma nazionale');
      expect(page.body).toContain(CF);
      expect(page.body).toMatch(/D(&#39;|')Angelo Giulia/);
      expect(page.body).toContain(`href="${memberUrl(giulia)}"`);
      // Staff see the list, not the forms.
      const asStaff = await staffBrowser.get(membersUrl());
      expect(asStaff.statusCode).toBe(200);
      expect(asStaff.body).not.toContain(`href="${memberUrl(giulia)}"`);
      expect((await staffBrowser.get(memberUrl(giulia))).statusCode).toBe(403);
    });

    it('the form shows the fields with their values and saves them', async () => {
      const form = await admin.get(memberUrl(giulia));
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Codice fiscale o identificativo numerico (IDFacilitatore)');
      expect(form.body).toContain('Cognome e nome sulla piattaforma (NominativoFacilitatore)');
      expect(form.body).toContain(`name="nationalId"`);
      expect(form.body).toContain(`value="${CF}"`);

      const res = await admin.post(memberUrl(giulia), { nationalId: '31245', nationalName: 'Rossi Giulia' }, { from: memberUrl(giulia) });
      expect(res.statusCode, res.body).toBe(303);
      expect(res.headers.location).toBe(`${memberUrl(giulia)}?saved=1`);
      expect(await row(giulia)).toMatchObject({ national_id: '31245', national_name: 'Rossi Giulia' });
      expect((await admin.get(res.headers.location as string)).body).toContain('Identità nazionale salvata.');
    });

    it('a bad value re-renders the form with Italian messages and what was typed, changing nothing', async () => {
      const before = await row(giulia);
      const res = await admin.post(
        memberUrl(giulia),
        { nationalId: 'RSSMRA80A01H501A', nationalName: 'Rossi Giulia 2' },
        { from: memberUrl(giulia) },
      );
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('Il modulo contiene errori');
      expect(res.body).toContain('il carattere di controllo non corrisponde');
      expect(res.body).toContain('il nominativo non può contenere cifre');
      expect(res.body).toMatch(/id="e-nationalId"/);
      expect(res.body).toMatch(/id="e-nationalName"/);
      expect(res.body).toContain('value="RSSMRA80A01H501A"');
      expect(await row(giulia)).toEqual(before);
    });

    it("another organisation's member is not found through this organisation's pages", async () => {
      expect((await admin.get(memberUrl(elena))).statusCode).toBe(404);
      const res = await admin.post(memberUrl(elena), { nationalId: '1', nationalName: 'Presa Elena' }, { from: membersUrl() });
      expect(res.statusCode).toBe(404);
      expect((await row(elena)).national_id).toBeNull();
    });
  });
});
