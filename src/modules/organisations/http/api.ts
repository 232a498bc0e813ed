import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { orgAccess, PLATFORM, PUBLIC } from '../../../core/access.js';
import { apiRoute } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { refuse } from '../../../core/problems.js';
import { ORG_ADMINS, ORG_STAFF } from '../../../core/roles.js';
import {
  AgreementCreate,
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
  apiRoute(
    app,
    'GET',
    '/api/v1/municipalities',
    { access: PUBLIC, summary: 'Search Italian comuni by name or ISTAT code', tags: ['municipalities'], query: MunicipalityQuery },
    async ({ query }) => {
      const items = await svc.searchMunicipalities(db, query.q, query.limit, query.includeInactive === 'true');
      return { items };
    },
  );
}

function registerOrganisationApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  apiRoute(
    app,
    'GET',
    '/api/v1/organisations',
    {
      access: PUBLIC,
      summary: 'List organisations',
      tags: ['organisations'],
      responses: { 200: { description: 'OK', schema: z.object({ items: z.array(OrganisationOut) }) } },
    },
    async () => ({ items: await svc.listOrganisations(db) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations',
    {
      access: PLATFORM,
      summary: 'Create an organisation (platform admin)',
      tags: ['organisations'],
      body: OrganisationCreate,
      responses: { 201: { description: 'Created', schema: OrganisationOut } },
    },
    async ({ body, reply }) => {
      const org = await svc.createOrganisation(db, body);
      return reply.code(201).send(org);
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId',
    {
      access: PUBLIC,
      summary: 'An organisation (public)',
      tags: ['organisations'],
      params: OrgParam,
      responses: { 200: { description: 'OK', schema: OrganisationOut } },
    },
    async ({ params }) => svc.getOrganisation(db, params.organisationId),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/organisations/:organisationId',
    {
      access: orgAccess('organisationId', ORG_ADMINS, owner.organisation),
      summary: 'Change an organisation, including its member municipalities',
      tags: ['organisations'],
      params: OrgParam,
      body: OrganisationPatch,
      responses: { 200: { description: 'OK', schema: OrganisationOut } },
    },
    async ({ params, body }) => svc.updateOrganisation(db, params.organisationId, body),
  );
}

function registerVenueApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/venues',
    {
      access: PUBLIC,
      summary: "An organisation's venues (public)",
      tags: ['venues'],
      params: OrgParam,
      responses: { 200: { description: 'OK', schema: z.object({ items: z.array(VenueOut) }) } },
    },
    async ({ params }) => ({ items: await svc.listVenues(db, await existingOrganisation(deps, params.organisationId)) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/venues',
    {
      access: orgAccess('organisationId', ORG_STAFF, owner.organisation),
      summary: 'Add a venue',
      tags: ['venues'],
      params: OrgParam,
      body: VenueCreate,
      responses: { 201: { description: 'Created', schema: VenueOut } },
    },
    async ({ params, body, reply }) => reply.code(201).send(await svc.createVenue(db, params.organisationId, body)),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/venues/:venueId',
    {
      access: PUBLIC,
      summary: 'A venue (public)',
      tags: ['venues'],
      params: VenueParam,
      responses: { 200: { description: 'OK', schema: VenueOut } },
    },
    async ({ params }) => svc.getVenue(db, params.venueId),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/venues/:venueId',
    {
      access: orgAccess('venueId', ORG_STAFF, owner.venue),
      summary: 'Change a venue',
      tags: ['venues'],
      params: VenueParam,
      body: VenuePatch,
      responses: { 200: { description: 'OK', schema: VenueOut } },
    },
    async ({ params, body }) => svc.updateVenue(db, params.venueId, body),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/venues/:venueId',
    {
      access: orgAccess('venueId', ORG_STAFF, owner.venue),
      summary: 'Delete a venue no event or desk uses',
      tags: ['venues'],
      params: VenueParam,
      responses: { 204: { description: 'Deleted' } },
    },
    async ({ params, reply }) => {
      await svc.deleteVenue(db, params.venueId);
      return reply.code(204).send();
    },
  );
}

function registerAgreementApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/agreements',
    { access: PUBLIC, summary: "An organisation's agreements (protocolli d'intesa, public acts)", tags: ['agreements'], params: OrgParam },
    async ({ params }) => ({ items: await svc.listAgreements(db, await existingOrganisation(deps, params.organisationId)) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/agreements',
    {
      access: orgAccess('organisationId', ORG_ADMINS, owner.organisation),
      summary: 'Record an agreement with partner organisations',
      tags: ['agreements'],
      params: OrgParam,
      body: AgreementCreate,
      responses: { 201: { description: 'Created' } },
    },
    async ({ req, params, body, reply }) => reply.code(201).send(await svc.createAgreement(db, params.organisationId, body, userOf(req))),
  );

  apiRoute(
    app,
    'PUT',
    '/api/v1/agreements/:agreementId',
    {
      access: orgAccess('agreementId', ORG_ADMINS, owner.agreement),
      summary: 'Replace an agreement',
      tags: ['agreements'],
      params: AgreementParam,
      body: AgreementCreate,
    },
    async ({ req, params, body }) => svc.updateAgreement(db, params.agreementId, body, userOf(req)),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/agreements/:agreementId',
    {
      access: orgAccess('agreementId', ORG_ADMINS, owner.agreement),
      summary: 'Delete an agreement',
      tags: ['agreements'],
      params: AgreementParam,
      responses: { 204: { description: 'Deleted' } },
    },
    async ({ params, reply }) => {
      await svc.deleteAgreement(db, params.agreementId);
      return reply.code(204).send();
    },
  );
}

/**
 * Partnership requests and answers. The organisation in the path is the side that acts: the named
 * organisation accepts or declines, either side ends.
 */
function registerPartnershipApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/partnerships',
    {
      access: orgAccess('organisationId', ORG_STAFF, owner.organisation),
      summary: "An organisation's partnerships: requests it sent or received, accepted, declined and ended ones",
      tags: ['partnerships'],
      params: OrgParam,
      responses: { 200: { description: 'OK', schema: z.object({ items: z.array(svc.PartnershipOut) }) } },
    },
    async ({ req }) => ({ items: await svc.listPartnerships(db, req.targetOrganisationId!) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/partnerships',
    {
      access: orgAccess('organisationId', ORG_ADMINS, owner.organisation),
      summary:
        'Ask another organisation to be a partner. Its venues become usable only once it accepts; 409 when the two already have a partnership, accepted or waiting',
      tags: ['partnerships'],
      params: OrgParam,
      body: svc.PartnershipRequest,
      responses: { 201: { description: 'Requested', schema: svc.PartnershipOut } },
    },
    async ({ req, body, reply }) => reply.code(201).send(await svc.requestPartnership(db, req.targetOrganisationId!, body, userOf(req))),
  );

  for (const [action, summary] of [
    ['accept', 'Accept a partnership request (admins of the organisation it names)'],
    ['decline', 'Decline a partnership request (admins of the organisation it names)'],
    ['end', 'End a partnership, or withdraw a request still waiting (admins of either side)'],
  ] as const) {
    apiRoute(
      app,
      'POST',
      `/api/v1/organisations/:organisationId/partnerships/:partnershipId/${action}`,
      {
        access: orgAccess('partnershipId', ORG_ADMINS, owner.partnershipSide),
        summary,
        tags: ['partnerships'],
        params: PartnershipParam,
        responses: { 200: { description: 'OK', schema: svc.PartnershipOut } },
      },
      async ({ req, params }) => svc.actOnPartnership(db, params.partnershipId, req.targetOrganisationId!, action, userOf(req)),
    );
  }
}
