import type { FastifyRequest } from 'fastify';

/** Where log lines go, when not standard output (tests read them). */
export interface LogStream {
  write(line: string): void;
}

/**
 * Secrets never reach the log. A manage link (`/prenotazioni/{id}?token=…`), a password-reset
 * link or a questionnaire attempt carries in its address all that its holder needs to act, so
 * every address written to the log goes through `redactUrl` first, in the one request serializer
 * below: no route can forget it.
 *
 * What counts as secret:
 * - a query parameter whose name matches SECRET_QUERY (token, secret, password, an OpenID `code`
 *   or `state`, …), on every route, known or not;
 * - a path parameter whose name contains "token", "secret" or "password" (`:attemptToken`,
 *   `:resetToken`): naming the parameter so is how a route opts in;
 * - a path parameter listed in the route's `config.secretParams`, for a secret whose name says
 *   otherwise (`config: { access, secretParams: ['code'] }`).
 */
const SECRET_QUERY = /token|secret|passw|^code$|^state$|^key$|apikey|api_key|signature|^sig$/i;
const SECRET_PARAM = /token|secret|passw/i;
export const REDACTED = '[REDACTED]';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Path parameters that are secrets though their names do not say so (see core/logging.ts). */
    secretParams?: string[];
  }
}

/** The address with secret query values and secret path segments replaced by [REDACTED]. */
export function redactUrl(url: string, routePattern?: string, secretParams: readonly string[] = []): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? null : url.slice(q + 1);
  const safePath = routePattern ? redactPath(path, routePattern, secretParams) : path;
  return query === null ? safePath : `${safePath}?${redactQuery(query)}`;
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return SECRET_QUERY.test(decodeSafely(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

/** Replaces, segment by segment, the parts of the path that the route pattern names as secret. */
function redactPath(path: string, pattern: string, secretParams: readonly string[]): string {
  const patternSegments = pattern.split('/');
  const segments = path.split('/');
  for (let i = 0; i < patternSegments.length && i < segments.length; i++) {
    const part = patternSegments[i];
    // A wildcard matches the rest of the path, whatever its segments: nothing to align beyond it.
    if (part.includes('*')) break;
    const names = [...part.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    if (names.some((n) => SECRET_PARAM.test(n) || secretParams.includes(n))) segments[i] = REDACTED;
  }
  return segments.join('/');
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Fastify's request serializer, with the address redacted. */
function serializeRequest(req: FastifyRequest) {
  const config = req.routeOptions?.config as { secretParams?: string[] } | undefined;
  return {
    method: req.method,
    url: redactUrl(req.url, req.routeOptions?.url, config?.secretParams),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** The logger's options: the level, an optional destination (tests read it), the redacting serializer. */
export function loggerOptions(level: string, stream?: LogStream) {
  return { level, serializers: { req: serializeRequest }, ...(stream ? { stream } : {}) };
}
