import { z } from 'zod';
import { orgAccess, PUBLIC, SIGNED_IN } from '../../../core/access.js';
import { type ApiOwnedRouter, type ApiRouter, apiRouter } from '../../../core/api.js';
import { withIdempotency } from '../../../core/idempotency.js';
import type { RoutePlugin } from '../../../core/module.js';
import { type FieldError, refuse } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { nowIso } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import type { RowProblem } from '../csv.js';
import { countKey } from '../messages.js';
import {
  ImportQuery,
  ImportReportOut,
  ServiceCreate,
  ServicePatch,
  ServiceQuery,
  SheetListOut,
  SheetOut,
  StepsPut,
  VersionListOut,
} from '../schemas.js';
import * as svc from '../service.js';
import { owners, titledProblem } from './common.js';
import { acceptCsvBodies, MiB } from './uploads.js';

const ServiceParam = z.object({ serviceId: z.string() });
const VersionParam = z.object({ serviceId: z.string(), versionId: z.string() });
const OrgParam = z.object({ organisationId: z.string() });

/** The service sheets' API: public reads, writes and versions for the staff, CSV import and export. */
export const guideApiRoutes: RoutePlugin = async (app, { db }) => {
  acceptCsvBodies(app);
  const api = apiRouter(app, { tags: ['services'] });
  const sheet = api.owned('/api/v1/services/:serviceId', { params: ServiceParam, owner: owners(db).sheet, out: SheetOut });
  const organisation = api.owned('/api/v1/organisations/:organisationId/services', { params: OrgParam, owner: owners(db).organisation });
  registerReads(api, sheet, db);
  registerWrites(api, sheet, db);
  registerVersions(api, sheet, db);
  registerImport(organisation, db);
  registerExport(organisation, db);
};

/** The routes of one service sheet, each open to its own roles in the sheet's organisation. */
type SheetRoutes = ApiOwnedRouter<typeof ServiceParam>;
type OrganisationRoutes = ApiOwnedRouter<typeof OrgParam>;

function registerReads(api: ApiRouter, sheet: SheetRoutes, db: Db): void {
  api.get(
    '/api/v1/services',
    {
      access: PUBLIC,
      summary:
        'Published service sheets: searched in Italian (q, best first) or browsed by name; filters by organisation, category, lifeEvent',
      query: ServiceQuery,
      ok: SheetListOut,
    },
    async ({ query }) => {
      const result = await svc.listPublished(db, query);
      return { ...result, limit: query.limit, offset: query.offset };
    },
  );

  sheet.get(
    '',
    {
      access: PUBLIC,
      summary: 'A service sheet with its steps, FAQs and links (published; any status for members of its organisation)',
      ok: 'The sheet',
    },
    async ({ params, req }) => svc.getVisibleSheet(db, params.serviceId, req.principal),
  );
}

function registerWrites(api: ApiRouter, sheet: SheetRoutes, db: Db): void {
  api.post(
    '/api/v1/services',
    {
      access: SIGNED_IN,
      summary: "Create a service sheet in an organisation (staff of the body's organisation)",
      body: ServiceCreate,
      idempotent: true,
      created: z.object({ id: z.string() }),
      ownerInBody: { roles: ORG_STAFF, refusal: 'guides.error.notStaff' },
    },
    async ({ req, reply }) => {
      return withIdempotency(db, req, reply, `services:create:${req.principal!.userId}`, async () => ({
        status: 201,
        body: await svc.createSheet(db, svc.actorOf(req.principal), req.body),
      }));
    },
  );

  sheet.patch(
    '',
    {
      roles: ORG_STAFF,
      summary: 'Change a service sheet and/or move it in the workflow (draft → review → published); every change is a new version',
      body: ServicePatch,
      bodyLimit: 256 * 1024,
      ok: 'The sheet as changed',
    },
    async ({ req, params }) => svc.updateSheet(db, svc.actorOf(req.principal), params.serviceId, req.body),
  );

  sheet.put(
    '/steps',
    {
      roles: ORG_STAFF,
      summary: 'Replace the step-by-step guide of a sheet (numbered steps; an image needs its alternative text)',
      body: StepsPut,
      bodyLimit: 256 * 1024,
      ok: 'The sheet as changed',
    },
    async ({ req, params }) => svc.setSteps(db, svc.actorOf(req.principal), params.serviceId, req.body),
  );
}

function registerVersions(api: ApiRouter, sheet: SheetRoutes, db: Db): void {
  sheet.get(
    '/versions',
    { roles: ORG_STAFF, summary: 'Every version of a sheet, newest first, with author, time and the full content', ok: VersionListOut },
    async ({ params }) => ({ items: await svc.listVersions(db, params.serviceId) }),
  );

  api.post(
    '/api/v1/services/:serviceId/versions/:versionId/restore',
    {
      access: orgAccess('serviceId', ORG_STAFF, owners(db).sheet),
      summary: 'Restore the content of a version as a new version (the workflow status does not change)',
      params: VersionParam,
      ok: { description: 'The sheet with the content restored', schema: SheetOut },
    },
    async ({ req, params }) => svc.restoreVersion(db, svc.actorOf(req.principal), params.serviceId, params.versionId),
  );
}

function problemsAsErrors(problems: RowProblem[]): FieldError[] {
  return problems.map((p) => ({ field: `rows.${p.row}${p.column ? `.${p.column}` : ''}`, message: p.message }));
}

/** The CSV of an import: the body as text/csv, or JSON `{ "csv": "…" }`. */
function csvText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null && 'csv' in body && typeof body.csv === 'string') return body.csv;
  return undefined;
}

function registerImport(organisation: OrganisationRoutes, db: Db): void {
  organisation.post(
    '/import',
    {
      roles: ORG_STAFF,
      summary:
        'Import sheets from CSV (body text/csv, UTF-8, at most 1 MiB, or JSON { "csv": "…" }; columns as in export.csv). dryRun=true checks every row and writes nothing; a file with any problem writes nothing',
      query: ImportQuery,
      bodyLimit: MiB,
      bodyMediaTypes: ['text/csv', 'application/json'],
      ok: { description: 'Dry run: the report of every row', schema: ImportReportOut },
      created: { description: 'Imported', schema: ImportReportOut },
      responses: { 422: { description: 'The file has problems (listed by row and column); nothing was written' } },
    },
    async ({ req, reply, params, query }) => {
      const text = csvText(req.body);
      if (text === undefined) throw refuse(415, 'guides.error.csvBody');
      const dryRun = query.dryRun === 'true';
      const run = async () => {
        const report = await svc.importCsv(db, svc.actorOf(req.principal), params.organisationId, text, dryRun);
        if (!report.ok && !dryRun) {
          throw titledProblem(
            422,
            'guides.error.import.title',
            countKey('guides.error.import', report.problems.length),
            { n: report.problems.length },
            problemsAsErrors(report.problems),
            { problems: report.problems, rows: report.rows },
          );
        }
        return { status: dryRun ? 200 : 201, body: report };
      };
      if (dryRun) {
        const r = await run();
        return reply.code(r.status).send(r.body);
      }
      return withIdempotency(db, req, reply, `services:import:${params.organisationId}`, run);
    },
  );
}

function registerExport(organisation: OrganisationRoutes, db: Db): void {
  organisation.get(
    '/export.csv',
    {
      roles: ORG_STAFF,
      summary: 'Every sheet of the organisation as CSV (the columns import reads)',
      ok: { description: 'The sheets as CSV', mediaType: 'text/csv' },
    },
    async ({ reply, params }) => {
      const csv = await svc.exportOrganisationCsv(db, params.organisationId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="schede-servizio-${nowIso().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );
}
