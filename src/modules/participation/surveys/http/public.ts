import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../../../core/access.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { refuse } from '../../../../core/problems.js';
import { publicWriteConfig } from '../../../../core/public-writes.js';
import { formAction } from '../../../../web/form-action.js';
import { type FormBody, formText } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { type Answers, checkAnswers, isShown, type Question, steps } from '../model.js';
import { submitResponse } from '../responses.js';
import { surveyResults } from '../results.js';
import { addSurveysSection } from '../section.js';
import * as svc from '../service.js';
import { PublicResultsPage, SurveyClosedPage, SurveySentPage, SurveyStepPage } from '../views-public.js';
import { filterChoices, filterOf } from './common.js';

type Route = { Params: { surveyId: string }; Body: FormBody | undefined; Querystring: { gruppo?: string } };

/** The values a form posted for each question (by field name), as lists. */
function postedAnswers(questions: Question[], body: FormBody): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const v: unknown = body[svc.fieldName(q)];
    const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
    out[q.id] = list.filter((x): x is string => typeof x === 'string').map((s) => s.slice(0, 5000));
  }
  return out;
}

/** The public survey (/partecipa/questionari/<id>): one step per page, conditions decided on the server. */
export const surveyPublicRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  addSurveysSection();

  /** A survey citizens may answer: open, and not an event's (those go by private link). */
  const publicSurvey = async (id: string) => {
    const survey = await svc.getSurvey(db, id);
    if (survey.event || survey.status === 'draft') throw refuse(404, 'survey.problem.notFound');
    return survey;
  };

  app.get<Route>('/partecipa/questionari/:surveyId', { config: { access: PUBLIC } }, async (req, reply) => {
    const survey = await publicSurvey(req.params.surveyId);
    const ctx = pageContext(req, reply);
    if (survey.status !== 'open') return sendPage(reply, SurveyClosedPage({ ctx, survey }));
    const all = steps(survey.questions);
    const comuni = await svc.comuniOf(db, survey);
    return sendPage(
      reply,
      SurveyStepPage({
        ctx,
        survey,
        comuni,
        questions: all[0] ?? [],
        step: 0,
        steps: Math.max(1, all.length),
        carried: {},
        current: {},
        withContact: all.length <= 1,
      }),
    );
  });

  const answer = async (req: FastifyRequest<Route>, reply: FastifyReply) => {
    const survey = await publicSurvey(req.params.surveyId);
    const ctx = pageContext(req, reply);
    if (survey.status !== 'open') return sendPage(reply, SurveyClosedPage({ ctx, survey }), 409);
    const body = req.body ?? {};
    const all = steps(survey.questions);
    const comuni = await svc.comuniOf(db, survey);
    const posted = postedAnswers(survey.questions, body);
    const stepNo = Math.min(Math.max(0, Number.parseInt(formText(body, 'passo'), 10) || 0), all.length);
    const contact = { email: formText(body, 'email').slice(0, 300), phone: formText(body, 'phone').slice(0, 40) };
    // The questions answered so far (steps up to this one), checked together: a tampered earlier
    // answer is caught too.
    const sofar = all.slice(0, stepNo + 1).flat();
    const page = (questions: Question[] | null, step: number, withContact: boolean, errors?: Record<string, string>) => {
      // Only the questions shown given the answers so far; the others carry nothing.
      const here = (questions ?? []).filter((q) => isShown(q, posted));
      const carried: Answers = {};
      const current: Answers = {};
      for (const q of survey.questions) (here.includes(q) ? current : carried)[q.id] = posted[q.id] ?? [];
      // A question no longer shown (its condition changed) carries nothing forward.
      for (const q of survey.questions) if (!isShown(q, posted)) delete carried[q.id];
      return SurveyStepPage({
        ctx,
        survey,
        comuni,
        questions: questions ? here : null,
        step,
        steps: Math.max(1, all.length),
        carried,
        current,
        withContact,
        contact,
        errors,
      });
    };
    const last = all.length - 1;
    const thisStep = stepNo < all.length ? all[stepNo] : null;
    const checked = checkAnswers(sofar, posted, comuni, svc.fieldName);
    if (checked.errors.length > 0) {
      const translated = refuse(422, 'survey.problem.invalid', undefined, checked.errors).inLanguage(req.lang);
      const errors = Object.fromEntries((translated.errors ?? []).map((e) => [e.field, e.message]));
      return sendPage(reply, page(thisStep, stepNo, stepNo >= last, errors), 422);
    }
    if (stepNo < last) {
      // The next step with a question to show, given the answers so far; none left: the contact.
      let next = stepNo + 1;
      while (next <= last && !all[next].some((q) => isShown(q, checked.answers))) next++;
      return sendPage(reply, next <= last ? page(all[next], next, next === last) : page(null, all.length, true));
    }
    return formAction(
      async () => {
        const receipt = await submitResponse(
          deps,
          survey.id,
          {
            email: contact.email || null,
            phone: contact.phone || null,
            website: formText(body, 'website') || null,
            answers: checked.answers,
          },
          req.lang,
          svc.fieldName,
        );
        return sendPage(reply, SurveySentPage({ ctx, survey, channel: receipt.channel }), 202);
      },
      async (errors, status) => {
        return sendPage(reply, page(thisStep, stepNo, true, errors), status === 400 ? 422 : status);
      },
      req.lang,
    );
  };
  app.post<Route>('/partecipa/questionari/:surveyId', { config: publicWriteConfig(deps) }, answer);

  app.get<Route>('/partecipa/questionari/:surveyId/risultati', { config: { access: PUBLIC } }, async (req, reply) => {
    const survey = await publicSurvey(req.params.surveyId);
    if (!survey.publicResults) throw refuse(404, 'survey.problem.notFound');
    const results = await surveyResults(db, survey.id, { lang: req.lang, filter: filterOf(req.query.gruppo), staff: false });
    const filters = await filterChoices(db, survey, req.lang);
    return sendPage(
      reply,
      PublicResultsPage({
        ctx: pageContext(req, reply),
        survey,
        results,
        filterBase: `/partecipa/questionari/${survey.id}/risultati`,
        filters,
      }),
    );
  });
};
