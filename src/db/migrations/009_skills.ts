import { type Kysely, sql } from 'kysely';

/**
 * The digital-competence self-assessment: versioned item banks (the built-in one and those
 * programme staff edit), the answers in progress of the page flow, the results with their private
 * token's hash and one level per DigComp area, and each result's answers for per-item statistics.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('skill_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 'default' for the built-in bank, otherwise the owning organisation's id.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    // draft (being edited) → current (served) → retired (kept so old results stay readable).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    // For the built-in bank: a hash of the seed data it was made from.
    .addColumn('source_hash', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('retired_at', 'text')
    .addUniqueConstraint('skill_versions_number', ['scope', 'number'])
    .execute();
  // At most one current version and one draft per bank, enforced by the database.
  await db.schema
    .createIndex('skill_versions_one_current')
    .on('skill_versions')
    .column('scope')
    .unique()
    .where(sql.ref('status'), '=', 'current')
    .execute();
  await db.schema
    .createIndex('skill_versions_one_draft')
    .on('skill_versions')
    .column('scope')
    .unique()
    .where(sql.ref('status'), '=', 'draft')
    .execute();

  await db.schema
    .createTable('skill_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) => c.notNull().references('skill_versions.id').onDelete('cascade'))
    // Stable across versions: the same question edited keeps its key.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('competence', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text_it', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text')
    // JSON array of { it, en? } labels; an answer's value is the option's index.
    .addColumn('options', 'text', (c) => c.notNull())
    // Index of the right option (knowledge items); null for self-declared statements.
    .addColumn('correct', 'integer')
    .addColumn('in_short', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('skill_items_key', ['version_id', 'key'])
    .execute();
  await db.schema.createIndex('skill_items_version').on('skill_items').columns(['version_id', 'position']).execute();

  await db.schema
    .createTable('skill_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('version_id', 'text', (c) => c.notNull().references('skill_versions.id'))
    .addColumn('variant', 'text', (c) => c.notNull())
    // JSON object item id → chosen option index.
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text')
    .addColumn('municipality_code', 'text')
    .addColumn('age_band', 'text')
    .addColumn('event_id', 'text')
    .addColumn('phase', 'text')
    .addColumn('previous_result_id', 'text')
    .addColumn('result_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('skill_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // sha256 of the private token; every result of one person's chain of retakes shares it.
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull().references('skill_versions.id'))
    .addColumn('variant', 'text', (c) => c.notNull())
    // Whose aggregates count it: the event's organisation, or the organisation whose link or bank was used.
    .addColumn('organisation_id', 'text')
    .addColumn('programme_id', 'text')
    .addColumn('event_id', 'text')
    .addColumn('phase', 'text')
    .addColumn('previous_result_id', 'text')
    .addColumn('municipality_code', 'text')
    .addColumn('age_band', 'text')
    .addColumn('level_1', 'integer', (c) => c.notNull())
    .addColumn('level_2', 'integer', (c) => c.notNull())
    .addColumn('level_3', 'integer', (c) => c.notNull())
    .addColumn('level_4', 'integer', (c) => c.notNull())
    .addColumn('level_5', 'integer', (c) => c.notNull())
    // JSON object competence ("1.1") → weighted share of credit (0..1) of its items.
    .addColumn('competences', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('skill_results_organisation').on('skill_results').columns(['organisation_id', 'created_at']).execute();
  await db.schema.createIndex('skill_results_municipality').on('skill_results').column('municipality_code').execute();
  await db.schema.createIndex('skill_results_event').on('skill_results').columns(['event_id', 'phase']).execute();
  await db.schema.createIndex('skill_results_programme').on('skill_results').column('programme_id').execute();
  await db.schema.createIndex('skill_results_chain').on('skill_results').columns(['chain_id', 'created_at']).execute();

  await db.schema
    .createTable('skill_answers')
    .addColumn('result_id', 'text', (c) => c.notNull().references('skill_results.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('skill_items.id'))
    // The chosen option; null when the adaptive rule skipped the item.
    .addColumn('value', 'integer')
    // Knowledge items: 1 right, 0 wrong; null for self-declared statements.
    .addColumn('correct', 'integer')
    .addColumn('implied', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('skill_answers_pk', ['result_id', 'item_id'])
    .execute();
  await db.schema.createIndex('skill_answers_item').on('skill_answers').column('item_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['skill_answers', 'skill_results', 'skill_attempts', 'skill_items', 'skill_versions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
