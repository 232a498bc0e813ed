import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole, orgAccess } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { registerRenderedMail } from '../../core/mail.js';
import { Problem } from '../../core/problems.js';
import { ORG_ADMINS, ORG_STAFF } from '../../core/roles.js';
import { errorsByField } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { PARTNERSHIP_MAIL_JOB, renderRequestMail } from './partnership-mail.js';
import { PartnershipsPage } from './partnerships-views.js';
import * as svc from './service.js';

const OrgParam = z.object({ organisationId: z.string() });
const PartnershipParam = z.object({ organisationId: z.string(), partnershipId: z.string() });
const DONE = ['requested', 'accepted', 'declined', 'ended'];

/**
 * Partnership requests and answers, in the API and in the back office. The organisation in the path
 * is the side that acts: the named organisation accepts or declines, either side ends.
 */
export function registerPartnershipRoutes(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const orgParam = (req: FastifyRequest) => svc.organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  // The acting organisation, when it is one of the partnership's two sides (otherwise 404).
  const side = (req: FastifyRequest) => {
    const p = req.params as { organisationId?: string; partnershipId?: string };
    return svc.partnershipSide(db, p.partnershipId, p.organisationId);
  };
  const userOf = (req: FastifyRequest) => req.principal?.userId ?? null;
  registerRenderedMail<{ partnershipId: string }>(deps.jobs, deps.mailer, PARTNERSHIP_MAIL_JOB, (p) =>
    renderRequestMail(db, deps.config.baseUrl, p),
  );

  // ---------------- API ----------------

  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/partnerships',
    {
      access: orgAccess('organisationId', ORG_STAFF, orgParam),
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
      access: orgAccess('organisationId', ORG_ADMINS, orgParam),
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
        access: orgAccess('partnershipId', ORG_ADMINS, side),
        summary,
        tags: ['partnerships'],
        params: PartnershipParam,
        responses: { 200: { description: 'OK', schema: svc.PartnershipOut } },
      },
      async ({ req, params }) => act(req, params.partnershipId, action),
    );
  }

  function act(req: FastifyRequest, partnershipId: string, action: 'accept' | 'decline' | 'end') {
    const orgId = req.targetOrganisationId!;
    return action === 'end'
      ? svc.endPartnership(db, partnershipId, orgId, userOf(req))
      : svc.answerPartnership(db, partnershipId, orgId, action, userOf(req));
  }

  // ---------------- back office ----------------

  async function page(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: { partner?: string } } = {},
    status = 200,
  ) {
    const org = await svc.getOrganisation(db, req.targetOrganisationId!);
    const [partnerships, all] = await Promise.all([svc.listPartnerships(db, org.id), svc.listOrganisations(db)]);
    const live = new Set(
      partnerships.filter((p) => p.status === 'pending' || p.status === 'accepted').flatMap((p) => [p.organisation.id, p.partner.id]),
    );
    const done = (req.query as { done?: string }).done;
    return sendPage(
      reply,
      PartnershipsPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        partnerships,
        choices: all.filter((o) => o.id !== org.id && !live.has(o.id)).map((o) => ({ id: o.id, name: o.name })),
        canEdit: hasRole(req.principal, org.id, ORG_ADMINS),
        done: done && DONE.includes(done) ? done : undefined,
        ...extra,
      }),
      status,
    );
  }

  /** A refused action shows the page again with its reason (and the status), never an error page. */
  async function orPage(req: FastifyRequest, reply: FastifyReply, action: () => Promise<unknown>, values?: { partner?: string }) {
    try {
      return await action();
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
        return page(req, reply, { errors, values }, err.status);
      }
      throw err;
    }
  }

  app.get(
    '/admin/organisations/:organisationId/partnerships',
    { config: { access: orgAccess('organisationId', ORG_STAFF, orgParam) } },
    async (req, reply) => page(req, reply),
  );

  app.post(
    '/admin/organisations/:organisationId/partnerships',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, orgParam) } },
    async (req, reply) => {
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const partner = typeof raw.partner === 'string' ? raw.partner.trim() : '';
      const orgId = req.targetOrganisationId!;
      return orPage(
        req,
        reply,
        async () => {
          if (!partner)
            throw new Problem(400, 'Richiesta non valida', undefined, [{ field: 'partner', message: "scegli un'organizzazione" }]);
          await svc.requestPartnership(db, orgId, { partner }, userOf(req));
          return reply.redirect(`/admin/organisations/${orgId}/partnerships?done=requested`, 303);
        },
        { partner },
      );
    },
  );

  for (const action of ['accept', 'decline', 'end'] as const) {
    const done = action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'ended';
    app.post(
      `/admin/organisations/:organisationId/partnerships/:partnershipId/${action}`,
      { config: { access: orgAccess('partnershipId', ORG_ADMINS, side) } },
      async (req, reply) =>
        orPage(req, reply, async () => {
          await act(req, (req.params as { partnershipId: string }).partnershipId, action);
          return reply.redirect(`/admin/organisations/${req.targetOrganisationId}/partnerships?done=${done}`, 303);
        }),
    );
  }
}
