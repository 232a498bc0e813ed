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
