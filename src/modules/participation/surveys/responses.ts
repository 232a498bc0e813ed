import type { Deps } from '../../../core/deps.js';
import type { Lang } from '../../../core/i18n.js';
import { newId } from '../../../core/ids.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import { type Contact, contactHash, onConfirmed, requestConfirmation } from '../confirm/service.js';
import { type Answers, checkAnswers, type Question } from './model.js';
import * as repo from './repo.js';
import { ResponseInput } from './schemas.js';
import { comuniOf, getSurvey } from './service.js';

/**
 * A citizen's response to an open survey: stored pending with the keyed hash of their e-mail or
 * phone, confirmed by the link or code sent there; only confirmed responses count. One per person:
 * a second response with a contact already confirmed is refused (409); one still pending is
 * replaced, so a lost message can be asked again.
 */

export const RESPONSE_KIND = 'surveys.response';

export interface ResponseReceipt {
  id: string;
  status: 'pending';
  channel: 'email' | 'sms';
}

const isUniqueViolation = (e: unknown) => /unique|duplicate/i.test(String((e as Error)?.message ?? e));

/** The API's answers (question id → value or values) as lists of text. */
export function answersOfBody(answers: Record<string, unknown>): Answers {
  const out: Answers = {};
  for (const [k, v] of Object.entries(answers)) {
    const list = Array.isArray(v) ? v : [v];
    out[k] = list.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
  }
  return out;
}

export async function submitResponse(
  deps: Deps,
  surveyId: string,
  input: unknown,
  lang: Lang,
  fieldOf: (q: Question) => string = (q) => `answers.${q.id}`,
): Promise<ResponseReceipt> {
  const { db } = deps;
  const survey = await getSurvey(db, surveyId);
  if (survey.status !== 'open' || survey.event) throw refuse(409, 'survey.problem.notOpen');
  const data = parse(ResponseInput, input);
  const { answers, errors } = checkAnswers(survey.questions, answersOfBody(data.answers), await comuniOf(db, survey), fieldOf);
  const email = data.email?.trim();
  const phone = data.phone?.trim();
  if (!email && !phone) errors.push(fieldError('email', 'survey.check.contact'));
  if (errors.length > 0) throw refuse(422, 'survey.problem.invalid', undefined, errors);
  const contact: Contact = email ? { email } : { phone: phone as string };
  const hash = contactHash(deps, contact);
  const id = newId();
  const now = nowIso();
  try {
    return await db.k.transaction().execute(async (trx) => {
      const earlier = await trx
        .selectFrom('survey_responses')
        .select(['id', 'status'])
        .where('survey_id', '=', survey.id)
        .where('contact_hash', '=', hash)
        .executeTakeFirst();
      if (earlier?.status === 'confirmed') throw refuse(409, 'survey.problem.already');
      if (earlier) await trx.deleteFrom('survey_responses').where('id', '=', earlier.id).where('status', '=', 'pending').execute();
      await repo.insertResponse(
        trx,
        survey,
        { id, status: 'pending', contact_hash: hash, ref: null, lang, created_at: now, confirmed_at: null },
        answers,
      );
      const sent = await requestConfirmation(
        deps,
        { organisationId: survey.organisation, processId: survey.process, kind: RESPONSE_KIND, subjectId: id, contact, locale: lang },
        trx,
      );
      return { id, status: 'pending' as const, channel: sent.channel };
    });
  } catch (e) {
    // The same person sending twice at once: the unique index lets one through.
    if (isUniqueViolation(e)) throw refuse(409, 'survey.problem.already');
    throw e;
  }
}

/** Confirming the link or code makes the response count. */
export function registerSurveyResponses(): void {
  onConfirmed(RESPONSE_KIND, async ({ trx, confirmation }) => {
    const res = await trx
      .updateTable('survey_responses')
      .set({ status: 'confirmed', confirmed_at: nowIso() })
      .where('id', '=', confirmation.subjectId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const row = await trx.selectFrom('survey_responses').select('survey_id').where('id', '=', confirmation.subjectId).executeTakeFirst();
    const link = row ? `/partecipa/questionari/${row.survey_id}` : undefined;
    return Number(res.numUpdatedRows) > 0
      ? { status: 'confirmed', message: 'survey.confirmed', link }
      : { status: 'already', message: 'survey.confirmed.already', link };
  });
}
