import type { Kysely } from 'kysely';
import { createIndex } from './indexes.js';

/**
 * Indexes of the public catalogue. `events_order` holds the page order itself (start, then id), so a
 * page of the keyset cursor is an index range without a sort; `events_places` answers "which comuni
 * have upcoming events" (the catalogue's filter) from the index alone, in code order.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createIndex(db, 'events_order', 'events', ['status', 'starts_at', 'id']);
  await createIndex(db, 'events_places', 'events', ['status', 'municipality_code', 'ends_at']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_places').ifExists().execute();
  await db.schema.dropIndex('events_order').ifExists().execute();
}
