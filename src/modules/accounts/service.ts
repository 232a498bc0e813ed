import { z } from 'zod';
import { auditLog } from '../../core/audit.js';
import type { Principal } from '../../core/auth.js';
import { normaliseEmail } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { fiscalCodeProblem, normaliseFiscalCode } from '../../core/fiscal-code.js';
import { isId, newId } from '../../core/ids.js';
import { generatePassword, hashPassword, PASSWORD_MIN, verifyPassword } from '../../core/passwords.js';
import { MobilePhone, mobileE164, mobileFieldError } from '../../core/phone.js';
import { type FieldError, fieldError, notFound, refuse } from '../../core/problems.js';
import { ROLES, type Role } from '../../core/roles.js';
import { hasRow, insertRow } from '../../core/rows.js';
import { nowIso } from '../../core/time.js';
import { parse, visibleText } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import * as organisations from '../organisations/service.js';
import { contactOf } from './contact.js';
import { closeOpenLinks, inviteNewUser, newPasswordErrors } from './password-links.js';
import * as repo from './repo.js';
import { signInKey } from './sign-in-key.js';

const userLog = auditLog('user');

export { passwordProblem } from './password-policy.js';
export { findUserByEmail, findUserByPhone } from './repo.js';
export { signInKey } from './sign-in-key.js';

/** The account an e-mail, or a mobile number in any usual form, signs in as (the command line's `--email`). */
export async function findUserBySignIn(db: Db, text: string) {
  const key = signInKey(text);
  if (!key) return undefined;
  return key.kind === 'email' ? repo.findUserByEmail(db, key.key) : repo.findUserByPhone(db, key.key);
}

export const NewUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().max(254).email('user.check.email').optional(),
    /** A mobile number, as people write it; stored in E.164. An account has an e-mail, a phone or both. */
    phone: MobilePhone.optional(),
    name: visibleText(z.string().trim().min(1, 'user.check.name').max(200, 'user.check.max')),
    role: z.enum(ROLES, { message: 'user.check.role' }),
    organisation: z.string().uuid('user.check.organisation').optional(),
    password: z.string().min(PASSWORD_MIN, 'password.check.min').max(200).optional(),
  })
  .refine((v) => v.email || v.phone, { path: ['email'], message: 'user.check.email' });
export type NewUser = z.input<typeof NewUserSchema>;

/**
 * Creates an account with one role. Every role but platform-admin belongs to an organisation.
 * Returns the password, generated when none was given, so the CLI can print it once. The account
 * signs in with its e-mail or its mobile number (an account of a volunteer who gave only a phone).
 */
export async function createUser(db: Db, input: NewUser): Promise<{ id: string; password: string }> {
  const data = parse(NewUserSchema, input);
  if (data.role !== 'platform-admin' && !data.organisation) {
    throw refuse(422, 'user.error.organisationNeeded', undefined, [fieldError('organisation', 'user.check.organisation.needed')]);
  }
  if (data.organisation) {
    if (!(await organisations.organisationIdIfExists(db, data.organisation)))
      throw refuse(422, 'user.error.organisationMissing', undefined, [fieldError('organisation', 'user.check.organisation.missing')]);
  }
  if (data.email && (await repo.findUserByEmail(db, data.email))) throw refuse(409, 'user.error.emailTaken');
  if (data.phone && (await repo.findUserByPhone(db, data.phone))) throw refuse(409, 'user.error.phoneTaken');
  const password = data.password ?? generatePassword();
  const id = newId();
  const now = nowIso();
  const hash = await hashPassword(password);
  await db.k.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        email: data.email ?? null,
        phone: data.phone ?? null,
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
  if (await hasRow(db, 'memberships', { user_id: userId, organisation_id: organisationId, role }, 'id')) return;
  await insertRow(db, 'memberships', { id: newId(), user_id: userId, organisation_id: organisationId, role, created_at: nowIso() });
}

/**
 * The account of a volunteer whose application staff approved: role volunteer in the organisation,
 * no password of their own until they set it through the invitation sent now, by e-mail, or by SMS
 * to an application that gave only a mobile number (the account then signs in with that number).
 * Someone who already has an account (a volunteer of another club, found by e-mail, else by
 * number) gets the role added and no new invitation.
 */
export async function createVolunteerAccount(
  deps: Deps,
  by: Principal,
  input: { email?: string | null; phone?: string | null; name: string; organisationId: string },
): Promise<{ id: string; invited: boolean }> {
  const email = input.email ? normaliseEmail(input.email) : undefined;
  // An e-mail is the account's name; a number counts only for an application without one, and must take the SMS.
  const phoneError = !email && input.phone ? mobileFieldError('phone', input.phone) : null;
  if (phoneError) throw refuse(422, 'user.error.phone', undefined, [phoneError]);
  const phone = !email && input.phone ? (mobileE164(input.phone) ?? undefined) : undefined;
  const existing = email ? await repo.findUserByEmail(deps.db, email) : phone ? await repo.findUserByPhone(deps.db, phone) : undefined;
  if (existing) {
    await addMembership(deps.db, existing.id, input.organisationId, 'volunteer');
    return { id: existing.id, invited: false };
  }
  const { id } = await createUser(deps.db, { email, phone, name: input.name, role: 'volunteer', organisation: input.organisationId });
  await inviteNewUser(deps, by, input.organisationId, id);
  return { id, invited: true };
}

export const PasswordChangeSchema = z
  .object({
    current: z.string().min(1, 'password.check.current.missing').max(200),
    password: z.string().min(PASSWORD_MIN, 'password.check.min').max(200, 'password.check.length'),
    confirm: z.string().max(200),
    /** "1" when the API tokens should be revoked too (a checkbox). */
    revokeTokens: z.string().max(10).optional(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'password.check.mismatch' });

/**
 * Changes the caller's password, under the password policy, and ends every other session of
 * theirs and any set-password link still open; with `revokeTokens` also deletes their API tokens
 * (a password changed because it leaked may have leaked with them). Audited.
 */
export async function changePassword(deps: Deps, principal: Principal, input: unknown): Promise<{ tokensRevoked: boolean }> {
  const data = parse(PasswordChangeSchema, input);
  const user = await repo.findUserById(deps.db, principal.userId);
  if (!user) throw notFound();
  if (!(await verifyPassword(data.current, user.password_hash))) {
    throw refuse(422, 'password.error.current', undefined, [fieldError('current', 'password.check.current.wrong')]);
  }
  const errors = await newPasswordErrors(data.password, data.confirm, {
    email: user.email ?? '',
    phone: user.phone,
    name: user.name,
    currentHash: user.password_hash,
  });
  if (errors.length > 0) throw refuse(422, 'password.error.unusable', undefined, errors);
  const revoke = data.revokeTokens === '1';
  const hash = await hashPassword(data.password);
  await deps.db.k.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: now }).where('id', '=', user.id).execute();
    let q = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (principal.sessionId) q = q.where('id', '!=', principal.sessionId);
    await q.execute();
    await closeOpenLinks(trx, user.id);
    if (revoke) await trx.deleteFrom('api_tokens').where('user_id', '=', user.id).execute();
    await userLog(trx, 'user.password-changed', { id: user.id, organisationId: null }, user.id, { tokensRevoked: revoke });
  });
  return { tokensRevoked: revoke };
}

/**
 * Writes the national id as given, without the checks of `setNationalIdentity`: for seeds and
 * fixtures only. People set it through `setNationalIdentity` (pages, API, command line).
 */
export async function setNationalId(db: Db, email: string, nationalId: string | null): Promise<void> {
  const res = await db.k
    .updateTable('users')
    .set({ national_id: nationalId })
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw refuse(404, 'user.error.email.unknown');
}

/** What the signed-in person signs in with, to show on their pages: the e-mail, else the mobile number. */
export async function signInName(db: Db, principal: Pick<Principal, 'userId' | 'email'>): Promise<string> {
  if (principal.email) return principal.email;
  const user = await repo.findUserById(db, principal.userId);
  return user ? contactOf(user) : '';
}

export async function listMembers(db: Db, organisationId: string) {
  return repo.membersOf(db, organisationId);
}

/** The e-mail addresses of an organisation's active administrators, in order. */
export async function adminEmails(db: Db, organisationId: string): Promise<string[]> {
  const rows = await db.k
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.email')
    .where('memberships.organisation_id', '=', organisationId)
    .where('memberships.role', '=', 'org-admin')
    .where('users.active', '=', 1)
    .where('users.email', 'is not', null)
    .orderBy('users.email')
    .execute();
  // An administrator who signs in by phone only has no address to write to.
  return rows.flatMap((r) => (r.email ? [r.email] : []));
}

// ---------- identity on the national monitoring platform ----------

/** The longest numeric IDFacilitatore accepted (the platform's ids are far shorter). */
export const NATIONAL_NUMERIC_ID_MAX = 20;
export const NATIONAL_NAME_MIN = 2;
export const NATIONAL_NAME_MAX = 120;

/**
 * The body that sets a person's identity on the national platform. Either field may be left out
 * (unchanged), or sent empty or null (cleared). The schema takes any text: the platform's rules
 * are checked by `setNationalIdentity`, which answers 422 naming the field.
 */
export const NationalIdentityPatch = z
  .object({
    nationalId: z
      .string({ message: 'identity.check.text' })
      .nullable()
      .optional()
      .describe(
        'IDFacilitatore: the codice fiscale (16 characters, valid) or the numeric id on the national platform; empty or null clears it',
      ),
    nationalName: z
      .string({ message: 'identity.check.text' })
      .nullable()
      .optional()
      .describe(
        `NominativoFacilitatore: "Cognome Nome" exactly as registered on the national platform; letters, spaces, apostrophes, hyphens and dots, ${NATIONAL_NAME_MIN}–${NATIONAL_NAME_MAX} characters; empty or null clears it`,
      ),
  })
  .strict();
export type NationalIdentityInput = z.input<typeof NationalIdentityPatch>;

export const MemberIdentityOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable().describe('null for an account that signs in by mobile number only'),
  nationalId: z.string().nullable(),
  nationalName: z.string().nullable(),
});
export type MemberIdentity = z.output<typeof MemberIdentityOut>;

/** A checked value, or the dictionary key (and its variables) of why it is refused. */
type Checked = { ok: true; value: string | null } | { ok: false; key: string; vars?: Record<string, number> };

/** IDFacilitatore: a valid codice fiscale (stored upper case, without spaces) or digits only. */
export function checkNationalId(input: string | null): Checked {
  const v = (input ?? '').trim();
  if (v === '') return { ok: true, value: null };
  if (/^\d+$/.test(v)) {
    return v.length <= NATIONAL_NUMERIC_ID_MAX
      ? { ok: true, value: v }
      : { ok: false, key: 'identity.check.id.digits', vars: { maximum: NATIONAL_NUMERIC_ID_MAX } };
  }
  const code = normaliseFiscalCode(v);
  if (code.length !== 16 || /[^A-Z0-9]/.test(code)) {
    return { ok: false, key: 'identity.check.id.format' };
  }
  const problem = fiscalCodeProblem(code);
  return problem ? { ok: false, key: problem } : { ok: true, value: code };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const NAME_CHARACTERS = /^[\p{L}\p{M}' ’.-]+$/u;

/** NominativoFacilitatore: "Cognome Nome", letters (accented too), spaces, apostrophes, hyphens, dots. */
export function checkNationalName(input: string | null): Checked {
  const v = (input ?? '').normalize('NFC').trim();
  if (v === '') return { ok: true, value: null };
  if (CONTROL.test(v)) return { ok: false, key: 'identity.check.name.control' };
  if (/\p{N}/u.test(v)) return { ok: false, key: 'identity.check.name.digits' };
  if (!NAME_CHARACTERS.test(v) || !/^\p{L}/u.test(v)) {
    return { ok: false, key: 'identity.check.name.characters' };
  }
  const length = [...v].length;
  if (length < NATIONAL_NAME_MIN || length > NATIONAL_NAME_MAX) {
    return { ok: false, key: 'identity.check.name.length', vars: { minimum: NATIONAL_NAME_MIN, maximum: NATIONAL_NAME_MAX } };
  }
  return { ok: true, value: v };
}

/** The organisation when the user has a role in it, for the access rule of member routes; else undefined (404). */
export async function organisationIfMember(
  db: Db,
  organisationId: string | undefined,
  userId: string | undefined,
): Promise<string | undefined> {
  if (!isId(organisationId) || !isId(userId)) return undefined;
  const row = await membershipsOf(db, organisationId, userId).select('organisation_id').executeTakeFirst();
  return row?.organisation_id ?? undefined;
}

/** The person's memberships (one a role) in the organisation. */
const membershipsOf = (db: Db, organisationId: string, userId: string) =>
  db.k.selectFrom('memberships').where('organisation_id', '=', organisationId).where('user_id', '=', userId);

async function memberIdentity(db: Db, userId: string): Promise<MemberIdentity> {
  const u = await repo.findUserById(db, userId);
  if (!u) throw refuse(404, 'user.error.person');
  return { id: u.id, name: u.name, email: u.email, nationalId: u.national_id, nationalName: u.national_name ?? null };
}

/** A member with their roles in the organisation and their mobile number (E.164) if any, for the member's page. */
export async function getMember(
  db: Db,
  organisationId: string,
  userId: string,
): Promise<MemberIdentity & { phone: string | null; roles: Role[] }> {
  const member = await memberIdentity(db, userId);
  const roles = await membershipsOf(db, organisationId, userId).select('role').execute();
  if (roles.length === 0) throw refuse(404, 'user.error.notMember');
  const phone = (await db.k.selectFrom('users').select('phone').where('id', '=', userId).executeTakeFirst())?.phone ?? null;
  return { ...member, phone, roles: roles.map((r) => r.role as Role) };
}

/**
 * Sets a person's IDFacilitatore and NominativoFacilitatore, as the national platform matches
 * them: the fields sent change (empty or null clears), the others stay. Bad input changes nothing
 * (422 naming each field). `by` is who acts and for which organisation, for the audit log.
 */
export async function setNationalIdentity(
  db: Db,
  userId: string,
  input: unknown,
  by: { userId: string | null; organisationId: string | null },
): Promise<MemberIdentity> {
  const data = parse(NationalIdentityPatch, input);
  if (data.nationalId === undefined && data.nationalName === undefined) {
    throw refuse(422, 'identity.error.nothing', undefined, [
      fieldError('nationalId', 'identity.check.nothing.id'),
      fieldError('nationalName', 'identity.check.nothing.name'),
    ]);
  }
  const errors: FieldError[] = [];
  const set: { national_id?: string | null; national_name?: string | null } = {};
  if (data.nationalId !== undefined) {
    const id = checkNationalId(data.nationalId);
    if (id.ok) set.national_id = id.value;
    else errors.push(fieldError('nationalId', id.key, id.vars));
  }
  if (data.nationalName !== undefined) {
    const name = checkNationalName(data.nationalName);
    if (name.ok) set.national_name = name.value;
    else errors.push(fieldError('nationalName', name.key, name.vars));
  }
  if (errors.length > 0) throw refuse(422, 'identity.error.invalid', undefined, errors);
  if (!isId(userId)) throw refuse(404, 'user.error.person');
  await db.k.transaction().execute(async (trx) => {
    const res = await trx.updateTable('users').set(set).where('id', '=', userId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw refuse(404, 'user.error.person');
    // Which fields changed, not their values: a codice fiscale is personal data.
    const fields = Object.keys(set).map((k) => (k === 'national_id' ? 'nationalId' : 'nationalName'));
    await userLog(trx, 'user.national-identity', { id: userId, organisationId: by.organisationId }, by.userId, { fields });
  });
  return memberIdentity(db, userId);
}

/** The same, for the command line: the person by e-mail (or mobile number), nobody signed in. */
export async function setNationalIdentityByEmail(db: Db, email: string, input: unknown): Promise<MemberIdentity> {
  const user = await findUserBySignIn(db, email);
  if (!user) throw refuse(404, 'user.error.email.unknown');
  return setNationalIdentity(db, user.id, input, { userId: null, organisationId: null });
}

/**
 * Each person's name and identity on the national platform (IDFacilitatore, NominativoFacilitatore),
 * by user id, for the national export. Ids with no user are left out of the map.
 */
export async function nationalIdentities(
  db: Db,
  userIds: string[],
): Promise<Map<string, { name: string; nationalId: string | null; nationalName: string | null }>> {
  const out = new Map<string, { name: string; nationalId: string | null; nationalName: string | null }>();
  const ids = [...new Set(userIds)].filter((id) => isId(id));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.k
      .selectFrom('users')
      .select(['id', 'name', 'national_id', 'national_name'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, { name: r.name, nationalId: r.national_id, nationalName: r.national_name ?? null });
  }
  return out;
}

/** Roles an organisation admin may hand out (never platform-admin). */
export function assignableRoles(principal: Principal): Role[] {
  return principal.isPlatformAdmin ? [...ROLES] : ROLES.filter((r) => r !== 'platform-admin');
}

export function assertAssignable(principal: Principal, role: Role): void {
  if (!assignableRoles(principal).includes(role)) throw refuse(403, 'user.error.role');
}

/** Users by their identity on the national platform (IDFacilitatore), for the facilitation import. */
export async function usersByNationalIds(db: Db, nationalIds: string[]): Promise<Map<string, { id: string; name: string }>> {
  if (nationalIds.length === 0) return new Map();
  const rows = await db.k
    .selectFrom('users')
    .select(['id', 'name', 'national_id'])
    .where('national_id', 'in', [...new Set(nationalIds)])
    .execute();
  return new Map(rows.map((r) => [r.national_id as string, { id: r.id, name: r.name }]));
}
