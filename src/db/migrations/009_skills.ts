import type { Kysely } from 'kysely';
import { createTable } from '../ddl.js';
import { TIMESTAMPS } from './columns.js';
import { createIndex } from './indexes.js';
import { dropTables } from './tables.js';

/**
 * The digital-competence self-assessment: versioned item banks (the built-in one and those
 * programme staff edit), the answers in progress of the page flow, the results with their private
 * token's hash and one level per DigComp area, and each result's answers for per-item statistics.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'skill_versions', [
    'id text primary key',
    // 'default' for the built-in bank, otherwise the owning organisation's id.
    'scope text not null',
    'organisation_id text references organisations(id)',
    'number integer not null',
    // draft (being edited) → current (served) → retired (kept so old results stay readable).
    'status text not null',
    'note text',
    // For the built-in bank: a hash of the seed data it was made from.
    'source_hash text',
    'created_by text',
    'created_at text not null',
    'published_at text',
    'retired_at text',
    'constraint skill_versions_number unique (scope, number)',
  ]);
  // At most one current version and one draft per bank, enforced by the database.
  await createIndex(db, 'skill_versions_one_current', 'skill_versions', ['scope'], { unique: true, where: [['status', '=', 'current']] });
  await createIndex(db, 'skill_versions_one_draft', 'skill_versions', ['scope'], { unique: true, where: [['status', '=', 'draft']] });

  await createTable(db, 'skill_items', [
    'id text primary key',
    'version_id text not null references skill_versions(id) on delete cascade',
    // Stable across versions: the same question edited keeps its key.
    'key text not null',
    'competence text not null',
    'level integer not null',
    'kind text not null',
    'text_it text not null',
    'text_en text',
    // JSON array of { it, en? } labels; an answer's value is the option's index.
    'options text not null',
    // Index of the right option (knowledge items); null for self-declared statements.
    'correct integer',
    'in_short integer not null default 0',
    'position integer not null',
    'constraint skill_items_key unique (version_id, key)',
  ]);
  await createIndex(db, 'skill_items_version', 'skill_items', ['version_id', 'position']);

  await createTable(db, 'skill_attempts', [
    'id text primary key',
    'token_hash text not null unique',
    'version_id text not null references skill_versions(id)',
    'variant text not null',
    // JSON object item id → chosen option index.
    'answers text not null',
    'organisation_id text',
    'municipality_code text',
    'age_band text',
    'event_id text',
    'phase text',
    'previous_result_id text',
    'result_id text',
    ...TIMESTAMPS,
  ]);

  await createTable(db, 'skill_results', [
    'id text primary key',
    // sha256 of the private token; every result of one person's chain of retakes shares it.
    'token_hash text not null',
    'chain_id text not null',
    'version_id text not null references skill_versions(id)',
    'variant text not null',
    // Whose aggregates count it: the event's organisation, or the organisation whose link or bank was used.
    'organisation_id text',
    'programme_id text',
    'event_id text',
    'phase text',
    'previous_result_id text',
    'municipality_code text',
    'age_band text',
    'level_1 integer not null',
    'level_2 integer not null',
    'level_3 integer not null',
    'level_4 integer not null',
    'level_5 integer not null',
    // JSON object competence ("1.1") → weighted share of credit (0..1) of its items.
    'competences text not null',
    'created_at text not null',
  ]);
  await createIndex(db, 'skill_results_organisation', 'skill_results', ['organisation_id', 'created_at']);
  await createIndex(db, 'skill_results_municipality', 'skill_results', ['municipality_code']);
  await createIndex(db, 'skill_results_event', 'skill_results', ['event_id', 'phase']);
  await createIndex(db, 'skill_results_programme', 'skill_results', ['programme_id']);
  await createIndex(db, 'skill_results_chain', 'skill_results', ['chain_id', 'created_at']);

  await createTable(db, 'skill_answers', [
    'result_id text not null references skill_results(id) on delete cascade',
    'item_id text not null references skill_items(id)',
    // The chosen option; null when the adaptive rule skipped the item.
    'value integer',
    // Knowledge items: 1 right, 0 wrong; null for self-declared statements.
    'correct integer',
    'implied integer not null default 0',
    'constraint skill_answers_pk primary key (result_id, item_id)',
  ]);
  await createIndex(db, 'skill_answers_item', 'skill_answers', ['item_id']);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['skill_answers', 'skill_results', 'skill_attempts', 'skill_items', 'skill_versions']);
}
