import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../../core/module.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { orgPage } from '../../../web/page-routes.js';
import { getOrganisation } from '../../organisations/service.js';
import { AdminProcessListPage, ProcessFormPage } from '../processes/admin-views.js';
import type { ProcessView } from '../processes/schemas.js';
import * as processes from '../processes/service.js';
import { staffAccess } from './common.js';
import { registerModeration } from './moderation.js';

type OrgRoute = { Params: { organisationId: string }; Body: FormBody | undefined };
type ProcessRoute = { Params: { processId: string }; Body: FormBody | undefined; Querystring: { fatto?: string } };

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

/** The organisation's name and the comuni staff may choose for a process. */
export type Choices = (
  organisationId: string,
) => Promise<{ org: { id: string; name: string }; municipalities: { code: string; name: string }[] }>;

/** The back office of participation: processes and their phases, the moderation of proposals and comments. */
export const participationAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = staffAccess(deps);

  const choices: Choices = async (organisationId: string) => {
    const org = await getOrganisation(db, organisationId);
    const list = [org.municipality, ...org.memberMunicipalities].filter(
      (m, i, a): m is NonNullable<typeof m> => !!m && a.findIndex((x) => x?.code === m.code) === i,
    );
    return { org: { id: org.id, name: org.name }, municipalities: list.map((m) => ({ code: m.code, name: m.name })) };
  };

  const listPage = orgPage(db, AdminProcessListPage, async (_req, org) => ({
    processes: await processes.listProcesses(db, [org.id], ['draft', 'published', 'closed']),
  }));
  app.get<OrgRoute>(
    '/admin/organisations/:organisationId/partecipazione',
    { config: { access: access.organisation } },
    async (req, reply) => listPage(req, reply),
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

  registerModeration(app, deps, choices);
};
