/** Tables owned by accounts: users, memberships, sessions, tokens and sign-in. Conventions in ../schema.ts. */

export interface UserTable {
  id: string;
  /** null for an account that signs in by mobile number only (migration 040). */
  email: string | null;
  /** The mobile number (E.164) an account may sign in with instead of, or besides, an e-mail; unique. */
  phone: string | null;
  name: string;
  password_hash: string;
  /** IDFacilitatore: codice fiscale (preferred) or numeric id on the national platform. */
  national_id: string | null;
  /** NominativoFacilitatore: "Cognome Nome" exactly as registered on the national platform. */
  national_name: string | null;
  active: number;
  created_at: string;
  password_changed_at: string;
}

export interface MembershipTable {
  id: string;
  user_id: string;
  /** null only for platform admins, whose role spans every organisation. */
  organisation_id: string | null;
  role: string;
  created_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie's token, so a database dump cannot be replayed as a cookie. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  token_hash: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** A single-use link to set one's password (migration 016); only the secret's hash is kept. */
export interface PasswordLinkTable {
  id: string;
  user_id: string;
  purpose: 'reset' | 'invite';
  token_hash: string;
  lang: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
}

export interface LoginThrottleTable {
  email: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

/** An organisation's OpenID Connect provider for staff sign-in (one at most). */
export interface OidcProviderTable {
  organisation_id: string;
  /** The name on the sign-in button ("Accedi con …"). */
  label: string;
  issuer: string;
  client_id: string;
  /** Encrypted under DATA_KEY; never shown back. */
  client_secret_enc: string;
  enabled: number;
  /** 1: the provider verifies its addresses itself, so a missing `email_verified` claim is accepted. */
  emails_verified: number;
  updated_at: string;
}

/** An address allowed to get an account, with its role, at its first sign-in through the provider. */
export interface OidcInvitationTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: string;
  invited_by: string | null;
  created_at: string;
}

/** A user's TOTP secret: pending until `enabled_at` is set by a first valid code. */
export interface UserTotpTable {
  user_id: string;
  /** Encrypted under DATA_KEY. */
  secret_enc: string;
  enabled_at: string | null;
  /** The last 30-second step a code was accepted for: a code works once. */
  last_step: number | null;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface TotpRecoveryCodeTable {
  id: string;
  user_id: string;
  /** sha256 of the code (80 random bits), never the code. */
  code_hash: string;
  used_at: string | null;
}

/** A password accepted, waiting for the second factor (or its set-up): no session exists yet. */
export interface LoginChallengeTable {
  /** sha256 of the cookie's token. */
  id: string;
  user_id: string;
  purpose: string;
  next: string | null;
  created_at: string;
  expires_at: string;
}

export interface PlatformSettingTable {
  name: string;
  value: string;
  updated_at: string;
}
