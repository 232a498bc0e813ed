import { type Kysely, sql } from 'kysely';
import { addColumns, dropColumns } from './columns.js';

/**
 * Whether a record's citizen was identified by codice fiscale, kept on the record itself (0/1 like
 * every boolean). A citizen's kind never changes, so the flag never goes stale; the staff CSV and
 * the list of records read it with the record instead of looking every citizen up again, which
 * was a fifth of the plain export's time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, 'facilitation_records', [['has_fiscal_code', 'integer', 0]]);
  await sql`update facilitation_records set has_fiscal_code = 1
    where citizen_id in (select id from facilitation_citizens where kind = 'cf')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropColumns(db, 'facilitation_records', ['has_fiscal_code']);
}
