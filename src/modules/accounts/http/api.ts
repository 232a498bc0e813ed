import { z } from 'zod';
import { orgAccess, SIGNED_IN } from '../../../core/access.js';
import { type ApiRouter, apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_ADMINS, ORG_STAFF, ROLES } from '../../../core/roles.js';
import { LINK_VALIDITY_MS, sendPasswordLink } from '../password-links.js';
import * as accounts from '../service.js';
import { owners } from './owners.js';

const MemberParams = z.object({ organisationId: z.string(), userId: z.string() });

const PasswordLinkOut = z.object({
  purpose: z.enum(['reset', 'invite']).describe('invite while the account never had a password of its own, else reset'),
  expiresAt: z.string().describe('When the link stops working (ISO 8601, UTC)'),
});

const MeOut = z.object({
  id: z.string(),
  email: z.string().nullable().describe('null for an account that signs in by phone only'),
  name: z.string(),
  roles: z.array(
    z.object({
      organisation: z.string().nullable().describe('null for a role on the whole platform'),
      role: z.enum(ROLES),
    }),
  ),
});

const MemberOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  nationalId: z.string().nullable().describe('IDFacilitatore on the national monitoring platform'),
  nationalName: z.string().nullable().describe('NominativoFacilitatore on the national monitoring platform'),
});

/** The caller, an organisation's members, their identity on the national platform, their set-password links. */
export const accountApiRoutes: RoutePlugin = async (app, deps) => {
  registerMe(apiRouter(app, { tags: ['accounts'] }));
  registerMemberApi(apiRouter(app, { tags: ['organisations'] }), deps);
};

function registerMe(api: ApiRouter): void {
  api.get('/api/v1/me', { access: SIGNED_IN, summary: 'The caller and their roles', ok: MeOut }, async ({ req }) => {
    const p = req.principal!;
    return {
      id: p.userId,
      email: p.email,
      name: p.name,
      roles: p.memberships.map((m) => ({ organisation: m.organisationId, role: m.role })),
    };
  });
}

function registerMemberApi(api: ApiRouter, deps: Deps): void {
  const { db } = deps;
  const owner = owners(deps);
  api.get(
    '/api/v1/organisations/:organisationId/members',
    {
      access: orgAccess('organisationId', ORG_STAFF, owner.organisation),
      summary: 'People with a role in the organisation (not public)',
      params: z.object({ organisationId: z.string() }),
      ok: z.object({ items: z.array(MemberOut) }),
    },
    async ({ params }) => {
      const members = await accounts.listMembers(db, params.organisationId);
      return {
        items: members.map((m) => ({
          id: m.userId,
          name: m.name,
          email: m.email,
          phone: m.phone,
          role: m.role,
          nationalId: m.nationalId,
          nationalName: m.nationalName ?? null,
        })),
      };
    },
  );

  const user = api.under('/api/v1/organisations/:organisationId/members/:userId', {
    access: orgAccess('organisationId', ORG_ADMINS, owner.member),
    params: MemberParams,
  });
  user.patch(
    '/national-identity',
    {
      summary:
        "Set a member's identity on the national monitoring platform: IDFacilitatore (codice fiscale or numeric id) and NominativoFacilitatore",
      body: accounts.NationalIdentityPatch,
      ok: accounts.MemberIdentityOut,
    },
    async ({ req, params, body }) =>
      accounts.setNationalIdentity(db, params.userId, body, { userId: req.principal!.userId, organisationId: req.targetOrganisationId }),
  );

  user.post(
    '/password-link',
    {
      summary: `E-mail a member a single-use link to set their password: an invitation (valid ${LINK_VALIDITY_MS.invite / 86_400_000} days) while the account never had a password of its own, else a reset (valid ${LINK_VALIDITY_MS.reset / 60_000} minutes)`,
      accepted: { description: 'The e-mail is queued', schema: PasswordLinkOut },
    },
    async ({ req, params }) => sendPasswordLink(deps, req.principal!, req.targetOrganisationId ?? params.organisationId, params.userId),
  );
}
