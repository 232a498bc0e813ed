import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PUBLIC } from '../../../core/access.js';
import { apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { refuseAs } from '../../../core/problems.js';
import { publicWriteConfig } from '../../../core/public-writes.js';
import { parse } from '../../../core/validation.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formList as list, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getProgramme } from '../../programmes/service.js';
import {
  dcatDescription,
  openDataCsv,
  openDataDefaults,
  openDataJson,
  openDataPublisher,
  openDataSummary,
  SUMMARY_BREAKDOWNS,
} from '../opendata.js';
import { DcatCatalogOut, OpenDataQuery, OpenDataRowOut, OpenDataSummaryOut } from '../schemas.js';
import * as svc from '../service.js';
import { QuestionnairePage } from '../views-questionnaire.js';
import { streamDownload } from './common.js';

const CSS = readFileSync(resolve(import.meta.dirname, '..', 'facilitation.css'), 'utf8');

/** What anyone may reach: the module's style sheet, the open data and the citizen's questionnaire. */
export const publicRoutes: RoutePlugin = async (app, deps) => {
  app.get('/facilitazioni/stile.css', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
  registerOpenData(app, deps);
  registerQuestionnaire(app, deps);
};

/** The open data: rows as CSV and JSON, the aggregates, the DCAT-AP_IT description. */
function registerOpenData(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['opendata'] });

  const { db } = deps;
  api.get(
    '/api/v1/opendata/facilitations.csv',
    {
      access: PUBLIC,
      summary:
        'Open data: one row per citizen and service in the national open-data columns; no codice fiscale, name or citizenship; small cells (under 5 a month at a venue) without demographics',
      query: OpenDataQuery,
      ok: { description: 'CSV', mediaType: 'text/csv' },
    },
    async ({ reply, query }) => {
      const scope = openDataDefaults(query);
      if (scope.programme) await getProgramme(db, scope.programme);
      return streamDownload(reply, 'text/csv; charset=utf-8', 'facilitazioni-opendata.csv', openDataCsv(deps, scope));
    },
  );

  api.get(
    '/api/v1/opendata/facilitations.json',
    { access: PUBLIC, summary: 'Open data: the same rows as JSON', query: OpenDataQuery, ok: z.array(OpenDataRowOut) },
    async ({ reply, query }) => {
      const scope = openDataDefaults(query);
      if (scope.programme) await getProgramme(db, scope.programme);
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(Readable.from(openDataJson(deps, scope)));
    },
  );

  const SummaryQuery = OpenDataQuery.extend({ by: z.enum(SUMMARY_BREAKDOWNS).default('month') });
  api.get(
    '/api/v1/opendata/facilitations/summary.json',
    {
      access: PUBLIC,
      summary: 'Open data aggregates: services and new unique citizens per value; every count under 5 is null (suppressed)',
      query: SummaryQuery,
      ok: OpenDataSummaryOut,
    },
    async ({ query }) => {
      const scope = openDataDefaults(query);
      if (scope.programme) await getProgramme(db, scope.programme);
      return openDataSummary(deps, scope, query.by);
    },
  );

  api.get(
    '/api/v1/opendata/facilitations',
    {
      access: PUBLIC,
      summary: 'The dataset’s description in DCAT-AP_IT (JSON-LD)',
      query: OpenDataQuery.pick({ programme: true }),
      ok: { description: 'DCAT-AP_IT description', mediaType: 'application/ld+json', schema: DcatCatalogOut },
    },
    async ({ reply, query }) => {
      const programme = query.programme ?? null;
      // The organisation that owns the programme (or all of them), named by its IPA code.
      const publisher = await openDataPublisher(deps, programme);
      return reply.type('application/ld+json; charset=utf-8').send(dcatDescription(deps, publisher, programme));
    },
  );
}

/** The satisfaction questionnaire a citizen reaches by a private link. */
function registerQuestionnaire(app: FastifyInstance, deps: Deps): void {
  const QuestionnaireParam = z.object({ recordId: z.string() });
  const privateLink = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
  const page = (req: FastifyRequest, reply: FastifyReply, props: Omit<Parameters<typeof QuestionnairePage>[0], 'ctx'>, status?: number) =>
    sendPage(reply, QuestionnairePage({ ctx: pageContext(req, reply), ...props }), status);

  app.get<{ Querystring: { token?: string } }>('/questionario/:recordId', { config: { access: PUBLIC } }, async (req, reply) => {
    const { recordId } = parse(QuestionnaireParam, req.params);
    const token = req.query.token;
    const q = await svc.questionnaireFor(deps, recordId, typeof token === 'string' ? token : undefined);
    privateLink(reply);
    return page(req, reply, { q, token: token ?? '', values: {}, errors: {}, done: false });
  });

  app.post<{ Body: FormBody | undefined }>('/questionario/:recordId', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const { recordId } = parse(QuestionnaireParam, req.params);
    const body = req.body ?? {};
    const token = str(body, 'token');
    const q = await svc.questionnaireFor(deps, recordId, token);
    privateLink(reply);
    const es6 = str(body, 'es6');
    return formAction(
      async () => {
        if (q.status === 'answered') throw refuseAs(409, 'fac.err.questionnaire.done.title', 'q.answered');
        await svc.answerQuestionnaire(deps, recordId, token, {
          es1: list(body, 'es1'),
          es2: list(body, 'es2'),
          es3: str(body, 'es3') || undefined,
          es4: str(body, 'es4'),
          es5: list(body, 'es5'),
          es6: /^\d$/.test(es6) ? Number(es6) : es6 || undefined,
        });
        return page(req, reply, { q: { ...q, status: 'answered' }, token: '', values: {}, errors: {}, done: true });
      },
      async (errors, status) => page(req, reply, { q, token, values: body, errors, done: false }, status),
    );
  });
}
