import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../../core/access.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem } from '../../../core/problems.js';
import { publicWriteConfig } from '../../../core/public-writes.js';
import { type Errors, type FormBody, formText } from '../../../web/forms.js';
import { formlessPageContext, pageContext, sendPage } from '../../../web/layout.js';
import { PageCache } from '../../../web/page-cache.js';
import { getOrganisation, listOrganisations, municipalitiesByCodes } from '../../organisations/service.js';
import type { ProcessView } from '../processes/schemas.js';
import { processSections } from '../processes/sections.js';
import * as processes from '../processes/service.js';
import { ProcessListPage, ProcessPage } from '../processes/views.js';
import { ProposalQuery } from '../proposals/schemas.js';
import { addProposalSection } from '../proposals/section.js';
import * as proposals from '../proposals/service.js';
import { CheckMailPage, ProposalDetailPage, ProposalListPage } from '../proposals/views.js';
import { registerConfirmationPages } from './confirm-pages.js';
import { registerProposalForm } from './proposal-form.js';

type ProcessRoute = { Params: { processId: string } };
type ProposalRoute = { Params: { participationProposalId: string }; Body: FormBody | undefined };

/** The public pages of participatory processes (`/partecipa`): processes, proposals, confirmations. */
export const participationPublicRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  addProposalSection();
  // The list has no form that writes (its filters are a GET): the same for every visitor who is
  // not signed in, and a count of supports a few seconds old is harmless (web/page-cache.ts).
  const listCache = new PageCache();

  const names = async (p: ProcessView) => new Map([...(await municipalitiesByCodes(db, p.municipalities))].map(([c, m]) => [c, m.name]));

  app.get<{ Querystring: { organizzazione?: string } }>('/partecipa', { config: { access: PUBLIC } }, async (req, reply) => {
    const only = typeof req.query.organizzazione === 'string' && req.query.organizzazione ? req.query.organizzazione : undefined;
    const list = await processes.listProcesses(db, only ? [only] : null);
    const orgs = await listOrganisations(
      db,
      [...new Set([...list.map((p) => p.organisation), ...(only ? [only] : [])])].filter((id) => /^[0-9a-f-]{36}$/.test(id)),
    );
    const organisations = new Map(orgs.map((o) => [o.id, o.name]));
    return sendPage(
      reply,
      ProcessListPage({
        ctx: pageContext(req, reply),
        processes: list,
        organisations,
        organisation: only && organisations.has(only) ? only : undefined,
      }),
    );
  });

  app.get<ProcessRoute>('/partecipa/processi/:processId', { config: { access: PUBLIC } }, async (req, reply) => {
    const process = await processes.getPublicProcess(db, req.params.processId);
    const org = await getOrganisation(db, process.organisation);
    const comuni = [...(await names(process)).values()];
    const sections = await processSections(deps, process, req.lang);
    return sendPage(
      reply,
      ProcessPage({ ctx: pageContext(req, reply, org.name), process, organisation: org.name, municipalities: comuni, sections }),
    );
  });

  app.get<ProcessRoute & { Querystring: Record<string, string> }>(
    '/partecipa/processi/:processId/proposte',
    { config: { access: PUBLIC } },
    async (req, reply) => {
      const cached = listCache.serve(req, reply);
      if (cached) return cached;
      const process = await processes.getPublicProcess(db, req.params.processId);
      // A filter the list does not know is dropped, not refused: the page still answers.
      const parsed = ProposalQuery.safeParse(req.query);
      const filter = parsed.success ? parsed.data : {};
      const list = await proposals.listPublicProposals(db, process, filter);
      const page = ProposalListPage({ ctx: formlessPageContext(req, reply), process, names: await names(process), filter, list });
      return listCache.keepAndSend(req, reply, page);
    },
  );

  registerProposalForm(app, deps, names);

  const proposalPage = async (
    req: FastifyRequest<ProposalRoute>,
    reply: FastifyReply,
    form?: Parameters<typeof ProposalDetailPage>[0]['form'],
    status = 200,
  ) => {
    const { proposal, process } = await proposals.getPublicProposal(db, req.params.participationProposalId);
    const comments = await proposals.commentsOfProposal(db, proposal.id);
    const titles = await proposals.proposalTitles(db, proposal.mergedInto ? [proposal.mergedInto] : []);
    return sendPage(
      reply,
      ProposalDetailPage({ ctx: pageContext(req, reply), process, proposal, names: await names(process), titles, comments, form }),
      status,
    );
  };

  app.get<ProposalRoute>('/partecipa/proposte/:participationProposalId', { config: { access: PUBLIC } }, (req, reply) =>
    proposalPage(req, reply),
  );

  app.get<ProposalRoute>('/partecipa/proposte/:participationProposalId/immagine', { config: { access: PUBLIC } }, async (req, reply) => {
    const img = await proposals.proposalImage(db, req.params.participationProposalId);
    return reply.type(img.mime).header('cache-control', 'public, max-age=3600').send(img.data);
  });

  /** A form of the proposal's page: done → "check your e-mail" (202); refused → the page again with the errors. */
  const proposalForm = (
    path: string,
    which: 'support' | 'comment',
    run: (req: FastifyRequest<ProposalRoute>, body: FormBody) => Promise<unknown>,
  ) =>
    app.post<ProposalRoute>(path, { config: publicWriteConfig(deps) }, async (req, reply) => {
      const body = req.body ?? {};
      try {
        await run(req, body);
      } catch (e) {
        if (!(e instanceof Problem) || e.status >= 500 || e.status === 404) throw e;
        const err = e.inLanguage(req.lang);
        const errors: Errors = err.errors?.length
          ? Object.fromEntries(err.errors.map((x) => [x.field, x.message]))
          : { _: err.detail ?? err.title };
        const parent = which === 'comment' ? formText(body, 'parent') || undefined : undefined;
        return proposalPage(req, reply, { which, parent, values: body, errors }, err.status);
      }
      const { process } = await proposals.getPublicProposal(db, req.params.participationProposalId);
      return sendPage(
        reply,
        CheckMailPage({
          ctx: pageContext(req, reply),
          process,
          what: which,
          back: `/partecipa/proposte/${req.params.participationProposalId}`,
        }),
        202,
      );
    });
  proposalForm('/partecipa/proposte/:participationProposalId/sostegni', 'support', (req, body) =>
    proposals.requestSupport(
      deps,
      req.params.participationProposalId,
      { email: formText(body, 'email'), website: formText(body, 'website') },
      req.lang,
    ),
  );
  proposalForm('/partecipa/proposte/:participationProposalId/commenti', 'comment', (req, body) =>
    proposals.submitComment(
      deps,
      req.params.participationProposalId,
      {
        body: formText(body, 'body'),
        email: formText(body, 'email'),
        name: formText(body, 'name') || null,
        parent: formText(body, 'parent') || null,
        website: formText(body, 'website'),
      },
      req.lang,
    ),
  );

  registerConfirmationPages(app, deps);
};
