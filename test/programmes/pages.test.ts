import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { answerPartnership, createOrganisation, requestPartnership } from '../../src/modules/organisations/service.js';
import { getProgramme, updateProgramme } from '../../src/modules/programmes/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/** A partnership asked by `organisation` and accepted by `partner`. */
async function acceptedPartnership(db: TestApp['db'], organisation: string, partner: string): Promise<void> {
  const asked = await requestPartnership(db, organisation, { partner }, null);
  await answerPartnership(db, asked.id, partner, 'accept', null);
}

const PASSWORD = 'una-password-lunga';

describe.each(DIALECTS)('back-office pages for programmes (%s)', (dialect) => {
  let t: TestApp;
  let prato: string;
  let arci: string;
  let acli: string;
  let admin: Browser;
  let listUrl: string;
  let programmeUrl: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitMax: 1000 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    acli = (await createOrganisation(t.db, { name: 'Acli Prato', type: 'associazione', municipality: '100005' })).id;
    const firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
    // Arci and Acli accepted Prato's partnership: the programmes may name them in public.
    for (const partner of [arci, acli]) await acceptedPartnership(t.db, prato, partner);
    const user = (email: string, role: 'org-admin' | 'staff' | 'facilitator', organisation: string) =>
      createUser(t.db, { email, name: email.split('@')[0], role, organisation, password: PASSWORD });
    await user('admin@prato.example', 'org-admin', prato);
    await user('facilitatore@prato.example', 'facilitator', prato);
    await user('staff@firenze.example', 'staff', firenze);
    admin = new Browser(t.app);
    await admin.signIn('admin@prato.example', PASSWORD);
    listUrl = `/admin/organisations/${prato}/programmes`;
  });
  afterAll(() => t.close());

  const programmeRows = () => t.db.k.selectFrom('programmes').selectAll().where('organisation_id', '=', prato).execute();
  const targetRows = (id: string) =>
    t.db.k.selectFrom('programme_targets').selectAll().where('programme_id', '=', id).orderBy('metric').execute();

  it("the organisation's page links to its programmes, which start empty", async () => {
    const org = await admin.get(`/admin/organisations/${prato}`);
    expect(org.statusCode).toBe(200);
    expect(org.body).toContain(`href="${listUrl}"`);
    expect(org.body).toContain('Programmi');
    const list = await admin.get(listUrl);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Nessun programma registrato.');
    expect(list.body).toContain('Nuovo programma');
    expect(list.body).toContain('<datalist id="funding-suggestions">');
    expect(list.body).toContain('value="PNRR M1C1 1.7.2"');
    expect(list.body).toContain('Arci Prato');
    expect(list.body).not.toMatch(/name="partners" value="[^"]*" id="f-partners-[^"]*"[^>]*>\s*<label[^>]*>Comune di Prato/);
    // Each box's id names its group, and its label points at it.
    expect(list.body).toMatch(/id="f-partners-([^"]+)"[^>]*\/?>\s*<label class="form-check-label" for="f-partners-\1"/);
  });

  it('refuses a form with end before start, re-rendering it with field errors and writing nothing', async () => {
    const res = await admin.post(
      listUrl,
      { name: 'Agenda', start: '2026-06-01', end: '2026-05-01', funding: '', retentionDays: '90', nationalReporting: '' },
      { from: listUrl },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Il modulo contiene errori');
    expect(res.body).toContain('id="e-end"');
    expect(res.body).toContain('la data di fine non può precedere quella di inizio');
    expect(res.body).toContain('value="Agenda"');
    expect(await programmeRows()).toHaveLength(0);

    const retention = await admin.post(
      listUrl,
      { name: 'Agenda', start: '2026-01-01', end: '2026-12-31', retentionDays: '9999' },
      { from: listUrl },
    );
    expect(retention.statusCode).toBe(400);
    expect(retention.body).toContain('id="e-retentionDays"');
    expect(await programmeRows()).toHaveLength(0);
  });

  it('an org admin creates a programme through the form, then sets two targets on its page', async () => {
    const res = await admin.post(
      listUrl,
      {
        name: 'Facilitazione Digitale Prato',
        description: 'Incontri nei circoli.',
        funding: 'PNRR M1C1 1.7.2',
        start: '2026-01-01',
        end: '2027-12-31',
        partners: [arci, acli],
        nationalReporting: '',
        retentionDays: '60',
      },
      { from: listUrl },
    );
    expect(res.statusCode, res.body).toBe(303);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/admin\/programmes\/[0-9a-f-]{36}\?created=1$/);
    programmeUrl = location.split('?')[0];
    const id = programmeUrl.split('/').pop()!;
    const rows = await programmeRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'Facilitazione Digitale Prato', funding: 'PNRR M1C1 1.7.2', start_date: '2026-01-01' });
    expect(Number(rows[0].national_reporting)).toBe(1);
    expect(Number(rows[0].retention_days)).toBe(60);

    const page = await admin.get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Programma creato.');
    expect(page.body).toContain('Nessun obiettivo indicato.');
    // Three empty rows to add targets, without any script.
    expect(page.body).toContain('name="targets.2.metric"');
    expect(page.body).not.toContain('name="targets.3.metric"');
    expect(page.body).not.toContain('<script');

    const saved = await admin.post(
      programmeUrl,
      {
        name: 'Facilitazione Digitale Prato',
        description: 'Incontri nei circoli.',
        funding: 'PNRR M1C1 1.7.2',
        start: '2026-01-01',
        end: '2027-12-31',
        partners: [arci, acli],
        nationalReporting: '1',
        retentionDays: '60',
        'targets.0.metric': 'unique_citizens',
        'targets.0.value': '5.000',
        'targets.0.deadline': '2026-12-31',
        'targets.0.label': 'Entro fine anno',
        'targets.1.metric': '',
        'targets.1.value': '',
        'targets.1.deadline': '',
        'targets.1.label': '',
        'targets.2.metric': 'events',
        'targets.2.value': '35',
        'targets.2.deadline': '2027-12-31',
        'targets.2.label': '',
      },
      { from: programmeUrl },
    );
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`${programmeUrl}?saved=1`);
    const targets = await targetRows(id);
    expect(targets.map((x) => [x.metric, Number(x.value), x.deadline, x.label])).toEqual([
      ['events', 35, '2027-12-31', null],
      ['unique_citizens', 5000, '2026-12-31', 'Entro fine anno'],
    ]);

    const after = await admin.get(`${programmeUrl}?saved=1`);
    expect(after.body).toContain('Modifiche salvate.');
    expect(after.body).toContain('Cittadini unici');
    expect(after.body).toMatch(/<td class="text-end" data-label="[^"]+">5\.000<\/td>/);
    expect(after.body).toContain('name="targets.4.metric"');
    expect(after.body).toContain('name="targets.0.remove"');

    const list = await admin.get(listUrl);
    expect(list.body).toContain('Facilitazione Digitale Prato');
    expect(list.body).toContain('2 obiettivi');
  });

  it('shows a target error on the row it was typed in and keeps what was there', async () => {
    const id = programmeUrl.split('/').pop()!;
    const before = await getProgramme(t.db, id);
    const res = await admin.post(
      programmeUrl,
      {
        name: 'Nome cambiato',
        start: '2026-01-01',
        end: '2027-12-31',
        retentionDays: '60',
        'targets.0.metric': '',
        'targets.0.value': '',
        'targets.0.deadline': '',
        'targets.1.metric': 'participants',
        'targets.1.value': '0',
        'targets.1.deadline': '2026-12-31',
        'targets.2.metric': 'events',
        'targets.2.value': '10',
        'targets.2.deadline': '2030-01-01',
      },
      { from: programmeUrl },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="e-targets.1.value"');
    expect(res.body).toContain('il valore deve essere almeno 1');
    expect(res.body).toContain('href="#f-targets.1.value"');
    expect(res.body).toContain('Obiettivo 2 · Valore da raggiungere');
    expect(res.body).toContain('value="Nome cambiato"');
    expect(await getProgramme(t.db, id)).toEqual(before);

    // With the value right, the deadline outside the period is the next thing said, on row 3.
    const outside = await admin.post(
      programmeUrl,
      {
        name: 'Nome cambiato',
        start: '2026-01-01',
        end: '2027-12-31',
        retentionDays: '60',
        'targets.1.metric': 'participants',
        'targets.1.value': '400',
        'targets.1.deadline': '2026-12-31',
        'targets.2.metric': 'events',
        'targets.2.value': '10',
        'targets.2.deadline': '2030-01-01',
      },
      { from: programmeUrl },
    );
    expect(outside.statusCode).toBe(422);
    expect(outside.body).toContain('id="e-targets.2.deadline"');
    expect(outside.body).toContain('la scadenza deve cadere nel periodo del programma');
    expect(await getProgramme(t.db, id)).toEqual(before);
  });

  it('removes a target with its checkbox and clears partners left unticked', async () => {
    const id = programmeUrl.split('/').pop()!;
    const p = await getProgramme(t.db, id);
    const form: Record<string, string | string[]> = {
      name: p.name,
      description: p.description ?? '',
      funding: p.funding ?? '',
      start: p.start,
      end: p.end,
      nationalReporting: '1',
      retentionDays: '60',
      partners: [arci],
    };
    p.targets.forEach((x, i) => {
      form[`targets.${i}.metric`] = x.metric;
      form[`targets.${i}.value`] = String(x.value);
      form[`targets.${i}.deadline`] = x.deadline;
      form[`targets.${i}.label`] = x.label ?? '';
    });
    form['targets.1.remove'] = '1';
    const res = await admin.post(programmeUrl, form, { from: programmeUrl });
    expect(res.statusCode, res.body).toBe(303);
    const after = await getProgramme(t.db, id);
    expect(after.targets).toEqual([p.targets[0]]);
    expect(after.partners.map((x) => x.id)).toEqual([arci]);
  });

  it('the forms set the national platform fields, the page shows them, and a bad minorsFrom comes back in Italian', async () => {
    const list = await admin.get(listUrl);
    for (const label of [
      'Ammette cittadini tra 14 e 17 anni dal',
      'Linea della piattaforma nazionale',
      'Rete dei servizi di facilitazione digitale',
      'Servizio Civile Digitale',
      'Codice del programma sulla piattaforma nazionale',
      'Identificativo del progetto sulla piattaforma nazionale',
    ]) {
      expect(list.body).toContain(label);
    }
    const created = await admin.post(
      listUrl,
      {
        name: 'Servizio Civile Digitale Prato',
        start: '2026-01-01',
        end: '2026-12-31',
        retentionDays: '90',
        nationalReporting: '1',
        minorsFrom: '2026-04-01',
        nationalPolicy: 'SCD',
        nationalProgrammeCode: 'SCD-2026',
        nationalProjectId: '4471',
      },
      { from: listUrl },
    );
    expect(created.statusCode, created.body).toBe(303);
    const id = /\/admin\/programmes\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1];
    expect(await getProgramme(t.db, id)).toMatchObject({
      minorsFrom: '2026-04-01',
      nationalPolicy: 'SCD',
      nationalProgrammeCode: 'SCD-2026',
      nationalProjectId: '4471',
    });
    const url = `/admin/programmes/${id}`;
    const page = await admin.get(url);
    expect(page.body).toContain('Cittadini tra 14 e 17 anni');
    expect(page.body).toContain('ammessi dal');
    expect(page.body).toContain('SCD · Servizio Civile Digitale');
    expect(page.body).toContain('SCD-2026');
    expect(page.body).toContain('4471');
    expect(page.body).toMatch(/<option value="SCD" selected/);
    expect(page.body).toContain('value="2026-04-01"');

    const form = {
      name: 'Servizio Civile Digitale Prato',
      start: '2026-01-01',
      end: '2026-12-31',
      retentionDays: '90',
      nationalPolicy: 'SCD',
    };
    const before = await getProgramme(t.db, id);
    const bad = await admin.post(url, { ...form, minorsFrom: '2027-02-01', nationalProgrammeCode: 'SCD-2026' }, { from: url });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
    expect(bad.body).toContain('Il modulo contiene errori');
    expect(bad.body).toContain('la data da cui sono ammessi i minori non può seguire la fine del programma');
    expect(bad.body).toMatch(/id="e-minorsFrom"/);
    expect(bad.body).toContain('value="2027-02-01"');
    expect(await getProgramme(t.db, id)).toEqual(before);

    const badCreate = await admin.post(listUrl, { ...form, name: 'Altro', minorsFrom: '2027-02-01' }, { from: listUrl });
    expect(badCreate.statusCode).toBe(422);
    expect(badCreate.body).toContain('la data da cui sono ammessi i minori non può seguire la fine del programma');

    // Emptied on the page, minorsFrom and the codes are cleared.
    const cleared = await admin.post(
      url,
      { ...form, nationalPolicy: 'RFD', minorsFrom: '', nationalProgrammeCode: '', nationalProjectId: '' },
      { from: url },
    );
    expect(cleared.statusCode, cleared.body).toBe(303);
    expect(await getProgramme(t.db, id)).toMatchObject({
      minorsFrom: null,
      nationalPolicy: 'RFD',
      nationalProgrammeCode: null,
      nationalProjectId: null,
    });
    expect((await admin.get(url)).body).toContain('non ammessi');
    await t.db.k.deleteFrom('programmes').where('id', '=', id).execute();
  });

  it('in English too', async () => {
    const res = await admin.get(`${programmeUrl}?lang=en`);
    expect(res.body).toContain('Edit the programme');
    expect(res.body).toContain('Unique citizens');
    expect(res.body).toMatch(/<td class="text-end" data-label="[^"]+">5,000<\/td>/);
    await admin.get(`${programmeUrl}?lang=it`);
  });

  it('a facilitator sees the programme but not the form, and cannot post it', async () => {
    const b = new Browser(t.app);
    await b.signIn('facilitatore@prato.example', PASSWORD);
    const page = await b.get(programmeUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Facilitazione Digitale Prato');
    expect(page.body).not.toContain('Modifica il programma');
    const list = await b.get(listUrl);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Crea il programma');
    const res = await b.post(programmeUrl, { name: 'Preso', start: '2026-01-01', end: '2026-12-31' }, { from: programmeUrl });
    expect(res.statusCode).toBe(403);
    const create = await b.post(listUrl, { name: 'Preso', start: '2026-01-01', end: '2026-12-31' }, { from: listUrl });
    expect(create.statusCode).toBe(403);
    expect((await programmeRows()).length).toBe(1);
  });

  it('the programme page marks a partner that has not accepted yet as "in attesa di conferma"', async () => {
    const museo = (await createOrganisation(t.db, { name: 'Museo del Tessuto', type: 'fondazione', municipality: '100005' })).id;
    const id = programmeUrl.split('/').pop()!;
    await updateProgramme(t.db, null, id, { partners: [arci, museo] });
    const page = await admin.get(programmeUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Museo del Tessuto (in attesa di conferma)');
    expect(page.body).not.toContain('Arci Prato (in attesa di conferma)');
    const list = await admin.get(listUrl);
    expect(list.body).toContain('Museo del Tessuto (in attesa di conferma)');
    // In public it is not named at all.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/programmes/${id}` })).body).not.toContain('Museo del Tessuto');
  });

  it('staff of another organisation get 403 on the pages', async () => {
    const b = new Browser(t.app);
    await b.signIn('staff@firenze.example', PASSWORD);
    expect((await b.get(programmeUrl)).statusCode).toBe(403);
    expect((await b.get(listUrl)).statusCode).toBe(403);
    const res = await b.post(programmeUrl, { name: 'Preso', start: '2026-01-01', end: '2026-12-31' }, { from: '/admin' });
    expect(res.statusCode).toBe(403);
    expect((await getProgramme(t.db, programmeUrl.split('/').pop()!)).name).toBe('Facilitazione Digitale Prato');
  });
});
