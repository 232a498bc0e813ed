import type * as Client from 'openid-client';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { auditLog } from '../../core/audit.js';
import { normaliseEmail } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { isId, newId } from '../../core/ids.js';
import { fieldError, refuse } from '../../core/problems.js';
import { ROLES, type Role } from '../../core/roles.js';
import { deleteRows, findRow } from '../../core/rows.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import * as organisations from '../organisations/service.js';
import { seal, unseal } from './sealed.js';
import { addMembership, createUser } from './service.js';

const organisationLog = auditLog('organisation');
const userLog = auditLog('user');

/**
 * Staff sign-in through their organisation's identity provider (OpenID Connect, authorization code
 * flow with PKCE, state and nonce, through `openid-client`). The provider only says who someone is:
 * the account is found by its verified e-mail among the organisation's people, or created when an
 * admin invited that address, and roles always stay in Ponte. Password sign-in stays as it is.
 */

export const CALLBACK_PATH = '/login/oidc/callback';
/** Roles an invitation can give (platform administrators are never made this way). */
export const INVITABLE_ROLES = ROLES.filter((r) => r !== 'platform-admin');

export function redirectUri(config: Pick<Config, 'baseUrl'>): string {
  return `${config.baseUrl}${CALLBACK_PATH}`;
}

const text = (max: number, required: string) => z.string().trim().min(1, required).max(max, 'oidc.check.max');

export const ProviderSchema = z.object({
  label: text(80, 'oidc.check.label'),
  issuer: text(500, 'oidc.check.issuer').url('oidc.check.issuer.url'),
  clientId: text(200, 'oidc.check.clientId'),
  /** Empty keeps the secret already stored. */
  clientSecret: z.string().max(500, 'oidc.check.max').default(''),
  enabled: z.boolean().default(true),
  /**
   * The provider verifies its users' addresses itself (an organisation's own directory, such as
   * Microsoft Entra ID, which never sends `email_verified`): a missing claim is then accepted.
   */
  emailsVerified: z.boolean().default(false),
});
export type ProviderInput = z.input<typeof ProviderSchema>;

export interface ProviderView {
  label: string;
  issuer: string;
  clientId: string;
  enabled: boolean;
  emailsVerified: boolean;
  updatedAt: string;
}

/** The organisation's provider as the admin's page shows it: never the secret. */
export async function getProvider(db: Db, organisationId: string): Promise<ProviderView | null> {
  const row = await db.k.selectFrom('oidc_providers').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
  return row
    ? {
        label: row.label,
        issuer: row.issuer,
        clientId: row.client_id,
        enabled: Number(row.enabled) === 1,
        emailsVerified: Number(row.emails_verified) === 1,
        updatedAt: row.updated_at,
      }
    : null;
}

/** The providers the login page offers, one button each. */
export async function enabledProviders(db: Db): Promise<{ organisationId: string; label: string; organisation: string }[]> {
  const rows = await db.k.selectFrom('oidc_providers').select(['organisation_id', 'label']).where('enabled', '=', 1).execute();
  const names = await organisations.organisationNames(
    db,
    rows.map((r) => r.organisation_id),
  );
  return rows
    .map((r) => ({ organisationId: r.organisation_id, label: r.label, organisation: names.get(r.organisation_id) ?? '' }))
    .sort((a, b) => a.organisation.localeCompare(b.organisation, 'it'));
}

/** How long a provider may take to answer (discovery, tokens, user info) before it counts as down. */
const PROVIDER_TIMEOUT_S = 10;

// Discovery documents read once in a while, not at every sign-in. Keyed by everything that shapes
// them, so a change of the settings is seen at once.
const DISCOVERY_TTL_MS = 10 * 60 * 1000;
// openid-client (and jose) load with the first sign-in through a provider, not at start.
let openidLoaded: typeof Client | undefined;
async function openid(): Promise<typeof Client> {
  openidLoaded ??= await import('openid-client');
  return openidLoaded;
}

const discovered = new Map<string, { at: number; config: Client.Configuration }>();

async function discover(config: Config, issuer: string, clientId: string, secret: string): Promise<Client.Configuration> {
  const client = await openid();
  const key = `${issuer}\n${clientId}\n${secret}`;
  const hit = discovered.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const url = new URL(issuer);
  // Plain http only outside production (a provider on the local machine, in tests).
  const insecure = url.protocol === 'http:' && !config.production;
  const found = await client.discovery(url, clientId, secret, client.ClientSecretBasic(secret), {
    timeout: PROVIDER_TIMEOUT_S,
    ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
  });
  discovered.set(key, { at: Date.now(), config: found });
  return found;
}

/**
 * Saves the organisation's provider. The issuer must answer its discovery document now, so a typo
 * is told to the admin here rather than to staff at their next sign-in. The secret is sealed.
 */
export async function saveProvider(deps: Deps, organisationId: string, input: unknown, by: string): Promise<void> {
  const data = parse(ProviderSchema, input);
  const issuer = data.issuer.replace(/\/$/, '');
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !deps.config.production)) {
    throw refuse(422, 'oidc.error.issuer', undefined, [fieldError('issuer', 'oidc.check.issuer.https')]);
  }
  const existing = await deps.db.k
    .selectFrom('oidc_providers')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  const secret = data.clientSecret.trim() || (existing ? unseal(deps.config, 'oidc-client-secret', existing.client_secret_enc) : '');
  if (!secret) {
    throw refuse(422, 'oidc.error.secret', undefined, [fieldError('clientSecret', 'oidc.check.clientSecret')]);
  }
  try {
    await discover(deps.config, issuer, data.clientId, secret);
  } catch {
    throw refuse(422, 'oidc.error.discovery', undefined, [fieldError('issuer', 'oidc.check.discovery', { issuer })]);
  }
  const row = {
    label: data.label,
    issuer,
    client_id: data.clientId,
    client_secret_enc: seal(deps.config, 'oidc-client-secret', secret),
    enabled: data.enabled ? 1 : 0,
    emails_verified: data.emailsVerified ? 1 : 0,
    updated_at: nowIso(),
  };
  await deps.db.k.transaction().execute(async (trx) => {
    await trx
      .insertInto('oidc_providers')
      .values({ organisation_id: organisationId, ...row })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet(row))
      .execute();
    // Never the secret; only whether it changed.
    await organisationLog(trx, 'organisation.oidc.saved', { id: organisationId, organisationId }, by, {
      issuer,
      clientId: data.clientId,
      enabled: data.enabled,
      emailsVerified: data.emailsVerified,
      secretChanged: !!data.clientSecret.trim(),
    });
  });
}

// ---------- invitations ----------

export const InvitationSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).email('oidc.check.email'),
  name: text(200, 'oidc.check.name'),
  role: z.enum(INVITABLE_ROLES as [Role, ...Role[]], { message: 'oidc.check.role' }),
});

export async function listInvitations(db: Db, organisationId: string) {
  return db.k
    .selectFrom('oidc_invitations')
    .select(['email', 'name', 'role', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('email')
    .execute();
}

/** Allows an address to get an account with the role at its first sign-in through the provider. */
export async function invite(db: Db, organisationId: string, input: unknown, by: string): Promise<void> {
  const data = parse(InvitationSchema, input);
  const row = { name: data.name, role: data.role, invited_by: by, created_at: nowIso() };
  await db.k.transaction().execute(async (trx) => {
    await trx
      .insertInto('oidc_invitations')
      .values({ id: newId(), organisation_id: organisationId, email: data.email, ...row })
      .onConflict((oc) => oc.columns(['organisation_id', 'email']).doUpdateSet(row))
      .execute();
    await organisationLog(trx, 'organisation.oidc.invited', { id: organisationId, organisationId }, by, {
      email: data.email,
      role: data.role,
    });
  });
}

/** Withdraws an invitation; false when there was none (already withdrawn, or already used). */
export async function removeInvitation(db: Db, organisationId: string, email: string, by: string): Promise<boolean> {
  const res = await db.k
    .deleteFrom('oidc_invitations')
    .where('organisation_id', '=', organisationId)
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return false;
  await organisationLog(db.k, 'organisation.oidc.invitation-removed', { id: organisationId, organisationId }, by, {
    email: normaliseEmail(email),
  });
  return true;
}

// ---------- the sign-in ----------

/** What the browser keeps (in a signed cookie) between leaving for the provider and coming back. */
export interface Flow {
  organisationId: string;
  state: string;
  nonce: string;
  verifier: string;
  next: string | null;
}

async function providerConfig(deps: Deps, organisationId: string) {
  if (!isId(organisationId)) return null;
  const row = await deps.db.k
    .selectFrom('oidc_providers')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  if (!row) return null;
  const secret = unseal(deps.config, 'oidc-client-secret', row.client_secret_enc);
  return { row, config: await discover(deps.config, row.issuer, row.client_id, secret) };
}

/**
 * Whether an error of `openid-client` means the provider did not answer (refused or reset
 * connection, unknown host, timeout, or a 5xx of its own) rather than answered "no".
 */
export function providerDown(err: unknown): boolean {
  if (err instanceof TypeError) return true;
  if (openidLoaded && err instanceof openidLoaded.ClientError && (err.code === 'OAUTH_TIMEOUT' || err.code === 'OAUTH_ABORT')) return true;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof Response && cause.status >= 500;
}

export type StartResult = { ok: true; url: string; flow: Flow } | { ok: false; reason: 'unknown' | 'unreachable' };

/** The provider's authorization address for a new sign-in, and what to remember until it returns. */
export async function startSignIn(deps: Deps, organisationId: string, next: string | null): Promise<StartResult> {
  let provider: Awaited<ReturnType<typeof providerConfig>>;
  try {
    provider = await providerConfig(deps, organisationId);
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
  if (!provider) return { ok: false, reason: 'unknown' };
  const client = await openid();
  const verifier = client.randomPKCECodeVerifier();
  const flow: Flow = { organisationId, state: client.randomState(), nonce: client.randomNonce(), verifier, next };
  const url = client.buildAuthorizationUrl(provider.config, {
    redirect_uri: redirectUri(deps.config),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { ok: true, url: url.href, flow };
}

export type FinishResult =
  | { ok: true; userId: string; created: boolean }
  | {
      ok: false;
      reason: 'failed' | 'unreachable' | 'unverified' | 'unclaimed' | 'unknown-email' | 'inactive';
      email?: string;
      organisation?: string;
    };

/**
 * Whether the claims vouch for the address: `email_verified: true`, or no such claim at all from a
 * provider the organisation said verifies its addresses itself. An explicit `false` never passes.
 */
function verification(claims: Record<string, unknown>, emailsVerified: boolean): 'ok' | 'unverified' | 'unclaimed' {
  if (claims.email_verified === true) return 'ok';
  if (claims.email_verified === undefined) return emailsVerified ? 'ok' : 'unclaimed';
  return 'unverified';
}

/**
 * Completes the sign-in from the provider's answer (the callback's address): checks state, PKCE
 * and the ID token's nonce, then finds or creates the account. Never throws for what the provider
 * or the browser sent: every refusal is a reason the page can explain.
 */
export async function finishSignIn(deps: Deps, flow: Flow, callbackPathAndQuery: string): Promise<FinishResult> {
  let email: string;
  let name: string | undefined;
  try {
    const provider = await providerConfig(deps, flow.organisationId);
    if (!provider) return { ok: false, reason: 'failed' };
    const client = await openid();
    const tokens = await client.authorizationCodeGrant(provider.config, new URL(callbackPathAndQuery, deps.config.baseUrl), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    let claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    if (typeof claims.email !== 'string') {
      claims = { ...claims, ...(await client.fetchUserInfo(provider.config, tokens.access_token, String(claims.sub))) };
    }
    const claimed = typeof claims.email === 'string' ? claims.email : undefined;
    const verified = claimed ? verification(claims, Number(provider.row.emails_verified) === 1) : 'unverified';
    if (!claimed || verified !== 'ok') return { ok: false, reason: verified === 'ok' ? 'unverified' : verified, email: claimed };
    email = normaliseEmail(claimed);
    name = typeof claims.name === 'string' ? claims.name : undefined;
  } catch (err) {
    return { ok: false, reason: providerDown(err) ? 'unreachable' : 'failed' };
  }
  return accountFor(deps, flow.organisationId, email, name);
}

/** The account of a verified address in the organisation: one of its people, or one it invited. */
async function accountFor(deps: Deps, organisationId: string, email: string, claimedName?: string): Promise<FinishResult> {
  const { db } = deps;
  const org = { name: (await organisations.organisationNames(db, [organisationId])).get(organisationId) ?? '' };
  const user = await db.k.selectFrom('users').select(['id', 'active']).where('email', '=', email).executeTakeFirst();
  const member = user
    ? await db.k
        .selectFrom('memberships')
        .select('id')
        .where('user_id', '=', user.id)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst()
    : undefined;
  if (user && !user.active) return { ok: false, reason: 'inactive', email, organisation: org.name };
  if (user && member) {
    await userLog(db.k, 'user.signin.oidc', { id: user.id, organisationId }, user.id);
    return { ok: true, userId: user.id, created: false };
  }
  const invitation = await findRow(db, 'oidc_invitations', { organisation_id: organisationId, email });
  if (!invitation) return { ok: false, reason: 'unknown-email', email, organisation: org.name };
  // Spend the invitation first: two sign-ins racing cannot both use it.
  if ((await deleteRows(db, 'oidc_invitations', { id: invitation.id })) === 0) return accountFor(deps, organisationId, email, claimedName);
  let userId: string;
  if (user) {
    userId = user.id;
    await addMembership(db, userId, organisationId, invitation.role as Role);
  } else {
    // A generated password nobody is told: the account signs in through the provider (or sets a
    // password of its own later).
    userId = (
      await createUser(db, {
        email,
        name: invitation.name || claimedName || email,
        role: invitation.role as Role,
        organisation: organisationId,
      })
    ).id;
  }
  await userLog(db.k, 'user.created.oidc-invitation', { id: userId, organisationId }, userId, {
    role: invitation.role,
    invitedBy: invitation.invited_by,
  });
  await userLog(db.k, 'user.signin.oidc', { id: userId, organisationId }, userId);
  return { ok: true, userId, created: !user };
}
