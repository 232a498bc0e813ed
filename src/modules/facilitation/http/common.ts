import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { orgAccessTo } from '../../../core/access.js';
import type { Principal } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import { fieldError, refuse, refuseAs } from '../../../core/problems.js';
import { ORG_FACILITATORS, ORG_STAFF } from '../../../core/roles.js';
import { organisationOfProgramme, type Programme } from '../../programmes/service.js';
import { breakdownCsv, type DashboardFilter, type programmeDashboard } from '../dashboard.js';
import { auditExport, type ExportScope, plainCsv } from '../exports.js';
import { ImportFormatError, importNational } from '../imports.js';
import { nationalDownload } from '../national-files.js';
import { openDataCsv } from '../opendata.js';
import type { Breakdown, DashboardQuery } from '../schemas.js';
import * as svc from '../service.js';

export const MiB = 1024 * 1024;
/** Largest import file. */
export const IMPORT_MAX = 20 * MiB;

/** Who may reach a programme's staff routes and a record's routes. */
export function accessRules(deps: Deps) {
  const { db } = deps;
  return {
    staffOfProgramme: orgAccessTo(db, 'programmeId', ORG_STAFF, organisationOfProgramme),
    facilitatorsOfRecord: orgAccessTo(db, 'recordId', ORG_FACILITATORS, svc.organisationOfRecord),
  };
}

export const dashboardFilter = (q: z.output<typeof DashboardQuery>): DashboardFilter => ({
  from: q.from,
  to: q.to,
  municipality: q.municipality,
  venue: q.venue,
});

/** The dashboard filters of a page's query, an empty field meaning "not given". */
export const dashboardFields = (raw: Record<string, string | undefined>) => ({
  from: raw.from || undefined,
  to: raw.to || undefined,
  municipality: raw.municipality || undefined,
  venue: raw.venue || undefined,
});

/** One breakdown of a dashboard as a CSV download. */
export function sendBreakdownCsv(reply: FastifyReply, d: Awaited<ReturnType<typeof programmeDashboard>>, by: Breakdown): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="cruscotto-${by}-${d.period.from}-${d.period.to}.csv"`)
    .send(breakdownCsv(d.breakdowns[by]));
}

export function streamDownload(
  reply: FastifyReply,
  type: string,
  filename: string,
  chunks: AsyncGenerator<string | Uint8Array>,
): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(chunks));
}

/** A file sent as a form field (multipart) or as text: its text, or '' when none. */
export const uploadedText = (file: unknown): string =>
  Buffer.isBuffer(file) ? file.toString('utf8') : typeof file === 'string' ? file : '';

/** Streams a programme's services of a period in one of the export formats, after writing the audit entry. */
export async function sendExport(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  programme: Programme,
  scope: ExportScope & { pending?: boolean },
  format: 'national' | 'opendata' | 'csv',
  via: string,
): Promise<FastifyReply> {
  if (scope.from > scope.to) throw refuse(422, 'fac.err.period.order', undefined, [fieldError('to', 'fac.err.period.to')]);
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

/** Imports (or checks) a file in the national layout; a file that is not in the layout is a 422. */
export async function runImport(deps: Deps, principal: Principal | null, programmeId: string, text: string, dryRun: boolean) {
  try {
    return await importNational(deps, principal, text, { dryRun, programme: programmeId });
  } catch (err) {
    if (err instanceof ImportFormatError)
      throw refuseAs(422, 'fac.err.file.unreadable.title', 'fac.err.file.unreadable', { reason: err.message });
    throw err;
  }
}
