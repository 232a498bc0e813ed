import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess, PUBLIC } from '../../../core/access.js';
import { apiRoute } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { Problem } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import type { Errors } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import * as programmes from '../../programmes/service.js';
import * as svc from '../service.js';
import { ApiSurveyAnswer, answerSurvey, eventSurveyResults, getSurvey, programmeSurveyResults, surveyUrl } from './survey.js';
import { EventSurveyPage, ProgrammeSurveyPage, type SurveyFormValues, SurveyPage, SurveyThanksPage } from './views-survey.js';

/**
 * The satisfaction survey: the public page behind the private link (works without JavaScript),
 * its API, and the results for staff per event and per programme.
 */

const SurveyParam = z.object({ surveyId: z.string() });
const EventParam = z.object({ eventId: z.string() });
const ProgrammeParam = z.object({ programmeId: z.string() });

const Figures = {
  sent: z.number().int(),
  answered: z.number().int(),
  responseRate: z.number().nullable(),
  average: z.number().nullable(),
  distribution: z.array(z.object({ rating: z.number().int(), count: z.number().int() })),
};
const EventResults = z.object({
  event: z.object({ id: z.string(), title: z.string(), start: z.string(), end: z.string() }),
  ...Figures,
  comments: z.array(z.object({ rating: z.number().int(), comment: z.string(), answeredAt: z.string() })),
});
const ProgrammeResults = z.object({
  programme: z.object({ id: z.string(), name: z.string(), organisation: z.object({ id: z.string(), name: z.string() }) }),
  ...Figures,
  events: z.array(z.object({ id: z.string(), title: z.string(), start: z.string(), ...Figures })),
});

type FormBody = Record<string, string | string[] | undefined>;
const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');

export async function registerSurveyRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  const eventOwner = (req: FastifyRequest) => svc.organisationOfEvent(db, (req.params as { eventId?: string }).eventId);
  const programmeOwner = (req: FastifyRequest) =>
    programmes.organisationOfProgramme(db, (req.params as { programmeId?: string }).programmeId);
  const eventStaff = orgAccess('eventId', ORG_STAFF, eventOwner);
  const programmeStaff = orgAccess('programmeId', ORG_STAFF, programmeOwner);

  // ---------- results, for staff ----------

  apiRoute(
    app,
    'GET',
    '/api/v1/events/:eventId/survey',
    {
      access: eventStaff,
      summary:
        'The satisfaction survey of an event: surveys sent, answers, response rate (0–1), average rating (1–5), how many gave each rating, and the comments. Anonymous: no answer says who gave it.',
      tags: ['surveys'],
      params: EventParam,
      responses: { 200: { description: 'OK', schema: EventResults } },
    },
    async ({ params }) => eventSurveyResults(db, params.eventId),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId/survey',
    {
      access: programmeStaff,
      summary:
        "The satisfaction survey over a programme's events: every answer counted once (the average is over all answers), and one row per event whose survey went out.",
      tags: ['surveys'],
      params: ProgrammeParam,
      responses: { 200: { description: 'OK', schema: ProgrammeResults } },
    },
    async ({ params }) => programmeSurveyResults(db, params.programmeId),
  );

  app.get('/admin/events/:eventId/gradimento', { config: { access: eventStaff } }, async (req, reply) => {
    const results = await eventSurveyResults(db, (req.params as { eventId: string }).eventId);
    const event = await svc.getEvent(db, results.event.id, { includeDrafts: true });
    return sendPage(
      reply,
      EventSurveyPage({ ctx: pageContext(req, reply, event.organisation.name), organisation: event.organisation, results }),
    );
  });

  app.get('/admin/programmes/:programmeId/gradimento', { config: { access: programmeStaff } }, async (req, reply) => {
    const results = await programmeSurveyResults(db, (req.params as { programmeId: string }).programmeId);
    return sendPage(reply, ProgrammeSurveyPage({ ctx: pageContext(req, reply, results.programme.organisation.name), results }));
  });

  // ---------- the survey itself: public writes count against RATE_LIMIT_MAX ----------

  await app.register(async (scope) => {
    if (config.rateLimitMax > 0) scope.addHook('onRequest', scope.rateLimit({ max: config.rateLimitMax, timeWindow: '1 minute' }));

    apiRoute(
      scope,
      'POST',
      '/api/v1/surveys/:surveyId',
      {
        access: PUBLIC,
        publicWrite: true,
        summary:
          'Answer a satisfaction survey with the token of its private link: rating 1–5 and an optional comment (up to 1000 characters). Answering again replaces the earlier answer (`changed: true`). A wrong token is 404 and writes nothing.',
        tags: ['surveys'],
        params: SurveyParam,
        body: ApiSurveyAnswer,
        responses: {
          200: {
            description: 'Recorded',
            schema: z.object({
              id: z.string(),
              rating: z.number().int(),
              comment: z.string().nullable(),
              answeredAt: z.string(),
              changed: z.boolean(),
            }),
          },
        },
      },
      async ({ params, body }) => {
        const { token, ...answer } = body;
        return answerSurvey(db, params.surveyId, token, answer);
      },
    );

    const surveyId = (req: FastifyRequest) => (req.params as { surveyId: string }).surveyId;
    const tokenOf = (req: FastifyRequest) =>
      first((req.body as FormBody | undefined)?.token) || first((req.query as { token?: unknown }).token);

    scope.get('/gradimento/:surveyId', { config: { access: PUBLIC } }, async (req, reply) => {
      const token = tokenOf(req);
      const survey = await getSurvey(db, surveyId(req), token);
      const esito = first((req.query as { esito?: unknown }).esito);
      const ctx = pageContext(req, reply);
      if (esito === 'grazie' || esito === 'aggiornata') {
        return sendPage(reply, SurveyThanksPage({ ctx, survey, changed: esito === 'aggiornata', again: surveyUrl(survey.id, token) }));
      }
      return sendPage(reply, SurveyPage({ ctx, survey, token }));
    });

    const answerPage = async (req: FastifyRequest, reply: FastifyReply) => {
      const token = tokenOf(req);
      // A wrong link is a 404 page, not a form error, and nothing is written.
      const survey = await getSurvey(db, surveyId(req), token);
      const body = (req.body ?? {}) as FormBody;
      const values: SurveyFormValues = { rating: first(body.rating).slice(0, 10), comment: first(body.comment).slice(0, 5000) };
      try {
        const rating = /^[1-5]$/.test(values.rating ?? '') ? Number(values.rating) : Number.NaN;
        const result = await answerSurvey(db, survey.id, token, { rating, comment: values.comment });
        return reply.redirect(`${surveyUrl(survey.id, token)}&esito=${result.changed ? 'aggiornata' : 'grazie'}`, 303);
      } catch (err) {
        if (!(err instanceof Problem) || err.status >= 500 || err.status === 404) throw err;
        const errors: Errors = {};
        for (const e of err.errors ?? []) errors[e.field] ??= e.message;
        if (!err.errors?.length) errors._ = err.detail ?? err.title;
        return sendPage(reply, SurveyPage({ ctx: pageContext(req, reply), survey, token, values, errors }), err.status);
      }
    };
    scope.post('/gradimento/:surveyId', { config: { access: PUBLIC, publicWrite: true } }, answerPage);
  });
}
