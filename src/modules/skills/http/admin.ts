import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, orgAccess } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import type { Problem } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { formAction } from '../../../web/form-action.js';
import type { Errors, FormBody } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getOrganisation } from '../../organisations/service.js';
import * as svc from '../service.js';
import { AdminPage, ItemPage, type ItemValues, VersionPage } from '../views/admin.js';
import { owners, type Query, q, str } from './common.js';

type OrgRoute = { Params: { organisationId: string } };
type VersionRoute = { Params: { versionId: string }; Querystring: Query; Body: FormBody };
type ItemRoute = { Params: { itemId: string }; Body: FormBody };

/** The problem of the whole form, with what it lists (a draft's publishing problems). */
const whole = (p: Problem): Errors => ({ _: [p.detail ?? p.title, ...(p.errors ?? []).map((e) => e.message)].join(' ') });

/** What the item form sends, as the service takes it. */
function itemInput(body: FormBody) {
  const lines = (key: string) =>
    str(body, key)
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  const correct = str(body, 'correct');
  return {
    competence: str(body, 'competence'),
    level: str(body, 'level'),
    kind: str(body, 'kind'),
    textIt: str(body, 'textIt'),
    textEn: str(body, 'textEn'),
    options: lines('options'),
    optionsEn: lines('optionsEn'),
    correct: /^\d+$/.test(correct) ? Number(correct) - 1 : undefined,
    short: str(body, 'short') === '1',
  };
}

/** What the item form sends, to show it again. */
function formValues(body: FormBody): ItemValues {
  const text = (key: keyof ItemValues) => str(body, key);
  return {
    competence: text('competence'),
    level: text('level'),
    kind: text('kind'),
    textIt: text('textIt'),
    textEn: text('textEn'),
    options: text('options'),
    optionsEn: text('optionsEn'),
    correct: text('correct'),
    short: text('short') === '1',
  };
}

async function adminPage(deps: Deps, req: FastifyRequest, reply: FastifyReply, errors?: Errors, status = 200) {
  const { db } = deps;
  const orgId = req.targetOrganisationId as string;
  const org = await getOrganisation(db, orgId);
  const overview = await svc.bankOverview(db, orgId);
  const [stats, aggregates, change] = await Promise.all([
    svc.itemStatistics(db, overview.inUse.id),
    svc.aggregates(db, orgId, req.lang),
    svc.beforeAfter(db, orgId),
  ]);
  return sendPage(
    reply,
    AdminPage({
      ctx: pageContext(req, reply, org.name),
      organisation: org,
      overview,
      stats,
      aggregates,
      change,
      canEdit: hasRole(req.principal, orgId, ORG_STAFF),
      errors,
    }),
    status,
  );
}

async function versionPage(
  deps: Deps,
  req: FastifyRequest<VersionRoute>,
  reply: FastifyReply,
  extra: { errors?: Errors; values?: ItemValues; notice?: 'published' } = {},
  status = 200,
) {
  const version = await svc.getVersion(deps.db, req.params.versionId);
  const org = await getOrganisation(deps.db, req.targetOrganisationId as string);
  const stats = await svc.itemStatistics(deps.db, version.id);
  return sendPage(reply, VersionPage({ ctx: pageContext(req, reply, org.name), organisation: org, version, stats, ...extra }), status);
}

async function itemPage(
  deps: Deps,
  req: FastifyRequest<ItemRoute>,
  reply: FastifyReply,
  extra: { errors?: Errors; values?: ItemValues } = {},
  status = 200,
) {
  const { item, version } = await svc.getItem(deps.db, req.params.itemId);
  const org = await getOrganisation(deps.db, req.targetOrganisationId as string);
  return sendPage(reply, ItemPage({ ctx: pageContext(req, reply, org.name), organisation: org, version, item, ...extra }), status);
}

/** The back office of an organisation's item bank: results, versions of the questions, items. */
export async function registerSkillsAdmin(app: FastifyInstance, deps: Deps): Promise<void> {
  registerBankPages(app, deps);
  registerVersionPages(app, deps);
  registerItemPages(app, deps);
}

function registerBankPages(app: FastifyInstance, deps: Deps): void {
  const staffOrg = { config: { access: orgAccess('organisationId', ORG_STAFF, owners(deps).organisation) } };
  app.get<OrgRoute>('/admin/organisations/:organisationId/competenze', staffOrg, async (req, reply) => adminPage(deps, req, reply));

  app.post<OrgRoute>('/admin/organisations/:organisationId/competenze/bozza', staffOrg, async (req, reply) =>
    formAction(
      async () => {
        const draft = await svc.createDraft(deps.db, req.targetOrganisationId as string, req.principal);
        return reply.redirect(`/admin/skill-versions/${draft.id}`, 303);
      },
      async (_errors, status, problem) => {
        if (status === 409) return adminPage(deps, req, reply, whole(problem), 409);
        throw problem;
      },
      req.lang,
    ),
  );
}

function registerVersionPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const staffVersion = { config: { access: orgAccess('versionId', ORG_STAFF, owners(deps).version) } };
  app.get<VersionRoute>('/admin/skill-versions/:versionId', staffVersion, async (req, reply) =>
    versionPage(deps, req, reply, { notice: q(req, 'pubblicata') === '1' ? 'published' : undefined }),
  );

  app.post<VersionRoute>('/admin/skill-versions/:versionId/domande', staffVersion, async (req, reply) => {
    const body = req.body ?? {};
    const versionId = req.params.versionId;
    return formAction(
      async () => {
        await svc.addItem(db, versionId, itemInput(body));
        return reply.redirect(`/admin/skill-versions/${versionId}`, 303);
      },
      async (errors, status) => versionPage(deps, req, reply, { errors, values: formValues(body) }, status),
      req.lang,
    );
  });

  app.post<VersionRoute>('/admin/skill-versions/:versionId/pubblica', staffVersion, async (req, reply) => {
    const versionId = req.params.versionId;
    return formAction(
      async () => {
        await svc.publishDraft(db, versionId);
        return reply.redirect(`/admin/skill-versions/${versionId}?pubblicata=1`, 303);
      },
      async (_errors, status, problem) => versionPage(deps, req, reply, { errors: whole(problem) }, status),
      req.lang,
    );
  });

  app.post<VersionRoute>('/admin/skill-versions/:versionId/elimina', staffVersion, async (req, reply) =>
    formAction(
      async () => {
        await svc.discardDraft(db, req.params.versionId);
        return reply.redirect(`/admin/organisations/${req.targetOrganisationId}/competenze`, 303);
      },
      async (_errors, status, problem) => versionPage(deps, req, reply, { errors: whole(problem) }, status),
      req.lang,
    ),
  );
}

function registerItemPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const staffItem = { config: { access: orgAccess('itemId', ORG_STAFF, owners(deps).item) } };
  app.get<ItemRoute>('/admin/skill-items/:itemId', staffItem, async (req, reply) => itemPage(deps, req, reply));

  app.post<ItemRoute>('/admin/skill-items/:itemId', staffItem, async (req, reply) => {
    const body = req.body ?? {};
    const itemId = req.params.itemId;
    return formAction(
      async () => {
        await svc.updateItem(db, itemId, itemInput(body));
        const { version } = await svc.getItem(db, itemId);
        return reply.redirect(`/admin/skill-versions/${version.id}`, 303);
      },
      async (errors, status) => itemPage(deps, req, reply, { errors, values: formValues(body) }, status),
      req.lang,
    );
  });

  app.post<ItemRoute>('/admin/skill-items/:itemId/elimina', staffItem, async (req, reply) =>
    formAction(
      async () => {
        const { versionId } = await svc.deleteItem(db, req.params.itemId);
        return reply.redirect(`/admin/skill-versions/${versionId}`, 303);
      },
      async (_errors, status, problem) => itemPage(deps, req, reply, { errors: whole(problem) }, status),
      req.lang,
    ),
  );
}
