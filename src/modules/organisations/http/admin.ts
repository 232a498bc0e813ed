import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasRole, orgAccess, organisationsWith, PLATFORM, SIGNED_IN } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { ORG_ADMINS, ORG_FACILITATORS, ORG_MEMBERS, ORG_STAFF } from '../../../core/roles.js';
import { formAction, formPost, pageAndForm } from '../../../web/form-action.js';
import { type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { orgPage, type PathForm, routesOf } from '../../../web/page-routes.js';
import { PartnershipsPage } from '../partnerships-views.js';
import * as svc from '../service.js';
import {
  AdminHomePage,
  AgreementEditPage,
  AgreementsPage,
  NewOrganisationPage,
  OrganisationPage,
  VenueEditPage,
  VenuesPage,
} from '../views.js';
import { agreementInput, municipalityField, organisationFormValues, organisationInput, owners, userOf, venueInput } from './common.js';

type OrgForm = PathForm<'organisationId'>;
type VenueForm = PathForm<'venueId'>;
type AgreementForm = PathForm<'agreementId'>;

/** The back office: its home, an organisation's page, its venues, agreements and partnerships. */
export const organisationAdminRoutes: RoutePlugin = routesOf(
  registerHome,
  registerOrganisationPages,
  registerVenuePages,
  registerAgreementPages,
  registerPartnershipPages,
);

/** The organisations a person may choose from as partners: every other one. */
async function otherOrganisations(deps: Deps, organisationId: string, leaveOut: Set<string> = new Set()) {
  const all = await svc.listOrganisations(deps.db);
  return all.filter((o) => o.id !== organisationId && !leaveOut.has(o.id)).map((o) => ({ id: o.id, name: o.name }));
}

function registerHome(app: FastifyInstance, { db }: Deps): void {
  app.get('/admin', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const p = req.principal!;
    const orgs = await svc.listOrganisations(db, organisationsWith(p, ORG_MEMBERS));
    // "I miei servizi" for whoever may record facilitation services (when that module is there).
    const recordsServices =
      app.hasRoute({ method: 'GET', url: '/admin/facilitazioni' }) && (organisationsWith(p, ORG_FACILITATORS)?.length ?? 1) > 0;
    return sendPage(
      reply,
      AdminHomePage({ ctx: pageContext(req, reply), organisations: orgs, isPlatformAdmin: p.isPlatformAdmin, recordsServices }),
    );
  });
}

function registerOrganisationPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);

  app.get('/admin/organisations/new', { config: { access: PLATFORM } }, async (req, reply) =>
    sendPage(reply, NewOrganisationPage({ ctx: pageContext(req, reply) })),
  );

  app.post<{ Body: FormBody | undefined }>('/admin/organisations', { config: { access: PLATFORM } }, async (req, reply) => {
    const body = req.body ?? {};
    const values = {
      name: formText(body, 'name'),
      type: formText(body, 'type'),
      municipality: formText(body, 'municipality'),
      ipaCode: formText(body, 'ipaCode'),
    };
    return formAction(
      async () => {
        const code = await municipalityField(deps, values.municipality, 'municipality');
        const org = await svc.createOrganisation(db, { ...values, municipality: code });
        return reply.redirect(`/admin/organisations/${org.id}`, 303);
      },
      async (errors, status) => sendPage(reply, NewOrganisationPage({ ctx: pageContext(req, reply), errors, values }), status),
      req.lang,
    );
  });

  const organisationPage = orgPage(db, OrganisationPage, async (req, org) => {
    const canEdit = hasRole(req.principal, org.id, ORG_ADMINS);
    const pendingPartnerships = canEdit ? await svc.pendingRequestsFor(db, org.id) : 0;
    // Facilitators, volunteers and partners see only the sections their role opens.
    const isStaff = hasRole(req.principal, org.id, ORG_STAFF);
    return { organisation: org, canEdit, isStaff, pendingPartnerships };
  });

  app.get<{ Querystring: { saved?: string } }>(
    '/admin/organisations/:organisationId',
    { config: { access: orgAccess('organisationId', ORG_MEMBERS, owner.organisation) } },
    async (req, reply) => organisationPage(req, reply, { saved: req.query.saved === '1' }),
  );

  app.post<OrgForm>(
    '/admin/organisations/:organisationId',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, owner.organisation) } },
    async (req, reply) => {
      const body = req.body ?? {};
      return formAction(
        async () => {
          await svc.updateOrganisation(db, req.targetOrganisationId!, await organisationInput(deps, body));
          return reply.redirect(`/admin/organisations/${req.targetOrganisationId}?saved=1`, 303);
        },
        (errors, status) => organisationPage(req, reply, { errors, values: organisationFormValues(body) }, status),
        req.lang,
      );
    },
  );
}

function registerVenuePages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  const staffOfVenue = { config: { access: orgAccess('venueId', ORG_STAFF, owner.venue) } };

  const venuesPage = orgPage(db, VenuesPage, async (req, org) => ({
    organisation: org,
    venues: await svc.listVenues(db, org.id),
    canEdit: hasRole(req.principal, org.id, ORG_STAFF),
  }));

  pageAndForm<OrgForm>(
    app,
    '/admin/organisations/:organisationId/venues',
    {
      show: orgAccess('organisationId', ORG_MEMBERS, owner.organisation),
      send: orgAccess('organisationId', ORG_STAFF, owner.organisation),
    },
    venuesPage,
    async (req, body) => {
      const venue = await svc.createVenue(db, req.targetOrganisationId!, await venueInput(deps, body));
      return `/admin/venues/${venue.id}?created=1`;
    },
  );

  const venueEditPage = orgPage(db, VenueEditPage, async (req: FastifyRequest<{ Params: { venueId: string } }>, org) => ({
    organisation: org,
    venue: await svc.getVenue(db, req.params.venueId),
  }));

  app.get<{ Params: { venueId: string }; Querystring: { created?: string; saved?: string } }>(
    '/admin/venues/:venueId',
    staffOfVenue,
    async (req, reply) => {
      const q = req.query;
      return venueEditPage(req, reply, { notice: q.created === '1' ? 'created' : q.saved === '1' ? 'saved' : undefined });
    },
  );

  app.post<VenueForm>(
    '/admin/venues/:venueId',
    staffOfVenue,
    formPost<VenueForm>(venueEditPage, async (req, body) => {
      await svc.updateVenue(db, req.params.venueId, await venueInput(deps, body));
      return `/admin/venues/${req.params.venueId}?saved=1`;
    }),
  );

  app.post<VenueForm>('/admin/venues/:venueId/delete', staffOfVenue, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    return formAction(
      async () => {
        await svc.deleteVenue(db, req.params.venueId);
        return reply.redirect(`/admin/organisations/${orgId}/venues`, 303);
      },
      (errors, status) => venueEditPage(req, reply, { errors }, status),
      req.lang,
    );
  });
}

function registerAgreementPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  const adminsOfAgreement = { config: { access: orgAccess('agreementId', ORG_ADMINS, owner.agreement) } };
  const listUrl = (req: FastifyRequest) => `/admin/organisations/${req.targetOrganisationId}/agreements`;

  const agreementsPage = orgPage(db, AgreementsPage, async (req, org) => {
    const [agreements, partnerChoices] = await Promise.all([svc.listAgreements(db, org.id), otherOrganisations(deps, org.id)]);
    return { organisation: org, agreements, partnerChoices, canEdit: hasRole(req.principal, org.id, ORG_ADMINS) };
  });

  pageAndForm<OrgForm>(
    app,
    '/admin/organisations/:organisationId/agreements',
    {
      show: orgAccess('organisationId', ORG_MEMBERS, owner.organisation),
      send: orgAccess('organisationId', ORG_ADMINS, owner.organisation),
    },
    agreementsPage,
    async (req, body) => {
      await svc.createAgreement(db, req.targetOrganisationId!, agreementInput(body), userOf(req));
      return listUrl(req);
    },
  );

  const agreementEditPage = orgPage(db, AgreementEditPage, async (req: FastifyRequest<{ Params: { agreementId: string } }>, org) => ({
    organisation: org,
    agreement: await svc.getAgreement(db, req.params.agreementId),
    partnerChoices: await otherOrganisations(deps, org.id),
  }));

  pageAndForm<AgreementForm>(
    app,
    '/admin/agreements/:agreementId',
    { show: adminsOfAgreement.config.access, send: adminsOfAgreement.config.access },
    agreementEditPage,
    async (req, body) => {
      await svc.updateAgreement(db, req.params.agreementId, agreementInput(body), userOf(req));
      return listUrl(req);
    },
  );

  app.post<AgreementForm>('/admin/agreements/:agreementId/delete', adminsOfAgreement, async (req, reply) => {
    const url = listUrl(req);
    await svc.deleteAgreement(db, req.params.agreementId);
    return reply.redirect(url, 303);
  });
}

const DONE = ['requested', 'accepted', 'declined', 'ended'];
const DONE_OF = { accept: 'accepted', decline: 'declined', end: 'ended' } as const;

/** Partnership requests and answers in the back office; a refused action shows the page again with its reason. */
function registerPartnershipPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  const listUrl = (orgId: string | null | undefined) => `/admin/organisations/${orgId}/partnerships`;

  const page = orgPage(db, PartnershipsPage, async (req: FastifyRequest<{ Querystring: { done?: string } }>, org) => {
    const partnerships = await svc.listPartnerships(db, org.id);
    const live = new Set(
      partnerships.filter((p) => p.status === 'pending' || p.status === 'accepted').flatMap((p) => [p.organisation.id, p.partner.id]),
    );
    const done = req.query.done;
    return {
      organisation: org,
      partnerships,
      choices: await otherOrganisations(deps, org.id, live),
      canEdit: hasRole(req.principal, org.id, ORG_ADMINS),
      done: done && DONE.includes(done) ? done : undefined,
    };
  });

  app.get<{ Querystring: { done?: string } }>(
    '/admin/organisations/:organisationId/partnerships',
    { config: { access: orgAccess('organisationId', ORG_STAFF, owner.organisation) } },
    async (req, reply) => page(req, reply),
  );

  app.post<OrgForm & { Querystring: { done?: string } }>(
    '/admin/organisations/:organisationId/partnerships',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, owner.organisation) } },
    async (req, reply) => {
      const raw: Record<string, unknown> = req.body ?? {};
      const partner = typeof raw.partner === 'string' ? raw.partner.trim() : '';
      const orgId = req.targetOrganisationId!;
      return formAction(
        async () => {
          if (!partner) throw refuse(400, 'problem.invalid.body', undefined, [fieldError('partner', 'partnerships.check.partner.choose')]);
          await svc.requestPartnership(db, orgId, { partner }, userOf(req));
          return reply.redirect(`${listUrl(orgId)}?done=requested`, 303);
        },
        (errors, status) => page(req, reply, { errors, values: { partner } }, status),
        req.lang,
      );
    },
  );

  for (const action of ['accept', 'decline', 'end'] as const) {
    app.post<{ Params: { partnershipId: string }; Querystring: { done?: string } }>(
      `/admin/organisations/:organisationId/partnerships/:partnershipId/${action}`,
      { config: { access: orgAccess('partnershipId', ORG_ADMINS, owner.partnershipSide) } },
      async (req, reply) =>
        formAction(
          async () => {
            await svc.actOnPartnership(db, req.params.partnershipId, req.targetOrganisationId!, action, userOf(req));
            return reply.redirect(`${listUrl(req.targetOrganisationId)}?done=${DONE_OF[action]}`, 303);
          },
          (errors, status) => page(req, reply, { errors }, status),
          req.lang,
        ),
    );
  }
}
