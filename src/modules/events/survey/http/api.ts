import { z } from 'zod';
import { PUBLIC } from '../../../../core/access.js';
import { apiRouter } from '../../../../core/api.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { eventStaffRoutes, limitedRoutes, programmeStaff } from '../../http-kit.js';
import { ApiSurveyAnswer, answerSurvey, eventSurveyResults, programmeSurveyResults } from '../service.js';
import { surveyRateLimit } from './limit.js';

/** The satisfaction survey through the API: the results for staff, and the answer with the private link's token. */

const SurveyParam = z.object({ surveyId: z.string() });
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
  surveyId: z.string(),
  comments: z.array(z.object({ rating: z.number().int().nullable(), comment: z.string(), answeredAt: z.string() })),
});
const ProgrammeResults = z.object({
  programme: z.object({ id: z.string(), name: z.string(), organisation: z.object({ id: z.string(), name: z.string() }) }),
  ...Figures,
  events: z.array(z.object({ id: z.string(), title: z.string(), start: z.string(), ...Figures })),
});
const AnswerOut = z.object({
  id: z.string(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  answers: z.record(z.string(), z.array(z.string())),
  answeredAt: z.string(),
  changed: z.boolean(),
});

export const surveyApiRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['surveys'] });
  const { db } = deps;
  eventStaffRoutes(api, deps).get(
    '/survey',
    {
      summary:
        "The satisfaction survey of an event: surveys sent, answers, response rate (0–1), average rating (1–5), how many gave each rating, and the comments. Anonymous: no answer says who gave it. `surveyId` is the event's survey in the builder (`/api/v1/surveys/{surveyId}`), where staff change the questions and read every answer with groups under 5 hidden.",
      ok: EventResults,
    },
    async ({ params }) => eventSurveyResults(db, params.eventId),
  );

  api.get(
    '/api/v1/programmes/:programmeId/survey',
    {
      access: programmeStaff(deps),
      summary:
        "The satisfaction survey over a programme's events: every answer counted once (the average is over all answers), and one row per event whose survey went out.",
      params: ProgrammeParam,
      ok: ProgrammeResults,
    },
    async ({ params }) => programmeSurveyResults(db, params.programmeId),
  );

  // The answer is a public write: it counts against RATE_LIMIT_MAX with the survey page.
  await limitedRoutes(app, deps, surveyRateLimit, (scope) =>
    api.on(scope).post(
      '/api/v1/surveys/:surveyId',
      {
        access: PUBLIC,
        publicWrite: true,
        summary:
          "Answer a satisfaction survey with the token of its private link: `rating` 1–5 and an optional `comment` (up to 1000 characters) for the template's questions, and any question staff added by its id. Answering again replaces the earlier answer (`changed: true`). A wrong token is 404 and writes nothing; a refused answer is 400 naming each field.",
        params: SurveyParam,
        body: ApiSurveyAnswer,
        ok: { description: 'Recorded', schema: AnswerOut },
      },
      async ({ req, params, body }) => {
        const { token, ...answer } = body;
        return answerSurvey(db, params.surveyId, token, answer, req.lang);
      },
    ),
  );
};
