import { CompiledQuery, type Kysely, SqliteAdapter, sql, type Transaction } from 'kysely';
import { isId, newId } from '../../core/ids.js';
import { insertJobsSql, insertJobWhereSql, type JobSpec, jobRowValues } from '../../core/jobs.js';
import {
  deleteRows,
  findRow,
  insertRow,
  organisationOfRow,
  organisationThrough,
  rowById,
  selectRows,
  updateRows,
} from '../../core/rows.js';
import { addMs } from '../../core/time.js';
import type { Db, Dialect } from '../../db/index.js';
import { type Op, one, q } from '../../db/op-driver.js';
import type {
  Database,
  DeskAppointmentTable,
  DeskExceptionTable,
  DeskHoldTable,
  DeskHoursTable,
  DeskOperatorTable,
  DeskServiceTable,
  DeskTable,
} from '../../db/schema.js';
import { UNIT_MS, unitsOf } from './slots.js';

export type Executor = Kysely<Database> | Transaction<Database>;

// ---------- statements of the booking's path, written once ----------
// A booking's statements are the same text every time: they are run as written, with `?`
// placeholders ($1… on PostgreSQL), without building and compiling each through Kysely anew.

const pgTexts = new Map<string, string>();

function isSqlite(ex: Executor): boolean {
  return ex.getExecutor().adapter instanceof SqliteAdapter;
}

/** Runs one statement written with `?` placeholders: its rows and the rows it changed. */
async function run<R>(ex: Executor, text: string, params: readonly unknown[]): Promise<{ rows: R[]; changed: number }> {
  let query = text;
  if (!isSqlite(ex)) {
    let pg = pgTexts.get(text);
    if (!pg) {
      let n = 0;
      pg = text.replace(/\?/g, () => `$${++n}`);
      pgTexts.set(text, pg);
    }
    query = pg;
  }
  const r = await ex.executeQuery<R>(CompiledQuery.raw(query, params as unknown[]));
  return { rows: r.rows, changed: Number(r.numAffectedRows ?? r.rows.length) };
}

/** Texts made for a number of rows (units of a slot), kept by that number. */
function byCount(make: (n: number) => string): (n: number) => string {
  const texts = new Map<number, string>();
  return (n) => {
    let text = texts.get(n);
    if (!text) {
      text = make(n);
      texts.set(n, text);
    }
    return text;
  };
}

/**
 * Runs a transaction, retrying it when PostgreSQL aborts it as a deadlock victim or a
 * serialisation failure (rows of desk_slot_usage locked in two orders by two bookings): the
 * citizen gets an answer, never a 500 for a race the database resolved.
 */
export async function transaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.k.transaction().execute(fn);
    } catch (err) {
      const code = (err as { code?: string }).code;
      const retryable = code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
      if (!retryable || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}

// ---------- owners, for access rules ----------

export async function organisationOfDesk(db: Db, deskId: string | undefined): Promise<string | undefined> {
  return isId(deskId) ? organisationOfRow(db, 'desks', deskId) : undefined;
}

/** The tables whose rows belong to a desk, and so to the desk's organisation. */
type OfDesk = 'desk_appointments' | 'desk_exceptions' | 'desk_operators';

async function organisationThroughDesk(db: Db, table: OfDesk, id: string | undefined): Promise<string | undefined> {
  return isId(id) ? organisationThrough(db, table, 'desk_id', 'desks', id) : undefined;
}

export const organisationOfAppointment = (db: Db, id: string | undefined) => organisationThroughDesk(db, 'desk_appointments', id);
export const organisationOfException = (db: Db, id: string | undefined) => organisationThroughDesk(db, 'desk_exceptions', id);
export const organisationOfOperator = (db: Db, id: string | undefined) => organisationThroughDesk(db, 'desk_operators', id);

// ---------- desks ----------

export const deskRow = (db: Executor, id: string): Promise<DeskTable | undefined> => rowById(db, 'desks', id);

/** The desk's schedule_version (moved by triggers with every change of its schedule), or undefined when there is no such desk. */
export async function scheduleVersion(db: Executor, id: string): Promise<number | undefined> {
  const { rows } = await run<{ schedule_version: number }>(db, 'select schedule_version from desks where id = ?', [id]);
  return rows.length ? Number(rows[0].schedule_version) : undefined;
}

export async function deskRows(
  db: Db,
  filter: { organisation?: string; service?: string; activeOnly: boolean; ids?: string[] },
): Promise<DeskTable[]> {
  let q = db.k.selectFrom('desks').selectAll('desks');
  if (filter.activeOnly) q = q.where('desks.active', '=', 1);
  if (filter.organisation) q = q.where('desks.organisation_id', '=', filter.organisation);
  if (filter.ids) q = q.where('desks.id', 'in', filter.ids.length ? filter.ids : ['-']);
  if (filter.service) {
    q = q.where('desks.id', 'in', (eb) =>
      eb.selectFrom('desk_services').select('desk_services.desk_id').where('desk_services.code', '=', filter.service!),
    );
  }
  return q.orderBy('desks.name').orderBy('desks.id').execute();
}

export const servicesOf = (db: Executor, deskIds: string[]): Promise<DeskServiceTable[]> =>
  selectRows(db, 'desk_services', { desk_id: deskIds }, ['desk_id', 'position']);

export const hoursOf = (db: Executor, deskIds: string[]): Promise<DeskHoursTable[]> =>
  selectRows(db, 'desk_hours', { desk_id: deskIds }, ['desk_id', 'weekday', 'start_time']);

export async function insertDesk(
  trx: Executor,
  row: DeskTable,
  services: Omit<DeskServiceTable, 'desk_id'>[],
  hours: Omit<DeskHoursTable, 'desk_id' | 'id'>[],
): Promise<void> {
  await insertRow(trx, 'desks', row);
  await replaceServices(trx, row.id, services);
  await replaceHours(trx, row.id, hours);
}

export async function updateDeskRow(trx: Executor, id: string, set: Partial<DeskTable>): Promise<void> {
  await updateRows(trx, 'desks', { id }, set);
}

export async function replaceServices(trx: Executor, deskId: string, services: Omit<DeskServiceTable, 'desk_id'>[]): Promise<void> {
  await trx.deleteFrom('desk_services').where('desk_id', '=', deskId).execute();
  if (services.length)
    await trx
      .insertInto('desk_services')
      .values(services.map((s) => ({ ...s, desk_id: deskId })))
      .execute();
}

export async function replaceHours(trx: Executor, deskId: string, hours: Omit<DeskHoursTable, 'desk_id' | 'id'>[]): Promise<void> {
  await trx.deleteFrom('desk_hours').where('desk_id', '=', deskId).execute();
  if (hours.length) {
    await trx
      .insertInto('desk_hours')
      .values(hours.map((h) => ({ ...h, id: newId(), desk_id: deskId })))
      .execute();
  }
}

// ---------- exceptions and operators ----------

export async function exceptionsOf(db: Executor, deskId: string, from?: string, to?: string): Promise<DeskExceptionTable[]> {
  let q = db.selectFrom('desk_exceptions').selectAll().where('desk_id', '=', deskId);
  if (from) q = q.where('to_date', '>=', from);
  if (to) q = q.where('from_date', '<=', to);
  return q.orderBy('from_date').orderBy('start_time').execute();
}

export const insertException = (db: Executor, row: DeskExceptionTable): Promise<void> => insertRow(db, 'desk_exceptions', row);

export const exceptionRow = (db: Executor, id: string): Promise<DeskExceptionTable | undefined> => rowById(db, 'desk_exceptions', id);

/** Removes an exception or a shift; the number of rows removed (0 when it was gone already). */
export const deleteException = (db: Executor, id: string) => deleteRows(db, 'desk_exceptions', { id });
export const deleteOperator = (db: Executor, id: string) => deleteRows(db, 'desk_operators', { id });

export const operatorsOf = (db: Executor, deskId: string): Promise<DeskOperatorTable[]> =>
  selectRows(db, 'desk_operators', { desk_id: deskId }, ['on_date', 'weekday', 'start_time', 'name']);

export const insertOperator = (db: Executor, row: DeskOperatorTable): Promise<void> => insertRow(db, 'desk_operators', row);

export const operatorRow = (db: Executor, id: string): Promise<DeskOperatorTable | undefined> => rowById(db, 'desk_operators', id);

// ---------- capacity ----------

/**
 * Places taken per 5-minute unit (keyed by epoch ms) between two instants, for listing free
 * slots: counted from the appointments that hold capacity and the holds still in force. They are
 * the very places the units of desk_slot_usage count (both change in the same transactions), but
 * one row per booking instead of one per unit, and a hold past its five minutes drops out at once.
 * The conditional upsert on desk_slot_usage stays the only judge when a booking is made.
 */
export async function placesTakenBetween(db: Executor, deskId: string, from: string, to: string, now: string): Promise<PlacesTaken> {
  const [appointments, holds] = await Promise.all([
    db
      .selectFrom('desk_appointments')
      .select(['start_at', 'end_at'])
      .where('desk_id', '=', deskId)
      .where('start_at', '<', to)
      .where('start_at', '>=', addMs(from, -MAX_SPAN_MS))
      .where('holds_capacity', '=', 1)
      .execute(),
    db
      .selectFrom('desk_holds')
      .select(['start_at', 'end_at', 'expires_at'])
      .where('desk_id', '=', deskId)
      .where('expires_at', '>', now)
      .where('start_at', '<', to)
      .where('end_at', '>', from)
      .execute(),
  ]);
  const base = Math.floor(Date.parse(from) / UNIT_MS) * UNIT_MS;
  const counts = new Uint16Array(Math.max(0, Math.ceil((Date.parse(to) - base) / UNIT_MS)));
  for (const r of [...appointments, ...holds]) {
    const first = Math.max(0, Math.floor((Date.parse(r.start_at) - base) / UNIT_MS));
    const last = Math.min(counts.length, Math.ceil((Date.parse(r.end_at) - base) / UNIT_MS));
    for (let i = first; i < last; i++) counts[i]++;
  }
  let holdsUntil = Number.POSITIVE_INFINITY;
  for (const h of holds) holdsUntil = Math.min(holdsUntil, Date.parse(h.expires_at));
  return { at: (ms: number) => counts[Math.floor((ms - base) / UNIT_MS)] ?? 0, holdsUntil };
}

/** Places taken in the 5-minute unit that starts at an instant. */
export interface PlacesTaken {
  at(ms: number): number;
  /** When the first of the holds counted expires (epoch ms; Infinity without holds): the counts are right until then. */
  holdsUntil: number;
}

/** The longest a slot can last (the longest service), so a range query finds one that began earlier. */
const MAX_SPAN_MS = 240 * 60_000;

/**
 * Takes one place in every unit, or in none: one upsert whose update only happens while
 * `used < capacity`. The caller compares the affected rows with the units asked for and rolls the
 * transaction back when a unit was full. Units are written in time order, so two bookings lock
 * shared rows in the same order.
 */
export async function reserveUnits(trx: Executor, deskId: string, units: { unit: string; capacity: number }[]): Promise<boolean> {
  if (units.length === 0) return false;
  const sorted = [...units].sort((a, b) => a.unit.localeCompare(b.unit));
  const { changed } = await run(trx, reserveSql(sorted.length), reserveValues(deskId, sorted));
  return changed === sorted.length;
}

const reserveSql = byCount(
  (
    n,
  ) => `insert into desk_slot_usage (desk_id, unit_start, used, capacity) values ${Array.from({ length: n }, () => '(?, ?, 1, ?)').join(', ')}
    on conflict (desk_id, unit_start) do update set used = desk_slot_usage.used + 1, capacity = excluded.capacity
    where desk_slot_usage.used < excluded.capacity`,
);

function reserveValues(deskId: string, sorted: { unit: string; capacity: number }[]): unknown[] {
  return sorted.flatMap((u) => [deskId, u.unit, u.capacity]);
}

/** The columns of desk_appointments a booking writes, in the order of appointmentValues. */
const APPOINTMENT_COLUMNS = [
  'id',
  'desk_id',
  'service_code',
  'start_at',
  'end_at',
  'status',
  'name',
  'email',
  'phone',
  'email_hash',
  'phone_hash',
  'manage_token_hash',
  'code',
  'hold_id',
  'source',
  'holds_capacity',
  'booked_by',
  'lang',
  'created_at',
  'updated_at',
  'served_at',
  'cancelled_at',
  'anonymised_at',
] as const satisfies readonly (keyof DeskAppointmentTable)[];

const appointmentValues = (row: DeskAppointmentTable) => APPOINTMENT_COLUMNS.map((c) => row[c] ?? null);
const INSERT_APPOINTMENT = `insert into desk_appointments (${APPOINTMENT_COLUMNS.join(', ')}) values (${APPOINTMENT_COLUMNS.map(() => '?').join(', ')})`;

/**
 * A booking's writes: one place in every unit of its slot (none when `units` is null: a hold's
 * place moves over), the appointment and its job. False, with the transaction to roll back, when
 * a unit was full. On PostgreSQL all three are one statement, the appointment and the job written
 * only when every unit was taken (one round trip); on SQLite, in the process, three.
 */
export async function bookPlaces(
  trx: Executor,
  units: { unit: string; capacity: number }[] | null,
  row: DeskAppointmentTable,
  job: JobSpec,
  now: string,
): Promise<boolean> {
  const sorted = units ? [...units].sort((a, b) => a.unit.localeCompare(b.unit)) : null;
  if (sorted?.length === 0) return false;
  if (isSqlite(trx)) {
    if (sorted && !(await reserveUnits(trx, row.desk_id, sorted))) return false;
    await run(trx, INSERT_APPOINTMENT, appointmentValues(row));
    await run(trx, insertJobsSql(1), jobRowValues(job, now));
    return true;
  }
  const n = sorted?.length ?? 0;
  const { changed } = await run(trx, bookPlacesPg(n), [
    ...(sorted ? reserveValues(row.desk_id, sorted) : []),
    ...appointmentValues(row),
    ...jobRowValues(job, now),
  ]);
  return changed === 1;
}

/** The statement of bookPlaces on PostgreSQL, for a slot of `n` units (0: a hold's place moves over). */
const bookPlacesPg = byCount((n) => {
  const columns = APPOINTMENT_COLUMNS.map((c) => (c === 'holds_capacity' ? 'cast(? as integer)' : '?')).join(', ');
  const reserved = n > 0 ? `reserved as (${reserveSql(n)} returning 1), ` : '';
  const all = n > 0 ? `(select count(*) from reserved) = ${n}` : 'true';
  return `with ${reserved}appointment as (
      insert into desk_appointments (${APPOINTMENT_COLUMNS.join(', ')}) select ${columns} where ${all} returning id
    )
    ${insertJobWhereSql('exists (select 1 from appointment)')}`;
});

/**
 * A booking with neither a hold nor a per-person limit, on the desk's schedule as this process
 * keeps it (`version`): the database checks in the same write that the schedule is still that one
 * and that no hold of the desk has expired (whose places would have to be given back first), then
 * takes one place in every unit or none, and writes the appointment and its job.
 */
export interface PlainBooking {
  version: number;
  units: { unit: string; capacity: number }[];
  row: DeskAppointmentTable;
  job: JobSpec;
  now: string;
}

/** 'changed': the schedule moved or a hold expired, nothing was written (the caller books the long way). */
export type PlainOutcome = 'booked' | 'taken' | 'changed';

const SAME_SCHEDULE = 'select 1 from desks where id = ? and schedule_version = ?';
const EXPIRED_HOLD = 'select 1 from desk_holds where desk_id = ? and expires_at <= ? limit 1';

/**
 * A plain booking, as an operation of db/op-driver.ts (runStatementOp). On SQLite a few statements
 * in the group commit: a full unit throws `full()`, which rolls back what this booking wrote. On
 * PostgreSQL one statement, so one round trip and no BEGIN or COMMIT: when some units are taken
 * and others full, the statement divides by zero, which aborts it and so undoes the places it took
 * (22012, answered as 'taken'); a deadlock or serialisation failure leaves it to the long way,
 * whose transaction retries.
 */
export function* bookPlainOp(dialect: Dialect, b: PlainBooking, full: () => Error): Op<PlainOutcome> {
  const deskId = b.row.desk_id;
  const sorted = [...b.units].sort((x, y) => x.unit.localeCompare(y.unit));
  if (dialect === 'sqlite') {
    if (!(yield* one(SAME_SCHEDULE, deskId, b.version))) return 'changed';
    if (yield* one(EXPIRED_HOLD, deskId, b.now)) return 'changed';
    if (sorted.length === 0) return 'taken';
    if ((yield* q(reserveSql(sorted.length), ...reserveValues(deskId, sorted))).changes !== sorted.length) throw full();
    yield* q(INSERT_APPOINTMENT, ...appointmentValues(b.row));
    yield* q(insertJobsSql(1), ...jobRowValues(b.job, b.now));
    return 'booked';
  }
  if (sorted.length === 0) return 'taken';
  try {
    const r = yield* one(
      bookPlainPgSql(sorted.length),
      deskId,
      b.version,
      b.now,
      ...reserveValues(deskId, sorted),
      ...appointmentValues(b.row),
      ...jobRowValues(b.job, b.now),
    );
    if (!r?.go) return 'changed';
    return Number(r.booked) === 1 ? 'booked' : 'taken';
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '22012') return 'taken';
    if (code === '40P01' || code === '40001') return 'changed';
    throw err;
  }
}

const bookPlainPgSql = byCount((n) => {
  const columns = APPOINTMENT_COLUMNS.map((c) => (c === 'holds_capacity' ? 'cast(? as integer)' : '?')).join(', ');
  const units = Array.from({ length: n }, () => '(?, ?, cast(? as integer))').join(', ');
  return `with go as (
      select 1 from desks where id = ? and schedule_version = cast(? as integer)
        and not exists (select 1 from desk_holds h where h.desk_id = desks.id and h.expires_at <= ?)
    ),
    reserved as (
      insert into desk_slot_usage (desk_id, unit_start, used, capacity)
      select u.desk_id, u.unit_start, 1, u.capacity from (values ${units}) as u(desk_id, unit_start, capacity)
      where exists (select 1 from go)
      on conflict (desk_id, unit_start) do update set used = desk_slot_usage.used + 1, capacity = excluded.capacity
      where desk_slot_usage.used < excluded.capacity
      returning 1
    ),
    appointment as (
      insert into desk_appointments (${APPOINTMENT_COLUMNS.join(', ')}) select ${columns} where (select count(*) from reserved) = ${n} returning id
    ),
    job as (${insertJobWhereSql('exists (select 1 from appointment)')})
    select exists (select 1 from go) as go, (select count(*) from appointment) as booked,
      1 / (case when (select count(*) from reserved) in (0, ${n}) then 1 else 0 end) as whole`;
});

/** Gives back one place in every unit of an interval. */
export async function releaseUnits(trx: Executor, deskId: string, startIso: string, endIso: string): Promise<void> {
  const units = unitsOf(Date.parse(startIso), Date.parse(endIso));
  if (units.length === 0) return;
  await trx
    .updateTable('desk_slot_usage')
    .set({ used: sql`used - 1` })
    .where('desk_id', '=', deskId)
    .where('unit_start', 'in', units)
    .where('used', '>', 0)
    .execute();
}

/**
 * Releases the desk's expired holds: each one is deleted and its places given back by exactly one
 * transaction (the DELETE … RETURNING decides which), so two processes never give a place back twice.
 */
export async function releaseExpiredHolds(trx: Executor, deskId: string, now: string): Promise<number> {
  const { rows: expired } = await run<{ start_at: string; end_at: string }>(
    trx,
    'delete from desk_holds where desk_id = ? and expires_at <= ? returning start_at, end_at',
    [deskId, now],
  );
  for (const h of expired) await releaseUnits(trx, deskId, h.start_at, h.end_at);
  return expired.length;
}

// ---------- holds ----------

export const insertHold = (trx: Executor, row: DeskHoldTable): Promise<void> => insertRow(trx, 'desk_holds', row);

export const holdRow = (db: Executor, id: string): Promise<DeskHoldTable | undefined> => rowById(db, 'desk_holds', id);

/** Moves a hold's end, only while it is still in force (an expired one may already have been released). */
export async function extendHold(db: Executor, id: string, now: string, expiresAt: string): Promise<boolean> {
  const r = await db
    .updateTable('desk_holds')
    .set({ expires_at: expiresAt })
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes a hold and returns it (only one caller ever gets it back). */
export async function takeHold(trx: Executor, id: string): Promise<DeskHoldTable | undefined> {
  if (!isId(id)) return undefined;
  return trx.deleteFrom('desk_holds').where('id', '=', id).returningAll().executeTakeFirst();
}

// ---------- per-person limit ----------

/** Locks one row per contact (in a fixed order), so bookings by the same person are counted one after the other. */
export async function lockContacts(trx: Executor, deskId: string, hashes: string[], now: string): Promise<void> {
  for (const hash of [...hashes].sort()) {
    await trx
      .insertInto('desk_contact_locks')
      .values({ desk_id: deskId, contact_hash: hash, touched_at: now })
      .onConflict((oc) => oc.columns(['desk_id', 'contact_hash']).doUpdateSet({ touched_at: sql`excluded.touched_at` }))
      .execute();
  }
}

/** The person's appointments (same e-mail or phone) for a service that count against the desk's limit. */
export async function personAppointments(
  trx: Executor,
  deskId: string,
  service: string,
  hashes: { email: string | null; phone: string | null },
  from: string,
  to: string,
): Promise<{ id: string; email_hash: string | null }[]> {
  return trx
    .selectFrom('desk_appointments')
    .select(['id', 'email_hash'])
    .where('desk_id', '=', deskId)
    .where('service_code', '=', service)
    .where('status', 'in', ['booked', 'served'])
    .where('start_at', '>', from)
    .where('start_at', '<', to)
    .where((eb) =>
      eb.or([
        ...(hashes.email ? [eb('email_hash', '=', hashes.email)] : []),
        ...(hashes.phone ? [eb('phone_hash', '=', hashes.phone)] : []),
      ]),
    )
    .orderBy('start_at')
    .execute();
}

// ---------- appointments ----------

export const insertAppointment = (trx: Executor, row: DeskAppointmentTable): Promise<void> => insertRow(trx, 'desk_appointments', row);

export const appointmentRow = (db: Executor, id: string): Promise<DeskAppointmentTable | undefined> => rowById(db, 'desk_appointments', id);

export const appointmentByHold = (db: Executor, holdId: string): Promise<DeskAppointmentTable | undefined> =>
  findRow(db, 'desk_appointments', { hold_id: holdId });

/** Cancels a booked appointment; returns it as it was, or undefined when it was not booked. */
export async function cancelBooked(trx: Executor, id: string, now: string): Promise<DeskAppointmentTable | undefined> {
  const before = await findRow(trx, 'desk_appointments', { id, status: 'booked' });
  if (!before) return undefined;
  const r = await trx
    .updateTable('desk_appointments')
    .set({ status: 'cancelled', holds_capacity: 0, cancelled_at: now, updated_at: now, sequence: sql`sequence + 1` })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .where('start_at', '=', before.start_at)
    .where('holds_capacity', '=', before.holds_capacity)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? before : undefined;
}

export async function moveBooked(trx: Executor, id: string, from: { start: string }, to: { start: string; end: string }, now: string) {
  const r = await trx
    .updateTable('desk_appointments')
    .set({ start_at: to.start, end_at: to.end, updated_at: now, sequence: sql`sequence + 1` })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .where('start_at', '=', from.start)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Changes an appointment's status if it is in one of `from` (and, with `startedBy`, began by then). */
export async function setStatus(
  db: Executor,
  id: string,
  from: DeskAppointmentTable['status'][],
  to: DeskAppointmentTable['status'],
  now: string,
  startedBy?: string,
): Promise<boolean> {
  let q = db
    .updateTable('desk_appointments')
    .set({ status: to, updated_at: now, served_at: to === 'served' ? now : null, sequence: sql`sequence + 1` })
    .where('id', '=', id)
    .where('status', 'in', from);
  if (startedBy) q = q.where('start_at', '<=', startedBy);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function appointmentsBetween(db: Executor, deskId: string, from: string, to: string): Promise<DeskAppointmentTable[]> {
  return db
    .selectFrom('desk_appointments')
    .selectAll()
    .where('desk_id', '=', deskId)
    .where('start_at', '>=', from)
    .where('start_at', '<', to)
    .orderBy('start_at')
    .orderBy('created_at')
    .execute();
}

export async function anonymise(db: Executor, id: string, now: string): Promise<void> {
  const erased = { name: null, email: null, phone: null, email_hash: null, phone_hash: null, anonymised_at: now, updated_at: now };
  await updateRows(db, 'desk_appointments', { id, anonymised_at: null }, erased);
}
