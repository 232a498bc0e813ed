import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/accounts/service.js';
import { createDesk } from '../../src/modules/desks/service.js';
import { createEvent } from '../../src/modules/events/service.js';
import { seedDemoGuides } from '../../src/modules/guides/demo.js';
import { readabilityOf } from '../../src/modules/guides/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

/** A multipart/form-data body, as a browser sends a file upload. */
function multipart(fields: Record<string, string>, file?: { field: string; filename: string; content: string }) {
  const boundary = `----ponte${Math.random().toString(16).slice(2)}`;
  let body = '';
  for (const [k, v] of Object.entries(fields)) body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  if (file) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { payload: Buffer.from(body, 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(DIALECTS)('service guide pages (%s)', (dialect) => {
  let t: TestApp;
  let firenze: string;
  let sheets: Record<string, string>;
  let editor: Browser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
    const gussago = (await createOrganisation(t.db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081' })).id;
    sheets = await seedDemoGuides(t.db, { organisations: { firenze, gussago } });
    await createUser(t.db, {
      email: 'redazione@firenze.example',
      name: 'Chiara Innocenti',
      role: 'staff',
      organisation: firenze,
      password: 'una-password-lunga',
    });
    editor = new Browser(t.app);
    await editor.signIn('redazione@firenze.example', 'una-password-lunga');
  });
  afterAll(() => t.close());

  it('the catalogue finds the CIE sheet for "carta identita", without accent or apostrophe', async () => {
    const res = await t.app.inject({ url: '/servizi?q=carta+identita' });
    expect(res.statusCode).toBe(200);
    const links = [...res.body.matchAll(/<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]);
    expect(links[0]).toBe('/servizi/carta-identita-elettronica');
    expect(text(res.body)).toContain('schede trovate per «carta identita»');
  });

  it('the catalogue tells about corrected typos and browses by life event, category and organisation', async () => {
    const typo = await t.app.inject({ url: '/servizi?q=sipd' });
    expect(text(typo.body)).toContain('Abbiamo cercato «spid» al posto di «sipd».');
    const home = await t.app.inject({ url: '/servizi' });
    expect(home.body).toContain('href="/servizi?evento=figlio"');
    expect(text(home.body)).toContain('Ho avuto un figlio');
    expect(text(home.body)).toContain('Anagrafe e stato civile');
    const born = await t.app.inject({ url: '/servizi?evento=figlio' });
    expect(text(born.body)).toContain('Fascicolo Sanitario Elettronico');
    expect(text(born.body)).not.toContain('Bollo auto');
    const health = await t.app.inject({ url: '/servizi?category=salute' });
    expect(text(health.body)).toContain('Prenotare visite ed esami (CUP)');
    const ofGussago = await t.app.inject({ url: `/servizi?organisation=${firenze}&q=prenotare` });
    expect(text(ofGussago.body)).not.toContain('Prenotare visite ed esami (CUP)');
    // Nonsense filters are ignored rather than refused.
    expect((await t.app.inject({ url: '/servizi?category=nessuna&evento=x&offset=-3&organisation=zzz' })).statusCode).toBe(200);
  });

  it('a sheet shows its facts, steps, FAQs, the official link, help nearby and the print link', async () => {
    const venue = await createVenue(t.db, firenze, {
      name: 'Biblioteca delle Oblate',
      address: 'Via dell’Oriuolo 24',
      municipality: '048017',
      capacity: 40,
    });
    const start = new Date(Date.now() + 10 * 86_400_000).toISOString();
    await createEvent(t.app.deps, null, {
      organisation: firenze,
      title: 'SPID in biblioteca',
      description: 'Attiviamo insieme lo SPID.',
      type: 'incontro',
      format: 'in_presenza',
      venue: venue.id,
      capacity: 20,
      bookingRequired: true,
      status: 'published',
      topics: ['spid'],
      sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
    });
    await createDesk(t.db, {
      organisation: firenze,
      venue: venue.id,
      name: 'Sportello SPID delle Oblate',
      services: [{ code: 'spid', name: 'Attivazione SPID', durationMinutes: 30, bring: ["documento d'identità"] }],
      openingHours: [{ weekday: 2, start: '09:00', end: '12:00', operators: 1 }],
    });
    const res = await t.app.inject({ url: '/servizi/spid' });
    expect(res.statusCode).toBe(200);
    const body = text(res.body);
    expect(res.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(res.body).toContain('href="https://www.spid.gov.it"');
    for (const s of ['In breve', 'Chi può usarlo', 'Passo per passo', 'Domande frequenti', 'Contatti', 'Dove trovare aiuto vicino a te']) {
      expect(body).toContain(s);
    }
    expect(res.body).toMatch(/<ol class="ponte-guide-steps"><li>/);
    expect(body).toContain('SPID in biblioteca');
    expect(body).toContain('Sportello SPID delle Oblate');
    expect(res.body).toContain('href="/servizi/spid/stampa"');

    const print = await t.app.inject({ url: '/servizi/spid/stampa' });
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('class="ponte-print"');
    expect(print.body).toContain('href="/servizi/stile.css"');
    expect(print.body).not.toContain('ponte-nav');
    const css = await t.app.inject({ url: '/servizi/stile.css' });
    expect(css.body).toContain('@media print');
    expect(css.body).toMatch(/\.ponte-print \{[^}]*font-size: 1\.4rem/);
  });

  it('an unknown sheet is a 404 page; drafts are only previewed by their organisation', async () => {
    expect((await t.app.inject({ url: '/servizi/non-esiste' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/servizi/Non%20Valido' })).statusCode).toBe(404);
    const draft = await editor.post(
      `/admin/organisations/${firenze}/servizi`,
      { name: 'Bozza riservata', category: 'anagrafe', summary: 'Una scheda ancora da scrivere bene.' },
      { from: `/admin/organisations/${firenze}/servizi` },
    );
    expect(draft.statusCode).toBe(303);
    const id = /\/admin\/servizi\/([0-9a-f-]+)/.exec(draft.headers.location as string)![1];
    expect((await t.app.inject({ url: `/servizi/${id}` })).statusCode).toBe(404);
    const preview = await editor.get(`/servizi/${id}`);
    expect(preview.statusCode).toBe(200);
    expect(text(preview.body)).toContain('Anteprima');
  });

  it('the editor shows readability, recomputes it on "Controlla leggibilità" without saving, saves versions, publishes and restores', async () => {
    const id = sheets['cambio-di-residenza'];
    const url = `/admin/servizi/${id}`;
    const page = await editor.get(url);
    expect(page.statusCode).toBe(200);
    const scoreOf = (html: string) => Number(/id="read-body" data-score="(\d+)"/.exec(html)?.[1]);
    const before = scoreOf(page.body);
    expect(before).toBeGreaterThanOrEqual(60);
    expect(text(page.body)).toContain('Leggibilità (indice Gulpease)');

    const form = (body: string) => ({
      name: 'Cambio di residenza online',
      slug: 'cambio-di-residenza',
      summary: 'Quando cambi casa dichiari la nuova residenza online, senza andare allo sportello.',
      category: 'anagrafe',
      access: ['spid', 'cie', 'cns'],
      body,
      step_text_1: 'Entra nel sito con SPID o CIE.',
      faq_q_1: 'Devo cambiare la carta d’identità?',
      faq_a_1: 'No.',
      version: /name="version" value="(\d+)"/.exec(page.body)![1],
    });
    const hard =
      "La presentazione della dichiarazione anagrafica di trasferimento della residenza presuppone l'effettiva dimora abituale nell'abitazione indicata, circostanza soggetta ad accertamento da parte della Polizia Municipale competente per territorio secondo le modalità previste dalla normativa vigente.";
    const versionsBefore = await t.db.k.selectFrom('service_sheet_versions').select('id').where('sheet_id', '=', id).execute();
    const checked = await editor.post(url, { ...form(hard), intent: 'check' }, { from: url });
    expect(checked.statusCode).toBe(200);
    const after = scoreOf(checked.body);
    expect(after).toBeLessThan(40);
    expect(after).toBe(
      readabilityOf({ summary: '', audience: '', body: hard, steps: [], faqs: [] }).find((r) => r.key === 'body')?.result.score,
    );
    expect(text(checked.body)).toContain('Paragrafo difficile');
    expect(text(checked.body)).toContain('Frase lunga');
    // Nothing saved by the check.
    expect(await t.db.k.selectFrom('service_sheet_versions').select('id').where('sheet_id', '=', id).execute()).toHaveLength(
      versionsBefore.length,
    );

    const saved = await editor.post(url, { ...form(hard), intent: 'save' }, { from: url });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toContain('saved=2');
    const reloaded = await editor.get((saved.headers.location as string).split('#')[0]);
    expect(scoreOf(reloaded.body)).toBe(after);
    expect(text(reloaded.body)).toContain('Modifiche salvate: versione 2.');

    // Published demo sheet stays published; the public page shows the new text.
    expect(text((await t.app.inject({ url: '/servizi/cambio-di-residenza' })).body)).toContain('presuppone');
    // Restore version 1.
    const v1 = (await t.db.k.selectFrom('service_sheet_versions').select(['id', 'number']).where('sheet_id', '=', id).execute()).find(
      (v) => v.number === 1,
    )!;
    const restored = await editor.post(`${url}/versioni/${v1.id}/ripristina`, {}, { from: url });
    expect(restored.statusCode).toBe(303);
    const back = await editor.get(restored.headers.location as string);
    expect(scoreOf(back.body)).toBe(before);
    expect(text(back.body)).toContain('Ripristinato il contenuto della versione 1: ora è la versione 3.');
    expect(text((await t.app.inject({ url: '/servizi/cambio-di-residenza' })).body)).not.toContain('presuppone');

    // Workflow buttons: unpublish, then publish again.
    const unpublished = await editor.post(`${url}/stato`, { status: 'draft' }, { from: url });
    expect(unpublished.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/servizi/cambio-di-residenza' })).statusCode).toBe(404);
    const republished = await editor.post(`${url}/stato`, { status: 'published' }, { from: url });
    expect(republished.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/servizi/cambio-di-residenza' })).statusCode).toBe(200);
  });

  it('the editor re-renders with field errors and saves nothing on bad input', async () => {
    const id = sheets['app-io'];
    const url = `/admin/servizi/${id}`;
    const before = await t.db.k.selectFrom('service_sheets').select(['version', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
    const res = await editor.post(
      url,
      {
        intent: 'save',
        name: '',
        slug: 'app-io',
        summary: 'App IO sul telefono, per i servizi pubblici.',
        category: 'identita-digitale',
        url: 'javascript:alert(1)',
        step_text_1: 'Apri il negozio di app.',
        step_image_2: '/static/io.png',
        step_text_2: 'Scarica IO.',
      },
      { from: url },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#f-name"');
    expect(res.body).toContain('href="#f-url"');
    expect(res.body).toContain('href="#f-step_alt_2"');
    expect(res.body).toContain('id="e-step_alt_2"');
    const after = await t.db.k.selectFrom('service_sheets').select(['version', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('the workflow buttons save what was typed in the editor with the new status, and keep it when it cannot be saved', async () => {
    const id = sheets['pec-posta-certificata'];
    const url = `/admin/servizi/${id}`;
    const page = await editor.get(url);
    expect(page.statusCode).toBe(200);
    // The buttons belong to the editor's form: no form of their own that would drop the typed text.
    const form = /<form[^>]*action="\/admin\/servizi\/[^"]+"[^>]*>([\s\S]*?)<\/form>/.exec(page.body)![1];
    expect(form).toContain('name="to" value="draft"');
    expect(page.body).not.toContain(`action="${url}/stato"`);
    const fields = (name: string, version: string) => ({
      name,
      slug: 'pec-posta-certificata',
      summary: 'La PEC è una e-mail che vale come una raccomandata con ricevuta di ritorno.',
      category: 'identita-digitale',
      body: 'Con la PEC mandi messaggi che valgono come una raccomandata.',
      version,
    });
    const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];

    const withdrawn = await editor.post(
      url,
      { ...fields('PEC, la posta che vale come raccomandata', versionOf(page.body)), to: 'draft' },
      { from: url },
    );
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toContain('status=draft');
    const row = await t.db.k.selectFrom('service_sheets').select(['name', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'PEC, la posta che vale come raccomandata', status: 'draft' });

    // A bad edit with "Pubblica": nothing is published or saved, and the typed text is still in the form.
    const draft = await editor.get(url);
    const refused = await editor.post(
      url,
      { ...fields('PEC, scritta di nuovo', versionOf(draft.body)), url: 'javascript:alert(1)', to: 'published' },
      { from: url },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#f-url"');
    expect(refused.body).toContain('value="PEC, scritta di nuovo"');
    expect(await t.db.k.selectFrom('service_sheets').select(['name', 'status']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual(
      row,
    );

    const published = await editor.post(url, { ...fields('PEC, scritta di nuovo', versionOf(draft.body)), to: 'published' }, { from: url });
    expect(published.statusCode).toBe(303);
    expect(text((await editor.get(published.headers.location as string)).body)).toContain('La scheda ora è: Pubblicata.');
    const pub = await t.app.inject({ url: '/servizi/pec-posta-certificata' });
    expect(pub.statusCode).toBe(200);
    expect(text(pub.body)).toContain('PEC, scritta di nuovo');
  });

  it('the import page checks an uploaded file by row and column, writes nothing, then imports on confirmation', async () => {
    const url = `/admin/organisations/${firenze}/servizi`;
    const csrf = await editor.csrf(url);
    const count = async () =>
      (await t.db.k.selectFrom('service_sheets').select('id').where('organisation_id', '=', firenze).execute()).length;
    const before = await count();
    const send = async (fields: Record<string, string>, file?: string) => {
      const { payload, contentType } = multipart(
        { _csrf: csrf, ...fields },
        file ? { field: 'file', filename: 'catalogo.csv', content: file } : undefined,
      );
      return t.app.inject({
        method: 'POST',
        url: `${url}/import`,
        headers: { cookie: editor.cookieHeader, 'content-type': contentType },
        payload,
      });
    };
    const bad =
      'name,summary,category,url\nSenza problemi,Una sintesi abbastanza lunga.,anagrafe,https://ok.example\n,Manca il nome.,tributi,ftp://x\n';
    const checked = await send({ intent: 'check' }, bad);
    expect(checked.statusCode).toBe(422);
    const body = text(checked.body);
    expect(body).toContain('Il file ha 2 problemi: nessuna scheda è stata importata.');
    expect(checked.body).toMatch(/<td[^>]*>3<\/td><td[^>]*>name<\/td>/);
    expect(checked.body).toMatch(/<td[^>]*>3<\/td><td[^>]*>url<\/td>/);
    expect(await count()).toBe(before);

    const good = 'name,summary,category\nPermesso di sosta,Chiedi online il permesso per parcheggiare vicino a casa.,mobilita\n';
    const ok = await send({ intent: 'check' }, good);
    expect(ok.statusCode).toBe(200);
    expect(text(ok.body)).toContain('Il file è corretto: 1 scheda pronta');
    expect(await count()).toBe(before);
    const pending = /name="pending" value="([^"]+)"/.exec(ok.body)![1];
    const done = await send({ intent: 'import', pending });
    expect(done.statusCode).toBe(303);
    expect(await count()).toBe(before + 1);
    expect(text((await editor.get(done.headers.location as string)).body)).toContain('1 scheda importata.');
  });

  it('links the guides from the home page and from the organisation page', async () => {
    expect((await t.app.inject({ url: '/' })).body).toContain('href="/servizi"');
    expect((await editor.get(`/admin/organisations/${firenze}`)).body).toContain(`href="/admin/organisations/${firenze}/servizi"`);
  });
});
