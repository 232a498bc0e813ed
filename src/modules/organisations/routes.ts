import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole, orgAccess, organisationsWith, PLATFORM, PUBLIC, SIGNED_IN } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { Problem } from '../../core/problems.js';
import { ORG_ADMINS, ORG_FACILITATORS, ORG_MEMBERS, ORG_STAFF } from '../../core/roles.js';
import { errorsByField } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { registerPartnershipRoutes } from './partnership-routes.js';
import {
  AgreementCreate,
  MunicipalityQuery,
  OrganisationCreate,
  OrganisationOut,
  OrganisationPatch,
  VenueCreate,
  VenueOut,
  VenuePatch,
} from './schemas.js';
import * as svc from './service.js';
import {
  AdminHomePage,
  AgreementEditPage,
  AgreementsPage,
  NewOrganisationPage,
  OrganisationPage,
  VenueEditPage,
  VenuesPage,
} from './views.js';

const Id = z.object({ id: z.string() });
const OrgParam = z.object({ organisationId: z.string() });
const VenueParam = z.object({ venueId: z.string() });
const AgreementParam = z.object({ agreementId: z.string() });

type FormBody = Record<string, string | string[] | undefined>;

function str(body: FormBody, key: string): string {
  const v = body[key];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}
function list(body: FormBody, key: string): string[] {
  const v = body[key];
  return (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
}
function numberOrNull(value: string): number | string | null {
  const v = value.trim().replace(',', '.');
  if (v === '') return null;
  return Number.isNaN(Number(v)) ? v : Number(v);
}

/** Turns what a person typed for a comune into its ISTAT code, or a field error. */
async function municipalityField(deps: Deps, typed: string, field: string): Promise<string> {
  if (!typed.trim()) throw new Problem(400, 'Richiesta non valida', undefined, [{ field, message: 'indica il comune' }]);
  const found = await svc.resolveMunicipality(deps.db, typed);
  if ('code' in found) return found.code;
  const hint = found.candidates.length
    ? `forse intendevi: ${found.candidates.map((c) => `${c.name} (${c.provinceCode})`).join(', ')}`
    : 'comune non trovato: scrivi il nome del comune, ad esempio "Prato"';
  throw new Problem(400, 'Richiesta non valida', undefined, [{ field, message: hint }]);
}

async function venueInput(deps: Deps, body: FormBody) {
  return {
    name: str(body, 'name'),
    address: str(body, 'address'),
    municipality: await municipalityField(deps, str(body, 'municipality'), 'municipality'),
    capacity: numberOrNull(str(body, 'capacity')),
    latitude: numberOrNull(str(body, 'latitude')),
    longitude: numberOrNull(str(body, 'longitude')),
    stepFree: str(body, 'stepFree') === '1',
    accessibility: str(body, 'accessibility'),
    openingNotes: str(body, 'openingNotes'),
    nationalId: str(body, 'nationalId'),
    nationalName: str(body, 'nationalName'),
    postalCode: str(body, 'postalCode'),
  };
}

/** The organisation form as typed, to show it again with its errors. */
function organisationFormValues(body: FormBody): Record<string, string> {
  const keys = ['name', 'type', 'municipality', 'memberMunicipalities', 'description', 'website', 'email', 'ipaCode'];
  return Object.fromEntries(keys.map((k) => [k, str(body, k)]));
}

function agreementInput(body: FormBody) {
  return {
    title: str(body, 'title'),
    partners: list(body, 'partners'),
    start: str(body, 'start'),
    end: str(body, 'end') || null,
    commitments: str(body, 'commitments'),
    documentUrl: str(body, 'documentUrl'),
  };
}

/** Runs a form action; a 4xx Problem re-renders the form with the errors instead of an error page. */
async function formAction(
  _reply: FastifyReply,
  action: () => Promise<unknown>,
  rerender: (errors: Record<string, string>, status: number) => Promise<unknown>,
): Promise<unknown> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof Problem && err.status < 500) {
      const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
      return rerender(errors, err.status);
    }
    throw err;
  }
}

export async function registerOrganisationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db } = deps;
  const orgParam = (req: FastifyRequest) => svc.organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  const venueOwner = (req: FastifyRequest) => svc.organisationOfVenue(db, (req.params as { venueId?: string }).venueId);
  const agreementOwner = (req: FastifyRequest) => svc.organisationOfAgreement(db, (req.params as { agreementId?: string }).agreementId);

  // ---------------- API ----------------

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
      access: orgAccess('organisationId', ORG_ADMINS, orgParam),
      summary: 'Change an organisation, including its member municipalities',
      tags: ['organisations'],
      params: OrgParam,
      body: OrganisationPatch,
      responses: { 200: { description: 'OK', schema: OrganisationOut } },
    },
    async ({ params, body }) => svc.updateOrganisation(db, params.organisationId, body),
  );

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
    async ({ params }) => {
      const orgId = await svc.organisationIdIfExists(db, params.organisationId);
      if (!orgId) throw new Problem(404, 'Non trovato', 'Organizzazione non trovata.');
      return { items: await svc.listVenues(db, orgId) };
    },
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/venues',
    {
      access: orgAccess('organisationId', ORG_STAFF, orgParam),
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
      access: orgAccess('venueId', ORG_STAFF, venueOwner),
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
      access: orgAccess('venueId', ORG_STAFF, venueOwner),
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

  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/agreements',
    { access: PUBLIC, summary: "An organisation's agreements (protocolli d'intesa, public acts)", tags: ['agreements'], params: OrgParam },
    async ({ params }) => {
      const orgId = await svc.organisationIdIfExists(db, params.organisationId);
      if (!orgId) throw new Problem(404, 'Non trovato', 'Organizzazione non trovata.');
      return { items: await svc.listAgreements(db, orgId) };
    },
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/agreements',
    {
      access: orgAccess('organisationId', ORG_ADMINS, orgParam),
      summary: 'Record an agreement with partner organisations',
      tags: ['agreements'],
      params: OrgParam,
      body: AgreementCreate,
      responses: { 201: { description: 'Created' } },
    },
    async ({ req, params, body, reply }) =>
      reply.code(201).send(await svc.createAgreement(db, params.organisationId, body, req.principal?.userId ?? null)),
  );

  apiRoute(
    app,
    'PUT',
    '/api/v1/agreements/:agreementId',
    {
      access: orgAccess('agreementId', ORG_ADMINS, agreementOwner),
      summary: 'Replace an agreement',
      tags: ['agreements'],
      params: AgreementParam,
      body: AgreementCreate,
    },
    async ({ req, params, body }) => svc.updateAgreement(db, params.agreementId, body, req.principal?.userId ?? null),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/agreements/:agreementId',
    {
      access: orgAccess('agreementId', ORG_ADMINS, agreementOwner),
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

  // ---------------- back-office pages ----------------

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

  app.get('/admin/organisations/new', { config: { access: PLATFORM } }, async (req, reply) =>
    sendPage(reply, NewOrganisationPage({ ctx: pageContext(req, reply) })),
  );

  app.post('/admin/organisations', { config: { access: PLATFORM } }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const values = {
      name: str(body, 'name'),
      type: str(body, 'type'),
      municipality: str(body, 'municipality'),
      ipaCode: str(body, 'ipaCode'),
    };
    return formAction(
      reply,
      async () => {
        const code = await municipalityField(deps, values.municipality, 'municipality');
        const org = await svc.createOrganisation(db, { ...values, municipality: code });
        return reply.redirect(`/admin/organisations/${org.id}`, 303);
      },
      async (errors, status) => sendPage(reply, NewOrganisationPage({ ctx: pageContext(req, reply), errors, values }), status),
    );
  });

  async function organisationPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: Record<string, string>; saved?: boolean } = {},
    status = 200,
  ) {
    const org = await svc.getOrganisation(db, req.targetOrganisationId!);
    const canEdit = hasRole(req.principal, org.id, ORG_ADMINS);
    const pendingPartnerships = canEdit ? await svc.pendingRequestsFor(db, org.id) : 0;
    // Facilitators, volunteers and partners see only the sections their role opens.
    const isStaff = hasRole(req.principal, org.id, ORG_STAFF);
    return sendPage(
      reply,
      OrganisationPage({ ctx: pageContext(req, reply, org.name), organisation: org, canEdit, isStaff, pendingPartnerships, ...extra }),
      status,
    );
  }

  app.get(
    '/admin/organisations/:organisationId',
    { config: { access: orgAccess('organisationId', ORG_MEMBERS, orgParam) } },
    async (req, reply) => organisationPage(req, reply, { saved: (req.query as { saved?: string }).saved === '1' }),
  );

  app.post(
    '/admin/organisations/:organisationId',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, orgParam) } },
    async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      return formAction(
        reply,
        async () => {
          const members: string[] = [];
          const typedMembers = str(body, 'memberMunicipalities')
            .split(/[\n;]+/)
            .map((s) => s.trim())
            .filter(Boolean);
          for (const typed of typedMembers) members.push(await municipalityField(deps, typed, 'memberMunicipalities'));
          await svc.updateOrganisation(db, req.targetOrganisationId!, {
            name: str(body, 'name'),
            type: str(body, 'type'),
            municipality: await municipalityField(deps, str(body, 'municipality'), 'municipality'),
            description: str(body, 'description'),
            website: str(body, 'website'),
            email: str(body, 'email'),
            ipaCode: str(body, 'ipaCode'),
            memberMunicipalities: members,
          });
          return reply.redirect(`/admin/organisations/${req.targetOrganisationId}?saved=1`, 303);
        },
        (errors, status) => organisationPage(req, reply, { errors, values: organisationFormValues(body) }, status),
      );
    },
  );

  async function venuesPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: FormBody } = {},
    status = 200,
  ) {
    const org = await svc.getOrganisation(db, req.targetOrganisationId!);
    const venues = await svc.listVenues(db, org.id);
    return sendPage(
      reply,
      VenuesPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        venues,
        canEdit: hasRole(req.principal, org.id, ORG_STAFF),
        ...extra,
      }),
      status,
    );
  }

  app.get(
    '/admin/organisations/:organisationId/venues',
    { config: { access: orgAccess('organisationId', ORG_MEMBERS, orgParam) } },
    async (req, reply) => venuesPage(req, reply),
  );

  app.post(
    '/admin/organisations/:organisationId/venues',
    { config: { access: orgAccess('organisationId', ORG_STAFF, orgParam) } },
    async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      return formAction(
        reply,
        async () => {
          const venue = await svc.createVenue(db, req.targetOrganisationId!, await venueInput(deps, body));
          return reply.redirect(`/admin/venues/${venue.id}?created=1`, 303);
        },
        (errors, status) => venuesPage(req, reply, { errors, values: body }, status),
      );
    },
  );

  async function venueEditPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: FormBody; notice?: string } = {},
    status = 200,
  ) {
    const venue = await svc.getVenue(db, (req.params as { venueId: string }).venueId);
    const org = await svc.getOrganisation(db, venue.organisation);
    return sendPage(reply, VenueEditPage({ ctx: pageContext(req, reply, org.name), organisation: org, venue, ...extra }), status);
  }

  app.get('/admin/venues/:venueId', { config: { access: orgAccess('venueId', ORG_STAFF, venueOwner) } }, async (req, reply) => {
    const q = req.query as { created?: string; saved?: string };
    return venueEditPage(req, reply, { notice: q.created === '1' ? 'created' : q.saved === '1' ? 'saved' : undefined });
  });

  app.post('/admin/venues/:venueId', { config: { access: orgAccess('venueId', ORG_STAFF, venueOwner) } }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const venueId = (req.params as { venueId: string }).venueId;
    return formAction(
      reply,
      async () => {
        await svc.updateVenue(db, venueId, await venueInput(deps, body));
        return reply.redirect(`/admin/venues/${venueId}?saved=1`, 303);
      },
      (errors, status) => venueEditPage(req, reply, { errors, values: body }, status),
    );
  });

  app.post('/admin/venues/:venueId/delete', { config: { access: orgAccess('venueId', ORG_STAFF, venueOwner) } }, async (req, reply) => {
    const venueId = (req.params as { venueId: string }).venueId;
    const orgId = req.targetOrganisationId!;
    return formAction(
      reply,
      async () => {
        await svc.deleteVenue(db, venueId);
        return reply.redirect(`/admin/organisations/${orgId}/venues`, 303);
      },
      (errors, status) => venueEditPage(req, reply, { errors }, status),
    );
  });

  async function agreementsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: FormBody } = {},
    status = 200,
  ) {
    const org = await svc.getOrganisation(db, req.targetOrganisationId!);
    const [agreements, all] = await Promise.all([svc.listAgreements(db, org.id), svc.listOrganisations(db)]);
    return sendPage(
      reply,
      AgreementsPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        agreements,
        partnerChoices: all.filter((o) => o.id !== org.id).map((o) => ({ id: o.id, name: o.name })),
        canEdit: hasRole(req.principal, org.id, ORG_ADMINS),
        ...extra,
      }),
      status,
    );
  }

  app.get(
    '/admin/organisations/:organisationId/agreements',
    { config: { access: orgAccess('organisationId', ORG_MEMBERS, orgParam) } },
    async (req, reply) => agreementsPage(req, reply),
  );

  app.post(
    '/admin/organisations/:organisationId/agreements',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, orgParam) } },
    async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      return formAction(
        reply,
        async () => {
          await svc.createAgreement(db, req.targetOrganisationId!, agreementInput(body), req.principal?.userId ?? null);
          return reply.redirect(`/admin/organisations/${req.targetOrganisationId}/agreements`, 303);
        },
        (errors, status) => agreementsPage(req, reply, { errors, values: body }, status),
      );
    },
  );

  async function agreementEditPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: FormBody } = {},
    status = 200,
  ) {
    const agreement = await svc.getAgreement(db, (req.params as { agreementId: string }).agreementId);
    const org = await svc.getOrganisation(db, agreement.organisation);
    const all = await svc.listOrganisations(db);
    return sendPage(
      reply,
      AgreementEditPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        agreement,
        partnerChoices: all.filter((o) => o.id !== org.id).map((o) => ({ id: o.id, name: o.name })),
        ...extra,
      }),
      status,
    );
  }

  app.get(
    '/admin/agreements/:agreementId',
    { config: { access: orgAccess('agreementId', ORG_ADMINS, agreementOwner) } },
    async (req, reply) => agreementEditPage(req, reply),
  );

  app.post(
    '/admin/agreements/:agreementId',
    { config: { access: orgAccess('agreementId', ORG_ADMINS, agreementOwner) } },
    async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      const id = (req.params as { agreementId: string }).agreementId;
      return formAction(
        reply,
        async () => {
          await svc.updateAgreement(db, id, agreementInput(body), req.principal?.userId ?? null);
          return reply.redirect(`/admin/organisations/${req.targetOrganisationId}/agreements`, 303);
        },
        (errors, status) => agreementEditPage(req, reply, { errors, values: body }, status),
      );
    },
  );

  app.post(
    '/admin/agreements/:agreementId/delete',
    { config: { access: orgAccess('agreementId', ORG_ADMINS, agreementOwner) } },
    async (req, reply) => {
      const id = (req.params as { agreementId: string }).agreementId;
      const orgId = req.targetOrganisationId!;
      await svc.deleteAgreement(db, id);
      return reply.redirect(`/admin/organisations/${orgId}/agreements`, 303);
    },
  );

  registerPartnershipRoutes(app, deps);

  void Id;
}
