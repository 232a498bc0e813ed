import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PUBLIC } from '../../../core/access.js';
import { checkLogin, destroySession, SESSION_COOKIE } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import { wantsJson } from '../../../core/http.js';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem, refuse } from '../../../core/problems.js';
import { type Errors, errorsByField, type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { contactOf } from '../contact.js';
import * as oidc from '../oidc.js';
import { linkGone, openLink, PASSWORD_LINK_ROUTE, requestPasswordReset, setPasswordWithLink } from '../password-links.js';
import { ForgotPage, LinkGonePage, NewPasswordPage, PasswordSavedPage } from '../password-views.js';
import { findUserById } from '../repo.js';
import { signInKey } from '../sign-in-key.js';
import * as totp from '../totp.js';
import { RecoveryCodesPage, SecondStepPage } from '../totp-views.js';
import { LoginPage } from '../views.js';
import { type BeginSignIn, CHALLENGE_COOKIE, oidcButtons, perAddress, type StartSession, sendSecretPage, signInSteps } from './sign-in.js';

const LoginForm = z.object({
  email: z.string().max(254).default(''),
  password: z.string().max(200).default(''),
  next: z.string().max(500).optional(),
});

/** Remembers the sign-in under way between leaving for the provider and coming back (signed, 10 minutes). */
const FLOW_COOKIE = 'ponte_oidc';
const FLOW_MAX_AGE_S = 10 * 60;

/**
 * The pages whose path carries a link's secret. The parameter's name, `token`, is what keeps it
 * out of the log (core/logging.ts); the pages are also sent as never to be cached.
 */
const SECRET_IN_PATH = { access: PUBLIC };

type TokenPath = { Params: { token: string } };

/** Signing in and out: password, identity provider, second step; "Password dimenticata?" and set-password links. */
export const accountPublicRoutes: RoutePlugin = async (app, deps) => {
  const { startSession, beginSignIn } = signInSteps(app, deps);
  registerLogin(app, deps, beginSignIn);
  registerSecondStep(app, deps, startSession);
  registerOidcSignIn(app, deps, beginSignIn);
  registerPasswordPages(app, deps);
};

/** The login page with a refusal explained, the buttons still there to try again. */
async function refusedLogin(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  refusal: { error: string; status: number; next?: string; email?: string },
) {
  const { error, status, next, email } = refusal;
  return sendPage(
    reply,
    LoginPage({ ctx: pageContext(req, reply), email, next, error, after: await oidcButtons(deps, req.lang, next) }),
    status,
  );
}

function registerLogin(app: FastifyInstance, deps: Deps, beginSignIn: BeginSignIn): void {
  const { db, config } = deps;
  app.get<{ Querystring: { next?: string } }>('/login', { config: { access: PUBLIC } }, async (req, reply) => {
    const next = req.query.next;
    return sendPage(reply, LoginPage({ ctx: pageContext(req, reply), next, after: await oidcButtons(deps, req.lang, next) }));
  });

  app.post(
    '/login',
    { config: { access: PUBLIC, rateLimit: { max: config.loginRateLimitMax, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const form = LoginForm.safeParse(req.body ?? {});
      const data = form.success ? form.data : { email: '', password: '', next: undefined };
      // One field takes an address or a mobile number; what is neither is said so, and counts as no attempt
      // (an empty field is a wrong sign-in, as it always was).
      const key = data.email.trim() === '' ? { key: '' } : signInKey(data.email);
      if (!key) {
        const error = t(req.lang, 'login.badKey');
        return refusedLogin(deps, req, reply, { error, status: 400, next: data.next, email: data.email });
      }
      const result = await checkLogin(db, key.key, data.password);
      if (!result.ok) {
        const locked = result.reason === 'locked';
        const error = t(req.lang, locked ? 'login.locked' : 'login.invalid');
        return refusedLogin(deps, req, reply, { error, status: locked ? 429 : 401, next: data.next, email: data.email });
      }
      return beginSignIn(reply, result.userId, data.next);
    },
  );

  app.post('/logout', { config: { access: PUBLIC } }, async (req, reply) => {
    if (req.principal?.sessionId) await destroySession(db, req.principal.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
}

/** The sign-in's second step, where the session is created only once the code is right. */
function registerSecondStep(app: FastifyInstance, deps: Deps, startSession: StartSession): void {
  const { db, config } = deps;
  const rateLimit = perAddress(deps);

  async function challengeOf(req: FastifyRequest) {
    return totp.readChallenge(db, req.cookies[CHALLENGE_COOKIE]);
  }

  function expired(req: FastifyRequest, reply: FastifyReply) {
    reply.clearCookie(CHALLENGE_COOKIE, { path: '/login' });
    return sendSecretPage(
      reply,
      SecondStepPage({ ctx: pageContext(req, reply), error: t(req.lang, 'login2.expired'), expired: true }),
      401,
    );
  }

  async function secondStepPage(
    req: FastifyRequest,
    reply: FastifyReply,
    challenge: totp.Challenge,
    extra: { errors?: Errors; error?: string } = {},
    status = 200,
  ) {
    let enrol: { enrolment: totp.Enrolment | null } | undefined;
    if (challenge.purpose === 'enrol') {
      const user = await findUserById(db, challenge.userId);
      enrol = { enrolment: await totp.pendingEnrolment(db, config, challenge.userId, contactOf(user!)) };
    }
    return sendSecretPage(reply, SecondStepPage({ ctx: pageContext(req, reply), enrol, ...extra }), status);
  }

  app.get('/login/2fa', { config: { access: PUBLIC } }, async (req, reply) => {
    const challenge = await challengeOf(req);
    if (!challenge) return expired(req, reply);
    return secondStepPage(req, reply, challenge);
  });

  app.post<{ Body: FormBody | undefined }>('/login/2fa', { config: { access: PUBLIC, rateLimit } }, async (req, reply) => {
    const challenge = await challengeOf(req);
    if (challenge?.purpose !== 'verify') return expired(req, reply);
    const body = req.body ?? {};
    const code = formText(body, 'code');
    const recovery = formText(body, 'recovery');
    const result = await totp.verifySecondFactor(db, config, challenge.userId, code ? { code } : { recovery });
    if (!result.ok) {
      if (result.reason === 'not-enabled') return expired(req, reply);
      const locked = result.reason === 'locked';
      const message = t(req.lang, locked ? 'totp.locked' : 'totp.invalid');
      if (locked) reply.clearCookie(CHALLENGE_COOKIE, { path: '/login' });
      const errors = { [code ? 'code' : 'recovery']: message };
      return secondStepPage(req, reply, challenge, { error: message, errors }, locked ? 429 : 422);
    }
    if (!(await totp.spendChallenge(db, challenge.id))) return expired(req, reply);
    reply.clearCookie(CHALLENGE_COOKIE, { path: '/login' });
    return reply.redirect(await startSession(reply, challenge.userId, challenge.next ?? undefined), 303);
  });

  app.post('/login/2fa/start', { config: { access: PUBLIC, rateLimit } }, async (req, reply) => {
    const challenge = await challengeOf(req);
    if (challenge?.purpose !== 'enrol') return expired(req, reply);
    const s = await totp.status(db, challenge.userId);
    if (!s.pending && !s.enabled) await totp.startEnrolment(db, config, challenge.userId);
    return reply.redirect('/login/2fa', 303);
  });

  app.post<{ Body: FormBody | undefined }>('/login/2fa/confirm', { config: { access: PUBLIC, rateLimit } }, async (req, reply) => {
    const challenge = await challengeOf(req);
    if (challenge?.purpose !== 'enrol') return expired(req, reply);
    let codes: string[];
    try {
      codes = await totp.confirmEnrolment(db, config, challenge.userId, formText(req.body ?? {}, 'code'));
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        const errors = err.errors ? errorsByField(err.errors) : { code: err.detail ?? err.title };
        return secondStepPage(req, reply, challenge, { errors }, err.status);
      }
      throw err;
    }
    if (!(await totp.spendChallenge(db, challenge.id))) return expired(req, reply);
    reply.clearCookie(CHALLENGE_COOKIE, { path: '/login' });
    const target = await startSession(reply, challenge.userId, challenge.next ?? undefined);
    // The codes page is the first of the new session: its header must show the person signed in.
    const user = await findUserById(db, challenge.userId);
    const ctx = { ...pageContext(req, reply), signedIn: true, userName: user!.name };
    return sendSecretPage(reply, RecoveryCodesPage({ ctx, codes, next: { href: target, label: t(req.lang, 'totp.continue') } }));
  });
}

/**
 * Sign-in through an organisation's identity provider: `/login/oidc/<organisation>` leaves for the
 * provider (a plain link, so it works without JavaScript), `/login/oidc/callback` comes back.
 */
function registerOidcSignIn(app: FastifyInstance, deps: Deps, beginSignIn: BeginSignIn): void {
  const { config } = deps;
  const flowCookie = { path: '/login/oidc', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, signed: true };
  const limited = { config: { access: PUBLIC, rateLimit: perAddress(deps) } };

  app.get<{ Params: { organisationId: string }; Querystring: { next?: unknown } }>(
    '/login/oidc/:organisationId',
    limited,
    async (req, reply) => {
      const next = req.query.next;
      const nextPath = typeof next === 'string' && next.length <= 500 ? next : null;
      const started = await oidc.startSignIn(deps, req.params.organisationId, nextPath);
      if (!started.ok) {
        if (started.reason === 'unreachable') return providerDown(deps, req, reply, nextPath ?? undefined);
        return refusedLogin(deps, req, reply, { error: t(req.lang, 'oidc.refused.none'), status: 404 });
      }
      reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(started.flow)).toString('base64url'), {
        ...flowCookie,
        maxAge: FLOW_MAX_AGE_S,
      });
      return reply.redirect(started.url, 303);
    },
  );

  app.get(oidc.CALLBACK_PATH, limited, async (req, reply) => {
    const flow = readFlow(req);
    reply.clearCookie(FLOW_COOKIE, { path: '/login/oidc' });
    if (!flow) return refusedLogin(deps, req, reply, { error: t(req.lang, 'oidc.refused.expired'), status: 400 });
    const result = await oidc.finishSignIn(deps, flow, req.url);
    if (result.ok) return beginSignIn(reply, result.userId, flow.next ?? undefined);
    if (result.reason === 'unreachable') return providerDown(deps, req, reply, flow.next ?? undefined);
    const vars = { email: result.email ?? '', organisation: result.organisation ?? '' };
    const key = result.reason === 'unknown-email' ? 'oidc.refused.unknown' : `oidc.refused.${result.reason}`;
    const status = result.reason === 'failed' ? 400 : 403;
    return refusedLogin(deps, req, reply, { error: t(req.lang, key, vars), status, next: flow.next ?? undefined });
  });
}

/** Seconds a client is asked to wait before trying a provider that did not answer again. */
const PROVIDER_RETRY_AFTER_S = 60;

/**
 * The provider did not answer (discovery, token endpoint): 503 with `Retry-After`, the login page
 * saying so (its password form still works), or problem+json for a client asking for JSON.
 */
async function providerDown(deps: Deps, req: FastifyRequest, reply: FastifyReply, next?: string) {
  reply.header('retry-after', String(PROVIDER_RETRY_AFTER_S));
  if (wantsJson(req)) throw refuse(503, 'oidc.refused.unreachable');
  return refusedLogin(deps, req, reply, { error: t(req.lang, 'oidc.refused.unreachable'), status: 503, next });
}

function readFlow(req: FastifyRequest): oidc.Flow | null {
  const raw = req.cookies[FLOW_COOKIE];
  if (!raw) return null;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const flow = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as oidc.Flow;
    return typeof flow.state === 'string' && typeof flow.verifier === 'string' && typeof flow.organisationId === 'string' ? flow : null;
  } catch {
    return null;
  }
}

/** "Password dimenticata?" and the page a set-password link opens. */
function registerPasswordPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  // The same budget as sign-in attempts: both are guesses an address could make in a loop.
  const rateLimit = perAddress(deps);

  app.get('/password/forgot', { config: { access: PUBLIC } }, async (req, reply) =>
    sendPage(reply, ForgotPage({ ctx: pageContext(req, reply) })),
  );

  // One answer, whether or not the address has an account: the page does not tell which do.
  app.post<{ Body: { email?: unknown } | undefined }>('/password/forgot', { config: { access: PUBLIC, rateLimit } }, async (req, reply) => {
    const email = String(req.body?.email ?? '');
    try {
      await requestPasswordReset(deps, req.body ?? {}, req.lang);
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        return sendPage(reply, ForgotPage({ ctx: pageContext(req, reply), email, errors: errorsByField(err.errors) }), err.status);
      }
      throw err;
    }
    return sendPage(reply, ForgotPage({ ctx: pageContext(req, reply), sent: true }));
  });

  async function newPasswordPage(req: FastifyRequest<TokenPath>, reply: FastifyReply, errors?: Errors, status = 200) {
    reply.header('cache-control', 'no-store');
    const link = await openLink(db, req.params.token);
    if (!link) return sendPage(reply, LinkGonePage({ ctx: pageContext(req, reply) }), linkGone().status);
    const action = req.url.split('?')[0];
    return sendPage(
      reply,
      NewPasswordPage({ ctx: pageContext(req, reply), action, email: contactOf(link), invitation: link.purpose === 'invite', errors }),
      status,
    );
  }

  app.get<TokenPath>(PASSWORD_LINK_ROUTE, { config: SECRET_IN_PATH }, async (req, reply) => newPasswordPage(req, reply));

  app.post<TokenPath>(PASSWORD_LINK_ROUTE, { config: { ...SECRET_IN_PATH, rateLimit } }, async (req, reply) => {
    try {
      await setPasswordWithLink(deps, req.params.token, req.body ?? {});
    } catch (err) {
      if (err instanceof Problem && err.status === 410) {
        reply.header('cache-control', 'no-store');
        return sendPage(reply, LinkGonePage({ ctx: pageContext(req, reply) }), 410);
      }
      if (err instanceof Problem && err.status < 500) return newPasswordPage(req, reply, errorsByField(err.errors), err.status);
      throw err;
    }
    return reply.redirect('/password/saved', 303);
  });

  app.get('/password/saved', { config: { access: PUBLIC } }, async (req, reply) =>
    sendPage(reply, PasswordSavedPage({ ctx: pageContext(req, reply) })),
  );
}
