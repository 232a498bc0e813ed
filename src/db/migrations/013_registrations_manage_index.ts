import type { Kysely } from 'kysely';
import { createIndex } from './indexes.js';

/**
 * Manage links carry the registration's id, so a registration is always found by its primary key
 * and its token compared with the stored hash: the index on the hash was never read. It was one of
 * the three indexes with random keys that every booking writes (a leaf page each), so dropping it
 * makes each booking's commit smaller.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('registrations_manage').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await createIndex(db, 'registrations_manage', 'registrations', ['manage_token_hash']);
}
