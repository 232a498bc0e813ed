import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { one, runOp } from '../../src/db/op-driver.js';
import type { EventTable } from '../../src/db/schema.js';
import { BOOKABLE_SQL, bookableParams, closedReason, seatsAllowed, seatsAllowedSql } from '../../src/modules/events/booking/bookable.js';
import * as events from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { createTestDb, DIALECTS, type TestDb } from '../helpers.js';

/**
 * "Is this event bookable?" is written once (booking/bookable.ts) and read two ways: as SQL by the
 * booking statements, and in JavaScript by the pages and the refusals. Both must agree on every
 * event, at the edges too (an instant equal to a closing time, a start, an end).
 */
const AT = '2030-06-01T12:00:00.000Z';
const BEFORE = '2030-05-01T12:00:00.000Z';
const AFTER = '2030-07-01T12:00:00.000Z';
const LATER = '2030-08-01T12:00:00.000Z';
const INSTANTS = [BEFORE, AT, AFTER];

type Case = Pick<EventTable, 'status' | 'booking_required' | 'booking_opens_at' | 'booking_closes_at' | 'starts_at' | 'ends_at'>;

function cases(): Case[] {
  const out: Case[] = [];
  for (const status of ['draft', 'published', 'cancelled'] as const)
    for (const booking_required of [0, 1])
      for (const booking_opens_at of [null, ...INSTANTS])
        for (const booking_closes_at of [null, ...INSTANTS])
          for (const starts_at of INSTANTS)
            for (const ends_at of [...INSTANTS, LATER]) {
              if (ends_at <= starts_at) continue;
              out.push({ status, booking_required, booking_opens_at, booking_closes_at, starts_at, ends_at });
            }
  return out;
}

async function sqlSays(db: Db, id: string, at: string, seats: number): Promise<boolean> {
  const row = await runOp(db, () =>
    one(`select id from events where id = ? and ${BOOKABLE_SQL} and ${seatsAllowedSql('?')}`, id, ...bookableParams(at), seats),
  );
  return !!row;
}

describe.each(DIALECTS)('one bookability rule (%s)', (dialect) => {
  let t: TestDb;
  let id: string;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    const org = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    const venue = (await createVenue(t.db, org, { name: 'Circolo di Coiano', address: 'Via di Coiano 12', municipality: '100005' })).id;
    ({ id } = await events.createEvent({ db: t.db }, null, {
      organisation: org,
      title: 'Incontro sullo SPID',
      type: 'incontro',
      format: 'in_presenza',
      venue,
      capacity: 10,
      maxSeatsPerBooking: 3,
      bookingRequired: true,
      status: 'published',
      sessions: [{ start: '2030-06-10T16:00:00.000Z', end: '2030-06-10T18:00:00.000Z' }],
    }));
  });
  afterAll(() => t.cleanup());

  it('the SQL predicate and the JavaScript check agree on every event', async () => {
    const all = cases();
    let open = 0;
    for (const c of all) {
      await t.db.k.updateTable('events').set(c).where('id', '=', id).execute();
      const js = closedReason(c, AT) === null;
      expect(await sqlSays(t.db, id, AT, 1), JSON.stringify(c)).toBe(js);
      if (js) open++;
    }
    // Both answers occur: the cases are not all closed (nor all open).
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(all.length);
  });

  it('agrees with the old reasons, first failing rule first', () => {
    const base: Case = {
      status: 'published',
      booking_required: 1,
      booking_opens_at: null,
      booking_closes_at: null,
      starts_at: AFTER,
      ends_at: LATER,
    };
    expect(closedReason(base, AT)).toBeNull();
    expect(closedReason({ ...base, status: 'draft' }, AT)).toBe('draft');
    expect(closedReason({ ...base, status: 'cancelled', booking_required: 0 }, AT)).toBe('cancelled');
    expect(closedReason({ ...base, booking_required: 0, ends_at: BEFORE, starts_at: BEFORE }, AT)).toBe('not-required');
    expect(closedReason({ ...base, starts_at: BEFORE, ends_at: AT, booking_opens_at: AFTER }, AT)).toBe('past');
    expect(closedReason({ ...base, booking_opens_at: AFTER, booking_closes_at: BEFORE }, AT)).toBe('not-yet-open');
    expect(closedReason({ ...base, booking_closes_at: AT }, AT)).toBe('closed');
    expect(closedReason({ ...base, starts_at: AT }, AT)).toBe('started');
    expect(closedReason({ ...base, booking_closes_at: AFTER, starts_at: BEFORE }, AT)).toBeNull();
  });

  it('the most seats per booking: SQL and JavaScript agree', async () => {
    await t.db.k
      .updateTable('events')
      .set({ status: 'published', booking_required: 1, booking_opens_at: null, booking_closes_at: null, starts_at: AFTER, ends_at: LATER })
      .where('id', '=', id)
      .execute();
    const row = await t.db.k.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    for (const seats of [1, 2, 3, 4, 10]) {
      expect(await sqlSays(t.db, id, AT, seats), `${seats} seats`).toBe(seatsAllowed(row, seats));
    }
    expect(seatsAllowed(row, 3)).toBe(true);
    expect(seatsAllowed(row, 4)).toBe(false);
  });
});
