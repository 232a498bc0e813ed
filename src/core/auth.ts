import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { newId, newToken } from './ids.js';
import { dummyHash, verifyPassword } from './passwords.js';
import type { Role } from './roles.js';
import { addMs, nowIso } from './time.js';

/** Who is calling: resolved once per request from the session cookie or a bearer token. */
export interface Principal {
  userId: string;
  /** null for an account that signs in by mobile number only. */
  email: string | null;
  name: string;
  memberships: { organisationId: string | null; role: Role }[];
  isPlatformAdmin: boolean;
  via: 'session' | 'token';
  sessionId?: string;
}

export const SESSION_COOKIE = 'ponte_sid';
/** Idle timeout: a session unused for this long expires. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** Refresh the expiry at most this often, so reads do not write on every request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function loadPrincipal(db: Db, userId: string, via: Principal['via'], sessionId?: string): Promise<Principal | null> {
  const user = await db.k.selectFrom('users').select(['id', 'email', 'name', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!user?.active) return null;
  const memberships = await db.k.selectFrom('memberships').select(['organisation_id', 'role']).where('user_id', '=', userId).execute();
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    memberships: memberships.map((m) => ({ organisationId: m.organisation_id, role: m.role as Role })),
    isPlatformAdmin: memberships.some((m) => m.role === 'platform-admin'),
    via,
    sessionId,
  };
}

export async function principalFromSession(db: Db, cookieToken: string): Promise<Principal | null> {
  const id = sha256(cookieToken);
  const session = await db.k.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  const now = nowIso();
  if (!session) return null;
  if (session.expires_at <= now) {
    await db.k.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (Date.parse(now) - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
    await db.k
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: addMs(now, SESSION_IDLE_MS) })
      .where('id', '=', id)
      .execute();
  }
  return loadPrincipal(db, session.user_id, 'session', id);
}

export async function principalFromToken(db: Db, bearer: string): Promise<Principal | null> {
  const token = await db.k
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', sha256(bearer))
    .executeTakeFirst();
  if (!token) return null;
  const now = nowIso();
  if (!token.last_used_at || Date.parse(now) - Date.parse(token.last_used_at) > TOUCH_EVERY_MS) {
    await db.k.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token.id).execute();
  }
  return loadPrincipal(db, token.user_id, 'token');
}

/** Creates a session and returns the cookie value (only its hash is stored). */
export async function createSession(db: Db, userId: string): Promise<string> {
  const token = newToken();
  const now = nowIso();
  await db.k
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: addMs(now, SESSION_IDLE_MS) })
    .execute();
  return token;
}

export async function destroySession(db: Db, sessionId: string): Promise<void> {
  await db.k.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function createApiToken(db: Db, userId: string, name: string): Promise<string> {
  const token = `pt_${newToken()}`;
  await db.k
    .insertInto('api_tokens')
    .values({ id: newId(), user_id: userId, token_hash: sha256(token), name, created_at: nowIso(), last_used_at: null })
    .execute();
  return token;
}

export type LoginResult = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'locked'; until?: string };

/**
 * Checks e-mail (or mobile number in E.164) and password with a per-address lockout: after
 * LOCKOUT_FAILURES wrong attempts the address is locked for LOCKOUT_MS, whether or not it belongs
 * to an account (so the answer does not reveal which addresses exist).
 */
export async function checkLogin(db: Db, rawEmail: string, password: string): Promise<LoginResult> {
  const email = normaliseEmail(rawEmail);
  const now = nowIso();
  const throttle = await db.k.selectFrom('login_throttle').selectAll().where('email', '=', email).executeTakeFirst();
  if (throttle?.locked_until && throttle.locked_until > now) {
    return { ok: false, reason: 'locked', until: throttle.locked_until };
  }
  // An address has an @; anything else is looked up as a mobile number, which the caller gives in E.164.
  const column = email.includes('@') ? 'email' : 'phone';
  const user = await db.k.selectFrom('users').select(['id', 'password_hash', 'active']).where(column, '=', email).executeTakeFirst();
  const valid = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  if (user?.active && valid) {
    if (throttle) await db.k.deleteFrom('login_throttle').where('email', '=', email).execute();
    return { ok: true, userId: user.id };
  }
  // Count the failure in the database in one statement: attempts sent in parallel all read the
  // same row before any of them writes, so a read-then-write counter would never reach the limit.
  const counted = await db.k
    .insertInto('login_throttle')
    .values({ email, failures: 1, locked_until: null, updated_at: now })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({
        failures: sql<number>`case when login_throttle.locked_until is not null and login_throttle.locked_until <= ${now} then 1 else login_throttle.failures + 1 end`,
        locked_until: sql<
          string | null
        >`case when login_throttle.locked_until is not null and login_throttle.locked_until <= ${now} then null else login_throttle.locked_until end`,
        updated_at: now,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  if (counted.locked_until && counted.locked_until > now) return { ok: false, reason: 'locked', until: counted.locked_until };
  if (counted.failures < LOCKOUT_FAILURES) return { ok: false, reason: 'invalid' };
  const lockedUntil = addMs(now, LOCKOUT_MS);
  await db.k
    .updateTable('login_throttle')
    .set({ failures: 0, locked_until: lockedUntil, updated_at: now })
    .where('email', '=', email)
    .execute();
  return { ok: false, reason: 'locked', until: lockedUntil };
}
