import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * Participation (issue 19): the meetings of a process (each an event of the catalogue, named by id
 * only) with their agenda and minutes, the proposals the minutes link, the live polls held during a
 * meeting with their options and the answers given from phones; and the process's final agenda of
 * actions with their origins (proposals and meetings, by id) and their dated updates.
 * Processes and proposals are named by id only, as events are: the owner checks them.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'participation_meetings', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'process_id text not null',
    'event_id text not null',
    'agenda text',
    'minutes text',
    'decisions text',
    'attendance integer',
    'minutes_published_at text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'participation_meetings_event', 'participation_meetings', ['process_id', 'event_id'], { unique: true });
  await createTable(db, 'participation_meeting_proposals', [
    'meeting_id text not null references participation_meetings(id) on delete cascade',
    'proposal_id text not null',
    'primary key (meeting_id, proposal_id)',
  ]);
  await createTable(db, 'participation_polls', [
    'id text primary key',
    'meeting_id text not null references participation_meetings(id) on delete cascade',
    'code text not null',
    'question text not null',
    'status text not null',
    'opened_at text not null',
    'closed_at text',
  ]);
  await createIndex(db, 'participation_polls_code', 'participation_polls', ['code'], { unique: true });
  await createIndex(db, 'participation_polls_meeting', 'participation_polls', ['meeting_id']);
  await createTable(db, 'participation_poll_options', [
    'id text primary key',
    'poll_id text not null references participation_polls(id) on delete cascade',
    'position integer not null',
    'label text not null',
    'hands integer not null default 0',
  ]);
  await createIndex(db, 'participation_poll_options_poll', 'participation_poll_options', ['poll_id', 'position']);
  await createTable(db, 'participation_poll_answers', [
    'poll_id text not null references participation_polls(id) on delete cascade',
    'device_hash text not null',
    'option_id text not null references participation_poll_options(id) on delete cascade',
    'created_at text not null',
    'primary key (poll_id, device_hash)',
  ]);
  await createTable(db, 'participation_actions', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'process_id text not null',
    'title text not null',
    'description text',
    'owner text not null',
    'deadline text',
    'status text not null',
    'progress integer not null default 0',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'participation_actions_process', 'participation_actions', ['process_id', 'created_at']);
  await createTable(db, 'participation_action_origins', [
    'action_id text not null references participation_actions(id) on delete cascade',
    'kind text not null',
    'origin_id text not null',
    'primary key (action_id, kind, origin_id)',
  ]);
  await createTable(db, 'participation_action_updates', [
    'id text primary key',
    'action_id text not null references participation_actions(id) on delete cascade',
    'day text not null',
    'body text not null',
    'progress integer',
    'status text',
    'created_by text',
    'created_at text not null',
  ]);
  await createIndex(db, 'participation_action_updates_action', 'participation_action_updates', ['action_id', 'day']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, [
    'participation_action_updates',
    'participation_action_origins',
    'participation_actions',
    'participation_poll_answers',
    'participation_poll_options',
    'participation_polls',
    'participation_meeting_proposals',
    'participation_meetings',
  ]);
}
