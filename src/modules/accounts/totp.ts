import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import type QRCodeLib from 'qrcode';
import type { Config } from '../../config.js';
import { auditLog } from '../../core/audit.js';
import { sha256 } from '../../core/auth.js';
import { newId, newToken } from '../../core/ids.js';
import { lazyRequire } from '../../core/lazy.js';
import { fieldError, refuse } from '../../core/problems.js';
import type { Role } from '../../core/roles.js';
import { addMs, now as clock, nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { seal, unseal } from './sealed.js';

const platformLog = auditLog('platform');
const userLog = auditLog('user');

// The QR encoder (and its PNG writer) loads with the first code drawn, not at start.
const qrcode = lazyRequire<typeof QRCodeLib>('qrcode');

/**
 * Two-factor authentication with time-based one-time codes (RFC 6238: 6 digits, 30 seconds,
 * SHA-1, what every authenticator app reads from a QR code), for platform and organisation
 * administrators. The secret is kept sealed under DATA_KEY; each code works once; wrong codes lock
 * the second step for a while; ten single-use recovery codes stand in for a lost phone.
 */

export const TOTP_ROLES: readonly Role[] = ['platform-admin', 'org-admin'];
export const RECOVERY_CODES = 10;
/** Wrong codes in a row before the second step is locked. */
export const TOTP_FAILURES = 5;
export const TOTP_LOCK_MS = 15 * 60 * 1000;
/** How long a password accepted waits for its second factor. */
export const CHALLENGE_MS = 10 * 60 * 1000;
const PERIOD = 30;
const ISSUER = 'Ponte';
const ADMINS_MUST_USE_TOTP = 'admins_must_use_totp';

type Keys = Pick<Config, 'dataKey' | 'dataKeysPrevious'>;

function totpOf(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/** Whether the roles allow (and the platform's rule may require) a second factor. */
export async function isAdmin(db: Db, userId: string): Promise<boolean> {
  const row = await db.k
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', 'in', [...TOTP_ROLES])
    .executeTakeFirst();
  return !!row;
}

export interface TotpStatus {
  enabled: boolean;
  /** A secret shown, not yet confirmed by a code. */
  pending: boolean;
  recoveryLeft: number;
}

export async function status(db: Db, userId: string): Promise<TotpStatus> {
  const row = await db.k.selectFrom('user_totp').select(['enabled_at']).where('user_id', '=', userId).executeTakeFirst();
  const left = await db.k
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { enabled: !!row?.enabled_at, pending: !!row && !row.enabled_at, recoveryLeft: Number(left.n) };
}

/** What the set-up page shows: the secret as text, as an otpauth:// address and as a QR code. */
export interface Enrolment {
  secret: string;
  uri: string;
  qrDataUrl: string;
}

/** Starts (or restarts) the set-up with a new secret, kept pending until a first code confirms it. */
export async function startEnrolment(db: Db, config: Keys, userId: string): Promise<void> {
  const current = await db.k.selectFrom('user_totp').select('enabled_at').where('user_id', '=', userId).executeTakeFirst();
  if (current?.enabled_at) throw refuse(409, 'totp.error.active');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const now = nowIso();
  const row = {
    secret_enc: seal(config, 'totp-secret', secret),
    enabled_at: null,
    last_step: null,
    failures: 0,
    locked_until: null,
    updated_at: now,
  };
  await db.k
    .insertInto('user_totp')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
}

/** The pending secret to show, or null when there is none. */
export async function pendingEnrolment(db: Db, config: Keys, userId: string, email: string): Promise<Enrolment | null> {
  const row = await db.k.selectFrom('user_totp').select(['secret_enc', 'enabled_at']).where('user_id', '=', userId).executeTakeFirst();
  if (!row || row.enabled_at) return null;
  const secret = unseal(config, 'totp-secret', row.secret_enc);
  const uri = totpOf(secret, email).toString();
  const qrDataUrl = await qrcode().toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  return { secret: secret.replace(/(.{4})/g, '$1 ').trim(), uri, qrDataUrl };
}

/** The time step a 6-digit code is valid for (one step either side of now, for clock drift), or null. */
function stepOf(secret: string, code: string): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const now = clock().getTime();
  const delta = totpOf(secret, 'x').validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : OTPAuth.TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

function newRecoveryCode(): string {
  return new OTPAuth.Secret({ size: 10 }).base32.toLowerCase().replace(/(.{4})(?=.)/g, '$1-');
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z2-7]/g, '');
}

/**
 * Confirms the set-up with a first code: the secret becomes active and ten new recovery codes are
 * made. The codes are returned to be shown once; only their hashes are kept.
 */
export async function confirmEnrolment(db: Db, config: Keys, userId: string, code: string): Promise<string[]> {
  const row = await db.k.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row || row.enabled_at) throw refuse(409, 'totp.error.nothingPending');
  const step = stepOf(unseal(config, 'totp-secret', row.secret_enc), code);
  if (step === null) {
    throw refuse(422, 'totp.error.code', undefined, [fieldError('code', 'totp.check.code')]);
  }
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  const now = nowIso();
  await db.k.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('user_totp')
      .set({ enabled_at: now, last_step: step, failures: 0, locked_until: null, updated_at: now })
      .where('user_id', '=', userId)
      .where('enabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw refuse(409, 'totp.error.active');
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
    await trx
      .insertInto('totp_recovery_codes')
      .values(codes.map((c) => ({ id: newId(), user_id: userId, code_hash: sha256(normaliseRecoveryCode(c)), used_at: null })))
      .execute();
    await userLog(trx, 'user.totp.enabled', { id: userId }, userId);
  });
  return codes;
}

export type SecondFactorResult =
  | { ok: true; via: 'code' | 'recovery' }
  | { ok: false; reason: 'invalid' | 'locked' | 'not-enabled'; until?: string };

/**
 * Checks a code from the app, or a recovery code. A code is accepted once (its time step must be
 * later than the last one used, checked and recorded in one statement); a recovery code is spent
 * in one statement too. Wrong answers are counted in the database; after TOTP_FAILURES the second
 * step is locked for TOTP_LOCK_MS, however many new sign-ins are started.
 */
export async function verifySecondFactor(
  db: Db,
  config: Keys,
  userId: string,
  input: { code?: string; recovery?: string },
): Promise<SecondFactorResult> {
  const row = await db.k.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row?.enabled_at) return { ok: false, reason: 'not-enabled' };
  const now = nowIso();
  if (row.locked_until && row.locked_until > now) return { ok: false, reason: 'locked', until: row.locked_until };

  const code = (input.code ?? '').trim();
  const recovery = normaliseRecoveryCode(input.recovery ?? '');
  if (code) {
    const step = stepOf(unseal(config, 'totp-secret', row.secret_enc), code);
    if (step !== null) {
      const used = await db.k
        .updateTable('user_totp')
        .set({ last_step: step, failures: 0, locked_until: null, updated_at: now })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) === 1) return { ok: true, via: 'code' };
    }
  } else if (recovery) {
    const spent = await db.k
      .updateTable('totp_recovery_codes')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('code_hash', '=', sha256(recovery))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) === 1) {
      await db.k.updateTable('user_totp').set({ failures: 0, locked_until: null, updated_at: now }).where('user_id', '=', userId).execute();
      await userLog(db.k, 'user.totp.recovery-code-used', { id: userId }, userId);
      return { ok: true, via: 'recovery' };
    }
  }
  return countFailure(db, userId, now);
}

async function countFailure(db: Db, userId: string, now: string): Promise<SecondFactorResult> {
  // One statement, so that codes tried in parallel all count.
  const counted = await db.k
    .updateTable('user_totp')
    .set({ failures: sql<number>`failures + 1`, updated_at: now })
    .where('user_id', '=', userId)
    .returning(['failures'])
    .executeTakeFirst();
  if (!counted || counted.failures < TOTP_FAILURES) return { ok: false, reason: 'invalid' };
  const until = addMs(now, TOTP_LOCK_MS);
  await db.k.updateTable('user_totp').set({ failures: 0, locked_until: until, updated_at: now }).where('user_id', '=', userId).execute();
  await db.k.deleteFrom('login_challenges').where('user_id', '=', userId).execute();
  await userLog(db.k, 'user.totp.locked', { id: userId }, userId, { until });
  return { ok: false, reason: 'locked', until };
}

/** Turns the second factor off; needs a current code (or a recovery code). */
export async function disable(
  db: Db,
  config: Keys,
  userId: string,
  input: { code?: string; recovery?: string },
): Promise<SecondFactorResult> {
  const checked = await verifySecondFactor(db, config, userId, input);
  if (!checked.ok) return checked;
  await db.k.transaction().execute(async (trx) => {
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
    await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
    await userLog(trx, 'user.totp.disabled', { id: userId }, userId);
  });
  return checked;
}

/**
 * Removes someone's second factor without a code, for the command line: the way back for an admin
 * who lost both the phone and the recovery codes. False when they had none.
 */
export async function resetByOperator(db: Db, userId: string): Promise<boolean> {
  return db.k.transaction().execute(async (trx) => {
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
    const res = await trx.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) return false;
    await userLog(trx, 'user.totp.reset', { id: userId }, null, { by: 'command line' });
    return true;
  });
}

// ---------- the platform's rule ----------

export async function adminsMustUseTotp(db: Db): Promise<boolean> {
  const row = await db.k.selectFrom('platform_settings').select('value').where('name', '=', ADMINS_MUST_USE_TOTP).executeTakeFirst();
  return row?.value === 'true';
}

export async function setAdminsMustUseTotp(db: Db, required: boolean, by: string): Promise<void> {
  const now = nowIso();
  const value = required ? 'true' : 'false';
  await db.k.transaction().execute(async (trx) => {
    await trx
      .insertInto('platform_settings')
      .values({ name: ADMINS_MUST_USE_TOTP, value, updated_at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: now }))
      .execute();
    await platformLog(trx, 'platform.totp-required', { id: null }, by, { required });
  });
}

/**
 * What a sign-in needs after the password (or the identity provider): nothing, the code of an
 * active second factor, or — when the platform requires it of administrators — setting one up.
 */
export async function secondStepOf(db: Db, userId: string): Promise<'none' | 'verify' | 'enrol'> {
  const row = await db.k.selectFrom('user_totp').select('enabled_at').where('user_id', '=', userId).executeTakeFirst();
  if (row?.enabled_at) return 'verify';
  if ((await adminsMustUseTotp(db)) && (await isAdmin(db, userId))) return 'enrol';
  return 'none';
}

// ---------- sign-ins waiting for their second step ----------

export interface Challenge {
  id: string;
  userId: string;
  purpose: 'verify' | 'enrol';
  next: string | null;
}

/** Records a sign-in waiting for its second step and returns the cookie's token (only its hash is kept). */
export async function createChallenge(db: Db, userId: string, purpose: Challenge['purpose'], next: string | null): Promise<string> {
  const token = newToken();
  const now = nowIso();
  await db.k.deleteFrom('login_challenges').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
  await db.k
    .insertInto('login_challenges')
    .values({
      id: sha256(token),
      user_id: userId,
      purpose,
      next: next?.slice(0, 500) ?? null,
      created_at: now,
      expires_at: addMs(now, CHALLENGE_MS),
    })
    .execute();
  return token;
}

export async function readChallenge(db: Db, token: string | undefined): Promise<Challenge | null> {
  if (!token || token.length > 100) return null;
  const row = await db.k
    .selectFrom('login_challenges')
    .selectAll()
    .where('id', '=', sha256(token))
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id, purpose: row.purpose as Challenge['purpose'], next: row.next } : null;
}

/** Spends the challenge; false when another request spent it first. */
export async function spendChallenge(db: Db, id: string): Promise<boolean> {
  const res = await db.k.deleteFrom('login_challenges').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
