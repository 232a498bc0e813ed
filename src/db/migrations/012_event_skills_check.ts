import type { Kysely } from 'kysely';
import { addColumns, dropColumns } from './columns.js';

/**
 * Whether an event asks its attendees to take the digital-competence test before and after it:
 * the booking confirmation and the survey e-mail then carry the links, so the programme gets
 * before/after figures without staff pasting links by hand. 0/1 like every boolean.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, 'events', [['skills_check', 'integer', 0]]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropColumns(db, 'events', ['skills_check']);
}
