import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Service sheets (schede servizio) and their guides, versions, links and search index.
 * The search index differs by dialect: an FTS5 table on SQLite, a tsvector column with a GIN index
 * on PostgreSQL (see src/modules/guides/search.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_sheets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('audience', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('cost', 'text')
    .addColumn('times', 'text')
    .addColumn('faqs', 'text', (c) => c.notNull())
    .addColumn('contacts', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_sheets_slug', ['organisation_id', 'slug'])
    .execute();
  await db.schema.createIndex('service_sheets_catalogue').on('service_sheets').columns(['status', 'category', 'name']).execute();
  await db.schema.createIndex('service_sheets_slug_lookup').on('service_sheets').columns(['slug']).execute();

  await db.schema
    .createTable('service_sheet_steps')
    .addColumn('sheet_id', 'text', (c) => c.notNull().references('service_sheets.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('image_url', 'text')
    .addColumn('image_alt', 'text')
    .addPrimaryKeyConstraint('service_sheet_steps_pk', ['sheet_id', 'position'])
    .execute();

  for (const [table, column] of [
    ['service_sheet_life_events', 'life_event'],
    ['service_sheet_topics', 'topic'],
    ['service_sheet_desk_services', 'service_code'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('sheet_id', 'text', (c) => c.notNull().references('service_sheets.id').onDelete('cascade'))
      .addColumn(column, 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['sheet_id', column])
      .execute();
    await db.schema.createIndex(`${table}_by_${column}`).on(table).columns([column, 'sheet_id']).execute();
  }

  await db.schema
    .createTable('service_sheet_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sheet_id', 'text', (c) => c.notNull().references('service_sheets.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('restored_from', 'integer')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_sheet_versions_number', ['sheet_id', 'number'])
    .execute();

  // The vocabulary of the search index: every word of a published sheet, with how many sheets use it.
  await db.schema
    .createTable('guide_terms')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('stem', 'text', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('sheets', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('guide_terms_stem').on('guide_terms').column('stem').execute();
  await db.schema.createIndex('guide_terms_length').on('guide_terms').column('length').execute();

  // The distinct words of each indexed sheet, to keep guide_terms' counts when it changes.
  await db.schema
    .createTable('guide_words')
    .addColumn('sheet_id', 'text', (c) => c.primaryKey().references('service_sheets.id').onDelete('cascade'))
    .addColumn('words', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

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
  for (const t of [
    'guide_index',
    'guide_words',
    'guide_terms',
    'service_sheet_versions',
    'service_sheet_desk_services',
    'service_sheet_topics',
    'service_sheet_life_events',
    'service_sheet_steps',
    'service_sheets',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
