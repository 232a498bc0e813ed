import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { createSession, type Principal, principalFromSession, SESSION_COOKIE, SESSION_IDLE_MS } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import type { Lang } from '../../../core/i18n.js';
import type { Role } from '../../../core/roles.js';
import { sendPage } from '../../../web/layout.js';
import * as oidc from '../oidc.js';
import { OidcButtons } from '../oidc-views.js';
import { safeNext } from '../safe-next.js';
import * as totp from '../totp.js';

/** Sets the session cookie for the user and answers where to go next (their landing or `next`). */
export type StartSession = (reply: FastifyReply, userId: string, next: string | undefined) => Promise<string>;

/** Starts a sign-in whose first factor (password or identity provider) was accepted. */
export type BeginSignIn = (reply: FastifyReply, userId: string, next: string | undefined) => Promise<FastifyReply>;

/** Holds a sign-in waiting for its second step; only the paths under /login see it. */
export const CHALLENGE_COOKIE = 'ponte_2fa';

/** The facilitation module's "I miei servizi" page. */
const MY_SERVICES = '/admin/facilitazioni';

/** Roles whose work in Ponte is recording facilitation services, and nothing else. */
const FACILITATION_ONLY: readonly Role[] = ['facilitator', 'volunteer'];

/**
 * Where a user lands after signing in without a `next`: someone who is only a facilitator (or a
 * volunteer, who does the same work) on their own services, "I miei servizi", whose first element
 * records a new one; staff, administrators and partners on the back office's home.
 */
function landingOf(principal: Principal | null, hasMyServices: boolean): string {
  const roles = principal?.memberships.map((m) => m.role) ?? [];
  const facilitatorOnly = roles.length > 0 && roles.every((r) => FACILITATION_ONLY.includes(r));
  return facilitatorOnly && hasMyServices ? MY_SERVICES : '/admin';
}

/** Pages that show a key or recovery codes, or hold a sign-in half done: kept by no cache. */
export function sendSecretPage(reply: FastifyReply, page: Parameters<typeof sendPage>[1], status?: number) {
  return sendPage(reply.header('cache-control', 'private, no-store'), page, status);
}

/** The cookie options of the sign-in waiting for its second step. */
export const challengeCookie = (deps: Deps) => ({
  path: '/login',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: deps.config.secureCookies,
});

/** The same budget for every guess an address could make in a loop: sign-in, codes, reset requests. */
export const perAddress = (deps: Deps) => ({ max: deps.config.loginRateLimitMax, timeWindow: '1 minute' });

/**
 * The two steps every sign-in ends with: `beginSignIn` once a password (or the identity provider)
 * is accepted asks for the second factor when there is one; `startSession` creates the session
 * once every factor is accepted.
 */
export function signInSteps(app: FastifyInstance, deps: Deps): { startSession: StartSession; beginSignIn: BeginSignIn } {
  const { db, config } = deps;
  const startSession: StartSession = async (reply, userId, next) => {
    const token = await createSession(db, userId);
    const landing = landingOf(await principalFromSession(db, token), app.hasRoute({ method: 'GET', url: MY_SERVICES }));
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: Math.floor(SESSION_IDLE_MS / 1000),
    });
    return safeNext(next, landing);
  };
  const beginSignIn: BeginSignIn = async (reply, userId, next) => {
    const step = await totp.secondStepOf(db, userId);
    if (step === 'none') return reply.redirect(await startSession(reply, userId, next), 303);
    const token = await totp.createChallenge(db, userId, step, next ?? null);
    reply.setCookie(CHALLENGE_COOKIE, token, { ...challengeCookie(deps), maxAge: Math.floor(totp.CHALLENGE_MS / 1000) });
    return reply.redirect('/login/2fa', 303);
  };
  return { startSession, beginSignIn };
}

/** The login page's "Accedi con …" buttons. */
export async function oidcButtons(deps: Deps, lang: Lang, next?: string): Promise<VNode | null> {
  return OidcButtons({ lang, providers: await oidc.enabledProviders(deps.db), next });
}
