import { createHmac } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { auditLog } from '../../core/audit.js';
import { normaliseEmail, type Principal, sha256 } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { pickLang } from '../../core/i18n.js';
import { newId } from '../../core/ids.js';
import { hashPassword } from '../../core/passwords.js';
import { mobileE164 } from '../../core/phone.js';
import { type FieldError, fieldError, type Problem, refuse, refuseAs } from '../../core/problems.js';
import { enqueueSms } from '../../core/sms.js';
import { addMs, nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import type { Database, PasswordLinkTable } from '../../db/schema.js';
import { passwordLinkMail } from './password-link-mail.js';
import { PASSWORD_MAX, passwordCheck } from './password-policy.js';

const userLog = auditLog('user');

/**
 * Single-use links to set one's password: "Password dimenticata?" on the sign-in page, the
 * invitation of an account created in the back office, and the link an administrator sends
 * instead of handing out a password.
 *
 * The link's secret is an HMAC of the link's id under SESSION_SECRET: the database keeps only its
 * SHA-256 (a dump cannot be replayed as links) and the e-mail job's payload only the id (the mail
 * is rendered when sent, so no address or secret waits in the job table).
 */

export type LinkPurpose = PasswordLinkTable['purpose'];

/** How long a link works: a reset briefly, an invitation long enough to be read after a weekend. */
export const LINK_VALIDITY_MS: Record<LinkPurpose, number> = {
  reset: 30 * 60 * 1000,
  invite: 7 * 24 * 60 * 60 * 1000,
};
/** Reset e-mails one account receives in an hour at most, however often its address is typed. */
export const RESETS_PER_HOUR = 3;
export const PASSWORD_LINK_JOB = 'accounts.password-link';
/** The kind of SMS carrying a link to an account's mobile number (password-link-sms.ts renders it). */
export const PASSWORD_LINK_SMS = 'accounts.password-link';

/** Where a link leads; the path carries the secret (its logs must not). */
export const PASSWORD_LINK_ROUTE = '/password/reset/:token';
export const passwordLinkPath = (token: string) => `/password/reset/${token}`;

type Executor = Kysely<Database> | Transaction<Database>;

function linkSecret(deps: Pick<Deps, 'config'>, linkId: string): string {
  return createHmac('sha256', deps.config.sessionSecret).update(`password-link:${linkId}`).digest('base64url');
}

/** The address a link's message carries (its secret in the path). */
export function linkUrl(deps: Pick<Deps, 'config'>, linkId: string): string {
  return `${deps.config.baseUrl}${passwordLinkPath(linkSecret(deps, linkId))}`;
}

/** How a link reaches its person: by e-mail, or by SMS to an account's mobile number. */
export type LinkChannel = 'mail' | 'sms';

/**
 * Records a link and queues its e-mail, in the caller's transaction; or its SMS when asked
 * (a reset asked for by number) or when the account has no e-mail, only a mobile number.
 */
async function issueLink(
  deps: Deps,
  trx: Executor,
  link: { userId: string; purpose: LinkPurpose; lang: string; createdBy: string | null; channel?: LinkChannel },
): Promise<{ id: string; expiresAt: string; channel: LinkChannel }> {
  const id = newId();
  const now = nowIso();
  const expiresAt = addMs(now, LINK_VALIDITY_MS[link.purpose]);
  await trx
    .insertInto('password_links')
    .values({
      id,
      user_id: link.userId,
      purpose: link.purpose,
      token_hash: sha256(linkSecret(deps, id)),
      lang: pickLang(link.lang) ?? 'it',
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
      created_by: link.createdBy,
    })
    .execute();
  const channel = link.channel ?? (await channelOf(trx, link.userId));
  // A reset expires in 30 minutes: its SMS leaves at once, at any hour; an invitation waits for the morning.
  if (channel === 'sms') await enqueueSms(trx, PASSWORD_LINK_SMS, { linkId: id }, { anyHour: link.purpose === 'reset' });
  else await deps.jobs.enqueue(trx, PASSWORD_LINK_JOB, { linkId: id });
  return { id, expiresAt, channel };
}

/** E-mail when the account has an address, SMS when it has only a mobile number. */
async function channelOf(trx: Executor, userId: string): Promise<LinkChannel> {
  const user = await trx.selectFrom('users').select(['email', 'phone']).where('id', '=', userId).executeTakeFirst();
  return !user?.email && user?.phone ? 'sms' : 'mail';
}

// ---------- "Password dimenticata?" ----------

/** The form's one field, named `email` as before: an address, or a mobile number in any usual form. */
export const ForgotForm = z.object({
  email: z
    .string({ message: 'password.check.email.missing' })
    .trim()
    .max(254)
    .transform((value, ctx) => {
      const key = value.includes('@') ? (z.string().email().safeParse(value).success ? normaliseEmail(value) : null) : mobileE164(value);
      if (key) return key;
      ctx.addIssue({ code: 'custom', message: value === '' ? 'password.check.email.missing' : 'password.check.email.invalid' });
      return z.NEVER;
    }),
});

/**
 * Sends a reset link when the address, or the mobile number, belongs to an active account, and
 * does nothing otherwise: the caller answers the same either way, so the form does not tell which
 * addresses or numbers have an account. A number gets the link by SMS (sent at once, at any hour:
 * it expires in 30 minutes). An account gets at most RESETS_PER_HOUR such messages an hour; more
 * requests are answered the same and send nothing.
 */
export async function requestPasswordReset(deps: Deps, input: unknown, lang: string): Promise<void> {
  const { email: key } = parse(ForgotForm, input);
  const channel: LinkChannel = key.includes('@') ? 'mail' : 'sms';
  const user = await deps.db.k
    .selectFrom('users')
    .select(['id', 'active'])
    .where(channel === 'mail' ? 'email' : 'phone', '=', key)
    .executeTakeFirst();
  if (!user?.active) return;
  const since = addMs(nowIso(), -60 * 60 * 1000);
  await deps.db.k.transaction().execute(async (trx) => {
    const recent = await trx
      .selectFrom('password_links')
      .select(sql<number | string>`count(*)`.as('n'))
      .where('user_id', '=', user.id)
      .where('created_by', 'is', null)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= RESETS_PER_HOUR) return;
    await issueLink(deps, trx, { userId: user.id, purpose: 'reset', lang, createdBy: null, channel });
  });
}

// ---------- following a link ----------

export interface OpenLink {
  id: string;
  purpose: LinkPurpose;
  userId: string;
  email: string | null;
  phone: string | null;
  name: string;
  passwordHash: string;
}

const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A link (by its id or its secret's hash) with its account, while it is unused and unexpired and the account active. */
async function liveLink(db: Db, by: 'id' | 'token_hash', value: string) {
  const row = await db.k
    .selectFrom('password_links')
    .innerJoin('users', 'users.id', 'password_links.user_id')
    .select([
      'password_links.id',
      'password_links.purpose',
      'password_links.lang',
      'password_links.expires_at',
      'password_links.used_at',
      'users.id as userId',
      'users.email',
      'users.phone',
      'users.name',
      'users.password_hash',
      'users.active',
    ])
    .where(`password_links.${by}`, '=', value)
    .executeTakeFirst();
  return row && !row.used_at && row.expires_at > nowIso() && row.active ? row : undefined;
}

/** The link a secret opens, while it is unused and unexpired and its account active; else null. */
export async function openLink(db: Db, secret: string): Promise<OpenLink | null> {
  if (!SECRET_SHAPE.test(secret)) return null;
  const row = await liveLink(db, 'token_hash', sha256(secret));
  if (!row) return null;
  return {
    id: row.id,
    purpose: row.purpose,
    userId: row.userId,
    email: row.email,
    phone: row.phone,
    name: row.name,
    passwordHash: row.password_hash,
  };
}

export function linkGone(): Problem {
  return refuseAs(410, 'password.error.gone.title', 'password.error.gone');
}

export const NewPasswordForm = z.object({
  password: z.string({ message: 'password.check.password' }).max(PASSWORD_MAX, 'password.check.length').default(''),
  confirm: z.string({ message: 'password.check.confirm' }).max(PASSWORD_MAX, 'password.check.length').default(''),
});

/**
 * The new password's problems against the policy and its repetition, as field errors; empty when
 * it may be used. Shared by every form that sets a password.
 */
export async function newPasswordErrors(
  password: string,
  confirm: string,
  owner: { email: string | null; phone?: string | null; name?: string; currentHash?: string },
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const problem = await passwordCheck(password, { ...owner, email: owner.email ?? '' });
  if (problem) errors.push(fieldError('password', problem.key, problem.vars));
  if (password !== confirm) errors.push(fieldError('confirm', 'password.check.mismatch'));
  return errors;
}

/**
 * Sets the password through a link: the policy applies, the link is spent in the same statement
 * that checks it is still open (two tabs cannot both use it), every other open link of the person
 * is closed, all their sessions end, and a lock from failed sign-ins is lifted (whoever holds the
 * mailbox has just proved who they are).
 */
export async function setPasswordWithLink(deps: Deps, secret: string, input: unknown): Promise<{ userId: string }> {
  const link = await openLink(deps.db, secret);
  if (!link) throw linkGone();
  const data = parse(NewPasswordForm, input);
  const errors = await newPasswordErrors(data.password, data.confirm, {
    email: link.email,
    phone: link.phone,
    name: link.name,
    currentHash: link.purpose === 'reset' ? link.passwordHash : undefined,
  });
  if (errors.length > 0) throw refuse(422, 'password.error.unusable', undefined, errors);
  const hash = await hashPassword(data.password);
  const now = nowIso();
  await deps.db.k.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('password_links')
      .set({ used_at: now })
      .where('id', '=', link.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw linkGone();
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: now }).where('id', '=', link.userId).execute();
    await closeOpenLinks(trx, link.userId);
    await trx.deleteFrom('sessions').where('user_id', '=', link.userId).execute();
    // The lockout is kept under what the person signs in with: the address, else the number.
    const signIn = link.email ?? link.phone;
    if (signIn) await trx.deleteFrom('login_throttle').where('email', '=', signIn).execute();
    await userLog(trx, 'user.password-set', { id: link.userId, organisationId: null }, link.userId, { via: link.purpose });
  });
  return { userId: link.userId };
}

/** Ends every link of a person still open: their password has just been set another way. */
export async function closeOpenLinks(trx: Executor, userId: string): Promise<void> {
  await trx.updateTable('password_links').set({ used_at: nowIso() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

// ---------- links sent by administrators ----------

/** True while an invited account has never had a password set: another invitation, not a reset. */
async function awaitsFirstPassword(db: Db, userId: string): Promise<boolean> {
  const rows = await db.k.selectFrom('password_links').select(['purpose', 'used_at']).where('user_id', '=', userId).execute();
  return rows.some((r) => r.purpose === 'invite') && !rows.some((r) => r.used_at !== null);
}

/**
 * An administrator sends a member a link to set their password: an invitation (valid 7 days)
 * while the account has never had a password of its own, else a reset (30 minutes). Only a
 * platform administrator may send one to another platform administrator. Audited.
 */
export async function sendPasswordLink(
  deps: Deps,
  by: Principal,
  organisationId: string | null,
  userId: string,
): Promise<{ purpose: LinkPurpose; expiresAt: string }> {
  const user = await deps.db.k.selectFrom('users').select(['id', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw refuse(404, 'password.error.person');
  if (!user.active) throw refuse(409, 'password.error.inactive');
  if (!by.isPlatformAdmin) {
    const platformAdmin = await deps.db.k
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', userId)
      .where('role', '=', 'platform-admin')
      .executeTakeFirst();
    if (platformAdmin) throw refuse(403, 'password.error.platformAdmin');
  }
  const purpose: LinkPurpose = (await awaitsFirstPassword(deps.db, userId)) ? 'invite' : 'reset';
  return deps.db.k.transaction().execute(async (trx) => {
    const { expiresAt } = await issueLink(deps, trx, { userId, purpose, lang: 'it', createdBy: by.userId });
    await userLog(trx, 'user.password-link', { id: userId, organisationId }, by, { purpose });
    return { purpose, expiresAt };
  });
}

/** The invitation of an account just created in the back office, instead of showing a password. */
export async function inviteNewUser(deps: Deps, by: Principal, organisationId: string, userId: string): Promise<{ expiresAt: string }> {
  return deps.db.k.transaction().execute(async (trx) => {
    const { expiresAt } = await issueLink(deps, trx, { userId, purpose: 'invite', lang: 'it', createdBy: by.userId });
    await userLog(trx, 'user.invited', { id: userId, organisationId }, by, { purpose: 'invite' });
    return { expiresAt };
  });
}

// ---------- the e-mail ----------

/**
 * A link as its e-mail or SMS job finds it when it runs, with where it goes; undefined once the link
 * was used, has expired or its account was switched off meanwhile: then nothing is sent.
 */
export function linkStillToSend(db: Db, linkId: string) {
  return liveLink(db, 'id', linkId);
}

/** Sends a link's e-mail when its job runs, unless the link was used or has expired meanwhile. */
export function registerPasswordLinkJob(deps: Deps): void {
  deps.jobs.register(PASSWORD_LINK_JOB, async (payload) => {
    const { linkId } = payload as { linkId: string };
    const row = await linkStillToSend(deps.db, linkId);
    // An account without an address gets its links by SMS (issueLink): nothing to send here.
    if (!row?.email) return;
    await deps.mailer.send(
      passwordLinkMail({
        to: row.email,
        name: row.name,
        purpose: row.purpose,
        lang: row.lang,
        url: linkUrl(deps, row.id),
        expiresAt: row.expires_at,
      }),
    );
  });
}
