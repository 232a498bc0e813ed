import type { Kysely, Selectable, Transaction } from 'kysely';
import { newId } from '../../../core/ids.js';
import { listRows } from '../../../core/list-rows.js';
import type { Db } from '../../../db/index.js';
import type { Database, SurveyQuestionTable, SurveyResponseTable, SurveyTable } from '../../../db/schema.js';
import type { Answers, Question, QuestionKind } from './model.js';

/** The SQL of surveys, on their own four tables. */

export type Executor = Kysely<Database> | Transaction<Database>;

export type SurveyRow = Selectable<SurveyTable>;

export function toQuestion(r: Selectable<SurveyQuestionTable>): Question {
  return {
    id: r.id,
    position: Number(r.position),
    kind: r.kind as QuestionKind,
    label: r.label,
    hint: r.hint,
    options: r.options ? (JSON.parse(r.options) as string[]) : [],
    required: Number(r.required) === 1,
    code: r.code,
    showIf: r.show_if_question && r.show_if_value ? { question: r.show_if_question, value: r.show_if_value } : null,
  };
}

export const surveyRow = (db: Db, id: string) => db.k.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();

export const surveyOfEvent = (db: Db, eventId: string) =>
  db.k.selectFrom('surveys').selectAll().where('event_id', '=', eventId).executeTakeFirst();

export async function questionsOf(db: Db | Executor, surveyId: string): Promise<Question[]> {
  return (await listRows(db, 'survey_questions', 'survey_id', surveyId, 'position')).map(toQuestion);
}

export async function questionsOfSurveys(db: Db, surveyIds: string[]): Promise<Map<string, Question[]>> {
  const out = new Map<string, Question[]>();
  for (const r of await listRows(db, 'survey_questions', 'survey_id', surveyIds, 'position'))
    out.set(r.survey_id, [...(out.get(r.survey_id) ?? []), toQuestion(r)]);
  return out;
}

export function questionValues(q: Omit<Question, 'id' | 'position'>) {
  return {
    kind: q.kind,
    label: q.label,
    hint: q.hint,
    options: q.options.length > 0 ? JSON.stringify(q.options) : null,
    required: q.required ? 1 : 0,
    code: q.code,
    show_if_question: q.showIf?.question ?? null,
    show_if_value: q.showIf?.value ?? null,
  };
}

export async function insertQuestion(x: Executor, surveyId: string, q: Omit<Question, 'id' | 'position'>, now: string): Promise<string> {
  const last = await x
    .selectFrom('survey_questions')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  const id = newId();
  await x
    .insertInto('survey_questions')
    .values({ id, survey_id: surveyId, position: Number(last?.p ?? 0) + 1, created_at: now, ...questionValues(q) })
    .execute();
  return id;
}

/**
 * Writes a response of the survey with its answers: pending on a contact (its keyed hash) until
 * confirmed, or confirmed at once when it comes through a private link (`ref`).
 */
export async function insertResponse(
  x: Executor,
  survey: { id: string; organisation: string },
  response: Pick<SurveyResponseTable, 'id' | 'status' | 'contact_hash' | 'ref' | 'lang' | 'created_at' | 'confirmed_at'>,
  answers: Answers,
): Promise<void> {
  await x
    .insertInto('survey_responses')
    .values({ ...response, survey_id: survey.id, organisation_id: survey.organisation })
    .execute();
  await insertAnswers(x, survey.id, response.id, answers);
}

/** Writes the answers of one response, one row per value. */
export async function insertAnswers(x: Executor, surveyId: string, responseId: string, answers: Answers): Promise<void> {
  const rows = Object.entries(answers).flatMap(([questionId, values]) =>
    values.map((value) => ({ id: newId(), response_id: responseId, survey_id: surveyId, question_id: questionId, value })),
  );
  if (rows.length > 0) await x.insertInto('survey_answers').values(rows).execute();
}

export async function answersOfResponse(db: Db, responseId: string): Promise<Answers> {
  const rows = await db.k
    .selectFrom('survey_answers')
    .select(['question_id', 'value'])
    .where('response_id', '=', responseId)
    .orderBy('id')
    .execute();
  const out: Answers = {};
  for (const r of rows) out[r.question_id] = [...(out[r.question_id] ?? []), r.value];
  return out;
}
