import { z } from 'zod';
import { hasRole, PUBLIC, SIGNED_IN } from '../../../core/access.js';
import { type ApiRouter, apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { limitedApp } from '../../../core/public-writes.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { organisationIdIfExists } from '../../organisations/service.js';
import { ProcessOut } from '../processes/schemas.js';
import * as processes from '../processes/service.js';
import { CommentOut, ProposalOut, ProposalQuery } from '../proposals/schemas.js';
import * as proposals from '../proposals/service.js';
import { staffAccess } from './common.js';

const ProcessParam = z.object({ processId: z.string() });
const ProposalParam = z.object({ participationProposalId: z.string() });
const CommentParam = z.object({ commentId: z.string() });
const Pending = z.object({ status: z.literal('pending') });

/**
 * The participation API. Bodies are checked by the services (422 naming each field, for the rule
 * of a field and the rules across fields alike), so the routes declare no body schema.
 */
export const participationApiRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['participation'] });
  registerProcesses(api, deps);
  registerProposals(api, api.on(limitedApp(app, deps)), deps);
  registerModeration(api, deps);
};

function registerProcesses(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  api.post(
    '/api/v1/processes',
    {
      access: SIGNED_IN,
      summary:
        'Create a participatory process (staff of the organisation): organisation, title, phases [{name, start, end}] (dates YYYY-MM-DD), optional description, comuni, categories, status (default published), retentionDays, supportThreshold. 422 names each refused field.',
      created: ProcessOut,
    },
    async ({ req }) => {
      const organisation = (req.body as { organisation?: unknown } | undefined)?.organisation;
      if (typeof organisation !== 'string' || !z.string().uuid().safeParse(organisation).success) {
        throw refuse(422, 'participation.error.fields', undefined, [fieldError('organisation', 'participation.check.organisation')]);
      }
      if (!(await organisationIdIfExists(db, organisation))) throw refuse(404, 'participation.error.organisationNotFound');
      if (!hasRole(req.principal, organisation, ORG_STAFF)) throw refuse(403, 'participation.error.staffOnly');
      return processes.createProcess(db, req.principal, req.body);
    },
  );
  api.get(
    '/api/v1/processes',
    {
      access: PUBLIC,
      summary: 'Published and closed processes, of every organisation or of one (?organisation=)',
      query: z.object({ organisation: z.string().uuid().optional() }),
      ok: z.object({ items: z.array(ProcessOut) }),
    },
    async ({ query }) => ({ items: await processes.listProcesses(db, query.organisation ? [query.organisation] : null) }),
  );
  api.get(
    '/api/v1/processes/:processId',
    {
      access: PUBLIC,
      summary: 'A published or closed process with its phases (the current one marked)',
      params: ProcessParam,
      ok: ProcessOut,
    },
    async ({ params }) => processes.getPublicProcess(db, params.processId),
  );
  api.patch(
    '/api/v1/processes/:processId',
    {
      access: staffAccess(deps).process,
      summary:
        'Change a process (staff): any field of the creation; phases, when given, replace the old ones; status closed starts the retention period',
      params: ProcessParam,
      ok: { description: 'Changed', schema: ProcessOut },
    },
    async ({ req, params }) => processes.updateProcess(db, req.principal, params.processId, req.body),
  );
}

function registerProposals(api: ApiRouter, limited: ApiRouter, deps: Deps): void {
  const { db } = deps;
  limited.post(
    '/api/v1/processes/:processId/proposals',
    {
      access: PUBLIC,
      publicWrite: true,
      summary:
        'Submit a proposal (no account): title (≤150), body (≤5000), municipality (ISTAT code or name, of the process), category (of the process), email, optional name shown as signature. Pending until the e-mail is confirmed through the link sent.',
      params: ProcessParam,
      created: { description: 'Received, pending', schema: z.object({ id: z.string(), status: z.literal('pending') }) },
    },
    async ({ req, params }) => proposals.submitProposal(deps, params.processId, req.body, req.lang),
  );
  api.get(
    '/api/v1/processes/:processId/proposals',
    {
      access: PUBLIC,
      summary:
        'Public proposals of a process: ?municipality, category, state (a state, open or assembly), sort (supports, newest), page (20 a page)',
      params: ProcessParam,
      query: ProposalQuery,
      ok: z.object({ items: z.array(ProposalOut), total: z.number(), page: z.number(), pages: z.number() }),
    },
    async ({ params, query }) => proposals.listPublicProposals(db, await processes.getPublicProcess(db, params.processId), query),
  );
  const proposal = api.under('/api/v1/proposals/:participationProposalId', { access: PUBLIC, params: ProposalParam });
  const proposalWrites = limited.under('/api/v1/proposals/:participationProposalId', { access: PUBLIC, params: ProposalParam });
  proposal.get(
    '',
    { summary: 'A public proposal: text, state, answer, supports and comments counted', ok: ProposalOut },
    async ({ params }) => (await proposals.getPublicProposal(db, params.participationProposalId)).proposal,
  );
  proposalWrites.post(
    '/supports',
    {
      publicWrite: true,
      summary:
        "Support a proposal: email. 202 and a confirmation link by e-mail; the support counts once confirmed. 409 when this person's support is counted already.",
      accepted: { description: 'Waiting for the confirmation', schema: Pending },
    },
    async ({ req, params }) => proposals.requestSupport(deps, params.participationProposalId, req.body, req.lang),
  );
  proposalWrites.post(
    '/comments',
    {
      publicWrite: true,
      summary:
        'Comment on a proposal, or reply to a comment (parent; one level only): body (≤2000), email, optional name. 202; public once the e-mail is confirmed.',
      accepted: { description: 'Waiting for the confirmation', schema: z.object({ id: z.string(), status: z.literal('pending') }) },
    },
    async ({ req, params }) => proposals.submitComment(deps, params.participationProposalId, req.body, req.lang),
  );
  proposal.get(
    '/comments',
    {
      summary: 'The confirmed comments of a public proposal, replies under their comment; hidden ones show their reason only',
      ok: z.object({ items: z.array(CommentOut.extend({ replies: z.array(CommentOut) })) }),
    },
    async ({ params }) => {
      await proposals.getPublicProposal(db, params.participationProposalId);
      return { items: await proposals.commentsOfProposal(db, params.participationProposalId) };
    },
  );
}

function registerModeration(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  const access = staffAccess(deps);
  const proposal = api.under('/api/v1/proposals/:participationProposalId', {
    access: access.proposal,
    params: ProposalParam,
    out: ProposalOut,
  });
  proposal.post(
    '/hide',
    { summary: 'Hide a proposal (staff): reason, shown to the public in its place', ok: 'Hidden' },
    proposal.calls(db, proposals.hideProposal),
  );
  proposal.post(
    '/answer',
    {
      summary:
        'Answer a proposal and/or set its state (staff): state (evaluating, accepted, merged, not-feasible), reason (required for not-feasible), mergedInto (a proposal of the same process, for merged), answer',
      ok: 'Answered',
    },
    proposal.calls(db, proposals.answerProposal),
  );
  api.post(
    '/api/v1/comments/:commentId/hide',
    {
      access: access.comment,
      summary: 'Hide a comment (staff): reason, shown to the public in its place',
      params: CommentParam,
      ok: { description: 'Hidden', schema: z.object({ id: z.string(), hidden: z.literal(true) }) },
    },
    async ({ req, params }) => proposals.hideComment(db, req.principal, params.commentId, req.body),
  );
}
