import { type Kysely, sql, type Transaction } from 'kysely';
import { audit as writeAudit } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import { inBatches } from '../../core/in-batches.js';
import { deleteRows, findRow, firstRow, insertRow, maxOf, updateRows, upsertRow } from '../../core/rows.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type {
  Database,
  FacilitationBatchTable,
  FacilitationCitizenTable,
  FacilitationRecordTable,
  FacilitationRollupVenueTable,
  FacilitationSettingsTable,
} from '../../db/schema.js';
import { splitCodes } from './codes.js';
import { type ExportScopeRows, PENDING } from './repo-export.js';

export type Q = Kysely<Database> | Transaction<Database>;
export type RecordRow = FacilitationRecordTable;
export type CitizenRow = FacilitationCitizenTable;

export * from './repo-export.js';

// ---------- settings ----------

export const settingsOf = (db: Q, programmeId: string): Promise<FacilitationSettingsTable | undefined> =>
  findRow(db, 'facilitation_settings', { programme_id: programmeId });

export async function putSettings(db: Q, row: FacilitationSettingsTable): Promise<void> {
  const { edit_window_days, admits_minors, updated_at } = row;
  await upsertRow(db, 'facilitation_settings', row, ['programme_id'], { edit_window_days, admits_minors, updated_at });
}

// ---------- citizens ----------

/** The citizen of the organisation with one of the keyed hashes (one per key in the ring). */
export const findCitizen = (db: Q, organisationId: string, hashes: string[]): Promise<CitizenRow | undefined> =>
  findRow(db, 'facilitation_citizens', { organisation_id: organisationId, key_hash: hashes });

/** Inserts a citizen unless another write did first; either way returns the row and whether it is new. */
export async function ensureCitizen(trx: Q, row: CitizenRow): Promise<{ citizen: CitizenRow; created: boolean }> {
  const inserted = await trx
    .insertInto('facilitation_citizens')
    .values(row)
    .onConflict((oc) => oc.columns(['organisation_id', 'key_hash']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { citizen: row, created: true };
  const existing = await findCitizen(trx, row.organisation_id, [row.key_hash]);
  if (!existing) throw new Error('citizen vanished while being created');
  return { citizen: existing, created: false };
}

/**
 * Locks the citizen's row for the rest of the transaction (PostgreSQL; SQLite has one writer), so
 * two services for the same person written at once cannot both count them as new.
 */
export async function lockCitizen(trx: Q, dialect: Db['dialect'], citizenId: string): Promise<void> {
  if (dialect === 'postgres') await sql`select id from facilitation_citizens where id = ${citizenId} for update`.execute(trx);
}

export async function updateCitizen(trx: Q, id: string, set: Partial<CitizenRow>): Promise<void> {
  await updateRows(trx, 'facilitation_citizens', { id }, { ...set, updated_at: nowIso() });
}

/** Another record of the programme that tells the same service to the same citizen (the national duplicate key). */
export async function sameService(
  db: Q,
  r: Pick<
    RecordRow,
    'programme_id' | 'citizen_id' | 'service_date' | 'duration_minutes' | 'kinds' | 'competences' | 'services' | 'details'
  >,
  exceptId: string | null,
): Promise<boolean> {
  let q = db
    .selectFrom('facilitation_records')
    .select('id')
    .where('citizen_id', '=', r.citizen_id)
    .where('programme_id', '=', r.programme_id)
    .where('service_date', '=', r.service_date)
    .where('duration_minutes', '=', r.duration_minutes)
    .where('kinds', '=', r.kinds)
    .where('competences', '=', r.competences)
    .where('services', '=', r.services)
    .where('details', r.details === null ? 'is' : '=', r.details);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return !!(await q.limit(1).executeTakeFirst());
}

export const citizenById = (db: Q, id: string): Promise<CitizenRow | undefined> => findRow(db, 'facilitation_citizens', { id });

// ---------- records ----------

export const recordById = (db: Q, id: string): Promise<RecordRow | undefined> => findRow(db, 'facilitation_records', { id });

export const insertRecord = (trx: Q, row: RecordRow): Promise<void> => insertRow(trx, 'facilitation_records', row);

export async function updateRecordRow(trx: Q, id: string, set: Partial<RecordRow>): Promise<void> {
  await updateRows(trx, 'facilitation_records', { id }, set);
}

export async function deleteRecordRow(trx: Q, id: string): Promise<void> {
  await deleteRows(trx, 'facilitation_records', { id });
}

/** The facilitator's latest record, for the form's defaults. */
export const lastRecordOf = (db: Q, facilitatorId: string): Promise<RecordRow | undefined> =>
  firstRow(db, 'facilitation_records', { facilitator_id: facilitatorId }, ['created_at desc']);

export interface ListFilter {
  /** null: every organisation (platform administrators). */
  organisations: string[] | null;
  programme?: string;
  venue?: string;
  facilitator?: string;
  from?: string;
  to?: string;
  /** Keyset cursor: records strictly before (date, id) in the descending order. */
  before?: { date: string; id: string };
  limit: number;
}

export async function listRecords(db: Q, f: ListFilter): Promise<RecordRow[]> {
  if (f.organisations && f.organisations.length === 0) return [];
  let q = db.selectFrom('facilitation_records').selectAll();
  if (f.organisations) q = q.where('organisation_id', 'in', f.organisations);
  if (f.programme) q = q.where('programme_id', '=', f.programme);
  if (f.venue) q = q.where('venue_id', '=', f.venue);
  if (f.facilitator) q = q.where('facilitator_id', '=', f.facilitator);
  if (f.from) q = q.where('service_date', '>=', f.from);
  if (f.to) q = q.where('service_date', '<=', f.to);
  if (f.before) q = q.where(sql<boolean>`(service_date, id) < (${f.before.date}, ${f.before.id})`);
  return q.orderBy('service_date', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** The programme's first record of the citizen (by date, then id), if any. */
export const firstRecordOf = (db: Q, programmeId: string, citizenId: string): Promise<RecordRow | undefined> =>
  firstRow(db, 'facilitation_records', { citizen_id: citizenId, programme_id: programmeId }, ['service_date', 'id']);

export const firstSeen = (db: Q, programmeId: string, citizenId: string) =>
  findRow(db, 'facilitation_citizen_programmes', { programme_id: programmeId, citizen_id: citizenId });

/** A citizen's first record in a programme is kept once per (programme, citizen). */
const KEY = ['programme_id', 'citizen_id'] as const;

export async function setFirstSeen(trx: Q, programmeId: string, citizenId: string, first: RecordRow | undefined): Promise<void> {
  if (!first) {
    await deleteRows(trx, 'facilitation_citizen_programmes', { programme_id: programmeId, citizen_id: citizenId });
    return;
  }
  const seen = { first_record_id: first.id, first_date: first.service_date };
  await upsertRow(trx, 'facilitation_citizen_programmes', { programme_id: programmeId, citizen_id: citizenId, ...seen }, KEY, seen);
}

// ---------- roll-ups ----------

/** The dimensions a record counts in: each code of a multi-valued field counts once. */
export function dimensionsOf(
  r: Pick<
    RecordRow,
    'kinds' | 'competences' | 'areas' | 'services' | 'age_band' | 'gender' | 'education' | 'employment' | 'citizenship' | 'facilitator_id'
  >,
): [string, string][] {
  const dims: [string, string][] = [['all', '']];
  for (const k of splitCodes(r.kinds)) dims.push(['kind', k]);
  for (const c of splitCodes(r.competences)) dims.push(['competence', c]);
  for (const a of splitCodes(r.areas)) dims.push(['area', a]);
  for (const s of splitCodes(r.services)) dims.push(['service', s]);
  dims.push(['ageBand', r.age_band ?? '']);
  dims.push(['gender', r.gender ?? '']);
  dims.push(['education', r.education ?? '']);
  dims.push(['employment', r.employment ?? '']);
  dims.push(['citizenship', r.citizenship ?? '']);
  dims.push(['facilitator', r.facilitator_id]);
  return dims;
}

export interface Measures {
  services: number;
  minutes: number;
  citizens: number;
  rating_sum: number;
  rating_count: number;
}

export type Delta = Omit<FacilitationRollupVenueTable, never>;

export const monthOf = (date: string): string => date.slice(0, 7);

/** What a record adds to the roll-ups (sign -1 takes it away); `citizen` adds the unique citizen it was first for. */
export function deltasOf(r: RecordRow, sign: 1 | -1, part: 'service' | 'citizen'): Delta[] {
  const base = {
    programme_id: r.programme_id,
    month: monthOf(r.service_date),
    venue_id: r.venue_id,
    municipality_code: r.municipality_code,
  };
  const m: Measures =
    part === 'service'
      ? {
          services: sign,
          minutes: sign * r.duration_minutes,
          citizens: 0,
          rating_sum: r.es6 ? sign * r.es6 : 0,
          rating_count: r.es6 ? sign : 0,
        }
      : { services: 0, minutes: 0, citizens: sign, rating_sum: 0, rating_count: 0 };
  return dimensionsOf(r).map(([dim, value]) => ({ ...base, dim, value, ...m }));
}

const venueKey = (d: Delta) => `${d.programme_id}|${d.month}|${d.venue_id}|${d.municipality_code}|${d.dim}|${d.value}`;
const monthKey = (d: Delta) => `${d.programme_id}|${d.month}|${d.dim}|${d.value}`;

function combine(deltas: Delta[], key: (d: Delta) => string): Delta[] {
  const out = new Map<string, Delta>();
  for (const d of deltas) {
    const k = key(d);
    const cur = out.get(k);
    if (!cur) out.set(k, { ...d });
    else {
      cur.services += d.services;
      cur.minutes += d.minutes;
      cur.citizens += d.citizens;
      cur.rating_sum += d.rating_sum;
      cur.rating_count += d.rating_count;
    }
  }
  // Sorted, so concurrent writers take the rows' locks in the same order (no deadlocks).
  return [...out.entries()]
    .filter(([, d]) => d.services || d.minutes || d.citizens || d.rating_sum || d.rating_count)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}

const add = (table: string, col: string) => sql<number>`${sql.ref(`${table}.${col}`)} + ${sql.ref(`excluded.${col}`)}`;

/** Adds the deltas to both roll-ups, in one statement each, inside the caller's transaction. */
export async function applyDeltas(trx: Q, deltas: Delta[]): Promise<void> {
  const venueRows = combine(deltas, venueKey);
  if (venueRows.length === 0) return;
  const monthRows = combine(deltas, monthKey).map(({ venue_id: _v, municipality_code: _m, ...rest }) => rest);
  // 11 columns × 80 rows stays under both databases' bound-parameter limits.
  await inBatches(venueRows, 80, (batch) =>
    trx
      .insertInto('facilitation_rollup_venue')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['programme_id', 'month', 'venue_id', 'municipality_code', 'dim', 'value']).doUpdateSet({
          services: add('facilitation_rollup_venue', 'services'),
          minutes: add('facilitation_rollup_venue', 'minutes'),
          citizens: add('facilitation_rollup_venue', 'citizens'),
          rating_sum: add('facilitation_rollup_venue', 'rating_sum'),
          rating_count: add('facilitation_rollup_venue', 'rating_count'),
        }),
      )
      .execute(),
  );
  await inBatches(monthRows, 80, (batch) =>
    trx
      .insertInto('facilitation_rollup')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['programme_id', 'month', 'dim', 'value']).doUpdateSet({
          services: add('facilitation_rollup', 'services'),
          minutes: add('facilitation_rollup', 'minutes'),
          citizens: add('facilitation_rollup', 'citizens'),
          rating_sum: add('facilitation_rollup', 'rating_sum'),
          rating_count: add('facilitation_rollup', 'rating_count'),
        }),
      )
      .execute(),
  );
}

/** Deltas summed per roll-up row (venue level), zero rows dropped. */
export const combineDeltas = (deltas: Delta[]): Delta[] => combine(deltas, venueKey);

// ---------- dashboard reads ----------

export interface RollupScope {
  /** null: every programme. */
  programmes: string[] | null;
  monthFrom: string;
  monthTo: string;
  municipality?: string;
  venue?: string;
  /** Only these dimensions (default: all). */
  dims?: string[];
}

export interface SumRow extends Measures {
  key: string;
  value: string;
}

const sums = [
  sql<number>`sum(services)`.as('services'),
  sql<number>`sum(minutes)`.as('minutes'),
  sql<number>`sum(citizens)`.as('citizens'),
  sql<number>`sum(rating_sum)`.as('rating_sum'),
  sql<number>`sum(rating_count)`.as('rating_count'),
];

function num(row: Record<string, unknown>): Measures {
  return {
    services: Number(row.services ?? 0),
    minutes: Number(row.minutes ?? 0),
    citizens: Number(row.citizens ?? 0),
    rating_sum: Number(row.rating_sum ?? 0),
    rating_count: Number(row.rating_count ?? 0),
  };
}

/**
 * The roll-up rows of a scope's months: the table by venue when the scope names a venue or a comune
 * (or `byVenue` asks for it), else the smaller one by programme.
 */
function rollupRows(db: Q, s: RollupScope, byVenue = false) {
  const table = byVenue || s.venue || s.municipality ? 'facilitation_rollup_venue' : 'facilitation_rollup';
  let q = db
    .selectFrom(table as 'facilitation_rollup_venue')
    .where('month', '>=', s.monthFrom)
    .where('month', '<=', s.monthTo);
  if (s.programmes) q = q.where('programme_id', 'in', s.programmes);
  if (s.venue) q = q.where('venue_id', '=', s.venue);
  if (s.municipality) q = q.where('municipality_code', '=', s.municipality);
  return q;
}

/** Sums per dimension and value (dimension 'all' is the total), over whole months. */
export async function rollupByDimension(db: Q, s: RollupScope): Promise<SumRow[]> {
  if (s.programmes && s.programmes.length === 0) return [];
  let q = rollupRows(db, s).select(['dim', 'value', ...sums]);
  if (s.dims) q = q.where('dim', 'in', s.dims);
  const rows = await q.groupBy(['dim', 'value']).execute();
  return rows.map((r) => ({ key: r.dim, value: r.value, ...num(r) }));
}

/** Totals per month (key) over whole months. */
export async function rollupByMonth(db: Q, s: RollupScope): Promise<SumRow[]> {
  if (s.programmes && s.programmes.length === 0) return [];
  const rows = await rollupRows(db, s)
    .select(['month', ...sums])
    .where('dim', '=', 'all')
    .groupBy('month')
    .execute();
  return rows.map((r) => ({ key: 'month', value: r.month, ...num(r) }));
}

/** Totals per venue (value = venue id, key = its comune) over whole months. */
export async function rollupByVenue(db: Q, s: RollupScope): Promise<SumRow[]> {
  if (s.programmes && s.programmes.length === 0) return [];
  const rows = await rollupRows(db, s, true)
    .select(['venue_id', 'municipality_code', ...sums])
    .where('dim', '=', 'all')
    .groupBy(['venue_id', 'municipality_code'])
    .execute();
  return rows.map((r) => ({ key: r.municipality_code, value: r.venue_id, ...num(r) }));
}

export interface RawScope {
  programmes: string[] | null;
  from: string;
  to: string;
  municipality?: string;
  venue?: string;
}

/** Records of a few days (the partial months at the edges of a period), each with whether it is its citizen's first. */
export async function rawRecords(db: Q, s: RawScope): Promise<(RecordRow & { is_first: number })[]> {
  if (s.programmes && s.programmes.length === 0) return [];
  let q = db
    .selectFrom('facilitation_records as r')
    .leftJoin('facilitation_citizen_programmes as cp', 'cp.first_record_id', 'r.id')
    .selectAll('r')
    .select(sql<number>`case when cp.first_record_id is null then 0 else 1 end`.as('is_first'))
    .where('r.service_date', '>=', s.from)
    .where('r.service_date', '<=', s.to);
  if (s.programmes) q = q.where('r.programme_id', 'in', s.programmes);
  if (s.venue) q = q.where('r.venue_id', '=', s.venue);
  if (s.municipality) q = q.where('r.municipality_code', '=', s.municipality);
  return q.execute();
}

// ---------- people and places (read-only) ----------

// ---------- audit ----------

/** One line of the audit log; the entity is a facilitation record unless named. */
export async function audit(
  trx: Q,
  entry: {
    userId: string | null;
    organisationId: string | null;
    action: string;
    entity?: string;
    entityId: string | null;
    details?: object;
  },
): Promise<void> {
  await writeAudit(trx, { ...entry, entity: entry.entity ?? 'facilitation_record' });
}

/** One line of the audit log about what a principal (or the system, null) did to a programme's facilitation. */
export async function auditProgramme(
  trx: Q,
  principal: Principal | null,
  programme: { id: string; organisation: { id: string } },
  action: string,
  details: object,
): Promise<void> {
  const userId = principal?.userId ?? null;
  await audit(trx, { userId, organisationId: programme.organisation.id, action, entity: 'programme', entityId: programme.id, details });
}

// ---------- key rotation ----------

/** Citizens whose codice fiscale or hash is not under the key `keyId`, a batch at a time. */
export async function citizensNotUnder(db: Q, keyId: string, limit: number, afterId: string | null): Promise<CitizenRow[]> {
  let q = db
    .selectFrom('facilitation_citizens')
    .selectAll()
    .where('kind', '=', 'cf')
    .where((eb) =>
      eb.or([
        eb('key_id', '!=', keyId),
        eb('cf_enc', 'not like', `v1:${keyId}:%`),
        eb.and([eb('names_enc', 'is not', null), eb('names_enc', 'not like', `v1:${keyId}:%`)]),
      ]),
    );
  if (afterId) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
}

// ---------- national batches ----------

export async function nextBatchNumber(trx: Q, programmeId: string): Promise<number> {
  return (await maxOf(trx, 'facilitation_batches', 'number', { programme_id: programmeId })) + 1;
}

/**
 * Puts in a batch the records of its scope that an export starting at `startedAt` wrote (those not
 * changed since, less the refused ones), flagging corrections, and marks them sent at `startedAt`.
 */
export async function fillBatch(
  trx: Q,
  dialect: Db['dialect'],
  batchId: string,
  s: ExportScopeRows,
  startedAt: string,
  refused: string[],
  slice = BATCH_SLICE,
): Promise<{ rows: number; corrections: number }> {
  // In id order: the records' order, so the index on record_id grows at its end. SQLite is told to
  // walk the (programme, id) index, which gives that order; left to itself it read the date index
  // and sorted 400,000 ids in memory (temp_store = MEMORY), a hundred megabytes at the peak.
  const byId = dialect === 'sqlite' ? sql` indexed by facilitation_records_programme_id` : sql``;
  // "Still to send": on PostgreSQL read from what was sent before, aggregated once, as a probe per
  // row into the table being filled is what it turned into a scan per row; SQLite probes the
  // (record_id, sent_at) index, where the aggregate would be built again for every slice.
  const pg = dialect !== 'sqlite';
  const pending =
    s.pending && pg
      ? sql` left join (select record_id, max(sent_at) as sent from facilitation_batch_records group by record_id) as p
        on p.record_id = r.id`
      : sql``;
  const stillToSend = !s.pending ? sql`` : pg ? sql` and (p.record_id is null or r.updated_at > p.sent)` : sql` and ${PENDING}`;
  // A slice of records at a time, each in its own statement: SQLite keeps a statement's journal
  // (the pages it changed, to undo the statement alone) in memory, and one statement for 400,000
  // records held seventy megabytes of it. Slices of BATCH_SLICE keep it to a few.
  for (let after = ''; ; ) {
    const inserted = await sql`insert into facilitation_batch_records (batch_id, record_id, correction, sent_at)
      select ${batchId}, r.id, 0, ${startedAt}
      from facilitation_records as r${byId}${pending}
      where r.programme_id = ${s.programme} and r.id > ${after} and r.service_date >= ${s.from} and r.service_date <= ${s.to}
        and r.updated_at <= ${startedAt}${stillToSend}
      order by r.id limit ${slice}`.execute(trx);
    const count = Number(inserted.numAffectedRows ?? 0);
    if (count === 0) break;
    const last = await trx
      .selectFrom('facilitation_batch_records')
      .select((eb) => eb.fn.max('record_id').as('id'))
      .where('batch_id', '=', batchId)
      .executeTakeFirstOrThrow();
    // Then the slice's corrections, in a statement of their own: asking "sent before?" inside the
    // insert read the table being filled, which PostgreSQL scanned again for every row.
    await sql`update facilitation_batch_records set correction = 1
      where batch_id = ${batchId} and record_id > ${after} and record_id <= ${last.id}
        and record_id in (select p.record_id from facilitation_batch_records as p
          where p.record_id > ${after} and p.record_id <= ${last.id} and p.batch_id <> ${batchId})`.execute(trx);
    if (count < slice) break;
    after = last.id as string;
  }
  await inBatches(refused, 500, (batch) =>
    trx.deleteFrom('facilitation_batch_records').where('batch_id', '=', batchId).where('record_id', 'in', batch).execute(),
  );
  const n = await trx
    .selectFrom('facilitation_batch_records')
    .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>('correction').as('corrections')])
    .where('batch_id', '=', batchId)
    .executeTakeFirstOrThrow();
  return { rows: Number(n.rows), corrections: Number(n.corrections ?? 0) };
}

/** Records added to a batch by one statement (see fillBatch). */
const BATCH_SLICE = 20_000;

export type BatchRow = FacilitationBatchTable;

export async function batchesOf(db: Q, programmeId: string): Promise<FacilitationBatchTable[]> {
  return db.selectFrom('facilitation_batches').selectAll().where('programme_id', '=', programmeId).orderBy('number', 'desc').execute();
}

export async function batchById(db: Q, id: string): Promise<FacilitationBatchTable | undefined> {
  return db.selectFrom('facilitation_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markBatchUploaded(
  db: Q,
  id: string,
  set: Pick<FacilitationBatchTable, 'uploaded_at' | 'uploaded_by' | 'outcome_name' | 'outcome'>,
): Promise<void> {
  await db.updateTable('facilitation_batches').set(set).where('id', '=', id).execute();
}

/** How many records of the programme are still to send (never sent, or corrected since), and how many of them are corrections. */
export async function pendingCounts(db: Q, programmeId: string): Promise<{ pending: number; corrections: number }> {
  const row = await sql<{ pending: number | string; corrections: number | string | null }>`select count(*) as pending,
      sum(case when exists (select 1 from facilitation_batch_records as p where p.record_id = r.id) then 1 else 0 end) as corrections
    from facilitation_records as r where r.programme_id = ${programmeId} and ${PENDING}`.execute(db);
  return { pending: Number(row.rows[0]?.pending ?? 0), corrections: Number(row.rows[0]?.corrections ?? 0) };
}

/**
 * Erases the codice fiscale and names of citizens served only in the `expired` programmes (none of
 * their records in a `live` one). Returns how many citizens were erased.
 */
export async function eraseIdentities(db: Q, expired: string[], live: string[]): Promise<number> {
  let q = db
    .updateTable('facilitation_citizens')
    .set({ cf_enc: null, names_enc: null, updated_at: nowIso() })
    .where((eb) => eb.or([eb('cf_enc', 'is not', null), eb('names_enc', 'is not', null)]))
    .where('id', 'in', (eb) =>
      eb.selectFrom('facilitation_records').select('citizen_id').where('programme_id', 'in', expired).where('citizen_id', 'is not', null),
    );
  if (live.length > 0) {
    q = q.where('id', 'not in', (eb) =>
      eb.selectFrom('facilitation_records').select('citizen_id').where('programme_id', 'in', live).where('citizen_id', 'is not', null),
    );
  }
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows ?? 0);
}
