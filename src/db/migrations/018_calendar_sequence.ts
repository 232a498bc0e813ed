import type { Kysely } from 'kysely';
import { addColumns, dropColumns } from './columns.js';

/**
 * A revision counter on events, registrations and desk appointments: the SEQUENCE of their
 * calendar files (RFC 5545). It goes up by one with every change, so a calendar that already holds
 * the entry replaces it with the newer version (a moved time, a cancellation) instead of keeping
 * the old one or adding a second.
 */
const TABLES = ['events', 'registrations', 'desk_appointments'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await addColumns(db, table, [['sequence', 'integer', 0]]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await dropColumns(db, table, ['sequence']);
}
