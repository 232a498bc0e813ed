import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { type Access, enforceAccess, PUBLIC } from './access.js';
import { principalFromSession, principalFromToken, SESSION_COOKIE } from './auth.js';
import { type Lang, pickLang } from './i18n.js';
import { MethodTable } from './methods.js';
import { fieldError, Problem, publicErrors, refuse, refuseAs } from './problems.js';
import { securityHeaders } from './security-headers.js';

export interface RouteRecord {
  method: string;
  url: string;
  access: Access;
  openapi?: import('./api.js').OpenApiInfo;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access rule, read by the OpenAPI generator and the tenancy tests. */
    routeTable: RouteRecord[];
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isApi(url: string): boolean {
  return url.startsWith('/api/');
}

/**
 * Writes the error page of a refused or failed page request. Core knows problems, not pages: the
 * application passes the web layer's page in (core never imports web).
 */
export type ErrorPageSender = (req: FastifyRequest, reply: FastifyReply, problem: Problem) => FastifyReply | Promise<FastifyReply>;

/** Cross-cutting HTTP machinery: cookies, forms, security headers, sessions, CSRF, access, errors. */
export async function registerHttpCore(app: FastifyInstance, config: Config, db: Db, sendErrorPage: ErrorPageSender): Promise<void> {
  const methodTable = trackRoutes(app);

  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'ponte_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' },
  });

  const redis = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: false }) : undefined;
  if (redis) app.addHook('onClose', async () => void redis.disconnect());
  await app.register(rateLimit, {
    global: false,
    redis,
    nameSpace: 'ponte-rl-',
    errorResponseBuilder: (_req, ctx) => refuse(429, 'problem.rate-limited', { seconds: Math.ceil(ctx.ttl / 1000) }),
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('targetOrganisationId', null);
  app.decorateRequest('lang', 'it');

  // Hooks in callback style, synchronous unless there is a session or a token to look up: they run
  // for every request, and an async hook costs a promise and a trip through the microtask queue
  // even when it has nothing to wait for.
  const headers = securityHeaders(config);
  app.addHook('onRequest', (req, reply, done) => {
    // Security headers first, so that every answer carries them, errors included.
    reply.headers(isApi(req.url) ? headers.api : headers.page);
    const query = req.query as Record<string, unknown> | undefined;
    const chosen = pickLang(query?.lang);
    if (chosen) {
      reply.setCookie('lang', chosen, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600, httpOnly: true });
    }
    req.lang = chosen ?? pickLang(req.cookies.lang) ?? preferredLang(req.headers['accept-language']);

    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && !req.routeOptions.config?.ownAuthorization) {
      principalFromToken(db, auth.slice(7).trim()).then((principal) => {
        req.principal = principal;
        done(principal ? undefined : refuse(401, 'problem.token-invalid'));
      }, done);
      return;
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (!sid) {
      done();
      return;
    }
    principalFromSession(db, sid).then((principal) => {
      req.principal = principal;
      if (!principal) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      done();
    }, done);
  });

  refuseBadInput(app);

  // One hook for the CSRF check and then the access rule: every hook costs a turn of Fastify's hook
  // runner on every request. Callback style on purpose: csrfProtection answers 403 itself and does
  // not call back. An unknown address changes nothing, so it gets its 404 or 405 rather than a CSRF
  // refusal.
  app.addHook('preHandler', (req, reply, done) => {
    if (MUTATING.has(req.method) && !req.is404 && needsCsrf(req, req.routeOptions.config.csrf)) {
      app.csrfProtection(req, reply, () => enforceAccess(req, reply, done));
      return;
    }
    enforceAccess(req, reply, done);
  });

  registerErrorAnswers(app, methodTable, sendErrorPage);
}

/** Keeps the route table (each route's access rule, for OpenAPI and the tenancy matrix) and the methods of each address; refuses a route without a rule. */
function trackRoutes(app: FastifyInstance): MethodTable {
  app.decorate('routeTable', [] as RouteRecord[]);
  const methodTable = new MethodTable();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) methodTable.add(method, route.url);
    // Stylesheets, fonts and scripts are public files: they carry the access rule without a place
    // in the route table (the tenancy matrix has nothing to check there).
    if (route.url.startsWith('/static/')) {
      route.config = { ...route.config, access: PUBLIC };
      return;
    }
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      app.routeTable.push({ method, url: route.url, access, openapi: route.config?.openapi });
    }
  });
  return methodTable;
}

/**
 * Input no route should see: NUL characters anywhere, and form bodies sent to the JSON API. One
 * hook for both, since it runs for every request.
 */
function refuseBadInput(app: FastifyInstance): void {
  app.addHook('preValidation', (req, _reply, done) => {
    // PostgreSQL cannot store U+0000 in text and answers such a query with an error: refuse it here,
    // for every route at once, as the bad input it is (a 400 naming the field, never a 500).
    const field = findNul(req.params, 'params') ?? findNul(req.query, 'query') ?? findNul(req.body, '');
    if (field !== null) {
      done(refuse(400, 'problem.nul', undefined, [fieldError(field || '(body)', 'problem.nul.field')]));
      return;
    }
    // The API speaks JSON (and CSV where an import says so): a form or plain-text body is refused
    // with 415 rather than read as if it were the JSON the route describes.
    if (MUTATING.has(req.method) && isApi(req.url) && FORM_TYPES.has(mediaType(req.headers['content-type']))) {
      done(unsupportedMediaType());
      return;
    }
    done();
  });
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Problems as problem+json under /api (and for 405/415), as a page elsewhere; 404 and 405 for unknown addresses. */
function registerErrorAnswers(app: FastifyInstance, methodTable: MethodTable, sendErrorPage: ErrorPageSender): void {
  app.setErrorHandler(async (error: FastifyError | Problem, req, reply) => {
    const problem = toProblem(error).inLanguage(req.lang ?? 'it');
    // A 503 thrown on purpose (a service the request needs is down) is an answer, not a bug.
    if (problem.status >= 500 && !(error instanceof Problem && problem.status === 503)) req.log.error({ err: error }, 'unhandled error');
    // 405 and 415 speak of the request's form, not of a page: problem+json wherever they occur.
    if (isApi(req.url) || wantsJson(req) || problem.status === 405 || problem.status === 415) {
      return reply
        .code(problem.status)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: problem.title,
          status: problem.status,
          detail: problem.detail,
          instance: req.url.split('?')[0],
          ...(problem.errors ? { errors: publicErrors(problem.errors) } : {}),
          ...problem.extra,
        });
    }
    if (problem.status === 401 && req.method === 'GET') {
      return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    return sendErrorPage(req, reply, problem);
  });

  app.setNotFoundHandler(async (req, reply) => {
    const allowed = methodTable.allowed(req.url);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      throw refuse(405, 'problem.method', { allowed: allowed.join(', ') });
    }
    const problem = refuseAs(404, 'problem.page-missing.title', 'problem.page-missing');
    if (isApi(req.url)) {
      return reply
        .code(404)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: problem.title, status: 404, detail: problem.detail });
    }
    return sendErrorPage(req, reply, problem.inLanguage(req.lang ?? 'it'));
  });
}

/** The path of the first string (value or key) holding U+0000 in parsed input, or null. */
export function findNul(input: unknown, root: string): string | null {
  if (isCleanFlat(input)) return null;
  const stack: [unknown, string][] = [[input, root]];
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
      continue;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    // Bytes and streams (file uploads) are not text.
    if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return childPath;
      stack.push([child, childPath]);
    }
  }
  return null;
}

/**
 * Whether the input is nothing, a string without NUL, or a plain object of such strings: what the
 * params and query of almost every request are, checked without the walk's stack and set.
 */
function isCleanFlat(input: unknown): boolean {
  if (input === null || input === undefined) return true;
  if (typeof input === 'string') return !input.includes('\u0000');
  if (typeof input !== 'object') return true;
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const value = (input as Record<string, unknown>)[key];
    if (typeof value !== 'string' || key.includes('\u0000') || value.includes('\u0000')) return false;
  }
  return true;
}

function needsCsrf(req: FastifyRequest, declared: boolean | undefined): boolean {
  if (declared === false) return false;
  if (!isApi(req.url)) return true;
  // API calls carry ambient authority only when they ride on the session cookie.
  return req.principal?.via === 'session';
}

/** Whether the client asks for JSON rather than a page (an API client calling a page's address). */
export function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json') && !(req.headers.accept ?? '').includes('text/html');
}

function preferredLang(header: string | undefined): Lang {
  if (!header) return 'it';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'it';
}

/** Body types of browser forms, which the API does not take. */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

function unsupportedMediaType(): Problem {
  return refuse(415, 'problem.json-only');
}

export function toProblem(error: FastifyError | Problem): Problem {
  if (error instanceof Problem) return error;
  const code = (error as FastifyError).code;
  if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET') {
    return refuseAs(403, 'problem.csrf.title', 'problem.csrf');
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return refuse(413, 'problem.too-large');
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return refuse(415, 'problem.json-or-form');
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return refuse(400, 'problem.bad-json');
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return new Problem(status, status === 429 ? 'Troppe richieste' : 'Richiesta non valida', error.message);
  }
  return refuse(500, 'problem.internal');
}
