// biome-ignore-all lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
import { type ComparisonOperatorExpression, type Kysely, sql } from 'kysely';

/** A condition of a partial index: a column, an operator and a value, as Kysely writes them. */
export type IndexCondition = [column: string, op: ComparisonOperatorExpression, value: string | string[] | null];

/**
 * Creates an index on a table's columns, `unique` if asked, partial where every condition holds,
 * through the same Kysely calls the migrations made one by one (so each index is the one they
 * made). Not a migration: the migrations use it. Frozen like them: change it only in ways that
 * leave every existing index as it was.
 */
export async function createIndex(
  db: Kysely<any>,
  name: string,
  table: string,
  columns: string[],
  options: { unique?: boolean; where?: IndexCondition[] } = {},
): Promise<void> {
  let index = db.schema.createIndex(name).on(table).columns(columns);
  if (options.unique) index = index.unique();
  for (const [column, op, value] of options.where ?? []) index = index.where(sql.ref(column), op, value);
  await index.execute();
}
