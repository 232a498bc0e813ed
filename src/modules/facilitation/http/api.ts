import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { organisationsWith, SIGNED_IN } from '../../../core/access.js';
import { apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { withIdempotency } from '../../../core/idempotency.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem, refuse } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { listProgrammes } from '../../programmes/service.js';
import { multiDashboard, programmeDashboard } from '../dashboard.js';
import { assertExportAllowed, nationalPrecheck } from '../national-export.js';
import {
  BatchesOut,
  BatchOut,
  type Breakdown,
  CreatedOut,
  DashboardOut,
  DashboardQuery,
  ExportQuery,
  GroupCreate,
  ImportReportOut,
  ListQuery,
  LookupBody,
  LookupOut,
  NationalPrecheckOut,
  ProgrammeDashboardOut,
  ProgrammeParam,
  QuestionnaireSend,
  RecordCreate,
  RecordOut,
  RecordParam,
  RecordPatch,
  SettingsOut,
  SettingsPut,
} from '../schemas.js';
import * as svc from '../service.js';
import { accessRules, dashboardFilter, IMPORT_MAX, MiB, runImport, sendBreakdownCsv, sendExport } from './common.js';

/** The JSON API of records, dashboards, settings, the national export and the import. */
export const apiRoutes: RoutePlugin = async (app, deps) => {
  // The import takes its file as the body, text/csv; the parser stays in this plugin.
  app.addContentTypeParser(['text/csv'], { parseAs: 'string', bodyLimit: IMPORT_MAX }, (_req, body, done) => done(null, body));
  registerRecordApi(app, deps);
  registerDashboardApi(app, deps);
  registerNationalApi(app, deps);
  registerImportApi(app, deps);
};

/** Records: create, list, recognise a citizen, group training, read, correct, delete, questionnaire. */
function registerRecordApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['facilitation'] });

  const { db } = deps;
  const { facilitatorsOfRecord } = accessRules(deps);
  api.post(
    '/api/v1/facilitations',
    {
      access: SIGNED_IN,
      summary:
        'Record one facilitation service to one citizen (facilitators and staff of the programme’s organisation); the facilitator defaults to the caller',
      body: RecordCreate,
      idempotent: true,
      created: { description: 'Recorded', schema: CreatedOut },
      responses: { 422: { description: 'Refused: the fields named in `errors`; nothing was written' } },
    },
    async ({ req, reply }) =>
      withIdempotency(db, req, reply, `facilitations.create:${req.principal!.userId}`, async () => ({
        status: 201,
        body: await svc.createRecord(deps, req.principal, req.body, 'api'),
      })),
  );

  api.get(
    '/api/v1/facilitations',
    {
      access: SIGNED_IN,
      summary:
        'Facilitation records the caller may see, newest service first: staff see their organisations’ records, facilitators their own (mine=1: only one’s own)',
      query: ListQuery,
      ok: z.object({ items: z.array(RecordOut), next: z.string().nullable() }),
    },
    async ({ req, query }) =>
      svc.listRecords(deps, req.principal!, { ...query, mine: query.mine === '1' || query.mine === 'true', after: query.after }),
  );

  api.post(
    '/api/v1/facilitations/lookup',
    {
      access: SIGNED_IN,
      summary:
        'Recognise a returning citizen by codice fiscale (or other identifier) in the programme’s organisation: their last profile, to pre-fill the form',
      body: LookupBody,
      ok: LookupOut,
    },
    async ({ req }) => svc.lookupCitizen(deps, req.principal, req.body, req.lang),
  );

  api.post(
    '/api/v1/facilitations/groups',
    {
      access: SIGNED_IN,
      summary: 'Group training: one record per attendee (e.g. the checked-in attendees of an event), all or nothing',
      body: GroupCreate,
      idempotent: true,
      bodyLimit: MiB,
      created: { description: 'Recorded', schema: z.object({ groupId: z.string(), ids: z.array(z.string()) }) },
    },
    async ({ req, reply }) =>
      withIdempotency(db, req, reply, `facilitations.group:${req.principal!.userId}`, async () => ({
        status: 201,
        body: await svc.createGroupRecords(deps, req.principal, req.body),
      })),
  );

  const recordRoutes = api.under('/api/v1/facilitations/:recordId', { access: facilitatorsOfRecord, params: RecordParam, out: RecordOut });
  recordRoutes.get(
    '',
    { summary: 'One record (its facilitator, or staff of its organisation); never the codice fiscale', ok: RecordOut },
    recordRoutes.calls(deps, svc.getRecord),
  );

  recordRoutes.patch(
    '',
    {
      summary: 'Correct a record: its facilitator within the edit window (default 7 days), programme staff at any time; audited',
      body: RecordPatch,
      ok: RecordOut,
    },
    recordRoutes.calls(deps, svc.updateRecord),
  );

  recordRoutes.delete(
    '',
    { summary: 'Delete a record: its facilitator within the edit window, programme staff at any time; audited', noContent: 'Deleted' },
    recordRoutes.calls(deps, svc.deleteRecord),
  );

  recordRoutes.post(
    '/questionnaire',
    {
      summary: 'Send the satisfaction questionnaire (ES1–ES6) as a private link by e-mail; the address is not kept',
      body: QuestionnaireSend,
      ok: 'Sent',
    },
    recordRoutes.calls(deps, svc.sendQuestionnaire),
  );
}

/** The dashboards of one programme and of all the caller's programmes, and the programme's settings. */
function registerDashboardApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['facilitation'] });

  const { db } = deps;
  const { staffOfProgramme } = accessRules(deps);
  const programmeRoutes = api.under('/api/v1/programmes/:programmeId', { access: staffOfProgramme, params: ProgrammeParam });
  programmeRoutes.get(
    '/dashboard',
    {
      summary:
        'The programme’s dashboard for a period: totals, progress on each target with a projection, and one breakdown (by=…, default month); format=csv gives the breakdown as CSV',
      query: DashboardQuery,
      ok: {
        description: 'The dashboard (JSON), or its breakdown as CSV',
        schema: ProgrammeDashboardOut,
        also: [{ mediaType: 'text/csv' }],
      },
    },
    async ({ reply, params, query }) => {
      const by: Breakdown = query.by ?? 'month';
      const d = await programmeDashboard(deps, params.programmeId, dashboardFilter(query), [by]);
      if (query.format === 'csv') return sendBreakdownCsv(reply, d, by);
      return {
        programme: d.programme,
        period: d.period,
        filters: d.filters,
        totals: d.totals,
        targets: d.targets,
        by,
        breakdown: d.breakdowns[by],
      };
    },
  );

  api.get(
    '/api/v1/facilitation/dashboard',
    {
      access: SIGNED_IN,
      summary: 'The same figures over every programme the caller is staff of (all programmes for platform administrators)',
      query: DashboardQuery,
      ok: DashboardOut,
    },
    async ({ req, query }) => {
      const orgs = organisationsWith(req.principal!, ORG_STAFF);
      const programmes = orgs === null ? null : (await Promise.all(orgs.map((o) => listProgrammes(db, o)))).flat().map((p) => p.id);
      const by: Breakdown = query.by ?? 'month';
      const d = await multiDashboard(deps, programmes, dashboardFilter(query), [by]);
      return { period: d.period, filters: d.filters, totals: d.totals, by, breakdown: d.breakdowns[by] };
    },
  );

  api.get(
    '/api/v1/programmes/:programmeId/facilitation-settings',
    {
      access: staffOfProgramme,
      summary: 'Edit window and minors of the programme’s facilitation records',
      params: ProgrammeParam,
      ok: SettingsOut,
    },
    async ({ params }) => svc.settingsFor(deps, params.programmeId),
  );

  programmeRoutes.put(
    '/facilitation-settings',
    {
      summary: 'Set the days facilitators may correct their records (null: the configured default) and whether minors (14–17) are served',
      body: SettingsPut,
      ok: SettingsOut,
    },
    async ({ req, params, body }) => svc.putSettings(deps, req.principal, params.programmeId, body),
  );
}

/** Before and after the national export: the precheck, the batches, the export itself. */
function registerNationalApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['facilitation'] });

  const { staffOfProgramme } = accessRules(deps);

  const programmeRoutes = api.under('/api/v1/programmes/:programmeId', { access: staffOfProgramme, params: ProgrammeParam });
  programmeRoutes.get(
    '/facilitations/precheck',
    {
      summary: 'Before the national export: the records the national platform would reject, and which mandatory fields they lack',
      query: ExportQuery.pick({ from: true, to: true, pending: true }),
      ok: NationalPrecheckOut,
    },
    async ({ params, query }) =>
      nationalPrecheck(deps, { programme: params.programmeId, from: query.from, to: query.to, pending: query.pending === 'true' }),
  );

  programmeRoutes.get(
    '/facilitations/batches',
    { summary: 'The numbered batches of national exports, the latest first, and how many records are still to send', ok: BatchesOut },
    async ({ params }) => ({
      toSend: await svc.nationalPending(deps, params.programmeId),
      items: await svc.nationalBatches(deps, params.programmeId),
    }),
  );

  api.post(
    '/api/v1/programmes/:programmeId/facilitations/batches/:batchId/uploaded',
    {
      access: staffOfProgramme,
      summary:
        'Mark a batch as uploaded to the national platform, optionally with the platform’s outcome file as text (409 when already marked)',
      params: z.object({ programmeId: z.string(), batchId: z.string() }),
      body: z
        .object({
          outcome: z
            .string()
            .max(5 * 1024 * 1024, 'al massimo 5 MB')
            .nullable()
            .optional(),
          outcomeName: z.string().max(100).nullable().optional(),
        })
        .strict(),
      ok: { description: 'Marked: the batch', schema: BatchOut },
    },
    async ({ req, params, body }) =>
      svc.markBatchUploaded(deps, req.principal, params.programmeId, params.batchId, {
        outcome: body.outcome ?? null,
        outcomeName: body.outcomeName ?? null,
      }),
  );

  programmeRoutes.get(
    '/facilitations/export',
    {
      summary:
        'Stream the services of a period: format=national (the national bulk-upload layout, with the codice fiscale; logged in the audit trail), opendata, or csv',
      query: ExportQuery,
      ok: { description: 'CSV', mediaType: 'text/csv' },
    },
    async ({ req, reply, params, query }) => {
      const programme = await assertExportAllowed(deps, req.principal, params.programmeId);
      return sendExport(
        deps,
        req,
        reply,
        programme,
        { programme: programme.id, from: query.from, to: query.to, pending: query.pending === 'true' },
        query.format,
        'api',
      );
    },
  );
}

/** The import of a file in the national layout. */
function registerImportApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['facilitation'] });

  const { staffOfProgramme } = accessRules(deps);
  api.post(
    '/api/v1/programmes/:programmeId/facilitations/import',
    {
      access: staffOfProgramme,
      summary:
        'Import records in the national bulk-upload layout (body text/csv, UTF-8, at most 20 MiB). dryRun=true lists every rejected row and why; a file with any rejected row writes nothing',
      params: ProgrammeParam,
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      bodyLimit: IMPORT_MAX,
      bodyMediaTypes: ['text/csv'],
      ok: { description: 'Dry run: the report', schema: ImportReportOut },
      created: { description: 'Imported: the report', schema: ImportReportOut },
      responses: { 422: { description: 'Rejected rows, listed; nothing was written' } },
    },
    async ({ req, reply, params, query }) => {
      if (typeof req.body !== 'string') throw refuse(415, 'fac.err.import.csvOnly');
      const dryRun = query.dryRun === 'true';
      const report = await runImport(deps, req.principal, params.programmeId, req.body, dryRun);
      if (!dryRun && report.rejected > 0) {
        const vars = { rejected: report.rejected, rows: report.rows };
        const refusal = new Problem(422, t('it', 'fac.err.import.title'), t('it', 'fac.err.import.rejected', vars), undefined, { report });
        refusal.keys = { title: 'fac.err.import.title', detail: 'fac.err.import.rejected', vars };
        throw refusal;
      }
      return reply.code(dryRun ? 200 : 201).send(report);
    },
  );
}
