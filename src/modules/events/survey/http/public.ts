import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../../../core/access.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { formAction } from '../../../../web/form-action.js';
import type { FormBody } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { answerSurvey, getSurvey, surveyUrl } from '../service.js';
import { type SurveyFormValues, SurveyPage, SurveyThanksPage } from '../views.js';
import { surveyRateLimit } from './limit.js';

/** The survey behind the private link: a public page that works without JavaScript. */

type SurveyRoute = { Params: { surveyId: string }; Querystring: { token?: unknown; esito?: unknown }; Body: FormBody | undefined };

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const tokenOf = (req: FastifyRequest<SurveyRoute>) => first(req.body?.token) || first(req.query.token);

export const surveyPublicRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  surveyRateLimit(app, deps);

  app.get<SurveyRoute>('/gradimento/:surveyId', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenOf(req);
    const survey = await getSurvey(db, req.params.surveyId, token);
    const esito = first(req.query.esito);
    const ctx = pageContext(req, reply);
    if (esito === 'grazie' || esito === 'aggiornata') {
      return sendPage(reply, SurveyThanksPage({ ctx, survey, changed: esito === 'aggiornata', again: surveyUrl(survey.id, token) }));
    }
    return sendPage(reply, SurveyPage({ ctx, survey, token }));
  });

  const answerPage = async (req: FastifyRequest<SurveyRoute>, reply: FastifyReply) => {
    const token = tokenOf(req);
    // A wrong link is a 404 page, not a form error, and nothing is written.
    const survey = await getSurvey(db, req.params.surveyId, token);
    const body = req.body ?? {};
    const values: SurveyFormValues = { rating: first(body.rating).slice(0, 10), comment: first(body.comment).slice(0, 5000) };
    return formAction(
      async () => {
        const rating = /^[1-5]$/.test(values.rating ?? '') ? Number(values.rating) : Number.NaN;
        const result = await answerSurvey(db, survey.id, token, { rating, comment: values.comment });
        return reply.redirect(`${surveyUrl(survey.id, token)}&esito=${result.changed ? 'aggiornata' : 'grazie'}`, 303);
      },
      async (errors, status, problem) => {
        if (status === 404) throw problem;
        return sendPage(reply, SurveyPage({ ctx: pageContext(req, reply), survey, token, values, errors }), status);
      },
      req.lang,
    );
  };
  app.post<SurveyRoute>('/gradimento/:surveyId', { config: { access: PUBLIC, publicWrite: true } }, answerPage);
};
