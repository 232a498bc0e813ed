import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId } from './ids.js';
import { nowIso } from './time.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** One line of the audit log: who did what to which record of which organisation. */
export interface AuditEntry {
  /** Dotted, past tense: `programme.created`, `registration.cancelled`. */
  action: string;
  /** The kind of record (`programme`, `registration`, `user`). */
  entity: string;
  entityId: string | null;
  /** The person who acted; null for the public or for the system. */
  userId: string | null;
  organisationId?: string | null;
  /** What changed, as JSON; never personal data that the record itself would erase. */
  details?: object | null;
}

/**
 * Writes one line of the audit log, inside the caller's transaction so that the line exists
 * exactly when the change does. The only writer of `audit_log`.
 */
export async function audit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      user_id: entry.userId,
      organisation_id: entry.organisationId ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}

/** The record a line speaks of, and the organisation it belongs to. */
export interface AuditRecord {
  id: string | null;
  organisationId?: string | null;
}

/** The person who acted (their principal or user id); nobody for the public or the system. */
export type AuditActor = { userId: string | null } | string | null | undefined;

/**
 * The audit lines of one kind of record, named once where a module audits it in several places:
 * `const pollLog = auditLog('participation_poll')`, then, in the change's transaction,
 * `await pollLog(tx, 'poll.closed', { id, organisationId }, principal, { total })`: who did what to
 * which record, and what changed.
 */
export function auditLog(
  entity: string,
): (executor: Executor, action: string, record: AuditRecord, by?: AuditActor, details?: object | null) => Promise<void> {
  return (executor, action, { id, organisationId }, by, details) =>
    audit(executor, {
      action,
      entity,
      entityId: id,
      userId: typeof by === 'string' ? by : (by?.userId ?? null),
      organisationId,
      details,
    });
}
