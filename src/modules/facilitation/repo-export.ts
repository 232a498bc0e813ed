import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../../db/index.js';
import type { Q, RecordRow } from './repo.js';

/* The reads of the exports: rows streamed in slices, in the column order of each format. */

// ---------- exports ----------

export interface ExportRow extends RecordRow {
  cf_enc: string | null;
}

/**
 * Records of a period in (date, id) order, a batch at a time (keyset pagination on an index), so
 * an export of millions of rows holds one batch in memory.
 */
export async function* exportBatches(
  db: Q,
  s: { programme: string | null; from: string; to: string },
  batchSize = 5000,
): AsyncGenerator<ExportRow[]> {
  let after: { date: string; id: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom('facilitation_records as r')
      .leftJoin('facilitation_citizens as c', 'c.id', 'r.citizen_id')
      .selectAll('r')
      .select('c.cf_enc')
      .where('r.service_date', '>=', s.from)
      .where('r.service_date', '<=', s.to);
    if (s.programme) q = q.where('r.programme_id', '=', s.programme);
    if (after) q = q.where(sql<boolean>`(r.service_date, r.id) > (${after.date}, ${after.id})`);
    const rows = (await q.orderBy('r.service_date').orderBy('r.id').limit(batchSize).execute()) as ExportRow[];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { date: last.service_date, id: last.id };
  }
}

/**
 * What each export reads of a record, as SQL expressions in the order of the row arrays that
 * `exportRows` yields (positions in `N`, `O` and `P`). Runs of code columns the files copy as they
 * are come from the database already joined by `format('%s,…')` (the same on SQLite and
 * PostgreSQL, NULL giving an empty cell): one string per run instead of one per column is the
 * largest saving in reading a million rows, and codes never need CSV quoting. Free text (details,
 * ES4, province) is quoted by the caller, with the one csvCell rule.
 */
const EXPORT_SELECT = {
  national: [
    'r.id',
    'r.venue_id',
    'r.facilitator_id',
    'r.citizen_id',
    'r.province',
    'r.duration_minutes',
    'r.details',
    'r.es4',
    // AN7 to AN11 (the age band becomes AN8's code, and the pre-check reads it from here rather
    // than from a column of its own: a string fewer a row to read), PR1 and PR2, SE3 to SE6, and
    // the questionnaire's codes either side of ES4.
    `format('%s|%s|%s,%s,%s', r.gender, r.age_band, r.education, r.employment, r.citizenship)`,
    `format('%s,%s', r.first_time, r.previous_kinds)`,
    `format('%s,%s,%s,%s', r.kinds, r.areas, r.competences, r.services)`,
    `format('%s,%s,%s|%s,%s', r.es1, r.es2, r.es3, r.es5, r.es6)`,
    'r.service_date',
  ],
  opendata: [
    'r.id',
    'r.service_date',
    'r.service_group_id',
    'r.programme_id',
    'r.organisation_id',
    // The venue and month decide whether the row's demographics are suppressed.
    `format('%s|%s', r.venue_id, substr(r.service_date, 1, 7))`,
    `format('%s|%s', r.venue_id, r.municipality_code)`,
    `format('%s|%s|%s|%s', r.age_band, r.gender, r.employment, r.education)`,
    `format('%s|%s|%s', r.kinds, r.services, r.competences)`,
  ],
  plain: [
    'r.id',
    'r.service_date',
    'r.duration_minutes',
    'r.programme_id',
    'r.venue_id',
    'r.municipality_code',
    'r.facilitator_id',
    'r.has_fiscal_code',
    'r.details',
    'r.province',
    'r.consent_channel',
    `format('%s', r.consent_date)`,
    // Keys of the runs of labels, each turned into its cells once.
    `format('%s|%s|%s|%s', r.kinds, r.competences, r.areas, r.services)`,
    `format('%s|%s|%s|%s|%s', r.age_band, r.gender, r.education, r.employment, r.citizenship)`,
    `format('%s|%s', r.survey_status, r.es6)`,
  ],
} as const;

export type ExportFormat = keyof typeof EXPORT_SELECT;

const positions = <T extends string>(names: readonly T[]) => Object.fromEntries(names.map((n, i) => [n, i])) as Record<T, number>;
/** Positions in a national export row. */
export const N = positions([
  'id',
  'venue',
  'facilitator',
  'citizen',
  'province',
  'duration',
  'details',
  'es4',
  'people',
  'firstTime',
  'service',
  'survey',
  'date',
] as const);
/** Positions in an open-data export row. */
export const O = positions(['id', 'date', 'group', 'programme', 'organisation', 'venueMonth', 'place', 'people', 'service'] as const);
/** Positions in a plain-CSV export row. */
export const P = positions([
  'id',
  'date',
  'duration',
  'programme',
  'venue',
  'municipality',
  'facilitator',
  'fiscalCode',
  'details',
  'province',
  'consentChannel',
  'consentDate',
  'service',
  'people',
  'survey',
] as const);

/** A row of an export: strings, numbers (duration) and nulls at the positions of N, O or P. */
export type ExportArray = (string | number | null)[];

/** Prepared statements of a SQLite handle by SQL text, raw (rows as arrays). */
const statements = new WeakMap<object, Map<string, import('better-sqlite3').Statement>>();

/**
 * Runs a query and returns its rows as arrays, without an object per row: on SQLite through a
 * cached prepared statement in raw mode, on PostgreSQL through the pool in the driver's array row
 * mode. Objects per row were not only slower: on PostgreSQL, where a batch stays alive while the
 * next one is awaited, they survived into the old generation and doubled the process's memory.
 */
async function arrays<T extends unknown[]>(db: Db, query: ReturnType<typeof sql>, client?: pg.PoolClient): Promise<T[]> {
  if (db.sqlite) {
    const compiled = query.compile(db.k);
    let byText = statements.get(db.sqlite);
    if (!byText) {
      byText = new Map();
      statements.set(db.sqlite, byText);
    }
    let stmt = byText.get(compiled.sql);
    if (!stmt) {
      stmt = db.sqlite.prepare(compiled.sql).raw(true);
      byText.set(compiled.sql, stmt);
    }
    return stmt.all(...(compiled.parameters as unknown[])) as T[];
  }
  if (!db.pg) throw new Error('a PostgreSQL Db without its pool');
  const compiled = query.compile(db.k);
  const res = await (client ?? db.pg).query({ text: compiled.sql, values: compiled.parameters as unknown[], rowMode: 'array' });
  return res.rows as T[];
}

/**
 * Records of a period as arrays, a batch at a time (keyset pagination): constant memory whatever
 * the size. They come in id order, which for time-ordered ids is the order the rows were written,
 * so the table is read front to back through the (programme, id, date) index (or the primary key
 * for every programme) instead of jumping around it. Nothing is joined: a citizen's codice fiscale
 * is looked up once per citizen (`citizenCiphertexts`), not once per record. `prepare` loads what
 * a batch refers to (people, places, codes) and its result comes with the batch. A thousand rows
 * a batch: fewer made more round trips to PostgreSQL, more kept two large batches alive at once
 * there (one written, one read ahead) long enough to be promoted to the old generation.
 */
export async function* exportRows<T>(
  db: Db,
  s: ExportScopeRows,
  format: ExportFormat,
  prepare: (rows: ExportArray[]) => Promise<T>,
  batchSize = 1000,
): AsyncGenerator<{ rows: ExportArray[]; prepared: T }> {
  const columns = sql.raw(EXPORT_SELECT[format].map((c, i) => `${c} as c${i}`).join(', '));
  const read = (after: string) =>
    arrays<ExportArray>(
      db,
      sql`select ${columns} from facilitation_records as r
        where ${s.programme ? sql`r.programme_id = ${s.programme} and` : sql``} r.id > ${after}
          and r.service_date >= ${s.from} and r.service_date <= ${s.to}${s.pending ? sql` and ${PENDING}` : sql``}
        order by ${s.programme ? sql`r.programme_id, ` : sql``}r.id limit ${batchSize}`,
    );
  const last = (rows: ExportArray[]) => rows[rows.length - 1][0] as string;
  if (!db.pg) {
    // SQLite answers synchronously: each batch is read when asked for.
    for (let after = ''; ; ) {
      const rows = await read(after);
      if (rows.length === 0) return;
      yield { rows, prepared: await prepare(rows) };
      if (rows.length < batchSize) return;
      after = last(rows);
    }
  }
  // On PostgreSQL a few batches are read (and what they refer to looked up) ahead while one is
  // written, so the server's work and the round trips overlap ours. Each read follows the one
  // before it (keyset order); none is asked for past the end.
  type Ahead = { rows: Promise<ExportArray[]>; prepared: Promise<T> };
  const ahead = (rows: Promise<ExportArray[]>): Ahead => {
    const prepared = rows.then((r) => (r.length ? prepare(r) : (undefined as T)));
    // Handled when awaited; this keeps a consumer that stops early from leaving them unhandled.
    prepared.catch(() => {});
    return { rows, prepared };
  };
  const after = (prev: Ahead): Ahead => ahead(prev.rows.then((r) => (r.length === batchSize ? read(last(r)) : [])));
  const queue: Ahead[] = [ahead(read(''))];
  for (;;) {
    while (queue.length < PG_READ_AHEAD) queue.push(after(queue[queue.length - 1]));
    const b = queue.shift() as Ahead;
    const rows = await b.rows;
    if (rows.length === 0) return;
    yield { rows, prepared: await b.prepared };
    if (rows.length < batchSize) return;
  }
}

/** What an export reads: a programme (or all), a period, and for the national file only what is still to send. */
export interface ExportScopeRows {
  programme: string | null;
  from: string;
  to: string;
  /** Records never sent in a national batch, or corrected since. */
  pending?: boolean;
}

/** A record still to send to the national platform: never sent, or changed since it was. */
export const PENDING = sql`not exists (select 1 from facilitation_batch_records as b where b.record_id = r.id and b.sent_at >= r.updated_at)`;

/** Batches read ahead on PostgreSQL, the one being written included. */
const PG_READ_AHEAD = 3;

/**
 * The encrypted codice fiscale and names of each citizen (null when none was recorded), for ids
 * given in ascending order: the database then walks its primary key in order, which is what makes
 * one lookup per citizen cheaper than a join per record.
 */
export async function citizenCiphertexts(db: Db, sortedIds: string[]): Promise<Map<string, [string | null, string | null]>> {
  const out = new Map<string, [string | null, string | null]>();
  if (sortedIds.length === 0) return out;
  const query = db.sqlite
    ? sql`select c.id as c0, c.cf_enc as c1, c.names_enc as c2 from json_each(${JSON.stringify(sortedIds)}) as j
        cross join facilitation_citizens as c on c.id = j.value`
    : sql`select id as c0, cf_enc as c1, names_enc as c2 from facilitation_citizens where id = any(${sortedIds}::text[])`;
  for (const [id, cf, names] of await arrays<[string, string | null, string | null]>(db, query)) out.set(id, [cf, names]);
  return out;
}

/**
 * The encrypted codice fiscale and names of every citizen served by the programme in the period,
 * a page at a time in id order: the programme's list of citizens (facilitation_citizen_programmes)
 * walked along its key, each checked against the records' index by citizen and the citizens' table
 * read along its own key, so the pages a whole export needs are read once and in order (on SQLite,
 * both checks come from indexes alone; the date each citizen was first served would mean a look
 * into the list's table too, in no order). Looking citizens up a batch of records at a time jumps
 * all over the table instead: for a whole programme, three times the processor time on SQLite.
 */
export async function* programmeCitizenCiphertexts(
  db: Db,
  s: { programme: string; from: string; to: string },
  /**
   * How many citizens the programme has (a page or less is read as any query is); not known yet
   * when the first page is asked for with the count, and then taken as more than a page.
   */
  citizens = Number.POSITIVE_INFINITY,
  pageSize = 5000,
): AsyncGenerator<[string, string | null, string | null][]> {
  type Page = [string, string | null, string | null][];
  // On PostgreSQL the pages are read on one connection of their own with parallel workers turned
  // off: for each page of 5,000 the planner would start two workers and merge what they find,
  // which on the benchmark's programme took longer a page (42-79 ms against 27-33 ms, prepared as
  // here, on a loaded machine) and two more processes' processor time, for an ordered walk of a few
  // thousand rows that one process reads from its indexes faster than it can start the others. A programme
  // of a page or less is read as any query is, without the two round trips of the setting.
  const client = db.pg && citizens > pageSize ? await db.pg.connect() : undefined;
  let failed: Error | undefined;
  try {
    if (client) await client.query('set max_parallel_workers_per_gather = 0');
    const read = (after: string) =>
      arrays<[string, string | null, string | null]>(
        db,
        sql`select c.id as c0, c.cf_enc as c1, c.names_enc as c2
          from facilitation_citizen_programmes as cp join facilitation_citizens as c on c.id = cp.citizen_id
          where cp.programme_id = ${s.programme} and cp.citizen_id > ${after}
            and exists (select 1 from facilitation_records as r
              where r.citizen_id = cp.citizen_id and r.programme_id = cp.programme_id
                and r.service_date >= ${s.from} and r.service_date <= ${s.to})
          order by cp.citizen_id limit ${pageSize}`,
        client,
      );
    // On PostgreSQL the next page is asked for before this one is handed over, so the server reads
    // it while the caller opens this one's names; SQLite answers in this thread, a page when asked.
    let next: Promise<Page> = read('');
    try {
      for (;;) {
        const page = await next;
        if (page.length === 0) return;
        const more = page.length === pageSize;
        if (more && db.pg) {
          next = read(page[page.length - 1][0]);
          // Handled when awaited; this keeps a consumer that stops early from leaving it unhandled.
          next.catch(() => {});
        }
        yield page;
        if (!more) return;
        if (!db.pg) next = read(page[page.length - 1][0]);
      }
    } finally {
      // A page asked for ahead ends before the connection goes back to the pool.
      await next.catch(() => {});
    }
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    if (client) {
      // The setting is the session's: reset before the connection serves anything else (a failed
      // connection is closed instead).
      if (!failed) await client.query('reset max_parallel_workers_per_gather').catch((err: Error) => (failed = err));
      client.release(failed);
    }
  }
}

/** How many citizens the programme has served (ever). */
export async function programmeCitizenCount(db: Q, programme: string): Promise<number> {
  const row = await db
    .selectFrom('facilitation_citizen_programmes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('programme_id', '=', programme)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Records of the programme that repeat an earlier one (lower id) to the same citizen with the same
 * SE1, SE2, SE3, SE5, SE6 and SE7: the national platform discards them as duplicates.
 */
export async function duplicateRecordIds(db: Q, s: ExportScopeRows): Promise<Set<string>> {
  const out = new Set<string>();
  if (!s.programme) return out;
  // First the (citizen, date) pairs served more than once, from the covering index on citizens
  // (a quarter of a second for 400,000 records; numbering every record in one windowed pass took
  // six times that): most programmes have none, and only those pairs' records are read again.
  const pairs = await sql<{ citizen_id: string; service_date: string }>`select citizen_id, service_date
    from facilitation_records
    where programme_id = ${s.programme} and citizen_id is not null and service_date >= ${s.from} and service_date <= ${s.to}
    group by citizen_id, service_date having count(*) > 1`.execute(db);
  if (pairs.rows.length === 0) return out;
  const wanted = new Set(pairs.rows.map((p) => `${p.citizen_id}|${p.service_date}`));
  const citizens = [...new Set(pairs.rows.map((p) => p.citizen_id))];
  const seen = new Set<string>();
  for (let i = 0; i < citizens.length; i += 500) {
    const rows = await db
      .selectFrom('facilitation_records')
      .select(['id', 'citizen_id', 'service_date', 'duration_minutes', 'kinds', 'competences', 'services', 'details'])
      .where('programme_id', '=', s.programme)
      .where('citizen_id', 'in', citizens.slice(i, i + 500))
      .where('service_date', '>=', s.from)
      .where('service_date', '<=', s.to)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      if (!wanted.has(`${r.citizen_id}|${r.service_date}`)) continue;
      const key = [r.citizen_id, r.service_date, r.duration_minutes, r.kinds, r.competences, r.services, r.details ?? ''].join('\u0001');
      if (seen.has(key)) out.add(r.id);
      else seen.add(key);
    }
  }
  return out;
}

/** How many records an export will write (for the progress bar). */
export async function countForExport(db: Q, s: { programme: string | null; from: string; to: string }): Promise<number> {
  let q = db
    .selectFrom('facilitation_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_date', '>=', s.from)
    .where('service_date', '<=', s.to);
  if (s.programme) q = q.where('programme_id', '=', s.programme);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Services per venue and month from the roll-up (for open-data suppression of small cells). */
export async function venueMonthCounts(db: Q, programme: string | null): Promise<Map<string, number>> {
  let q = db
    .selectFrom('facilitation_rollup_venue')
    .select(['venue_id', 'month', sql<number>`sum(services)`.as('services')])
    .where('dim', '=', 'all');
  if (programme) q = q.where('programme_id', '=', programme);
  const rows = await q.groupBy(['venue_id', 'month']).execute();
  return new Map(rows.map((r) => [`${r.venue_id}|${r.month}`, Number(r.services)]));
}
