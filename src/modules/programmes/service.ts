import type { Transaction } from 'kysely';
import { hasRole } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import { t as tr } from '../../core/i18n.js';
import { isId, newId } from '../../core/ids.js';
import { enqueueJob } from '../../core/jobs.js';
import { patchOf } from '../../core/patch.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { ORG_MEMBERS, ORG_STAFF } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { Database, ProgrammeTable, ProgrammeTargetTable } from '../../db/schema.js';
import { acceptedPartnerIds, organisationNames, organisationsByName } from '../organisations/service.js';
import * as repo from './repo.js';
import {
  isPnrrFunding,
  type NationalPolicy,
  PROGRAMME_METRIC_LABELS,
  PROGRAMME_METRICS,
  ProgrammeCreate,
  type ProgrammeMetric,
  ProgrammePatch,
  type TargetInputData,
  TargetsPut,
} from './schemas.js';

export {
  FUNDING_SUGGESTIONS,
  isPnrrFunding,
  isProgrammeMetric,
  type NationalPolicy,
  PNRR_FUNDING,
  PROGRAMME_METRIC_LABELS,
  PROGRAMME_METRICS,
  type ProgrammeMetric,
  RETENTION_DEFAULT,
  RETENTION_MAX,
  RETENTION_MIN,
} from './schemas.js';

export interface ProgrammeTarget {
  id: string;
  metric: ProgrammeMetric;
  value: number;
  /** YYYY-MM-DD: the value is to be reached by the end of this day. */
  deadline: string;
  label: string | null;
}

export interface Programme {
  id: string;
  organisation: { id: string; name: string };
  name: string;
  description: string | null;
  funding: string | null;
  start: string;
  end: string;
  /** Whether each facilitation service is reported to the national monitoring platform. */
  nationalReporting: boolean;
  /** Days after an event when its bookings' personal data is erased. */
  retentionDays: number;
  /** YYYY-MM-DD from which citizens aged 14–17 may be served; null: never. */
  minorsFrom: string | null;
  /** The national line: RFD uploads CSV, SCD (Servizio Civile Digitale) uploads XLSX. */
  nationalPolicy: NationalPolicy;
  nationalProgrammeCode: string | null;
  nationalProjectId: string | null;
  /**
   * Partners whose partnership with the owner was accepted; for the owner's own people (and
   * platform administrators) also those still waiting, marked `pending`.
   */
  partners: ProgrammePartner[];
  /** Ordered by metric (as in PROGRAMME_METRICS), then deadline. */
  targets: ProgrammeTarget[];
}

export interface ProgrammePartner {
  id: string;
  name: string;
  /** Named by the programme, but the partnership is not accepted yet: never shown in public. */
  pending?: true;
}

export function metricLabel(metric: string, lang: 'it' | 'en' = 'it'): string {
  return PROGRAMME_METRIC_LABELS[metric as ProgrammeMetric]?.[lang] ?? metric;
}

// ---------- owners, for access rules and other modules ----------

/** The programme's id when it exists, else undefined (never throws on a malformed id). */
export async function programmeIdIfExists(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  const row = await db.k.selectFrom('programmes').select('id').where('id', '=', id).executeTakeFirst();
  return row?.id;
}

/** The organisation that owns the programme, for `orgAccess`; undefined when there is no such programme. */
export async function organisationOfProgramme(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return repo.organisationOf(db, id);
}

// ---------- reading ----------

const metricOrder = (m: string) => {
  const i = (PROGRAMME_METRICS as readonly string[]).indexOf(m);
  return i < 0 ? PROGRAMME_METRICS.length : i;
};

function presentTargets(rows: ProgrammeTargetTable[]): ProgrammeTarget[] {
  return rows
    .map((t) => ({ id: t.id, metric: t.metric as ProgrammeMetric, value: Number(t.value), deadline: t.deadline, label: t.label }))
    .sort((a, b) => metricOrder(a.metric) - metricOrder(b.metric) || a.deadline.localeCompare(b.deadline));
}

/**
 * Who reads: a signed-in principal, the public (`null`), or another module's rules (`'insider'`,
 * the default: they judge pending partners themselves, e.g. a venue of one not yet accepted).
 */
export type Viewer = Principal | null | 'insider';

/**
 * The programmes as `viewer` may see them: an organisation is named as partner in public only once
 * it accepted the partnership; the owner's people also see those waiting, marked `pending`.
 */
async function present(db: Db, rows: ProgrammeTable[], viewer: Viewer): Promise<Programme[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const owners = [...new Set(rows.map((r) => r.organisation_id))];
  const [links, targets, accepted] = await Promise.all([
    repo.partnerLinksOf(db, ids),
    repo.targetsOf(db.k, ids),
    acceptedPartnerIds(db, owners),
  ]);
  // Owners and partners, by name, in one query to the organisations service.
  const organisations = await organisationsByName(db, [...owners, ...links.map((l) => l.organisation_id)]);
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const partnersOf = (r: ProgrammeTable): ProgrammePartner[] => {
    const linked = new Set(links.filter((l) => l.programme_id === r.id).map((l) => l.organisation_id));
    const confirmed = accepted.get(r.organisation_id) ?? new Set<string>();
    const insider = viewer === 'insider' || hasRole(viewer, r.organisation_id, ORG_MEMBERS);
    return organisations
      .filter((o) => linked.has(o.id) && (insider || confirmed.has(o.id)))
      .map((o) => (confirmed.has(o.id) ? { id: o.id, name: o.name } : { id: o.id, name: o.name, pending: true as const }));
  };
  return rows.map((r) => ({
    id: r.id,
    organisation: { id: r.organisation_id, name: names.get(r.organisation_id) ?? '' },
    name: r.name,
    description: r.description,
    funding: r.funding,
    start: r.start_date,
    end: r.end_date,
    nationalReporting: Number(r.national_reporting) === 1,
    retentionDays: Number(r.retention_days),
    minorsFrom: r.minors_from ?? null,
    nationalPolicy: r.national_policy === 'SCD' ? 'SCD' : 'RFD',
    nationalProgrammeCode: r.national_programme_code ?? null,
    nationalProjectId: r.national_project_id ?? null,
    partners: partnersOf(r),
    targets: presentTargets(targets.filter((t) => t.programme_id === r.id)),
  }));
}

/** A programme as `viewer` sees it (see `present`); pages and the API say who asks. */
export async function getProgramme(db: Db, id: string, viewer: Viewer = 'insider'): Promise<Programme> {
  if (!isId(id)) throw refuse(404, 'programme.error.notFound');
  const row = await repo.programmeRow(db, id);
  if (!row) throw refuse(404, 'programme.error.notFound');
  return (await present(db, [row], viewer))[0];
}

/** Programmes owned by an organisation (`null`: every programme), the latest first, as `viewer` sees them. */
export async function listProgrammes(db: Db, organisationId: string | null, viewer: Viewer = 'insider'): Promise<Programme[]> {
  if (organisationId !== null && !isId(organisationId)) return [];
  return present(db, await repo.programmeRows(db, organisationId), viewer);
}

// ---------- checks shared by the writes ----------

function assertStaff(principal: Principal | null, organisationId: string): void {
  if (principal && !hasRole(principal, organisationId, ORG_STAFF)) {
    throw refuse(403, 'programme.error.staffOnly');
  }
}

/** Partners without duplicates and without the owner, every one an existing organisation. */
async function checkPartners(db: Db, owner: string, partners: string[]): Promise<string[]> {
  const unique = [...new Set(partners)].filter((p) => p !== owner);
  if (unique.length === 0) return [];
  const found = await organisationNames(db, unique);
  const missing = unique.filter((p) => !found.has(p));
  if (missing.length > 0) {
    throw refuse(422, 'programme.error.partnersMissing', undefined, [
      fieldError('partners', 'programme.error.partnersMissing.field', { ids: missing.join(', ') }),
    ]);
  }
  return unique;
}

const it = (d: string) => d.split('-').reverse().join('/');

/** Each milestone falls within the programme's period, and no metric has two milestones on one day. */
function targetErrors(targets: TargetInputData[], start: string, end: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  targets.forEach((t, i) => {
    const field = `targets.${i}.deadline`;
    if (t.deadline < start || t.deadline > end) {
      errors.push(fieldError(field, 'programme.error.deadlineOutside', { start: it(start), end: it(end) }));
    }
    const key = `${t.metric}|${t.deadline}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(
        fieldError(field, 'programme.error.deadlineTwice', { metric: metricLabel(t.metric), deadline: it(t.deadline), n: first + 1 }),
      );
    } else {
      seen.set(key, i);
    }
  });
  return errors;
}

function assertTargets(targets: TargetInputData[], start: string, end: string): void {
  const errors = targetErrors(targets, start, end);
  if (errors.length > 0) throw refuse(422, 'programme.error.targets', undefined, errors);
}

/** Minors may be admitted from a day within the programme, not after its end. */
function assertMinorsFrom(minorsFrom: string | null, end: string): void {
  if (minorsFrom && minorsFrom > end) {
    throw refuse(422, 'programme.error.minorsFrom', undefined, [
      fieldError('minorsFrom', 'programme.error.minorsFrom.field', { end: it(end) }),
    ]);
  }
}

const targetRows = (targets: TargetInputData[]): repo.TargetRow[] =>
  targets.map((t) => ({ metric: t.metric, value: t.value, deadline: t.deadline, label: t.label ?? null }));

/** One line of the audit log for a change to a programme, inside the change's transaction. */
function auditProgramme(
  trx: Transaction<Database>,
  principal: Principal | null,
  organisationId: string,
  action: string,
  id: string,
  details: object,
) {
  return audit(trx, { userId: principal?.userId ?? null, organisationId, action, entity: 'programme', entityId: id, details });
}

// ---------- writes ----------

/**
 * Creates a programme with its partners and targets, all or nothing. With a principal, the caller
 * must be staff of the owning organisation (the demo seed and the CLI pass null).
 */
export async function createProgramme(db: Db, principal: Principal | null, input: unknown): Promise<Programme> {
  const data = parse(ProgrammeCreate, input);
  assertStaff(principal, data.organisation);
  const owner = await organisationNames(db, [data.organisation]);
  if (!owner.has(data.organisation)) {
    throw refuse(422, 'programme.error.ownerMissing', undefined, [fieldError('organisation', 'programme.error.ownerMissing.field')]);
  }
  assertMinorsFrom(data.minorsFrom ?? null, data.end);
  const partners = await checkPartners(db, data.organisation, data.partners);
  assertTargets(data.targets, data.start, data.end);
  const id = newId();
  const now = nowIso();
  await db.k.transaction().execute(async (trx) => {
    await repo.insertProgramme(trx, {
      id,
      organisation_id: data.organisation,
      name: data.name,
      description: data.description ?? null,
      funding: data.funding ?? null,
      start_date: data.start,
      end_date: data.end,
      national_reporting: (data.nationalReporting ?? isPnrrFunding(data.funding)) ? 1 : 0,
      retention_days: data.retentionDays,
      minors_from: data.minorsFrom ?? null,
      national_policy: data.nationalPolicy ?? 'RFD',
      national_programme_code: data.nationalProgrammeCode ?? null,
      national_project_id: data.nationalProjectId ?? null,
      created_at: now,
      updated_at: now,
    });
    await repo.replacePartners(trx, id, partners, false);
    await repo.replaceTargets(trx, id, targetRows(data.targets), false);
    await auditProgramme(trx, principal, data.organisation, 'programme.create', id, {
      name: data.name,
      partners: partners.length,
      targets: data.targets.length,
    });
  });
  // The writer is the owner's staff (or the system): they see the partners still waiting too.
  return getProgramme(db, id, principal ?? 'insider');
}

/**
 * Changes the fields sent; `partners` and `targets`, when sent, replace the current ones. The
 * national-reporting flag changes only when sent (changing the funding does not flip it).
 */
/**
 * The job enqueued when a programme's retention period changes: the events capability handles it
 * and moves the erasure of its bookings' personal data to the new date (earlier or later).
 */
export const RETENTION_CHANGED_KIND = 'programmes.retention-changed';

export async function updateProgramme(db: Db, principal: Principal | null, id: string, input: unknown): Promise<Programme> {
  const data = parse(ProgrammePatch, input);
  if (!isId(id)) throw refuse(404, 'programme.error.notFound');
  const current = await repo.programmeRow(db, id);
  if (!current) throw refuse(404, 'programme.error.notFound');
  assertStaff(principal, current.organisation_id);
  const start = data.start ?? current.start_date;
  const end = data.end ?? current.end_date;
  if (end < start) {
    throw refuse(422, 'programme.error.period', undefined, [
      fieldError(data.end !== undefined ? 'end' : 'start', 'programme.error.period.field'),
    ]);
  }
  assertMinorsFrom(data.minorsFrom !== undefined ? (data.minorsFrom ?? null) : current.minors_from, end);
  const partners = data.partners ? await checkPartners(db, current.organisation_id, data.partners) : undefined;
  if (data.targets) {
    assertTargets(data.targets, start, end);
  } else if (start !== current.start_date || end !== current.end_date) {
    // The period moves under the existing milestones: none may be left outside it.
    const outside = presentTargets(await repo.targetsOf(db.k, [id])).filter((t) => t.deadline < start || t.deadline > end);
    if (outside.length > 0) {
      const list = outside
        .map((t) =>
          tr('it', 'programme.error.targetOutside.item', { metric: metricLabel(t.metric), value: t.value, deadline: it(t.deadline) }),
        )
        .join('; ');
      throw refuse(422, 'programme.error.targetsOutside', undefined, [
        fieldError(data.end !== undefined && end !== current.end_date ? 'end' : 'start', 'programme.error.targetsOutside.field', { list }),
      ]);
    }
  }

  const set = patchOf<typeof data, ProgrammeTable>(data, {
    name: 'name',
    description: 'description',
    funding: 'funding',
    start: 'start_date',
    end: 'end_date',
    nationalReporting: (v) => ({ national_reporting: v ? 1 : 0 }),
    retentionDays: 'retention_days',
    minorsFrom: 'minors_from',
    nationalPolicy: 'national_policy',
    nationalProgrammeCode: 'national_programme_code',
    nationalProjectId: 'national_project_id',
  });
  await db.k.transaction().execute(async (trx) => {
    await repo.updateProgrammeRow(trx, id, set);
    if (partners) await repo.replacePartners(trx, id, partners, true);
    if (data.targets) await repo.replaceTargets(trx, id, targetRows(data.targets), true);
    if (data.retentionDays !== undefined && data.retentionDays !== Number(current.retention_days)) {
      // The capabilities that keep personal data by this period re-plan its erasure.
      await enqueueJob(trx, RETENTION_CHANGED_KIND, { programmeId: id });
    }
    await auditProgramme(trx, principal, current.organisation_id, 'programme.update', id, { fields: Object.keys(data) });
  });
  // The writer is the owner's staff (or the system): they see the partners still waiting too.
  return getProgramme(db, id, principal ?? 'insider');
}

/** Replaces the programme's targets (milestones) with the list given; an empty list removes them all. */
export async function setTargets(
  db: Db,
  programmeId: string,
  targets: unknown,
  principal: Principal | null = null,
): Promise<ProgrammeTarget[]> {
  const data = parse(TargetsPut, { targets });
  if (!isId(programmeId)) throw refuse(404, 'programme.error.notFound');
  const current = await repo.programmeRow(db, programmeId);
  if (!current) throw refuse(404, 'programme.error.notFound');
  assertStaff(principal, current.organisation_id);
  assertTargets(data.targets, current.start_date, current.end_date);
  await db.k.transaction().execute(async (trx) => {
    await repo.updateProgrammeRow(trx, programmeId, {});
    await repo.replaceTargets(trx, programmeId, targetRows(data.targets), true);
    await auditProgramme(trx, principal, current.organisation_id, 'programme.targets', programmeId, { targets: data.targets.length });
  });
  return presentTargets(await repo.targetsOf(db.k, [programmeId]));
}
