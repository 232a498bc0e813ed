import type { Kysely } from 'kysely';
import { addColumns, dropColumns } from './columns.js';

/**
 * A volunteer's choice of SMS: an applicant who gives a mobile number may ask for the reminders of
 * their shifts by SMS instead of e-mail (1), sent where the platform has SMS configured.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, 'volunteer_applications', [['sms', 'integer', 0]]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropColumns(db, 'volunteer_applications', ['sms']);
}
