import { type Kysely, type RawBuilder, sql } from 'kysely';
import { searchableText } from '../../core/text-fold.js';
import type { Db, Dialect } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { bumpSearchVersion } from './search-cache.js';
import { SYNONYMS } from './synonyms.js';

/**
 * The search engine of service sheets, for both dialects, behind one function: searchSheets().
 *
 * The index holds published sheets only. The guides service feeds it on every publish, edit of a
 * published sheet and unpublish (indexSheets / unindexSheets, inside the same transaction), not
 * with triggers, so the rules of what is searchable live in one place.
 *
 * Text is normalised in JavaScript for both dialects (accents, apostrophes and punctuation dropped,
 * lower case, the stop words of PostgreSQL's Italian configuration removed), then:
 * - SQLite: an FTS5 table (tokenizer unicode61 remove_diacritics 2) over words reduced by the light
 *   Italian stemmer below, applied the same way to queries; ranking by bm25 with column weights.
 * - PostgreSQL: a tsvector column, to_tsvector('italian', …) over the same normalised text (the
 *   unaccent extension is not needed) with weights A/B/C, a GIN index, ranking by ts_rank.
 * Both read the same query plan built here: synonyms become alternatives ("carta d'identità" OR
 * "cie"), every word must match, and when nothing matches every word the query is retried with
 * any word. A word the index does not know (by stem) is replaced by the closest word of the
 * vocabulary (guide_terms, kept by indexSheets): edit distance ≤ 1 for words of up to 5 letters,
 * ≤ 2 for longer ones, counting a swap of two neighbouring letters as one edit ("sipd" → "spid"),
 * among the words that have one of the typed word's first two letters in one of their first two places.
 */

// ---------- text ----------

/** PostgreSQL's Italian stop words (tsearch_data/italian.stop), without accents as our text is. */
const STOP = `ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla dalle di del dello dei degli dell degl
della delle in nel nello nei negli nell negl nella nelle su sul sullo sui sugli sull sugl sulla sulle per tra contro io tu lui lei noi voi
loro mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra vostri vostre mi ti ci vi lo la li le gli
ne il un uno una ma ed se perche anche come dov dove che chi cui non piu quale quanto quanti quanta quante quello quelli quella quelle
questo questi questa queste si tutto tutti a c e i l o ho hai ha abbiamo avete hanno abbia abbiate abbiano avro avrai avra avremo avrete
avranno avrei avresti avrebbe avremmo avreste avrebbero avevo avevi aveva avevamo avevate avevano ebbi avesti ebbe avemmo aveste ebbero
avessi avesse avessimo avessero avendo avuto avuta avuti avute sono sei siamo siete sia siate siano saro sarai sara saremo sarete saranno
sarei saresti sarebbe saremmo sareste sarebbero ero eri era eravamo eravate erano fui fosti fu fummo foste furono fossi fosse fossimo
fossero essendo faccio fai facciamo fanno faccia facciate facciano faro farai fara faremo farete faranno farei faresti farebbe faremmo
fareste farebbero facevo facevi faceva facevamo facevate facevano feci facesti fece facemmo faceste fecero facessi facesse facessimo
facessero facendo sto stai sta stiamo stanno stia stiate stiano staro starai stara staremo starete staranno starei staresti starebbe
staremmo stareste starebbero stavo stavi stava stavamo stavate stavano stetti stesti stette stemmo steste stettero stessi stesse stessimo
stessero stando`;
export const STOPWORDS = new Set(STOP.split(/\s+/).filter(Boolean));

/** The words that count: normalised, without stop words and single characters. */
export function tokens(text: string): string[] {
  const n = searchableText(text);
  if (!n) return [];
  return n.split(' ').filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/**
 * A light Italian stemmer: it strips the endings that change with number and gender and the most
 * common suffixes, so that "iscrizione", "iscrizioni"; "servizio", "servizi"; "pagare", "pagamento",
 * "pagamenti"; "scuola", "scuole"; "banca", "banche" meet. It never leaves fewer than 3 letters,
 * and leaves words of up to 3 letters ("cie", "pec") and words ending in a consonant ("spid") alone.
 */
const SUFFIXES = [
  'amento',
  'amenti',
  'imento',
  'imenti',
  'azione',
  'azioni',
  'izione',
  'izioni',
  'uzione',
  'uzioni',
  'zione',
  'zioni',
  'mente',
  'abile',
  'abili',
  'ibile',
  'ibili',
  'ista',
  'iste',
  'isti',
  'ando',
  'endo',
  'are',
  'ere',
  'ire',
  'ato',
  'ata',
  'ati',
  'ate',
  'ito',
  'ita',
  'iti',
  'ite',
  'uto',
  'uta',
  'uti',
  'ute',
].sort((a, b) => b.length - a.length);

export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= 3) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  // banche, banca → banc; servizio, servizi → serviz; scuola, scuole → scuol.
  if (w.length > 4 && /[cg]h[ei]$/.test(w)) return w.slice(0, -2);
  if (w.length > 4 && /i[aeio]$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && /[aeiou]$/.test(w)) return w.slice(0, -1);
  return w;
}

// ---------- query plan ----------

/** Alternatives of one query word (or phrase); each alternative is words that must all match. */
export type Group = string[][];

export interface QueryPlan {
  groups: Group[];
  corrections: { from: string; to: string }[];
}

interface CompiledSynonym {
  stems: string[];
  add: string[][];
}

const COMPILED: CompiledSynonym[] = SYNONYMS.flatMap((s) =>
  s.match
    .map((m) => ({ stems: tokens(m).map(stem), add: s.add.map((a) => tokens(a)).filter((a) => a.length > 0) }))
    .filter((c) => c.stems.length > 0),
);
const SYNONYM_STEMS = new Set(COMPILED.flatMap((c) => c.stems));
const MAX_WORDS = 12;

/** Groups words into synonym phrases, longest phrase first. */
export function plan(words: string[]): Group[] {
  const stems = words.map(stem);
  const groups: Group[] = [];
  let i = 0;
  while (i < words.length) {
    let best = 0;
    let adds: string[][] = [];
    for (const c of COMPILED) {
      const n = c.stems.length;
      if (n < best || i + n > words.length) continue;
      if (!c.stems.every((s, k) => s === stems[i + k])) continue;
      if (n > best) {
        best = n;
        adds = [];
      }
      adds.push(...c.add);
    }
    if (best === 0) {
      groups.push([[words[i]]]);
      i += 1;
      continue;
    }
    const own = words.slice(i, i + best);
    const alternatives: Group = [own];
    const seen = new Set([own.map(stem).join(' ')]);
    for (const a of adds) {
      const key = a.map(stem).join(' ');
      if (!seen.has(key)) {
        seen.add(key);
        alternatives.push(a);
      }
    }
    groups.push(alternatives);
    i += best;
  }
  return groups;
}

/** Edit distance with adjacent transpositions (optimal string alignment), stopping above `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rolling rows: two back for transpositions, one back, and the current one.
  let back2 = new Int32Array(b.length + 1);
  let back1 = new Int32Array(b.length + 1);
  let row = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) back1[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = row[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(back1[j] + 1, row[j - 1] + 1, back1[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, back2[j - 2] + 1);
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [back2, back1, row] = [back1, row, back2];
  }
  return back1[b.length];
}

export const maxTypos = (word: string) => (word.length <= 5 ? 1 : 2);

/** Replaces the words the index does not know with their closest known word. */
async function correct(k: Kysely<Database>, words: string[]): Promise<{ words: string[]; corrections: QueryPlan['corrections'] }> {
  const candidates = [...new Set(words.filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !SYNONYM_STEMS.has(stem(w))))];
  if (candidates.length === 0) return { words, corrections: [] };
  const stems = candidates.map(stem);
  const known = await k
    .selectFrom('guide_terms')
    .select(['term', 'stem'])
    .where((eb) => eb.or([eb('stem', 'in', stems), eb('term', 'in', candidates)]))
    .execute();
  const knownStems = new Set(known.map((r) => r.stem));
  const knownTerms = new Set(known.map((r) => r.term));
  const unknown = candidates.filter((w) => !knownStems.has(stem(w)) && !knownTerms.has(w));
  const replacement = new Map<string, string>();
  for (const w of unknown) {
    const max = maxTypos(w);
    // A typo seldom touches both of the first two letters: a candidate starts with one of them
    // in its first or second place ("sipd" → "spid", "pid" → "spid", "xpid" → "spid").
    const heads = [...new Set([w[0], w[1]])];
    const rows = await k
      .selectFrom('guide_terms')
      .select(['term', 'sheets'])
      .where('length', '>=', w.length - max)
      .where('length', '<=', w.length + max)
      .where((eb) =>
        eb.or([
          eb(eb.fn('substr', ['term', eb.val(1), eb.val(1)]), 'in', heads),
          eb(eb.fn('substr', ['term', eb.val(2), eb.val(1)]), 'in', heads),
        ]),
      )
      .execute();
    let best: { term: string; d: number; sheets: number } | null = null;
    for (const r of rows) {
      const d = editDistance(w, r.term, max);
      if (d > max) continue;
      if (
        !best ||
        d < best.d ||
        (d === best.d && r.sheets > best.sheets) ||
        (d === best.d && r.sheets === best.sheets && r.term < best.term)
      ) {
        best = { term: r.term, d, sheets: r.sheets };
      }
    }
    if (best) replacement.set(w, best.term);
  }
  const corrections = [...replacement].map(([from, to]) => ({ from, to }));
  return { words: words.map((w) => replacement.get(w) ?? w), corrections };
}

/** The plan of a query: words corrected against the vocabulary, then grouped with their synonyms. */
export async function planQuery(k: Kysely<Database>, q: string): Promise<QueryPlan> {
  const words = tokens(q).slice(0, MAX_WORDS);
  if (words.length === 0) return { groups: [], corrections: [] };
  const corrected = await correct(k, words);
  return { groups: plan(corrected.words), corrections: corrected.corrections };
}

/** FTS5 MATCH syntax of a plan: stemmed, quoted terms. */
export function ftsQuery(groups: Group[], mode: 'all' | 'any'): string {
  const alt = (words: string[]) => `(${words.map((w) => `"${stem(w)}"`).join(' AND ')})`;
  return groups.map((g) => `(${g.map(alt).join(' OR ')})`).join(mode === 'all' ? ' AND ' : ' OR ');
}

/** to_tsquery syntax of a plan; PostgreSQL's Italian stemmer reduces the words. */
export function tsQuery(groups: Group[], mode: 'all' | 'any'): string {
  const alt = (words: string[]) => `(${words.join(' & ')})`;
  return groups.map((g) => `(${g.map(alt).join(' | ')})`).join(mode === 'all' ? ' & ' : ' | ');
}

// ---------- index ----------

export interface IndexDoc {
  sheetId: string;
  organisationId: string;
  category: string;
  /** The sheet's name. */
  title: string;
  /** What it is for, who can use it, its category and life events. */
  lead: string;
  /** The body, steps and FAQs. */
  body: string;
}

const CHUNK = 200;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const wordsOf = (d: IndexDoc) => [...new Set(tokens(`${d.title} ${d.lead} ${d.body}`))];
const stemmed = (text: string) => tokens(text).map(stem).join(' ');
const plain = (text: string) => tokens(text).join(' ');

/** Adds to or removes from the vocabulary's counts of sheets per word. */
async function applyDelta(k: Kysely<Database>, delta: Map<string, number>): Promise<void> {
  const up = [...delta].filter(([, n]) => n > 0);
  for (const part of chunks(up)) {
    await k
      .insertInto('guide_terms')
      .values(part.map(([term, n]) => ({ term, stem: stem(term), length: term.length, sheets: n })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ sheets: sql<number>`guide_terms.sheets + excluded.sheets` }))
      .execute();
  }
  const down = new Map<number, string[]>();
  for (const [term, n] of delta) if (n < 0) down.set(-n, [...(down.get(-n) ?? []), term]);
  for (const [n, terms] of down) {
    for (const part of chunks(terms, 500)) {
      await k
        .updateTable('guide_terms')
        .set({ sheets: sql<number>`sheets - ${n}` })
        .where('term', 'in', part)
        .execute();
    }
  }
  if (down.size > 0) await k.deleteFrom('guide_terms').where('sheets', '<=', 0).execute();
}

async function previousWords(k: Kysely<Database>, sheetIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks(sheetIds, 500)) {
    const rows = await k.selectFrom('guide_words').select(['sheet_id', 'words']).where('sheet_id', 'in', part).execute();
    for (const r of rows) out.set(r.sheet_id, r.words ? r.words.split(' ') : []);
  }
  return out;
}

/** Puts sheets into the index, or refreshes them; call inside the transaction that publishes them. */
export async function indexSheets(k: Kysely<Database>, dialect: Dialect, docs: IndexDoc[], now: string): Promise<void> {
  if (docs.length === 0) return;
  const unique = [...new Map(docs.map((d) => [d.sheetId, d])).values()];
  const previous = await previousWords(
    k,
    unique.map((d) => d.sheetId),
  );
  const delta = new Map<string, number>();
  const bump = (term: string, n: number) => delta.set(term, (delta.get(term) ?? 0) + n);
  for (const d of unique) {
    const before = new Set(previous.get(d.sheetId) ?? []);
    const after = new Set(wordsOf(d));
    for (const w of after) if (!before.has(w)) bump(w, 1);
    for (const w of before) if (!after.has(w)) bump(w, -1);
  }
  if (dialect === 'sqlite') {
    const existing = unique.filter((d) => previous.has(d.sheetId)).map((d) => d.sheetId);
    for (const part of chunks(existing, 500)) {
      await sql`delete from guide_fts where rowid in (select doc from guide_index where sheet_id in (${sql.join(part)}))`.execute(k);
      await k.deleteFrom('guide_index').where('sheet_id', 'in', part).execute();
    }
    for (const part of chunks(unique)) {
      const rows = await sql<{
        doc: number;
        sheet_id: string;
      }>`insert into guide_index (sheet_id, organisation_id, category, title) values ${sql.join(
        part.map((d) => sql`(${d.sheetId}, ${d.organisationId}, ${d.category}, ${stemmed(d.title)})`),
      )} returning doc, sheet_id`.execute(k);
      const docOf = new Map(rows.rows.map((r) => [r.sheet_id, r.doc]));
      await sql`insert into guide_fts (rowid, title, lead, body) values ${sql.join(
        part.map((d) => sql`(${docOf.get(d.sheetId)}, ${stemmed(d.title)}, ${stemmed(d.lead)}, ${stemmed(d.body)})`),
      )}`.execute(k);
    }
  } else {
    for (const part of chunks(unique)) {
      await sql`insert into guide_index (sheet_id, organisation_id, category, title, document) values ${sql.join(
        part.map(
          (d) =>
            sql`(${d.sheetId}, ${d.organisationId}, ${d.category}, ${stemmed(d.title)}, setweight(to_tsvector('italian', ${plain(d.title)}), 'A') || setweight(to_tsvector('italian', ${plain(d.lead)}), 'B') || setweight(to_tsvector('italian', ${plain(d.body)}), 'C'))`,
        ),
      )} on conflict (sheet_id) do update set organisation_id = excluded.organisation_id, category = excluded.category, title = excluded.title, document = excluded.document`.execute(
        k,
      );
    }
  }
  for (const part of chunks(unique)) {
    await k
      .insertInto('guide_words')
      .values(part.map((d) => ({ sheet_id: d.sheetId, words: wordsOf(d).join(' '), updated_at: now })))
      .onConflict((oc) => oc.column('sheet_id').doUpdateSet({ words: sql`excluded.words`, updated_at: sql`excluded.updated_at` }))
      .execute();
  }
  await applyDelta(k, delta);
  await bumpSearchVersion(k);
}

/** Takes sheets out of the index (unpublished); call inside the transaction that unpublishes them. */
export async function unindexSheets(k: Kysely<Database>, dialect: Dialect, sheetIds: string[]): Promise<void> {
  if (sheetIds.length === 0) return;
  const previous = await previousWords(k, sheetIds);
  if (previous.size === 0) return;
  const delta = new Map<string, number>();
  for (const words of previous.values()) for (const w of words) delta.set(w, (delta.get(w) ?? 0) - 1);
  const ids = [...previous.keys()];
  for (const part of chunks(ids, 500)) {
    if (dialect === 'sqlite') {
      await sql`delete from guide_fts where rowid in (select doc from guide_index where sheet_id in (${sql.join(part)}))`.execute(k);
    }
    await k.deleteFrom('guide_index').where('sheet_id', 'in', part).execute();
    await k.deleteFrom('guide_words').where('sheet_id', 'in', part).execute();
  }
  await applyDelta(k, delta);
  await bumpSearchVersion(k);
}

// ---------- search ----------

export interface SearchFilters {
  organisation?: string;
  category?: string;
  lifeEvent?: string;
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  id: string;
  /** Higher is better: the name's score plus the text rank (bm25 negated on SQLite); comparable within one dialect only. */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** 'all': every word matched; 'any': no sheet had every word, these have some; 'none': nothing to search. */
  mode: 'all' | 'any' | 'none';
  corrections: QueryPlan['corrections'];
}

/** Column weights: the name counts most, then what it is for, then the body. */
const BM25 = sql.raw('bm25(guide_fts, 10.0, 4.0, 1.0)');
const TS_WEIGHTS = '{0.05, 0.1, 0.4, 1.0}';

/** Filters on the index's own columns: every indexed sheet is published, so no join is needed. */
function filterSql(f: SearchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (f.organisation) parts.push(sql`gi.organisation_id = ${f.organisation}`);
  if (f.category) parts.push(sql`gi.category = ${f.category}`);
  if (f.lifeEvent) {
    parts.push(sql`exists (select 1 from service_sheet_life_events le where le.sheet_id = gi.sheet_id and le.life_event = ${f.lifeEvent})`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * How much of the query the sheet's name holds, computed the same way on both dialects (over the
 * stems stored in guide_index.title): 2 for each group whose own words are all in the name, 1 for
 * each synonym alternative in it. Sheets named after what was asked come first; the dialect's text
 * ranking orders the rest.
 */
function titleScore(groups: Group[]): RawBuilder<number> {
  const terms = groups.flatMap((g) =>
    g.map((alt, i) => {
      const all = sql.join(
        alt.map((w) => sql`(' ' || gi.title || ' ') like ${`% ${stem(w)} %`}`),
        sql` and `,
      );
      return sql`case when ${all} then ${sql.lit(i === 0 ? 2 : 1)} else 0 end`;
    }),
  );
  return sql<number>`(${sql.join(terms, sql` + `)})`;
}

type Row = { id: string; rank: number; tscore: number; total: number };

/**
 * One query per search: the page of hits and, through a window count, how many there are in all,
 * so the matches are read and ranked once. Only a page past the end needs a second count.
 */
async function run(db: Db, groups: Group[], mode: 'all' | 'any', f: SearchFilters): Promise<{ hits: SearchHit[]; total: number }> {
  const limit = f.limit ?? 20;
  const offset = f.offset ?? 0;
  const where = filterSql(f);
  const title = titleScore(groups);
  let rows: Row[];
  let count: () => Promise<number>;
  if (db.dialect === 'sqlite') {
    const match = ftsQuery(groups, mode);
    const from = sql`guide_fts join guide_index gi on gi.doc = guide_fts.rowid`;
    rows =
      // bm25() cannot sit beside a window function: rank in a subquery, count outside it.
      (
        await sql<Row>`select id, rank, tscore, count(*) over () as total from (
          select gi.sheet_id as id, ${BM25} as rank, ${title} as tscore
          from ${from} where guide_fts match ${match} and ${where}
        ) as m order by tscore desc, rank, id limit ${limit} offset ${offset}`.execute(db.k)
      ).rows.map((r) => ({ ...r, rank: -r.rank }));
    count = async () =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from ${from} where guide_fts match ${match} and ${where}`.execute(db.k)).rows[0]
          ?.n ?? 0,
      );
  } else {
    const query = tsQuery(groups, mode);
    const from = sql`guide_index gi, to_tsquery('italian', ${query}) as q(query)`;
    rows = (
      await sql<Row>`select gi.sheet_id as id, ts_rank(${TS_WEIGHTS}::float4[], gi.document, q.query, 1) as rank, ${title} as tscore,
        count(*) over () as total
        from ${from} where gi.document @@ q.query and ${where}
        order by tscore desc, rank desc, gi.sheet_id limit ${limit} offset ${offset}`.execute(db.k)
    ).rows;
    count = async () =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from ${from} where gi.document @@ q.query and ${where}`.execute(db.k)).rows[0]?.n ??
          0,
      );
  }
  const total = rows.length > 0 ? Number(rows[0].total) : offset > 0 ? await count() : 0;
  return { hits: rows.map((r) => ({ id: r.id, score: Number(r.tscore) + Number(r.rank) })), total };
}

/** Searches the published sheets: best first, with the corrections made to the query. */
export async function searchSheets(db: Db, q: string, filters: SearchFilters = {}): Promise<SearchResult> {
  const p = await planQuery(db.k, q);
  if (p.groups.length === 0) return { hits: [], total: 0, mode: 'none', corrections: [] };
  const all = await run(db, p.groups, 'all', filters);
  if (all.total > 0 || p.groups.length === 1) return { ...all, mode: 'all', corrections: p.corrections };
  const any = await run(db, p.groups, 'any', filters);
  return { ...any, mode: 'any', corrections: p.corrections };
}
