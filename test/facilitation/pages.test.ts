import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, setNationalId } from '../../src/modules/accounts/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';
import { daysAgo, makeCf, makeWorld, type World } from './fixtures.js';

const PASSWORD = 'una-password-lunga-2026';

/** A multipart/form-data body with one file and some fields, as a browser sends the import form. */
function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = '----ponte-test-boundary';
  let body = '';
  for (const [k, v] of Object.entries(fields)) body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  body += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe.each(DIALECTS)('facilitation pages (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let smtp: TestSmtp;
  let facilitator: Browser;
  let staff: Browser;
  let giulia: string;
  const cf = makeCf({ birth: '1953-04-21', letters: 'MRNGNN', female: true });

  beforeAll(async () => {
    smtp = new TestSmtp();
    t = await createTestApp(dialect, { smtpUrl: await smtp.start() });
    w = await makeWorld(t);
    ({ id: giulia } = await createUser(t.db, {
      email: 'giulia.pagine@esempio.it',
      name: 'Giulia Pagine',
      role: 'facilitator',
      organisation: w.org,
      password: PASSWORD,
    }));
    await createUser(t.db, {
      email: 'marco.pagine@esempio.it',
      name: 'Marco Pagine',
      role: 'staff',
      organisation: w.org,
      password: PASSWORD,
    });
    facilitator = new Browser(t.app);
    await facilitator.signIn('giulia.pagine@esempio.it', PASSWORD);
    staff = new Browser(t.app);
    await staff.signIn('marco.pagine@esempio.it', PASSWORD);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const form = (over: Record<string, string | string[]> = {}) => ({
    programme: w.national,
    venue: w.venue,
    date: daysAgo(0),
    duration: '00:20',
    kinds: ['A'],
    competences: ['9', '6'],
    services: ['A', 'C'],
    details: '',
    fiscalCode: cf,
    firstName: 'Gianna',
    lastName: 'Marini',
    identifier: '',
    education: 'B',
    employment: 'G',
    citizenship: 'A',
    province: 'Prato',
    gender: '',
    ageBand: '',
    consentChannel: 'CARTACEO',
    consentDate: daysAgo(0),
    action: 'save',
    ...over,
  });

  it('records a service for a new citizen, then recognises them and pre-fills the profile', async () => {
    const page = await facilitator.get('/admin/facilitazioni/nuova');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Registra un servizio di facilitazione');
    expect(page.body).toContain('name="fiscalCode"');
    expect(page.body).toContain('name="firstName"');
    expect(page.body).toContain('name="lastName"');
    expect(page.body).toContain('Identità digitale (SPID, CIE, CNS)');
    // Looking up a code nobody has recorded yet.
    const lookup = await facilitator.post(
      '/admin/facilitazioni/nuova',
      { ...form(), action: 'lookup' },
      { from: '/admin/facilitazioni/nuova' },
    );
    expect(lookup.statusCode).toBe(200);
    expect(lookup.body).toContain('Nuovo cittadino');
    expect(lookup.body).toContain('Dal codice fiscale: donna, fascia di età da 55 a 74.');
    const saved = await facilitator.post('/admin/facilitazioni/nuova', form(), { from: '/admin/facilitazioni/nuova' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toMatch(/\/admin\/facilitazioni\/nuova\?saved=.+&new=1$/);
    const after = await facilitator.get(saved.headers.location as string);
    expect(after.body).toContain('Servizio registrato per un nuovo cittadino.');
    // The form remembers the facilitator's last programme, venue, duration and kind.
    expect(after.body).toContain(`value="${w.venue}" selected`);
    expect(after.body).toMatch(/name="duration"[^>]*value="00:20"/);

    // The same citizen returns: the code is enough to pre-fill the profile.
    const again = await facilitator.post(
      '/admin/facilitazioni/nuova',
      { programme: w.national, venue: w.venue, fiscalCode: cf.toLowerCase(), action: 'lookup' },
      { from: '/admin/facilitazioni/nuova' },
    );
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Cittadino già registrato: profilo precompilato.');
    expect(again.body).toContain('<option value="B" selected');
    expect(again.body).toContain('value="Prato"');
    // The very same service again would be discarded by the national platform as a duplicate: refused, with the form kept.
    const twin = await facilitator.post('/admin/facilitazioni/nuova', form({ fiscalCode: cf.toLowerCase() }), {
      from: '/admin/facilitazioni/nuova',
    });
    expect(twin.statusCode).toBe(409);
    expect(twin.body).toContain('Questo servizio è già registrato per lo stesso cittadino');
    expect(twin.body).toContain('value="Marini"');
    const second = await facilitator.post('/admin/facilitazioni/nuova', form({ fiscalCode: cf.toLowerCase(), duration: '00:30' }), {
      from: '/admin/facilitazioni/nuova',
    });
    expect(second.statusCode, second.body).toBe(303);
    expect(second.headers.location).toMatch(/new=0$/);
    expect((await facilitator.get(second.headers.location as string)).body).toContain('Servizio registrato per un cittadino già servito.');
  });

  it('sends the form back with every error named and the values kept', async () => {
    const res = await facilitator.post(
      '/admin/facilitazioni/nuova',
      form({ duration: '00:00', kinds: [], details: 'Resta qui', fiscalCode: `${cf.slice(0, 15)}${cf[15] === 'A' ? 'B' : 'A'}` }),
      { from: '/admin/facilitazioni/nuova' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Il modulo contiene errori');
    expect(res.body).toContain('href="#f-duration"');
    expect(res.body).toContain('href="#f-kinds"');
    expect(res.body).toContain('Resta qui');
    const wrongCf = await facilitator.post(
      '/admin/facilitazioni/nuova',
      form({ fiscalCode: `${cf.slice(0, 15)}${cf[15] === 'A' ? 'B' : 'A'}` }),
      {
        from: '/admin/facilitazioni/nuova',
      },
    );
    expect(wrongCf.statusCode).toBe(422);
    expect(wrongCf.body).toContain('href="#f-fiscalCode"');
    expect(wrongCf.body).toContain('carattere di controllo');
    const before = await t.db.k.selectFrom('facilitation_records').select('id').execute();
    // The national programme needs the citizen's names: each missing one is named, in Italian.
    const nameless = await facilitator.post('/admin/facilitazioni/nuova', form({ firstName: '', lastName: 'Marini' }), {
      from: '/admin/facilitazioni/nuova',
    });
    expect(nameless.statusCode).toBe(422);
    expect(nameless.body).toContain(
      '<a href="#f-firstName">Nome del cittadino: obbligatorio: la piattaforma nazionale richiede nome e cognome del cittadino</a>',
    );
    expect(nameless.body).not.toContain('href="#f-lastName"');
    expect(nameless.body).toContain('value="Marini"');
    // A programme without national reporting keeps no names: typing them is an error there.
    const local = await facilitator.post('/admin/facilitazioni/nuova', form({ programme: w.local }), {
      from: '/admin/facilitazioni/nuova',
    });
    expect(local.statusCode).toBe(422);
    expect(local.body).toContain(
      'href="#f-firstName">Nome del cittadino: nome e cognome si registrano solo nei programmi che rendicontano alla piattaforma nazionale',
    );
    expect(await t.db.k.selectFrom('facilitation_records').select('id').execute()).toEqual(before);
  });

  it('lists my records, edits one, sends the questionnaire and takes the citizen’s answers', async () => {
    const list = await facilitator.get('/admin/facilitazioni');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('I miei servizi di facilitazione');
    const id = /href="\/admin\/facilitazioni\/([0-9a-f-]{36})"/.exec(list.body)![1];
    const edit = await facilitator.get(`/admin/facilitazioni/${id}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Salva le modifiche');
    const saved = await facilitator.post(`/admin/facilitazioni/${id}`, form({ duration: '00:40' }), { from: `/admin/facilitazioni/${id}` });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await facilitator.get(`/admin/facilitazioni/${id}?saved=1`)).body).toMatch(/name="duration"[^>]*value="00:40"/);

    const sent = await facilitator.post(
      `/admin/facilitazioni/${id}/questionario`,
      { questionnaireEmail: 'cittadina@esempio.it' },
      { from: `/admin/facilitazioni/${id}` },
    );
    expect(sent.statusCode).toBe(303);
    expect((await facilitator.get(`/admin/facilitazioni/${id}?sent=1`)).body).toContain('Questionario di soddisfazione: Inviato');
    await t.app.deps.jobs.runDue();
    const mail = smtp.to('cittadina@esempio.it')[0];
    expect(mail.subject).toContain('questionario');
    const link = /(\/questionario\/[0-9a-f-]+\?token=[A-Za-z0-9_%-]+)/.exec(mail.text ?? '')![1];
    const citizen = new Browser(t.app);
    const q = await citizen.get(link);
    expect(q.statusCode).toBe(200);
    expect(q.body).toContain('Quanto ti è stato utile il servizio');
    const token = decodeURIComponent(link.split('token=')[1]);
    const incomplete = await citizen.post(`/questionario/${id}`, { token, es1: ['C'] }, { from: link });
    expect(incomplete.statusCode).toBe(400);
    const answered = await citizen.post(`/questionario/${id}`, { token, es1: ['C', 'L'], es3: 'A', es6: '5', es4: 'PEC' }, { from: link });
    expect(answered.statusCode).toBe(200);
    expect(answered.body).toContain('Grazie!');
    expect((await citizen.get(link)).body).toContain('già stato compilato');
    expect((await citizen.get(`/questionario/${id}?token=sbagliato`)).statusCode).toBe(404);
    const row = await t.db.k.selectFrom('facilitation_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ survey_status: 'answered', es1: 'C:L', es3: 'A', es6: 5, es4: 'PEC' });
    expect((await facilitator.get(`/admin/facilitazioni/${id}`)).body).toContain('Questionario di soddisfazione: Compilato');
  });

  it('shows staff the dashboard with charts, tables, filters and CSV downloads', async () => {
    const page = await staff.get(`/admin/programmes/${w.national}/cruscotto`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Cruscotto:');
    expect(page.body).toContain('<svg class="ponte-chart"');
    expect(page.body).toContain('<table class="table table-sm" id="table-month">');
    expect(page.body).toContain('Per competenza');
    expect(page.body).toContain(`/admin/programmes/${w.national}/cruscotto/service.csv?`);
    const filtered = await staff.get(`/admin/programmes/${w.national}/cruscotto?municipality=017081`);
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('Nessun servizio nel periodo.');
    const csv = await staff.get(`/admin/programmes/${w.national}/cruscotto/competence.csv?from=${daysAgo(30)}&to=${daysAgo(0)}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('9,"Identità digitale (SPID, CIE, CNS)",2,1');
    const bad = await staff.get(`/admin/programmes/${w.national}/cruscotto?from=2026-13-01`);
    expect(bad.statusCode).toBe(422);
    expect((await facilitator.get(`/admin/programmes/${w.national}/cruscotto`)).statusCode).toBe(403);
    // The programme page links to its dashboard.
    expect((await staff.get(`/admin/programmes/${w.national}`)).body).toContain(`/admin/programmes/${w.national}/cruscotto`);
  });

  it('checks the national export before the download, then downloads it with the codici fiscali and the names', async () => {
    const exportUrl = `/admin/programmes/${w.national}/export?from=${daysAgo(30)}&to=${daysAgo(0)}`;
    const page = await staff.get(exportUrl);
    expect(page.statusCode).toBe(200);
    // The facilitator has no identity on the national platform yet: the platform would discard both records,
    // and the page says why in the platform's own words, with a link to where it is fixed.
    expect(page.body).toMatch(/2 servizi nel periodo: 0 pronti, 2 verrebbero scartati/);
    const missing = 'I campi &quot;IDFacilitatore, NominativoFacilitatore&quot; sono obbligatori e non possono essere vuoti.';
    expect(page.body).toContain(`<li>${missing} (2)</li>`);
    expect(page.body).toContain(`<li>${missing}</li>`);
    expect(page.body).toContain(`<a href="/admin/organisations/${w.org}/members/${giulia}">Identità nazionale del facilitatore</a>`);
    const precheck = await w.api.staff(
      'GET',
      `/api/v1/programmes/${w.national}/facilitations/precheck?from=${daysAgo(30)}&to=${daysAgo(0)}`,
    );
    expect(precheck.statusCode, precheck.body).toBe(200);
    expect(precheck.json()).toMatchObject({
      total: 2,
      valid: 0,
      rejected: 2,
      byReason: { [missing.replaceAll('&quot;', '"')]: 2 },
    });
    expect(precheck.json().issues[0]).toMatchObject({
      facilitator: 'Giulia Pagine',
      venue: 'Biblioteca Lazzerini',
      reasons: [missing.replaceAll('&quot;', '"')],
      fixes: [{ kind: 'facilitator', id: giulia }],
    });

    // A numeric id on the platform, matched there with "Cognome Nome".
    await setNationalId(t.db, 'giulia.pagine@esempio.it', '424242');
    await t.db.k.updateTable('users').set({ national_name: 'Pagine Giulia' }).where('id', '=', giulia).execute();
    const fixed = await staff.get(exportUrl);
    expect(fixed.body).toMatch(/2 servizi nel periodo: 2 pronti, 0 verrebbero scartati/);
    expect(fixed.body).toContain('Nessun invio finora.');
    const file = await staff.post(
      `/admin/programmes/${w.national}/export`,
      { from: daysAgo(30), to: daysAgo(0), format: 'national' },
      { from: `/admin/programmes/${w.national}/export` },
    );
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.headers['content-disposition']).toMatch(new RegExp(`filename="servizi-.+-${daysAgo(30)}-${daysAgo(0)}-001\\.csv"`));
    const lines = file.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^IDFacilitatore,NominativoFacilitatore,IDSede,NominativoSede,AN1,AN2,AN3,/);
    expect(lines).toHaveLength(3);
    const venueId = (await t.db.k.selectFrom('venues').select('national_id').where('id', '=', w.venue).executeTakeFirstOrThrow())
      .national_id;
    for (const line of lines.slice(1))
      expect(line.startsWith(`424242,Pagine Giulia,${venueId},Biblioteca Lazzerini,Gianna,Marini,${cf},NO,`)).toBe(true);
    // The export is the programme's first batch; nothing is left to send.
    const after = await staff.get(`/admin/programmes/${w.national}/export`);
    expect(after.body).toContain('Da inviare: 0 servizi mai inviati o corretti dopo l’ultimo invio (0 correzioni).');
    expect(after.body).toMatch(/<th scope="row"[^>]*>1<\/th>(<td[^>]*>[^<]*<\/td>){1}<td[^>]*>2<\/td><td[^>]*>0<\/td><td[^>]*>1<\/td>/);
    expect(after.body).toContain('Segna come caricato');
  });

  it('imports a file with a dry run first, listing each rejected row', async () => {
    const exported = await staff.post(
      `/admin/programmes/${w.national}/export`,
      { from: daysAgo(30), to: daysAgo(0), format: 'national' },
      { from: `/admin/programmes/${w.national}/export` },
    );
    const lines = exported.body.trim().split('\r\n');
    // Another service to the same citizen (a longer one: the same service twice would be a duplicate), and one in the future.
    const cells = lines[1].split(',');
    expect(cells).toHaveLength(33);
    cells[21] = '01:10';
    const content = [lines[0], cells.join(','), lines[1].replace(daysAgo(0), daysAgo(-3))].join('\r\n');
    const csrf = await staff.csrf(`/admin/programmes/${w.national}/import`);
    const { body, type } = multipart({ _csrf: csrf, mode: 'check' }, { name: 'vecchio.csv', content });
    const res = await t.app.inject({
      method: 'POST',
      url: `/admin/programmes/${w.national}/import`,
      headers: { cookie: staff.cookieHeader, 'content-type': type },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Verifica: 2 righe, 1 valide, 1 scartate.');
    expect(res.body).toContain('futuro');
  });
});
