import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess, organisationsWith, PUBLIC, SIGNED_IN } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { withIdempotency } from '../../core/idempotency.js';
import { Problem } from '../../core/problems.js';
import { ORG_FACILITATORS, ORG_STAFF } from '../../core/roles.js';
import { parse } from '../../core/validation.js';
import { errorsByField, type FormBody, formList as list, formText as str } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { listVenues } from '../organisations/service.js';
import { getProgramme, listProgrammes, organisationOfProgramme, type Programme } from '../programmes/service.js';
import { breakdownCsv, type DashboardFilter, multiDashboard, programmeDashboard } from './dashboard.js';
import { auditExport, type ExportScope, plainCsv } from './exports.js';
import { recordFormChoices } from './form-choices.js';
import { registerEventGroupRoutes } from './group-routes.js';
import { ImportFormatError, importNational } from './imports.js';
import { assertExportAllowed, nationalPrecheck } from './national-export.js';
import { nationalDownload } from './national-files.js';
import {
  dcatDescription,
  openDataCsv,
  openDataDefaults,
  openDataJson,
  openDataPublisher,
  openDataSummary,
  SUMMARY_BREAKDOWNS,
} from './opendata.js';
import {
  BREAKDOWNS,
  type Breakdown,
  CreatedOut,
  DashboardQuery,
  ExportQuery,
  GroupCreate,
  IsoDate,
  ListQuery,
  LookupBody,
  OpenDataQuery,
  ProgrammeParam,
  QuestionnaireSend,
  RecordCreate,
  RecordOut,
  RecordParam,
  RecordPatch,
  SettingsPut,
} from './schemas.js';
import * as svc from './service.js';
import * as views from './views.js';
import * as viewsExport from './views-export.js';

const CSS = readFileSync(resolve(import.meta.dirname, 'facilitation.css'), 'utf8');
const MiB = 1024 * 1024;
/** Largest import file. */
const IMPORT_MAX = 20 * MiB;

/** Runs a form action; a 4xx Problem re-renders the form with the errors instead of an error page. */
async function formAction(action: () => Promise<unknown>, rerender: (errors: Record<string, string>, status: number) => Promise<unknown>) {
  try {
    return await action();
  } catch (err) {
    if (err instanceof Problem && err.status < 500) {
      const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
      return rerender(errors, err.status);
    }
    throw err;
  }
}

/** The form's fields as the service's input (codes as typed; the schema refuses what is wrong). */
export function recordInputFromForm(body: FormBody): Record<string, unknown> {
  const consentChannel = str(body, 'consentChannel');
  const consentDate = str(body, 'consentDate');
  const citizen: Record<string, unknown> = {
    education: str(body, 'education') || undefined,
    employment: str(body, 'employment') || undefined,
    citizenship: str(body, 'citizenship') || undefined,
    province: str(body, 'province') || undefined,
    consent: consentChannel || consentDate ? { channel: consentChannel || undefined, date: consentDate || undefined } : undefined,
  };
  const cf = str(body, 'fiscalCode');
  if (cf) citizen.fiscalCode = cf;
  // AN1, AN2: sent only when typed, so programmes that keep no names never see an empty pair.
  if (str(body, 'firstName')) citizen.firstName = str(body, 'firstName');
  if (str(body, 'lastName')) citizen.lastName = str(body, 'lastName');
  const identifier = str(body, 'identifier');
  if (identifier) citizen.identifier = identifier;
  if (str(body, 'gender')) citizen.gender = str(body, 'gender');
  if (str(body, 'ageBand')) citizen.ageBand = str(body, 'ageBand');
  return {
    programme: str(body, 'programme'),
    venue: str(body, 'venue'),
    date: str(body, 'date'),
    duration: str(body, 'duration'),
    kinds: list(body, 'kinds'),
    competences: list(body, 'competences').map((c) => (/^\d+$/.test(c) ? Number(c) : c)),
    services: list(body, 'services'),
    details: str(body, 'details'),
    ...(str(body, 'facilitator') ? { facilitator: str(body, 'facilitator') } : {}),
    citizen,
  };
}

/** Form errors on the flat form fields: "citizen.education" shows on "education", "citizen.consent.date" on "consentDate". */
function flatErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    let key = k.replace(/^citizen\./, '');
    if (key.startsWith('consent.channel')) key = 'consentChannel';
    else if (key.startsWith('consent.date')) key = 'consentDate';
    else if (key === 'consent') key = 'consentChannel';
    key = key.replace(/\.\d+$/, '');
    out[key] ??= v;
  }
  return out;
}

function streamDownload(reply: FastifyReply, type: string, filename: string, chunks: AsyncGenerator<string | Uint8Array>): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(chunks));
}

export async function registerFacilitationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  svc.registerQuestionnaireJob(deps);
  svc.registerErasureJob(deps);
  // Where this process runs jobs, the daily erasure of expired identities is planned at start.
  if (deps.config.workers) app.addHook('onReady', async () => svc.planErasure(deps));
  registerEventGroupRoutes(app, deps);
  // One encapsulated scope: the CSV body parser and the multipart upload of the import page stay here.
  await app.register(async (scope) => facilitationRoutes(scope, deps));
}

async function facilitationRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: IMPORT_MAX, fieldSize: IMPORT_MAX, files: 1, fields: 20, parts: 25 },
  });
  app.addContentTypeParser(['text/csv'], { parseAs: 'string', bodyLimit: IMPORT_MAX }, (_req, body, done) => done(null, body));
  app.setErrorHandler((error, _req, _reply) => {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new Problem(413, 'File troppo grande', 'Il file supera la dimensione massima di 20 MB.');
    }
    throw error;
  });

  app.get('/facilitazioni/stile.css', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  const rateLimit = config.rateLimitMax > 0 ? { max: config.rateLimitMax, timeWindow: '1 minute' } : undefined;
  const programmeOwner = (req: FastifyRequest) => organisationOfProgramme(db, (req.params as { programmeId?: string }).programmeId);
  const recordOwner = (req: FastifyRequest) => svc.organisationOfRecord(db, (req.params as { recordId?: string }).recordId);
  const staffOfProgramme = orgAccess('programmeId', ORG_STAFF, programmeOwner);
  const facilitatorsOfRecord = orgAccess('recordId', ORG_FACILITATORS, recordOwner);

  // ---------------- API: records ----------------

  apiRoute(
    app,
    'POST',
    '/api/v1/facilitations',
    {
      access: SIGNED_IN,
      summary:
        'Record one facilitation service to one citizen (facilitators and staff of the programme’s organisation); the facilitator defaults to the caller',
      tags: ['facilitation'],
      body: RecordCreate,
      idempotent: true,
      responses: {
        201: { description: 'Recorded', schema: CreatedOut },
        422: { description: 'Refused: the fields named in `errors`; nothing was written' },
      },
    },
    async ({ req, reply }) =>
      withIdempotency(db, req, reply, `facilitations.create:${req.principal!.userId}`, async () => ({
        status: 201,
        body: await svc.createRecord(deps, req.principal, req.body, 'api'),
      })),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/facilitations',
    {
      access: SIGNED_IN,
      summary:
        'Facilitation records the caller may see, newest service first: staff see their organisations’ records, facilitators their own (mine=1: only one’s own)',
      tags: ['facilitation'],
      query: ListQuery,
      responses: { 200: { description: 'OK', schema: z.object({ items: z.array(RecordOut), next: z.string().nullable() }) } },
    },
    async ({ req, query }) =>
      svc.listRecords(deps, req.principal!, { ...query, mine: query.mine === '1' || query.mine === 'true', after: query.after }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/facilitations/lookup',
    {
      access: SIGNED_IN,
      summary:
        'Recognise a returning citizen by codice fiscale (or other identifier) in the programme’s organisation: their last profile, to pre-fill the form',
      tags: ['facilitation'],
      body: LookupBody,
    },
    async ({ req }) => svc.lookupCitizen(deps, req.principal, req.body),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/facilitations/groups',
    {
      access: SIGNED_IN,
      summary: 'Group training: one record per attendee (e.g. the checked-in attendees of an event), all or nothing',
      tags: ['facilitation'],
      body: GroupCreate,
      idempotent: true,
      bodyLimit: MiB,
      responses: { 201: { description: 'Recorded', schema: z.object({ groupId: z.string(), ids: z.array(z.string()) }) } },
    },
    async ({ req, reply }) =>
      withIdempotency(db, req, reply, `facilitations.group:${req.principal!.userId}`, async () => ({
        status: 201,
        body: await svc.createGroupRecords(deps, req.principal, req.body),
      })),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/facilitations/:recordId',
    {
      access: facilitatorsOfRecord,
      summary: 'One record (its facilitator, or staff of its organisation); never the codice fiscale',
      tags: ['facilitation'],
      params: RecordParam,
      responses: { 200: { description: 'OK', schema: RecordOut } },
    },
    async ({ req, params }) => svc.getRecord(deps, req.principal, params.recordId),
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/facilitations/:recordId',
    {
      access: facilitatorsOfRecord,
      summary: 'Correct a record: its facilitator within the edit window (default 7 days), programme staff at any time; audited',
      tags: ['facilitation'],
      params: RecordParam,
      body: RecordPatch,
      responses: { 200: { description: 'OK', schema: RecordOut } },
    },
    async ({ req, params }) => svc.updateRecord(deps, req.principal, params.recordId, req.body),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/facilitations/:recordId',
    {
      access: facilitatorsOfRecord,
      summary: 'Delete a record: its facilitator within the edit window, programme staff at any time; audited',
      tags: ['facilitation'],
      params: RecordParam,
      responses: { 204: { description: 'Deleted' } },
    },
    async ({ req, reply, params }) => {
      await svc.deleteRecord(deps, req.principal, params.recordId);
      return reply.code(204).send();
    },
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/facilitations/:recordId/questionnaire',
    {
      access: facilitatorsOfRecord,
      summary: 'Send the satisfaction questionnaire (ES1–ES6) as a private link by e-mail; the address is not kept',
      tags: ['facilitation'],
      params: RecordParam,
      body: QuestionnaireSend,
      responses: { 200: { description: 'Sent', schema: RecordOut } },
    },
    async ({ req, params }) => svc.sendQuestionnaire(deps, req.principal, params.recordId, req.body),
  );

  // ---------------- API: programme staff ----------------

  const dashboardFilter = (q: z.output<typeof DashboardQuery>): DashboardFilter => ({
    from: q.from,
    to: q.to,
    municipality: q.municipality,
    venue: q.venue,
  });

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId/dashboard',
    {
      access: staffOfProgramme,
      summary:
        'The programme’s dashboard for a period: totals, progress on each target with a projection, and one breakdown (by=…, default month); format=csv gives the breakdown as CSV',
      tags: ['facilitation'],
      params: ProgrammeParam,
      query: DashboardQuery,
    },
    async ({ reply, params, query }) => {
      const by: Breakdown = query.by ?? 'month';
      const d = await programmeDashboard(deps, params.programmeId, dashboardFilter(query), [by]);
      if (query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="cruscotto-${by}-${d.period.from}-${d.period.to}.csv"`)
          .send(breakdownCsv(d.breakdowns[by]));
      }
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

  apiRoute(
    app,
    'GET',
    '/api/v1/facilitation/dashboard',
    {
      access: SIGNED_IN,
      summary: 'The same figures over every programme the caller is staff of (all programmes for platform administrators)',
      tags: ['facilitation'],
      query: DashboardQuery,
    },
    async ({ req, query }) => {
      const orgs = organisationsWith(req.principal!, ORG_STAFF);
      const programmes = orgs === null ? null : (await Promise.all(orgs.map((o) => listProgrammes(db, o)))).flat().map((p) => p.id);
      const by: Breakdown = query.by ?? 'month';
      const d = await multiDashboard(deps, programmes, dashboardFilter(query), [by]);
      return { period: d.period, filters: d.filters, totals: d.totals, by, breakdown: d.breakdowns[by] };
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId/facilitation-settings',
    {
      access: staffOfProgramme,
      summary: 'Edit window and minors of the programme’s facilitation records',
      tags: ['facilitation'],
      params: ProgrammeParam,
    },
    async ({ params }) => svc.settingsFor(deps, params.programmeId),
  );

  apiRoute(
    app,
    'PUT',
    '/api/v1/programmes/:programmeId/facilitation-settings',
    {
      access: staffOfProgramme,
      summary: 'Set the days facilitators may correct their records (null: the configured default) and whether minors (14–17) are served',
      tags: ['facilitation'],
      params: ProgrammeParam,
      body: SettingsPut,
    },
    async ({ req, params, body }) => svc.putSettings(deps, req.principal, params.programmeId, body),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId/facilitations/precheck',
    {
      access: staffOfProgramme,
      summary: 'Before the national export: the records the national platform would reject, and which mandatory fields they lack',
      tags: ['facilitation'],
      params: ProgrammeParam,
      query: ExportQuery.pick({ from: true, to: true, pending: true }),
    },
    async ({ params, query }) =>
      nationalPrecheck(deps, { programme: params.programmeId, from: query.from, to: query.to, pending: query.pending === 'true' }),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId/facilitations/batches',
    {
      access: staffOfProgramme,
      summary: 'The numbered batches of national exports, the latest first, and how many records are still to send',
      tags: ['facilitation'],
      params: ProgrammeParam,
    },
    async ({ params }) => ({
      toSend: await svc.nationalPending(deps, params.programmeId),
      items: await svc.nationalBatches(deps, params.programmeId),
    }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/programmes/:programmeId/facilitations/batches/:batchId/uploaded',
    {
      access: staffOfProgramme,
      summary:
        'Mark a batch as uploaded to the national platform, optionally with the platform’s outcome file as text (409 when already marked)',
      tags: ['facilitation'],
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
    },
    async ({ req, params, body }) =>
      svc.markBatchUploaded(deps, req.principal, params.programmeId, params.batchId, {
        outcome: body.outcome ?? null,
        outcomeName: body.outcomeName ?? null,
      }),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId/facilitations/export',
    {
      access: staffOfProgramme,
      summary:
        'Stream the services of a period: format=national (the national bulk-upload layout, with the codice fiscale; logged in the audit trail), opendata, or csv',
      tags: ['facilitation'],
      params: ProgrammeParam,
      query: ExportQuery,
      responses: { 200: { description: 'CSV', mediaType: 'text/csv' } },
    },
    async ({ req, reply, params, query }) => {
      const programme = await assertExportAllowed(deps, req.principal, params.programmeId);
      return sendExport(
        req,
        reply,
        programme,
        { programme: programme.id, from: query.from, to: query.to, pending: query.pending === 'true' },
        query.format,
        'api',
      );
    },
  );

  async function sendExport(
    req: FastifyRequest,
    reply: FastifyReply,
    programme: Programme,
    scope: ExportScope & { pending?: boolean },
    format: 'national' | 'opendata' | 'csv',
    via: string,
  ): Promise<FastifyReply> {
    if (scope.from > scope.to)
      throw new Problem(422, 'Richiesta non eseguibile', 'La data finale precede quella iniziale.', [
        { field: 'to', message: 'la data finale precede quella iniziale' },
      ]);
    await auditExport(deps, req.principal, programme, { format, from: scope.from, to: scope.to, via });
    if (format === 'national') {
      // The platform's files: one CSV (or workbook), or a zip of them past 9,000 rows; recorded as a batch once sent.
      const d = await nationalDownload(deps, req.principal, programme, scope);
      return streamDownload(reply, d.type, d.name, d.body);
    }
    const name = `facilitazioni-${format}-${scope.from}-${scope.to}.csv`;
    const chunks = format === 'opendata' ? openDataCsv(deps, scope) : plainCsv(deps, scope);
    return streamDownload(reply, 'text/csv; charset=utf-8', name, chunks);
  }

  apiRoute(
    app,
    'POST',
    '/api/v1/programmes/:programmeId/facilitations/import',
    {
      access: staffOfProgramme,
      summary:
        'Import records in the national bulk-upload layout (body text/csv, UTF-8, at most 20 MiB). dryRun=true lists every rejected row and why; a file with any rejected row writes nothing',
      tags: ['facilitation'],
      params: ProgrammeParam,
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      bodyLimit: IMPORT_MAX,
      bodyMediaTypes: ['text/csv'],
      responses: {
        200: { description: 'Dry run: the report' },
        201: { description: 'Imported' },
        422: { description: 'Rejected rows, listed; nothing was written' },
      },
    },
    async ({ req, reply, params, query }) => {
      if (typeof req.body !== 'string') throw new Problem(415, 'Formato non supportato', 'Invia il file come text/csv (UTF-8).');
      const dryRun = query.dryRun === 'true';
      const report = await runImport(req.principal, params.programmeId, req.body, dryRun);
      if (!dryRun && report.rejected > 0) {
        throw new Problem(
          422,
          'File non importabile',
          `${report.rejected} righe su ${report.rows} hanno problemi: nessun servizio è stato importato.`,
          undefined,
          {
            report,
          },
        );
      }
      return reply.code(dryRun ? 200 : 201).send(report);
    },
  );

  async function runImport(principal: Principal | null, programmeId: string, text: string, dryRun: boolean) {
    try {
      const report = await importNational(deps, principal, text, { dryRun, programme: programmeId });
      return report;
    } catch (err) {
      if (err instanceof ImportFormatError)
        throw new Problem(422, 'File non leggibile', `Il file non è nel tracciato nazionale: ${err.message}.`);
      throw err;
    }
  }

  // ---------------- API: open data (public) ----------------

  apiRoute(
    app,
    'GET',
    '/api/v1/opendata/facilitations.csv',
    {
      access: PUBLIC,
      summary:
        'Open data: one row per citizen and service in the national open-data columns; no codice fiscale, name or citizenship; small cells (under 5 a month at a venue) without demographics',
      tags: ['opendata'],
      query: OpenDataQuery,
      responses: { 200: { description: 'CSV', mediaType: 'text/csv' } },
    },
    async ({ reply, query }) => {
      const scope = openDataDefaults(query);
      if (scope.programme) await getProgramme(db, scope.programme);
      return streamDownload(reply, 'text/csv; charset=utf-8', 'facilitazioni-opendata.csv', openDataCsv(deps, scope));
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/opendata/facilitations.json',
    { access: PUBLIC, summary: 'Open data: the same rows as JSON', tags: ['opendata'], query: OpenDataQuery },
    async ({ reply, query }) => {
      const scope = openDataDefaults(query);
      if (scope.programme) await getProgramme(db, scope.programme);
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(Readable.from(openDataJson(deps, scope)));
    },
  );

  const SummaryQuery = OpenDataQuery.extend({ by: z.enum(SUMMARY_BREAKDOWNS).default('month') });
  apiRoute(
    app,
    'GET',
    '/api/v1/opendata/facilitations/summary.json',
    {
      access: PUBLIC,
      summary: 'Open data aggregates: services and new unique citizens per value; every count under 5 is null (suppressed)',
      tags: ['opendata'],
      query: SummaryQuery,
    },
    async ({ query }) => {
      const scope = openDataDefaults(query);
      if (scope.programme) await getProgramme(db, scope.programme);
      return openDataSummary(deps, scope, query.by);
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/opendata/facilitations',
    {
      access: PUBLIC,
      summary: 'The dataset’s description in DCAT-AP_IT (JSON-LD)',
      tags: ['opendata'],
      query: OpenDataQuery.pick({ programme: true }),
      responses: { 200: { description: 'DCAT-AP_IT description', mediaType: 'application/ld+json' } },
    },
    async ({ reply, query }) => {
      const programme = query.programme ?? null;
      // The organisation that owns the programme (or all of them), named by its IPA code.
      const publisher = await openDataPublisher(deps, programme);
      return reply.type('application/ld+json; charset=utf-8').send(dcatDescription(deps, publisher, programme));
    },
  );

  // ---------------- pages: the facilitator ----------------

  /** What the form offers the principal: programmes they may record for, and those programmes' venues. */
  const formChoices = (principal: Principal) => recordFormChoices(deps, principal);

  async function newRecordPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: FormBody; errors?: Record<string, string>; lookup?: svc.Lookup | null; saved?: views.SavedNotice | null },
    status = 200,
  ) {
    const principal = req.principal!;
    const choices = await formChoices(principal);
    let values = extra.values;
    if (!values) {
      const q = req.query as FormBody;
      const defaults = await svc.defaultsFor(deps, principal);
      values = {
        programme: str(q, 'programme') || defaults.programme || (choices.programmes.length === 1 ? choices.programmes[0].id : ''),
        venue: str(q, 'venue') || defaults.venue || '',
        date: str(q, 'date') || svc.todayInRome(),
        duration: str(q, 'duration') || defaults.duration || '00:30',
        kinds: list(q, 'kinds').length ? list(q, 'kinds') : (defaults.kinds ?? ['A']),
        services: list(q, 'services'),
        competences: list(q, 'competences'),
        details: str(q, 'details'),
        consentChannel: 'CARTACEO',
        consentDate: svc.todayInRome(),
      };
    }
    return sendPage(
      reply,
      views.RecordFormPage({
        ctx: pageContext(req, reply),
        mode: 'new',
        choices,
        values,
        errors: extra.errors ?? {},
        lookup: extra.lookup ?? null,
        saved: extra.saved ?? null,
      }),
      status,
    );
  }

  app.get('/admin/facilitazioni/nuova', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const q = req.query as { saved?: string; new?: string };
    let saved: views.SavedNotice | null = null;
    if (q.saved && typeof q.saved === 'string') {
      try {
        const r = await svc.getRecord(deps, req.principal, q.saved);
        saved = { id: r.id, isNew: q.new === '1', ageBand: r.citizen.ageBand, gender: r.citizen.gender };
      } catch {
        saved = null;
      }
    }
    return newRecordPage(req, reply, { saved });
  });

  app.post('/admin/facilitazioni/nuova', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    if (str(body, 'action') === 'lookup') {
      const programme = str(body, 'programme');
      let lookup: svc.Lookup | null = null;
      const errors: Record<string, string> = {};
      if (!str(body, 'fiscalCode') && !str(body, 'identifier')) errors.fiscalCode = 'scrivi il codice fiscale da cercare';
      else if (!programme) errors.programme = 'scegli il programma';
      else {
        try {
          lookup = await svc.lookupCitizen(deps, req.principal, {
            programme,
            fiscalCode: str(body, 'fiscalCode') || undefined,
            identifier: str(body, 'identifier') || undefined,
            date: IsoDate.safeParse(str(body, 'date')).success ? str(body, 'date') : undefined,
          });
        } catch (err) {
          if (!(err instanceof Problem) || err.status >= 500) throw err;
          errors.programme = err.detail ?? err.title;
        }
      }
      if (lookup?.error) errors.fiscalCode = lookup.error;
      const values = { ...body };
      if (lookup?.profile) {
        for (const k of ['education', 'employment', 'citizenship', 'province'] as const) {
          if (lookup.profile[k] && !str(body, k)) values[k] = lookup.profile[k] ?? '';
        }
      }
      return newRecordPage(req, reply, { values, errors, lookup }, Object.keys(errors).length ? 422 : 200);
    }
    return formAction(
      async () => {
        const res = await svc.createRecord(deps, req.principal, recordInputFromForm(body), 'form');
        return reply.redirect(`/admin/facilitazioni/nuova?saved=${res.id}&new=${res.citizen.new ? 1 : 0}`, 303);
      },
      (errors, status) => newRecordPage(req, reply, { values: body, errors: flatErrors(errors) }, status),
    );
  });

  app.get('/admin/facilitazioni', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const q = req.query as { after?: string; deleted?: string };
    const page = await svc.listRecords(deps, req.principal!, {
      mine: true,
      limit: 50,
      after: typeof q.after === 'string' ? q.after : undefined,
    });
    const venueIds = [...new Set(page.items.map((r) => r.venue))];
    const programmeIds = [...new Set(page.items.map((r) => r.programme))];
    const [venues, programmes] = await Promise.all([
      svc.venueNames(deps, venueIds),
      Promise.all(programmeIds.map((id) => getProgramme(db, id).catch(() => null))),
    ]);
    const programmeNames = new Map(programmes.filter((p): p is Programme => !!p).map((p) => [p.id, p.name]));
    return sendPage(
      reply,
      views.MyRecordsPage({
        ctx: pageContext(req, reply),
        items: page.items,
        next: page.next,
        venues,
        programmes: programmeNames,
        deleted: q.deleted === '1',
        now: new Date().toISOString(),
      }),
    );
  });

  async function editPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: FormBody; errors?: Record<string, string>; notice?: string | null },
    status = 200,
  ) {
    const id = (req.params as { recordId: string }).recordId;
    const { view, fiscalCode, right } = await svc.recordForEdit(deps, req.principal!, id);
    const choices = await formChoices(req.principal!);
    const values: FormBody = extra.values ?? {
      programme: view.programme,
      venue: view.venue,
      date: view.date,
      duration: view.duration,
      kinds: view.kinds,
      competences: view.competences.map(String),
      services: view.services,
      details: view.details ?? '',
      fiscalCode: fiscalCode ?? '',
      education: view.citizen.education ?? '',
      employment: view.citizen.employment ?? '',
      citizenship: view.citizen.citizenship ?? '',
      province: view.citizen.province ?? '',
      gender: view.citizen.hasFiscalCode ? '' : (view.citizen.gender ?? ''),
      ageBand: view.citizen.hasFiscalCode ? '' : (view.citizen.ageBand ?? ''),
      consentChannel: view.citizen.consent.channel ?? '',
      consentDate: view.citizen.consent.date ?? '',
      facilitator: view.facilitator,
    };
    if (!choices.programmes.some((p) => p.id === view.programme)) {
      const p = await getProgramme(db, view.programme);
      choices.programmes.push({ id: p.id, name: p.name, organisation: p.organisation.name, nationalReporting: p.nationalReporting });
    }
    return sendPage(
      reply,
      views.RecordFormPage({
        ctx: pageContext(req, reply),
        mode: 'edit',
        record: view,
        right,
        choices,
        values,
        errors: extra.errors ?? {},
        lookup: null,
        saved: null,
        notice: extra.notice ?? null,
      }),
      status,
    );
  }

  app.get('/admin/facilitazioni/:recordId', { config: { access: facilitatorsOfRecord } }, async (req, reply) => {
    const q = req.query as { saved?: string; sent?: string };
    return editPage(req, reply, { notice: q.saved === '1' ? 'saved' : q.sent === '1' ? 'sent' : null });
  });

  app.post('/admin/facilitazioni/:recordId', { config: { access: facilitatorsOfRecord } }, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    const id = (req.params as { recordId: string }).recordId;
    return formAction(
      async () => {
        const input = recordInputFromForm(body);
        const { programme: _p, citizen, ...rest } = input as { programme: string; citizen: Record<string, unknown> };
        // An empty codice fiscale on the edit form means "unchanged" unless the person cleared it on purpose.
        const patchCitizen = { ...citizen };
        if (!('fiscalCode' in patchCitizen) && str(body, 'clearFiscalCode') !== '1') delete patchCitizen.fiscalCode;
        if (str(body, 'clearFiscalCode') === '1') patchCitizen.fiscalCode = '';
        await svc.updateRecord(deps, req.principal, id, { ...rest, citizen: patchCitizen });
        return reply.redirect(`/admin/facilitazioni/${id}?saved=1`, 303);
      },
      (errors, status) => editPage(req, reply, { values: body, errors: flatErrors(errors) }, status),
    );
  });

  app.post('/admin/facilitazioni/:recordId/elimina', { config: { access: facilitatorsOfRecord } }, async (req, reply) => {
    const id = (req.params as { recordId: string }).recordId;
    return formAction(
      async () => {
        await svc.deleteRecord(deps, req.principal, id);
        return reply.redirect('/admin/facilitazioni?deleted=1', 303);
      },
      (errors, status) => editPage(req, reply, { errors }, status),
    );
  });

  app.post('/admin/facilitazioni/:recordId/questionario', { config: { access: facilitatorsOfRecord } }, async (req, reply) => {
    const id = (req.params as { recordId: string }).recordId;
    const body = (req.body ?? {}) as FormBody;
    return formAction(
      async () => {
        await svc.sendQuestionnaire(deps, req.principal, id, { email: str(body, 'questionnaireEmail') });
        return reply.redirect(`/admin/facilitazioni/${id}?sent=1`, 303);
      },
      (errors, status) =>
        editPage(req, reply, { errors: { questionnaireEmail: errors.email ?? errors._ ?? Object.values(errors)[0] } }, status),
    );
  });

  // ---------------- pages: programme staff ----------------

  app.get('/admin/programmes/:programmeId/cruscotto', { config: { access: staffOfProgramme } }, async (req, reply) => {
    const id = (req.params as { programmeId: string }).programmeId;
    const raw = req.query as Record<string, string | undefined>;
    const q = DashboardQuery.safeParse({
      from: raw.from || undefined,
      to: raw.to || undefined,
      municipality: raw.municipality || undefined,
      venue: raw.venue || undefined,
    });
    const errors: Record<string, string> = q.success
      ? {}
      : errorsByField(q.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    const filter = q.success ? dashboardFilter(q.data) : {};
    let dashboard: Awaited<ReturnType<typeof programmeDashboard>>;
    try {
      dashboard = await programmeDashboard(deps, id, filter);
    } catch (err) {
      if (!(err instanceof Problem) || err.status !== 422) throw err;
      Object.assign(errors, errorsByField(err.errors));
      dashboard = await programmeDashboard(deps, id, {});
    }
    const programme = await getProgramme(db, id);
    const orgIds = [programme.organisation.id, ...programme.partners.map((p) => p.id)];
    const venues = (await Promise.all(orgIds.map((o) => listVenues(db, o)))).flat();
    const settings = await svc.settingsFor(deps, id);
    return sendPage(
      reply,
      views.DashboardPage({
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
  });

  const BreakdownParam = z.object({ programmeId: z.string(), breakdown: z.string() });
  app.get('/admin/programmes/:programmeId/cruscotto/:breakdown', { config: { access: staffOfProgramme } }, async (req, reply) => {
    const params = parse(BreakdownParam, req.params);
    const m = /^([A-Za-z]+)\.csv$/.exec(params.breakdown);
    const by = m?.[1] as Breakdown | undefined;
    if (!by || !(BREAKDOWNS as readonly string[]).includes(by)) throw new Problem(404, 'Non trovato', 'Questa suddivisione non esiste.');
    const raw = req.query as Record<string, string | undefined>;
    const q = parse(DashboardQuery, {
      from: raw.from || undefined,
      to: raw.to || undefined,
      municipality: raw.municipality || undefined,
      venue: raw.venue || undefined,
    });
    const d = await programmeDashboard(deps, params.programmeId, dashboardFilter(q), [by]);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cruscotto-${by}-${d.period.from}-${d.period.to}.csv"`)
      .send(breakdownCsv(d.breakdowns[by]));
  });

  app.post('/admin/programmes/:programmeId/cruscotto/impostazioni', { config: { access: staffOfProgramme } }, async (req, reply) => {
    const id = (req.params as { programmeId: string }).programmeId;
    const body = (req.body ?? {}) as FormBody;
    const days = str(body, 'editWindowDays');
    await svc.putSettings(deps, req.principal, id, {
      editWindowDays: days === '' ? null : /^\d+$/.test(days) ? Number(days) : days,
      admitsMinors: str(body, 'admitsMinors') === '1',
    });
    return reply.redirect(`/admin/programmes/${id}/cruscotto?settings=1`, 303);
  });

  async function exportPage(req: FastifyRequest, reply: FastifyReply, errors: Record<string, string> = {}, status = 200) {
    const id = (req.params as { programmeId: string }).programmeId;
    const programme = await getProgramme(db, id);
    const raw = { ...(req.query as Record<string, string | undefined>), ...((req.body as Record<string, string | undefined>) ?? {}) };
    const today = svc.todayInRome();
    const from = raw.from || (programme.start > `${today.slice(0, 4)}-01-01` ? programme.start : `${today.slice(0, 4)}-01-01`);
    const to = raw.to || [programme.end, today].sort()[0];
    // Only what is still to send, unless the form was sent with the box cleared.
    const pending = raw.pending === '1' || (raw.from === undefined && raw.pending === undefined);
    let precheck = null;
    const periodOk = IsoDate.safeParse(from).success && IsoDate.safeParse(to).success && from <= to;
    if (!periodOk) errors.to ??= 'indica un periodo valido (AAAA-MM-GG), con la data finale dopo quella iniziale';
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

  app.get('/admin/programmes/:programmeId/export', { config: { access: staffOfProgramme } }, async (req, reply) => exportPage(req, reply));

  app.post('/admin/programmes/:programmeId/export', { config: { access: staffOfProgramme } }, async (req, reply) => {
    const id = (req.params as { programmeId: string }).programmeId;
    const body = (req.body ?? {}) as FormBody;
    const q = ExportQuery.safeParse({
      from: str(body, 'from'),
      to: str(body, 'to'),
      format: str(body, 'format') || 'national',
      pending: str(body, 'pending') === '1' ? 'true' : 'false',
    });
    if (!q.success || q.data.from > q.data.to) return exportPage(req, reply, { to: 'indica un periodo valido' }, 422);
    const programme = await assertExportAllowed(deps, req.principal, id);
    return sendExport(
      req,
      reply,
      programme,
      { programme: id, from: q.data.from, to: q.data.to, pending: q.data.pending === 'true' },
      q.data.format,
      'page',
    );
  });

  app.post(
    '/admin/programmes/:programmeId/export/batches/:batchId/caricato',
    { config: { access: staffOfProgramme } },
    async (req, reply) => {
      const { programmeId, batchId } = req.params as { programmeId: string; batchId: string };
      const body = (req.body ?? {}) as Record<string, unknown>;
      const file = body.outcome;
      const text = Buffer.isBuffer(file) ? file.toString('utf8') : typeof file === 'string' ? file : '';
      await svc.markBatchUploaded(deps, req.principal, programmeId, batchId, {
        outcome: text || null,
        outcomeName: text ? 'esito.csv' : null,
      });
      return reply.redirect(`/admin/programmes/${programmeId}/export?saved=1`, 303);
    },
  );

  app.get('/admin/programmes/:programmeId/export/batches/:batchId/esito', { config: { access: staffOfProgramme } }, async (req, reply) => {
    const { programmeId, batchId } = req.params as { programmeId: string; batchId: string };
    const outcome = await svc.batchOutcome(deps, programmeId, batchId);
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${outcome.name}"`)
      .header('cache-control', 'no-store')
      .send(outcome.text);
  });

  async function importPage(req: FastifyRequest, reply: FastifyReply, extra: Partial<views.ImportPageProps> = {}, status = 200) {
    const id = (req.params as { programmeId: string }).programmeId;
    const programme = await getProgramme(db, id);
    return sendPage(
      reply,
      views.ImportPage({ ctx: pageContext(req, reply, programme.organisation.name), programme, report: null, error: null, ...extra }),
      status,
    );
  }

  app.get('/admin/programmes/:programmeId/import', { config: { access: staffOfProgramme } }, async (req, reply) => importPage(req, reply));

  app.post('/admin/programmes/:programmeId/import', { config: { access: staffOfProgramme } }, async (req, reply) => {
    const id = (req.params as { programmeId: string }).programmeId;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    const text = Buffer.isBuffer(file) ? file.toString('utf8') : typeof file === 'string' ? file : '';
    if (!text.trim()) return importPage(req, reply, { error: 'Scegli un file CSV nel tracciato nazionale.' }, 422);
    const dryRun = body.mode !== 'import';
    try {
      const report = await runImport(req.principal, id, text, dryRun);
      return importPage(req, reply, { report }, !dryRun && report.rejected > 0 ? 422 : 200);
    } catch (err) {
      if (err instanceof Problem && err.status < 500) return importPage(req, reply, { error: err.detail ?? err.title }, err.status);
      throw err;
    }
  });

  // ---------------- the citizen's questionnaire (public) ----------------

  const QuestionnaireParam = z.object({ recordId: z.string() });
  app.get('/questionario/:recordId', { config: { access: PUBLIC } }, async (req, reply) => {
    const { recordId } = parse(QuestionnaireParam, req.params);
    const token = (req.query as { token?: string }).token;
    const q = await svc.questionnaireFor(deps, recordId, typeof token === 'string' ? token : undefined);
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    return sendPage(
      reply,
      views.QuestionnairePage({ ctx: pageContext(req, reply), q, token: token ?? '', values: {}, errors: {}, done: false }),
    );
  });

  app.post(
    '/questionario/:recordId',
    { config: { access: PUBLIC, publicWrite: true, ...(rateLimit ? { rateLimit } : {}) } },
    async (req, reply) => {
      const { recordId } = parse(QuestionnaireParam, req.params);
      const body = (req.body ?? {}) as FormBody;
      const token = str(body, 'token');
      const q = await svc.questionnaireFor(deps, recordId, token);
      reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
      const es6 = str(body, 'es6');
      return formAction(
        async () => {
          if (q.status === 'answered') throw new Problem(409, 'Già compilato', 'Questo questionario è già stato compilato. Grazie!');
          await svc.answerQuestionnaire(deps, recordId, token, {
            es1: list(body, 'es1'),
            es2: list(body, 'es2'),
            es3: str(body, 'es3') || undefined,
            es4: str(body, 'es4'),
            es5: list(body, 'es5'),
            es6: /^\d$/.test(es6) ? Number(es6) : es6 || undefined,
          });
          return sendPage(
            reply,
            views.QuestionnairePage({
              ctx: pageContext(req, reply),
              q: { ...q, status: 'answered' },
              token: '',
              values: {},
              errors: {},
              done: true,
            }),
          );
        },
        async (errors, status) =>
          sendPage(reply, views.QuestionnairePage({ ctx: pageContext(req, reply), q, token, values: body, errors, done: false }), status),
      );
    },
  );
}
