import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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

/**
 * The logger's options: the level, an optional destination (tests read it), the redacting
 * serializer. `pretty` turns each JSON line into a short readable one before it is written.
 */
export function loggerOptions(level: string, stream?: LogStream, format: 'json' | 'pretty' = 'json') {
  const out = format === 'pretty' ? prettyStream(stream ?? process.stdout) : stream;
  return { level, serializers: { req: serializeRequest }, ...(out ? { stream: out } : {}) };
}

// ---------- request ids, carried into the jobs a request enqueues ----------

const requestContext = new AsyncLocalStorage<{ reqId: string }>();

/** The id of the request being answered (the `reqId` of its log lines), or null outside one. */
export function currentRequestId(): string | null {
  return requestContext.getStore()?.reqId ?? null;
}

/** Makes each request's id readable by currentRequestId in everything the request's handlers call. */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => requestContext.run({ reqId: req.id }, done));
}

/** What the job queue logs through (a pino logger: Fastify's, or a worker's own). */
export interface JobLog {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

const EMAIL = /[^\s<>"'@]+@[^\s<>"'@]+\.[a-z]{2,}/gi;
const PHONE = /\+?\d[\d ]{7,}\d/g;

/** Free text (an error's message) with e-mail addresses and phone numbers masked. */
export function redactText(text: string): string {
  return text.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
}

// ---------- LOG_FORMAT=pretty ----------

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v']);

/** One JSON log line as `12:03:04 INFO  message key=value …`; a line that is not JSON passes unchanged. */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const level = (LEVELS[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([k]) => !OMITTED.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${time} ${level} ${entry.msg ?? ''}${fields.length ? ` ${fields.join(' ')}` : ''}\n`;
}

function prettyStream(out: LogStream): LogStream {
  return { write: (chunk: string) => out.write(chunk.split('\n').filter(Boolean).map(prettyLine).join('')) };
}
