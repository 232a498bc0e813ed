import { expect } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { backoffMs } from '../../src/core/jobs.js';
import { setClockOffset } from '../../src/core/time.js';
import type { Dialect } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createEvent } from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { verifySignature } from '../../src/modules/webhooks/signing.js';
import { bearer, createTestApp, type TestApp } from '../helpers.js';
import { type Received, Receiver } from './receiver.js';

export type Client = ReturnType<typeof bearer>;

/** An organisation of its own for one test, so its subscriptions see only that test's bookings. */
export interface Org {
  id: string;
  venue: string;
  admin: Client;
  staff: Client;
}

export interface World {
  t: TestApp;
  rx: Receiver;
  platform: Client;
  org(): Promise<Org>;
  /** A published event of the organisation in `days` days. */
  event(org: Org, overrides?: Record<string, unknown>, days?: number): Promise<string>;
  /** Subscribes `rx.url + path` through the API and returns the id and the secret shown once. */
  subscribe(org: Org, path: string, events?: string[]): Promise<{ id: string; secret: string }>;
  book(eventId: string, body: Record<string, unknown>): Promise<{ id: string; manageToken: string; status: string; ticketCode: string }>;
  /** Runs due jobs until none is left. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

let n = 0;

export async function world(dialect: Dialect): Promise<World> {
  const rx = new Receiver();
  await rx.start();
  const t = await createTestApp(dialect, { rateLimitMax: 0 });
  const { id: platformId } = await createUser(t.db, {
    email: 'piattaforma@ponte.example',
    name: 'Piattaforma',
    role: 'platform-admin',
    password: 'una-password-lunga',
  });
  const platform = bearer(t.app, await createApiToken(t.db, platformId, 'test'));
  const person = async (role: 'org-admin' | 'staff', organisation: string) => {
    const { id } = await createUser(t.db, {
      email: `${role}${++n}@webhook.example`,
      name: `Persona ${n}`,
      role,
      organisation,
      password: 'una-password-lunga',
    });
    return bearer(t.app, await createApiToken(t.db, id, 'test'));
  };
  const drain = async () => {
    while ((await t.app.deps.jobs.runDue()) > 0);
  };
  return {
    t,
    rx,
    platform,
    org: async () => {
      const id = (await createOrganisation(t.db, { name: `Comune ${++n}`, type: 'comune', municipality: '100005' })).id;
      const venue = (await createVenue(t.db, id, { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: '100005' })).id;
      return { id, venue, admin: await person('org-admin', id), staff: await person('staff', id) };
    },
    event: async (org, overrides = {}, days = 10) => {
      const start = new Date(Date.now() + days * 86_400_000).toISOString();
      const { id } = await createEvent(t.app.deps, null, {
        organisation: org.id,
        title: 'Incontro sullo SPID',
        description: 'Come attivare e usare SPID, passo per passo.',
        type: 'incontro',
        format: 'in_presenza',
        venue: org.venue,
        capacity: 10,
        maxSeatsPerBooking: 4,
        bookingRequired: true,
        status: 'published',
        sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
        ...overrides,
      });
      return id;
    },
    subscribe: async (
      org,
      path,
      events = ['registration.created', 'registration.cancelled', 'registration.promoted', 'registration.checked_in'],
    ) => {
      const res = await org.admin('POST', `/api/v1/organisations/${org.id}/webhooks`, { url: `${rx.url}${path}`, events });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; secret: string };
    },
    book: async (eventId, body) => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/registrations`, payload: body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    },
    drain,
    close: async () => {
      await t.close();
      await rx.stop();
    },
  };
}

export interface Envelope {
  id: string;
  type: string;
  occurredAt: string;
  organisationId: string;
  data: Record<string, unknown>;
}

/**
 * What a careful receiver checks on arrival: the signature with the secret shown at creation, the
 * timestamp against the time it arrived, and the headers Ponte promises. Returns the parsed body.
 */
export function expectSigned(r: Received, secret: string): Envelope {
  const check = verifySignature(secret, r.headers['ponte-signature'] as string, r.body, r.at);
  expect(check, r.headers['ponte-signature'] as string).toMatchObject({ ok: true });
  expect(r.method).toBe('POST');
  expect(r.headers['content-type']).toBe('application/json');
  expect(r.headers['user-agent']).toBe('Ponte-Webhooks');
  expect(r.headers['ponte-delivery']).toMatch(/^[0-9a-f-]{36}$/);
  const body = JSON.parse(r.body) as Envelope;
  expect(r.headers['ponte-event']).toBe(body.type);
  expect(Object.keys(body).sort()).toEqual(['data', 'id', 'occurredAt', 'organisationId', 'type']);
  return body;
}

/** Moves the clock past the back-off of the attempt just made and runs what became due. */
export async function afterBackoff(w: World, attempt: number, offset: { ms: number }): Promise<void> {
  offset.ms += backoffMs(attempt) + 1000;
  setClockOffset(offset.ms);
  await w.drain();
}
