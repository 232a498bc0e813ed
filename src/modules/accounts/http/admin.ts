import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgAccess, PLATFORM, SIGNED_IN } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem, refuse } from '../../../core/problems.js';
import { ORG_ADMINS, ORG_STAFF, type Role } from '../../../core/roles.js';
import { zodErrors } from '../../../core/validation.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, errorsByField, type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { orgPage, type PathForm, routesOf } from '../../../web/page-routes.js';
import * as organisations from '../../organisations/service.js';
import * as oidc from '../oidc.js';
import { OidcSettingsPage } from '../oidc-views.js';
import { inviteNewUser, sendPasswordLink } from '../password-links.js';
import * as accounts from '../service.js';
import * as totp from '../totp.js';
import { RecoveryCodesPage, TwoFactorPage } from '../totp-views.js';
import { AccountPage, MemberPage, MembersPage } from '../views.js';
import { owners } from './owners.js';
import { perAddress, sendSecretPage } from './sign-in.js';

type MemberPath = { Params: { organisationId: string; userId: string } };
type OrgForm = PathForm<'organisationId'>;

/** The person's own account (password, second factor) and an organisation's people and sign-in settings. */
export const accountAdminRoutes: RoutePlugin = routesOf(
  registerAccountPages,
  registerTwoFactorPages,
  registerMemberPages,
  registerMembersPage,
  registerOidcSettings,
);

function registerAccountPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  async function accountPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Errors; done?: boolean; tokensRevoked?: boolean },
    status = 200,
  ) {
    const p = req.principal!;
    const names = await organisations.organisationNames(
      db,
      p.memberships.map((m) => m.organisationId).filter((x): x is string => !!x),
    );
    const roles = p.memberships.map((m) => ({ role: m.role, organisation: m.organisationId ? (names.get(m.organisationId) ?? '') : '' }));
    return sendPage(reply, AccountPage({ ctx: pageContext(req, reply), email: await accounts.signInName(db, p), roles, ...extra }), status);
  }

  app.get<{ Querystring: { done?: string } }>('/account', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const done = req.query.done;
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
}

/** The second factor on the account's page: set-up, turning off, and the platform's rule. */
function registerTwoFactorPages(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  const rateLimit = perAddress(deps);

  async function twoFactorPage(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Errors; message?: { kind: 'danger' | 'success'; text: string } } = {},
    status = 200,
  ) {
    const p = req.principal!;
    return sendSecretPage(
      reply,
      TwoFactorPage({
        ctx: pageContext(req, reply),
        status: await totp.status(db, p.userId),
        enrolment: await totp.pendingEnrolment(db, config, p.userId, await accounts.signInName(db, p)),
        isPlatformAdmin: p.isPlatformAdmin,
        adminsMustUseTotp: await totp.adminsMustUseTotp(db),
        ...extra,
      }),
      status,
    );
  }

  /** Only administrators have a second factor: others get a plain refusal. */
  async function assertAdmin(req: FastifyRequest) {
    if (!(await totp.isAdmin(db, req.principal!.userId))) throw refuse(403, 'totp.onlyAdmins');
  }

  const DONE: Record<string, string> = { off: 'totp.disabled', policy: 'totp.policySaved' };
  app.get<{ Querystring: { done?: string } }>('/account/2fa', { config: { access: SIGNED_IN } }, async (req, reply) => {
    await assertAdmin(req);
    const done = req.query.done;
    const message = done && DONE[done] ? { kind: 'success' as const, text: t(req.lang, DONE[done]) } : undefined;
    return twoFactorPage(req, reply, { message });
  });

  app.post('/account/2fa/start', { config: { access: SIGNED_IN } }, async (req, reply) => {
    await assertAdmin(req);
    const s = await totp.status(db, req.principal!.userId);
    if (!s.enabled) await totp.startEnrolment(db, config, req.principal!.userId);
    return reply.redirect('/account/2fa', 303);
  });

  app.post<{ Body: FormBody | undefined }>('/account/2fa/confirm', { config: { access: SIGNED_IN, rateLimit } }, async (req, reply) => {
    await assertAdmin(req);
    try {
      const codes = await totp.confirmEnrolment(db, config, req.principal!.userId, formText(req.body ?? {}, 'code'));
      return sendSecretPage(
        reply,
        RecoveryCodesPage({ ctx: pageContext(req, reply), codes, next: { href: '/account/2fa', label: t(req.lang, 'totp.continue') } }),
      );
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        const errors = err.errors ? errorsByField(err.errors) : { code: err.detail ?? err.title };
        return twoFactorPage(req, reply, { errors }, err.status);
      }
      throw err;
    }
  });

  app.post<{ Body: FormBody | undefined }>('/account/2fa/disable', { config: { access: SIGNED_IN, rateLimit } }, async (req, reply) => {
    await assertAdmin(req);
    const code = formText(req.body ?? {}, 'code');
    // Something that looks like a recovery code is taken as one: a lost phone must not stop this.
    const input = /[a-z]/i.test(code) ? { recovery: code } : { code };
    const result = await totp.disable(db, config, req.principal!.userId, input);
    if (result.ok) return reply.redirect('/account/2fa?done=off', 303);
    if (result.reason === 'not-enabled') return reply.redirect('/account/2fa', 303);
    const locked = result.reason === 'locked';
    return twoFactorPage(req, reply, { errors: { code: t(req.lang, locked ? 'totp.locked' : 'totp.invalid') } }, locked ? 429 : 422);
  });

  app.post<{ Body: FormBody | undefined }>('/account/2fa/policy', { config: { access: PLATFORM } }, async (req, reply) => {
    await totp.setAdminsMustUseTotp(db, formText(req.body ?? {}, 'required') === '1', req.principal!.userId);
    return reply.redirect('/account/2fa?done=policy', 303);
  });
}

/** A member's page: their identity on the national platform, and the link to set their password. */
function registerMemberPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const adminsOfMember = { config: { access: orgAccess('organisationId', ORG_ADMINS, owners(deps).member) } };

  const memberPage = orgPage(db, MemberPage, async (req: FastifyRequest<MemberPath>, org) => ({
    member: await accounts.getMember(db, org.id, req.params.userId),
  }));

  app.get<MemberPath & { Querystring: { saved?: string; linkSent?: string } }>(
    '/admin/organisations/:organisationId/members/:userId',
    adminsOfMember,
    async (req, reply) => memberPage(req, reply, { saved: req.query.saved === '1', linkSent: req.query.linkSent }),
  );

  app.post<MemberPath & { Body: FormBody | undefined }>(
    '/admin/organisations/:organisationId/members/:userId',
    adminsOfMember,
    async (req, reply) => {
      const orgId = req.targetOrganisationId!;
      const userId = req.params.userId;
      const body = req.body ?? {};
      // The form always carries both fields: an empty one clears it.
      const values = { nationalId: formText(body, 'nationalId'), nationalName: formText(body, 'nationalName') };
      return formAction(
        async () => {
          await accounts.setNationalIdentity(db, userId, values, { userId: req.principal!.userId, organisationId: orgId });
          return reply.redirect(`/admin/organisations/${orgId}/members/${userId}?saved=1`, 303);
        },
        (errors, status) => memberPage(req, reply, { errors, values }, status),
        req.lang,
      );
    },
  );

  app.post<MemberPath>('/admin/organisations/:organisationId/members/:userId/password-link', adminsOfMember, async (req, reply) => {
    const { organisationId, userId } = req.params;
    const { purpose } = await sendPasswordLink(deps, req.principal!, req.targetOrganisationId ?? organisationId, userId);
    return reply.redirect(`/admin/organisations/${organisationId}/members/${userId}?linkSent=${purpose}`, 303);
  });
}

/** An organisation's people, and the form that adds one (with a password shown once, or an invitation). */
function registerMembersPage(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);

  async function membersPage(
    req: FastifyRequest,
    reply: FastifyReply,
    organisationId: string,
    extra: { errors?: Errors; values?: Record<string, string>; created?: { email: string; password?: string } } = {},
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
    { config: { access: orgAccess('organisationId', ORG_STAFF, owner.organisation) } },
    async (req, reply) => membersPage(req, reply, req.targetOrganisationId!),
  );

  app.post<OrgForm>(
    '/admin/organisations/:organisationId/members',
    { config: { access: orgAccess('organisationId', ORG_ADMINS, owner.organisation) } },
    async (req, reply) => {
      const orgId = req.targetOrganisationId!;
      const body = req.body ?? {};
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
        if (!parsed.success) throw refuse(400, 'problem.invalid.body', undefined, zodErrors(parsed.error));
        const { id, password } = await accounts.createUser(db, parsed.data);
        if (invite) await inviteNewUser(deps, req.principal!, orgId, id);
        return membersPage(
          req,
          reply,
          orgId,
          { created: { email: parsed.data.email ?? '', password: invite ? undefined : password } },
          201,
        );
      } catch (err) {
        if (err instanceof Problem && err.status < 500) {
          const said = err.inLanguage(req.lang);
          const errors = said.errors ? errorsByField(said.errors) : { email: said.detail ?? said.title };
          return membersPage(req, reply, orgId, { errors, values }, err.status);
        }
        throw err;
      }
    },
  );
}

const settingsUrl = (orgId: string) => `/admin/organisations/${orgId}/sign-in`;
const SETTINGS_DONE: Record<string, string> = { saved: 'oidc.saved', invited: 'oidc.invited', removed: 'oidc.removed' };

/** The organisation admin's page of its identity provider and of the people invited to sign in through it. */
function registerOidcSettings(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  const adminOnly = { config: { access: orgAccess('organisationId', ORG_ADMINS, owners(deps).organisation) } };

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

  app.get<{ Querystring: { done?: string } }>('/admin/organisations/:organisationId/sign-in', adminOnly, async (req, reply) => {
    const done = req.query.done;
    return settingsPage(req, reply, { message: done && SETTINGS_DONE[done] ? t(req.lang, SETTINGS_DONE[done]) : undefined });
  });

  app.post<OrgForm>('/admin/organisations/:organisationId/sign-in', adminOnly, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    const body = req.body ?? {};
    const values = {
      label: formText(body, 'label'),
      issuer: formText(body, 'issuer'),
      clientId: formText(body, 'clientId'),
      enabled: formText(body, 'enabled') === '1' ? '1' : '',
      emailsVerified: formText(body, 'emailsVerified') === '1' ? '1' : '',
    };
    try {
      const provider = {
        ...values,
        clientSecret: formText(body, 'clientSecret'),
        enabled: values.enabled === '1',
        emailsVerified: values.emailsVerified === '1',
      };
      await oidc.saveProvider(deps, orgId, provider, req.principal!.userId);
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        const errors = err.errors ? errorsByField(err.errors) : { issuer: err.detail ?? err.title };
        return settingsPage(req, reply, { errors, values }, err.status);
      }
      throw err;
    }
    return reply.redirect(`${settingsUrl(orgId)}?done=saved`, 303);
  });

  app.post<OrgForm>('/admin/organisations/:organisationId/sign-in/invitations', adminOnly, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    const body = req.body ?? {};
    const values = { name: formText(body, 'invite-name'), email: formText(body, 'invite-email'), role: formText(body, 'invite-role') };
    try {
      await oidc.invite(db, orgId, values, req.principal!.userId);
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        const inviteErrors = err.errors ? errorsByField(err.errors) : { email: err.detail ?? err.title };
        return settingsPage(req, reply, { inviteErrors, inviteValues: values }, err.status);
      }
      throw err;
    }
    return reply.redirect(`${settingsUrl(orgId)}?done=invited`, 303);
  });

  app.post<OrgForm>('/admin/organisations/:organisationId/sign-in/invitations/remove', adminOnly, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    // Withdrawing twice (two tabs, a double click) is not an error: the invitation is gone either way.
    const removed = await oidc.removeInvitation(db, orgId, formText(req.body ?? {}, 'email'), req.principal!.userId);
    return reply.redirect(removed ? `${settingsUrl(orgId)}?done=removed` : settingsUrl(orgId), 303);
  });
}
