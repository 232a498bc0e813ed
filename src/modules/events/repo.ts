import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { newId } from '../../core/ids.js';
import { organisationOfRow, organisationThrough } from '../../core/rows.js';
import type { Db } from '../../db/index.js';
import type { Database, EventTable, RegistrationTable } from '../../db/schema.js';

/** The events module's SQL outside the booking engine (which lives in booking.ts). */

type Executor = Kysely<Database> | Transaction<Database>;

export interface EventRelations {
  sessions: { starts_at: string; ends_at: string }[];
  audiences: string[];
  topics: string[];
  partners: string[];
}

export async function eventRow(db: Db, id: string): Promise<EventTable | undefined> {
  return db.k.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An event's row and its `page_version` (migration 044), which moves with every change of what its page shows. */
export type EventPageRow = EventTable & { page_version: number };

export async function eventPageRow(db: Db, id: string): Promise<EventPageRow | undefined> {
  // `select *` brings page_version too: the table's types leave it out, as no other read needs it.
  return (await db.k.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()) as EventPageRow | undefined;
}

export async function eventRows(db: Db, ids: string[]): Promise<EventTable[]> {
  if (ids.length === 0) return [];
  return db.k.selectFrom('events').selectAll().where('id', 'in', ids).execute();
}

/**
 * Sessions, audiences, topics and partners of events, in one query (a UNION ALL of the four
 * tables) rather than four: an event page on PostgreSQL spent more on the four round trips than on
 * anything else. A thousand events at a time keeps the parameters (four per event) well inside
 * both databases' limits.
 */
export async function relationsOf(db: Db, ids: string[]): Promise<Map<string, EventRelations>> {
  const map = new Map<string, EventRelations>(ids.map((id) => [id, { sessions: [], audiences: [], topics: [], partners: [] }]));
  for (let i = 0; i < ids.length; i += 1000) {
    const part = sql.join(ids.slice(i, i + 1000));
    const rows = await sql<{ kind: 's' | 'a' | 't' | 'p'; event_id: string; a: string; b: string | null; n: number }>`
      select 's' as kind, event_id, starts_at as a, ends_at as b, position as n from event_sessions where event_id in (${part})
      union all select 'a', event_id, audience, null, 0 from event_audiences where event_id in (${part})
      union all select 't', event_id, topic, null, 0 from event_topics where event_id in (${part})
      union all select 'p', event_id, organisation_id, null, 0 from event_partners where event_id in (${part})
      order by kind, event_id, n`.execute(db.k);
    for (const r of rows.rows) {
      const rel = map.get(r.event_id);
      if (!rel) continue;
      if (r.kind === 's') rel.sessions.push({ starts_at: r.a, ends_at: r.b as string });
      else if (r.kind === 'a') rel.audiences.push(r.a);
      else if (r.kind === 't') rel.topics.push(r.a);
      else rel.partners.push(r.a);
    }
  }
  return map;
}

export async function insertEvent(trx: Executor, row: EventTable, rel: EventRelations): Promise<void> {
  await trx.insertInto('events').values(row).execute();
  await replaceRelations(trx, row.id, rel);
}

/** Replaces the listed relations of an event (undefined = keep). */
export async function replaceRelations(trx: Executor, eventId: string, rel: Partial<EventRelations>): Promise<void> {
  if (rel.sessions) {
    // Sessions keep their rows (and so their check-ins) by position when their dates move; only
    // sessions beyond the new count go, and new ones are added.
    const existing = await trx
      .selectFrom('event_sessions')
      .select(['id', 'position'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute();
    const byPosition = new Map(existing.map((e) => [Number(e.position), e.id]));
    const fresh: { id: string; event_id: string; position: number; starts_at: string; ends_at: string }[] = [];
    for (const [i, s] of rel.sessions.entries()) {
      const id = byPosition.get(i);
      if (id) await trx.updateTable('event_sessions').set({ starts_at: s.starts_at, ends_at: s.ends_at }).where('id', '=', id).execute();
      else fresh.push({ id: newId(), event_id: eventId, position: i, starts_at: s.starts_at, ends_at: s.ends_at });
    }
    const gone = existing.filter((e) => Number(e.position) >= rel.sessions!.length).map((e) => e.id);
    if (gone.length) await trx.deleteFrom('event_sessions').where('id', 'in', gone).execute();
    if (fresh.length) await trx.insertInto('event_sessions').values(fresh).execute();
  }
  await replaceList(trx, 'event_audiences', eventId, rel.audiences);
  await replaceList(trx, 'event_topics', eventId, rel.topics);
  await replaceList(trx, 'event_partners', eventId, rel.partners);
}

/** The lists of an event that are replaced whole, and the column of each that holds the value. */
const LIST_COLUMN = { event_audiences: 'audience', event_topics: 'topic', event_partners: 'organisation_id' } as const;

/** Replaces one list of an event (undefined = keep): the old rows go, the new ones come. */
async function replaceList(
  trx: Kysely<Database>,
  table: keyof typeof LIST_COLUMN,
  eventId: string,
  values: string[] | undefined,
): Promise<void> {
  if (!values) return;
  await sql`delete from ${sql.table(table)} where event_id = ${eventId}`.execute(trx);
  if (values.length === 0) return;
  const rows = values.map((value) => ({ event_id: eventId, [LIST_COLUMN[table]]: value }));
  await trx
    .insertInto(table)
    .values(rows as Insertable<Database[typeof table]>[])
    .execute();
}

export async function registrationRow(db: Db, id: string): Promise<RegistrationTable | undefined> {
  return db.k.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Several registrations in one read (the mail jobs of a batch), by id. */
export async function registrationRows(db: Db, ids: string[]): Promise<Map<string, RegistrationTable>> {
  const rows = ids.length ? await db.k.selectFrom('registrations').selectAll().where('id', 'in', ids).execute() : [];
  return new Map(rows.map((r) => [r.id, r]));
}

export async function registrationsOfEvent(db: Db, eventId: string): Promise<RegistrationTable[]> {
  return db.k.selectFrom('registrations').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
}

/** 1-based place of a waitlisted registration. */
export async function waitingPosition(db: Db, eventId: string, registrationId: string): Promise<number> {
  const row = await db.k
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'waitlisted')
    .where('id', '<', registrationId)
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

export const organisationOfEvent = (db: Db, id: string): Promise<string | undefined> => organisationOfRow(db, 'events', id);

export const organisationOfRegistration = (db: Db, id: string): Promise<string | undefined> =>
  organisationThrough(db, 'registrations', 'event_id', 'events', id);

export async function insertSeries(trx: Executor, row: Database['event_series']): Promise<void> {
  await trx.insertInto('event_series').values(row).execute();
}
