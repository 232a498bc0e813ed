import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { orgAccess, PLATFORM, PUBLIC } from '../../../core/access.js';
import { type ApiRouter, apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { refuse } from '../../../core/problems.js';
import { ORG_ADMINS, ORG_STAFF } from '../../../core/roles.js';
import { sendKeptGzip } from '../../../web/page-cache.js';
import {
  AgreementCreate,
  AgreementOut,
  MunicipalityOut,
  MunicipalityQuery,
  OrganisationCreate,
  OrganisationOut,
  OrganisationPatch,
  VenueCreate,
  VenueOut,
  VenuePatch,
} from '../schemas.js';
import * as svc from '../service.js';
import { owners, userOf } from './common.js';

const OrgParam = z.object({ organisationId: z.string() });
const VenueParam = z.object({ venueId: z.string() });
const AgreementParam = z.object({ agreementId: z.string() });
const PartnershipParam = z.object({ organisationId: z.string(), partnershipId: z.string() });

/** The organisations' API: comuni, organisations, venues, agreements and partnerships. */
export const organisationApiRoutes: RoutePlugin = async (app, deps) => {
  registerMunicipalityApi(app, deps);
  registerOrganisationApi(app, deps);
  registerVenueApi(app, deps);
  registerAgreementApi(app, deps);
  registerPartnershipApi(app, deps);
};

/** The organisation in the path, or 404 (for the public lists under it). */
async function existingOrganisation(deps: Deps, id: string): Promise<string> {
  const orgId = await svc.organisationIdIfExists(deps.db, id);
  if (!orgId) throw refuse(404, 'org.problem.missing');
  return orgId;
}

function registerMunicipalityApi(app: FastifyInstance, { db }: Deps): void {
  const api = apiRouter(app, { tags: ['municipalities'] });

  api.get(
    '/api/v1/municipalities',
    {
      access: PUBLIC,
      summary: 'Search Italian comuni by name or ISTAT code',
      query: MunicipalityQuery,
      ok: z.object({ items: z.array(MunicipalityOut) }),
    },
    // `{ items }` as JSON bytes, kept per query by the service with their gzipped copy: the same
    // bytes Fastify would write, without encoding or compressing them again for every keystroke.
    async ({ req, query, reply }) => {
      const answer = await svc.municipalitySearchAnswer(db, query.q, query.limit, query.includeInactive === 'true');
      reply.type('application/json; charset=utf-8');
      if (answer.json.length < 1024) return answer.json;
      return sendKeptGzip(req, reply, answer.json, () => answer.gzip);
    },
  );
}

function registerOrganisationApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['organisations'] });

  const { db } = deps;
  api.get(
    '/api/v1/organisations',
    { access: PUBLIC, summary: 'List organisations', ok: z.object({ items: z.array(OrganisationOut) }) },
    async () => ({ items: await svc.listOrganisations(db) }),
  );

  api.post(
    '/api/v1/organisations',
    { access: PLATFORM, summary: 'Create an organisation (platform admin)', body: OrganisationCreate, created: OrganisationOut },
    async ({ body }) => svc.createOrganisation(db, body),
  );

  const organisation = organisationRoutes(api, deps);
  organisation.get('', { access: PUBLIC, summary: 'An organisation (public)', ok: OrganisationOut }, async ({ params }) =>
    svc.getOrganisation(db, params.organisationId),
  );

  organisation.patch(
    '',
    {
      roles: ORG_ADMINS,
      summary: 'Change an organisation, including its member municipalities',
      body: OrganisationPatch,
      ok: OrganisationOut,
    },
    async ({ params, body }) => svc.updateOrganisation(db, params.organisationId, body),
  );
}

/** The routes under one organisation, each open to its own roles there. */
const organisationRoutes = (api: ApiRouter, deps: Deps) =>
  api.owned('/api/v1/organisations/:organisationId', { params: OrgParam, owner: owners(deps).organisation });

function registerVenueApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['venues'] });

  const { db } = deps;
  const organisation = organisationRoutes(api, deps);
  organisation.get(
    '/venues',
    { access: PUBLIC, summary: "An organisation's venues (public)", ok: z.object({ items: z.array(VenueOut) }) },
    async ({ params }) => ({ items: await svc.listVenues(db, await existingOrganisation(deps, params.organisationId)) }),
  );

  organisation.post(
    '/venues',
    { roles: ORG_STAFF, summary: 'Add a venue', body: VenueCreate, created: VenueOut },
    async ({ params, body }) => svc.createVenue(db, params.organisationId, body),
  );

  const venue = api.owned('/api/v1/venues/:venueId', { params: VenueParam, owner: owners(deps).venue });
  venue.get('', { access: PUBLIC, summary: 'A venue (public)', ok: VenueOut }, async ({ params }) => svc.getVenue(db, params.venueId));

  venue.patch('', { roles: ORG_STAFF, summary: 'Change a venue', body: VenuePatch, ok: VenueOut }, async ({ params, body }) =>
    svc.updateVenue(db, params.venueId, body),
  );

  venue.delete('', { roles: ORG_STAFF, summary: 'Delete a venue no event or desk uses', noContent: 'Deleted' }, async ({ params }) => {
    await svc.deleteVenue(db, params.venueId);
  });
}

function registerAgreementApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['agreements'] });

  const { db } = deps;
  const organisation = organisationRoutes(api, deps);
  organisation.get(
    '/agreements',
    {
      access: PUBLIC,
      summary: "An organisation's agreements (protocolli d'intesa, public acts)",
      ok: z.object({ items: z.array(AgreementOut) }),
    },
    async ({ params }) => ({ items: await svc.listAgreements(db, await existingOrganisation(deps, params.organisationId)) }),
  );

  organisation.post(
    '/agreements',
    {
      roles: ORG_ADMINS,
      summary: 'Record an agreement with partner organisations',
      body: AgreementCreate,
      created: AgreementOut,
    },
    async ({ req, params, body }) => svc.createAgreement(db, params.organisationId, body, userOf(req)),
  );

  const agreement = api.under('/api/v1/agreements/:agreementId', {
    access: orgAccess('agreementId', ORG_ADMINS, owners(deps).agreement),
    params: AgreementParam,
  });
  agreement.put('', { summary: 'Replace an agreement', body: AgreementCreate, ok: AgreementOut }, async ({ req, params, body }) =>
    svc.updateAgreement(db, params.agreementId, body, userOf(req)),
  );

  agreement.delete('', { summary: 'Delete an agreement', noContent: 'Deleted' }, async ({ params }) => {
    await svc.deleteAgreement(db, params.agreementId);
  });
}

/**
 * Partnership requests and answers. The organisation in the path is the side that acts: the named
 * organisation accepts or declines, either side ends.
 */
function registerPartnershipApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['partnerships'] });

  const { db } = deps;
  const organisation = organisationRoutes(api, deps);
  organisation.get(
    '/partnerships',
    {
      roles: ORG_STAFF,
      summary: "An organisation's partnerships: requests it sent or received, accepted, declined and ended ones",
      ok: z.object({ items: z.array(svc.PartnershipOut) }),
    },
    async ({ req }) => ({ items: await svc.listPartnerships(db, req.targetOrganisationId!) }),
  );

  organisation.post(
    '/partnerships',
    {
      roles: ORG_ADMINS,
      summary:
        'Ask another organisation to be a partner. Its venues become usable only once it accepts; 409 when the two already have a partnership, accepted or waiting',
      body: svc.PartnershipRequest,
      created: { description: 'Requested', schema: svc.PartnershipOut },
    },
    async ({ req, body }) => svc.requestPartnership(db, req.targetOrganisationId!, body, userOf(req)),
  );

  const partnership = api.owned('/api/v1/organisations/:organisationId/partnerships/:partnershipId', {
    params: PartnershipParam,
    owner: owners(deps).partnershipSide,
  });
  for (const [action, summary] of [
    ['accept', 'Accept a partnership request (admins of the organisation it names)'],
    ['decline', 'Decline a partnership request (admins of the organisation it names)'],
    ['end', 'End a partnership, or withdraw a request still waiting (admins of either side)'],
  ] as const) {
    partnership.post(`/${action}`, { roles: ORG_ADMINS, summary, ok: svc.PartnershipOut }, async ({ req, params }) =>
      svc.actOnPartnership(db, params.partnershipId, req.targetOrganisationId!, action, userOf(req)),
    );
  }
}
