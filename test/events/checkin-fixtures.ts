import { expect } from 'vitest';
import { setClockOffset } from '../../src/core/time.js';
import type { TestApp } from '../helpers.js';
import { bookVia, type World } from './booking-fixtures.js';

/** Moves the application's clock to an instant (the real clock keeps running underneath). */
export function clockAt(iso: string): void {
  setClockOffset(Date.parse(iso) - Date.now());
}

export function clockReset(): void {
  setClockOffset(0);
}

let n = 0;

/** A confirmed (or waitlisted) booking through the public API; returns its id and ticket code. */
export async function booking(
  w: World,
  eventId: string,
  over: Record<string, unknown> = {},
): Promise<{ id: string; ticketCode: string; status: string }> {
  const res = await bookVia(w.t, eventId, { name: `Persona ${++n}`, email: `persona${n}@esempio.it`, seats: 1, ...over });
  expect([200, 201], res.body).toContain(res.statusCode);
  const b = res.json();
  const row = await w.t.db.k.selectFrom('registrations').select('ticket_code').where('id', '=', b.id).executeTakeFirstOrThrow();
  return { id: b.id, ticketCode: row.ticket_code, status: b.status };
}

export async function checkinRows(t: TestApp, eventId?: string) {
  let q = t.db.k.selectFrom('event_checkins').selectAll();
  if (eventId) q = q.where('event_id', '=', eventId);
  return q.orderBy('created_at').execute();
}

export async function jobsOf(t: TestApp, kind: string) {
  const rows = await t.db.k.selectFrom('jobs').select(['kind', 'payload', 'run_at', 'dedupe_key']).where('kind', '=', kind).execute();
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) }));
}

/** The first session of an event (its id). */
export async function sessionIds(t: TestApp, eventId: string): Promise<string[]> {
  const rows = await t.db.k.selectFrom('event_sessions').select('id').where('event_id', '=', eventId).orderBy('starts_at').execute();
  return rows.map((r) => r.id);
}
