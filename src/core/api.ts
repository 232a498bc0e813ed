import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { z } from 'zod';
import { type Access, hasRole, orgAccess } from './access.js';
import type { Principal } from './auth.js';
import { refuse } from './problems.js';
import type { Role } from './roles.js';
import { parse } from './validation.js';

export interface OpenApiInfo {
  summary: string;
  tags: string[];
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  responses: Record<number, ApiResponse>;
  /** Whether the route honours an Idempotency-Key header. */
  idempotent?: boolean;
  /** Body types other than JSON that the route takes (e.g. text/csv for an import). */
  bodyMediaTypes?: string[];
  /** Public write route, limited per address (429). */
  publicWrite?: boolean;
}

/**
 * One answer of a route, as the OpenAPI document describes it (core/openapi.ts). A success without
 * a schema is JSON unless `mediaType` says otherwise (text/csv, text/calendar, application/ld+json);
 * 204, or `empty`, has no body.
 */
export interface ApiResponse {
  description: string;
  schema?: z.ZodType;
  mediaType?: string;
  empty?: boolean;
  /** Other media types the same status answers in, e.g. chosen by a `format` query parameter. */
  also?: { mediaType: string; schema?: z.ZodType }[];
}

/** Every media type an answer may come in, the first its main one (JSON unless `mediaType` says otherwise), each with its schema. */
export function answerMedia(res: ApiResponse): { mediaType: string; schema?: z.ZodType }[] {
  return [{ mediaType: res.mediaType ?? 'application/json', schema: res.schema }, ...(res.also ?? [])];
}

export interface ApiRouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  access: Access;
  summary: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: P;
  responses?: OpenApiInfo['responses'];
  publicWrite?: boolean;
  csrf?: boolean;
  idempotent?: boolean;
  /** Largest accepted body in bytes (default 16 KiB; Fastify answers 413 above it). */
  bodyLimit?: number;
  /** Body types other than JSON that the route takes (e.g. text/csv for an import). */
  bodyMediaTypes?: string[];
}

export interface ApiContext<B, Q, P> {
  req: FastifyRequest;
  reply: FastifyReply;
  body: B;
  query: Q;
  params: P;
}

const Empty = z.object({}).passthrough();

/**
 * Declares a JSON API route: the zod schemas validate the input (400 problem+json listing every
 * bad field) and describe the route in /api/v1/openapi.json, so the document cannot drift.
 */
export function apiRoute<B extends z.ZodType = typeof Empty, Q extends z.ZodType = typeof Empty, P extends z.ZodType = typeof Empty>(
  app: FastifyInstance,
  method: HTTPMethods,
  url: string,
  spec: ApiRouteSpec<B, Q, P>,
  handler: (ctx: ApiContext<z.output<B>, z.output<Q>, z.output<P>>) => Promise<unknown>,
): void {
  app.route({
    method,
    url,
    bodyLimit: spec.bodyLimit ?? 16 * 1024,
    config: {
      access: spec.access,
      publicWrite: spec.publicWrite,
      csrf: spec.csrf,
      openapi: {
        summary: spec.summary,
        tags: spec.tags,
        body: spec.body,
        query: spec.query,
        params: spec.params,
        responses: spec.responses ?? { 200: { description: 'OK' } },
        idempotent: spec.idempotent,
        bodyMediaTypes: spec.bodyMediaTypes,
        publicWrite: spec.publicWrite,
      },
    },
    handler: async (req, reply) => {
      const params = parse(spec.params ?? Empty, req.params, 'params') as z.output<P>;
      const query = parse(spec.query ?? Empty, req.query, 'query') as z.output<Q>;
      const body = spec.body ? parse(spec.body, req.body ?? {}, 'body') : (undefined as never);
      const result = await handler({ req, reply, body, query, params });
      if (reply.sent) return reply;
      return result;
    },
  });
}

/**
 * A route's answer in short: a schema (the description is the status's usual word), or the answer
 * in full when its description or media type differs.
 */
export type ApiAnswer = z.ZodType | ApiResponse;

/**
 * A route as a module's router declares it: `apiRouter`'s defaults (the tags) filled in, and the
 * success answer in short. `ok` is 200, `created` 201, `accepted` 202, `noContent` 204 (true, or
 * its description); `responses` adds or overrides any status, e.g. a 422 worth describing.
 */
export interface ApiDeclaration<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> extends Omit<ApiRouteSpec<B, Q, P>, 'tags'> {
  tags?: string[];
  ok?: ApiAnswer;
  created?: ApiAnswer;
  accepted?: ApiAnswer;
  noContent?: true | string;
  /**
   * For a route whose owner is named in its body (`organisation`), not its path, as a creation: the
   * access rule cannot see it, so the body's organisation is checked before the handler runs, and a
   * caller without one of the roles there is refused 403 with `refusal`.
   */
  ownerInBody?: { roles: Role[]; refusal: string };
}

export type ApiHandler<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> = (
  ctx: ApiContext<z.output<B>, z.output<Q>, z.output<P>>,
) => Promise<unknown>;

type ApiMethod = <B extends z.ZodType = typeof Empty, Q extends z.ZodType = typeof Empty, P extends z.ZodType = typeof Empty>(
  url: string,
  declaration: ApiDeclaration<B, Q, P>,
  handler: ApiHandler<B, Q, P>,
) => void;

/** A module's API routes with its defaults: `api.post(url, { access, summary, created: Out }, handler)`. */
export interface ApiRouter {
  get: ApiMethod;
  post: ApiMethod;
  put: ApiMethod;
  patch: ApiMethod;
  delete: ApiMethod;
  /** The same defaults on another instance, e.g. the one that limits public writes. */
  on(app: FastifyInstance): ApiRouter;
  /**
   * The routes of one record, named by a path parameter: `api.under('/api/v1/polls/:pollId',
   * { access: access.poll, params: PollParam })`, then `poll.post('/close', …)`; each route's url
   * follows the prefix ('' for the record itself) and takes its access rule and params from there.
   */
  under<P extends z.ZodType>(prefix: string, record: ApiRecord<P>): ApiRecordRouter<P>;
  /**
   * The routes of one record an organisation owns, each open to its own roles there:
   * `const venue = api.owned('/api/v1/venues/:venueId', { params: VenueParam, owner: owner.venue })`,
   * then `venue.patch('', { roles: ORG_STAFF, … })`, or `venue.get('', { access: PUBLIC, … })` for
   * a route whose rule is not the owner's roles. The rule is `orgAccess(target, roles, owner)`, its
   * target the prefix's last path parameter unless `target` names another.
   */
  owned<P extends z.ZodType>(prefix: string, record: ApiOwnedRecord<P>): ApiOwnedRouter<P>;
}

/**
 * What every route of one record shares: who may call them and the path parameter that names it;
 * `out`, the record as its routes answer it, lets a route name its success by a word alone
 * (`ok: 'Saved'` is `ok: { description: 'Saved', schema: out }`).
 */
export interface ApiRecord<P extends z.ZodType> {
  access: Access;
  params: P;
  out?: z.ZodType;
}

/** A route below a record: the record's access rule and params filled in, a success possibly named by a word. */
export type ApiRecordDeclaration<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> = Omit<
  ApiDeclaration<B, Q, P>,
  'access' | 'params' | 'ok' | 'created'
> & { ok?: ApiAnswer | string; created?: ApiAnswer | string };

type ApiRecordMethod<P extends z.ZodType> = <B extends z.ZodType = typeof Empty, Q extends z.ZodType = typeof Empty>(
  url: string,
  declaration: ApiRecordDeclaration<B, Q, P>,
  handler: ApiHandler<B, Q, P>,
) => void;

/**
 * A service's act on one record, as most staff routes call it: what it stands on (`db` or `deps`),
 * the caller, the record's id and the request's body as sent (the service checks it).
 */
export type ApiRecordAct<C> = (on: C, principal: Principal | null, id: string, input: unknown) => Promise<unknown>;

/** The verbs of the routes below one record, and `calls`, the handler that hands the record to a service. */
interface ApiRecordVerbs<M> {
  get: M;
  post: M;
  put: M;
  patch: M;
  delete: M;
  /** The handler `({ req, params }) => act(on, req.principal, <the record's id>, req.body)`. */
  calls<C>(on: C, act: ApiRecordAct<C>): ApiHandler<z.ZodType, z.ZodType, z.ZodType>;
}

/** `ApiRouter.under`'s answer: the verbs, on urls below the record's. */
export type ApiRecordRouter<P extends z.ZodType> = ApiRecordVerbs<ApiRecordMethod<P>>;

/**
 * What every route of a record an organisation owns shares: its path parameter, its owner, the
 * parameter the rule checks, and as for `ApiRecord`, its answer.
 */
export interface ApiOwnedRecord<P extends z.ZodType> {
  params: P;
  out?: z.ZodType;
  owner: (req: FastifyRequest) => Promise<string | undefined>;
  target?: string;
}

/** A route of an owned record: the roles it needs in the owner, or an access rule of its own. */
export type ApiOwnedDeclaration<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> = ApiRecordDeclaration<B, Q, P> &
  ({ roles: Role[]; access?: never } | { access: Access; roles?: never });

type ApiOwnedMethod<P extends z.ZodType> = <B extends z.ZodType = typeof Empty, Q extends z.ZodType = typeof Empty>(
  url: string,
  declaration: ApiOwnedDeclaration<B, Q, P>,
  handler: ApiHandler<B, Q, P>,
) => void;

/** `ApiRouter.owned`'s answer: the verbs, on urls below the record's. */
export type ApiOwnedRouter<P extends z.ZodType> = ApiRecordVerbs<ApiOwnedMethod<P>>;

export interface ApiRouterDefaults {
  tags: string[];
}

type AnyDeclaration = ApiDeclaration<z.ZodType, z.ZodType, z.ZodType>;

/**
 * The routes below one record: each of the router's verbs on `prefix` + url, the declaration
 * completed by `complete` (access rule, params), a success named by a word given the record's `out`.
 */
function recordVerbs<M>(
  router: ApiRouter,
  prefix: string,
  out: z.ZodType | undefined,
  complete: (declaration: Record<string, unknown>) => Record<string, unknown>,
): ApiRecordVerbs<M> {
  const word = (answer: ApiAnswer | string | undefined): ApiAnswer | undefined => {
    if (typeof answer !== 'string') return answer;
    if (!out) throw new Error(`${prefix}: a success named by a word needs the record's out schema`);
    return { description: answer, schema: out };
  };
  const below =
    (verb: ApiMethod) =>
    (
      url: string,
      { ok, created, ...declaration }: ApiRecordDeclaration<z.ZodType, z.ZodType, z.ZodType>,
      handler: ApiHandler<z.ZodType, z.ZodType, z.ZodType>,
    ) =>
      verb(`${prefix}${url}`, { ...complete(declaration), ok: word(ok), created: word(created) } as AnyDeclaration, handler);
  return {
    get: below(router.get) as M,
    post: below(router.post) as M,
    put: below(router.put) as M,
    patch: below(router.patch) as M,
    delete: below(router.delete) as M,
    calls: <C>(on: C, act: ApiRecordAct<C>) => {
      const id = lastParamOf(prefix);
      return async ({ req, params }) => act(on, req.principal, (params as Record<string, string>)[id], req.body);
    },
  };
}

/** The name of a url's last path parameter: `organisationId` for '/api/v1/organisations/:organisationId'. */
function lastParamOf(url: string): string {
  const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`${url} names no path parameter`);
  return names[names.length - 1];
}

const USUAL_WORD = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' } as const;

function answer(status: 200 | 201 | 202, short: ApiAnswer): ApiResponse {
  return short instanceof z.ZodType ? { description: USUAL_WORD[status], schema: short } : short;
}

/** The declared answers: the short ones, then `responses` (which wins on the same status). */
function responsesOf(d: ApiDeclaration<z.ZodType, z.ZodType, z.ZodType>): OpenApiInfo['responses'] | undefined {
  const out: OpenApiInfo['responses'] = {};
  if (d.ok) out[200] = answer(200, d.ok);
  if (d.created) out[201] = answer(201, d.created);
  if (d.accepted) out[202] = answer(202, d.accepted);
  if (d.noContent) out[204] = { description: d.noContent === true ? USUAL_WORD[204] : d.noContent };
  Object.assign(out, d.responses);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The status a route answers with when it declares one success only, other than 200. */
function defaultStatusOf(responses: OpenApiInfo['responses'] | undefined): number | undefined {
  const successes = Object.keys(responses ?? {})
    .map(Number)
    .filter((status) => status < 300);
  return successes.length === 1 && successes[0] !== 200 ? successes[0] : undefined;
}

/**
 * A module's router: `const api = apiRouter(app, { tags: ['webhooks'] })`, then `api.get(...)`,
 * `api.post(...)`. It registers through apiRoute, so the OpenAPI document and the validation are
 * the same. A route that declares one success status other than 200 answers with it when its
 * handler returns (201 with the value it returns, 204 with no body) unless the handler sent or
 * chose a status itself.
 */
export function apiRouter(app: FastifyInstance, defaults: ApiRouterDefaults): ApiRouter {
  const method =
    (verb: HTTPMethods): ApiMethod =>
    (url, declaration, handler) => {
      const { ok: _ok, created: _created, accepted: _accepted, noContent: _noContent, ownerInBody, ...spec } = declaration;
      const responses = responsesOf(declaration);
      const status = defaultStatusOf(responses);
      apiRoute(app, verb, url, { ...spec, tags: declaration.tags ?? defaults.tags, responses }, async (ctx) => {
        const owner = (ctx.body as { organisation?: string } | undefined)?.organisation;
        if (ownerInBody && !hasRole(ctx.req.principal, owner ?? '', ownerInBody.roles)) throw refuse(403, ownerInBody.refusal);
        const result = await handler(ctx);
        if (status === undefined || ctx.reply.sent || ctx.reply.statusCode !== 200) return result;
        ctx.reply.code(status);
        return status === 204 ? ctx.reply.send() : result;
      });
    };
  const router: ApiRouter = {
    get: method('GET'),
    post: method('POST'),
    put: method('PUT'),
    patch: method('PATCH'),
    delete: method('DELETE'),
    on: (other) => apiRouter(other, defaults),
    under: <P extends z.ZodType>(prefix: string, { out, ...record }: ApiRecord<P>): ApiRecordRouter<P> =>
      recordVerbs(router, prefix, out, (declaration) => ({ ...record, ...declaration })),
    owned: <P extends z.ZodType>(
      prefix: string,
      { params, owner, out, target = lastParamOf(prefix) }: ApiOwnedRecord<P>,
    ): ApiOwnedRouter<P> =>
      recordVerbs(router, prefix, out, ({ roles, access, ...declaration }) => ({
        access: (access as Access | undefined) ?? orgAccess(target, roles as Role[], owner),
        params,
        ...declaration,
      })),
  };

  return router;
}
