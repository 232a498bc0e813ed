import { z } from 'zod';
import { PUBLIC } from '../../../../core/access.js';
import { type ApiRouter, apiRouter } from '../../../../core/api.js';
import type { Deps } from '../../../../core/deps.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { limitedApp } from '../../../../core/public-writes.js';
import { submitResponse } from '../responses.js';
import { resultsCsv, surveyResults } from '../results.js';
import { QuestionInput, ResponseInput, ResultsOut, SurveyCreate, SurveyOut, SurveyPatch } from '../schemas.js';
import * as svc from '../service.js';
import { surveyAccess } from './access.js';

/** The surveys API: the builder for staff, the public response, the results (groups under 5 hidden). */

const SurveyParam = z.object({ surveyId: z.string() });
const QuestionParam = z.object({ surveyId: z.string(), surveyQuestionId: z.string() });
const OrgParam = z.object({ organisationId: z.string() });
const ResultsQuery = z.object({
  question: z.string().max(100).optional(),
  value: z.string().max(100).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
const Receipt = z.object({ id: z.string(), status: z.literal('pending'), channel: z.enum(['email', 'sms']) });

const out = (s: svc.SurveyView) => s;

export const surveyApiRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['surveys'] });
  registerBuilder(api, deps);
  registerResults(api, deps);
  registerResponses(api.on(limitedApp(app, deps)), deps);
};

function registerBuilder(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  const access = surveyAccess(deps);
  api.post(
    '/api/v1/organisations/:organisationId/surveys',
    {
      access: access.organisation,
      summary:
        "Create a survey (draft) of the organisation, optionally of a participatory process and one of its phases: `title`, `intro`, `process`, `phase`, `publicResults`. Add questions, then open it with PATCH `status: 'open'`.",
      params: OrgParam,
      body: SurveyCreate.omit({ organisation: true }),
      created: SurveyOut,
    },
    async ({ params, body }) => out(await svc.createSurvey(db, { ...body, organisation: params.organisationId })),
  );

  const surveyRoutes = api.under('/api/v1/surveys/:surveyId', { access: access.survey, params: SurveyParam });
  surveyRoutes.get(
    '',
    {
      summary: 'A survey with its questions in order (kind, options, required, the condition `showIf` on an earlier answer).',
      ok: SurveyOut,
    },
    async ({ params }) => out(await svc.getSurvey(db, params.surveyId)),
  );

  surveyRoutes.patch(
    '',
    {
      summary: "Change a survey's title, introduction, status (`draft`, `open`, `closed`) or whether its results are public.",
      body: SurveyPatch,
      ok: SurveyOut,
    },
    async ({ params, body }) => out(await svc.updateSurvey(db, params.surveyId, body)),
  );

  surveyRoutes.post(
    '/questions',
    {
      summary:
        'Add a question at the end: `kind` (single, multiple, scale, short, long, comune, age), `label`, `hint`, `options` (2–20 for a choice; 5 labels or none for a scale), `required`, `showIf` {`question`, `value`} on an earlier question.',
      body: QuestionInput,
      created: { description: 'Added', schema: SurveyOut },
    },
    async ({ params, body }) => out(await svc.addQuestion(db, params.surveyId, body)),
  );

  const surveyQuestion = api.under('/api/v1/surveys/:surveyId/questions/:surveyQuestionId', {
    access: access.survey,
    params: QuestionParam,
  });
  surveyQuestion.patch(
    '',
    {
      summary: 'Replace a question (same fields as when adding it). A question others depend on keeps its kind and options.',
      body: QuestionInput,
      ok: SurveyOut,
    },
    async ({ params, body }) => out(await svc.updateQuestion(db, params.surveyId, params.surveyQuestionId, body)),
  );

  surveyQuestion.post(
    '/move',
    {
      summary: 'Move a question one place `up` or `down`; a conditional question stays after the one it depends on (409).',
      body: z.object({ direction: z.enum(['up', 'down'], { message: 'survey.check.direction' }) }),
      ok: SurveyOut,
    },
    async ({ params, body }) => out(await svc.moveQuestion(db, params.surveyId, params.surveyQuestionId, body.direction)),
  );

  surveyQuestion.delete(
    '',
    { summary: 'Remove a question and its answers; refused (409) while another question depends on it.', ok: SurveyOut },
    async ({ params }) => out(await svc.removeQuestion(db, params.surveyId, params.surveyQuestionId)),
  );
}

function registerResults(api: ApiRouter, deps: Deps): void {
  const access = surveyAccess(deps);
  api.get(
    '/api/v1/surveys/:surveyId/results',
    {
      access: access.survey,
      summary:
        'Results of the confirmed responses, per question: counts per value, free texts. Optionally of one group (`question` = a comune or age-band question, `value`). Groups under 5 answers are hidden (`count: null`); `format=csv` gives the same as CSV.',
      params: SurveyParam,
      query: ResultsQuery,
      ok: ResultsOut,
    },
    async ({ req, reply, params, query }) => {
      const results = await surveyResults(deps.db, params.surveyId, {
        lang: req.lang,
        filter: query.question ? { question: query.question, value: query.value ?? '' } : undefined,
        staff: true,
      });
      if (query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(resultsCsv(results, req.lang));
      return results;
    },
  );
}

function registerResponses(api: ApiRouter, deps: Deps): void {
  api.post(
    '/api/v1/surveys/:surveyId/responses',
    {
      access: PUBLIC,
      publicWrite: true,
      summary:
        'Answer an open survey: `email` or `phone`, and `answers` by question id (a value, or a list for a multiple choice: option numbers from 1, 1–5 for a scale, an ISTAT code, an age band, text). 202: pending until the link or code sent is confirmed. 422 names each refused answer; a contact whose answer is already confirmed is 409.',
      params: SurveyParam,
      body: ResponseInput,
      accepted: { description: 'Pending confirmation', schema: Receipt },
    },
    async ({ req, params, body }) => submitResponse(deps, params.surveyId, body, req.lang),
  );
}
