import { z } from 'zod';
import { PUBLIC } from '../../../../core/access.js';
import { apiRouter } from '../../../../core/api.js';
import { auditLog } from '../../../../core/audit.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { limitedApp } from '../../../../core/public-writes.js';
import { CSV_TYPE } from '../../../events/service.js';
import { reportsCsv, reportsGeoJson } from '../exports.js';
import { MergeBody, ReportCreate, ReportFilter, ReportOut, ReportsGeoJson } from '../schemas.js';
import * as svc from '../service.js';
import { staffAccess } from './access.js';

const organisationLog = auditLog('organisation');

const OrgParam = z.object({ organisationId: z.string() });
const ReportParam = z.object({ connectivityReportId: z.string() });
const ListQuery = ReportFilter.extend({
  format: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['json', 'csv', 'geojson'], { message: 'connectivity.check.format' }).default('json'),
  ),
});
const CountsOut = z.object({
  items: z.array(
    z.object({ code: z.string().nullable(), name: z.string().nullable(), byProblem: z.record(z.string(), z.number()), total: z.number() }),
  ),
});

/** The connectivity reports' API: the public report and counts, staff lists, exports and closing. */
export const connectivityApiRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = staffAccess(deps);
  const api = apiRouter(app, { tags: ['participation'] });

  api.on(limitedApp(app, deps)).post(
    '/api/v1/connectivity-reports',
    {
      access: PUBLIC,
      publicWrite: true,
      summary:
        'Report a place without connectivity (no account): the organisation, a comune of it (`locality`, ISTAT code) and a `street`, or a point (`lat`, `lon`), the problem, the operator and the kind of building; optional e-mail for follow-up (encrypted, erased after a year). A point outside the organisation’s comuni is kept and flagged (`outside`). 422 names each field a rule refuses.',
      body: ReportCreate,
      created: { description: 'Recorded', schema: ReportOut },
    },
    async ({ req }) => svc.createReport(deps, req.body),
  );

  api.get(
    '/api/v1/organisations/:organisationId/connectivity-counts',
    {
      access: PUBLIC,
      summary: 'Open connectivity reports counted by comune and kind of problem: never the reporter, never a position.',
      params: OrgParam,
      ok: { description: 'Counts', schema: CountsOut },
    },
    async ({ params }) => {
      await svc.placesOf(db, params.organisationId);
      return { items: await svc.localityCounts(db, params.organisationId) };
    },
  );

  api.get(
    '/api/v1/organisations/:organisationId/connectivity-reports',
    {
      access: access.organisation,
      summary:
        'The organisation’s connectivity reports, newest first, filtered by `status` and `problem`; `format=csv` (semicolon-separated, for a spreadsheet) or `format=geojson` (an RFC 7946 FeatureCollection of the reports that have a point). Never the reporter’s contact.',
      params: OrgParam,
      query: ListQuery,
      ok: {
        description: 'Reports (JSON, CSV or GeoJSON)',
        schema: z.object({ items: z.array(ReportOut) }),
        also: [{ mediaType: CSV_TYPE.split(';')[0] }, { mediaType: 'application/geo+json', schema: ReportsGeoJson }],
      },
    },
    async ({ req, reply, params, query }) => {
      const { format, ...filter } = query;
      const reports = await svc.listReports(db, params.organisationId, filter);
      if (format === 'json') return { items: reports };
      await organisationLog(
        db.k,
        'export-connectivity-reports',
        { id: params.organisationId, organisationId: params.organisationId },
        req.principal,
        { format, count: reports.length },
      );
      if (format === 'csv') {
        return reply
          .type(CSV_TYPE)
          .header('content-disposition', 'attachment; filename="segnalazioni-connessione.csv"')
          .send(reportsCsv(reports));
      }
      return reply
        .type('application/geo+json')
        .header('content-disposition', 'attachment; filename="segnalazioni-connessione.geojson"')
        .send(JSON.stringify(reportsGeoJson(reports)));
    },
  );

  const connectivityReport = api.under('/api/v1/connectivity-reports/:connectivityReportId', {
    access: access.report,
    params: ReportParam,
    out: ReportOut,
  });
  connectivityReport.post(
    '/resolve',
    {
      summary: 'Mark a report resolved (audited); a report already resolved or merged is refused (409).',
      ok: 'Resolved',
    },
    async ({ req, params }) => svc.resolveReport(db, req.principal, params.connectivityReportId),
  );

  connectivityReport.post(
    '/merge',
    {
      summary: 'Merge a duplicate into another open report of the same organisation (`into`), audited; it leaves the counts.',
      body: MergeBody,
      ok: 'Merged',
    },
    async ({ req, params, body }) => svc.mergeReport(db, req.principal, params.connectivityReportId, body),
  );
};
