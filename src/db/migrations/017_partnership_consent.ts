import { type Kysely, sql } from 'kysely';
import { newId } from '../../core/ids.js';
import { createTable } from '../ddl.js';
import { createIndex } from './indexes.js';

/**
 * Partnerships between organisations, each one asked by one side and accepted by the other. Until
 * the named organisation accepts, its venues cannot be used for the other's events or facilitation
 * services. `pair` is the two ids in order, so that one unique index allows a single live
 * (pending or accepted) partnership per couple, whichever side asked.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'partnerships', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'partner_id text not null references organisations(id)',
    'pair text not null',
    'status text not null',
    'requested_by text',
    'requested_at text not null',
    'decided_by text',
    'decided_at text',
    'ended_by text',
    'ended_at text',
  ]);
  await createIndex(db, 'partnerships_live_pair', 'partnerships', ['pair'], {
    unique: true,
    where: [['status', 'in', ['pending', 'accepted']]],
  });
  await createIndex(db, 'partnerships_organisation', 'partnerships', ['organisation_id']);
  await createIndex(db, 'partnerships_partner', 'partnerships', ['partner_id']);

  // Until now naming an organisation in an agreement, a programme or an event was enough to use its
  // venues, and events and services were planned there on that basis. Those couples become accepted
  // partnerships, so that nothing already in use stops working; either side can end one from now on.
  const named = await sql<{ owner: string; partner: string }>`
    select a.organisation_id as owner, p.organisation_id as partner
      from agreement_partners p join agreements a on a.id = p.agreement_id
    union
    select g.organisation_id, p.organisation_id
      from programme_partners p join programmes g on g.id = p.programme_id
    union
    select e.organisation_id, p.organisation_id
      from event_partners p join events e on e.id = p.event_id
  `.execute(db);
  const now = new Date().toISOString();
  const seen = new Set<string>();
  for (const { owner, partner } of named.rows) {
    if (owner === partner) continue;
    const pair = [owner, partner].sort().join('|');
    if (seen.has(pair)) continue;
    seen.add(pair);
    await db
      .insertInto('partnerships')
      .values({
        id: newId(),
        organisation_id: owner,
        partner_id: partner,
        pair,
        status: 'accepted',
        requested_by: null,
        requested_at: now,
        decided_by: null,
        decided_at: now,
        ended_by: null,
        ended_at: null,
      })
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('partnerships').execute();
}
