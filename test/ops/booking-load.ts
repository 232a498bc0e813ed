import type { Db } from '../../src/db/index.js';
import * as events from '../../src/modules/events/service.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { testConfig } from '../helpers.js';

/** A published event with room for every booking a load test makes. */
export async function roomyEvent(db: Db, databaseUrl: string): Promise<string> {
  const org = (await createOrganisation(db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
  const venue = (await createVenue(db, org, { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: '100005' })).id;
  // The services need a Deps only for the database here.
  const deps = { db, config: testConfig({ databaseUrl }) } as Parameters<typeof events.createEvent>[0];
  const start = new Date(Date.now() + 10 * 86_400_000).toISOString();
  const { id } = await events.createEvent(deps, null, {
    organisation: org,
    title: 'Corso di SPID per tutti',
    type: 'corso',
    format: 'in_presenza',
    venue,
    capacity: 100_000,
    maxSeatsPerBooking: 1,
    status: 'published',
    sessions: [{ start, end: new Date(Date.parse(start) + 3_600_000).toISOString() }],
  });
  return id;
}

/** What one booking request came to: the HTTP status, or the network error's code. */
export interface Outcome {
  sentAt: number;
  answeredAt: number;
  status?: number;
  error?: string;
  id?: string;
}

/**
 * Citizens booking seats through the public API, `concurrency` at a time, until stop(). A loop
 * ends on its own once the server refuses connections (it has stopped).
 */
export function bookingLoad(base: string, eventId: string, concurrency: number, tag: string) {
  const outcomes: Outcome[] = [];
  let stopped = false;
  let n = 0;
  const loop = async () => {
    while (!stopped) {
      const i = n++;
      const sentAt = Date.now();
      try {
        const res = await fetch(`${base}/api/v1/events/${eventId}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Persona ${tag} ${i}`, email: `${tag}${i}@example.org`, seats: 1 }),
        });
        const body = (await res.json().catch(() => ({}))) as { id?: string; status?: string };
        outcomes.push({ sentAt, answeredAt: Date.now(), status: res.status, id: res.status === 201 ? body.id : undefined });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause;
        outcomes.push({ sentAt, answeredAt: Date.now(), error: cause?.code ?? String(err) });
        if (cause?.code === 'ECONNREFUSED') return;
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    outcomes,
    /** The ids of the bookings confirmed (201) so far. */
    confirmed: () => outcomes.filter((o) => o.id).map((o) => o.id as string),
    async stop(): Promise<Outcome[]> {
      stopped = true;
      await Promise.all(loops);
      return outcomes;
    },
    /** Resolves when every loop has ended by itself (the server went away). */
    ended: () => Promise.all(loops).then(() => outcomes),
  };
}
