import type { EventTable } from '../../../db/schema.js';

/** Why booking is closed; null when it is open. */
export const BOOKING_CLOSED_REASONS = ['draft', 'cancelled', 'not-required', 'not-yet-open', 'closed', 'started', 'past'] as const;
export type BookingClosedReason = (typeof BOOKING_CLOSED_REASONS)[number];

type BookableRow = Pick<EventTable, 'status' | 'booking_required' | 'booking_opens_at' | 'booking_closes_at' | 'starts_at' | 'ends_at'>;

/**
 * One condition of "this event takes bookings at the instant `at`", written once for both sides:
 * as SQL over the events row (`now` is the SQL expression of the instant: a placeholder), and as
 * JavaScript over the same row. When it fails, `reason` says why.
 */
interface Rule {
  sql: (now: string) => string;
  holds: (row: BookableRow, at: string) => boolean;
  reason: (row: BookableRow) => BookingClosedReason;
}

/** In the order a person is told why: the first that fails is the reason. */
const RULES: readonly Rule[] = [
  {
    sql: () => `status = 'published'`,
    holds: (row) => row.status === 'published',
    reason: (row) => (row.status === 'draft' ? 'draft' : 'cancelled'),
  },
  {
    sql: () => 'booking_required = 1',
    holds: (row) => Number(row.booking_required) === 1,
    reason: () => 'not-required',
  },
  {
    sql: (now) => `ends_at > ${now}`,
    holds: (row, at) => row.ends_at > at,
    reason: () => 'past',
  },
  {
    sql: (now) => `(booking_opens_at is null or booking_opens_at <= ${now})`,
    holds: (row, at) => !row.booking_opens_at || row.booking_opens_at <= at,
    reason: () => 'not-yet-open',
  },
  {
    // Bookings close at the closing time when there is one, otherwise when the first session starts.
    sql: (now) => `coalesce(booking_closes_at, starts_at) > ${now}`,
    holds: (row, at) => (row.booking_closes_at ?? row.starts_at) > at,
    reason: (row) => (row.booking_closes_at ? 'closed' : 'started'),
  },
];

/** Why booking is closed at `at`, or null when a booking would be taken (a full event takes it on the waiting list). */
export function closedReason(row: BookableRow, at: string): BookingClosedReason | null {
  const failed = RULES.find((rule) => !rule.holds(row, at));
  return failed ? failed.reason(row) : null;
}

/** "The event takes bookings at the instant `now`" as SQL over the events row (`now`: an SQL expression, e.g. `$3`). */
export function bookableSql(now: string): string {
  return RULES.map((rule) => rule.sql(now)).join(' and ');
}

/** bookableSql with `?` placeholders, for the statements of db/op-driver.ts: bind bookableParams(now). */
export const BOOKABLE_SQL = bookableSql('?');

/** The values of BOOKABLE_SQL's placeholders: the instant, once for each. */
export function bookableParams(now: string): string[] {
  return new Array<string>(BOOKABLE_PLACES).fill(now);
}
const BOOKABLE_PLACES = BOOKABLE_SQL.split('?').length - 1;

/** "A booking of `seats` seats is allowed" as SQL over the events row (`seats`: an SQL expression). */
export function seatsAllowedSql(seats: string): string {
  return `max_seats_per_booking >= ${seats}`;
}

/** The same as seatsAllowedSql, in JavaScript. */
export function seatsAllowed(row: Pick<EventTable, 'max_seats_per_booking'>, seats: number): boolean {
  return Number(row.max_seats_per_booking) >= seats;
}

/**
 * What the public is told of an event's seats: a band, never a count. A count would move by one
 * when a new contact books and stay put when someone types the address of a person who has
 * already booked (that booking is kept as it is), so a stranger could learn who has booked by
 * watching it. The band moves only at two points ("ultimi posti", "completo"); staff see the
 * exact numbers on the registrations page and through the staff API.
 */
export const AVAILABILITIES = ['available', 'limited', 'full'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** Few seats left: at most three, or at most a tenth of the capacity for large events. */
export function limitedBelow(capacity: number): number {
  return Math.max(3, Math.floor(capacity / 10));
}

/** The band of an event: full once every seat is taken or someone waits (a new booking then waits too). */
export function availabilityOf(row: { capacity: number | string; taken: number | string; waiting: number | string }): Availability {
  const capacity = Number(row.capacity);
  const left = capacity - Number(row.taken);
  if (left <= 0 || Number(row.waiting) > 0) return 'full';
  return left <= limitedBelow(capacity) ? 'limited' : 'available';
}
