import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { createTable } from '../ddl.js';
import { TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { createPairTable, dropTables } from './tables.js';

/**
 * Service sheets (schede servizio) and their guides, versions, links and search index.
 * The search index differs by dialect: an FTS5 table on SQLite, a tsvector column with a GIN index
 * on PostgreSQL (see src/modules/guides/search.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'service_sheets', [
    'id text primary key',
    'organisation_id text not null references organisations(id)',
    'slug text not null',
    'name text not null',
    'summary text not null',
    'audience text',
    'body text not null',
    'category text not null',
    'access text not null',
    'url text',
    'cost text',
    'times text',
    'faqs text not null',
    'contacts text',
    'status text not null',
    'version integer not null',
    'published_at text',
    'created_by text',
    'updated_by text',
    ...TIMESTAMPS,
    'constraint service_sheets_slug unique (organisation_id, slug)',
  ]);
  await createIndex(db, 'service_sheets_catalogue', 'service_sheets', ['status', 'category', 'name']);
  await createIndex(db, 'service_sheets_slug_lookup', 'service_sheets', ['slug']);

  await createTable(db, 'service_sheet_steps', [
    'sheet_id text not null references service_sheets(id) on delete cascade',
    'position integer not null',
    'text text not null',
    'image_url text',
    'image_alt text',
    'constraint service_sheet_steps_pk primary key (sheet_id, position)',
  ]);

  for (const [table, column] of [
    ['service_sheet_life_events', 'life_event'],
    ['service_sheet_topics', 'topic'],
    ['service_sheet_desk_services', 'service_code'],
  ] as const) {
    await createPairTable(db, table, ['sheet_id', 'service_sheets(id)'], `${column} text not null`);
    await createIndex(db, `${table}_by_${column}`, table, [column, 'sheet_id']);
  }

  await createTable(db, 'service_sheet_versions', [
    'id text primary key',
    'sheet_id text not null references service_sheets(id) on delete cascade',
    'number integer not null',
    'action text not null',
    'status text not null',
    'author_id text',
    'author_name text',
    'restored_from integer',
    'content text not null',
    'created_at text not null',
    'constraint service_sheet_versions_number unique (sheet_id, number)',
  ]);

  // The vocabulary of the search index: every word of a published sheet, with how many sheets use it.
  await createTable(db, 'guide_terms', [
    'term text primary key',
    'stem text not null',
    'length integer not null',
    'sheets integer not null',
  ]);
  await createIndex(db, 'guide_terms_stem', 'guide_terms', ['stem']);
  await createIndex(db, 'guide_terms_length', 'guide_terms', ['length']);

  // The distinct words of each indexed sheet, to keep guide_terms' counts when it changes.
  await createTable(db, 'guide_words', [
    'sheet_id text primary key references service_sheets(id) on delete cascade',
    'words text not null',
    'updated_at text not null',
  ]);

  // The index proper: one small row per published sheet, with what filters and the name's stems.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`create table guide_index (
      doc integer primary key,
      sheet_id text not null unique references service_sheets(id) on delete cascade,
      organisation_id text not null,
      category text not null,
      title text not null
    )`.execute(db);
    await sql`create virtual table guide_fts using fts5(title, lead, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  } else {
    await sql`create table guide_index (
      sheet_id text primary key references service_sheets(id) on delete cascade,
      organisation_id text not null,
      category text not null,
      title text not null,
      document tsvector not null
    )`.execute(db);
    await sql`create index guide_index_document on guide_index using gin (document)`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists guide_fts`.execute(db);
  await dropTables(db, [
    'guide_index',
    'guide_words',
    'guide_terms',
    'service_sheet_versions',
    'service_sheet_desk_services',
    'service_sheet_topics',
    'service_sheet_life_events',
    'service_sheet_steps',
    'service_sheets',
  ]);
}
