import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess, PUBLIC } from '../../core/access.js';
import { apiRoute } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { Problem } from '../../core/problems.js';
import { ORG_ADMINS } from '../../core/roles.js';
import { type Errors, errorsByField } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import {
  LINK_VALIDITY_MS,
  linkGone,
  openLink,
  PASSWORD_LINK_ROUTE,
  registerPasswordLinkJob,
  requestPasswordReset,
  sendPasswordLink,
  setPasswordWithLink,
} from './password-links.js';
import { ForgotPage, LinkGonePage, NewPasswordPage, PasswordSavedPage } from './password-views.js';
import { organisationIfMember } from './service.js';

const MemberParams = z.object({ organisationId: z.string(), userId: z.string() });

const PasswordLinkOut = z.object({
  purpose: z.enum(['reset', 'invite']).describe('invite while the account never had a password of its own, else reset'),
  expiresAt: z.string().describe('When the link stops working (ISO 8601, UTC)'),
});

/**
 * The pages whose path carries a link's secret. The parameter's name, `token`, is what keeps it
 * out of the log (core/logging.ts); the pages are also sent as never to be cached.
 */
const SECRET_IN_PATH = { access: PUBLIC };

/**
 * "Password dimenticata?", the page a set-password link opens, and the link an administrator
 * sends to a member (page and API).
 */
export async function registerPasswordRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  registerPasswordLinkJob(deps);
  // The same budget as sign-in attempts: both are guesses an address could make in a loop.
  const perAddress = { max: config.loginRateLimitMax, timeWindow: '1 minute' };

  app.get('/password/forgot', { config: { access: PUBLIC } }, async (req, reply) =>
    sendPage(reply, ForgotPage({ ctx: pageContext(req, reply) })),
  );

  // One answer, whether or not the address has an account: the page does not tell which do.
  app.post('/password/forgot', { config: { access: PUBLIC, rateLimit: perAddress } }, async (req, reply) => {
    const email = String((req.body as { email?: unknown } | undefined)?.email ?? '');
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

  const secretOf = (req: FastifyRequest) => (req.params as { token: string }).token;

  async function newPasswordPage(req: FastifyRequest, reply: FastifyReply, errors?: Errors, status = 200) {
    reply.header('cache-control', 'no-store');
    const link = await openLink(db, secretOf(req));
    if (!link) return sendPage(reply, LinkGonePage({ ctx: pageContext(req, reply) }), linkGone().status);
    const action = req.url.split('?')[0];
    return sendPage(
      reply,
      NewPasswordPage({ ctx: pageContext(req, reply), action, email: link.email, invitation: link.purpose === 'invite', errors }),
      status,
    );
  }

  app.get(PASSWORD_LINK_ROUTE, { config: SECRET_IN_PATH }, async (req, reply) => newPasswordPage(req, reply));

  app.post(PASSWORD_LINK_ROUTE, { config: { ...SECRET_IN_PATH, rateLimit: perAddress } }, async (req, reply) => {
    try {
      await setPasswordWithLink(deps, secretOf(req), req.body ?? {});
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

  /** The organisation, when the person in the path has a role in it: another organisation's people are not found. */
  const memberOf = (req: FastifyRequest) => {
    const p = req.params as { organisationId?: string; userId?: string };
    return organisationIfMember(db, p.organisationId, p.userId);
  };

  app.post(
    '/admin/organisations/:organisationId/members/:userId/password-link',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, memberOf) } },
    async (req, reply) => {
      const { organisationId, userId } = req.params as { organisationId: string; userId: string };
      const { purpose } = await sendPasswordLink(deps, req.principal!, req.targetOrganisationId ?? organisationId, userId);
      return reply.redirect(`/admin/organisations/${organisationId}/members/${userId}?linkSent=${purpose}`, 303);
    },
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/organisations/:organisationId/members/:userId/password-link',
    {
      access: orgAccess('organisationId', ORG_ADMINS, memberOf),
      summary: `E-mail a member a single-use link to set their password: an invitation (valid ${LINK_VALIDITY_MS.invite / 86_400_000} days) while the account never had a password of its own, else a reset (valid ${LINK_VALIDITY_MS.reset / 60_000} minutes)`,
      tags: ['organisations'],
      params: MemberParams,
      responses: { 202: { description: 'The e-mail is queued', schema: PasswordLinkOut } },
    },
    async ({ req, reply, params }) => {
      const sent = await sendPasswordLink(deps, req.principal!, req.targetOrganisationId ?? params.organisationId, params.userId);
      reply.code(202);
      return sent;
    },
  );
}
