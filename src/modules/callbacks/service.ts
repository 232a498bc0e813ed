import { auditLog } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import { isId, newId } from '../../core/ids.js';
import { refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import * as repo from './repo.js';

const phoneCallbackLog = auditLog('phone-callback');

/**
 * "Da avvisare per telefono": people booked with a phone and no e-mail whose booking changed
 * without them doing it (promoted from the waiting list, moved, cancelled by staff or by the
 * system). Events and desks add an entry in the same transaction as the change; staff call the
 * person and tick the entry off. An entry holds references only: the owning module shows the
 * name and the number, and the entry is dropped when the booking's personal data is erased.
 */

export type CallbackReason = 'promoted' | 'offered' | 'moved' | 'cancelled' | 'event-cancelled' | 'offer-lapsed';
export const CALLBACK_REASONS: readonly CallbackReason[] = ['promoted', 'offered', 'moved', 'cancelled', 'event-cancelled', 'offer-lapsed'];

export interface CallbackSpec {
  organisationId: string;
  kind: 'registration' | 'appointment';
  /** The registration's or the appointment's id. */
  subjectId: string;
  /** The event or the desk. */
  scopeId: string;
  reason: CallbackReason;
}

export interface OpenCallback {
  id: string;
  kind: 'registration' | 'appointment';
  subjectId: string;
  scopeId: string;
  reason: CallbackReason;
  createdAt: string;
}

/** Whether a booking's contact is a phone alone: only then does someone have to call. */
export function phoneOnly(contact: { email?: unknown; phone?: unknown }): boolean {
  return !contact.email && typeof contact.phone === 'string' && contact.phone.trim() !== '';
}

/** The SQL of one new entry (`?` placeholders, values from callbackValues), for the booking engine's operations. */
export const CALLBACK_INSERT_SQL = repo.INSERT_SQL;
/** The SQL that drops one booking's entries (`?`: the booking's id), for the engine's erasure. */
export const CALLBACK_FORGET_SQL = repo.FORGET_SQL;
/** The SQL that drops the entries of one event's or desk's bookings (`?`: its id). */
export const CALLBACK_FORGET_SCOPE_SQL = repo.FORGET_SCOPE_SQL;

export function callbackValues(spec: CallbackSpec, now: string): unknown[] {
  return [newId(), spec.organisationId, spec.kind, spec.subjectId, spec.scopeId, spec.reason, now];
}

/** Adds an entry inside the caller's transaction (Kysely), for a phone-only person. */
export async function recordCallback(executor: repo.Executor, spec: CallbackSpec): Promise<void> {
  const [id, organisation_id, subject_kind, subject_id, scope_id, reason, created_at] = callbackValues(spec, nowIso()) as string[];
  await repo.insert(executor, {
    id,
    organisation_id,
    subject_kind: subject_kind as CallbackSpec['kind'],
    subject_id,
    scope_id,
    reason,
    created_at,
    done_at: null,
    done_by: null,
  });
}

/** Drops the entries of bookings whose personal data is erased. */
export async function forgetCallbacks(executor: repo.Executor, subjectIds: string[]): Promise<void> {
  await repo.forget(executor, subjectIds);
}

/** The entries still to call, oldest first: of the whole organisation, or of one event or desk. */
export async function openCallbacks(db: Db, organisationId: string, scopeId?: string): Promise<OpenCallback[]> {
  const rows = await repo.openRows(db, organisationId, scopeId);
  return rows.map((r) => ({
    id: r.id,
    kind: r.subject_kind,
    subjectId: r.subject_id,
    scopeId: r.scope_id,
    reason: r.reason as CallbackReason,
    createdAt: r.created_at,
  }));
}

export async function organisationOfCallback(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.row(db, id))?.organisation_id;
}

/** Staff called the person: the entry leaves the list, with who ticked it and when (audited). */
export async function tickCallback(db: Db, principal: Principal | null, id: string): Promise<OpenCallback> {
  const row = isId(id) ? await repo.row(db, id) : undefined;
  if (!row) throw refuse(404, 'callbacks.error.notFound');
  const userId = principal?.userId ?? null;
  await db.k.transaction().execute(async (trx) => {
    if (!(await repo.markDone(trx, id, userId, nowIso()))) throw refuse(409, 'callbacks.error.done');
    await phoneCallbackLog(trx, 'phone-callback.done', { id, organisationId: row.organisation_id }, userId, {
      kind: row.subject_kind,
      subjectId: row.subject_id,
      reason: row.reason,
    });
  });
  return {
    id: row.id,
    kind: row.subject_kind,
    subjectId: row.subject_id,
    scopeId: row.scope_id,
    reason: row.reason as CallbackReason,
    createdAt: row.created_at,
  };
}
