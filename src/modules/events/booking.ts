import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { Config } from '../../config.js';
import { newId, randomFromPool } from '../../core/ids.js';
import { addMs, ZONE } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { WEBHOOK_EMIT_KIND, webhookJob } from '../webhooks/service.js';

/**
 * The booking engine: every change of seats and of registrations' status, on both dialects.
 *
 * How it sells "exactly N, never N+1" (the same idea as pretix's quota locking, in one statement):
 * - A seat is taken only by `UPDATE events SET taken = taken + n WHERE … AND taken + n <= capacity`.
 *   The database evaluates the condition and the increment together, under the row's write lock,
 *   so two bookings can never both see the last seat free. The registration row is inserted in the
 *   same transaction; if anything fails, both roll back.
 * - Every transaction that changes a registration's status first writes its event's row (a
 *   booking's conditional UPDATE, or a no-op `SET taken = taken` elsewhere). PostgreSQL's row lock
 *   then serialises all changes of one event across processes, and the lock order is always
 *   event first, registration second, so two transactions cannot deadlock. SQLite serialises
 *   writers anyway (transactions start IMMEDIATE).
 * - `events.taken` = sum of seats of confirmed and offered registrations; `events.waiting` = sum of
 *   seats of waitlisted ones. Nothing else writes these columns.
 * - A waiting list is strict: while anyone waits, newcomers wait too, and a freed seat goes to the
 *   first in line only (never skipped for a smaller group behind).
 *
 * One code for both dialects: each operation is a generator that yields SQL (with `?` placeholders)
 * and receives the rows. On SQLite a synchronous driver runs it inside one better-sqlite3
 * transaction (no await between statements: the hot path costs a few microseconds per statement);
 * on PostgreSQL an async driver runs it inside a Kysely transaction.
 */

export type Row = Record<string, unknown>;
interface Query {
  sql: string;
  params: unknown[];
}
interface Result {
  rows: Row[];
  changes: number;
}
export type Op<T> = Generator<Query, T, Result>;

/** One statement of an operation (`?` placeholders): the driver runs it and hands back the rows. */
export function* q(sql: string, ...params: unknown[]): Op<Result> {
  return yield { sql, params };
}
function* one(sql: string, ...params: unknown[]): Op<Row | undefined> {
  return (yield* q(sql, ...params)).rows[0];
}

/** Thrown inside an operation to roll it back and report why (the service turns it into a Problem). */
export class Refusal extends Error {
  constructor(
    public readonly code:
      | 'not-found'
      | 'gone'
      | 'unavailable'
      | 'no-seats'
      | 'too-many-seats'
      | 'not-offered'
      | 'offer-expired'
      | 'below-taken'
      | 'already-cancelled',
    public readonly data: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

// ---------- drivers ----------

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface SqliteRunner {
  statements: Map<string, SQLite.Statement>;
  tx: SQLite.Transaction<(op: Op<unknown>) => unknown>;
  /** Several operations in one transaction, each in a savepoint (a nested `tx`). */
  batch: SQLite.Transaction<(items: Waiting[]) => Outcome[]>;
}
const sqliteRunners = new WeakMap<SQLite.Database, SqliteRunner>();

function sqliteRunner(handle: SQLite.Database): SqliteRunner {
  let runner = sqliteRunners.get(handle);
  if (runner) return runner;
  const statements = new Map<string, SQLite.Statement>();
  const drive = (op: Op<unknown>): unknown => {
    let step = op.next();
    while (!step.done) {
      const { sql, params } = step.value;
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = handle.prepare(sql);
        statements.set(sql, stmt);
      }
      if (stmt.reader) {
        const rows = stmt.all(...params) as Row[];
        step = op.next({ rows, changes: rows.length });
      } else {
        step = op.next({ rows: [], changes: stmt.run(...params).changes });
      }
    }
    return step.value;
  };
  const tx = handle.transaction(drive);
  const batch = handle.transaction((items: Waiting[]): Outcome[] =>
    items.map((item) => {
      try {
        return { ok: true, value: tx(item.make()) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  runner = { statements, tx, batch };
  sqliteRunners.set(handle, runner);
  return runner;
}

const pgText = new Map<string, string>();
function toPg(sql: string): string {
  let text = pgText.get(sql);
  if (!text) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    pgText.set(sql, text);
  }
  return text;
}

async function drivePg<T>(trx: Transaction<Database>, op: Op<T>): Promise<T> {
  let step = op.next();
  while (!step.done) {
    const res = await trx.executeQuery<Row>(CompiledQuery.raw(toPg(step.value.sql), step.value.params));
    step = op.next({ rows: res.rows, changes: Number(res.numAffectedRows ?? res.rows.length) });
  }
  return step.value;
}

interface Waiting {
  make: () => Op<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}
const waiting = new WeakMap<SQLite.Database, Waiting[]>();

/**
 * Group commit on SQLite: the operations that arrive during one turn of the event loop (fifty
 * people booking at once) run in one write transaction, each in its own savepoint, so a refusal
 * rolls back that operation only. A commit writes the changed pages to the WAL, and the pages of
 * the event's row, the registrations and the jobs are the same for all of them: one commit
 * instead of fifty. Each caller is answered once the shared transaction has committed.
 */
function groupCommit(db: Db, handle: SQLite.Database, runner: SqliteRunner, make: () => Op<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let queue = waiting.get(handle);
    if (!queue) {
      queue = [];
      waiting.set(handle, queue);
      setImmediate(() => {
        waiting.delete(handle);
        flush(db, runner, queue as Waiting[]);
      });
    }
    queue.push({ make, resolve, reject });
  });
}

function flush(db: Db, runner: SqliteRunner, batch: Waiting[]): void {
  // Kysely's connection mutex: no Kysely transaction is half-way through on this handle meanwhile.
  db.k
    .connection()
    .execute(async () => runner.batch.immediate(batch))
    .then(
      (outcomes) => {
        for (const [i, o] of outcomes.entries()) {
          if (o.ok) batch[i].resolve(o.value);
          else batch[i].reject(o.error);
        }
      },
      (err) => {
        for (const w of batch) w.reject(err);
      },
    );
}

/**
 * Runs an operation in one transaction. Pass `trx` to run it inside a transaction already open
 * (e.g. an event update that also changes capacity); on SQLite it then becomes a savepoint.
 */
export async function runOp<T>(db: Db, make: () => Op<T>, trx?: Transaction<Database>): Promise<T> {
  if (db.sqlite) {
    const runner = sqliteRunner(db.sqlite);
    // Inside an open Kysely transaction we already hold the one connection: run straight away.
    if (trx) return runner.tx(make()) as T;
    return groupCommit(db, db.sqlite, runner, make as () => Op<unknown>) as Promise<T>;
  }
  if (trx) return drivePg(trx, make());
  return db.k.transaction().execute((t) => drivePg(t, make()));
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// ---------- keys, tokens, codes ----------

interface Keys {
  contact: Buffer;
  manage: Buffer;
}
const keyCache = new Map<string, Keys>();

/** Keys derived from DATA_KEY: one to recognise a returning person, one to sign manage links. */
function keys(config: Pick<Config, 'dataKey'>): Keys {
  let k = keyCache.get(config.dataKey);
  if (!k) {
    const root = Buffer.from(config.dataKey, 'base64');
    k = {
      contact: createHmac('sha256', root).update('ponte/events/contact-hash').digest(),
      manage: createHmac('sha256', root).update('ponte/events/manage-token').digest(),
    };
    keyCache.set(config.dataKey, k);
  }
  return k;
}

/** Keyed hash of the normalised e-mail (or, without one, phone): the same person, the same hash. */
export function contactHash(config: Pick<Config, 'dataKey'>, contact: { email?: string | null; phone?: string | null }): string {
  const value = contact.email
    ? `e:${contact.email.trim().toLowerCase()}`
    : `p:${(contact.phone ?? '').replace(/\s+/g, '').replace(/^(\+39|0039)/, '')}`;
  return createHmac('sha256', keys(config).contact).update(value).digest('base64url');
}

/**
 * The manage link's token: a MAC of the registration id under a key derived from DATA_KEY. It is
 * never stored (the table keeps only its SHA-256, as for every private link), and the server can
 * write it again into later e-mails (promotion, offer, reminder) without keeping it anywhere.
 */
export function manageToken(config: Pick<Config, 'dataKey'>, registrationId: string): string {
  return createHmac('sha256', keys(config).manage).update(registrationId).digest('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of a presented token with the stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(tokenHash(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A short ticket code, easy to read out at the door: 10 characters, about 50 bits. */
export function ticketCode(): string {
  const bytes = randomFromPool(10);
  let code = '';
  for (const b of bytes) code += CROCKFORD[b & 31];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The smallest UUIDv7 greater than `id` (same millisecond, next random value). */
export function nextId(id: string): string {
  const hex = id.replace(/-/g, '');
  const next = (BigInt(`0x${hex}`) + 1n).toString(16).padStart(32, '0');
  return `${next.slice(0, 8)}-${next.slice(8, 12)}-${next.slice(12, 16)}-${next.slice(16, 20)}-${next.slice(20)}`;
}

const reminderCache = new Map<string, string>();

/** When the reminder goes out: the day before the first session, at 10:00 in Rome. */
export function reminderAt(startsAt: string): string {
  // Time-zone arithmetic is slow next to the rest of a booking; an event's start rarely changes.
  let at = reminderCache.get(startsAt);
  if (!at) {
    if (reminderCache.size > 1000) reminderCache.clear();
    at = computeReminderAt(startsAt);
    reminderCache.set(startsAt, at);
  }
  return at;
}

function computeReminderAt(startsAt: string): string {
  return DateTime.fromISO(startsAt, { zone: 'utc' })
    .setZone(ZONE)
    .minus({ days: 1 })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
    .toUTC()
    .toISO({ suppressMilliseconds: false }) as string;
}

// ---------- jobs, enqueued in the same transaction ----------

export const MAIL_KIND = 'events.mail';
export const REMINDER_KIND = 'events.reminder';
export const OFFER_EXPIRY_KIND = 'events.offer-expiry';
export const ANONYMISE_KIND = 'events.anonymise';

export type MailKind =
  | 'confirmed'
  | 'waitlisted'
  | 'promoted'
  | 'offer'
  | 'offer-lapsed'
  | 'cancelled'
  | 'event-cancelled'
  | 'again'
  | 'seats-changed'
  | 'event-changed';

interface JobSpec {
  kind: string;
  payload: unknown;
  runAt: string;
  dedupeKey: string | null;
}

const JOB_COLUMNS =
  'id, kind, payload, run_at, status, attempts, max_attempts, locked_until, locked_by, last_error, dedupe_key, created_at, finished_at';

/**
 * Same rows as JobQueue.enqueue writes, inside the operation's transaction. A webhook job is
 * written only when its organisation has an active subscription: most have none, and a job that
 * would find nobody to call still costs a row, its indexes and a run of the job queue.
 */
function* enqueue(now: string, jobs: JobSpec[]): Op<void> {
  const plain = jobs.filter((j) => j.kind !== WEBHOOK_EMIT_KIND);
  if (plain.length > 0) {
    const values = plain.map(() => "(?, ?, ?, ?, 'pending', 0, 8, null, null, null, ?, ?, null)").join(', ');
    const params: unknown[] = [];
    for (const j of plain) params.push(newId(), j.kind, JSON.stringify(j.payload), j.runAt, j.dedupeKey, now);
    yield* q(`insert into jobs (${JOB_COLUMNS}) values ${values} on conflict (dedupe_key) do nothing`, ...params);
  }
  for (const j of jobs) {
    if (j.kind !== WEBHOOK_EMIT_KIND) continue;
    yield* q(
      `insert into jobs (${JOB_COLUMNS}) select ?, ?, ?, ?, 'pending', 0, 8, null, null, null, null, ?, null
       where exists (select 1 from webhook_subscriptions where organisation_id = ? and active = 1)`,
      newId(),
      j.kind,
      JSON.stringify(j.payload),
      j.runAt,
      now,
      (j.payload as { organisationId: string }).organisationId,
    );
  }
}

function mailJob(now: string, registrationId: string, kind: MailKind, dedupe: string | null = `mail:${kind}:${registrationId}`): JobSpec {
  return { kind: MAIL_KIND, payload: { registrationId, kind }, runAt: now, dedupeKey: dedupe };
}

// Webhooks: one emit job per change, in the same INSERT as the change's other jobs. Ids, statuses
// and counts only; the emit job finds the organisation's subscriptions after the commit.

function created(organisationId: string, id: string, r: NewRegistration, status: string, now: string): JobSpec {
  return webhookJob(organisationId, 'registration.created', { registrationId: id, eventId: r.eventId, status, seats: r.seats }, now);
}

type CancelReason = 'cancelled' | 'declined' | 'offer-lapsed' | 'event-cancelled';

function cancelled(organisationId: unknown, eventId: string, reg: Row, reason: CancelReason, now: string): JobSpec {
  return webhookJob(
    organisationId as string,
    'registration.cancelled',
    { registrationId: reg.id, eventId, status: 'cancelled', previousStatus: reg.status, seats: Number(reg.seats), reason },
    now,
  );
}

/** A live booking changed without being cancelled: an offer accepted, or a different number of seats. */
function updated(
  organisationId: unknown,
  eventId: string,
  reg: Row,
  status: string,
  seats: number,
  reason: 'offer-accepted' | 'seats-changed',
  now: string,
): JobSpec {
  return webhookJob(
    organisationId as string,
    'registration.updated',
    { registrationId: reg.id, eventId, status, previousStatus: reg.status, seats, previousSeats: Number(reg.seats), reason },
    now,
  );
}

// ---------- operations ----------

export interface NewRegistration {
  eventId: string;
  seats: number;
  name: string;
  email: string | null;
  phone: string | null;
  contactHash: string;
  audience: string | null;
  ageBand: string | null;
  source: string;
  bookedBy: string | null;
  lang: string;
  privacyAcceptedAt: string | null;
  /** The stored hash of the registration's manage token, from its id. */
  manageTokenHash: (id: string) => string;
}

export interface BookOutcome {
  id: string;
  status: 'confirmed' | 'waitlisted' | 'offered';
  seats: number;
  ticketCode: string;
  position?: number;
  existing: boolean;
}

/** What makes an event bookable right now, as SQL over the events row (parameters: now, now, now, seats). */
const BOOKABLE = `status = 'published' and booking_required = 1
  and (booking_opens_at is null or booking_opens_at <= ?)
  and coalesce(booking_closes_at, starts_at) > ? and ends_at > ?
  and max_seats_per_booking >= ?`;

/** How long after a repeated booking the confirmation may be sent again (limits mail to a victim). */
const RESEND_AFTER_MS = 15 * 60 * 1000;

export function* bookOp(r: NewRegistration, now: string): Op<BookOutcome> {
  const existing = yield* one(
    `select id, status, seats, ticket_code, email, created_at from registrations
     where event_id = ? and contact_hash = ? and status <> 'cancelled'`,
    r.eventId,
    r.contactHash,
  );
  if (existing) {
    const id = existing.id as string;
    // Someone typed this person's contact again: never hand the link to the caller, but send it
    // again to the person's own mailbox (at most once a quarter of an hour).
    if (existing.email && (existing.created_at as string) < addMs(now, -RESEND_AFTER_MS)) {
      const bucket = Math.floor(Date.parse(now) / RESEND_AFTER_MS);
      yield* enqueue(now, [mailJob(now, id, 'again', `mail:again:${id}:${bucket}`)]);
    }
    let position: number | undefined;
    if (existing.status === 'waitlisted') position = yield* positionOf(r.eventId, id);
    return {
      id,
      status: existing.status as BookOutcome['status'],
      seats: Number(existing.seats),
      ticketCode: existing.ticket_code as string,
      position,
      existing: true,
    };
  }

  let status: 'confirmed' | 'waitlisted' = 'confirmed';
  let position: number | undefined;
  // The one statement that takes seats: only when nobody waits and the seats fit.
  let ev = yield* one(
    `update events set taken = taken + ? where id = ? and ${BOOKABLE} and waiting = 0 and taken + ? <= capacity returning starts_at, organisation_id`,
    r.seats,
    r.eventId,
    now,
    now,
    now,
    r.seats,
    r.seats,
  );
  // Ids are made once the event's row is ours, so they follow the order bookings were accepted.
  let id = newId();
  if (!ev) {
    // Full (or someone already waits): join the waiting list, if the event takes bookings at all.
    ev = yield* one(
      `update events set waiting = waiting + ? where id = ? and ${BOOKABLE} returning starts_at, organisation_id`,
      r.seats,
      r.eventId,
      now,
      now,
      now,
      r.seats,
    );
    if (!ev) throw new Refusal('unavailable');
    status = 'waitlisted';
    // We hold the event's row: entries join the list one at a time. The id orders the list, so it
    // must sort after every entry already there, even one made by another process in the same ms.
    const last = yield* one(
      `select max(id) as last, count(*) as n from registrations where event_id = ? and status = 'waitlisted'`,
      r.eventId,
    );
    if (last?.last && id <= (last.last as string)) id = nextId(last.last as string);
    position = Number(last?.n ?? 0) + 1;
  }
  const code = ticketCode();
  yield* q(
    `insert into registrations (${NEW_REGISTRATION_COLUMNS.join(', ')}, event_id, status, updated_at, offer_expires_at, cancelled_at, anonymised_at)
     values (${NEW_REGISTRATION_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?, null, null, null)`,
    ...newRegistrationValues(id, r, code, now),
    r.eventId,
    status,
    now,
  );
  yield* enqueue(now, newBookingJobs(ev.organisation_id as string, id, r, status, ev.starts_at as string, now));
  return { id, status, seats: r.seats, ticketCode: code, position, existing: false };
}

/** The columns of a new registration that come from the booking, in the order of newRegistrationValues. */
const NEW_REGISTRATION_COLUMNS = [
  'id',
  'seats',
  'name',
  'email',
  'phone',
  'contact_hash',
  'audience',
  'age_band',
  'manage_token_hash',
  'ticket_code',
  'source',
  'booked_by',
  'lang',
  'privacy_accepted_at',
  'created_at',
];

function newRegistrationValues(id: string, r: NewRegistration, code: string, now: string): unknown[] {
  return [
    id,
    r.seats,
    r.name,
    r.email,
    r.phone,
    r.contactHash,
    r.audience,
    r.ageBand,
    r.manageTokenHash(id),
    code,
    r.source,
    r.bookedBy,
    r.lang,
    r.privacyAcceptedAt,
    now,
  ];
}

/** What a new booking sets going: the webhook, and with an e-mail the confirmation and the reminder. */
function newBookingJobs(
  organisationId: string,
  id: string,
  r: NewRegistration,
  status: 'confirmed' | 'waitlisted',
  startsAt: string,
  now: string,
): JobSpec[] {
  const jobs = [created(organisationId, id, r, status, now)];
  if (r.email) {
    jobs.push(mailJob(now, id, status));
    const remindAt = reminderAt(startsAt);
    if (remindAt > now) jobs.push({ kind: REMINDER_KIND, payload: { registrationId: id }, runAt: remindAt, dedupeKey: `reminder:${id}` });
  }
  return jobs;
}

// ---------- PostgreSQL: confirmed bookings, many in one statement ----------

/** The first session's start and the organisation of recent events, as this process last read them (checked by the statement). */
const startsAtCache = new Map<string, { startsAt: string; organisationId: string }>();

interface FastBooking {
  r: NewRegistration;
  now: string;
  resolve: (outcome: BookOutcome | null) => void;
  reject: (err: unknown) => void;
}
/** Per event, the bookings waiting for the statement in flight to finish. */
interface Lane {
  waiting: FastBooking[];
}
const lanes = new WeakMap<Db, Map<string, Lane>>();

/** At most this many bookings in one statement. */
const MOST_PER_STATEMENT = 100;

/**
 * On PostgreSQL the common case (seats free, nobody waiting, a new person) needs no transaction of
 * its own. Each event has one statement in flight at a time; the bookings that arrive meanwhile go
 * together into the next one: one conditional UPDATE of the seats for all of them, their
 * registrations and their jobs, as data-modifying CTEs that commit together. The event's row is
 * then locked once per group, inside the server, and never across a network round trip, instead of
 * fifty transactions queueing for the same row and each waiting for its own flush to disk.
 * Anything else (the group does not fit, someone waits, closed, a changed date, or a returning
 * person, whom the unique index of live bookings refuses) makes the statement change nothing, and
 * each booking of the group runs the general operation. No step depends on the planner's choice
 * (a prepared statement keeps the plan it made when the tables were small).
 * Resolves null when the caller should run the general operation.
 */
export function pgBookFast(db: Db, r: NewRegistration, now: string): Promise<BookOutcome | null> {
  let byEvent = lanes.get(db);
  if (!byEvent) {
    byEvent = new Map();
    lanes.set(db, byEvent);
  }
  return new Promise((resolve, reject) => {
    const item = { r, now, resolve, reject };
    const lane = byEvent.get(r.eventId);
    if (lane) {
      lane.waiting.push(item);
      return;
    }
    const fresh: Lane = { waiting: [item] };
    byEvent.set(r.eventId, fresh);
    void drain(db, byEvent, r.eventId, fresh);
  });
}

async function drain(db: Db, byEvent: Map<string, Lane>, eventId: string, lane: Lane): Promise<void> {
  while (lane.waiting.length > 0) {
    const group = lane.waiting.splice(0, MOST_PER_STATEMENT);
    // The same person twice in one group: the first books, the others run the general operation
    // afterwards and find that booking.
    const seen = new Set<string>();
    const unique: FastBooking[] = [];
    for (const item of group) {
      if (seen.has(item.r.contactHash)) item.resolve(null);
      else {
        seen.add(item.r.contactHash);
        unique.push(item);
      }
    }
    try {
      const outcomes = await bookGroup(db, eventId, unique);
      for (const [i, item] of unique.entries()) item.resolve(outcomes?.[i] ?? null);
    } catch (err) {
      // A unique index refused a row: someone in the group has booked this event already (the
      // index of one live booking per person, checked while inserting, whatever the statement's
      // plan), or a ticket code came out twice. The statement changed nothing; the general
      // operation sorts each booking of the group out on its own.
      for (const item of unique) {
        if (isUniqueViolation(err)) item.resolve(null);
        else item.reject(err);
      }
    }
  }
  byEvent.delete(eventId);
}

// The input's columns are NEW_REGISTRATION_COLUMNS, in order.
const GROUP_BOOKING = `with input as (
    select * from unnest($5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
      $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])
      as i(id, seats, name, email, phone, contact_hash, audience, age_band, manage_token_hash, ticket_code, source, booked_by,
        lang, privacy_accepted_at, created_at)
  ), total as (
    select sum(seats)::int as seats, max(seats)::int as most from input
  ), ev as (
    update events set taken = taken + (select seats from total)
    where id = $1 and starts_at = $2 and status = 'published' and booking_required = 1
      and (booking_opens_at is null or booking_opens_at <= $3)
      and coalesce(booking_closes_at, starts_at) > $3 and ends_at > $3
      and max_seats_per_booking >= (select most from total) and waiting = 0
      and taken + (select seats from total) <= capacity
      and organisation_id = $4
    returning id
  ), reg as (
    insert into registrations (id, event_id, status, seats, name, email, phone, contact_hash, audience, age_band,
      manage_token_hash, ticket_code, offer_expires_at, source, booked_by, lang, privacy_accepted_at, created_at, updated_at,
      cancelled_at, anonymised_at)
    select input.id, ev.id, 'confirmed', input.seats, input.name, input.email, input.phone, input.contact_hash, input.audience,
      input.age_band, input.manage_token_hash, input.ticket_code, null, input.source, input.booked_by, input.lang,
      input.privacy_accepted_at, input.created_at, input.created_at, null, null
    from input cross join ev
    returning id
  ), queued as (
    insert into jobs (id, kind, payload, run_at, status, attempts, max_attempts, locked_until, locked_by, last_error, dedupe_key, created_at, finished_at)
    select j.id, j.kind, j.payload, j.run_at, 'pending', 0, 8, null, null, null, j.dedupe_key, $3, null
    from unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::text[]) as j(id, kind, payload, run_at, dedupe_key)
    where exists (select 1 from ev)
      and (j.kind <> '${WEBHOOK_EMIT_KIND}' or exists (select 1 from webhook_subscriptions where organisation_id = $4 and active = 1))
    on conflict (dedupe_key) do nothing
  )
  select count(*)::int as n from reg`;

/** One statement for the group; the outcomes in the group's order, or null when it changed nothing. */
async function bookGroup(db: Db, eventId: string, group: FastBooking[]): Promise<BookOutcome[] | null> {
  if (group.length === 0) return [];
  let cached = startsAtCache.get(eventId);
  if (!cached) {
    const row = await db.k.selectFrom('events').select(['starts_at', 'organisation_id']).where('id', '=', eventId).executeTakeFirst();
    if (!row) return null;
    cached = { startsAt: row.starts_at, organisationId: row.organisation_id };
    if (startsAtCache.size > 10_000) startsAtCache.clear();
    startsAtCache.set(eventId, cached);
  }
  const { startsAt, organisationId } = cached;
  // Columns of the registrations, then of the jobs, one array each.
  const cols: unknown[][] = Array.from({ length: 15 }, () => []);
  const jobCols: unknown[][] = Array.from({ length: 5 }, () => []);
  const outcomes: BookOutcome[] = [];
  let latest = group[0].now;
  for (const { r, now } of group) {
    if (now > latest) latest = now;
    const id = newId();
    const code = ticketCode();
    const row = newRegistrationValues(id, r, code, now);
    for (const [c, value] of row.entries()) cols[c].push(value);
    for (const j of newBookingJobs(organisationId, id, r, 'confirmed', startsAt, now)) {
      jobCols[0].push(newId());
      jobCols[1].push(j.kind);
      jobCols[2].push(JSON.stringify(j.payload));
      jobCols[3].push(j.runAt);
      jobCols[4].push(j.dedupeKey);
    }
    outcomes.push({ id, status: 'confirmed', seats: r.seats, ticketCode: code, existing: false });
  }
  const values = [eventId, startsAt, latest, organisationId, ...cols, ...jobCols];
  // A named statement: PostgreSQL parses and plans it once per connection, not per group (parsing
  // and planning the CTEs cost more than running them for a few bookings).
  const res = db.pg
    ? await db.pg.query<Row>({ name: 'ponte_book_group', text: GROUP_BOOKING, values })
    : await db.k.executeQuery<Row>(CompiledQuery.raw(GROUP_BOOKING, values));
  if (Number(res.rows[0]?.n ?? 0) !== group.length) {
    // Not the common case, or the date moved: read the start again next time.
    startsAtCache.delete(eventId);
    return null;
  }
  return outcomes;
}

function* positionOf(eventId: string, registrationId: string): Op<number> {
  const row = yield* one(
    `select count(*) as n from registrations where event_id = ? and status = 'waitlisted' and id < ?`,
    eventId,
    registrationId,
  );
  return Number(row?.n ?? 0) + 1;
}

/** Takes the event's row lock before anything else (see the note at the top). */
function* lockEvent(eventId: string): Op<Row> {
  const ev = yield* one(
    'update events set taken = taken where id = ? returning status, capacity, taken, waiting, max_seats_per_booking, waitlist_mode, offer_hours, starts_at, ends_at, organisation_id',
    eventId,
  );
  if (!ev) throw new Refusal('not-found');
  return ev;
}

function* lockedRegistration(registrationId: string): Op<Row> {
  const reg = yield* one('select id, event_id, status, seats, email, offer_expires_at from registrations where id = ?', registrationId);
  if (!reg) throw new Refusal('not-found');
  return reg;
}

/**
 * Gives freed seats to the waiting list, strictly in order: while the first in line fits, they
 * get the seats (auto mode) or an offer valid `offer_hours` (offer mode), each by the same single
 * conditional UPDATE. Stops at the first entry that does not fit.
 */
export function* promoteOp(eventId: string, now: string): Op<string[]> {
  const ev = yield* one('select status, waitlist_mode, offer_hours, ends_at, organisation_id from events where id = ?', eventId);
  if (ev?.status !== 'published' || (ev.ends_at as string) <= now) return [];
  const promoted: string[] = [];
  for (;;) {
    const first = yield* one(
      `select id, seats, email from registrations where event_id = ? and status = 'waitlisted' order by id limit 1`,
      eventId,
    );
    if (!first) break;
    const seats = Number(first.seats);
    const moved = yield* q(
      'update events set taken = taken + ?, waiting = waiting - ? where id = ? and taken + ? <= capacity',
      seats,
      seats,
      eventId,
      seats,
    );
    if (moved.changes === 0) break;
    const id = first.id as string;
    const status = ev.waitlist_mode === 'offer' ? 'offered' : 'confirmed';
    const jobs: JobSpec[] = [
      webhookJob(
        ev.organisation_id as string,
        'registration.promoted',
        { registrationId: id, eventId, status, previousStatus: 'waitlisted', seats },
        now,
      ),
    ];
    if (ev.waitlist_mode === 'offer') {
      const expires = addMs(now, Number(ev.offer_hours) * 3_600_000);
      yield* q(
        `update registrations set status = 'offered', offer_expires_at = ?, updated_at = ? where id = ? and status = 'waitlisted'`,
        expires,
        now,
        id,
      );
      jobs.push({ kind: OFFER_EXPIRY_KIND, payload: { registrationId: id }, runAt: expires, dedupeKey: `offer:${id}` });
      if (first.email) jobs.push(mailJob(now, id, 'offer'));
    } else {
      yield* q(`update registrations set status = 'confirmed', updated_at = ? where id = ? and status = 'waitlisted'`, now, id);
      if (first.email) jobs.push(mailJob(now, id, 'promoted'));
    }
    yield* enqueue(now, jobs);
    promoted.push(id);
  }
  return promoted;
}

/** Releases a registration's hold (confirmed/offered seats, or waiting seats) and marks it cancelled. */
function* release(reg: Row, now: string): Op<void> {
  const seats = Number(reg.seats);
  const changed = yield* q(
    `update registrations set status = 'cancelled', cancelled_at = ?, updated_at = ?, offer_expires_at = null where id = ? and status = ?`,
    now,
    now,
    reg.id,
    reg.status,
  );
  if (changed.changes !== 1) throw new Refusal('gone');
  if (reg.status === 'waitlisted') {
    yield* q('update events set waiting = waiting - ? where id = ?', seats, reg.event_id);
  } else {
    yield* q('update events set taken = taken - ? where id = ?', seats, reg.event_id);
  }
}

export interface Changed {
  status: string;
  seats: number;
  promoted: string[];
}

/** The person cancels their booking or leaves the waiting list; freed seats go to the next in line. */
export function* cancelOp(eventId: string, registrationId: string, now: string, notify: boolean): Op<Changed> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* lockedRegistration(registrationId);
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  yield* release(reg, now);
  const jobs = [cancelled(ev.organisation_id, eventId, reg, 'cancelled', now)];
  if (notify && reg.email) jobs.push(mailJob(now, registrationId, 'cancelled'));
  yield* enqueue(now, jobs);
  const promoted = yield* promoteOp(eventId, now);
  return { status: 'cancelled', seats: Number(reg.seats), promoted };
}

/** A different number of seats: fewer frees them at once; more only if they fit and nobody waits. */
export function* changeSeatsOp(eventId: string, registrationId: string, seats: number, now: string): Op<Changed> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* lockedRegistration(registrationId);
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  const old = Number(reg.seats);
  if (seats > Number(ev.max_seats_per_booking)) throw new Refusal('too-many-seats', { max: Number(ev.max_seats_per_booking) });
  if (seats === old) return { status: reg.status as string, seats, promoted: [] };
  const diff = seats - old;
  if (reg.status === 'waitlisted') {
    yield* q('update events set waiting = waiting + ? where id = ?', diff, eventId);
  } else if (diff < 0) {
    yield* q('update events set taken = taken + ? where id = ?', diff, eventId);
  } else {
    if (reg.status === 'offered') throw new Refusal('not-offered');
    const took = yield* q(
      `update events set taken = taken + ? where id = ? and status = 'published' and waiting = 0 and taken + ? <= capacity`,
      diff,
      eventId,
      diff,
    );
    if (took.changes === 0) throw new Refusal('no-seats', { free: Math.max(0, Number(ev.capacity) - Number(ev.taken)) });
  }
  yield* q('update registrations set seats = ?, updated_at = ? where id = ?', seats, now, registrationId);
  const jobs = [updated(ev.organisation_id, eventId, reg, reg.status as string, seats, 'seats-changed', now)];
  if (reg.email && reg.status !== 'waitlisted') jobs.push(mailJob(now, registrationId, 'seats-changed', null));
  yield* enqueue(now, jobs);
  const promoted = diff < 0 ? yield* promoteOp(eventId, now) : [];
  return { status: reg.status as string, seats, promoted };
}

/** The first in line takes the seat they were offered. */
export function* acceptOp(eventId: string, registrationId: string, now: string): Op<Changed> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* lockedRegistration(registrationId);
  if (reg.status === 'confirmed') return { status: 'confirmed', seats: Number(reg.seats), promoted: [] };
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  if (reg.status !== 'offered') throw new Refusal('not-offered');
  if ((reg.offer_expires_at as string) <= now) throw new Refusal('offer-expired');
  yield* q(
    `update registrations set status = 'confirmed', offer_expires_at = null, updated_at = ? where id = ? and status = 'offered'`,
    now,
    registrationId,
  );
  const jobs = [updated(ev.organisation_id, eventId, reg, 'confirmed', Number(reg.seats), 'offer-accepted', now)];
  if (reg.email) jobs.push(mailJob(now, registrationId, 'confirmed', `mail:accepted:${registrationId}`));
  yield* enqueue(now, jobs);
  return { status: 'confirmed', seats: Number(reg.seats), promoted: [] };
}

/** The first in line says no: the seats go to the next. */
export function* declineOp(eventId: string, registrationId: string, now: string): Op<Changed> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* lockedRegistration(registrationId);
  if (reg.status === 'cancelled') throw new Refusal('already-cancelled');
  if (reg.status !== 'offered') throw new Refusal('not-offered');
  yield* release(reg, now);
  yield* enqueue(now, [cancelled(ev.organisation_id, eventId, reg, 'declined', now)]);
  const promoted = yield* promoteOp(eventId, now);
  return { status: 'cancelled', seats: Number(reg.seats), promoted };
}

/** An offer nobody answered in time lapses: the seats go to the next in line. Idempotent. */
export function* lapseOp(eventId: string, registrationId: string, now: string): Op<Changed | null> {
  const ev = yield* lockEvent(eventId);
  const reg = yield* one('select id, event_id, status, seats, email, offer_expires_at from registrations where id = ?', registrationId);
  if (reg?.status !== 'offered' || (reg.offer_expires_at as string) > now) return null;
  yield* release(reg, now);
  const jobs = [cancelled(ev.organisation_id, eventId, reg, 'offer-lapsed', now)];
  if (reg.email) jobs.push(mailJob(now, registrationId, 'offer-lapsed'));
  yield* enqueue(now, jobs);
  const promoted = yield* promoteOp(eventId, now);
  return { status: 'cancelled', seats: Number(reg.seats), promoted };
}

/** Cancels the event: every live registration is cancelled and told; the counters go to zero. */
export function* cancelEventOp(eventId: string, reason: string, now: string): Op<number> {
  const ev = yield* lockEvent(eventId);
  if (ev.status === 'cancelled') throw new Refusal('already-cancelled');
  const live = (yield* q(
    `select id, email, status, seats from registrations where event_id = ? and status <> 'cancelled' order by id`,
    eventId,
  )).rows;
  yield* q(
    `update events set status = 'cancelled', cancel_reason = ?, taken = 0, waiting = 0, updated_at = ? where id = ?`,
    reason,
    now,
    eventId,
  );
  yield* q(
    `update registrations set status = 'cancelled', cancelled_at = ?, updated_at = ?, offer_expires_at = null
     where event_id = ? and status <> 'cancelled'`,
    now,
    now,
    eventId,
  );
  const jobs = live.filter((r) => r.email).map((r) => mailJob(now, r.id as string, 'event-cancelled'));
  for (const r of live) jobs.push(cancelled(ev.organisation_id, eventId, r, 'event-cancelled', now));
  for (let i = 0; i < jobs.length; i += 100) yield* enqueue(now, jobs.slice(i, i + 100));
  return live.length;
}

/** A new capacity: never below the seats already taken; more seats go to the waiting list. */
export function* setCapacityOp(eventId: string, capacity: number, now: string): Op<string[]> {
  yield* lockEvent(eventId);
  const set = yield* q('update events set capacity = ? where id = ? and taken <= ?', capacity, eventId, capacity);
  if (set.changes === 0) {
    const ev = yield* one('select taken from events where id = ?', eventId);
    throw new Refusal('below-taken', { taken: Number(ev?.taken ?? 0) });
  }
  return yield* promoteOp(eventId, now);
}

/** After a change of dates, the pending reminders follow the new first session. */
export function* rescheduleRemindersOp(eventId: string, startsAt: string, now: string): Op<void> {
  const at = reminderAt(startsAt);
  yield* q(
    `update jobs set run_at = ? where kind = ? and status = 'pending'
       and dedupe_key in (select 'reminder:' || id from registrations where event_id = ? and status <> 'cancelled')`,
    at > now ? at : now,
    REMINDER_KIND,
    eventId,
  );
}

/** Tells everyone booked or waiting that the date or the place changed. */
export function* notifyChangeOp(eventId: string, now: string): Op<void> {
  const live = (yield* q(`select id, email from registrations where event_id = ? and status <> 'cancelled' order by id`, eventId)).rows;
  const jobs = live.filter((r) => r.email).map((r) => mailJob(now, r.id as string, 'event-changed', null));
  for (let i = 0; i < jobs.length; i += 100) yield* enqueue(now, jobs.slice(i, i + 100));
}

/**
 * Schedules the erasure of the event's bookings' personal data `retentionDays` after it ends.
 * A new date makes a new job (the key names the date); an old one finds nothing due and stops.
 */
export function* scheduleAnonymisationOp(eventId: string, endsAt: string, retentionDays: number, now: string): Op<void> {
  const runAt = addMs(endsAt, retentionDays * 86_400_000);
  yield* enqueue(now, [{ kind: ANONYMISE_KIND, payload: { eventId }, runAt, dedupeKey: `anonymise:${eventId}:${runAt}` }]);
}
