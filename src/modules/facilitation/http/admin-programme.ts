import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem, refuse, refuseAs } from '../../../core/problems.js';
import { parse, zodErrors } from '../../../core/validation.js';
import { type Errors, errorsByField, type FormBody, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { listVenues } from '../../organisations/service.js';
import { getProgramme } from '../../programmes/service.js';
import { programmeDashboard } from '../dashboard.js';
import { assertExportAllowed, nationalPrecheck } from '../national-export.js';
import { BREAKDOWNS, type Breakdown, DashboardQuery, ExportQuery, IsoDate } from '../schemas.js';
import * as svc from '../service.js';
import { DashboardPage } from '../views-dashboard.js';
import * as viewsExport from '../views-export.js';
import { ImportPage, type ImportPageProps } from '../views-import.js';
import {
  accessRules,
  dashboardFields,
  dashboardFilter,
  IMPORT_MAX,
  runImport,
  sendBreakdownCsv,
  sendExport,
  uploadedText,
} from './common.js';

type ProgrammeParams = { Params: { programmeId: string } };
type PageQuery = Record<string, string | undefined>;
type ProgrammePage = ProgrammeParams & { Querystring: PageQuery };

/** The programme staff's pages: the dashboard, the national export and its batches, the import. */
export const programmeAdminRoutes: RoutePlugin = async (app, deps) => {
  // The multipart upload of the import page and of a batch's outcome stays in this plugin.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: IMPORT_MAX, fieldSize: IMPORT_MAX, files: 1, fields: 20, parts: 25 },
  });
  app.setErrorHandler((error, _req, _reply) => {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw refuseAs(413, 'fac.err.file.tooLarge.title', 'fac.err.file.tooLarge');
    }
    throw error;
  });
  registerDashboardPages(app, deps);
  registerExportPages(app, deps);
  registerImportPages(app, deps);
};

/** The dashboard, refused filters named on the form and the figures shown unfiltered. */
async function dashboardPage(deps: Deps, req: FastifyRequest<ProgrammePage>, reply: FastifyReply) {
  const id = req.params.programmeId;
  const raw = req.query;
  const q = DashboardQuery.safeParse(dashboardFields(raw));
  const errors: Errors = q.success
    ? {}
    : errorsByField(zodErrors(q.error).map((e) => (e.key ? { ...e, message: t(req.lang, e.key, e.vars) } : e)));
  const filter = q.success ? dashboardFilter(q.data) : {};
  let dashboard: Awaited<ReturnType<typeof programmeDashboard>>;
  try {
    dashboard = await programmeDashboard(deps, id, filter);
  } catch (err) {
    if (!(err instanceof Problem) || err.status !== 422) throw err;
    Object.assign(errors, errorsByField(err.errors));
    dashboard = await programmeDashboard(deps, id, {});
  }
  const programme = await getProgramme(deps.db, id);
  const orgIds = [programme.organisation.id, ...programme.partners.map((p) => p.id)];
  const venues = (await Promise.all(orgIds.map((o) => listVenues(deps.db, o)))).flat();
  const settings = await svc.settingsFor(deps, id);
  return sendPage(
    reply,
    DashboardPage({
      ctx: pageContext(req, reply, programme.organisation.name),
      programme,
      dashboard,
      venues,
      settings,
      errors,
      query: { from: raw.from ?? '', to: raw.to ?? '', municipality: raw.municipality ?? '', venue: raw.venue ?? '' },
      settingsSaved: raw.settings === '1',
    }),
    Object.keys(errors).length ? 422 : 200,
  );
}

function registerDashboardPages(app: FastifyInstance, deps: Deps): void {
  const access = { config: { access: accessRules(deps).staffOfProgramme } };

  app.get<ProgrammePage>('/admin/programmes/:programmeId/cruscotto', access, async (req, reply) => dashboardPage(deps, req, reply));

  const BreakdownParam = z.object({ programmeId: z.string(), breakdown: z.string() });
  app.get<{ Querystring: PageQuery }>('/admin/programmes/:programmeId/cruscotto/:breakdown', access, async (req, reply) => {
    const params = parse(BreakdownParam, req.params);
    const m = /^([A-Za-z]+)\.csv$/.exec(params.breakdown);
    const by = m?.[1] as Breakdown | undefined;
    if (!by || !(BREAKDOWNS as readonly string[]).includes(by)) throw refuse(404, 'fac.err.breakdown.missing');
    const q = parse(DashboardQuery, dashboardFields(req.query));
    const d = await programmeDashboard(deps, params.programmeId, dashboardFilter(q), [by]);
    return sendBreakdownCsv(reply, d, by);
  });

  app.post<ProgrammeParams & { Body: FormBody | undefined }>(
    '/admin/programmes/:programmeId/cruscotto/impostazioni',
    access,
    async (req, reply) => {
      const id = req.params.programmeId;
      const body = req.body ?? {};
      const days = str(body, 'editWindowDays');
      await svc.putSettings(deps, req.principal, id, {
        editWindowDays: days === '' ? null : /^\d+$/.test(days) ? Number(days) : days,
        admitsMinors: str(body, 'admitsMinors') === '1',
      });
      return reply.redirect(`/admin/programmes/${id}/cruscotto?settings=1`, 303);
    },
  );
}

/** The export page: the period (this year by default), the precheck of what would be sent, the batches. */
async function exportPage(
  deps: Deps,
  req: FastifyRequest<ProgrammePage>,
  reply: FastifyReply,
  form: { body?: PageQuery; errors?: Errors; status?: number } = {},
) {
  const { errors = {}, status = 200 } = form;
  const id = req.params.programmeId;
  const programme = await getProgramme(deps.db, id);
  const raw: PageQuery = { ...req.query, ...(form.body ?? {}) };
  const today = svc.todayInRome();
  const from = raw.from || (programme.start > `${today.slice(0, 4)}-01-01` ? programme.start : `${today.slice(0, 4)}-01-01`);
  const to = raw.to || [programme.end, today].sort()[0];
  // Only what is still to send, unless the form was sent with the box cleared.
  const pending = raw.pending === '1' || (raw.from === undefined && raw.pending === undefined);
  let precheck = null;
  const periodOk = IsoDate.safeParse(from).success && IsoDate.safeParse(to).success && from <= to;
  if (!periodOk) errors.to ??= t(req.lang, 'fac.err.export.period');
  else precheck = await nationalPrecheck(deps, { programme: id, from, to, pending });
  return sendPage(
    reply,
    viewsExport.ExportPage({
      ctx: pageContext(req, reply, programme.organisation.name),
      programme,
      from,
      to,
      pending,
      precheck,
      toSend: await svc.nationalPending(deps, id),
      batches: await svc.nationalBatches(deps, id),
      saved: raw.saved === '1',
      errors,
    }),
    Object.keys(errors).length ? 422 : status,
  );
}

function registerExportPages(app: FastifyInstance, deps: Deps): void {
  const access = { config: { access: accessRules(deps).staffOfProgramme } };
  type BatchParams = { Params: { programmeId: string; batchId: string } };

  app.get<ProgrammePage>('/admin/programmes/:programmeId/export', access, async (req, reply) => exportPage(deps, req, reply));

  app.post<ProgrammePage & { Body: PageQuery | undefined }>('/admin/programmes/:programmeId/export', access, async (req, reply) => {
    const id = req.params.programmeId;
    const body = req.body ?? {};
    const q = ExportQuery.safeParse({
      from: str(body, 'from'),
      to: str(body, 'to'),
      format: str(body, 'format') || 'national',
      pending: str(body, 'pending') === '1' ? 'true' : 'false',
    });
    if (!q.success || q.data.from > q.data.to)
      return exportPage(deps, req, reply, { body, errors: { to: t(req.lang, 'fac.err.export.periodShort') }, status: 422 });
    const programme = await assertExportAllowed(deps, req.principal, id);
    const scope = { programme: id, from: q.data.from, to: q.data.to, pending: q.data.pending === 'true' };
    return sendExport(deps, req, reply, programme, scope, q.data.format, 'page');
  });

  app.post<BatchParams & { Body: Record<string, unknown> | undefined }>(
    '/admin/programmes/:programmeId/export/batches/:batchId/caricato',
    access,
    async (req, reply) => {
      const { programmeId, batchId } = req.params;
      const text = uploadedText(req.body?.outcome);
      await svc.markBatchUploaded(deps, req.principal, programmeId, batchId, {
        outcome: text || null,
        outcomeName: text ? 'esito.csv' : null,
      });
      return reply.redirect(`/admin/programmes/${programmeId}/export?saved=1`, 303);
    },
  );

  app.get<BatchParams>('/admin/programmes/:programmeId/export/batches/:batchId/esito', access, async (req, reply) => {
    const { programmeId, batchId } = req.params;
    const outcome = await svc.batchOutcome(deps, programmeId, batchId);
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${outcome.name}"`)
      .header('cache-control', 'no-store')
      .send(outcome.text);
  });
}

async function importPage(
  deps: Deps,
  req: FastifyRequest<ProgrammeParams>,
  reply: FastifyReply,
  extra: Partial<ImportPageProps> = {},
  status = 200,
) {
  const programme = await getProgramme(deps.db, req.params.programmeId);
  return sendPage(
    reply,
    ImportPage({ ctx: pageContext(req, reply, programme.organisation.name), programme, report: null, error: null, ...extra }),
    status,
  );
}

function registerImportPages(app: FastifyInstance, deps: Deps): void {
  const access = { config: { access: accessRules(deps).staffOfProgramme } };

  app.get<ProgrammeParams>('/admin/programmes/:programmeId/import', access, async (req, reply) => importPage(deps, req, reply));

  app.post<ProgrammeParams & { Body: Record<string, unknown> | undefined }>(
    '/admin/programmes/:programmeId/import',
    access,
    async (req, reply) => {
      const body = req.body ?? {};
      const text = uploadedText(body.file);
      if (!text.trim()) return importPage(deps, req, reply, { error: t(req.lang, 'fac.err.import.noFile') }, 422);
      const dryRun = body.mode !== 'import';
      try {
        const report = await runImport(deps, req.principal, req.params.programmeId, text, dryRun);
        return importPage(deps, req, reply, { report }, !dryRun && report.rejected > 0 ? 422 : 200);
      } catch (err) {
        if (err instanceof Problem && err.status < 500) return importPage(deps, req, reply, { error: err.detail ?? err.title }, err.status);
        throw err;
      }
    },
  );
}
