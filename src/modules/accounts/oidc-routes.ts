import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { orgAccess, PUBLIC } from '../../core/access.js';
import type { Deps } from '../../core/deps.js';
import { t } from '../../core/i18n.js';
import { Problem } from '../../core/problems.js';
import { ORG_ADMINS } from '../../core/roles.js';
import { errorsByField, type FormBody, formText } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import * as organisations from '../organisations/service.js';
import * as oidc from './oidc.js';
import { OidcButtons, OidcSettingsPage } from './oidc-views.js';
import type { BeginSignIn } from './totp-routes.js';
import { LoginPage } from './views.js';

/** Remembers the sign-in under way between leaving for the provider and coming back (signed, 10 minutes). */
const FLOW_COOKIE = 'ponte_oidc';
const FLOW_MAX_AGE_S = 10 * 60;

/** The login page's "Accedi con …" buttons. */
export async function oidcButtons(deps: Deps, lang: 'it' | 'en', next?: string): Promise<VNode | null> {
  return OidcButtons({ lang, providers: await oidc.enabledProviders(deps.db), next });
}

/**
 * Sign-in through an organisation's identity provider: `/login/oidc/<organisation>` leaves for the
 * provider (a plain link, so it works without JavaScript), `/login/oidc/callback` comes back. The
 * organisation's admins set the provider and the invitations on their own page.
 */
export async function registerOidcRoutes(app: FastifyInstance, deps: Deps, beginSignIn: BeginSignIn): Promise<void> {
  const { db, config } = deps;
  const orgOf = (req: FastifyRequest) =>
    organisations.organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  const flowCookie = { path: '/login/oidc', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, signed: true };

  /** The login page with a refusal explained, the buttons still there to try again. */
  async function refuse(req: FastifyRequest, reply: FastifyReply, message: string, status: number, next?: string) {
    return sendPage(
      reply,
      LoginPage({ ctx: pageContext(req, reply), next, error: message, after: await oidcButtons(deps, req.lang, next) }),
      status,
    );
  }

  app.get(
    '/login/oidc/:organisationId',
    { config: { access: PUBLIC, rateLimit: { max: config.loginRateLimitMax, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const { organisationId } = req.params as { organisationId: string };
      const next = (req.query as { next?: unknown }).next;
      const nextPath = typeof next === 'string' && next.length <= 500 ? next : null;
      const started = await oidc.startSignIn(deps, organisationId, nextPath);
      if (!started.ok) {
        return refuse(
          req,
          reply,
          t(req.lang, started.reason === 'unknown' ? 'oidc.refused.none' : 'oidc.refused.unreachable'),
          started.reason === 'unknown' ? 404 : 503,
        );
      }
      reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(started.flow)).toString('base64url'), {
        ...flowCookie,
        maxAge: FLOW_MAX_AGE_S,
      });
      return reply.redirect(started.url, 303);
    },
  );

  app.get(
    oidc.CALLBACK_PATH,
    { config: { access: PUBLIC, rateLimit: { max: config.loginRateLimitMax, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const flow = readFlow(req);
      reply.clearCookie(FLOW_COOKIE, { path: '/login/oidc' });
      if (!flow) return refuse(req, reply, t(req.lang, 'oidc.refused.expired'), 400);
      const result = await oidc.finishSignIn(deps, flow, req.url);
      if (result.ok) return beginSignIn(reply, result.userId, flow.next ?? undefined);
      const vars = { email: result.email ?? '', organisation: result.organisation ?? '' };
      const key = result.reason === 'unknown-email' ? 'oidc.refused.unknown' : `oidc.refused.${result.reason}`;
      return refuse(req, reply, t(req.lang, key, vars), result.reason === 'failed' ? 400 : 403, flow.next ?? undefined);
    },
  );

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

  // ---------- the organisation admin's page ----------

  const settingsUrl = (orgId: string) => `/admin/organisations/${orgId}/sign-in`;

  async function settingsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Parameters<typeof OidcSettingsPage>[0]> = {},
    status = 200,
  ) {
    const orgId = req.targetOrganisationId!;
    const org = await organisations.getOrganisation(db, orgId);
    return sendPage(
      reply,
      OidcSettingsPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        provider: await oidc.getProvider(db, orgId),
        redirectUri: oidc.redirectUri(config),
        signInUrl: `${config.baseUrl}/login/oidc/${orgId}`,
        invitations: await oidc.listInvitations(db, orgId),
        roles: [...oidc.INVITABLE_ROLES],
        ...extra,
      }),
      status,
    );
  }

  const adminOnly = { config: { access: orgAccess('organisationId', ORG_ADMINS, orgOf) } };
  const MESSAGES: Record<string, string> = { saved: 'oidc.saved', invited: 'oidc.invited', removed: 'oidc.removed' };

  app.get('/admin/organisations/:organisationId/sign-in', adminOnly, async (req, reply) => {
    const done = (req.query as { done?: string }).done;
    return settingsPage(req, reply, { message: done && MESSAGES[done] ? t(req.lang, MESSAGES[done]) : undefined });
  });

  app.post('/admin/organisations/:organisationId/sign-in', adminOnly, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    const body = (req.body ?? {}) as FormBody;
    const values = {
      label: formText(body, 'label'),
      issuer: formText(body, 'issuer'),
      clientId: formText(body, 'clientId'),
      enabled: formText(body, 'enabled') === '1' ? '1' : '',
    };
    try {
      await oidc.saveProvider(
        deps,
        orgId,
        { ...values, clientSecret: formText(body, 'clientSecret'), enabled: values.enabled === '1' },
        req.principal!.userId,
      );
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        return settingsPage(
          req,
          reply,
          { errors: err.errors ? errorsByField(err.errors) : { issuer: err.detail ?? err.title }, values },
          err.status,
        );
      }
      throw err;
    }
    return reply.redirect(`${settingsUrl(orgId)}?done=saved`, 303);
  });

  app.post('/admin/organisations/:organisationId/sign-in/invitations', adminOnly, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    const body = (req.body ?? {}) as FormBody;
    const values = { name: formText(body, 'invite-name'), email: formText(body, 'invite-email'), role: formText(body, 'invite-role') };
    try {
      await oidc.invite(db, orgId, values, req.principal!.userId);
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        return settingsPage(
          req,
          reply,
          { inviteErrors: err.errors ? errorsByField(err.errors) : { email: err.detail ?? err.title }, inviteValues: values },
          err.status,
        );
      }
      throw err;
    }
    return reply.redirect(`${settingsUrl(orgId)}?done=invited`, 303);
  });

  app.post('/admin/organisations/:organisationId/sign-in/invitations/remove', adminOnly, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    // Withdrawing twice (two tabs, a double click) is not an error: the invitation is gone either way.
    const removed = await oidc.removeInvitation(db, orgId, formText((req.body ?? {}) as FormBody, 'email'), req.principal!.userId);
    return reply.redirect(removed ? `${settingsUrl(orgId)}?done=removed` : settingsUrl(orgId), 303);
  });
}
