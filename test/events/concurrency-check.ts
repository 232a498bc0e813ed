import { expect } from 'vitest';
import type { Db } from '../../src/db/index.js';

/** What a burst of bookings answered, per person. */
export interface Answer {
  status: number;
  body: { id: string; status: string; position?: number; seats: number; manageToken: string };
}

/** 200 distinct people asking for 1 to 3 seats (a fixed pseudo-random sequence, so runs compare). */
export function people(n = 200, tag = 'p'): { name: string; email: string; seats: number }[] {
  let x = 7;
  return Array.from({ length: n }, (_, i) => {
    x = (x * 48271) % 2147483647;
    return { name: `Persona ${i}`, email: `${tag}${i}@example.org`, seats: 1 + (x % 3) };
  });
}

async function state(db: Db, eventId: string) {
  const ev = await db.k.selectFrom('events').select(['taken', 'waiting', 'capacity']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const regs = await db.k
    .selectFrom('registrations')
    .select(['id', 'status', 'seats'])
    .where('event_id', '=', eventId)
    .orderBy('id')
    .execute();
  return {
    taken: Number(ev.taken),
    waiting: Number(ev.waiting),
    capacity: Number(ev.capacity),
    regs: regs.map((r) => ({ ...r, seats: Number(r.seats) })),
  };
}

/**
 * The invariants that must hold at any moment: seats held by confirmed (and offered) bookings are
 * exactly `taken` and never more than the capacity; waiting seats are exactly `waiting`; and the
 * first in line does not fit (else they would have been promoted).
 */
export async function expectInvariants(db: Db, eventId: string) {
  const s = await state(db, eventId);
  const held = s.regs.filter((r) => r.status === 'confirmed' || r.status === 'offered').reduce((n, r) => n + r.seats, 0);
  const waiting = s.regs.filter((r) => r.status === 'waitlisted');
  expect(held).toBe(s.taken);
  expect(s.taken).toBeLessThanOrEqual(s.capacity);
  expect(waiting.reduce((n, r) => n + r.seats, 0)).toBe(s.waiting);
  if (waiting.length > 0) expect(s.taken + waiting[0].seats).toBeGreaterThan(s.capacity);
  return s;
}

/** After the burst: every request answered 201, nothing lost or doubled, the waiting list in arrival order. */
export async function expectBurst(db: Db, eventId: string, answers: Answer[], asked: { seats: number }[]) {
  for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(201);
  const s = await expectInvariants(db, eventId);
  expect(s.regs).toHaveLength(asked.length);
  expect(s.regs.reduce((n, r) => n + r.seats, 0)).toBe(asked.reduce((n, p) => n + p.seats, 0));
  // Full to the last seat a booking could take: the first one refused needed more than what was left.
  expect(s.taken).toBeGreaterThan(s.capacity - 3);
  const byId = new Map(answers.map((a) => [a.body.id, a.body]));
  const waiting = s.regs.filter((r) => r.status === 'waitlisted');
  expect(waiting.length).toBeGreaterThan(100);
  // The order of the ids is the order the bookings were accepted: positions 1, 2, 3 … by id.
  expect(waiting.map((r) => byId.get(r.id)?.position)).toEqual(waiting.map((_, i) => i + 1));
  for (const r of s.regs) expect(byId.get(r.id)?.status).toBe(r.status);
  return s;
}

/** After cancellations: promotions took the head of the waiting list, in order, without skipping anyone. */
export async function expectPromotions(db: Db, eventId: string, waitingBefore: string[], cancelled: string[]) {
  const s = await expectInvariants(db, eventId);
  const status = new Map(s.regs.map((r) => [r.id, r.status]));
  for (const id of cancelled) expect(status.get(id)).toBe('cancelled');
  const promoted = waitingBefore.filter((id) => status.get(id) === 'confirmed');
  expect(promoted.length).toBeGreaterThan(0);
  expect(promoted).toEqual(waitingBefore.slice(0, promoted.length));
  return { ...s, promoted };
}
