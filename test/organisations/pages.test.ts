import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

const PASSWORD = 'una-password-lunga';

describe.each(DIALECTS)('back-office pages for venues and organisations (%s)', (dialect) => {
  let t: TestApp;
  let orgId: string;
  let admin: Browser;
  let venuesUrl: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    orgId = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    await createUser(t.db, {
      email: 'admin@prato.example',
      name: 'Laura Bianchi',
      role: 'org-admin',
      organisation: orgId,
      password: PASSWORD,
    });
    admin = new Browser(t.app);
    await admin.signIn('admin@prato.example', PASSWORD);
    venuesUrl = `/admin/organisations/${orgId}/venues`;
  });
  afterAll(() => t.close());

  const venueRows = () => t.db.k.selectFrom('venues').selectAll().where('organisation_id', '=', orgId).execute();

  it('the staff home lists the organisation and links to it', async () => {
    const res = await admin.get('/admin');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Comune di Prato');
    expect(res.body).toContain(`/admin/organisations/${orgId}`);
  });

  it("the organisation's page leads its staff to every section, and each link answers", async () => {
    const page = await admin.get(`/admin/organisations/${orgId}`);
    expect(page.statusCode).toBe(200);
    for (const [path, label] of [
      ['volontari', 'Volontari'],
      ['turni', 'Turni dei volontari'],
      ['proposte', 'Proposte di eventi dei partner'],
      ['da-avvisare', 'Da avvisare per telefono'],
      ['partecipazione', 'Percorsi partecipativi'],
      ['questionari', 'Questionari'],
      ['connettivita', 'Segnalazioni di connettività'],
    ]) {
      const href = `/admin/organisations/${orgId}/${path}`;
      expect(page.body).toContain(`href="${href}">${label}</a>`);
      expect((await admin.get(href)).statusCode, href).toBe(200);
    }
  });

  it('adds a venue through the form, typing the comune by name, and sees it listed', async () => {
    const res = await admin.post(
      venuesUrl,
      {
        name: 'Biblioteca Lazzerini',
        address: 'Via Puccetti 3',
        municipality: 'Prato',
        capacity: '45',
        latitude: '43,8777',
        longitude: '11.0955',
        stepFree: '1',
        accessibility: 'Ascensore e bagno accessibile.',
      },
      { from: venuesUrl },
    );
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toMatch(/^\/admin\/venues\/[0-9a-f-]{36}\?created=1$/);

    const rows = await venueRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: 'Biblioteca Lazzerini',
      municipality_code: '100005',
      capacity: 45,
      latitude: 43.8777,
      longitude: 11.0955,
      step_free: 1,
    });

    const list = await admin.get(venuesUrl);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Biblioteca Lazzerini');
    expect(list.body).toContain('Via Puccetti 3, Prato (PO)');

    const edit = await admin.get(res.headers.location as string);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Biblioteca Lazzerini');
  });

  it('an unknown comune re-renders the form with an Italian field error (400) and writes no row', async () => {
    const before = (await venueRows()).length;
    const res = await admin.post(
      venuesUrl,
      { name: 'Sala Civica', address: 'Piazza Grande 1', municipality: 'Atlantide' },
      { from: venuesUrl },
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Il modulo contiene errori');
    expect(res.body).toContain('comune non trovato');
    expect(res.body).toMatch(/id="e-municipality"/);
    // What was typed is kept in the form.
    expect(res.body).toContain('value="Sala Civica"');
    expect((await venueRows()).length).toBe(before);
  });

  it('an ambiguous comune name suggests the candidates with their province', async () => {
    const res = await admin.post(
      venuesUrl,
      { name: 'Sala Civica', address: 'Piazza Grande 1', municipality: 'Samone' },
      { from: venuesUrl },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('forse intendevi');
    expect(res.body).toContain('Samone (TO)');
    const ok = await admin.post(
      venuesUrl,
      { name: 'Sala Civica', address: 'Piazza Grande 1', municipality: 'Samone (TO)' },
      { from: venuesUrl },
    );
    expect(ok.statusCode).toBe(303);
    const row = (await venueRows()).find((v) => v.name === 'Sala Civica');
    expect(row?.municipality_code).toBe('001235');
  });

  it('missing and oversize fields get Italian field errors and a 400, with nothing written', async () => {
    const before = (await venueRows()).length;
    const missing = await admin.post(venuesUrl, { name: '', address: '', municipality: 'Prato' }, { from: venuesUrl });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('il nome è obbligatorio');
    expect(missing.body).toContain("l'indirizzo è obbligatorio");

    const oversize = await admin.post(
      venuesUrl,
      { name: 'n'.repeat(201), address: 'Via Roma 1', municipality: 'Prato', capacity: 'tanti', latitude: '123' },
      { from: venuesUrl },
    );
    expect(oversize.statusCode).toBe(400);
    expect(oversize.body).toContain('al massimo 200 caratteri');
    expect(oversize.body).toContain('la capienza deve essere un numero');
    expect(oversize.body).toContain('la latitudine tra -90 e 90');

    const noComune = await admin.post(venuesUrl, { name: 'Sala', address: 'Via Roma 1', municipality: '' }, { from: venuesUrl });
    expect(noComune.statusCode).toBe(400);
    expect(noComune.body).toContain('indica il comune');
    expect((await venueRows()).length).toBe(before);
  });

  it('a form body over the size limit is refused with 413 and an Italian page', async () => {
    const before = (await venueRows()).length;
    const res = await admin.post(venuesUrl, {
      name: 'Sala',
      address: 'Via Roma 1',
      municipality: 'Prato',
      accessibility: 'x'.repeat(70 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('I dati inviati superano la dimensione massima consentita');
    expect((await venueRows()).length).toBe(before);
  });

  it('changes the member municipalities of the organisation through its page, one comune per line', async () => {
    const url = `/admin/organisations/${orgId}`;
    const res = await admin.post(
      url,
      {
        name: 'Comune di Prato',
        type: 'comune',
        municipality: 'Prato',
        memberMunicipalities: 'Cantagallo\nVaiano (PO)\n',
        description: '',
      },
      { from: url },
    );
    expect(res.statusCode, res.body).toBe(303);
    const rows = await t.db.k.selectFrom('organisation_municipalities').selectAll().where('organisation_id', '=', orgId).execute();
    expect(rows.map((r) => r.municipality_code).sort()).toEqual(['100001', '100006']);
    const page = await admin.get(`${url}?saved=1`);
    expect(page.body).toContain('Vaiano (PO)');

    const bad = await admin.post(
      url,
      { name: 'Comune di Prato', type: 'comune', municipality: 'Prato', memberMunicipalities: 'Cantagallo\nNarnia del Nord' },
      { from: url },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('comune non trovato');
    const after = await t.db.k.selectFrom('organisation_municipalities').selectAll().where('organisation_id', '=', orgId).execute();
    expect(after.map((r) => r.municipality_code).sort()).toEqual(['100001', '100006']);
  });

  it('the venue form sets the national id, the national name and the postcode; bad ones come back with Italian messages', async () => {
    const form = await admin.get(venuesUrl);
    for (const label of ['CAP', 'ID della sede sulla piattaforma nazionale (Facilita)', 'Nome della sede sulla piattaforma nazionale']) {
      expect(form.body).toContain(label);
    }
    const created = await admin.post(
      venuesUrl,
      {
        name: 'Sala Campolmi',
        address: 'Via Puccetti 3',
        municipality: 'Prato',
        postalCode: '59100',
        nationalId: '31247',
        nationalName: 'PDF Sala Campolmi',
      },
      { from: venuesUrl },
    );
    expect(created.statusCode, created.body).toBe(303);
    const row = (await venueRows()).find((v) => v.name === 'Sala Campolmi')!;
    expect(row).toMatchObject({ postal_code: '59100', national_id: '31247', national_name: 'PDF Sala Campolmi' });
    const editUrl = `/admin/venues/${row.id}`;
    const edit = await admin.get(editUrl);
    expect(edit.body).toContain('value="59100"');
    expect(edit.body).toContain('value="31247"');
    expect(edit.body).toContain('value="PDF Sala Campolmi"');

    const bad = await admin.post(
      editUrl,
      {
        name: 'Sala Campolmi',
        address: 'Via Puccetti 3',
        municipality: 'Prato',
        postalCode: '5910',
        nationalId: 'SEDE-1',
        nationalName: '',
      },
      { from: editUrl },
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
    expect(bad.body).toContain('Il modulo contiene errori');
    expect(bad.body).toContain('il CAP è fatto di 5 cifre');
    expect(bad.body).toContain("l'ID della sede sulla piattaforma nazionale è fatto solo di cifre");
    expect(bad.body).toMatch(/id="e-postalCode"/);
    expect(bad.body).toContain('value="SEDE-1"');
    expect((await venueRows()).find((v) => v.id === row.id)).toEqual(row);

    // Emptied, the national name follows the venue's name again.
    const cleared = await admin.post(
      editUrl,
      {
        name: 'Sala Campolmi',
        address: 'Via Puccetti 3',
        municipality: 'Prato',
        postalCode: '59100',
        nationalId: '31247',
        nationalName: '',
      },
      { from: editUrl },
    );
    expect(cleared.statusCode).toBe(303);
    expect((await venueRows()).find((v) => v.id === row.id)?.national_name).toBeNull();
    const input = /<input[^>]*id="f-nationalName"[^>]*>/.exec((await admin.get(editUrl)).body)?.[0];
    expect(input).toBeDefined();
    expect(input).not.toContain('value="Sala Campolmi"');
  });

  it("the organisation's form sets the IPA code; a bad one comes back with an Italian message and what was typed", async () => {
    const url = `/admin/organisations/${orgId}`;
    const page = await admin.get(url);
    expect(page.body).toContain('Codice IPA');
    const base = { name: 'Comune di Prato', type: 'comune', municipality: 'Prato', memberMunicipalities: '' };
    const ok = await admin.post(url, { ...base, ipaCode: 'C_G999' }, { from: url });
    expect(ok.statusCode, ok.body).toBe(303);
    const row = () => t.db.k.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
    expect((await row()).ipa_code).toBe('c_g999');
    expect((await admin.get(url)).body).toContain('value="c_g999"');

    const before = await row();
    const bad = await admin.post(url, { ...base, ipaCode: 'c g999', description: 'Non salvata' }, { from: url });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Il modulo contiene errori');
    expect(bad.body).toContain('codice IPA: da 2 a 20 lettere minuscole');
    expect(bad.body).toMatch(/id="e-ipaCode"/);
    expect(bad.body).toContain('value="c g999"');
    expect(await row()).toEqual(before);
  });

  it('shows Italian error pages for unknown records', async () => {
    const res = await admin.get('/admin/venues/00000000-0000-7000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Non trovato');
    const page = await admin.get('/pagina-che-non-esiste');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Pagina non trovata');
  });
});
