import { z } from 'zod';
import type { Principal } from '../../core/auth.js';
import { normaliseEmail } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { newId } from '../../core/ids.js';
import { generatePassword, hashPassword, PASSWORD_MIN, verifyPassword } from '../../core/passwords.js';
import { conflict, forbidden, notFound, unprocessable } from '../../core/problems.js';
import { ROLES, type Role } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import * as repo from './repo.js';

export { findUserByEmail } from './repo.js';

export const NewUserSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).email('indirizzo e-mail non valido'),
  name: z.string().trim().min(1, 'il nome è obbligatorio').max(200, 'al massimo 200 caratteri'),
  role: z.enum(ROLES, { message: `ruolo non valido: usa uno tra ${ROLES.join(', ')}` }),
  organisation: z.string().uuid('organizzazione non valida').optional(),
  password: z.string().min(PASSWORD_MIN, `la password deve avere almeno ${PASSWORD_MIN} caratteri`).max(200).optional(),
});
export type NewUser = z.input<typeof NewUserSchema>;

/**
 * Creates an account with one role. Every role but platform-admin belongs to an organisation.
 * Returns the password, generated when none was given, so the CLI can print it once.
 */
export async function createUser(db: Db, input: NewUser): Promise<{ id: string; password: string }> {
  const data = parse(NewUserSchema, input);
  if (data.role !== 'platform-admin' && !data.organisation) {
    throw unprocessable("Il ruolo richiede un'organizzazione.", [{ field: 'organisation', message: 'obbligatoria per questo ruolo' }]);
  }
  if (data.organisation) {
    const org = await db.k.selectFrom('organisations').select('id').where('id', '=', data.organisation).executeTakeFirst();
    if (!org) throw unprocessable("L'organizzazione indicata non esiste.", [{ field: 'organisation', message: 'non esiste' }]);
  }
  if (await repo.findUserByEmail(db, data.email)) throw conflict('Esiste già un utente con questo indirizzo e-mail.');
  const password = data.password ?? generatePassword();
  const id = newId();
  const now = nowIso();
  const hash = await hashPassword(password);
  await db.k.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        email: data.email,
        name: data.name,
        password_hash: hash,
        national_id: null,
        active: 1,
        created_at: now,
        password_changed_at: now,
      })
      .execute();
    await trx
      .insertInto('memberships')
      .values({
        id: newId(),
        user_id: id,
        organisation_id: data.role === 'platform-admin' ? null : (data.organisation ?? null),
        role: data.role,
        created_at: now,
      })
      .execute();
  });
  return { id, password };
}

/** Adds a role in an organisation to an existing account (a volunteer in two clubs). */
export async function addMembership(db: Db, userId: string, organisationId: string, role: Role): Promise<void> {
  const existing = await db.k
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('role', '=', role)
    .executeTakeFirst();
  if (existing) return;
  await db.k
    .insertInto('memberships')
    .values({ id: newId(), user_id: userId, organisation_id: organisationId, role, created_at: nowIso() })
    .execute();
}

export const PasswordChangeSchema = z
  .object({
    current: z.string().min(1, 'inserisci la password attuale').max(200),
    password: z.string().min(PASSWORD_MIN, `almeno ${PASSWORD_MIN} caratteri`).max(200, 'al massimo 200 caratteri'),
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'le due password non coincidono' });

/** Changes the caller's password and ends every other session of theirs. */
export async function changePassword(deps: Deps, principal: Principal, input: unknown): Promise<void> {
  const data = parse(PasswordChangeSchema, input);
  const user = await repo.findUserById(deps.db, principal.userId);
  if (!user) throw notFound();
  if (!(await verifyPassword(data.current, user.password_hash))) {
    throw unprocessable('La password attuale non è corretta.', [{ field: 'current', message: 'password attuale non corretta' }]);
  }
  const hash = await hashPassword(data.password);
  await deps.db.k.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: nowIso() }).where('id', '=', user.id).execute();
    let q = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (principal.sessionId) q = q.where('id', '!=', principal.sessionId);
    await q.execute();
  });
}

export async function setNationalId(db: Db, email: string, nationalId: string | null): Promise<void> {
  const res = await db.k
    .updateTable('users')
    .set({ national_id: nationalId })
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('Nessun utente con questo indirizzo e-mail.');
}

export async function listMembers(db: Db, organisationId: string) {
  return repo.membersOf(db, organisationId);
}

/** Roles an organisation admin may hand out (never platform-admin). */
export function assignableRoles(principal: Principal): Role[] {
  return principal.isPlatformAdmin ? [...ROLES] : ROLES.filter((r) => r !== 'platform-admin');
}

export function assertAssignable(principal: Principal, role: Role): void {
  if (!assignableRoles(principal).includes(role)) throw forbidden('Non puoi assegnare questo ruolo.');
}
