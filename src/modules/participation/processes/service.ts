import { auditLog } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import { isId, newId } from '../../../core/ids.js';
import { type FieldError, fieldError, refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import type { ParticipationPhaseTable, ParticipationProcessTable } from '../../../db/schema.js';
import { getOrganisation } from '../../organisations/service.js';
import { parseBody, today } from './check.js';
import * as repo from './repo.js';
import {
  DEFAULT_CATEGORIES,
  type PhaseInput,
  type PhaseView,
  ProcessCreate,
  ProcessPatch,
  type ProcessPatchInput,
  type ProcessView,
} from './schemas.js';

const processLog = auditLog('participation-process');

/**
 * A participatory process: what an organisation asks its citizens about, in phases with dates
 * (launch, survey, workshops, proposals, assemblies, final agenda). Drafts are seen by staff only;
 * published and closed processes are public. Closing starts the retention period after which the
 * participants' personal data is erased (erasure.ts).
 */

const list = (json: string): string[] => JSON.parse(json) as string[];

export async function organisationOfProcess(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.processRow(db, id))?.organisation_id;
}

function phaseView(p: ParticipationPhaseTable, day: string): PhaseView {
  return {
    id: p.id,
    position: p.position,
    name: p.name,
    description: p.description,
    start: p.starts_on,
    end: p.ends_on,
    current: p.starts_on <= day && day <= p.ends_on,
  };
}

function processView(r: ParticipationProcessTable, phases: ParticipationPhaseTable[]): ProcessView {
  const day = today();
  return {
    id: r.id,
    organisation: r.organisation_id,
    title: r.title,
    description: r.description,
    municipalities: list(r.municipalities),
    categories: list(r.categories),
    status: r.status,
    retentionDays: r.retention_days,
    supportThreshold: r.support_threshold,
    phases: phases.filter((p) => p.process_id === r.id).map((p) => phaseView(p, day)),
    createdAt: r.created_at,
  };
}

/** A process whatever its status (staff pages, other parts of the module); 404 when there is none. */
export async function getProcess(db: Db, id: string): Promise<ProcessView> {
  const row = isId(id) ? await repo.processRow(db, id) : undefined;
  if (!row) throw refuse(404, 'participation.error.processNotFound');
  return processView(row, await repo.phasesOf(db, [row.id]));
}

/** A process citizens may see (published or closed); a draft is a 404 like a missing one. */
export async function getPublicProcess(db: Db, id: string): Promise<ProcessView> {
  const p = await getProcess(db, id);
  if (p.status === 'draft') throw refuse(404, 'participation.error.processNotFound');
  return p;
}

/** Processes of some organisations (null: every organisation), by status, newest first. */
export async function listProcesses(
  db: Db,
  organisationIds: string[] | null,
  statuses: ProcessView['status'][] = ['published', 'closed'],
): Promise<ProcessView[]> {
  const rows = await repo.processRows(db, organisationIds, statuses);
  const phases = await repo.phasesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => processView(r, phases));
}

/** The phase running today, if any. */
export function currentPhase(p: ProcessView): PhaseView | undefined {
  return p.phases.find((x) => x.current);
}

function phaseRows(processId: string, phases: PhaseInput[]): ParticipationPhaseTable[] {
  return phases.map((p, i) => ({
    id: newId(),
    process_id: processId,
    position: i + 1,
    name: p.name,
    description: p.description || null,
    starts_on: p.start,
    ends_on: p.end,
  }));
}

/** The rules across fields: each phase ends on or after its start; the comuni are the organisation's. */
async function processErrors(db: Db, organisationId: string, data: ProcessPatchInput): Promise<{ errors: FieldError[]; own: string[] }> {
  const errors: FieldError[] = [];
  (data.phases ?? []).forEach((p, i) => {
    if (p.end < p.start) errors.push(fieldError(`phases.${i}.end`, 'participation.check.phaseEnd'));
  });
  const org = await getOrganisation(db, organisationId);
  const own = [...new Set([org.municipality?.code, ...org.memberMunicipalities.map((m) => m.code)])].filter((c): c is string => !!c);
  (data.municipalities ?? []).forEach((code, i) => {
    if (!own.includes(code)) errors.push(fieldError(`municipalities.${i}`, 'participation.check.ownMunicipality'));
  });
  return { errors, own };
}

/** Staff create a process with its phases; the caller has checked the role in the organisation. */
export async function createProcess(db: Db, by: Principal | null, input: unknown): Promise<ProcessView> {
  const data = parseBody(ProcessCreate, input);
  const { errors, own } = await processErrors(db, data.organisation, data);
  if (errors.length > 0) throw refuse(422, 'participation.error.process', undefined, errors);
  const now = nowIso();
  const row: ParticipationProcessTable = {
    id: newId(),
    organisation_id: data.organisation,
    title: data.title,
    description: data.description ?? '',
    municipalities: JSON.stringify(data.municipalities?.length ? [...new Set(data.municipalities)] : own),
    categories: JSON.stringify(data.categories?.length ? [...new Set(data.categories)] : DEFAULT_CATEGORIES),
    status: data.status,
    retention_days: data.retentionDays,
    support_threshold: data.supportThreshold,
    closed_at: data.status === 'closed' ? now : null,
    erased_at: null,
    created_at: now,
    updated_at: now,
  };
  const phases = phaseRows(row.id, data.phases);
  await db.k.transaction().execute(async (trx) => {
    await repo.insertProcess(trx, row, phases);
    await processLog(trx, 'participation.process.created', { id: row.id, organisationId: row.organisation_id }, by);
  });
  return processView(row, phases);
}

/** Staff change a process: any field, the phases replaced whole when given; closing dates the close. */
export async function updateProcess(db: Db, by: Principal | null, id: string, input: unknown): Promise<ProcessView> {
  const current = isId(id) ? await repo.processRow(db, id) : undefined;
  if (!current) throw refuse(404, 'participation.error.processNotFound');
  const data = parseBody(ProcessPatch, input);
  const { errors } = await processErrors(db, current.organisation_id, data);
  if (errors.length > 0) throw refuse(422, 'participation.error.process', undefined, errors);
  const now = nowIso();
  const set: Partial<ParticipationProcessTable> = { updated_at: now };
  if (data.title !== undefined) set.title = data.title;
  if (data.description !== undefined) set.description = data.description ?? '';
  if (data.municipalities?.length) set.municipalities = JSON.stringify([...new Set(data.municipalities)]);
  if (data.categories?.length) set.categories = JSON.stringify([...new Set(data.categories)]);
  if (data.retentionDays !== undefined) set.retention_days = data.retentionDays;
  if (data.supportThreshold !== undefined) set.support_threshold = data.supportThreshold;
  if (data.status !== undefined && data.status !== current.status) {
    set.status = data.status;
    set.closed_at = data.status === 'closed' ? now : null;
  }
  await db.k.transaction().execute(async (trx) => {
    await repo.updateProcess(trx, id, set);
    if (data.phases) await repo.replacePhases(trx, id, phaseRows(id, data.phases));
    await processLog(trx, 'participation.process.updated', { id, organisationId: current.organisation_id }, by, {
      fields: Object.keys(data),
    });
  });
  return getProcess(db, id);
}
