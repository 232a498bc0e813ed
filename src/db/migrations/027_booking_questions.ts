import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { addColumns, dropColumns } from './columns.js';
import { createIndex } from './indexes.js';

/**
 * Questions at booking and children's activities. Staff give an event extra questions (free text,
 * a choice among options, yes/no; required or not, in order); each booking's answers are kept
 * beside it and erased with its personal data. An event may be an activity for minors: its booking
 * names the child (first name, age) and the guardian responsible, who declares to be the parent
 * or to act as one; those columns are personal data too, erased with the name and contacts.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'event_questions', [
    'id text primary key',
    'event_id text not null references events(id) on delete cascade',
    'position integer not null',
    // 'text', 'choice' or 'yes-no'.
    'kind text not null',
    'label text not null',
    // JSON array of the offered options, for 'choice'; null otherwise.
    'options text',
    'required integer not null default 0',
  ]);
  await createIndex(db, 'event_questions_event', 'event_questions', ['event_id', 'position']);

  await createTable(db, 'registration_answers', [
    'registration_id text not null references registrations(id) on delete cascade',
    'question_id text not null references event_questions(id) on delete cascade',
    'value text not null',
    'constraint registration_answers_pk primary key (registration_id, question_id)',
  ]);
  await createIndex(db, 'registration_answers_question', 'registration_answers', ['question_id']);

  await addColumns(db, 'events', [['for_minors', 'integer', 0]]);
  await addColumns(db, 'registrations', [
    ['child_name', 'text'],
    ['child_age', 'integer'],
    ['guardian_name', 'text'],
    ['guardian_consent_at', 'text'],
  ]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropColumns(db, 'registrations', ['guardian_consent_at', 'guardian_name', 'child_age', 'child_name']);
  await dropColumns(db, 'events', ['for_minors']);
  await db.schema.dropTable('registration_answers').execute();
  await db.schema.dropTable('event_questions').execute();
}
