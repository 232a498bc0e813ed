import { isId, newId } from '../../../core/ids.js';
import { fieldError, refuse, unprocessable } from '../../../core/problems.js';
import { findRow } from '../../../core/rows.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import { getOrganisation, municipalitiesByCodes } from '../../organisations/service.js';
import { eraseSurveyContacts } from './erasure.js';
import { type Answers, allowedValues, checkAnswers, isCounted, MAX_QUESTIONS, type Question, type SurveyStatus } from './model.js';
import * as repo from './repo.js';
import { QuestionInput, SurveyCreate, SurveyPatch } from './schemas.js';

/**
 * Surveys built by staff: a questionnaire of a participatory process's phase, or an event's
 * satisfaction survey (made from a template the first time it is needed). Questions are kept in
 * order; a question may be shown only when an earlier one got a given answer.
 */

export interface Comune {
  code: string;
  name: string;
}

export interface SurveyView {
  id: string;
  organisation: string;
  process: string | null;
  phase: string | null;
  event: string | null;
  title: string;
  intro: string | null;
  status: SurveyStatus;
  publicResults: boolean;
  questions: Question[];
}

const notFound = () => refuse(404, 'survey.problem.notFound');

function view(row: repo.SurveyRow, questions: Question[]): SurveyView {
  return {
    id: row.id,
    organisation: row.organisation_id,
    process: row.process_id,
    phase: row.phase_id,
    event: row.event_id,
    title: row.title,
    intro: row.intro,
    status: row.status as SurveyStatus,
    publicResults: Number(row.public_results) === 1,
    questions,
  };
}

export async function getSurvey(db: Db, id: string): Promise<SurveyView> {
  if (!isId(id)) throw notFound();
  const row = await repo.surveyRow(db, id);
  if (!row) throw notFound();
  return view(row, await repo.questionsOf(db, row.id));
}

/** The organisation a survey belongs to, for access rules. */
export async function organisationOfSurvey(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.surveyRow(db, id))?.organisation_id;
}

export async function listSurveys(db: Db, organisationId: string): Promise<SurveyView[]> {
  const rows = await db.k
    .selectFrom('surveys')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('event_id', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  const questions = await repo.questionsOfSurveys(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => view(r, questions.get(r.id) ?? []));
}

/** The comuni a survey's "comune" question offers: the process's, or else the organisation's. */
export async function comuniOf(db: Db, survey: Pick<SurveyView, 'organisation' | 'process'>): Promise<Comune[]> {
  let codes: string[] = [];
  if (survey.process) {
    const p = await db.k.selectFrom('participation_processes').select('municipalities').where('id', '=', survey.process).executeTakeFirst();
    codes = p ? (JSON.parse(p.municipalities) as string[]) : [];
  }
  if (codes.length === 0) {
    const org = await getOrganisation(db, survey.organisation);
    codes = [org.municipality?.code, ...org.memberMunicipalities.map((m) => m.code)].filter((c): c is string => !!c);
  }
  const names = await municipalitiesByCodes(db, codes);
  return [...new Set(codes)]
    .map((code) => ({ code, name: names.get(code)?.name ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, 'it'));
}

// ---------- the builder ----------

export async function createSurvey(db: Db, input: unknown): Promise<SurveyView> {
  const data = parse(SurveyCreate, input);
  const org = await getOrganisation(db, data.organisation);
  let phase: string | null = null;
  if (data.process) {
    const process = isId(data.process)
      ? await db.k.selectFrom('participation_processes').select(['id', 'organisation_id']).where('id', '=', data.process).executeTakeFirst()
      : undefined;
    if (!process || process.organisation_id !== org.id) throw unprocessable('', [fieldError('process', 'survey.check.process')]);
    if (data.phase) {
      const ph = isId(data.phase)
        ? await db.k
            .selectFrom('participation_phases')
            .select('id')
            .where('id', '=', data.phase)
            .where('process_id', '=', process.id)
            .executeTakeFirst()
        : undefined;
      if (!ph) throw unprocessable('', [fieldError('phase', 'survey.check.phase')]);
      phase = ph.id;
    }
  }
  return insertSurvey(db, {
    organisation: org.id,
    process: data.process ?? null,
    phase,
    event: null,
    title: data.title,
    intro: data.intro || null,
    publicResults: data.publicResults ?? false,
    status: 'draft',
  });
}

async function insertSurvey(
  db: Db,
  s: Omit<SurveyView, 'id' | 'questions'>,
  template: Omit<Question, 'id' | 'position'>[] = [],
): Promise<SurveyView> {
  const id = newId();
  const now = nowIso();
  await db.k.transaction().execute(async (trx) => {
    await trx
      .insertInto('surveys')
      .values({
        id,
        organisation_id: s.organisation,
        process_id: s.process,
        phase_id: s.phase,
        event_id: s.event,
        title: s.title,
        intro: s.intro,
        status: s.status,
        public_results: s.publicResults ? 1 : 0,
        contacts_erased_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const q of template) await repo.insertQuestion(trx, id, q, now);
  });
  return getSurvey(db, id);
}

export async function updateSurvey(db: Db, id: string, input: unknown): Promise<SurveyView> {
  const survey = await getSurvey(db, id);
  const data = parse(SurveyPatch, input);
  if (data.status === 'open' && survey.questions.length === 0) throw refuse(409, 'survey.problem.empty');
  // A survey of no process needs its respondents' contacts no longer once it closes.
  if (data.status === 'closed' && !survey.process && !survey.event) {
    await db.k.transaction().execute((trx) => eraseSurveyContacts(trx, [survey.id]));
  }
  await db.k
    .updateTable('surveys')
    .set({
      ...(data.title !== undefined ? { title: data.title } : {}),
      ...(data.intro !== undefined ? { intro: data.intro || null } : {}),
      ...(data.status !== undefined ? { status: data.status } : {}),
      ...(data.publicResults !== undefined ? { public_results: data.publicResults ? 1 : 0 } : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', survey.id)
    .execute();
  return getSurvey(db, survey.id);
}

/** Checks a question against the survey: options for choices, a condition on an earlier question's possible answer. */
async function checkedQuestion(
  db: Db,
  survey: SurveyView,
  input: unknown,
  before: Question[],
  current?: Question,
): Promise<Omit<Question, 'id' | 'position'>> {
  const data = parse(QuestionInput, input);
  const options = data.options ?? [];
  if ((data.kind === 'single' || data.kind === 'multiple') && options.length < 2) {
    throw unprocessable('', [fieldError('options', 'survey.check.options')]);
  }
  if (data.kind === 'scale' && options.length !== 0 && options.length !== 5) {
    throw unprocessable('', [fieldError('options', 'survey.check.scaleOptions')]);
  }
  let showIf: Question['showIf'] = null;
  if (data.showIf?.question) {
    const p = before.find((q) => q.id === data.showIf?.question);
    if (!p || !isCounted(p.kind)) throw unprocessable('', [fieldError('showIf', 'survey.check.showIf')]);
    const allowed = allowedValues(p, await comuniOf(db, survey)) ?? [];
    if (!allowed.includes(data.showIf.value)) throw unprocessable('', [fieldError('showIf', 'survey.check.showIf')]);
    showIf = { question: p.id, value: data.showIf.value };
  }
  const keepsOptions = data.kind === 'single' || data.kind === 'multiple' || data.kind === 'scale';
  return {
    kind: data.kind,
    label: data.label,
    hint: data.hint || null,
    options: keepsOptions ? options : [],
    required: data.required ?? false,
    code: current?.code ?? null,
    showIf,
  };
}

export async function addQuestion(db: Db, surveyId: string, input: unknown): Promise<SurveyView> {
  const survey = await getSurvey(db, surveyId);
  if (survey.questions.length >= MAX_QUESTIONS) throw refuse(409, 'survey.problem.tooMany', { n: MAX_QUESTIONS });
  const q = await checkedQuestion(db, survey, input, survey.questions);
  await repo.insertQuestion(db.k, survey.id, q, nowIso());
  await touch(db, survey.id);
  return getSurvey(db, survey.id);
}

function questionOf(survey: SurveyView, questionId: string): Question {
  const q = survey.questions.find((x) => x.id === questionId);
  if (!q) throw refuse(404, 'survey.problem.questionNotFound');
  return q;
}

export async function updateQuestion(db: Db, surveyId: string, questionId: string, input: unknown): Promise<SurveyView> {
  const survey = await getSurvey(db, surveyId);
  const current = questionOf(survey, questionId);
  const before = survey.questions.filter((q) => q.position < current.position);
  const q = await checkedQuestion(db, survey, input, before, current);
  const dependent = survey.questions.filter((d) => d.showIf?.question === current.id);
  if (dependent.length > 0 && (q.kind !== current.kind || q.options.length < current.options.length)) {
    throw refuse(409, 'survey.problem.dependent', { label: dependent[0].label });
  }
  await db.k.updateTable('survey_questions').set(repo.questionValues(q)).where('id', '=', current.id).execute();
  await touch(db, survey.id);
  return getSurvey(db, survey.id);
}

export async function removeQuestion(db: Db, surveyId: string, questionId: string): Promise<SurveyView> {
  const survey = await getSurvey(db, surveyId);
  const current = questionOf(survey, questionId);
  const dependent = survey.questions.find((d) => d.showIf?.question === current.id);
  if (dependent) throw refuse(409, 'survey.problem.dependent', { label: dependent.label });
  await db.k.transaction().execute(async (trx) => {
    await trx.deleteFrom('survey_answers').where('question_id', '=', current.id).execute();
    await trx.deleteFrom('survey_questions').where('id', '=', current.id).execute();
  });
  await touch(db, survey.id);
  return getSurvey(db, survey.id);
}

/** Moves a question one place up or down; a condition must keep looking at an earlier question. */
export async function moveQuestion(db: Db, surveyId: string, questionId: string, direction: 'up' | 'down'): Promise<SurveyView> {
  const survey = await getSurvey(db, surveyId);
  const current = questionOf(survey, questionId);
  const i = survey.questions.indexOf(current);
  const j = direction === 'up' ? i - 1 : i + 1;
  const other = survey.questions[j];
  if (!other) return survey;
  const [first, second] = direction === 'up' ? [current, other] : [other, current];
  // After the swap `first` comes before `second`: `second` may not be what `first` depends on.
  if (first.showIf?.question === second.id) throw refuse(409, 'survey.problem.order', { label: first.label });
  await db.k.transaction().execute(async (trx) => {
    await trx.updateTable('survey_questions').set({ position: other.position }).where('id', '=', current.id).execute();
    await trx.updateTable('survey_questions').set({ position: current.position }).where('id', '=', other.id).execute();
  });
  await touch(db, survey.id);
  return getSurvey(db, survey.id);
}

const touch = (db: Db, id: string) => db.k.updateTable('surveys').set({ updated_at: nowIso() }).where('id', '=', id).execute();

// ---------- answers given through a private link (an event's survey) ----------

/** Answers keyed by question id from a body keyed by field name (the code for template questions). */
export function answersFromFields(questions: Question[], body: Record<string, unknown>): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const v = body[fieldName(q)] ?? body[q.id];
    const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
    out[q.id] = list.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
  }
  return out;
}

/**
 * Checks the answers to some of a survey's questions (a page's and those before it), without
 * writing: the errors by field name, and the cleaned answers.
 */
export async function checkSurveyAnswers(db: Db, survey: SurveyView, questions: Question[], given: Answers) {
  return checkAnswers(questions, given, await comuniOf(db, survey), fieldName);
}

/** A question's form field: its template code, or `q_<id>`. */
export const fieldName = (q: Question) => q.code ?? `q_${q.id}`;

/**
 * Records the answer that came through a private link `ref` (already personal: no confirmation),
 * replacing an earlier one. Refuses like the public form: 4xx naming each field, nothing written.
 */
export async function answerThroughLink(
  db: Db,
  surveyId: string,
  ref: string,
  given: Answers,
  lang: string,
  fieldOf: (q: Question) => string = fieldName,
): Promise<{ changed: boolean; answers: Answers }> {
  const survey = await getSurvey(db, surveyId);
  const { answers, errors } = checkAnswers(survey.questions, given, await comuniOf(db, survey), fieldOf);
  if (errors.length > 0) {
    throw refuse(400, 'survey.problem.invalid', undefined, errors);
  }
  const now = nowIso();
  let changed = false;
  await db.k.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('survey_responses')
      .select('id')
      .where('survey_id', '=', survey.id)
      .where('ref', '=', ref)
      .executeTakeFirst();
    if (old) {
      changed = true;
      await trx.deleteFrom('survey_answers').where('response_id', '=', old.id).execute();
      await trx.updateTable('survey_responses').set({ confirmed_at: now, lang }).where('id', '=', old.id).execute();
      await repo.insertAnswers(trx, survey.id, old.id, answers);
      return;
    }
    const response = { id: newId(), status: 'confirmed', contact_hash: null, ref, lang, created_at: now, confirmed_at: now };
    await repo.insertResponse(trx, survey, response, answers);
  });
  return { changed, answers };
}

/** The answers given through a private link, to show them back. */
export async function answersThroughLink(db: Db, surveyId: string, ref: string): Promise<Answers | null> {
  const row = await findRow(db, 'survey_responses', { survey_id: surveyId, ref }, ['id']);
  return row ? repo.answersOfResponse(db, row.id) : null;
}

// ---------- an event's satisfaction survey ----------

export interface EventSurveyTemplateWords {
  title: string;
  rating: string;
  ratingLabels: string[];
  comment: string;
  commentHint: string;
}

/** The event's survey, made from the fixed template the first time it is asked for. */
export async function eventSurvey(
  db: Db,
  event: { id: string; organisation: string },
  words: EventSurveyTemplateWords,
): Promise<SurveyView> {
  const row = await repo.surveyOfEvent(db, event.id);
  if (row) return view(row, await repo.questionsOf(db, row.id));
  try {
    return await insertSurvey(
      db,
      {
        organisation: event.organisation,
        process: null,
        phase: null,
        event: event.id,
        title: words.title,
        intro: null,
        status: 'open',
        publicResults: false,
      },
      [
        { kind: 'scale', label: words.rating, hint: null, options: words.ratingLabels, required: true, code: 'rating', showIf: null },
        { kind: 'long', label: words.comment, hint: words.commentHint, options: [], required: false, code: 'comment', showIf: null },
      ],
    );
  } catch (e) {
    // Two first requests at once: the other one made it.
    const again = await repo.surveyOfEvent(db, event.id);
    if (again) return view(again, await repo.questionsOf(db, again.id));
    throw e;
  }
}

/** The counts of each rating of the events' surveys (the template's 'rating' question). */
export async function eventRatings(db: Db, eventIds: string[]): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  if (eventIds.length === 0) return out;
  const rows = await db.k
    .selectFrom('survey_answers as a')
    .innerJoin('survey_questions as q', 'q.id', 'a.question_id')
    .innerJoin('surveys as s', 's.id', 'a.survey_id')
    .innerJoin('survey_responses as r', 'r.id', 'a.response_id')
    .select((eb) => ['s.event_id', 'a.value', eb.fn.countAll<number>().as('n')])
    .where('s.event_id', 'in', eventIds)
    .where('q.code', '=', 'rating')
    .where('r.status', '=', 'confirmed')
    .groupBy(['s.event_id', 'a.value'])
    .execute();
  for (const r of rows) {
    if (!r.event_id) continue;
    const m = out.get(r.event_id) ?? new Map<number, number>();
    m.set(Number(r.value), Number(r.n));
    out.set(r.event_id, m);
  }
  return out;
}

/** An event survey's comments ('comment' question) with the rating given in the same response, newest first. */
export async function eventComments(db: Db, eventId: string): Promise<{ rating: number | null; comment: string; answeredAt: string }[]> {
  const survey = await repo.surveyOfEvent(db, eventId);
  if (!survey) return [];
  const questions = await repo.questionsOf(db, survey.id);
  const comment = questions.find((q) => q.code === 'comment');
  const rating = questions.find((q) => q.code === 'rating');
  if (!comment) return [];
  const rows = await db.k
    .selectFrom('survey_answers as a')
    .innerJoin('survey_responses as r', 'r.id', 'a.response_id')
    .leftJoin('survey_answers as b', (j) => j.onRef('b.response_id', '=', 'a.response_id').on('b.question_id', '=', rating?.id ?? ''))
    .select(['a.value as comment', 'b.value as rating', 'r.confirmed_at'])
    .where('a.question_id', '=', comment.id)
    .where('r.status', '=', 'confirmed')
    .orderBy('r.confirmed_at', 'desc')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ comment: r.comment, rating: r.rating === null ? null : Number(r.rating), answeredAt: r.confirmed_at ?? '' }));
}

/** The form control of a question, for pages of other modules that show a built survey (an event's). */
export { QuestionField } from './fields.js';
export type { Answers, Question } from './model.js';
export { isShown, steps } from './model.js';
export { registerSurveyResponses, submitResponse } from './responses.js';
