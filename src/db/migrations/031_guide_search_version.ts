import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';

/**
 * One row counting the changes of the guides' search index: every publish, edit of a published
 * sheet and unpublish adds one in the same transaction, so a process keeps search results while the
 * number it reads is the one they were computed under (guides/search-cache.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'guide_search_version', ['id integer primary key', 'version integer not null']);
  await db.insertInto('guide_search_version').values({ id: 1, version: 0 }).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('guide_search_version').ifExists().execute();
}
