import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeIstat,
  getMunicipality,
  IstatFormatError,
  importMunicipalities,
  parseIstatCsv,
  searchMunicipalities,
} from '../../src/modules/organisations/municipalities.js';
import { createOrganisation, getOrganisation } from '../../src/modules/organisations/service.js';
import { createTestApp, DIALECTS, runCli, type TestApp } from '../helpers.js';

/** The columns of ISTAT's "Elenco comuni italiani", in the order ISTAT publishes them. */
const ISTAT_COLUMNS = [
  'Codice Regione',
  "Codice dell'Unità territoriale sovracomunale (valida a fini statistici)",
  'Codice Provincia (Storico)(1)',
  'Progressivo del Comune (2)',
  'Codice Comune formato alfanumerico',
  'Denominazione (Italiana e straniera)',
  'Denominazione in italiano',
  'Denominazione altra lingua',
  'Codice Ripartizione Geografica',
  'Ripartizione geografica',
  'Denominazione Regione',
  "Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)",
  'Tipologia di Unità territoriale sovracomunale ',
  'Flag Comune capoluogo di provincia/città metropolitana/libero consorzio',
  'Sigla automobilistica',
  'Codice Comune formato numerico',
  'Codice Comune numerico con 110 province (dal 2010 al 2016)',
  'Codice Comune numerico con 107 province (dal 2006 al 2009)',
  'Codice Comune numerico con 103 province (dal 1995 al 2005)',
  'Codice Catastale del comune',
  'Codice NUTS1 2021',
  'Codice NUTS2 2021 (3) ',
  'Codice NUTS3 2021',
  'Codice NUTS1 2024',
  'Codice NUTS2 2024 (3) ',
  'Codice NUTS3 2024',
];

interface Comune {
  code: string;
  name: string;
  regionCode: string;
  region: string;
  area: string;
  province: string;
  sigla: string;
  cadastral: string;
}

function istatLine(c: Comune): string {
  const values: Record<string, string> = {
    'Codice Regione': c.regionCode,
    "Codice dell'Unità territoriale sovracomunale (valida a fini statistici)": c.code.slice(0, 3),
    'Codice Provincia (Storico)(1)': c.code.slice(0, 3),
    'Progressivo del Comune (2)': c.code.slice(3),
    'Codice Comune formato alfanumerico': c.code,
    'Denominazione (Italiana e straniera)': c.name,
    'Denominazione in italiano': c.name,
    'Codice Ripartizione Geografica': '3',
    'Ripartizione geografica': c.area,
    'Denominazione Regione': c.region,
    "Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)": c.province,
    'Tipologia di Unità territoriale sovracomunale ': '1',
    'Flag Comune capoluogo di provincia/città metropolitana/libero consorzio': '0',
    'Sigla automobilistica': c.sigla,
    'Codice Comune formato numerico': String(Number(c.code)),
    'Codice Catastale del comune': c.cadastral,
  };
  return ISTAT_COLUMNS.map((col) => values[col] ?? '').join(';');
}

function istatCsv(comuni: Comune[], opts: { header?: string; eol?: string } = {}): string {
  const eol = opts.eol ?? '\r\n';
  return [opts.header ?? ISTAT_COLUMNS.join(';'), ...comuni.map(istatLine)].join(eol) + eol;
}

/** Windows-1252 bytes of a string (the characters these fixtures use are all in Latin-1). */
function cp1252(text: string): Buffer {
  for (const ch of text) if (ch.charCodeAt(0) > 0xff) throw new Error(`not in the fixture's range: ${ch}`);
  return Buffer.from(text, 'latin1');
}

const toscana = { regionCode: '09', region: 'Toscana', area: 'Centro', province: 'Prato', sigla: 'PO' };
const PRATO: Comune = { code: '100005', name: 'Prato', cadastral: 'G999', ...toscana };
const VAIANO: Comune = { code: '100006', name: 'Vaiano', cadastral: 'L537', ...toscana };
const CANTAGALLO: Comune = { code: '100001', name: 'Cantagallo', cadastral: 'B626', ...toscana };
const VERNIO: Comune = { code: '100007', name: 'Vernio', cadastral: 'L775', ...toscana };
const GUSSAGO: Comune = {
  code: '017081',
  name: 'Gussago',
  cadastral: 'E271',
  regionCode: '03',
  region: 'Lombardia',
  area: 'Nord-ovest',
  province: 'Brescia',
  sigla: 'BS',
};
const FORLI: Comune = {
  code: '040012',
  name: 'Forlì',
  cadastral: 'D704',
  regionCode: '08',
  region: 'Emilia-Romagna',
  area: 'Nord-est',
  province: 'Forlì-Cesena',
  sigla: 'FC',
};
const STARTING = [PRATO, VAIANO, CANTAGALLO, VERNIO, GUSSAGO, FORLI];

/**
 * The next list: Gussago renamed, Vaiano gone (merged away), Cantagallo merged into a new comune
 * that keeps its cadastral code, and one brand-new comune.
 */
const NEXT: Comune[] = [
  PRATO,
  VERNIO,
  FORLI,
  { ...GUSSAGO, name: 'Gussago in Franciacorta' },
  { ...CANTAGALLO, code: '100008', name: 'Val di Bisenzio' },
  { ...toscana, code: '100009', name: 'Montepiano Città', cadastral: 'M999' },
];

/** Child processes start slowly on a busy machine: a generous time limit where tests run the CLI. */
const CHILD_PROCESS_TIMEOUT = 180_000;

describe('parsing ISTAT\'s "Elenco comuni italiani"', () => {
  it('reads the columns it needs by their ISTAT names', () => {
    const rows = parseIstatCsv(istatCsv([PRATO, FORLI]));
    expect(rows).toEqual([
      {
        code: '100005',
        name: 'Prato',
        search_name: 'prato',
        province: 'Prato',
        province_code: 'PO',
        region: 'Toscana',
        cadastral_code: 'G999',
      },
      {
        code: '040012',
        name: 'Forlì',
        search_name: 'forli',
        province: 'Forlì-Cesena',
        province_code: 'FC',
        region: 'Emilia-Romagna',
        cadastral_code: 'D704',
      },
    ]);
  });

  it('accepts quoted header cells with line breaks, as ISTAT writes them, and plain LF endings', () => {
    const header = ISTAT_COLUMNS.map((c) => (c.includes('(valida') ? `"${c.replace(' (valida', ' \n(valida')}"` : c)).join(';');
    const rows = parseIstatCsv(
      istatCsv([GUSSAGO, { ...VERNIO, name: 'Vernio; "alto"' }], { header, eol: '\n' }).replaceAll('Vernio; "alto"', '"Vernio; ""alto"""'),
    );
    expect(rows.map((r) => [r.code, r.name, r.province])).toEqual([
      ['017081', 'Gussago', 'Brescia'],
      ['100007', 'Vernio; "alto"', 'Prato'],
    ]);
  });

  it('decodes Windows-1252 as well as UTF-8 (with or without a byte-order mark)', () => {
    const text = istatCsv([FORLI]);
    for (const bytes of [cp1252(text), Buffer.from(text, 'utf8'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]) {
      const rows = parseIstatCsv(decodeIstat(bytes));
      expect(rows[0]).toMatchObject({ name: 'Forlì', province: 'Forlì-Cesena', search_name: 'forli' });
    }
    // The Windows-1252 typographic apostrophe (0x92) is not a control character.
    expect(decodeIstat(Buffer.from([0x53, 0x61, 0x6e, 0x74, 0x92, 0x41, 0xec]))).toBe('Sant’Aì');
  });

  it('refuses malformed files with a reason naming the line', () => {
    const cases: [string, RegExp][] = [
      ['', /no data rows/],
      [ISTAT_COLUMNS.join(';'), /no data rows/],
      [istatCsv([PRATO]).replace('Codice Catastale del comune', 'Catasto'), /missing column "codice catastale"/],
      ['Comune,Provincia\r\nPrato,PO\r\n', /missing column/],
      [istatCsv([PRATO, { ...VAIANO, code: '1006' }]), /^line 3: "1006" is not a six-digit ISTAT code$/],
      [istatCsv([PRATO, { ...VAIANO, cadastral: '??' }]), /^line 3: "\?\?" is not a cadastral code$/],
      [istatCsv([PRATO, { ...VAIANO, name: '' }]), /^line 3: the name is empty$/],
      [istatCsv([PRATO, VAIANO, PRATO]), /^line 4: ISTAT code 100005 already appears on line 2$/],
      [`${istatCsv([PRATO])}"100006;Vaiano`, /never closed/],
    ];
    for (const [text, reason] of cases) {
      expect(() => parseIstatCsv(text), text.slice(0, 40)).toThrow(IstatFormatError);
      expect(() => parseIstatCsv(text)).toThrow(reason);
    }
  });
});

describe.each(DIALECTS)('refreshing the comuni from an ISTAT list (%s)', (dialect) => {
  let t: TestApp;
  let dir: string;
  let seatInVaiano: string;

  const snapshot = () => t.db.k.selectFrom('municipalities').selectAll().orderBy('code').execute();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = mkdtempSync(join(tmpdir(), 'ponte-istat-'));
    // Start from a database that holds just the starting comuni (as if the last list had only these).
    await t.db.k
      .deleteFrom('municipalities')
      .where(
        'code',
        'not in',
        STARTING.map((c) => c.code),
      )
      .execute();
    const first = await importMunicipalities(t.db, parseIstatCsv(istatCsv(STARTING)));
    expect(first).toEqual({ added: 0, updated: 0, deactivated: 0, unchanged: STARTING.length });
    seatInVaiano = (await createOrganisation(t.db, { name: 'Biblioteca di Vaiano', type: 'associazione', municipality: '100006' })).id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'refuses a malformed file through the CLI: one readable line, exit code 1, nothing changed',
    async () => {
      const before = await snapshot();
      const file = join(dir, 'rotto.csv');
      writeFileSync(file, cp1252(istatCsv(NEXT).replace('100009', '10009')));
      const [res, missing] = await Promise.all([
        runCli(['import', 'municipalities', file], { DATABASE_URL: t.url }),
        runCli(['import', 'municipalities', join(dir, 'non-esiste.csv')], { DATABASE_URL: t.url }),
      ]);
      expect(res.code).toBe(1);
      const lines = res.stderr.trim().split('\n');
      expect(lines).toEqual(['Import refused: line 7: "10009" is not a six-digit ISTAT code']);

      expect(missing.code).toBe(1);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toContain('non-esiste.csv');
      expect(missing.stderr).not.toMatch(/\n\s+at /);
      expect(await snapshot()).toEqual(before);
    },
    CHILD_PROCESS_TIMEOUT,
  );

  it(
    'imports a Windows-1252 list through the CLI: renames, adds, and keeps missing comuni as inactive',
    async () => {
      const file = join(dir, 'Elenco-comuni-italiani.csv');
      writeFileSync(file, cp1252(istatCsv(NEXT)));
      const res = await runCli(['import', 'municipalities', file], { DATABASE_URL: t.url });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout.trim()).toBe('Municipalities: 2 added, 1 updated, 2 marked inactive, 3 unchanged.');

      const rows = new Map((await snapshot()).map((r) => [r.code, r]));
      // Renamed, and found by its new name.
      expect(rows.get('017081')).toMatchObject({ name: 'Gussago in Franciacorta', search_name: 'gussago in franciacorta', active: 1 });
      expect((await searchMunicipalities(t.db, 'franciacorta')).map((m) => m.code)).toEqual(['017081']);
      // The accent survived the Windows-1252 file.
      expect(rows.get('040012')).toMatchObject({ name: 'Forlì', active: 1 });
      // New comuni.
      expect(rows.get('100008')).toMatchObject({ name: 'Val di Bisenzio', cadastral_code: 'B626', active: 1 });
      expect(rows.get('100009')).toMatchObject({ name: 'Montepiano Città', province_code: 'PO', active: 1 });
      // Gone from the list: kept, inactive; a merged comune points to the one that took its cadastral code.
      expect(rows.get('100006')).toMatchObject({ name: 'Vaiano', active: 0, replaced_by: null });
      expect(rows.get('100001')).toMatchObject({ name: 'Cantagallo', active: 0, replaced_by: '100008' });
      expect(rows.size).toBe(8);
    },
    CHILD_PROCESS_TIMEOUT,
  );

  it('inactive comuni still resolve by code, but are not offered for new records', async () => {
    expect(await getMunicipality(t.db, '100006')).toMatchObject({ name: 'Vaiano', active: false });
    expect(await searchMunicipalities(t.db, '100006')).toEqual([]);
    expect((await searchMunicipalities(t.db, '100006', 20, true)).map((m) => m.name)).toEqual(['Vaiano']);

    const plain = await t.app.inject({ method: 'GET', url: '/api/v1/municipalities?q=Vaiano' });
    expect(plain.json().items).toEqual([]);
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/municipalities?q=Vaiano&includeInactive=true' });
    expect(all.json().items).toMatchObject([{ code: '100006', name: 'Vaiano', active: false }]);

    // The organisation whose seat was in Vaiano still shows it.
    expect((await getOrganisation(t.db, seatInVaiano)).municipality).toMatchObject({ code: '100006', name: 'Vaiano', active: false });
    // A new venue cannot be placed there.
    await expect(createOrganisation(t.db, { name: 'Nuovo ente', type: 'associazione', municipality: '100006' })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('importing the same list again changes nothing; a comune that comes back is active again', async () => {
    const again = await importMunicipalities(t.db, parseIstatCsv(istatCsv(NEXT)));
    expect(again).toEqual({ added: 0, updated: 0, deactivated: 0, unchanged: NEXT.length });
    const back = await importMunicipalities(t.db, parseIstatCsv(istatCsv([...NEXT, VAIANO])));
    expect(back).toMatchObject({ updated: 1, added: 0, deactivated: 0 });
    expect(await getMunicipality(t.db, '100006')).toMatchObject({ active: true });
  });
});
