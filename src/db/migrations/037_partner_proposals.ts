import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { addColumns, dropColumns, TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * Partners at work (issue 18): events a partner organisation proposes to a programme's owner, the
 * commitments each partner takes in an agreement, a desk that opens during an event's sessions, and
 * shifts generated from a desk's hours or an event's sessions (one per source and start, never twice).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'event_proposals', [
    'id text primary key',
    // The programme's owner, whose staff decide; the partner proposes.
    'organisation_id text not null references organisations(id) on delete cascade',
    'partner_id text not null references organisations(id) on delete cascade',
    'programme_id text not null',
    'venue_id text not null',
    'title text not null',
    'description text',
    'audiences text not null',
    'sessions text not null',
    'capacity integer not null',
    'status text not null',
    'comment text',
    'proposed_by text',
    'decided_by text',
    'decided_at text',
    'event_id text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'event_proposals_owner', 'event_proposals', ['organisation_id', 'status', 'created_at']);
  await createIndex(db, 'event_proposals_partner', 'event_proposals', ['partner_id', 'created_at']);

  await createTable(db, 'agreement_commitments', [
    'id text primary key',
    'agreement_id text not null references agreements(id) on delete cascade',
    'partner_id text not null references organisations(id) on delete cascade',
    'venues text not null',
    'hours integer not null',
    'period text not null',
    'volunteers integer not null',
    'created_at text not null',
  ]);
  await createIndex(db, 'agreement_commitments_agreement', 'agreement_commitments', ['agreement_id']);

  // A desk that follows an event: the operators it has during each session; null: it does not follow.
  await addColumns(db, 'desks', [['follow_operators', 'integer']]);
  // The session an extra opening was taken from: rewritten whenever the event's sessions change.
  await addColumns(db, 'desk_exceptions', [['event_session_id', 'text']]);

  // Where a generated shift came from ('desk:<id>' or 'event:<id>'): generating again skips it.
  await addColumns(db, 'shifts', [['source', 'text']]);
  await createIndex(db, 'shifts_source_start', 'shifts', ['source', 'starts_at'], { unique: true });
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('shifts_source_start').ifExists().execute();
  await dropColumns(db, 'shifts', ['source']);
  await dropColumns(db, 'desk_exceptions', ['event_session_id']);
  await dropColumns(db, 'desks', ['follow_operators']);
  await dropTables(db, ['agreement_commitments', 'event_proposals']);
}
