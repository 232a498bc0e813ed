import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PUBLIC } from '../../../../core/access.js';
import { apiRoute } from '../../../../core/api.js';
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
  registerBuilder(app, deps);
  registerResults(app, deps);
  registerResponses(limitedApp(app, deps), deps);
};

function registerBuilder(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const access = surveyAccess(deps);
  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/surveys',
    {
      access: access.organisation,
      summary:
        "Create a survey (draft) of the organisation, optionally of a participatory process and one of its phases: `title`, `intro`, `process`, `phase`, `publicResults`. Add questions, then open it with PATCH `status: 'open'`.",
      tags: ['surveys'],
      params: OrgParam,
      body: SurveyCreate.omit({ organisation: true }),
      responses: { 201: { description: 'Created', schema: SurveyOut } },
    },
    async ({ reply, params, body }) =>
      reply.code(201).send(out(await svc.createSurvey(db, { ...body, organisation: params.organisationId }))),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/surveys/:surveyId',
    {
      access: access.survey,
      summary: 'A survey with its questions in order (kind, options, required, the condition `showIf` on an earlier answer).',
      tags: ['surveys'],
      params: SurveyParam,
      responses: { 200: { description: 'OK', schema: SurveyOut } },
    },
    async ({ params }) => out(await svc.getSurvey(db, params.surveyId)),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/surveys/:surveyId',
    {
      access: access.survey,
      summary: "Change a survey's title, introduction, status (`draft`, `open`, `closed`) or whether its results are public.",
      tags: ['surveys'],
      params: SurveyParam,
      body: SurveyPatch,
      responses: { 200: { description: 'OK', schema: SurveyOut } },
    },
    async ({ params, body }) => out(await svc.updateSurvey(db, params.surveyId, body)),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/surveys/:surveyId/questions',
    {
      access: access.survey,
      summary:
        'Add a question at the end: `kind` (single, multiple, scale, short, long, comune, age), `label`, `hint`, `options` (2–20 for a choice; 5 labels or none for a scale), `required`, `showIf` {`question`, `value`} on an earlier question.',
      tags: ['surveys'],
      params: SurveyParam,
      body: QuestionInput,
      responses: { 201: { description: 'Added', schema: SurveyOut } },
    },
    async ({ reply, params, body }) => reply.code(201).send(out(await svc.addQuestion(db, params.surveyId, body))),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/surveys/:surveyId/questions/:surveyQuestionId',
    {
      access: access.survey,
      summary: 'Replace a question (same fields as when adding it). A question others depend on keeps its kind and options.',
      tags: ['surveys'],
      params: QuestionParam,
      body: QuestionInput,
      responses: { 200: { description: 'OK', schema: SurveyOut } },
    },
    async ({ params, body }) => out(await svc.updateQuestion(db, params.surveyId, params.surveyQuestionId, body)),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/surveys/:surveyId/questions/:surveyQuestionId/move',
    {
      access: access.survey,
      summary: 'Move a question one place `up` or `down`; a conditional question stays after the one it depends on (409).',
      tags: ['surveys'],
      params: QuestionParam,
      body: z.object({ direction: z.enum(['up', 'down'], { message: 'survey.check.direction' }) }),
      responses: { 200: { description: 'OK', schema: SurveyOut } },
    },
    async ({ params, body }) => out(await svc.moveQuestion(db, params.surveyId, params.surveyQuestionId, body.direction)),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/surveys/:surveyId/questions/:surveyQuestionId',
    {
      access: access.survey,
      summary: 'Remove a question and its answers; refused (409) while another question depends on it.',
      tags: ['surveys'],
      params: QuestionParam,
      responses: { 200: { description: 'OK', schema: SurveyOut } },
    },
    async ({ params }) => out(await svc.removeQuestion(db, params.surveyId, params.surveyQuestionId)),
  );
}

function registerResults(app: FastifyInstance, deps: Deps): void {
  const access = surveyAccess(deps);
  apiRoute(
    app,
    'GET',
    '/api/v1/surveys/:surveyId/results',
    {
      access: access.survey,
      summary:
        'Results of the confirmed responses, per question: counts per value, free texts. Optionally of one group (`question` = a comune or age-band question, `value`). Groups under 5 answers are hidden (`count: null`); `format=csv` gives the same as CSV.',
      tags: ['surveys'],
      params: SurveyParam,
      query: ResultsQuery,
      responses: { 200: { description: 'OK', schema: ResultsOut } },
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

function registerResponses(app: FastifyInstance, deps: Deps): void {
  apiRoute(
    app,
    'POST',
    '/api/v1/surveys/:surveyId/responses',
    {
      access: PUBLIC,
      publicWrite: true,
      summary:
        'Answer an open survey: `email` or `phone`, and `answers` by question id (a value, or a list for a multiple choice: option numbers from 1, 1–5 for a scale, an ISTAT code, an age band, text). 202: pending until the link or code sent is confirmed. 422 names each refused answer; a contact whose answer is already confirmed is 409.',
      tags: ['surveys'],
      params: SurveyParam,
      body: ResponseInput,
      responses: { 202: { description: 'Pending confirmation', schema: Receipt } },
    },
    async ({ req, reply, params, body }) => reply.code(202).send(await submitResponse(deps, params.surveyId, body, req.lang)),
  );
}
