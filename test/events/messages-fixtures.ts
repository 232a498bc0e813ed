import { expect } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import * as events from '../../src/modules/events/service.js';
import { bookVia, type World } from './booking-fixtures.js';

/** What the booking API answers to a new booking. */
export interface Booked {
  id: string;
  status: string;
  ticketCode: string;
  manageToken: string;
}

/** Books through the public API and returns the new booking. */
export async function book(w: World, eventId: string, body: Record<string, unknown>): Promise<Booked> {
  const res = await bookVia(w.t, eventId, { seats: 1, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Moves the clock to `ms` after the event's first session starts. */
export async function afterStart(w: World, eventId: string, ms = 10 * 60_000): Promise<void> {
  const ev = await events.getEvent(w.t.db, eventId, { includeDrafts: true });
  setClockOffset(Date.parse(ev.start) + ms - Date.now());
}

/** Moves the clock to `ms` after the event's last session ends. */
export async function afterEnd(w: World, eventId: string, ms: number): Promise<void> {
  const ev = await events.getEvent(w.t.db, eventId, { includeDrafts: true });
  setClockOffset(Date.parse(ev.end) + ms - Date.now());
}

/** Checks a booking in at the door, by its ticket code, through the staff API. */
export async function checkIn(w: World, eventId: string, booking: Booked): Promise<void> {
  const res = await w.staff('POST', `/api/v1/events/${eventId}/checkins`, { code: booking.ticketCode });
  expect(res.statusCode, res.body).toBe(201);
}

/** Registrations, messages and jobs of the event: what a refused call must leave as it was. */
export async function footprint(w: World, eventId: string) {
  const [messages, jobs, surveys] = await Promise.all([
    w.t.db.k.selectFrom('event_messages').select('id').where('event_id', '=', eventId).execute(),
    w.t.db.k.selectFrom('jobs').select('id').where('kind', '=', 'events.message').execute(),
    w.t.db.k.selectFrom('event_surveys').selectAll().where('event_id', '=', eventId).orderBy('id').execute(),
  ]);
  return { messages: messages.length, jobs: jobs.length, surveys };
}
