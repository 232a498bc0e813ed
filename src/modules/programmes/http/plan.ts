import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, PUBLIC } from '../../../core/access.js';
import { apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_MEMBERS, ORG_STAFF } from '../../../core/roles.js';
import type { Db } from '../../../db/index.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { organisationEvents } from '../../events/service.js';
import { PlanAdminPage, type PlanNotice } from '../plan/admin-views.js';
import { PlanItemEditPage } from '../plan/edit-views.js';
import { PlanEditInput, PlanItemInput, PlanItemOut, PlanItemParams, PlanOut, UsersTargetsOut } from '../plan/schemas.js';
import * as plan from '../plan/service.js';
import { usersTargets } from '../plan/users.js';
import { ProgrammePublicPage } from '../plan/views.js';
import { ProgrammeParam } from '../schemas.js';
import * as svc from '../service.js';
import { programmeAccess } from './owners.js';

type PlanView = { Params: { programmeId: string }; Querystring: { esito?: string } };
type PlanForm = { Params: { programmeId: string }; Body: FormBody | undefined };

type ItemView = { Params: { programmeId: string; planItemId: string } };
type ItemForm = { Params: { programmeId: string; planItemId: string }; Body: FormBody | undefined };

const NOTICES: readonly PlanNotice[] = ['added', 'linked', 'removed', 'edited'];

/** A programme's plan of courses: its public page, the staff's page to edit it, and the API. */
export const programmePlanRoutes: RoutePlugin = async (app, deps) => {
  registerPublicPage(app, deps);
  registerAdminPage(app, deps);
  registerEditPage(app, deps);
  registerApi(app, deps);
};

function registerPublicPage(app: FastifyInstance, { db }: Deps): void {
  app.get<{ Params: { programmeId: string } }>('/programmi/:programmeId', { config: { access: PUBLIC } }, async (req, reply) => {
    const programme = await svc.getProgramme(db, req.params.programmeId, null);
    const [items, users] = await Promise.all([plan.getPlan(db, programme.id), usersTargets(db, programme)]);
    return sendPage(reply, ProgrammePublicPage({ ctx: pageContext(req, reply), programme, plan: items, users }));
  });
}

/** The organisation's events, upcoming first, that a course can be linked to. */
async function linkableEvents(db: Db, organisationId: string) {
  const { upcoming, past } = await organisationEvents(db, organisationId, 100);
  return [...upcoming, ...past].filter((e) => e.status !== 'cancelled');
}

async function planPage(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  extra: { notice?: PlanNotice; values?: FormBody; errors?: Errors } = {},
  status = 200,
) {
  const programme = await svc.getProgramme(db, (req.params as { programmeId: string }).programmeId, req.principal ?? null);
  const [items, events, users] = await Promise.all([
    plan.getPlan(db, programme.id),
    linkableEvents(db, programme.organisation.id),
    usersTargets(db, programme),
  ]);
  return sendPage(
    reply,
    PlanAdminPage({
      ctx: pageContext(req, reply, programme.organisation.name),
      programme,
      plan: items,
      events,
      canEdit: hasRole(req.principal, programme.organisation.id, ORG_STAFF),
      users,
      ...extra,
    }),
    status,
  );
}

/** One form action: add a course, link one to its event, or take one out. */
async function planAction(db: Db, req: FastifyRequest<PlanForm>): Promise<PlanNotice> {
  const body = req.body ?? {};
  const id = req.params.programmeId;
  const action = str(body, 'action');
  if (action === 'remove') {
    await plan.removePlanItem(db, req.principal, id, str(body, 'item'));
    return 'removed';
  }
  if (action === 'link') {
    await plan.linkPlanItem(db, req.principal, id, str(body, 'item'), { eventId: str(body, 'eventId') });
    return 'linked';
  }
  await plan.addPlanItem(db, req.principal, id, {
    title: str(body, 'title'),
    audience: str(body, 'audience'),
    description: str(body, 'description'),
    expected: str(body, 'expected'),
    expectedMonth: str(body, 'expectedMonth'),
    eventId: str(body, 'eventId'),
  });
  return 'added';
}

function registerAdminPage(app: FastifyInstance, { db }: Deps): void {
  app.get<PlanView>(
    '/admin/programmes/:programmeId/piano',
    { config: { access: programmeAccess(db, ORG_MEMBERS) } },
    async (req, reply) => {
      const notice = NOTICES.find((n) => n === req.query.esito);
      return planPage(db, req, reply, { notice });
    },
  );

  app.post<PlanForm>('/admin/programmes/:programmeId/piano', { config: { access: programmeAccess(db, ORG_STAFF) } }, async (req, reply) =>
    formAction(
      async () => {
        const notice = await planAction(db, req);
        return reply.redirect(`/admin/programmes/${req.params.programmeId}/piano?esito=${notice}`, 303);
      },
      (errors, status, problem) => {
        const adding = str(req.body ?? {}, 'action') === 'add';
        // A refused link or removal is about a row of the table, not a field of the add form: it shows as the page's problem.
        const shown = adding ? errors : { _: problem.detail ?? problem.title };
        return planPage(db, req, reply, { errors: shown, values: adding ? req.body : {} }, status);
      },
      req.lang,
    ),
  );
}

/** One course's page to change its words, prefilled; a refused form comes back with the errors next to the fields. */
function registerEditPage(app: FastifyInstance, { db }: Deps): void {
  const access = { access: programmeAccess(db, ORG_STAFF) };
  const page = async (
    req: FastifyRequest<ItemView>,
    reply: FastifyReply,
    extra: { values?: FormBody; errors?: Errors } = {},
    status = 200,
  ) => {
    const programme = await svc.getProgramme(db, req.params.programmeId, req.principal ?? null);
    const item = await plan.getPlanItem(db, programme.id, req.params.planItemId);
    return sendPage(
      reply,
      PlanItemEditPage({ ctx: pageContext(req, reply, programme.organisation.name), programme, item, ...extra }),
      status,
    );
  };
  app.get<ItemView>('/admin/programmes/:programmeId/piano/:planItemId', { config: access }, async (req, reply) => page(req, reply));
  app.post<ItemForm>('/admin/programmes/:programmeId/piano/:planItemId', { config: access }, async (req, reply) =>
    formAction(
      async () => {
        const body = req.body ?? {};
        await plan.editPlanItem(db, req.principal, req.params.programmeId, req.params.planItemId, {
          title: str(body, 'title'),
          audience: str(body, 'audience'),
          description: str(body, 'description'),
          expected: str(body, 'expected'),
          expectedMonth: str(body, 'expectedMonth'),
        });
        return reply.redirect(`/admin/programmes/${req.params.programmeId}/piano?esito=edited`, 303);
      },
      (errors, status) => page(req, reply, { errors, values: req.body ?? {} }, status),
      req.lang,
    ),
  );
}

function registerApi(app: FastifyInstance, { db }: Deps): void {
  const api = apiRouter(app, { tags: ['programmes'] });

  const programmeRoutes = api.under('/api/v1/programmes/:programmeId', { access: PUBLIC, params: ProgrammeParam });
  programmeRoutes.get(
    '/plan',
    { summary: "A programme's plan of courses by audience, with the published dates of those scheduled (public)", ok: PlanOut },
    async ({ params }) => ({ items: await plan.getPlan(db, params.programmeId) }),
  );

  programmeRoutes.get(
    '/targets/users',
    {
      summary:
        "A programme's users targets with what each counts today: citizens facilitated, people who attended its events, people who took the skills self-assessment, each once within its source (public: counts only)",
      ok: UsersTargetsOut,
    },
    async ({ params }) => ({ targets: await usersTargets(db, await svc.getProgramme(db, params.programmeId, null)) }),
  );

  api.post(
    '/api/v1/programmes/:programmeId/plan',
    {
      access: programmeAccess(db, ORG_STAFF),
      summary: "Add a course to a programme's plan, optionally linked to the event it became (staff of the owner)",
      params: ProgrammeParam,
      body: PlanItemInput,
      created: PlanItemOut,
      responses: { 422: { description: 'Unknown event, or the plan is full' } },
    },
    async ({ req, params, body }) => plan.addPlanItem(db, req.principal, params.programmeId, body),
  );

  api.patch(
    '/api/v1/programmes/:programmeId/plan/:planItemId',
    {
      access: programmeAccess(db, ORG_STAFF),
      summary: "Change a planned course's title, audience, description or expected period (staff of the owner)",
      params: PlanItemParams,
      body: PlanEditInput,
      ok: PlanItemOut,
      responses: { 404: { description: 'No such course in this programme' } },
    },
    async ({ req, params, body }) => plan.editPlanItem(db, req.principal, params.programmeId, params.planItemId, body),
  );
}
