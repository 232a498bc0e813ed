import { z } from 'zod';
import type { Deps } from '../../../core/deps.js';
import { type Lang, pickLang, t } from '../../../core/i18n.js';
import { isId, newId, newToken } from '../../../core/ids.js';
import { refuse } from '../../../core/problems.js';
import { hasRow } from '../../../core/rows.js';
import { nowIso } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import * as participation from '../../participation/service.js';
import * as programmes from '../../programmes/service.js';
import { langParam } from '../booking/service.js';
import { tokenHash, tokenMatches } from '../booking-keys.js';
import * as repo from '../repo.js';
import { type EventDetail, getEvent, skillsCheckUrl } from '../service.js';
import { renderSurveyMail } from './mail.js';
import { SURVEY_KIND } from './schedule.js';

/**
 * The satisfaction survey: the day after an event, everyone checked in who left an e-mail gets a
 * private link (the job is planned at the first check-in, see schedule.ts). The questions are a
 * survey of participation's builder, made for the event from the fixed template (a rating from 1
 * to 5 and an optional comment) the first time it is needed; staff may change them. The link is
 * already personal, so the answer needs no confirmation: it is stored in the builder under the
 * link's id. Only the token's hash is stored. A second answer replaces the first (the person may
 * change their mind while the link works). The answers are anonymous: when the booking's personal
 * data is erased the link stops working, and the answers stay for the results per event and per
 * programme.
 */

export const COMMENT_MAX = 1000;
export const RATINGS = [1, 2, 3, 4, 5] as const;

export const SurveyAnswer = z.object({
  rating: z
    .number({ message: 'srv.check.rating' })
    .int({ message: 'srv.check.rating' })
    .min(1, { message: 'srv.check.rating' })
    .max(5, { message: 'srv.check.rating' }),
  comment: z.string().trim().max(COMMENT_MAX, { message: 'srv.check.comment' }).nullish(),
});
/**
 * The API's answer: the token, and the answers by field — `rating` and `comment` for the
 * template's questions, a question's id (or `q_<id>`) for the questions staff added.
 */
export const ApiSurveyAnswer = z
  .object({
    token: z.string({ message: 'events.check.token' }).min(1).max(200),
    // The template's fields keep their types: a rating is a number, a comment a text.
    rating: z.number({ message: 'srv.check.rating' }).optional(),
    comment: z.string({ message: 'srv.check.comment' }).max(5000, { message: 'srv.check.comment' }).nullish(),
  })
  .catchall(z.unknown());

/** The template's words, in Italian: the builder keeps the questions as they were written. */
export function templateWords(lang: Lang = 'it', title = ''): participation.EventSurveyTemplateWords {
  return {
    title: `${t(lang, 'srv.results')}: ${title}`,
    rating: t(lang, 'srv.legend'),
    ratingLabels: [1, 2, 3, 4, 5].map((n) => t(lang, `srv.rating.${n}`)),
    comment: t(lang, 'srv.comment'),
    commentHint: t(lang, 'srv.comment.hint', { n: COMMENT_MAX }),
  };
}

/** The event's built survey (made from the template the first time). */
export async function builtSurvey(db: Db, event: EventDetail): Promise<participation.BuiltSurvey> {
  return participation.eventSurvey(db, { id: event.id, organisation: event.organisation.id }, templateWords('it', event.title));
}

/** The path of the survey page (relative; e-mails prefix BASE_URL). */
export function surveyUrl(surveyId: string, token: string, lang?: string): string {
  return `/gradimento/${surveyId}?token=${encodeURIComponent(token)}${langParam(lang)}`;
}

const checkedIn = (db: Db, registrationId: string): Promise<boolean> =>
  hasRow(db, 'event_checkins', { registration_id: registrationId }, 'id');

/**
 * The job: sends the survey to one registration, once. Nothing happens when the person was not
 * checked in, has no e-mail, cancelled, was anonymised, or already got the survey. A token is made
 * afresh on each attempt (only its hash is kept), so a retry after a failed delivery still sends a
 * working link.
 */
export async function sendSurvey(deps: Deps, registrationId: string): Promise<boolean> {
  const { db, config } = deps;
  if (!isId(registrationId)) return false;
  const reg = await repo.registrationRow(db, registrationId);
  if (!reg?.email || reg.anonymised_at || reg.status !== 'confirmed') return false;
  if (!(await checkedIn(db, reg.id))) return false;
  const existing = await db.k
    .selectFrom('event_surveys')
    .select(['id', 'sent_at'])
    .where('registration_id', '=', reg.id)
    .executeTakeFirst();
  if (existing?.sent_at) return false;
  const event = await getEvent(db, reg.event_id, { includeDrafts: true });
  if (event.status === 'cancelled') return false;
  await builtSurvey(db, event);
  const token = newToken();
  const now = nowIso();
  const id = existing?.id ?? newId();
  if (existing) {
    await db.k
      .updateTable('event_surveys')
      .set({ token_hash: tokenHash(token) })
      .where('id', '=', id)
      .execute();
  } else {
    await db.k
      .insertInto('event_surveys')
      .values({
        id,
        organisation_id: event.organisation.id,
        event_id: event.id,
        registration_id: reg.id,
        token_hash: tokenHash(token),
        rating: null,
        comment: null,
        sent_at: null,
        answered_at: null,
        created_at: now,
      })
      .execute();
  }
  const lang = pickLang(reg.lang) ?? 'it';
  await deps.mailer.send(
    renderSurveyMail({
      lang,
      to: reg.email,
      name: reg.name,
      event,
      surveyLink: `${config.baseUrl}${surveyUrl(id, token, lang)}`,
      eventLink: `${config.baseUrl}${event.page}`,
      skillsCheckLink: event.askSkillsCheck ? `${config.baseUrl}${skillsCheckUrl(event.id, 'dopo', lang)}` : null,
    }),
  );
  await db.k.updateTable('event_surveys').set({ sent_at: nowIso() }).where('id', '=', id).execute();
  return true;
}

export function registerSurveyJobs(deps: Deps): void {
  deps.jobs.register(SURVEY_KIND, async (payload) => {
    const { registrationId } = payload as { registrationId: string };
    await sendSurvey(deps, registrationId);
  });
}

export interface SurveyView {
  id: string;
  event: EventDetail;
  /** The questions, from the event's built survey. */
  survey: participation.BuiltSurvey;
  /** The answers given so far through this link (by question id), or none. */
  answers: participation.Answers;
  rating: number | null;
  comment: string | null;
  answeredAt: string | null;
}

/** The template's rating and comment among a response's answers, when the survey still has them. */
function ratingAndComment(survey: participation.BuiltSurvey, answers: participation.Answers) {
  const rating = survey.questions.find((q) => q.code === 'rating');
  const comment = survey.questions.find((q) => q.code === 'comment');
  const r = rating ? answers[rating.id]?.[0] : undefined;
  return { rating: r ? Number(r) : null, comment: (comment ? answers[comment.id]?.[0] : undefined) ?? null };
}

/** The survey behind a private link; a wrong or erased link is "not found", never a hint. */
async function byToken(db: Db, surveyId: string, token: unknown) {
  if (!isId(surveyId) || typeof token !== 'string' || token.length < 20 || token.length > 200) throw refuse(404, 'srv.problem.notFound');
  const row = await db.k.selectFrom('event_surveys').selectAll().where('id', '=', surveyId).executeTakeFirst();
  if (!row?.sent_at || !tokenMatches(token, row.token_hash)) throw refuse(404, 'srv.problem.notFound');
  return row;
}

export async function getSurvey(db: Db, surveyId: string, token: unknown): Promise<SurveyView> {
  const row = await byToken(db, surveyId, token);
  const event = await getEvent(db, row.event_id, { includeDrafts: true });
  const survey = await builtSurvey(db, event);
  const answers = (await participation.answersThroughLink(db, survey.id, row.id)) ?? {};
  return { id: row.id, event, survey, answers, ...ratingAndComment(survey, answers), answeredAt: row.answered_at };
}

export interface AnswerResult {
  id: string;
  rating: number | null;
  comment: string | null;
  /** Every answer given, by question id. */
  answers: participation.Answers;
  answeredAt: string;
  /** Whether this answer replaced an earlier one. */
  changed: boolean;
}

/**
 * Records (or replaces) the answer in the event's built survey, checked like any survey's
 * (required, choices offered, text limits; a question whose condition is not met is dropped);
 * a wrong link or a refused answer writes nothing.
 */
export async function answerSurvey(db: Db, surveyId: string, token: unknown, input: unknown, lang: Lang = 'it'): Promise<AnswerResult> {
  const row = await byToken(db, surveyId, token);
  const event = await getEvent(db, row.event_id, { includeDrafts: true });
  const survey = await builtSurvey(db, event);
  const body = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const given = participation.answersFromFields(survey.questions, body);
  const { answers, changed } = await participation.answerThroughLink(db, survey.id, row.id, given, lang);
  const answeredAt = nowIso();
  await db.k
    .updateTable('event_surveys')
    .set({ answered_at: answeredAt })
    .where('id', '=', row.id)
    .where('token_hash', '=', row.token_hash)
    .execute();
  return { id: row.id, ...ratingAndComment(survey, answers), answers, answeredAt, changed };
}

// ---------- results ----------

export interface Distribution {
  rating: number;
  count: number;
}

export interface SurveyFigures {
  sent: number;
  answered: number;
  /** answered / sent, 0…1; null when nothing was sent. */
  responseRate: number | null;
  /** Mean rating over every answer, one decimal; null without answers. */
  average: number | null;
  distribution: Distribution[];
}

export interface EventSurveyResults extends SurveyFigures {
  event: { id: string; title: string; start: string; end: string };
  /** The event's built survey, where staff change the questions and read every answer. */
  surveyId: string;
  comments: { rating: number | null; comment: string; answeredAt: string }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function figures(sent: number, answered: number, counts: Map<number, number>): SurveyFigures {
  const total = RATINGS.reduce((s, r) => s + r * (counts.get(r) ?? 0), 0);
  return {
    sent,
    answered,
    responseRate: sent > 0 ? answered / sent : null,
    average: answered > 0 ? round1(total / answered) : null,
    distribution: RATINGS.map((rating) => ({ rating, count: counts.get(rating) ?? 0 })),
  };
}

/** How many gave each rating, by event: the built survey's 'rating' question. */
const ratingCounts = (db: Db, eventIds: string[]) => participation.eventRatings(db, eventIds);

async function sentCounts(db: Db, eventIds: string[]): Promise<Map<string, { sent: number; answered: number }>> {
  const out = new Map<string, { sent: number; answered: number }>();
  if (eventIds.length === 0) return out;
  const rows = await db.k
    .selectFrom('event_surveys')
    .select((eb) => ['event_id', eb.fn.count<number>('sent_at').as('sent'), eb.fn.count<number>('answered_at').as('answered')])
    .where('event_id', 'in', eventIds)
    .groupBy('event_id')
    .execute();
  for (const r of rows) out.set(r.event_id, { sent: Number(r.sent), answered: Number(r.answered) });
  return out;
}

/** An event's results: figures, the distribution of ratings and the comments (never who wrote them). */
export async function eventSurveyResults(db: Db, eventId: string): Promise<EventSurveyResults> {
  const event = await getEvent(db, eventId, { includeDrafts: true });
  const [sent, counts, comments, survey] = await Promise.all([
    sentCounts(db, [event.id]),
    ratingCounts(db, [event.id]),
    participation.eventComments(db, event.id),
    builtSurvey(db, event),
  ]);
  const s = sent.get(event.id) ?? { sent: 0, answered: 0 };
  return {
    event: { id: event.id, title: event.title, start: event.start, end: event.end },
    surveyId: survey.id,
    ...figures(s.sent, s.answered, counts.get(event.id) ?? new Map()),
    comments,
  };
}

export interface ProgrammeSurveyResults extends SurveyFigures {
  programme: { id: string; name: string; organisation: { id: string; name: string } };
  /** The programme's events whose survey went out, by date. */
  events: ({ id: string; title: string; start: string } & SurveyFigures)[];
}

/** A programme's results: every answer of its events together, and one row per event. */
export async function programmeSurveyResults(db: Db, programmeId: string): Promise<ProgrammeSurveyResults> {
  const programme = await programmes.getProgramme(db, programmeId);
  const events = await db.k
    .selectFrom('events')
    .select(['id', 'title', 'starts_at'])
    .where('programme_id', '=', programme.id)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  const ids = events.map((e) => e.id);
  const [sent, counts] = await Promise.all([sentCounts(db, ids), ratingCounts(db, ids)]);
  const all = new Map<number, number>();
  let sentTotal = 0;
  let answeredTotal = 0;
  const rows = [];
  for (const e of events) {
    const s = sent.get(e.id);
    if (!s || s.sent === 0) continue;
    const c = counts.get(e.id) ?? new Map<number, number>();
    for (const [r, n] of c) all.set(r, (all.get(r) ?? 0) + n);
    sentTotal += s.sent;
    answeredTotal += s.answered;
    rows.push({ id: e.id, title: e.title, start: e.starts_at, ...figures(s.sent, s.answered, c) });
  }
  return {
    programme: { id: programme.id, name: programme.name, organisation: programme.organisation },
    ...figures(sentTotal, answeredTotal, all),
    events: rows,
  };
}
