import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../core/ids.js';
import { nowIso } from '../../core/time.js';
import type { Database } from '../../db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** One line of the audit log about a sign-in or a security setting of an account. */
export async function auditAccount(
  q: Q,
  action: string,
  entry: { userId: string | null; organisationId?: string | null; entity?: string; entityId?: string | null; details?: object },
): Promise<void> {
  await q
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      user_id: entry.userId,
      organisation_id: entry.organisationId ?? null,
      action,
      entity: entry.entity ?? 'user',
      entity_id: entry.entityId ?? entry.userId,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}
