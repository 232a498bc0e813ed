import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole, orgAccess, paramOf } from '../../core/access.js';
import { apiRouter } from '../../core/api.js';
import type { RoutePlugin } from '../../core/module.js';
import { ORG_ADMINS, ORG_STAFF } from '../../core/roles.js';
import { formAction } from '../../web/form-action.js';
import { type FormBody, formList, formText } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import {
  addCommitment,
  CommitmentCreate,
  CommitmentOut,
  commitmentsOf,
  organisationOfCommitment,
  removeCommitment,
} from './commitments.js';
import { CommitmentsPage } from './commitments-views.js';
import { owners, userOf } from './http/common.js';
import { getAgreement, listVenues } from './service.js';

type AgreementRoute = { Params: { agreementId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };
const AgreementParam = z.object({ agreementId: z.string() });
const CommitmentParam = z.object({ agreementId: z.string(), commitmentId: z.string() });

const count = (form: FormBody, key: string) => {
  const v = formText(form, key);
  return /^\d{1,6}$/.test(v) ? Number(v) : -1;
};

/** An agreement's commitments, promised against fulfilled: the API and the staff page. */
export const commitmentRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['agreements'] });

  const { db } = deps;
  const owner = owners(deps);
  const readers = orgAccess('agreementId', ORG_STAFF, owner.agreement);
  const editors = orgAccess('agreementId', ORG_ADMINS, owner.agreement);
  // The commitment must be one of the agreement the path names: another's is a 404.
  const commitmentOwner = async (req: FastifyRequest) => {
    const [a, c] = await Promise.all([owner.agreement(req), organisationOfCommitment(db, paramOf(req, 'commitmentId'))]);
    return a && a === c ? a : undefined;
  };

  api.get(
    '/api/v1/agreements/:agreementId/commitments',
    {
      access: readers,
      summary:
        "Each partner's commitments (venues, hours per period, volunteers) against what fulfilled them in the agreement's dates: events at the venues with the partner, shifts its volunteers were present at",
      params: AgreementParam,
      ok: z.object({ items: z.array(CommitmentOut) }),
    },
    async ({ params }) => ({ items: await commitmentsOf(db, params.agreementId) }),
  );

  api.post(
    '/api/v1/agreements/:agreementId/commitments',
    {
      access: editors,
      summary: "Record a partner's commitment: the partner named in the agreement, venues its own or the agreement owner's",
      params: AgreementParam,
      body: CommitmentCreate,
      created: { description: 'Recorded', schema: CommitmentOut },
    },
    async ({ req, params }) => addCommitment(db, userOf(req), params.agreementId, req.body),
  );

  api.delete(
    '/api/v1/agreements/:agreementId/commitments/:commitmentId',
    {
      access: orgAccess('commitmentId', ORG_ADMINS, commitmentOwner),
      summary: 'Remove a commitment',
      params: CommitmentParam,
      responses: { 204: { description: 'Removed', empty: true } },
    },
    async ({ req, params }) => {
      await removeCommitment(db, userOf(req), params.commitmentId);
    },
  );

  const page = async (req: FastifyRequest, reply: FastifyReply, agreementId: string, more: object, status = 200) => {
    const agreement = await getAgreement(db, agreementId);
    const [commitments, ownVenues, partnerVenues] = await Promise.all([
      commitmentsOf(db, agreementId),
      listVenues(db, agreement.organisation),
      Promise.all(agreement.partners.map((p) => listVenues(db, p.id))),
    ]);
    return sendPage(
      reply,
      CommitmentsPage({
        ctx: pageContext(req, reply),
        agreement: { id: agreement.id, title: agreement.title, organisation: agreement.organisation },
        commitments,
        partners: agreement.partners,
        venues: [...ownVenues, ...partnerVenues.flat()].map((v) => ({ id: v.id, name: v.name })),
        canEdit: hasRole(req.principal, agreement.organisation, ORG_ADMINS),
        ...more,
      }),
      status,
    );
  };

  app.get<AgreementRoute>('/admin/agreements/:agreementId/impegni', { config: { access: readers } }, async (req, reply) =>
    page(req, reply, req.params.agreementId, { saved: req.query.fatto === '1' }),
  );

  app.post<AgreementRoute>('/admin/agreements/:agreementId/impegni', { config: { access: editors } }, async (req, reply) => {
    const id = req.params.agreementId;
    const form = req.body ?? {};
    return formAction(
      async () => {
        await addCommitment(db, userOf(req), id, {
          partner: formText(form, 'partner'),
          venues: formList(form, 'venues'),
          hours: count(form, 'hours'),
          period: formText(form, 'period'),
          volunteers: count(form, 'volunteers'),
        });
        return reply.redirect(`/admin/agreements/${id}/impegni?fatto=1`, 303);
      },
      async (errors, status) => page(req, reply, id, { values: form, errors }, status === 400 ? 422 : status),
      req.lang,
    );
  });

  app.post<{ Params: { agreementId: string; commitmentId: string } }>(
    '/admin/agreements/:agreementId/impegni/:commitmentId/rimuovi',
    { config: { access: orgAccess('commitmentId', ORG_ADMINS, commitmentOwner) } },
    async (req, reply) => {
      await removeCommitment(db, userOf(req), req.params.commitmentId);
      return reply.redirect(`/admin/agreements/${req.params.agreementId}/impegni?fatto=1`, 303);
    },
  );
};
