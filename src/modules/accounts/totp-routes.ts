import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PLATFORM, PUBLIC, SIGNED_IN } from '../../core/access.js';
import type { Deps } from '../../core/deps.js';
import { t } from '../../core/i18n.js';
import { forbidden, Problem } from '../../core/problems.js';
import { errorsByField, type FormBody, formText } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import * as totp from './totp.js';
import { RecoveryCodesPage, SecondStepPage, TwoFactorPage } from './totp-views.js';

/** Sets the session cookie for the user and answers where to go next (their landing or `next`). */
export type StartSession = (reply: FastifyReply, userId: string, next: string | undefined) => Promise<string>;

/** Starts a sign-in whose first factor (password or identity provider) was accepted. */
export type BeginSignIn = (reply: FastifyReply, userId: string, next: string | undefined) => Promise<FastifyReply>;

/** Pages that show a key or recovery codes, or hold a sign-in half done: kept by no cache. */
function sendSecretPage(reply: FastifyReply, page: Parameters<typeof sendPage>[1], status?: number) {
  return sendPage(reply.header('cache-control', 'private, no-store'), page, status);
}

/** Holds a sign-in waiting for its second step; only the paths under /login see it. */
const CHALLENGE_COOKIE = 'ponte_2fa';

/**
 * The second factor's pages: the account's set-up and turning off, the platform's rule, and the
 * sign-in's second step, where the session is created only once the code is right.
 */
export async function registerTotpRoutes(app: FastifyInstance, deps: Deps, startSession: StartSession): Promise<BeginSignIn> {
  const { db, config } = deps;
  const rateLimit = { max: config.loginRateLimitMax, timeWindow: '1 minute' };
  const challengeCookie = { path: '/login', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };

  const beginSignIn: BeginSignIn = async (reply, userId, next) => {
    const step = await totp.secondStepOf(db, userId);
    if (step === 'none') return reply.redirect(await startSession(reply, userId, next), 303);
    const token = await totp.createChallenge(db, userId, step, next ?? null);
    reply.setCookie(CHALLENGE_COOKIE, token, { ...challengeCookie, maxAge: Math.floor(totp.CHALLENGE_MS / 1000) });
    return reply.redirect('/login/2fa', 303);
  };

  // ---------- the account's page ----------

  async function twoFactorPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; message?: { kind: 'danger' | 'success'; text: string } } = {},
    status = 200,
  ) {
    const p = req.principal!;
    return sendSecretPage(
      reply,
      TwoFactorPage({
        ctx: pageContext(req, reply),
        status: await totp.status(db, p.userId),
        enrolment: await totp.pendingEnrolment(db, config, p.userId, p.email),
        isPlatformAdmin: p.isPlatformAdmin,
        adminsMustUseTotp: await totp.adminsMustUseTotp(db),
        ...extra,
      }),
      status,
    );
  }

  /** Only administrators have a second factor: others get a plain refusal. */
  async function assertAdmin(req: FastifyRequest) {
    if (!(await totp.isAdmin(db, req.principal!.userId))) throw forbidden(t(req.lang, 'totp.onlyAdmins'));
  }

  app.get('/account/2fa', { config: { access: SIGNED_IN } }, async (req, reply) => {
    await assertAdmin(req);
    const q = req.query as { done?: string };
    const message =
      q.done === 'off'
        ? { kind: 'success' as const, text: t(req.lang, 'totp.disabled') }
        : q.done === 'policy'
          ? { kind: 'success' as const, text: t(req.lang, 'totp.policySaved') }
          : undefined;
    return twoFactorPage(req, reply, { message });
  });

  app.post('/account/2fa/start', { config: { access: SIGNED_IN } }, async (req, reply) => {
    await assertAdmin(req);
    const s = await totp.status(db, req.principal!.userId);
    if (!s.enabled) await totp.startEnrolment(db, config, req.principal!.userId);
    return reply.redirect('/account/2fa', 303);
  });

  app.post('/account/2fa/confirm', { config: { access: SIGNED_IN, rateLimit } }, async (req, reply) => {
    await assertAdmin(req);
    try {
      const codes = await totp.confirmEnrolment(db, config, req.principal!.userId, formText((req.body ?? {}) as FormBody, 'code'));
      return sendSecretPage(
        reply,
        RecoveryCodesPage({ ctx: pageContext(req, reply), codes, next: { href: '/account/2fa', label: t(req.lang, 'totp.continue') } }),
      );
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        return twoFactorPage(
          req,
          reply,
          { errors: err.errors ? errorsByField(err.errors) : { code: err.detail ?? err.title } },
          err.status,
        );
      }
      throw err;
    }
  });

  app.post('/account/2fa/disable', { config: { access: SIGNED_IN, rateLimit } }, async (req, reply) => {
    await assertAdmin(req);
    const body = (req.body ?? {}) as FormBody;
    const code = formText(body, 'code');
    // Something that looks like a recovery code is taken as one: a lost phone must not stop this.
    const input = /[a-z]/i.test(code) ? { recovery: code } : { code };
    const result = await totp.disable(db, config, req.principal!.userId, input);
    if (result.ok) return reply.redirect('/account/2fa?done=off', 303);
    if (result.reason === 'not-enabled') return reply.redirect('/account/2fa', 303);
    const locked = result.reason === 'locked';
    return twoFactorPage(req, reply, { errors: { code: t(req.lang, locked ? 'totp.locked' : 'totp.invalid') } }, locked ? 429 : 422);
  });

  app.post('/account/2fa/policy', { config: { access: PLATFORM } }, async (req, reply) => {
    await totp.setAdminsMustUseTotp(db, formText((req.body ?? {}) as FormBody, 'required') === '1', req.principal!.userId);
    return reply.redirect('/account/2fa?done=policy', 303);
  });

  // ---------- the sign-in's second step ----------

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
    extra: { errors?: Record<string, string>; error?: string } = {},
    status = 200,
  ) {
    let enrol: { enrolment: totp.Enrolment | null } | undefined;
    if (challenge.purpose === 'enrol') {
      const user = await db.k.selectFrom('users').select('email').where('id', '=', challenge.userId).executeTakeFirstOrThrow();
      enrol = { enrolment: await totp.pendingEnrolment(db, config, challenge.userId, user.email) };
    }
    return sendSecretPage(reply, SecondStepPage({ ctx: pageContext(req, reply), enrol, ...extra }), status);
  }

  app.get('/login/2fa', { config: { access: PUBLIC } }, async (req, reply) => {
    const challenge = await challengeOf(req);
    if (!challenge) return expired(req, reply);
    return secondStepPage(req, reply, challenge);
  });

  app.post('/login/2fa', { config: { access: PUBLIC, rateLimit } }, async (req, reply) => {
    const challenge = await challengeOf(req);
    if (challenge?.purpose !== 'verify') return expired(req, reply);
    const body = (req.body ?? {}) as FormBody;
    const code = formText(body, 'code');
    const recovery = formText(body, 'recovery');
    const result = await totp.verifySecondFactor(db, config, challenge.userId, code ? { code } : { recovery });
    if (!result.ok) {
      if (result.reason === 'not-enabled') return expired(req, reply);
      const locked = result.reason === 'locked';
      const message = t(req.lang, locked ? 'totp.locked' : 'totp.invalid');
      if (locked) reply.clearCookie(CHALLENGE_COOKIE, { path: '/login' });
      return secondStepPage(
        req,
        reply,
        challenge,
        { error: message, errors: { [code ? 'code' : 'recovery']: message } },
        locked ? 429 : 422,
      );
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

  app.post('/login/2fa/confirm', { config: { access: PUBLIC, rateLimit } }, async (req, reply) => {
    const challenge = await challengeOf(req);
    if (challenge?.purpose !== 'enrol') return expired(req, reply);
    let codes: string[];
    try {
      codes = await totp.confirmEnrolment(db, config, challenge.userId, formText((req.body ?? {}) as FormBody, 'code'));
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        return secondStepPage(
          req,
          reply,
          challenge,
          { errors: err.errors ? errorsByField(err.errors) : { code: err.detail ?? err.title } },
          err.status,
        );
      }
      throw err;
    }
    if (!(await totp.spendChallenge(db, challenge.id))) return expired(req, reply);
    reply.clearCookie(CHALLENGE_COOKIE, { path: '/login' });
    const target = await startSession(reply, challenge.userId, challenge.next ?? undefined);
    // The codes page is the first of the new session: its header must show the person signed in.
    const user = await db.k.selectFrom('users').select('name').where('id', '=', challenge.userId).executeTakeFirstOrThrow();
    const ctx = { ...pageContext(req, reply), signedIn: true, userName: user.name };
    return sendSecretPage(reply, RecoveryCodesPage({ ctx, codes, next: { href: target, label: t(req.lang, 'totp.continue') } }));
  });

  return beginSignIn;
}
