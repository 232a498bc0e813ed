import { CompiledQuery } from 'kysely';
import { newId } from '../../../core/ids.js';
import { insertJobsFromSql, jobRowValues } from '../../../core/jobs.js';
import type { Db } from '../../../db/index.js';
import { isUniqueViolation, type Row } from '../../../db/op-driver.js';
import { activeSubscriptionSql, WEBHOOK_EMIT_KIND } from '../../webhooks/service.js';
import { ticketCode } from '../booking-keys.js';
import { bookableSql, seatsAllowedSql } from './bookable.js';
import { type BookOutcome, type NewRegistration, newBookingJobs, newRegistrationValues } from './engine.js';

// PostgreSQL: confirmed bookings, many in one statement.

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
    where id = $1 and starts_at = $2 and ${bookableSql('$3')}
      and ${seatsAllowedSql('(select most from total)')} and waiting = 0
      and taken + (select seats from total) <= capacity
      and organisation_id = $4
      -- A course by invitation, an activity for minors or an event with questions checks each
      -- booking against its form: the general operation does.
      and visibility <> 'invitation' and for_minors = 0 and not exists (select 1 from event_questions where event_id = $1)
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
    ${insertJobsFromSql(
      'unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[]) as j(id, kind, payload, run_at, dedupe_key, request_id)',
      '$3',
      `exists (select 1 from ev) and (j.kind <> '${WEBHOOK_EMIT_KIND}' or ${activeSubscriptionSql('$4')})`,
    )}
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
  const jobCols: unknown[][] = Array.from({ length: 6 }, () => []);
  const outcomes: BookOutcome[] = [];
  let latest = group[0].now;
  for (const { r, now } of group) {
    if (now > latest) latest = now;
    const id = newId();
    const code = ticketCode();
    const row = newRegistrationValues(id, r, code, now);
    for (const [c, value] of row.entries()) cols[c].push(value);
    for (const j of newBookingJobs(organisationId, id, r, 'confirmed', startsAt, now)) {
      // id, kind, payload, run_at, dedupe_key, then the request id: the row's values but its creation
      // time (the statement's).
      const job = jobRowValues(j, now);
      for (let c = 0; c < 5; c++) jobCols[c].push(job[c]);
      jobCols[5].push(job[6]);
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
