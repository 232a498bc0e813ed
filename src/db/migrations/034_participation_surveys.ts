import { type Kysely, sql } from 'kysely';
import { createTable } from '../ddl.js';
import { TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';

/**
 * Participation surveys (issue 19): questionnaires staff build (a process phase's, or an event's
 * satisfaction survey), their questions in order, the responses (one per person: a keyed hash of
 * the contact, erased with the process, or the private link of an event's survey) and the answers,
 * one row per value given (a multiple choice gives several).
 *
 * The satisfaction answers already given under the fixed survey (rating and comment on
 * event_surveys) move into a builder survey per event with the fixed questions, so the results
 * read them where the new answers go.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'surveys', [
    'id text primary key',
    'organisation_id text not null references organisations(id) on delete cascade',
    'process_id text',
    'phase_id text',
    'event_id text',
    'title text not null',
    'intro text',
    'status text not null',
    'public_results integer not null default 0',
    'contacts_erased_at text',
    ...TIMESTAMPS,
  ]);
  await createIndex(db, 'surveys_org', 'surveys', ['organisation_id', 'created_at']);
  await createIndex(db, 'surveys_process', 'surveys', ['process_id']);
  await createIndex(db, 'surveys_event', 'surveys', ['event_id'], { unique: true });
  await createTable(db, 'survey_questions', [
    'id text primary key',
    'survey_id text not null references surveys(id) on delete cascade',
    'position integer not null',
    'kind text not null',
    'label text not null',
    'hint text',
    'options text',
    'required integer not null default 0',
    'code text',
    'show_if_question text',
    'show_if_value text',
    'created_at text not null',
  ]);
  await createIndex(db, 'survey_questions_order', 'survey_questions', ['survey_id', 'position']);
  await createTable(db, 'survey_responses', [
    'id text primary key',
    'survey_id text not null references surveys(id) on delete cascade',
    'organisation_id text not null',
    'status text not null',
    'contact_hash text',
    'ref text',
    'lang text not null',
    'created_at text not null',
    'confirmed_at text',
  ]);
  await createIndex(db, 'survey_responses_contact', 'survey_responses', ['survey_id', 'contact_hash'], { unique: true });
  await createIndex(db, 'survey_responses_ref', 'survey_responses', ['survey_id', 'ref'], { unique: true });
  await createIndex(db, 'survey_responses_status', 'survey_responses', ['survey_id', 'status']);
  await createTable(db, 'survey_answers', [
    'id text primary key',
    'response_id text not null references survey_responses(id) on delete cascade',
    'survey_id text not null',
    'question_id text not null',
    'value text not null',
  ]);
  await createIndex(db, 'survey_answers_response', 'survey_answers', ['response_id']);
  await createIndex(db, 'survey_answers_question', 'survey_answers', ['survey_id', 'question_id', 'value']);

  await moveFixedAnswers(db);
}

const COMMENT_HINT = 'Facoltativo, al massimo 1000 caratteri. Cosa ti è piaciuto, cosa cambieresti? Non scrivere dati personali.';
const RATING_LABELS = ['1 – Pessimo', '2 – Scarso', '3 – Sufficiente', '4 – Buono', '5 – Ottimo'];

/** Ids made here from the row they come from, so the move is the same on every run of a fresh database. */
const derived = (prefix: string, id: string) => `${prefix}${id.slice(prefix.length)}`;

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function moveFixedAnswers(db: Kysely<any>): Promise<void> {
  const rows = (
    await sql`select id, organisation_id, event_id, rating, comment, answered_at, created_at from event_surveys
    where answered_at is not null order by event_id, id`.execute(db)
  ).rows as {
    id: string;
    organisation_id: string;
    event_id: string;
    rating: number | null;
    comment: string | null;
    answered_at: string;
    created_at: string;
  }[];
  const surveyOf = new Map<string, { id: string; rating: string; comment: string }>();
  for (const r of rows) {
    let s = surveyOf.get(r.event_id);
    if (!s) {
      const title = (await sql`select title from events where id = ${r.event_id}`.execute(db)).rows[0] as { title: string } | undefined;
      s = { id: derived('0', r.event_id), rating: derived('1', r.event_id), comment: derived('2', r.event_id) };
      surveyOf.set(r.event_id, s);
      await sql`insert into surveys (id, organisation_id, process_id, phase_id, event_id, title, intro, status, public_results, contacts_erased_at, created_at, updated_at)
        values (${s.id}, ${r.organisation_id}, null, null, ${r.event_id}, ${`Gradimento: ${title?.title ?? ''}`}, null, 'open', 0, null, ${r.created_at}, ${r.created_at})`.execute(
        db,
      );
      await sql`insert into survey_questions (id, survey_id, position, kind, label, hint, options, required, code, show_if_question, show_if_value, created_at)
        values (${s.rating}, ${s.id}, 1, 'scale', ${"Nel complesso, come valuti l'evento?"}, null, ${JSON.stringify(RATING_LABELS)}, 1, 'rating', null, null, ${r.created_at})`.execute(
        db,
      );
      await sql`insert into survey_questions (id, survey_id, position, kind, label, hint, options, required, code, show_if_question, show_if_value, created_at)
        values (${s.comment}, ${s.id}, 2, 'long', 'Commento', ${COMMENT_HINT}, null, 0, 'comment', null, null, ${r.created_at})`.execute(
        db,
      );
    }
    const responseId = derived('3', r.id);
    await sql`insert into survey_responses (id, survey_id, organisation_id, status, contact_hash, ref, lang, created_at, confirmed_at)
      values (${responseId}, ${s.id}, ${r.organisation_id}, 'confirmed', null, ${r.id}, 'it', ${r.answered_at}, ${r.answered_at})`.execute(
      db,
    );
    if (r.rating !== null) {
      await sql`insert into survey_answers (id, response_id, survey_id, question_id, value)
        values (${derived('4', r.id)}, ${responseId}, ${s.id}, ${s.rating}, ${String(r.rating)})`.execute(db);
    }
    if (r.comment) {
      await sql`insert into survey_answers (id, response_id, survey_id, question_id, value)
        values (${derived('5', r.id)}, ${responseId}, ${s.id}, ${s.comment}, ${r.comment})`.execute(db);
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['survey_answers', 'survey_responses', 'survey_questions', 'surveys']) await db.schema.dropTable(t).execute();
}
