import type { Kysely } from 'kysely';
import { addColumns, dropColumns } from './columns.js';

/**
 * Whether an organisation's identity provider verifies its users' e-mail addresses itself.
 * Several providers of public bodies (Microsoft Entra ID among them) never send the
 * `email_verified` claim: their addresses are the organisation's own, given by its administrators.
 * Off by default, so the claim stays required unless an administrator says otherwise.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, 'oidc_providers', [['emails_verified', 'integer', 0]]);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await dropColumns(db, 'oidc_providers', ['emails_verified']);
}
