import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/db/index.js';
import { editDistance, ftsQuery, plan, searchSheets, stem, tokens, tsQuery } from '../../src/modules/guides/search.js';
import { publishedByTopics } from '../../src/modules/guides/service.js';
import { createDemoDb, DIALECTS, type TestDb } from '../helpers.js';

/**
 * The shared search test set: each query with the demo sheet expected first. It runs on every
 * dialect, and every dialect must put the same sheet first.
 */
const CASES: [string, string][] = [
  ['carta identita', 'carta-identita-elettronica'],
  ["carta d'identità", 'carta-identita-elettronica'],
  ['CARTE DI IDENTITÀ', 'carta-identita-elettronica'],
  ['spid', 'spid'],
  ['identità digitale', 'spid'],
  ['pagare tari', 'tari'],
  ['tassa rifiuti', 'tari'],
  ['iscrizione scuola', 'iscrizioni-scolastiche-online'],
  ['fascicolo sanitario', 'fascicolo-sanitario-elettronico'],
  ['referti', 'fascicolo-sanitario-elettronico'],
  ['sipd', 'spid'],
  ['pagoap', 'pagopa'],
  ['fascicolo sanitrio', 'fascicolo-sanitario-elettronico'],
  ['bollo auto', 'bollo-auto'],
  ['pagare multa', 'multe'],
  ['730', '730-precompilato'],
  ['dichiarazione dei redditi', '730-precompilato'],
  ['certificato di residenza', 'certificati-anagrafici-online'],
  ['ho cambiato casa', 'cambio-di-residenza'],
  ['app io', 'app-io'],
  ['posta certificata', 'pec-posta-certificata'],
  ['domicilio digitale', 'domicilio-digitale'],
  ['pensione', 'inps-servizi-online'],
  ['mensa', 'mensa-scolastica'],
  ['prenotare una visita', 'prenotazioni-sanitarie-cup'],
  ['passaporto', 'passaporto'],
  ['disoccupazione', 'naspi-disoccupazione'],
];

interface Seeded {
  t: TestDb;
  slugOf: Map<string, string>;
  ids: Record<string, string>;
}

const seeded = new Map<Dialect, Seeded>();

beforeAll(async () => {
  for (const dialect of DIALECTS) {
    // The demo programme seeds the guides' demo sheets with everything else.
    const t = await createDemoDb(dialect);
    const rows = await t.db.k.selectFrom('service_sheets').select(['id', 'slug']).execute();
    const ids = Object.fromEntries(rows.map((r) => [r.slug, r.id]));
    seeded.set(dialect, { t, ids, slugOf: new Map(Object.entries(ids).map(([slug, id]) => [id, slug])) });
  }
});
afterAll(async () => {
  for (const s of seeded.values()) await s.t.cleanup();
});

describe(`search test set on ${DIALECTS.join(' and ')}`, () => {
  it.each(CASES)('"%s" finds %s first, on every dialect alike', async (q, expected) => {
    const tops: string[] = [];
    for (const dialect of DIALECTS) {
      const s = seeded.get(dialect)!;
      const found = await searchSheets(s.t.db, q, { limit: 5 });
      const top = found.hits[0] ? s.slugOf.get(found.hits[0].id) : undefined;
      expect(top, `${dialect}: ${found.hits.map((h) => s.slugOf.get(h.id)).join(', ')}`).toBe(expected);
      tops.push(top!);
    }
    expect(new Set(tops).size).toBe(1);
  });

  it('reports the corrections made for typos', async () => {
    for (const dialect of DIALECTS) {
      const s = seeded.get(dialect)!;
      expect((await searchSheets(s.t.db, 'sipd')).corrections).toEqual([{ from: 'sipd', to: 'spid' }]);
      expect((await searchSheets(s.t.db, 'pagoap')).corrections).toEqual([{ from: 'pagoap', to: 'pagopa' }]);
      expect((await searchSheets(s.t.db, 'spid')).corrections).toEqual([]);
    }
  });

  it('filters by organisation, category and life event', async () => {
    for (const dialect of DIALECTS) {
      const s = seeded.get(dialect)!;
      const prato = (
        await s.t.db.k.selectFrom('organisations').select('id').where('name', '=', 'Comune di Prato').executeTakeFirstOrThrow()
      ).id;
      const inPrato = await searchSheets(s.t.db, 'pagopa', { organisation: prato });
      expect(inPrato.hits.map((h) => s.slugOf.get(h.id)).sort()).toEqual(['bollo-auto', 'multe', 'tari']);
      const payments = await searchSheets(s.t.db, 'pagopa', { category: 'pagamenti' });
      expect(payments.hits.map((h) => s.slugOf.get(h.id)).sort()).toEqual(['multe', 'pagopa']);
      const newborn = await searchSheets(s.t.db, 'assegno', { lifeEvent: 'figlio' });
      expect(newborn.hits.map((h) => s.slugOf.get(h.id))[0]).toBe('assegno-unico');
    }
  });

  it('falls back to any word when no sheet has them all, and finds nothing for nonsense', async () => {
    for (const dialect of DIALECTS) {
      const s = seeded.get(dialect)!;
      const some = await searchSheets(s.t.db, 'passaporto zxqwv');
      expect(some.mode).toBe('any');
      expect(s.slugOf.get(some.hits[0].id)).toBe('passaporto');
      const none = await searchSheets(s.t.db, 'qqqqzzzz');
      expect(none.hits).toEqual([]);
      expect((await searchSheets(s.t.db, 'il la di')).mode).toBe('none');
    }
  });

  it('lists published sheets by topic, for learning paths', async () => {
    for (const dialect of DIALECTS) {
      const s = seeded.get(dialect)!;
      const found = await publishedByTopics(s.t.db, ['cie', 'pec']);
      expect(found.map((f) => f.slug).sort()).toEqual([
        'appuntamento-carta-identita',
        'carta-identita-elettronica',
        'domicilio-digitale',
        'pec-posta-certificata',
      ]);
      expect(found[0].page).toMatch(/^\/servizi\//);
      expect(await publishedByTopics(s.t.db, [])).toEqual([]);
    }
  });

  it('pages results and counts them', async () => {
    for (const dialect of DIALECTS) {
      const s = seeded.get(dialect)!;
      const first = await searchSheets(s.t.db, 'spid', { limit: 3 });
      const second = await searchSheets(s.t.db, 'spid', { limit: 3, offset: 3 });
      expect(first.total).toBeGreaterThan(6);
      expect(second.total).toBe(first.total);
      expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(6);
    }
  });
});

describe('query analysis', () => {
  it('normalises accents, apostrophes, case and stop words', () => {
    expect(tokens("Carta d'Identità: è già?")).toEqual(['carta', 'identita', 'gia']);
  });

  it('stems plural and gender endings and common suffixes alike', () => {
    const same = (words: string[]) => new Set(words.map(stem)).size;
    expect(same(['iscrizione', 'iscrizioni'])).toBe(1);
    expect(same(['servizio', 'servizi'])).toBe(1);
    expect(same(['pagare', 'pagamento', 'pagamenti'])).toBe(1);
    expect(same(['scuola', 'scuole'])).toBe(1);
    expect(same(['banca', 'banche'])).toBe(1);
    expect(same(['certificato', 'certificati', 'certificazione'])).toBe(1);
    expect(same(['farmacia', 'farmacie', 'farmacista'])).toBe(1);
    expect([stem('spid'), stem('cie'), stem('pec'), stem('730')]).toEqual(['spid', 'cie', 'pec', '730']);
  });

  it('turns synonyms into alternatives', () => {
    expect(plan(tokens("carta d'identità"))).toEqual([[['carta', 'identita'], ['cie']]]);
    expect(plan(tokens('identità digitale'))).toEqual([[['identita', 'digitale'], ['spid']]]);
    expect(plan(tokens('pagare la multa'))[1]).toEqual(expect.arrayContaining([['multa'], ['pagopa']]));
    expect(plan(tokens('bollo auto'))).toEqual([
      [
        ['bollo', 'auto'],
        ['tassa', 'automobilistica'],
      ],
    ]);
  });

  it('writes the same plan for FTS5 and for to_tsquery', () => {
    const p = plan(tokens("carta d'identità online"));
    expect(ftsQuery(p, 'all')).toBe('(("cart" AND "ident") OR ("cie")) AND (("onlin"))');
    expect(tsQuery(p, 'all')).toBe('((carta & identita) | (cie)) & ((online))');
    expect(tsQuery(p, 'any')).toBe('((carta & identita) | (cie)) | ((online))');
  });

  it('measures typos with swaps of neighbouring letters as one edit', () => {
    expect(editDistance('sipd', 'spid')).toBe(1);
    expect(editDistance('pagoap', 'pagopa')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abcdef', 2)).toBe(3);
  });
});
