import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, SIGNED_IN } from '../../../../core/access.js';
import { t } from '../../../../core/i18n.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { type FieldError, fieldError, refuse } from '../../../../core/problems.js';
import { ORG_STAFF } from '../../../../core/roles.js';
import { localInstant } from '../../../../core/time.js';
import { formAction } from '../../../../web/form-action.js';
import { type FormBody, formList, formText, formTexts } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { orgPage } from '../../../../web/page-routes.js';
import * as svc from '../service.js';
import { ProposalPage, ProposalsPage, SESSION_ROWS } from '../views.js';
import { proposalAccess } from './common.js';

type OrgRoute = { Params: { organisationId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };
type ProposalRoute = { Params: { proposalId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/** The form's sessions (Rome day and times) as instants; a row half filled, or impossible, is a field error. */
function sessionsOf(form: FormBody): { start: string; end: string }[] {
  const sessions: { start: string; end: string }[] = [];
  const errors: FieldError[] = [];
  for (const n of SESSION_ROWS) {
    const [date, from, to] = [`date${n}`, `from${n}`, `to${n}`].map((k) => formText(form, k));
    if (n > 1 && !date && !from && !to) continue;
    const ok = DAY.test(date) && TIME.test(from) && TIME.test(to) && !Number.isNaN(Date.parse(`${date}T${from}:00Z`));
    if (!ok || !new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)) {
      errors.push(fieldError(`session${n}`, 'events.proposals.check.session'));
      continue;
    }
    sessions.push({ start: new Date(localInstant(date, from)).toISOString(), end: new Date(localInstant(date, to)).toISOString() });
  }
  if (errors.length > 0) throw refuse(422, 'events.proposals.error.invalid', undefined, errors);
  return sessions;
}

function fieldsOf(form: FormBody) {
  const capacity = formText(form, 'capacity');
  return {
    ...formTexts(form, ['venue', 'title', 'description']),
    audiences: formList(form, 'audiences'),
    capacity: /^\d{1,5}$/.test(capacity) ? Number(capacity) : 0,
    sessions: sessionsOf(form),
  };
}

/** A session's refusal from the schema ("sessions.0.end") shown beside the form's first session. */
function sessionField(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    const m = /^sessions\.(\d+)/.exec(k);
    out[m ? `session${Number(m[1]) + 1}` : k] ??= v;
  }
  return out;
}

/** The back office's pages of partners' proposals. */
export const proposalAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = proposalAccess(deps);

  const proposalsPage = orgPage(db, ProposalsPage, async (req, org) => {
    const [overview, choices, lists] = await Promise.all([
      svc.partnerOverview(db, org.id),
      svc.proposalChoices(db, org.id),
      svc.proposalsOfOrganisation(db, org.id),
    ]);
    return { overview, choices, canPropose: hasRole(req.principal, org.id, svc.PROPOSERS), ...lists };
  });

  app.get<OrgRoute>('/admin/organisations/:organisationId/proposte', { config: { access: access.members } }, async (req, reply) =>
    proposalsPage(req, reply, {
      notice: req.query.fatto === '1' ? t(req.lang, 'events.proposals.created') : undefined,
    }),
  );

  app.post<OrgRoute>('/admin/organisations/:organisationId/proposte', { config: { access: access.proposers } }, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    const form = req.body ?? {};
    return formAction(
      async () => {
        const created = await svc.propose(deps, req.principal, {
          partner: orgId,
          programme: formText(form, 'programme'),
          ...fieldsOf(form),
        });
        return reply.redirect(`/admin/proposte/${created.id}?fatto=inviata`, 303);
      },
      async (errors, status) => proposalsPage(req, reply, { values: form, errors: sessionField(errors) }, status === 400 ? 422 : status),
      req.lang,
    );
  });

  const proposalPage = async (req: FastifyRequest, reply: FastifyReply, id: string, more: object, status = 200) => {
    const proposal = await svc.getProposal(db, req.principal, id);
    const canEdit = hasRole(req.principal, proposal.partner.id, svc.PROPOSERS);
    const canDecide = hasRole(req.principal, proposal.organisation.id, ORG_STAFF);
    const choices = canEdit ? await svc.proposalChoices(db, proposal.partner.id) : { programmes: [], venues: [] };
    const home = canDecide ? proposal.organisation.id : proposal.partner.id;
    return sendPage(
      reply,
      ProposalPage({
        ctx: pageContext(req, reply),
        proposal,
        canEdit,
        canDecide,
        back: `/admin/organisations/${home}/proposte`,
        choices,
        values: canEdit ? valuesOf(proposal) : {},
        ...more,
      }),
      status,
    );
  };

  const notices: Record<string, string> = { inviata: 'created', corretta: 'resubmitted', decisa: 'decided' };
  app.get<ProposalRoute>('/admin/proposte/:proposalId', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const key = notices[req.query.fatto ?? ''];
    return proposalPage(req, reply, req.params.proposalId, { notice: key ? t(req.lang, `events.proposals.${key}`) : undefined });
  });

  app.post<ProposalRoute>('/admin/proposte/:proposalId', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const id = req.params.proposalId;
    const form = req.body ?? {};
    // Someone who is neither side is told the proposal does not exist, before any field is read.
    await svc.getProposal(db, req.principal, id);
    return formAction(
      async () => {
        await svc.resubmit(deps, req.principal, id, fieldsOf(form));
        return reply.redirect(`/admin/proposte/${id}?fatto=corretta`, 303);
      },
      async (errors, status) => proposalPage(req, reply, id, { values: form, errors: sessionField(errors) }, status === 400 ? 422 : status),
      req.lang,
    );
  });

  app.post<ProposalRoute>('/admin/proposte/:proposalId/decisione', { config: { access: access.decide } }, async (req, reply) => {
    const id = req.params.proposalId;
    const form = req.body ?? {};
    const action = formText(form, 'action');
    return formAction(
      async () => {
        if (action !== 'approve' && action !== 'return' && action !== 'decline') throw refuse(422, 'events.proposals.error.invalid');
        await svc.decide(deps, req.principal, id, action, formText(form, 'comment'));
        return reply.redirect(`/admin/proposte/${id}?fatto=decisa`, 303);
      },
      async (errors, status) => proposalPage(req, reply, id, { values: form, errors }, status === 400 ? 422 : status),
      req.lang,
    );
  });
};

/** A proposal's fields as the form shows them (Rome days and times). */
function valuesOf(p: svc.ProposalViewOf): FormBody {
  const v: FormBody = {
    venue: p.venue.id,
    title: p.title,
    description: p.description ?? '',
    audiences: p.audiences,
    capacity: String(p.capacity),
  };
  p.sessions.slice(0, SESSION_ROWS.length).forEach((s, i) => {
    const rome = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Rome' });
    v[`date${i + 1}`] = rome(s.start).slice(0, 10);
    v[`from${i + 1}`] = rome(s.start).slice(11, 16);
    v[`to${i + 1}`] = rome(s.end).slice(11, 16);
  });
  return v;
}
