import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { parseCsv } from '../../src/modules/guides/csv.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { NASTY, unsafePage } from './nasty.js';

type Client = ReturnType<typeof bearer>;

const SPID = {
  name: 'Attivare lo SPID',
  summary: 'Con SPID entri nei siti pubblici con un solo nome utente e una sola password.',
  body: '## Cosa serve\n\nUn documento, la tessera sanitaria, un indirizzo e-mail e il telefono.',
  category: 'identita-digitale',
  access: ['none'],
  url: 'https://www.spid.gov.it',
};

describe.each(DIALECTS)('service sheets API (%s)', (dialect) => {
  let t: TestApp;
  let prato: string;
  let gussago: string;
  let staff: Client;
  let other: Client;
  let facilitator: Client;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    gussago = (await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' })).id;
    const user = async (email: string, name: string, role: 'staff' | 'facilitator', organisation: string) => {
      const u = await createUser(t.db, { email, name, role, organisation, password: 'una-password-lunga' });
      return bearer(t.app, await createApiToken(t.db, u.id, 'test'));
    };
    staff = await user('staff@prato.example', 'Marco Rossi', 'staff', prato);
    facilitator = await user('facilitatore@prato.example', 'Giulia Conti', 'facilitator', prato);
    other = await user('staff@gussago.example', 'Elena Marchina', 'staff', gussago);
  });
  afterAll(() => t.close());

  const count = async (table: 'service_sheets' | 'service_sheet_versions' | 'service_sheet_steps' | 'guide_index') =>
    Number(
      (
        await t.db.k
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async () => ({
    sheets: await count('service_sheets'),
    versions: await count('service_sheet_versions'),
    steps: await count('service_sheet_steps'),
    index: await count('guide_index'),
  });
  const json = (res: LightMyRequestResponse) => res.json() as Record<string, unknown>;
  const create = async (body: Record<string, unknown>, client = staff) => {
    const res = await client('POST', '/api/v1/services', { organisation: prato, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };

  it('creates a draft, keeps it from the public, publishes it with a page and finds it', async () => {
    const id = await create({ ...SPID, name: 'Attivare lo SPID in Comune' });
    expect((await t.app.inject({ url: `/api/v1/services/${id}` })).statusCode).toBe(404);
    const own = await staff('GET', `/api/v1/services/${id}`);
    expect(own.statusCode).toBe(200);
    expect(json(own)).toMatchObject({ status: 'draft', version: 1, slug: 'attivare-lo-spid-in-comune', page: `/servizi/${id}` });

    const published = await staff('PATCH', `/api/v1/services/${id}`, { status: 'published' });
    expect(published.statusCode, published.body).toBe(200);
    expect(json(published)).toMatchObject({ status: 'published', version: 2, page: '/servizi/attivare-lo-spid-in-comune' });

    const pub = await t.app.inject({ url: `/api/v1/services/${id}` });
    expect(pub.statusCode).toBe(200);
    const list = await t.app.inject({ url: `/api/v1/services?q=${encodeURIComponent('identità digitale')}&organisation=${prato}` });
    const items = (list.json() as { items: { id: string; page: string }[] }).items;
    expect(items[0]).toMatchObject({ id, page: '/servizi/attivare-lo-spid-in-comune' });
    const page = await t.app.inject({ url: '/servizi/attivare-lo-spid-in-comune' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Attivare lo SPID in Comune');
  });

  it('walks the workflow draft → review → published → draft and refuses other steps, writing nothing', async () => {
    const id = await create({ ...SPID, name: 'Scheda del flusso', slug: 'scheda-del-flusso' });
    expect((await staff('PATCH', `/api/v1/services/${id}`, { status: 'review' })).statusCode).toBe(200);
    expect((await staff('PATCH', `/api/v1/services/${id}`, { status: 'published' })).statusCode).toBe(200);
    const before = await counts();
    const refused = await staff('PATCH', `/api/v1/services/${id}`, { status: 'review' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await counts()).toEqual(before);
    const back = await staff('PATCH', `/api/v1/services/${id}`, { status: 'draft' });
    expect(json(back)).toMatchObject({ status: 'draft', version: 4 });
    // Unpublished: out of the index and of the public API.
    expect((await t.app.inject({ url: `/api/v1/services/${id}` })).statusCode).toBe(404);
    const rows = await t.db.k.selectFrom('guide_index').select('sheet_id').where('sheet_id', '=', id).execute();
    expect(rows).toEqual([]);
  });

  it('keeps every edit as a version with author and time, and restores an old one as a new version', async () => {
    const id = await create({ ...SPID, name: 'Scheda con versioni', slug: 'scheda-con-versioni', status: 'published' });
    const edited = await staff('PATCH', `/api/v1/services/${id}`, {
      summary: 'Un testo nuovo e diverso per la sintesi della scheda.',
      body: '## Nuovo\n\nTesto riscritto.',
      version: 1,
    });
    expect(json(edited)).toMatchObject({ version: 2, summary: 'Un testo nuovo e diverso per la sintesi della scheda.' });
    // The index follows the edit of a published sheet.
    const found = await t.app.inject({ url: `/api/v1/services?q=riscritto&organisation=${prato}` });
    expect((found.json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([id]);

    const versions = await staff('GET', `/api/v1/services/${id}/versions`);
    expect(versions.statusCode).toBe(200);
    const items = (
      versions.json() as { items: { id: string; number: number; author: string; createdAt: string; content: { summary: string } }[] }
    ).items;
    expect(items.map((v) => v.number)).toEqual([2, 1]);
    expect(items[1]).toMatchObject({ author: 'Marco Rossi', content: { summary: SPID.summary } });
    expect(Date.parse(items[1].createdAt)).not.toBeNaN();

    const restored = await staff('POST', `/api/v1/services/${id}/versions/${items[1].id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(json(restored)).toMatchObject({ version: 3, summary: SPID.summary, body: SPID.body, status: 'published' });
    const after = (await staff('GET', `/api/v1/services/${id}/versions`)).json() as {
      items: { number: number; action: string; restoredFrom: number }[];
    };
    expect(after.items[0]).toMatchObject({ number: 3, action: 'restore', restoredFrom: 1 });
    const gone = await t.app.inject({ url: `/api/v1/services?q=riscritto&organisation=${prato}` });
    expect((gone.json() as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses an edit made on an old version (someone else saved first) and writes nothing', async () => {
    const id = await create({ ...SPID, name: 'Scheda contesa', slug: 'scheda-contesa' });
    expect((await staff('PATCH', `/api/v1/services/${id}`, { name: 'Prima modifica', version: 1 })).statusCode).toBe(200);
    const before = await counts();
    const late = await staff('PATCH', `/api/v1/services/${id}`, { name: 'Modifica in ritardo', version: 1 });
    expect(late.statusCode).toBe(409);
    expect(await counts()).toEqual(before);
    expect(json(await staff('GET', `/api/v1/services/${id}`))).toMatchObject({ name: 'Prima modifica', version: 2 });
  });

  it('replaces the steps; an image needs its alternative text', async () => {
    const id = await create({ ...SPID, name: 'Scheda con passi', slug: 'scheda-con-passi' });
    const before = await counts();
    const bad = await staff('PUT', `/api/v1/services/${id}/steps`, { steps: [{ text: 'Apri il sito.', imageUrl: '/static/passo1.png' }] });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('steps.0.imageAlt');
    expect(await counts()).toEqual(before);
    const ok = await staff('PUT', `/api/v1/services/${id}/steps`, {
      steps: [
        { text: 'Apri il sito.', imageUrl: '/static/passo1.png', imageAlt: 'La pagina iniziale del sito' },
        { text: 'Entra con SPID.' },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as { steps: unknown[] }).steps).toEqual([
      { text: 'Apri il sito.', imageUrl: '/static/passo1.png', imageAlt: 'La pagina iniziale del sito' },
      { text: 'Entra con SPID.', imageUrl: null, imageAlt: null },
    ]);
  });

  it('refuses bad input with problem+json listing the fields, and writes nothing', async () => {
    const before = await counts();
    const cases: Record<string, unknown>[] = [
      { organisation: prato, name: '', summary: 'x', category: 'altro', access: ['password'], url: 'javascript:alert(1)' },
      { organisation: prato, ...SPID, url: 'data:text/html,ciao' },
      { organisation: prato, ...SPID, status: 'archiviata' },
      { organisation: prato, ...SPID, slug: 'Non Valido!' },
      { organisation: prato, ...SPID, unknownField: 1 },
      { organisation: 'non-un-id', ...SPID },
      { organisation: prato, ...SPID, steps: [{ text: 'passo', imageUrl: 'https://x.example/a.png' }] },
      { organisation: prato, ...SPID, name: 'a'.repeat(201) },
      { organisation: prato, ...SPID, body: 42 },
    ];
    for (const body of cases) {
      const res = await staff('POST', '/api/v1/services', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((res.json() as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
    }
    const first = await staff('POST', '/api/v1/services', cases[0]);
    const fields = (first.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'summary', 'category', 'access.0', 'url']));
    const notJson = await staff('POST', '/api/v1/services', '{"organisation":', { 'content-type': 'application/json' });
    expect(notJson.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('checks roles: other organisations, facilitators and anonymous callers are refused', async () => {
    const before = await counts();
    expect((await other('POST', '/api/v1/services', { organisation: prato, ...SPID })).statusCode).toBe(403);
    expect((await facilitator('POST', '/api/v1/services', { organisation: prato, ...SPID })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: { organisation: prato, ...SPID } })).statusCode).toBe(
      401,
    );
    expect(await counts()).toEqual(before);
    const id = await create({ ...SPID, name: 'Scheda di Prato', slug: 'scheda-di-prato' });
    expect((await other('PATCH', `/api/v1/services/${id}`, { name: 'Presa da Gussago' })).statusCode).toBe(403);
    expect((await other('GET', `/api/v1/services/${id}/versions`)).statusCode).toBe(403);
    expect((await other('GET', `/api/v1/services/${id}`)).statusCode).toBe(404);
  });

  it('keeps slugs unique within an organisation, not across organisations', async () => {
    await create({ ...SPID, name: 'Pagare la TARI', slug: 'tari', status: 'published' });
    const before = await counts();
    const dup = await staff('POST', '/api/v1/services', { organisation: prato, ...SPID, slug: 'tari' });
    expect(dup.statusCode).toBe(409);
    expect((dup.json() as { errors: { field: string }[] }).errors[0].field).toBe('slug');
    expect(await counts()).toEqual(before);
    const res = await other('POST', '/api/v1/services', {
      organisation: gussago,
      ...SPID,
      name: 'La TARI a Gussago',
      slug: 'tari',
      status: 'published',
    });
    expect(res.statusCode).toBe(201);
    // Two published sheets share the slug: their pages use the id, and the slug page lets people choose.
    const both = (await t.app.inject({ url: '/api/v1/services?q=tari' })).json() as { items: { id: string; page: string }[] };
    for (const item of both.items.filter((i) => i.page.includes('tari') || i.page.endsWith(i.id)))
      expect(item.page).not.toBe('/servizi/tari');
    const choice = await t.app.inject({ url: '/servizi/tari' });
    expect(choice.statusCode).toBe(200);
    expect(choice.body).toContain('Comune di Prato');
    expect(choice.body).toContain('Comune di Gussago');
  });

  it('never lets script reach a page, whatever the Markdown', async () => {
    const nasty = NASTY.join('\n\n');
    const id = await create({
      name: 'Scheda pericolosa',
      slug: 'scheda-pericolosa',
      summary: '<script>alert(1)</script> una sintesi con tag.',
      body: nasty,
      category: 'anagrafe',
      contacts: nasty,
      faqs: NASTY.slice(0, 10).map((n) => ({ question: n, answer: n })),
      steps: NASTY.slice(0, 10).map((n) => ({ text: n })),
      status: 'published',
    });
    for (const url of ['/servizi/scheda-pericolosa', '/servizi/scheda-pericolosa/stampa', `/admin/servizi/${id}`]) {
      const res = url.startsWith('/admin') ? await staff('GET', url) : await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      // The layout's own scripts are none: every <script> would be the attacker's.
      expect(unsafePage(res.body), url).toEqual([]);
    }
  });

  describe('CSV import and export', () => {
    const HEADER = 'slug,name,summary,category,access,url,life_events,status';
    const good = [
      HEADER,
      'cie,Carta d\'identità elettronica,"Il documento con il chip, per viaggiare e per i servizi online.",identita-digitale,cie,https://www.cartaidentita.interno.gov.it,documenti,published',
      ',Certificati online,Scarichi i certificati di residenza e stato di famiglia.,anagrafe,spid|cie,https://www.anagrafenazionale.interno.gov.it,casa|figlio,draft',
    ].join('\n');

    const post = (client: Client, org: string, body: string, dryRun: boolean) =>
      client('POST', `/api/v1/organisations/${org}/services/import${dryRun ? '?dryRun=true' : ''}`, body, { 'content-type': 'text/csv' });

    it('dry run lists every problem by row and column and writes nothing', async () => {
      const csv = [
        HEADER,
        ',,Manca il nome della scheda.,anagrafe,,,,',
        'doppio,Prima,Una sintesi abbastanza lunga.,anagrafe,,https://ok.example,,',
        'doppio,Seconda,Una sintesi abbastanza lunga.,anagrafe,,ftp://server.example/x,,',
        'tari,Terza,Una sintesi abbastanza lunga.,pizzeria,passaporto,javascript:alert(1),trasloco,archiviata',
      ].join('\n');
      const before = await counts();
      const res = await post(staff, prato, csv, true);
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json() as { ok: boolean; rows: number; problems: { row: number; column: string; message: string }[] };
      expect(report.ok).toBe(false);
      expect(report.rows).toBe(4);
      const where = report.problems.map((p) => `${p.row}:${p.column}`);
      expect(where).toEqual(
        expect.arrayContaining([
          '2:name',
          '4:url',
          '4:slug',
          '5:category',
          '5:access',
          '5:url',
          '5:life_events',
          '5:status',
          // "tari" already exists in Prato (created above).
          '5:slug',
        ]),
      );
      expect(report.problems.find((p) => p.row === 4 && p.column === 'slug')?.message).toContain('riga 3');
      expect(await counts()).toEqual(before);
    });

    it('a failing import writes nothing, not even its good rows', async () => {
      const csv = `${good}\n,Senza categoria,Una sintesi abbastanza lunga.,,,,,\n`;
      const before = await counts();
      const res = await post(staff, prato, csv, false);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json() as { problems: { row: number; column: string }[]; errors: { field: string }[] };
      expect(problem.problems).toEqual([expect.objectContaining({ row: 4, column: 'category' })]);
      expect(problem.errors[0].field).toBe('rows.4.category');
      expect(await counts()).toEqual(before);
    });

    it('imports a clean file in one go, and its export imports into another organisation unchanged', async () => {
      const dry = await post(other, gussago, good, true);
      expect(dry.json()).toMatchObject({
        ok: true,
        dryRun: true,
        created: 0,
        preview: [
          { row: 2, slug: 'cie' },
          { row: 3, slug: 'certificati-online' },
        ],
      });
      const before = await counts();
      const res = await post(other, gussago, good, false);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ ok: true, created: 2 });
      expect((await counts()).sheets).toBe(before.sheets + 2);
      // The published row is searchable at once.
      const found = (await t.app.inject({ url: `/api/v1/services?q=carta+identita&organisation=${gussago}` })).json() as {
        items: { slug: string }[];
      };
      expect(found.items[0].slug).toBe('cie');

      // Round trip: Gussago's export, imported into a new organisation, exports the same file.
      const exported = await other('GET', `/api/v1/organisations/${gussago}/services/export.csv`);
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toMatch(/^text\/csv/);
      const table = parseCsv(exported.body);
      expect(table[0]).toContain('faqs');
      const fresh = (await createOrganisation(t.db, { name: 'Comune di Crema', type: 'comune', municipality: '019035' })).id;
      const admin = await createUser(t.db, {
        email: 'crema@example.it',
        name: 'Crema',
        role: 'staff',
        organisation: fresh,
        password: 'una-password-lunga',
      });
      const crema = bearer(t.app, await createApiToken(t.db, admin.id, 'test'));
      const again = await post(crema, fresh, exported.body, false);
      expect(again.statusCode, again.body).toBe(201);
      const reexported = await crema('GET', `/api/v1/organisations/${fresh}/services/export.csv`);
      expect(reexported.body).toBe(exported.body);
    });

    it('round-trips every field, including FAQs, steps, quotes, commas and line breaks', async () => {
      const org = (await createOrganisation(t.db, { name: 'Unione Valnure', type: 'unione', municipality: '033035' })).id;
      const u = await createUser(t.db, {
        email: 'valnure@example.it',
        name: 'Valnure',
        role: 'staff',
        organisation: org,
        password: 'una-password-lunga',
      });
      const client = bearer(t.app, await createApiToken(t.db, u.id, 'test'));
      const full = {
        organisation: org,
        name: 'Fascicolo "sanitario", elettronico',
        summary: 'Referti, ricette e vaccini;\nin un posto solo.',
        audience: '=Tutti gli assistiti',
        body: '- uno\n- due\n\n**fine**',
        category: 'salute',
        access: ['spid', 'cie', 'cns'],
        url: 'https://www.fascicolosanitario.gov.it',
        cost: 'Gratis',
        times: '+ subito',
        lifeEvents: ['figlio', 'salute'],
        faqs: [{ question: 'Chi lo vede?', answer: 'Solo tu, e chi scegli tu.' }],
        contacts: '@URP: urp@valnure.example',
        topics: ['fascicolo-sanitario'],
        deskServices: ['fse'],
        steps: [{ text: 'Entra, con SPID.' }, { text: 'Apri i referti.', imageUrl: '/static/referti.png', imageAlt: 'Elenco dei referti' }],
        status: 'review',
      };
      expect((await client('POST', '/api/v1/services', full)).statusCode).toBe(201);
      const csv = (await client('GET', `/api/v1/organisations/${org}/services/export.csv`)).body;
      // Formulas are defused for spreadsheets…
      expect(csv).toContain("'=Tutti gli assistiti");
      const target = (await createOrganisation(t.db, { name: 'Comune di Podenzano', type: 'comune', municipality: '033035' })).id;
      const u2 = await createUser(t.db, {
        email: 'podenzano@example.it',
        name: 'Podenzano',
        role: 'staff',
        organisation: target,
        password: 'una-password-lunga',
      });
      const c2 = bearer(t.app, await createApiToken(t.db, u2.id, 'test'));
      expect((await post(c2, target, csv, false)).statusCode).toBe(201);
      const list = (await c2('GET', `/api/v1/organisations/${target}/services/export.csv`)).body;
      expect(list).toBe(csv);
      // …and come back as they were.
      const rows = await t.db.k.selectFrom('service_sheets').selectAll().where('organisation_id', '=', target).execute();
      const { organisation: _o, status: _s, ...content } = full;
      const sheet = (await c2('GET', `/api/v1/services/${rows[0].id}`)).json() as Record<string, unknown>;
      expect(sheet).toMatchObject({
        ...content,
        status: 'review',
        steps: [
          { text: 'Entra, con SPID.', imageUrl: null, imageAlt: null },
          { text: 'Apri i referti.', imageUrl: '/static/referti.png', imageAlt: 'Elenco dei referti' },
        ],
      });
    });

    it('reads semicolon-separated files with a byte-order mark, as Excel writes them', async () => {
      const csv = `\uFEFFname;summary;category\r\nPagare la mensa;Ricarichi i pasti dei figli con pagoPA.;scuola\r\n`;
      const res = await post(staff, prato, csv, true);
      expect(res.json()).toMatchObject({ ok: true, preview: [{ name: 'Pagare la mensa', slug: 'pagare-la-mensa' }] });
    });

    it('refuses files over 1 MiB, other formats and other organisations', async () => {
      const before = await counts();
      const big = `${HEADER}\n${`x,Nome,${'a'.repeat(900)},anagrafe,,,,\n`.repeat(1300)}`;
      expect((await post(staff, prato, big, true)).statusCode).toBe(413);
      expect((await staff('POST', `/api/v1/organisations/${prato}/services/import`, { rows: [] })).statusCode).toBe(415);
      expect((await post(other, prato, good, false)).statusCode).toBe(403);
      expect((await other('GET', `/api/v1/organisations/${prato}/services/export.csv`)).statusCode).toBe(403);
      expect((await post(staff, prato, 'name,summary,category\n"aperta,senza chiusura', true)).json()).toMatchObject({
        ok: false,
        problems: [expect.objectContaining({ row: 2, message: expect.stringContaining('virgolette') })],
      });
      expect(await counts()).toEqual(before);
    });
  });
});
