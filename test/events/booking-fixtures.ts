import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { createApiToken } from '../../src/core/auth.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import * as events from '../../src/modules/events/service.js';
import {
  answerPartnership,
  createAgreement,
  createOrganisation,
  createVenue,
  listPartnerships,
} from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, type TestApp } from '../helpers.js';
import { TestSmtp } from '../mail.js';

/** A small world for the booking tests: two comuni, venues, staff with API tokens, a real SMTP server. */
export interface World {
  t: TestApp;
  smtp: TestSmtp;
  prato: string;
  arci: string;
  firenze: string;
  coiano: string;
  arciVenue: string;
  murate: string;
  staff: ReturnType<typeof bearer>;
  staffUserId: string;
  outsider: ReturnType<typeof bearer>;
  /** A published event of Prato at Coiano, starting in `days` days; overrides go to createEvent. */
  event(overrides?: Record<string, unknown>, days?: number): Promise<string>;
  close(): Promise<void>;
}

export const BASE_URL = 'http://ponte.test';

/** An ISO instant `days` days from now at hh:mm in UTC (tests only compare instants). */
export function inDays(days: number, hours = 0): string {
  return new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
}

export async function world(dialect: Dialect, overrides: Partial<Config> = {}): Promise<World> {
  const smtp = new TestSmtp();
  const smtpUrl = await smtp.start();
  const t = await createTestApp(dialect, { smtpUrl, baseUrl: BASE_URL, rateLimitMax: 0, ...overrides });
  const prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
  const arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
  const firenze = (await createOrganisation(t.db, { name: 'Comune di Firenze', type: 'comune', municipality: '048017' })).id;
  const coiano = (
    await createVenue(t.db, prato, {
      name: 'Circolo di Coiano',
      address: 'Via di Coiano 12',
      municipality: '100005',
      stepFree: true,
      latitude: 43.8916,
      longitude: 11.0797,
      accessibility: 'Bagno accessibile.',
    })
  ).id;
  const arciVenue = (await createVenue(t.db, arci, { name: 'Casa del Popolo', address: 'Via Pistoiese 410', municipality: '100005' })).id;
  const murate = (await createVenue(t.db, firenze, { name: 'Le Murate', address: 'Piazza delle Murate 1', municipality: '048017' })).id;
  await createAgreement(t.db, prato, { title: 'Protocollo', partners: [arci], start: '2024-01-01' });
  // Arci signs the protocol in Ponte: its venues open to Prato.
  for (const p of await listPartnerships(t.db, arci)) await answerPartnership(t.db, p.id, arci, 'accept', null);
  const user = async (email: string, org: string) => {
    const { id } = await createUser(t.db, {
      email,
      name: email.split('@')[0],
      role: 'staff',
      organisation: org,
      password: 'una-password-lunga',
    });
    return { id, client: bearer(t.app, await createApiToken(t.db, id, 'test')) };
  };
  const s = await user('staff@prato.example', prato);
  const o = await user('staff@firenze.example', firenze);
  return {
    t,
    smtp,
    prato,
    arci,
    firenze,
    coiano,
    arciVenue,
    murate,
    staff: s.client,
    staffUserId: s.id,
    outsider: o.client,
    event: async (over = {}, days = 10) => {
      const start = inDays(days);
      const { id } = await events.createEvent(t.app.deps, null, {
        organisation: prato,
        title: 'Incontro sullo SPID',
        description: 'Come attivare e usare SPID, passo per passo.',
        type: 'incontro',
        format: 'in_presenza',
        venue: coiano,
        capacity: 10,
        maxSeatsPerBooking: 4,
        bookingRequired: true,
        status: 'published',
        audiences: ['anziani'],
        topics: ['spid'],
        sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
        ...over,
      });
      return id;
    },
    close: async () => {
      await t.close();
      await smtp.stop();
    },
  };
}

export function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json() as { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };
}

/** A public booking through the API. */
export function bookVia(t: TestApp, eventId: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/registrations`, payload: body as object, headers });
}

export async function counters(t: TestApp, eventId: string) {
  const ev = await t.db.k.selectFrom('events').select(['taken', 'waiting', 'capacity']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const regs = await t.db.k
    .selectFrom('registrations')
    .select(['id', 'status', 'seats'])
    .where('event_id', '=', eventId)
    .orderBy('id')
    .execute();
  const sum = (s: string[]) => regs.filter((r) => s.includes(r.status)).reduce((n, r) => n + Number(r.seats), 0);
  return {
    taken: Number(ev.taken),
    waiting: Number(ev.waiting),
    capacity: Number(ev.capacity),
    held: sum(['confirmed', 'offered']),
    waitingSeats: sum(['waitlisted']),
    registrations: regs.length,
    regs,
  };
}

/** Runs the due jobs until none is left (mail may enqueue nothing more, but promotions might). */
export async function drain(t: TestApp): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await t.app.deps.jobs.runDue();
    total += n;
    if (n === 0) return total;
  }
}
