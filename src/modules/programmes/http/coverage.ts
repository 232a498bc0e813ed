import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiRoute } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_MEMBERS } from '../../../core/roles.js';
import type { Db } from '../../../db/index.js';
import { formAction } from '../../../web/form-action.js';
import type { Errors } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { CSV_TYPE, csvDocument } from '../../events/service.js';
import { CoverageOut, PeriodQuery, ReportOut } from '../reach/schemas.js';
import { coverageOf, type ProgrammeReport, programmeReport } from '../reach/service.js';
import { AUDIENCE_COLUMNS, audienceLabel, CoveragePage, PLACE_COLUMNS, ReportPage } from '../reach/views.js';
import { ProgrammeParam } from '../schemas.js';
import * as svc from '../service.js';
import { programmeAccess } from './owners.js';

type PeriodView = { Params: { programmeId: string }; Querystring: { from?: string; to?: string } };

/** A programme's coverage of its comuni and its report by comune and audience: staff pages, CSV and API. */
export const programmeCoverageRoutes: RoutePlugin = async (app, deps) => {
  registerPages(app, deps);
  registerApi(app, deps);
};

/** The query's two dates as typed (a repeated parameter keeps its first value), for the form. */
function periodValues(q: Record<string, unknown> | undefined): { from?: string; to?: string } {
  const one = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
  return { from: one(q?.from), to: one(q?.to) };
}

async function renderPeriodPage(
  db: Db,
  req: FastifyRequest<PeriodView>,
  reply: FastifyReply,
  render: (report: ProgrammeReport | null, errors: Errors) => Parameters<typeof sendPage>[1],
) {
  const values = periodValues(req.query as Record<string, unknown>);
  return formAction(
    async () => sendPage(reply, render(await programmeReport(db, req.params.programmeId, values), {})),
    async (errors, status) => sendPage(reply, render(null, errors), status),
    req.lang,
  );
}

function registerPages(app: FastifyInstance, { db }: Deps): void {
  const access = { access: programmeAccess(db, ORG_MEMBERS) };
  app.get<PeriodView>('/admin/programmes/:programmeId/copertura', { config: access }, async (req, reply) => {
    const programme = await svc.getProgramme(db, req.params.programmeId, req.principal ?? null);
    const ctx = pageContext(req, reply, programme.organisation.name);
    const values = periodValues(req.query as Record<string, unknown>);
    return renderPeriodPage(db, req, reply, (report, errors) =>
      CoveragePage({
        ctx,
        programme,
        period: report?.period ?? null,
        municipalities: report ? coverageOf(report) : [],
        values: report ? report.period : values,
        errors,
      }),
    );
  });

  app.get<PeriodView>('/admin/programmes/:programmeId/rapporto', { config: access }, async (req, reply) => {
    const programme = await svc.getProgramme(db, req.params.programmeId, req.principal ?? null);
    const ctx = pageContext(req, reply, programme.organisation.name);
    const values = periodValues(req.query as Record<string, unknown>);
    return renderPeriodPage(db, req, reply, (report, errors) =>
      ReportPage({ ctx, programme, report, values: report ? report.period : values, errors }),
    );
  });

  app.get<PeriodView>('/admin/programmes/:programmeId/rapporto.csv', { config: access }, async (req, reply) => {
    const report = await programmeReport(db, req.params.programmeId, periodValues(req.query as Record<string, unknown>));
    return reply
      .type(CSV_TYPE)
      .header('content-disposition', `attachment; filename="rapporto-${report.period.from}-${report.period.to}.csv"`)
      .send(reportCsv(report, req.lang));
  });
}

/** The report as one CSV: the rows by comune with their total, a blank line, the rows by audience with theirs. */
export function reportCsv(report: ProgrammeReport, l: 'it' | 'en' = 'it'): string {
  const total = t(l, 'programme.report.total');
  return csvDocument([
    [t(l, 'programme.coverage.municipality'), 'ISTAT', ...PLACE_COLUMNS.map(([, k]) => t(l, k))],
    ...report.places.map((r) => [r.name, r.code, ...PLACE_COLUMNS.map(([k]) => r[k])]),
    [total, '', ...PLACE_COLUMNS.map(([k]) => report.placesTotal[k])],
    [],
    [t(l, 'programme.report.audience'), '', ...AUDIENCE_COLUMNS.map(([, k]) => t(l, k))],
    ...report.audiences.map((r) => [audienceLabel(l, r.audience), '', ...AUDIENCE_COLUMNS.map(([k]) => r[k as keyof typeof r])]),
    [total, '', ...AUDIENCE_COLUMNS.map(([k]) => report.audiencesTotal[k as keyof typeof report.audiencesTotal])],
  ]);
}

function registerApi(app: FastifyInstance, { db }: Deps): void {
  const access = programmeAccess(db, ORG_MEMBERS);
  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId/coverage',
    {
      access,
      summary: "Each of the programme's comuni with its initiatives, people reached and volunteers in a period; covered false when none",
      tags: ['programmes'],
      params: ProgrammeParam,
      query: PeriodQuery,
      responses: { 200: { description: 'OK', schema: CoverageOut }, 400: { description: 'A date not valid, or the end before the start' } },
    },
    async ({ params, query }) => ({ municipalities: coverageOf(await programmeReport(db, params.programmeId, query)) }),
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/programmes/:programmeId/report',
    {
      access,
      summary: "The programme's report by comune and by audience for a period, each table with its total",
      tags: ['programmes'],
      params: ProgrammeParam,
      query: PeriodQuery,
      responses: { 200: { description: 'OK', schema: ReportOut }, 400: { description: 'A date not valid, or the end before the start' } },
    },
    async ({ params, query }) => {
      const { programme: _, ...report } = await programmeReport(db, params.programmeId, query);
      return report;
    },
  );
}
