import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgAccess } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { type Lang, t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { refuse } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import type { Db } from '../../../db/index.js';
import { formAction, onFormFields } from '../../../web/form-action.js';
import type { Errors } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { orgPage } from '../../../web/page-routes.js';
import { countKey } from '../messages.js';
import { SheetStatusField } from '../schemas.js';
import * as svc from '../service.js';
import { AdminListPage, EditorPage, editorValues } from '../views/admin.js';
import { type FormBody, owners, str } from './common.js';
import { editorInput } from './editor-form.js';
import { acceptCsvBodies, acceptUploads } from './uploads.js';

type OrgPage = { Params: { organisationId: string }; Querystring: { imported?: string } };
type OrgForm = { Params: { organisationId: string }; Body: FormBody | undefined };
type EditorView = { Params: { serviceId: string }; Querystring: Record<string, string | undefined> };
type EditorForm = { Params: { serviceId: string }; Body: FormBody | undefined };
type RestoreForm = { Params: { serviceId: string; versionId: string } };

/** The back office: an organisation's sheets with the CSV import, and the editor of one sheet. */
export const guideAdminRoutes: RoutePlugin = async (app, deps) => {
  // The import page's multipart upload (and CSV bodies) are parsed in this plugin only.
  await acceptUploads(app);
  acceptCsvBodies(app);
  registerSheetList(app, deps);
  registerImportPage(app, deps);
  registerEditor(app, deps);
  registerWorkflow(app, deps);
};

const listPage = (db: Db) => orgPage(db, AdminListPage, async (_req, org) => ({ sheets: await svc.listOrganisationSheets(db, org.id) }));

function registerSheetList(app: FastifyInstance, { db }: Deps): void {
  const staffOfOrg = orgAccess('organisationId', ORG_STAFF, owners(db).organisation);
  const page = listPage(db);
  app.get<OrgPage>('/admin/organisations/:organisationId/servizi', { config: { access: staffOfOrg } }, async (req, reply) => {
    const n = Number(req.query.imported);
    return page(req, reply, Number.isInteger(n) && n > 0 ? { notice: t(req.lang, countKey('admin.guides.import.done', n), { n }) } : {});
  });

  app.post<OrgForm>('/admin/organisations/:organisationId/servizi', { config: { access: staffOfOrg } }, async (req, reply) => {
    const body = req.body ?? {};
    const values = { name: str(body, 'name'), category: str(body, 'category'), summary: str(body, 'summary') };
    return formAction(
      async () => {
        const { id } = await svc.createSheet(db, svc.actorOf(req.principal), { ...values, organisation: req.targetOrganisationId });
        return reply.redirect(`/admin/servizi/${id}?created=1`, 303);
      },
      (errors, status) => page(req, reply, { errors, values }, status),
      req.lang,
    );
  });
}

/** The CSV of the import page: the uploaded file, or the file already checked (sent back base64). */
function uploadedText(body: FormBody): string | undefined {
  const pending = str(body, 'pending');
  if (Buffer.isBuffer(body.file) && body.file.length > 0) return body.file.toString('utf8');
  if (pending) return Buffer.from(pending, 'base64').toString('utf8');
  return undefined;
}

function registerImportPage(app: FastifyInstance, { db }: Deps): void {
  const staffOfOrg = orgAccess('organisationId', ORG_STAFF, owners(db).organisation);
  const page = listPage(db);
  app.post<OrgForm>('/admin/organisations/:organisationId/servizi/import', { config: { access: staffOfOrg } }, async (req, reply) => {
    const body = req.body ?? {};
    const intent = str(body, 'intent') === 'import' ? 'import' : 'check';
    const text = uploadedText(body);
    if (text === undefined) return page(req, reply, { errors: { file: t(req.lang, 'admin.guides.import.missing') } }, 400);
    const report = await svc.importCsv(db, svc.actorOf(req.principal), req.targetOrganisationId!, text, intent === 'check');
    if (report.ok && !report.dryRun) {
      return reply.redirect(`/admin/organisations/${req.targetOrganisationId}/servizi?imported=${report.created}`, 303);
    }
    return page(
      req,
      reply,
      { report, pending: report.ok ? Buffer.from(text, 'utf8').toString('base64') : undefined },
      report.ok ? 200 : 422,
    );
  });
}

async function editorPage(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  serviceId: string,
  extra: {
    values?: Record<string, string | string[] | undefined>;
    errors?: Errors;
    notice?: string;
    content?: Parameters<typeof svc.readabilityOf>[0];
  } = {},
  status = 200,
) {
  const sheet = await svc.getSheet(db, serviceId);
  const versions = await svc.listVersions(db, serviceId);
  return sendPage(
    reply,
    EditorPage({
      ctx: pageContext(req, reply, sheet.organisation.name),
      sheet,
      values: extra.values ?? editorValues(sheet),
      errors: extra.errors,
      notice: extra.notice,
      readability: svc.readabilityOf(extra.content ?? sheet),
      versions,
    }),
    status,
  );
}

/** The notice of the editor after a redirect (created, saved, restored, moved in the workflow). */
function noticeOf(l: Lang, q: Record<string, string | undefined>): string | undefined {
  if (q.created === '1') return t(l, 'editor.created');
  if (q.unchanged === '1') return t(l, 'editor.unchanged');
  if (q.saved && /^\d+$/.test(q.saved)) return t(l, 'editor.saved', { n: q.saved });
  if (q.restored && /^\d+-\d+$/.test(q.restored)) {
    const [from, n] = q.restored.split('-');
    return t(l, 'editor.restored', { from, n });
  }
  const status = SheetStatusField.safeParse(q.status);
  if (status.success) return t(l, 'editor.status', { status: t(l, `guides.status.${status.data}`) });
  return undefined;
}

/** The version the form was drawn from, when it says so. */
function versionOf(body: FormBody): number | undefined {
  const version = Number(str(body, 'version'));
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

function registerEditor(app: FastifyInstance, { db }: Deps): void {
  const staffOfSheet = orgAccess('serviceId', ORG_STAFF, owners(db).sheet);
  app.get<EditorView>('/admin/servizi/:serviceId', { config: { access: staffOfSheet } }, async (req, reply) =>
    editorPage(db, req, reply, req.params.serviceId, { notice: noticeOf(req.lang, req.query) }),
  );

  app.post<EditorForm>('/admin/servizi/:serviceId', { config: { access: staffOfSheet } }, async (req, reply) => {
    const { serviceId } = req.params;
    const body = req.body ?? {};
    const { content, fieldOf } = editorInput(body);
    const values = Object.fromEntries(Object.entries(body).filter(([, v]) => !Buffer.isBuffer(v))) as Record<string, string | string[]>;
    const readable = {
      summary: content.summary,
      audience: content.audience,
      body: content.body,
      steps: content.steps.map((s) => ({ text: s.text, imageUrl: null, imageAlt: null })),
      faqs: content.faqs,
    };
    if (str(body, 'intent') === 'check') {
      return editorPage(db, req, reply, serviceId, { values, content: readable, notice: t(req.lang, 'editor.checked') });
    }
    const version = versionOf(body);
    // The workflow buttons belong to this form: the edits typed are saved with the new status, in one change.
    const to = SheetStatusField.safeParse(str(body, 'to'));
    const status = to.success ? { status: to.data } : {};
    return formAction(
      () =>
        onFormFields(fieldOf, async () => {
          const before = await svc.getSheet(db, serviceId);
          const after = await svc.updateSheet(db, svc.actorOf(req.principal), serviceId, {
            ...content,
            ...status,
            ...(version ? { version } : {}),
          });
          if (to.success) return reply.redirect(`/admin/servizi/${serviceId}?status=${after.status}`, 303);
          const q = after.version === before.version ? 'unchanged=1' : `saved=${after.version}`;
          return reply.redirect(`/admin/servizi/${serviceId}?${q}#leggibilita`, 303);
        }),
      (errors, status) => editorPage(db, req, reply, serviceId, { values, errors, content: readable }, status),
      req.lang,
    );
  });
}

function registerWorkflow(app: FastifyInstance, { db }: Deps): void {
  const staffOfSheet = orgAccess('serviceId', ORG_STAFF, owners(db).sheet);
  app.post<EditorForm>('/admin/servizi/:serviceId/stato', { config: { access: staffOfSheet } }, async (req, reply) => {
    const { serviceId } = req.params;
    const body = req.body ?? {};
    const status = SheetStatusField.safeParse(str(body, 'status'));
    return formAction(
      async () => {
        if (!status.success) throw refuse(400, 'guides.error.status');
        const sheet = await svc.changeStatus(db, svc.actorOf(req.principal), serviceId, status.data, versionOf(body));
        return reply.redirect(`/admin/servizi/${serviceId}?status=${sheet.status}`, 303);
      },
      (errors, code) => editorPage(db, req, reply, serviceId, { errors }, code),
      req.lang,
    );
  });

  app.post<RestoreForm>(
    '/admin/servizi/:serviceId/versioni/:versionId/ripristina',
    { config: { access: staffOfSheet } },
    async (req, reply) => {
      const { serviceId, versionId } = req.params;
      return formAction(
        async () => {
          const versions = await svc.listVersions(db, serviceId);
          const from = versions.find((v) => v.id === versionId)?.number;
          const sheet = await svc.restoreVersion(db, svc.actorOf(req.principal), serviceId, versionId);
          return reply.redirect(`/admin/servizi/${serviceId}?restored=${from}-${sheet.version}`, 303);
        },
        (errors, code) => editorPage(db, req, reply, serviceId, { errors }, code),
        req.lang,
      );
    },
  );
}
