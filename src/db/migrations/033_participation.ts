import { type Kysely, SqliteAdapter } from 'kysely';
import { createTable } from '../ddl.js';
import { TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * Participation (issue 19), first part: participatory processes and their phases, the pending
 * confirmations of citizens (an e-mail link or an SMS code, shared by every part of the module),
 * proposals with their image, supports and comments. Personal data is a keyed hash of the contact
 * and, until the message leaves or the link expires, the contact encrypted; an optional public
 * signature. Everything personal is erased when the process closes plus its retention period.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof SqliteAdapter ? 'blob' : 'bytea';
  await createTable(db, 'participation_processes', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'title text not null',
    'description text not null',
    'municipalities text not null',
    'categories text not null',
    'status text not null',
    'retention_days integer not null default 180',
    'support_threshold integer not null default 0',
    'closed_at text',
    'erased_at text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'participation_processes_org', 'participation_processes', ['organisation_id', 'status']);
  await createTable(db, 'participation_phases', [
    'id text primary key',
    'process_id text not null references participation_processes(id) on delete cascade',
    'position integer not null',
    'name text not null',
    'description text',
    'starts_on text not null',
    'ends_on text not null',
  ]);
  await createIndex(db, 'participation_phases_process', 'participation_phases', ['process_id', 'position']);
  await createTable(db, 'participation_confirmations', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'process_id text references participation_processes(id) on delete cascade',
    'kind text not null',
    'subject_id text not null',
    'channel text not null',
    'contact_hash text not null',
    'contact_sealed text',
    'token_hash text not null',
    'code_hash text',
    'attempts integer not null default 0',
    'lang text not null',
    'expires_at text not null',
    'confirmed_at text',
    'created_at text not null',
  ]);
  await createIndex(db, 'participation_confirmations_token', 'participation_confirmations', ['token_hash'], { unique: true });
  await createIndex(db, 'participation_confirmations_contact', 'participation_confirmations', ['contact_hash', 'confirmed_at']);
  await createIndex(db, 'participation_confirmations_process', 'participation_confirmations', ['process_id']);
  await createTable(db, 'participation_proposals', [
    'id text primary key',
    'process_id text not null references participation_processes(id) on delete cascade',
    'title text not null',
    'body text not null',
    'municipality_code text not null',
    'category text not null',
    'author_hash text',
    'author_name text',
    'confirmed_at text',
    'state text',
    'state_reason text',
    'merged_into text',
    'answer text',
    'answered_at text',
    'hidden_at text',
    'hidden_reason text',
    'supports integer not null default 0',
    'comments integer not null default 0',
    'has_image integer not null default 0',
    ...TIMESTAMPS,
  ]);
  // The public list reads confirmed, visible proposals only: partial indexes of those rows, in each
  // order the list offers, with and without a comune, so a page and its count read the index alone.
  const lists: [string, string[]][] = [
    ['participation_proposals_comune_supports', ['process_id', 'municipality_code', 'supports', 'created_at']],
    ['participation_proposals_supports', ['process_id', 'supports', 'created_at']],
    ['participation_proposals_comune_newest', ['process_id', 'municipality_code', 'created_at']],
    ['participation_proposals_newest', ['process_id', 'created_at']],
  ];
  for (const [name, columns] of lists) {
    await createIndex(db, name, 'participation_proposals', columns, {
      where: [
        ['confirmed_at', 'is not', null],
        ['hidden_at', 'is', null],
      ],
    });
  }
  await createTable(db, 'participation_proposal_images', [
    'proposal_id text primary key references participation_proposals(id) on delete cascade',
    'mime text not null',
    `data ${bytes} not null`,
  ]);
  await createTable(db, 'participation_supports', [
    'id text primary key',
    'proposal_id text not null references participation_proposals(id) on delete cascade',
    'contact_hash text',
    'created_at text not null',
  ]);
  await createIndex(db, 'participation_supports_once', 'participation_supports', ['proposal_id', 'contact_hash'], { unique: true });
  await createTable(db, 'participation_comments', [
    'id text primary key',
    'proposal_id text not null references participation_proposals(id) on delete cascade',
    'parent_id text references participation_comments(id) on delete cascade',
    'body text not null',
    'author_hash text',
    'author_name text',
    'confirmed_at text',
    'hidden_at text',
    'hidden_reason text',
    'created_at text not null',
  ]);
  await createIndex(db, 'participation_comments_proposal', 'participation_comments', ['proposal_id', 'created_at']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, [
    'participation_comments',
    'participation_supports',
    'participation_proposal_images',
    'participation_proposals',
    'participation_confirmations',
    'participation_phases',
    'participation_processes',
  ]);
}
