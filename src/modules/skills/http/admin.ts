import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasRole, orgAccess } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import type { Problem } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formTexts, formText as str } from '../../../web/forms.js';
import { orgPage } from '../../../web/page-routes.js';
import * as svc from '../service.js';
import { AdminPage, ItemPage, type ItemValues, VersionPage } from '../views/admin.js';
import { owners, type Query, q } from './common.js';

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
    ...formTexts(body, ['competence', 'level', 'kind', 'textIt', 'textEn']),
    options: lines('options'),
    optionsEn: lines('optionsEn'),
    correct: /^\d+$/.test(correct) ? Number(correct) - 1 : undefined,
    short: str(body, 'short') === '1',
  };
}

/** What the item form sends, to show it again. */
function formValues(body: FormBody): ItemValues {
  return {
    ...formTexts(body, ['competence', 'level', 'kind', 'textIt', 'textEn', 'options', 'optionsEn', 'correct']),
    short: str(body, 'short') === '1',
  };
}

const adminPage = (deps: Deps) =>
  orgPage(deps.db, AdminPage, async (req, org) => {
    const { db } = deps;
    const overview = await svc.bankOverview(db, org.id);
    const [stats, aggregates, change] = await Promise.all([
      svc.itemStatistics(db, overview.inUse.id),
      svc.aggregates(db, org.id, req.lang),
      svc.beforeAfter(db, org.id),
    ]);
    return { organisation: org, overview, stats, aggregates, change, canEdit: hasRole(req.principal, org.id, ORG_STAFF) };
  });

const versionPage = (deps: Deps) =>
  orgPage(deps.db, VersionPage, async (req: FastifyRequest<VersionRoute>, org) => {
    const version = await svc.getVersion(deps.db, req.params.versionId);
    return { organisation: org, version, stats: await svc.itemStatistics(deps.db, version.id) };
  });

const itemPage = (deps: Deps) =>
  orgPage(deps.db, ItemPage, async (req: FastifyRequest<ItemRoute>, org) => ({
    organisation: org,
    ...(await svc.getItem(deps.db, req.params.itemId)),
  }));

/** The back office of an organisation's item bank: results, versions of the questions, items. */
export async function registerSkillsAdmin(app: FastifyInstance, deps: Deps): Promise<void> {
  registerBankPages(app, deps);
  registerVersionPages(app, deps);
  registerItemPages(app, deps);
}

function registerBankPages(app: FastifyInstance, deps: Deps): void {
  const staffOrg = { config: { access: orgAccess('organisationId', ORG_STAFF, owners(deps).organisation) } };
  const page = adminPage(deps);
  app.get<OrgRoute>('/admin/organisations/:organisationId/competenze', staffOrg, async (req, reply) => page(req, reply));

  app.post<OrgRoute>('/admin/organisations/:organisationId/competenze/bozza', staffOrg, async (req, reply) =>
    formAction(
      async () => {
        const draft = await svc.createDraft(deps.db, req.targetOrganisationId as string, req.principal);
        return reply.redirect(`/admin/skill-versions/${draft.id}`, 303);
      },
      async (_errors, status, problem) => {
        if (status === 409) return page(req, reply, { errors: whole(problem) }, 409);
        throw problem;
      },
      req.lang,
    ),
  );
}

function registerVersionPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const staffVersion = { config: { access: orgAccess('versionId', ORG_STAFF, owners(deps).version) } };
  const page = versionPage(deps);
  app.get<VersionRoute>('/admin/skill-versions/:versionId', staffVersion, async (req, reply) =>
    page(req, reply, { notice: q(req, 'pubblicata') === '1' ? 'published' : undefined }),
  );

  app.post<VersionRoute>('/admin/skill-versions/:versionId/domande', staffVersion, async (req, reply) => {
    const body = req.body ?? {};
    const versionId = req.params.versionId;
    return formAction(
      async () => {
        await svc.addItem(db, versionId, itemInput(body));
        return reply.redirect(`/admin/skill-versions/${versionId}`, 303);
      },
      async (errors, status) => page(req, reply, { errors, values: formValues(body) }, status),
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
      async (_errors, status, problem) => page(req, reply, { errors: whole(problem) }, status),
      req.lang,
    );
  });

  app.post<VersionRoute>('/admin/skill-versions/:versionId/elimina', staffVersion, async (req, reply) =>
    formAction(
      async () => {
        await svc.discardDraft(db, req.params.versionId);
        return reply.redirect(`/admin/organisations/${req.targetOrganisationId}/competenze`, 303);
      },
      async (_errors, status, problem) => page(req, reply, { errors: whole(problem) }, status),
      req.lang,
    ),
  );
}

function registerItemPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const staffItem = { config: { access: orgAccess('itemId', ORG_STAFF, owners(deps).item) } };
  const page = itemPage(deps);
  app.get<ItemRoute>('/admin/skill-items/:itemId', staffItem, async (req, reply) => page(req, reply));

  app.post<ItemRoute>('/admin/skill-items/:itemId', staffItem, async (req, reply) => {
    const body = req.body ?? {};
    const itemId = req.params.itemId;
    return formAction(
      async () => {
        await svc.updateItem(db, itemId, itemInput(body));
        const { version } = await svc.getItem(db, itemId);
        return reply.redirect(`/admin/skill-versions/${version.id}`, 303);
      },
      async (errors, status) => page(req, reply, { errors, values: formValues(body) }, status),
      req.lang,
    );
  });

  app.post<ItemRoute>('/admin/skill-items/:itemId/elimina', staffItem, async (req, reply) =>
    formAction(
      async () => {
        const { versionId } = await svc.deleteItem(db, req.params.itemId);
        return reply.redirect(`/admin/skill-versions/${versionId}`, 303);
      },
      async (_errors, status, problem) => page(req, reply, { errors: whole(problem) }, status),
      req.lang,
    ),
  );
}
