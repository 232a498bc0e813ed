import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PUBLIC } from '../../../core/access.js';
import { type ApiRouter, apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { withIdempotency } from '../../../core/idempotency.js';
import { limitedApp } from '../../../core/public-writes.js';
import { ORG_STAFF } from '../../../core/roles.js';
import {
  AssessmentAggregatesOut,
  AssessmentQuery,
  EmailQueuedOut,
  ResponseBody,
  ResultParam,
  TokenQuery,
  VariantParam,
} from '../schemas.js';
import * as svc from '../service.js';
import { owners } from './common.js';

const ResultCreated = z.object({
  id: z.string(),
  token: z.string(),
  areas: z.array(z.object({ area: z.number().int(), level: z.number().int(), label: z.string() })),
  path: z.array(z.object({ kind: z.enum(['guide', 'event', 'desk']), title: z.string(), page: z.string() })),
});
const ItemsOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      competence: z.string(),
      kind: z.enum(['self', 'knowledge']),
      text: z.string(),
      options: z.array(z.object({ value: z.number().int(), label: z.string() })),
    }),
  ),
});

/** The self-assessment API: the questions, results, an organisation's aggregates, and the answers sent. */
export async function registerSkillsApi(app: FastifyInstance, deps: Deps): Promise<void> {
  const api = apiRouter(app, { tags: ['assessments'] });
  registerReads(api, deps);
  // Public writes count against RATE_LIMIT_MAX per client address (0 turns the limit off).
  registerWrites(api.on(limitedApp(app, deps)), deps);
}

/** The routes of a variant of the questions, and of a stored result (with its token), open to anyone. */
const variantRoutes = (api: ApiRouter) => api.under('/api/v1/assessments/:variant', { access: PUBLIC, params: VariantParam });
const resultRoutes = (api: ApiRouter) => api.under('/api/v1/assessment-results/:resultId', { access: PUBLIC, params: ResultParam });

function registerReads(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  variantRoutes(api).get(
    '',
    {
      summary:
        'The questions of the digital-competence self-assessment (DigComp 2.2): short (about 20 items, every area) or full (every one of the 21 competences). Never includes the right answers. `organisation` picks that organisation’s own item bank when it has one.',
      query: AssessmentQuery,
      ok: { description: 'The items in the order to ask them', schema: ItemsOut },
    },
    async ({ params, query, req }) =>
      svc.getAssessment(db, params.variant, { organisation: query.organisation, lang: query.lang ?? req.lang }),
  );

  resultRoutes(api).get(
    '',
    {
      summary: 'A stored result, with its private token; an unknown id and a wrong token are the same 404.',
      query: TokenQuery,
      ok: { description: 'The profile and the personal path', schema: ResultCreated },
    },
    async ({ params, query, req }) => svc.getResult(deps, params.resultId, query.token, req.lang),
  );

  const organisation = api.owned('/api/v1/organisations/:organisationId', {
    params: z.object({ organisationId: z.string() }),
    owner: owners(deps).organisation,
  });
  organisation.get(
    '/assessment-aggregates',
    {
      roles: ORG_STAFF,
      summary:
        'Anonymous level distributions of the results of an organisation’s area and initiatives (groups under 5 never shown), and the before/after change per event and per programme.',
      ok: AssessmentAggregatesOut,
    },
    async ({ req }) => {
      const orgId = req.targetOrganisationId as string;
      const [aggregates, change] = await Promise.all([svc.aggregates(db, orgId, req.lang), svc.beforeAfter(db, orgId)]);
      return { aggregates, change };
    },
  );
}

function registerWrites(api: ApiRouter, deps: Deps): void {
  variantRoutes(api).post(
    '/responses',
    {
      publicWrite: true,
      idempotent: true,
      summary:
        'Submit a complete set of answers (one per item of the version, as GET /api/v1/assessments/{variant} lists them) and get the profile: a level 1–8 per DigComp area and a personal path. Keep the token: it opens the result again. Unknown items, out-of-range values, duplicate or missing answers are refused (422), as are answers to a retired version of the questions (409). `previous` links a retake to an earlier result (same token); `event` and `phase` (prima/dopo) count it in the before/after figures of a course.',
      body: ResponseBody,
      created: { description: 'The stored result', schema: ResultCreated },
    },
    async ({ params, req, reply }) =>
      withIdempotency(deps.db, req, reply, `skills-responses:${params.variant}`, async () => ({
        status: 201,
        body: await svc.submitResponse(deps, params.variant, req.body, req.lang),
      })),
  );

  resultRoutes(api).post(
    '/email',
    {
      publicWrite: true,
      summary: 'Send the profile (with the PDF) to an e-mail address; the address is not stored.',
      body: z.object({ token: z.string(), email: z.string() }),
      accepted: { description: 'Queued', schema: EmailQueuedOut },
    },
    async ({ params, req }) => {
      await svc.emailResult(deps, params.resultId, req.body, req.lang);
      return { queued: true };
    },
  );
}
