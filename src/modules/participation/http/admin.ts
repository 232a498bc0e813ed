import type { FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem } from '../../../core/problems.js';
import { formAction } from '../../../web/form-action.js';
import { errorsByField, type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getOrganisation } from '../../organisations/service.js';
import { AdminProcessListPage, ProcessFormPage } from '../processes/admin-views.js';
import type { ProcessView } from '../processes/schemas.js';
import * as processes from '../processes/service.js';
import { ModerationListPage, ModerationPage } from '../proposals/admin-views.js';
import * as proposals from '../proposals/service.js';
import { staffAccess } from './common.js';

type OrgRoute = { Params: { organisationId: string }; Body: FormBody | undefined };
type ProcessRoute = { Params: { processId: string }; Body: FormBody | undefined; Querystring: { fatto?: string } };
type ProposalRoute = { Params: { proposalId: string }; Body: FormBody | undefined; Querystring: { fatto?: string } };
type CommentRoute = { Params: { commentId: string }; Body: FormBody | undefined };

/** Every value of a repeated field, empty ones kept, so the rows of the phases stay aligned. */
const all = (body: FormBody, key: string): string[] => {
  const v = body[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => String(s).trim());
};

/** An empty list as no list: the service's default applies. */
const orUndefined = (list: string[]) => (list.length > 0 ? list : undefined);

/** The process form as the API's body; the phases' empty rows left out, the values aligned with them. */
function processInput(body: FormBody): { input: Record<string, unknown>; values: FormBody } {
  const names = all(body, 'phaseName');
  const descriptions = all(body, 'phaseDescription');
  const starts = all(body, 'phaseStart');
  const ends = all(body, 'phaseEnd');
  const rows = names.map((_, i) => i).filter((i) => names[i] || descriptions[i] || starts[i] || ends[i]);
  const number = (k: string) =>
    /^\d{1,7}$/.test(formText(body, k)) ? Number(formText(body, k)) : formText(body, k) === '' ? undefined : -1;
  const input = {
    title: formText(body, 'title'),
    description: formText(body, 'description'),
    status: formText(body, 'status') || 'draft',
    retentionDays: number('retentionDays'),
    supportThreshold: number('supportThreshold'),
    categories: orUndefined(
      formText(body, 'categories')
        .split('\n')
        .map((c) => c.trim())
        .filter(Boolean),
    ),
    municipalities: orUndefined(all(body, 'municipalities').filter(Boolean)),
    phases: rows.map((i) => ({ name: names[i], description: descriptions[i] || null, start: starts[i], end: ends[i] })),
  };
  const values: FormBody = {
    ...body,
    phaseName: rows.map((i) => names[i]),
    phaseDescription: rows.map((i) => descriptions[i] ?? ''),
    phaseStart: rows.map((i) => starts[i] ?? ''),
    phaseEnd: rows.map((i) => ends[i] ?? ''),
  };
  return { input, values };
}

/** The back office of participation: processes and their phases, the moderation of proposals and comments. */
export const participationAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = staffAccess(deps);

  const choices = async (organisationId: string) => {
    const org = await getOrganisation(db, organisationId);
    const list = [org.municipality, ...org.memberMunicipalities].filter(
      (m, i, a): m is NonNullable<typeof m> => !!m && a.findIndex((x) => x?.code === m.code) === i,
    );
    return { org: { id: org.id, name: org.name }, municipalities: list.map((m) => ({ code: m.code, name: m.name })) };
  };

  app.get<OrgRoute>(
    '/admin/organisations/:organisationId/partecipazione',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const { org } = await choices(req.targetOrganisationId!);
      const list = await processes.listProcesses(db, [org.id], ['draft', 'published', 'closed']);
      return sendPage(reply, AdminProcessListPage({ ctx: pageContext(req, reply, org.name), organisation: org, processes: list }));
    },
  );

  app.get<OrgRoute>(
    '/admin/organisations/:organisationId/partecipazione/nuovo',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const { org, municipalities } = await choices(req.targetOrganisationId!);
      const values = { municipalities: municipalities.map((m) => m.code), status: 'draft' };
      return sendPage(reply, ProcessFormPage({ ctx: pageContext(req, reply, org.name), organisation: org, municipalities, values }));
    },
  );

  app.post<OrgRoute>(
    '/admin/organisations/:organisationId/partecipazione',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const { org, municipalities } = await choices(req.targetOrganisationId!);
      const { input, values } = processInput(req.body ?? {});
      return formAction(
        async () => {
          const p = await processes.createProcess(db, req.principal, { ...input, organisation: org.id });
          return reply.redirect(`/admin/processes/${p.id}?fatto=1`, 303);
        },
        async (errors, status) =>
          sendPage(
            reply,
            ProcessFormPage({ ctx: pageContext(req, reply, org.name), organisation: org, municipalities, values, errors }),
            status,
          ),
        req.lang,
      );
    },
  );

  const processForm = async (
    req: FastifyRequest<ProcessRoute>,
    reply: FastifyReply,
    process: ProcessView,
    extra: Partial<Parameters<typeof ProcessFormPage>[0]> = {},
    status = 200,
  ) => {
    const { org, municipalities } = await choices(process.organisation);
    return sendPage(
      reply,
      ProcessFormPage({ ctx: pageContext(req, reply, org.name), organisation: org, municipalities, process, ...extra }),
      status,
    );
  };

  app.get<ProcessRoute>('/admin/processes/:processId', { config: { access: access.process } }, async (req, reply) =>
    processForm(req, reply, await processes.getProcess(db, req.params.processId), { saved: req.query.fatto === '1' }),
  );

  app.post<ProcessRoute>('/admin/processes/:processId', { config: { access: access.process } }, async (req, reply) => {
    const process = await processes.getProcess(db, req.params.processId);
    const { input, values } = processInput(req.body ?? {});
    return formAction(
      async () => {
        await processes.updateProcess(db, req.principal, process.id, input);
        return reply.redirect(`/admin/processes/${process.id}?fatto=1`, 303);
      },
      async (errors, status) => processForm(req, reply, process, { values, errors }, status),
      req.lang,
    );
  });

  app.get<ProcessRoute>('/admin/processes/:processId/proposte', { config: { access: access.process } }, async (req, reply) => {
    const process = await processes.getProcess(db, req.params.processId);
    const { org } = await choices(process.organisation);
    const list = await proposals.proposalsForStaff(db, process);
    return sendPage(reply, ModerationListPage({ ctx: pageContext(req, reply, org.name), organisation: org, process, proposals: list }));
  });

  const moderationPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    proposalId: string,
    extra: { errors?: Record<string, string>; notice?: string } = {},
    status = 200,
  ) => {
    const proposal = await proposals.getProposal(db, proposalId);
    const process = await processes.getProcess(db, proposal.process);
    const { org } = await choices(process.organisation);
    const others = (await proposals.proposalsForStaff(db, process)).filter((p) => p.status === 'published');
    const comments = await proposals.commentsOfProposal(db, proposal.id);
    return sendPage(
      reply,
      ModerationPage({ ctx: pageContext(req, reply, org.name), organisation: org, process, proposal, others, comments, ...extra }),
      status,
    );
  };

  app.get<ProposalRoute>('/admin/proposals/:proposalId', { config: { access: access.proposal } }, async (req, reply) =>
    moderationPage(req, reply, req.params.proposalId, {
      notice: req.query.fatto ? (req.query.fatto === '1' ? savedWord(req) : undefined) : undefined,
    }),
  );

  /** A moderation form: done → back to the proposal's page; refused → the page with the errors. */
  const moderate = (
    path: string,
    accessRule: typeof access.proposal,
    run: (req: FastifyRequest<ProposalRoute | CommentRoute>) => Promise<string>,
    errorField?: string,
  ) =>
    app.post<ProposalRoute | CommentRoute>(path, { config: { access: accessRule } }, async (req, reply) => {
      let proposalId: string;
      try {
        proposalId = await run(req);
      } catch (e) {
        if (!(e instanceof Problem) || e.status >= 500 || e.status === 404) throw e;
        const err = e.inLanguage(req.lang);
        const byField = errorsByField(err.errors);
        const message = Object.values(byField)[0] ?? err.detail ?? err.title;
        const errors = errorField ? { [errorField]: message } : err.errors?.length ? byField : { _: err.detail ?? err.title };
        const params = req.params as { proposalId?: string; commentId?: string };
        const target = params.proposalId ?? (await proposals.proposalOfComment(db, params.commentId ?? ''));
        return moderationPage(req, reply, target ?? '', { errors }, err.status);
      }
      return reply.redirect(`/admin/proposals/${proposalId}?fatto=1`, 303);
    });
  const proposalIdOf = (req: FastifyRequest<ProposalRoute | CommentRoute>) => (req.params as { proposalId: string }).proposalId;
  const commentIdOf = (req: FastifyRequest<ProposalRoute | CommentRoute>) => (req.params as { commentId: string }).commentId;

  moderate('/admin/proposals/:proposalId/risposta', access.proposal, async (req) => {
    const body = req.body ?? {};
    await proposals.answerProposal(db, req.principal, proposalIdOf(req), {
      state: formText(body, 'state') || null,
      reason: formText(body, 'reason') || null,
      mergedInto: formText(body, 'mergedInto') || null,
      answer: formText(body, 'answer') || null,
    });
    return proposalIdOf(req);
  });
  moderate(
    '/admin/proposals/:proposalId/nascondi',
    access.proposal,
    async (req) => {
      await proposals.hideProposal(db, req.principal, proposalIdOf(req), { reason: formText(req.body ?? {}, 'reason') });
      return proposalIdOf(req);
    },
    'hide',
  );
  moderate('/admin/comments/:commentId/nascondi', access.comment, async (req) => {
    await proposals.hideComment(db, req.principal, commentIdOf(req), { reason: formText(req.body ?? {}, 'reason') });
    return (await proposals.proposalOfComment(db, commentIdOf(req))) as string;
  });
};

const savedWord = (req: FastifyRequest) => t(req.lang, 'participation.admin.saved');
