import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { Problem } from '../../../core/problems.js';
import { errorsByField, type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import * as processes from '../processes/service.js';
import { ModerationListPage, ModerationPage } from '../proposals/admin-views.js';
import * as proposals from '../proposals/service.js';
import type { Choices } from './admin.js';
import { staffAccess } from './common.js';

type ProcessRoute = { Params: { processId: string }; Body: FormBody | undefined; Querystring: { fatto?: string } };
type ProposalRoute = { Params: { participationProposalId: string }; Body: FormBody | undefined; Querystring: { fatto?: string } };
type CommentRoute = { Params: { commentId: string }; Body: FormBody | undefined };

/** The staff's moderation: every proposal of a process, one with its answer and state, hiding proposals and comments. */
export function registerModeration(app: FastifyInstance, deps: Deps, choices: Choices): void {
  const { db } = deps;
  const access = staffAccess(deps);
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

  app.get<ProposalRoute>('/admin/proposals/:participationProposalId', { config: { access: access.proposal } }, async (req, reply) =>
    moderationPage(req, reply, req.params.participationProposalId, {
      notice: req.query.fatto === '1' ? t(req.lang, 'participation.admin.saved') : undefined,
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
        const params = req.params as { participationProposalId?: string; commentId?: string };
        const target = params.participationProposalId ?? (await proposals.proposalOfComment(db, params.commentId ?? ''));
        return moderationPage(req, reply, target ?? '', { errors }, err.status);
      }
      return reply.redirect(`/admin/proposals/${proposalId}?fatto=1`, 303);
    });
  const proposalIdOf = (req: FastifyRequest<ProposalRoute | CommentRoute>) =>
    (req.params as { participationProposalId: string }).participationProposalId;
  const commentIdOf = (req: FastifyRequest<ProposalRoute | CommentRoute>) => (req.params as { commentId: string }).commentId;

  moderate('/admin/proposals/:participationProposalId/risposta', access.proposal, async (req) => {
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
    '/admin/proposals/:participationProposalId/nascondi',
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
}
