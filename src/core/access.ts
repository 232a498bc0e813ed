import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.js';
import type { Principal } from './auth.js';
import { addMessages } from './i18n.js';
import { forbidden, notFound, refuse, unauthorized } from './problems.js';
import type { Role } from './roles.js';

/**
 * Every route declares who may call it, in its `config.access`. The one hook in core/http.ts
 * enforces it before any handler runs, and the tenancy test matrix reads the same declarations
 * from the route table, so a route without a rule cannot be registered and cannot go untested.
 */
export type Access =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** Any signed-in user, acting on their own account only. */
  | { kind: 'signed-in' }
  /** Platform administrators only. */
  | { kind: 'platform' }
  /**
   * Members of the organisation that owns the target, with one of the roles. `org` resolves the
   * owning organisation from the request (usually from a path parameter); `undefined` means the
   * target does not exist (404).
   */
  | {
      kind: 'org';
      roles: Role[];
      org: (req: FastifyRequest) => Promise<string | undefined>;
      /** Names the path parameter the matrix test fills with the other organisation's record. */
      target: string;
    };

export const PUBLIC: Access = { kind: 'public' };
export const SIGNED_IN: Access = { kind: 'signed-in' };
export const PLATFORM: Access = { kind: 'platform' };

/** A path parameter of the request, for the owner resolvers of org-scoped rules (any route's params). */
export function paramOf(req: FastifyRequest, name: string): string | undefined {
  return (req.params as Record<string, string | undefined>)[name];
}

export function orgAccess(target: string, roles: Role[], org: (req: FastifyRequest) => Promise<string | undefined>): Access {
  return { kind: 'org', roles, org, target };
}

/**
 * Finds the organisation owning the record with the id; `undefined` when the id is missing or no
 * such record exists (the rule then answers 404).
 */
export type OwnerLookup = (db: Db, id: string | undefined) => Promise<string | undefined>;

/**
 * The owner resolver that looks up the record the path parameter names, so that a resolver is
 * written with the parameter's name once instead of a closure around `paramOf`.
 */
export function ownerOf(db: Db, param: string, lookup: OwnerLookup): (req: FastifyRequest) => Promise<string | undefined> {
  return (req) => lookup(db, paramOf(req, param));
}

/**
 * An organisation rule whose owner is looked up from its own target parameter: the parameter is
 * named once, so the rule and its look-up cannot name different ones.
 */
export function orgAccessTo(db: Db, target: string, roles: Role[], lookup: OwnerLookup): Access {
  return orgAccess(target, roles, ownerOf(db, target, lookup));
}

/** Whether the principal holds one of the roles in the organisation (platform admins always do). */
export function hasRole(principal: Principal | null, organisationId: string, roles: Role[]): boolean {
  if (!principal) return false;
  if (principal.isPlatformAdmin) return true;
  return principal.memberships.some((m) => m.organisationId === organisationId && roles.includes(m.role));
}

/** Organisations the principal can act for with one of the roles; `null` means all (platform admin). */
export function organisationsWith(principal: Principal, roles: Role[]): string[] | null {
  if (principal.isPlatformAdmin) return null;
  return principal.memberships.filter((m) => m.organisationId && roles.includes(m.role)).map((m) => m.organisationId as string);
}

type OrgAccess = Extract<Access, { kind: 'org' }>;

addMessages({
  it: { 'access.unruled': 'Questa pagina non ha regole di accesso.' },
  en: { 'access.unruled': 'This page has no access rules.' },
});

/**
 * The rule's answer when it needs no database: an error to refuse with, `null` to let through, or
 * the organisation rule whose owner must be looked up first.
 */
function quickAnswer(req: FastifyRequest, access: Access | undefined): Error | null | OrgAccess {
  // The not-found handler serves no data: an unknown address is a 404 for everyone, not a 403.
  if (req.is404) return null;
  if (!access) return refuse(403, 'access.unruled');
  if (access.kind === 'public') return null;
  const principal = req.principal;
  if (!principal) return unauthorized();
  if (access.kind === 'signed-in') return null;
  if (access.kind === 'platform') return principal.isPlatformAdmin ? null : forbidden();
  return access;
}

/**
 * The preHandler that applies the route's rule. Callback style, and synchronous for every rule but
 * an organisation's (the only one that reads the database), since it runs for every request.
 */
export function enforceAccess(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const answer = quickAnswer(req, (req.routeOptions.config as { access?: Access }).access);
  if (answer === null || answer instanceof Error) {
    done(answer ?? undefined);
    return;
  }
  const access = answer;
  // Through a promise, so that a resolver that throws becomes an error answer like one that rejects.
  Promise.resolve(req)
    .then(access.org)
    .then((orgId) => {
      if (!orgId) done(notFound());
      else if (!hasRole(req.principal, orgId, access.roles)) done(forbidden());
      else {
        req.targetOrganisationId = orgId;
        done();
      }
    }, done);
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The organisation an org-scoped route acts on, once access has been granted. */
    targetOrganisationId: string | null;
    lang: 'it' | 'en';
  }
  interface FastifyContextConfig {
    access?: Access;
    /** Whether state-changing calls need a CSRF token (default: pages yes, API with cookie yes). */
    csrf?: boolean;
    /** Public write route: counted against RATE_LIMIT_MAX. */
    publicWrite?: boolean;
    /** OpenAPI description, filled by core/api.ts. */
    openapi?: import('./api.js').OpenApiInfo;
  }
}
