import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess, PUBLIC, SIGNED_IN } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import {
  checkLogin,
  createSession,
  destroySession,
  type Principal,
  principalFromSession,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
} from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { t } from '../../core/i18n.js';
import { Problem } from '../../core/problems.js';
import { ORG_ADMINS, ORG_STAFF, type Role } from '../../core/roles.js';
import { zodErrors } from '../../core/validation.js';
import { errorsByField, type FormBody, formText } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import * as organisations from '../organisations/service.js';
import { oidcButtons, registerOidcRoutes } from './oidc-routes.js';
import { inviteNewUser } from './password-links.js';
import { registerPasswordRoutes } from './password-routes.js';
import { safeNext } from './safe-next.js';
import * as accounts from './service.js';
import { registerTotpRoutes, type StartSession } from './totp-routes.js';
import { AccountPage, LoginPage, MemberPage, MembersPage } from './views.js';

const MemberParams = z.object({ organisationId: z.string(), userId: z.string() });

const LoginForm = z.object({
  email: z.string().max(254).default(''),
  password: z.string().max(200).default(''),
  next: z.string().max(500).optional(),
});

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

export async function registerAccountRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  const orgOf = (req: FastifyRequest) =>
    organisations.organisationIdIfExists(db, (req.params as { organisationId?: string }).organisationId);
  /** The organisation, when the person in the path has a role in it: another organisation's people are not found. */
  const memberOf = (req: FastifyRequest) => {
    const p = req.params as { organisationId?: string; userId?: string };
    return accounts.organisationIfMember(db, p.organisationId, p.userId);
  };

  /** Creates the session once every factor is accepted; answers where the user goes next. */
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
  // A password (or the identity provider) accepted: the second factor, when there is one, comes next.
  const beginSignIn = await registerTotpRoutes(app, deps, startSession);
  await registerOidcRoutes(app, deps, beginSignIn);

  await registerPasswordRoutes(app, deps);

  app.get('/login', { config: { access: PUBLIC } }, async (req, reply) => {
    const next = (req.query as { next?: string }).next;
    return sendPage(reply, LoginPage({ ctx: pageContext(req, reply), next, after: await oidcButtons(deps, req.lang, next) }));
  });

  app.post(
    '/login',
    {
      config: {
        access: PUBLIC,
        rateLimit: { max: config.loginRateLimitMax, timeWindow: '1 minute' },
      },
    },
    async (req, reply) => {
      const form = LoginForm.safeParse(req.body ?? {});
      const data = form.success ? form.data : { email: '', password: '', next: undefined };
      const result = await checkLogin(db, data.email, data.password);
      if (!result.ok) {
        const message = t(req.lang, result.reason === 'locked' ? 'login.locked' : 'login.invalid');
        return sendPage(
          reply,
          LoginPage({
            ctx: pageContext(req, reply),
            email: data.email,
            next: data.next,
            error: message,
            after: await oidcButtons(deps, req.lang, data.next),
          }),
          result.reason === 'locked' ? 429 : 401,
        );
      }
      return beginSignIn(reply, result.userId, data.next);
    },
  );

  app.post('/logout', { config: { access: PUBLIC } }, async (req, reply) => {
    if (req.principal?.sessionId) await destroySession(db, req.principal.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  async function accountPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; done?: boolean; tokensRevoked?: boolean },
    status = 200,
  ) {
    const p = req.principal!;
    const names = await organisations.organisationNames(
      db,
      p.memberships.map((m) => m.organisationId).filter((x): x is string => !!x),
    );
    const roles = p.memberships.map((m) => ({ role: m.role, organisation: m.organisationId ? (names.get(m.organisationId) ?? '') : '' }));
    return sendPage(reply, AccountPage({ ctx: pageContext(req, reply), email: p.email, roles, ...extra }), status);
  }

  app.get('/account', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const done = (req.query as { done?: string }).done;
    return accountPage(req, reply, { done: done === '1' || done === 'tokens', tokensRevoked: done === 'tokens' });
  });

  app.post('/account/password', { config: { access: SIGNED_IN } }, async (req, reply) => {
    let tokensRevoked = false;
    try {
      tokensRevoked = (await accounts.changePassword(deps, req.principal!, req.body ?? {})).tokensRevoked;
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        return accountPage(req, reply, { errors: errorsByField(err.errors) }, err.status);
      }
      throw err;
    }
    return reply.redirect(`/account?done=${tokensRevoked ? 'tokens' : '1'}`, 303);
  });

  apiRoute(app, 'GET', '/api/v1/me', { access: SIGNED_IN, summary: 'The caller and their roles', tags: ['accounts'] }, async ({ req }) => {
    const p = req.principal!;
    return {
      id: p.userId,
      email: p.email,
      name: p.name,
      roles: p.memberships.map((m) => ({ organisation: m.organisationId, role: m.role })),
    };
  });

  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/members',
    {
      access: orgAccess('organisationId', ORG_STAFF, orgOf),
      summary: 'People with a role in the organisation (not public)',
      tags: ['organisations'],
      params: z.object({ organisationId: z.string() }),
    },
    async ({ params }) => {
      const members = await accounts.listMembers(db, params.organisationId);
      return {
        items: members.map((m) => ({
          id: m.userId,
          name: m.name,
          email: m.email,
          role: m.role,
          nationalId: m.nationalId,
          nationalName: m.nationalName ?? null,
        })),
      };
    },
  );

  apiRoute(
    app,
    'PATCH',
    '/api/v1/organisations/:organisationId/members/:userId/national-identity',
    {
      access: orgAccess('organisationId', ORG_ADMINS, memberOf),
      summary:
        "Set a member's identity on the national monitoring platform: IDFacilitatore (codice fiscale or numeric id) and NominativoFacilitatore",
      tags: ['organisations'],
      params: MemberParams,
      body: accounts.NationalIdentityPatch,
      responses: { 200: { description: 'OK', schema: accounts.MemberIdentityOut } },
    },
    async ({ req, params, body }) =>
      accounts.setNationalIdentity(db, params.userId, body, { userId: req.principal!.userId, organisationId: req.targetOrganisationId }),
  );

  async function memberPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: Record<string, string>; saved?: boolean; linkSent?: string } = {},
    status = 200,
  ) {
    const orgId = req.targetOrganisationId!;
    const org = await organisations.getOrganisation(db, orgId);
    const member = await accounts.getMember(db, orgId, (req.params as { userId: string }).userId);
    return sendPage(reply, MemberPage({ ctx: pageContext(req, reply, org.name), organisation: org, member, ...extra }), status);
  }

  app.get(
    '/admin/organisations/:organisationId/members/:userId',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, memberOf) } },
    async (req, reply) => {
      const query = req.query as { saved?: string; linkSent?: string };
      return memberPage(req, reply, { saved: query.saved === '1', linkSent: query.linkSent });
    },
  );

  app.post(
    '/admin/organisations/:organisationId/members/:userId',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, memberOf) } },
    async (req, reply) => {
      const orgId = req.targetOrganisationId!;
      const userId = (req.params as { userId: string }).userId;
      const body = (req.body ?? {}) as FormBody;
      // The form always carries both fields: an empty one clears it.
      const values = { nationalId: formText(body, 'nationalId'), nationalName: formText(body, 'nationalName') };
      try {
        await accounts.setNationalIdentity(db, userId, values, { userId: req.principal!.userId, organisationId: orgId });
      } catch (err) {
        if (err instanceof Problem && err.status < 500) {
          const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
          return memberPage(req, reply, { errors, values }, err.status);
        }
        throw err;
      }
      return reply.redirect(`/admin/organisations/${orgId}/members/${userId}?saved=1`, 303);
    },
  );

  async function membersPage(
    req: FastifyRequest,
    reply: FastifyReply,
    organisationId: string,
    extra: { errors?: Record<string, string>; values?: Record<string, string>; created?: { email: string; password?: string } } = {},
    status = 200,
  ) {
    const p = req.principal!;
    const org = await organisations.getOrganisation(db, organisationId);
    const members = await accounts.listMembers(db, organisationId);
    const canAdd = p.isPlatformAdmin || p.memberships.some((m) => m.organisationId === organisationId && m.role === 'org-admin');
    return sendPage(
      reply,
      MembersPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        members,
        roles: accounts.assignableRoles(p).filter((r) => r !== 'platform-admin'),
        canAdd,
        ...extra,
      }),
      status,
    );
  }

  app.get(
    '/admin/organisations/:organisationId/members',
    { config: { access: orgAccess('organisationId', ORG_STAFF, orgOf) } },
    async (req, reply) => membersPage(req, reply, req.targetOrganisationId!),
  );

  app.post(
    '/admin/organisations/:organisationId/members',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, orgOf) } },
    async (req, reply) => {
      const orgId = req.targetOrganisationId!;
      const body = (req.body ?? {}) as Record<string, string>;
      // Forms of this page send `credentials`; without it (older clients) the password is shown as before.
      const invite = body.credentials === 'link';
      const values = {
        name: String(body.name ?? ''),
        email: String(body.email ?? ''),
        role: String(body.role ?? ''),
        credentials: invite ? 'link' : 'password',
      };
      try {
        if (values.role === 'platform-admin') accounts.assertAssignable(req.principal!, values.role as Role);
        const parsed = accounts.NewUserSchema.safeParse({ ...values, organisation: orgId });
        if (!parsed.success) throw new Problem(400, 'Richiesta non valida', undefined, zodErrors(parsed.error));
        const { id, password } = await accounts.createUser(db, parsed.data);
        if (invite) await inviteNewUser(deps, req.principal!, orgId, id);
        return membersPage(req, reply, orgId, { created: { email: parsed.data.email, password: invite ? undefined : password } }, 201);
      } catch (err) {
        if (err instanceof Problem && err.status < 500) {
          const errors = err.errors ? errorsByField(err.errors) : { email: err.detail ?? err.title };
          return membersPage(req, reply, orgId, { errors, values }, err.status);
        }
        throw err;
      }
    },
  );
}
