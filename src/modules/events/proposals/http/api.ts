import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SIGNED_IN } from '../../../../core/access.js';
import { apiRouter } from '../../../../core/api.js';
import type { Deps } from '../../../../core/deps.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { DecisionBody, PartnerOverviewOut, ProposalCreate, ProposalOut, ProposalParam, ProposalResubmit } from '../schemas.js';
import * as svc from '../service.js';
import { proposalAccess } from './common.js';

/** The API of partners' proposals: propose, correct, decide; an organisation's lists and its venues' figures. */
export const proposalApiRoutes: RoutePlugin = async (app, deps) => {
  registerPartnerSide(app, deps);
  registerDecisions(app, deps);
};

const OrgParam = z.object({ organisationId: z.string() });

function registerPartnerSide(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['events'] });

  const access = proposalAccess(deps);
  api.post(
    '/api/v1/event-proposals',
    {
      access: SIGNED_IN,
      summary:
        "Propose an event in a partner organisation's name (its admins, staff or partner accounts) to a programme of an organisation it is an accepted partner of, at one of its venues or one it may use; 422 names each field refused",
      body: ProposalCreate,
      created: { description: 'Sent, waiting for a decision', schema: ProposalOut },
    },
    async ({ req }) => svc.propose(deps, req.principal, req.body),
  );

  const proposal = api.under('/api/v1/event-proposals/:proposalId', { access: SIGNED_IN, params: ProposalParam, out: ProposalOut });
  const organisation = api.under('/api/v1/organisations/:organisationId', { access: access.members, params: OrgParam });

  proposal.get(
    '',
    { summary: "A proposal, for the partner's people and the programme's staff (anyone else: 404)", ok: ProposalOut },
    proposal.calls(deps.db, svc.getProposal),
  );

  proposal.put(
    '',
    {
      summary: 'The partner corrects a proposal sent back (or still waiting) and sends it again; 409 once decided',
      body: ProposalResubmit,
      ok: 'Sent again',
    },
    proposal.calls(deps, svc.resubmit),
  );

  organisation.get(
    '/event-proposals',
    {
      summary: 'The proposals an organisation received (as a programme owner) and sent (as a partner)',
      ok: z.object({ received: z.array(ProposalOut), sent: z.array(ProposalOut) }),
    },
    async ({ params }) => svc.proposalsOfOrganisation(deps.db, params.organisationId),
  );

  organisation.get(
    '/partner-venues',
    {
      summary: "An organisation's venues and the events held there, whoever organises them, with their figures (counts only)",
      ok: PartnerOverviewOut,
    },
    async ({ params }) => svc.partnerOverview(deps.db, params.organisationId),
  );
}

function registerDecisions(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['events'] });

  const access = proposalAccess(deps);
  const decisions: { path: string; decision: svc.Decision; summary: string }[] = [
    {
      path: 'approve',
      decision: 'approve',
      summary: "Approve: the event is published in the catalogue, an event of the programme's organisation naming the partner",
    },
    { path: 'return', decision: 'return', summary: 'Send back with a comment (required) for the partner to correct' },
    { path: 'decline', decision: 'decline', summary: 'Decline with a reason (required)' },
  ];
  for (const d of decisions) {
    api.post(
      `/api/v1/event-proposals/:proposalId/${d.path}`,
      {
        access: access.decide,
        summary: `${d.summary}; the proposer is e-mailed; 409 once decided`,
        params: ProposalParam,
        body: DecisionBody,
        ok: { description: 'Decided', schema: ProposalOut },
      },
      async ({ req, params, body }) => svc.decide(deps, req.principal, params.proposalId, d.decision, body.comment),
    );
  }
}
