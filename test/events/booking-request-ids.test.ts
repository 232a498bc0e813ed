import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { bookVia, type World, world } from './booking-fixtures.js';

/**
 * The jobs a booking queues (its confirmation, its reminder) carry the id of the request that made
 * it, so their log lines can be read beside the request's: also when fifty bookings arrive together
 * and are written by one transaction (SQLite) or one statement (PostgreSQL).
 */
describe.each(DIALECTS)("the request's id on a booking's jobs (%s)", (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await world(dialect);
  });
  afterAll(() => w.close());

  const requestIdsOf = async (registrationId: string) => {
    const rows = await w.t.db.k.selectFrom('jobs').select(['kind', 'request_id']).where('payload', 'like', `%${registrationId}%`).execute();
    return rows;
  };

  it('each booking of a burst has its own request id on each of its jobs', async () => {
    const id = await w.event({ capacity: 100 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => bookVia(w.t, id, { name: `Persona ${i}`, email: `persona.${i}@example.org`, seats: 1 })),
    );
    const seen = new Set<string>();
    for (const res of answers) {
      expect(res.statusCode).toBe(201);
      const jobs = await requestIdsOf(res.json().id);
      expect(jobs.map((j) => j.kind).sort()).toEqual(['events.mail', 'events.reminder']);
      const ids = new Set(jobs.map((j) => j.request_id));
      expect(ids.size).toBe(1);
      const [requestId] = ids;
      expect(typeof requestId).toBe('string');
      expect(seen.has(requestId as string)).toBe(false);
      seen.add(requestId as string);
    }
  });

  it('a booking that must first answer the questions keeps its request id and writes nothing while refused', async () => {
    const id = await w.event({ capacity: 10 });
    const form = await w.staff('PUT', `/api/v1/events/${id}/questions`, {
      questions: [{ kind: 'text', label: 'Cosa vorresti imparare?', required: true }],
    });
    expect(form.statusCode, form.body).toBe(200);
    const refused = await bookVia(w.t, id, { name: 'Senza risposta', email: 'senza.risposta@example.org', seats: 1 });
    expect(refused.statusCode).toBe(422);
    const none = await w.t.db.k.selectFrom('registrations').select('id').where('event_id', '=', id).execute();
    expect(none).toEqual([]);
    const questionId = form.json().questions[0].id as string;
    const booked = await bookVia(w.t, id, {
      name: 'Con risposta',
      email: 'con.risposta@example.org',
      seats: 1,
      answers: { [questionId]: 'a usare lo SPID' },
    });
    expect(booked.statusCode).toBe(201);
    const jobs = await requestIdsOf(booked.json().id);
    expect(jobs.length).toBe(2);
    for (const j of jobs) expect(typeof j.request_id).toBe('string');
  });
});
