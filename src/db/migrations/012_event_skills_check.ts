import type { Kysely } from 'kysely';

/**
 * Whether an event asks its attendees to take the digital-competence test before and after it:
 * the booking confirmation and the survey e-mail then carry the links, so the programme gets
 * before/after figures without staff pasting links by hand. 0/1 like every boolean.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('events')
    .addColumn('skills_check', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').dropColumn('skills_check').execute();
}
