import type { Kysely } from 'kysely';
import { addColumns, dropColumns } from './columns.js';
import { createIndex } from './indexes.js';

/**
 * A short code for each desk appointment, as events' bookings have their ticket code: read out on
 * the phone or typed with the number or e-mail used at /gestisci to open the appointment. Unique
 * across all desks; appointments made before have none (null), and walk-ins need none.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, 'desk_appointments', [['code', 'text']]);
  await createIndex(db, 'desk_appointments_code', 'desk_appointments', ['code'], { unique: true });
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('desk_appointments_code').execute();
  await dropColumns(db, 'desk_appointments', ['code']);
}
