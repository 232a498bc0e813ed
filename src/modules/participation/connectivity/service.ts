import { auditLog } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import { isId, newId } from '../../../core/ids.js';
import { enqueueJob } from '../../../core/jobs.js';
import { type KeyConfig, keyRing } from '../../../core/keys.js';
import { type FieldError, fieldError, refuse } from '../../../core/problems.js';
import { addMs, nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { ConnectivityReportTable } from '../../../db/schema.js';
import { getOrganisation, organisationIdIfExists } from '../../organisations/service.js';
import { placePoint } from './geo.js';
import * as repo from './repo.js';
import {
  type Building,
  MergeBody,
  type Operator,
  PROBLEMS,
  type Problem,
  ReportCreate,
  ReportFilter,
  type ReportFilterInput,
  type ReportInput,
  type Status,
} from './schemas.js';

const reportLog = auditLog('connectivity-report');

/**
 * Connectivity gaps: citizens report a place where the internet does not reach (a comune and a
 * street, or a point on a map), staff see them by locality, on a map and in exports, and close
 * them as resolved or merged into another. The public sees counts only.
 */

/** How long the reporter's e-mail is kept for follow-up, then erased. */
export const CONTACT_KEPT_DAYS = 365;
export const ERASE_CONTACTS_JOB = 'connectivity.erase-contacts';

export interface Place {
  code: string;
  name: string;
}

export interface Report {
  id: string;
  organisation: string;
  locality: string | null;
  localityName: string | null;
  hamlet: string | null;
  street: string | null;
  lat: number | null;
  lon: number | null;
  outside: boolean;
  problem: Problem;
  operator: Operator;
  operatorOther: string | null;
  building: Building;
  schoolName: string | null;
  hasContact: boolean;
  status: Status;
  mergedInto: string | null;
  createdAt: string;
}

/** The comuni an organisation reports for: its member comuni, or its own comune. */
export async function placesOf(db: Db, organisationId: string): Promise<{ name: string; places: Place[] }> {
  const org = await getOrganisation(db, organisationId);
  const members = org.memberMunicipalities.length > 0 ? org.memberMunicipalities : org.municipality ? [org.municipality] : [];
  return { name: org.name, places: members.map((m) => ({ code: m.code, name: m.name })) };
}

function present(r: ConnectivityReportTable, names: Map<string, string>): Report {
  return {
    id: r.id,
    organisation: r.organisation_id,
    locality: r.municipality_code,
    localityName: r.municipality_code ? (names.get(r.municipality_code) ?? null) : null,
    hamlet: r.hamlet,
    street: r.street,
    lat: r.latitude === null ? null : Number(r.latitude),
    lon: r.longitude === null ? null : Number(r.longitude),
    outside: r.outside === 1,
    problem: r.problem as Problem,
    operator: r.operator as Operator,
    operatorOther: r.operator_other,
    building: r.building as Building,
    schoolName: r.school_name,
    hasContact: r.contact_email !== null,
    status: r.status as Status,
    mergedInto: r.merged_into,
    createdAt: r.created_at,
  };
}

/** The rules across fields: a place (a comune and a street, or a point), the school's name, the operator's. */
function reportErrors(data: ReportInput, places: Place[]): FieldError[] {
  const errors: FieldError[] = [];
  const point = data.lat !== undefined && data.lon !== undefined;
  if ((data.lat === undefined) !== (data.lon === undefined))
    errors.push(fieldError(data.lat === undefined ? 'lat' : 'lon', 'connectivity.check.pair'));
  if (data.locality !== undefined && !places.some((p) => p.code === data.locality))
    errors.push(fieldError('locality', 'connectivity.check.locality'));
  if (!point && data.locality === undefined) errors.push(fieldError('locality', 'connectivity.check.place'));
  if (!point && data.locality !== undefined && !data.street) errors.push(fieldError('street', 'connectivity.check.street'));
  if (data.operator === 'other' && !data.operatorOther) errors.push(fieldError('operatorOther', 'connectivity.check.operatorOther'));
  if (data.building === 'school' && !data.schoolName) errors.push(fieldError('schoolName', 'connectivity.check.schoolName'));
  return errors;
}

/**
 * Records a citizen's report. A point outside the organisation's comuni is kept and flagged
 * (`outside`); a point without a comune takes the comune whose area holds it. The e-mail, when
 * given, is encrypted and erased after CONTACT_KEPT_DAYS.
 */
export async function createReport(deps: { db: Db; config?: KeyConfig }, input: unknown): Promise<Report> {
  const { db } = deps;
  const data = parse(ReportCreate, input);
  if (!(await organisationIdIfExists(db, data.organisation))) {
    throw refuse(422, 'connectivity.error.organisation', undefined, [fieldError('organisation', 'connectivity.check.organisation')]);
  }
  const { places } = await placesOf(db, data.organisation);
  const errors = reportErrors(data, places);
  if (errors.length > 0) throw refuse(422, 'connectivity.error.report', undefined, errors);
  const codes = places.map((p) => p.code);
  const placed = data.lat !== undefined && data.lon !== undefined ? placePoint(codes, data.lat, data.lon) : null;
  const now = nowIso();
  const eraseAt = data.email ? addMs(now, CONTACT_KEPT_DAYS * 86_400_000) : null;
  const row: ConnectivityReportTable = {
    id: newId(),
    organisation_id: data.organisation,
    municipality_code: data.locality ?? placed?.municipality ?? null,
    hamlet: data.hamlet ?? null,
    street: data.street ?? null,
    latitude: data.lat ?? null,
    longitude: data.lon ?? null,
    outside: placed?.outside ? 1 : 0,
    problem: data.problem,
    operator: data.operator,
    operator_other: data.operator === 'other' ? (data.operatorOther ?? null) : null,
    building: data.building,
    school_name: data.building === 'school' ? (data.schoolName ?? null) : null,
    contact_email: data.email ? keyRing(deps.config!).encrypt(data.email) : null,
    contact_erase_at: eraseAt,
    status: 'open',
    merged_into: null,
    closed_at: null,
    closed_by: null,
    created_at: now,
  };
  await db.k.transaction().execute(async (trx) => {
    await repo.insert(trx, row);
    // One erasure run a day at most: it erases every contact that is due.
    if (eraseAt)
      await enqueueJob(trx, ERASE_CONTACTS_JOB, {}, { runAt: eraseAt, dedupeKey: `${ERASE_CONTACTS_JOB}:${eraseAt.slice(0, 10)}` });
  });
  return present(row, new Map(places.map((p) => [p.code, p.name])));
}

/** Erases the reporters' contacts whose time has come (the job's work). */
export function eraseDueContacts(db: Db): Promise<number> {
  return repo.eraseContacts(db.k, nowIso());
}

export async function organisationOfReport(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.row(db, id))?.organisation_id;
}

export function reportFilter(query: unknown): ReportFilterInput {
  return parse(ReportFilter, query, 'query');
}

/** An organisation's reports for staff, newest first. */
export async function listReports(db: Db, organisationId: string, filter: ReportFilterInput): Promise<Report[]> {
  const [{ places }, rows] = await Promise.all([placesOf(db, organisationId), repo.list(db, organisationId, filter)]);
  const names = new Map(places.map((p) => [p.code, p.name]));
  return rows.map((r) => present(r, names));
}

/** The reporters' e-mails of some reports, decrypted for staff who follow them up (the caller audits). */
export async function contactsOf(deps: Pick<Deps, 'db' | 'config'>, organisationId: string, ids: string[]): Promise<Map<string, string>> {
  const ring = keyRing(deps.config);
  const rows = await repo.list(deps.db, organisationId, {});
  const wanted = new Set(ids);
  // A contact under a key no longer configured cannot be read: it is left out rather than failing the page.
  const readable = rows.filter((r) => wanted.has(r.id) && r.contact_email && ring.canDecrypt(r.contact_email));
  return new Map(readable.map((r) => [r.id, ring.decrypt(r.contact_email!)]));
}

export interface LocalityCount {
  /** ISTAT code; null for the reports outside the organisation's comuni. */
  code: string | null;
  name: string | null;
  byProblem: Record<Problem, number>;
  total: number;
}

const zero = (): Record<Problem, number> => Object.fromEntries(PROBLEMS.map((p) => [p, 0])) as Record<Problem, number>;

/** Open reports by comune and problem, every comune of the organisation listed (with zeros). */
export async function localityCounts(db: Db, organisationId: string): Promise<LocalityCount[]> {
  const [{ places }, counts] = await Promise.all([placesOf(db, organisationId), repo.openCounts(db, organisationId)]);
  const rows: LocalityCount[] = places.map((p) => ({ code: p.code, name: p.name, byProblem: zero(), total: 0 }));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const c of counts) {
    let row = byCode.get(c.municipality ?? '');
    if (!row) {
      row = byCode.get('') ?? { code: null, name: null, byProblem: zero(), total: 0 };
      if (!byCode.has('')) {
        byCode.set('', row);
        rows.push(row);
      }
    }
    row.byProblem[c.problem as Problem] = (row.byProblem[c.problem as Problem] ?? 0) + c.n;
    row.total += c.n;
  }
  return rows;
}

async function closeReport(
  db: Db,
  principal: Principal | null,
  id: string,
  change: { status: 'resolved' | 'merged'; mergedInto: string | null },
): Promise<Report> {
  const row = isId(id) ? await repo.row(db, id) : undefined;
  if (!row) throw refuse(404, 'connectivity.error.notFound');
  if (change.mergedInto) {
    const into = await repo.row(db, change.mergedInto);
    if (!into || into.id === id || into.organisation_id !== row.organisation_id || into.status !== 'open') {
      throw refuse(422, 'connectivity.error.into', undefined, [fieldError('into', 'connectivity.check.into')]);
    }
  }
  const by = principal?.userId ?? null;
  const at = nowIso();
  await db.k.transaction().execute(async (trx) => {
    if (!(await repo.close(trx, id, { ...change, by, at }))) throw refuse(409, 'connectivity.error.closed');
    await reportLog(
      trx,
      `connectivity-report.${change.status}`,
      { id, organisationId: row.organisation_id },
      by,
      change.mergedInto ? { into: change.mergedInto } : undefined,
    );
  });
  const { places } = await placesOf(db, row.organisation_id);
  const closed = { ...row, status: change.status, merged_into: change.mergedInto, closed_at: at, closed_by: by };
  return present(closed, new Map(places.map((p) => [p.code, p.name])));
}

/** Staff mark a report resolved (audited); a report no longer open is refused (409). */
export function resolveReport(db: Db, principal: Principal | null, id: string): Promise<Report> {
  return closeReport(db, principal, id, { status: 'resolved', mergedInto: null });
}

/** Staff merge a duplicate into another open report of the same organisation (audited). */
export function mergeReport(db: Db, principal: Principal | null, id: string, input: unknown): Promise<Report> {
  const { into } = parse(MergeBody, input);
  return closeReport(db, principal, id, { status: 'merged', mergedInto: into });
}
