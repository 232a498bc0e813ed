import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../../../core/access.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { refuse } from '../../../../core/problems.js';
import { formAction } from '../../../../web/form-action.js';
import type { FormBody } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import * as participation from '../../../participation/service.js';
import { answerSurvey, getSurvey, type SurveyView, surveyUrl } from '../service.js';
import { type SurveyFormValues, SurveyPage, SurveyThanksPage } from '../views.js';
import { surveyRateLimit } from './limit.js';

/**
 * The survey behind the private link: a public page that works without JavaScript. A question
 * shown only after a given answer comes on a later page, decided on the server once the earlier
 * page is sent.
 */

type SurveyRoute = { Params: { surveyId: string }; Querystring: { token?: unknown; esito?: unknown }; Body: FormBody | undefined };

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const tokenOf = (req: FastifyRequest<SurveyRoute>) => first(req.body?.token) || first(req.query.token);

/** The posted values of each question's field, as lists (shown again after a refusal). */
function postedValues(survey: SurveyView, body: FormBody): SurveyFormValues {
  const out: SurveyFormValues = {};
  for (const q of survey.survey.questions) {
    const name = participation.fieldName(q);
    const v: unknown = body[name];
    out[name] = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])
      .filter((x): x is string => typeof x === 'string')
      .map((x) => x.slice(0, 5000));
  }
  return out;
}

export const surveyPublicRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  surveyRateLimit(app, deps);

  const page = async (
    req: FastifyRequest<SurveyRoute>,
    reply: FastifyReply,
    survey: SurveyView,
    token: string,
    step: number,
    answers: participation.Answers,
    extra: { values?: SurveyFormValues; errors?: Record<string, string> } = {},
    status = 200,
  ) => {
    const all = participation.surveySteps(survey.survey.questions);
    const questions = (all[step] ?? []).filter((q) => participation.isShown(q, answers));
    const comuni = await participation.comuniOf(db, survey.survey);
    const ctx = pageContext(req, reply);
    const view = SurveyPage({ ctx, survey, token, questions, carried: answers, step, steps: Math.max(1, all.length), comuni, ...extra });
    return sendPage(reply, view, status);
  };

  app.get<SurveyRoute>('/gradimento/:surveyId', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenOf(req);
    const survey = await getSurvey(db, req.params.surveyId, token);
    const esito = first(req.query.esito);
    if (esito === 'grazie' || esito === 'aggiornata') {
      const ctx = pageContext(req, reply);
      return sendPage(reply, SurveyThanksPage({ ctx, survey, changed: esito === 'aggiornata', again: surveyUrl(survey.id, token) }));
    }
    return page(req, reply, survey, token, 0, survey.answers);
  });

  const answerPage = async (req: FastifyRequest<SurveyRoute>, reply: FastifyReply) => {
    const token = tokenOf(req);
    // A wrong link is a 404 page, not a form error, and nothing is written.
    const survey = await getSurvey(db, req.params.surveyId, token);
    const body = req.body ?? {};
    const values = postedValues(survey, body);
    const given = participation.answersFromFields(survey.survey.questions, values);
    const all = participation.surveySteps(survey.survey.questions);
    const last = Math.max(0, all.length - 1);
    const step = Math.min(Math.max(0, Number.parseInt(first(body.passo), 10) || 0), last);
    if (step < last) {
      const checked = await participation.checkSurveyAnswers(db, survey.survey, all.slice(0, step + 1).flat(), given);
      if (checked.errors.length > 0) {
        const translated = refuse(400, 'survey.problem.invalid', undefined, checked.errors).inLanguage(req.lang);
        const errors = Object.fromEntries((translated.errors ?? []).map((e) => [e.field, e.message]));
        return page(req, reply, survey, token, step, given, { values, errors }, 400);
      }
      // The next page with a question to show; none left: the answer is complete.
      let next = step + 1;
      while (next <= last && !all[next].some((q) => participation.isShown(q, checked.answers))) next++;
      if (next <= last) return page(req, reply, survey, token, next, checked.answers);
    }
    return formAction(
      async () => {
        const result = await answerSurvey(db, survey.id, token, values, req.lang);
        return reply.redirect(`${surveyUrl(survey.id, token)}&esito=${result.changed ? 'aggiornata' : 'grazie'}`, 303);
      },
      async (errors, status, problem) => {
        if (status === 404) throw problem;
        return page(req, reply, survey, token, step, given, { values, errors }, status);
      },
      req.lang,
    );
  };
  app.post<SurveyRoute>('/gradimento/:surveyId', { config: { access: PUBLIC, publicWrite: true } }, answerPage);
};
