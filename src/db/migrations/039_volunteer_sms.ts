import type { Kysely } from 'kysely';

/**
 * A volunteer's choice of SMS: an applicant who gives a mobile number may ask for the reminders of
 * their shifts by SMS instead of e-mail (1), sent where the platform has SMS configured.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('volunteer_applications')
    .addColumn('sms', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('volunteer_applications').dropColumn('sms').execute();
}
