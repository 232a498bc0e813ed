import { z } from 'zod';
import type { Access } from './access.js';
import { answerMedia, type OpenApiInfo } from './api.js';

interface RouteRecord {
  method: string;
  url: string;
  access: Access;
  openapi?: OpenApiInfo;
}

type Json = Record<string, unknown>;

const PROBLEM_REF = { $ref: '#/components/responses/Problem' };

/**
 * Statuses every route of a kind can answer with whatever it declares, all problem+json: a
 * malformed input (400), no or a refused credential (401, 403), an unknown target (404), a body
 * too large or of another type (413, 415), too many requests (429).
 */
function standardProblems(r: RouteRecord, info: OpenApiInfo): Record<string, string> {
  const out: Record<string, string> = {};
  const hasPathParams = /:[A-Za-z0-9_]/.test(r.url);
  const takesBody = info.body !== undefined || info.bodyMediaTypes !== undefined;
  if (takesBody || info.query || hasPathParams) out['400'] = 'The input is not valid; `errors` lists each field';
  if (r.access.kind !== 'public') {
    out['401'] = 'No valid credential';
    out['403'] = 'The credential does not allow this operation';
  } else if (takesToken(info)) {
    out['403'] = 'The token does not match';
  }
  if (hasPathParams) out['404'] = 'Not found (or not visible to the caller)';
  if (takesBody) {
    out['413'] = 'The body is too large';
    out['415'] = 'The body is not of a type the operation takes';
    out['422'] = 'The input is well formed but breaks a rule; `errors` lists the fields';
  }
  if (info.publicWrite) out['429'] = 'Too many requests from this address';
  return out;
}

/** Whether a public route is reached with a private token (a manage link's), which it checks. */
function takesToken(info: OpenApiInfo): boolean {
  const query = info.query ? (toJsonSchema(info.query, 'input') as { properties?: Record<string, unknown> }) : {};
  return Object.keys(query.properties ?? {}).includes('token');
}

/** The zod schema as JSON Schema 2020-12, as OpenAPI 3.1 embeds it (without its own `$schema`). */
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  try {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
    return rest;
  } catch {
    return {};
  }
}

/** `GET /api/v1/organisations/:organisationId/venues` → `getOrganisationsByOrganisationIdVenues`. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v\d+\//, '')
    .split(/[/.\-_]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `By${capitalise(part.slice(1).replace(/\(.*$/, ''))}` : capitalise(part)));
  return `${method.toLowerCase()}${words.join('').replace(/[^A-Za-z0-9]/g, '')}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Security from the route's access rule: none for public routes, else a token or the session. */
function securityOf(access: Access): Json[] {
  return access.kind === 'public' ? [] : [{ bearer: [] }, { cookie: [] }];
}

function parametersOf(r: RouteRecord, info: OpenApiInfo): Json[] {
  const parameters: Json[] = [];
  const declared = info.params ? toJsonSchema(info.params, 'input') : {};
  const pathSchemas = (declared.properties ?? {}) as Record<string, Json>;
  for (const m of r.url.matchAll(/:([A-Za-z0-9_]+)/g)) {
    parameters.push({ name: m[1], in: 'path', required: true, schema: pathSchemas[m[1]] ?? { type: 'string' } });
  }
  if (info.query) {
    const js = toJsonSchema(info.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = schema;
      parameters.push({
        name,
        in: 'query',
        required: js.required?.includes(name) ?? false,
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      });
    }
  }
  if (info.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Repeating a call with the same key returns the first answer instead of acting twice',
      schema: { type: 'string', maxLength: 200 },
    });
  }
  return parameters;
}

function requestBodyOf(info: OpenApiInfo): Json | undefined {
  if (!info.body && !info.bodyMediaTypes) return undefined;
  const content: Json = {};
  for (const type of info.bodyMediaTypes ?? ['application/json']) {
    content[type] = { schema: type.includes('json') && info.body ? toJsonSchema(info.body, 'input') : { type: 'string' } };
  }
  return { required: true, content };
}

/**
 * A response per declared status: a success with its schema and media type (204 and other bodiless
 * answers without content), every 4xx the shared Problem.
 */
function responsesOf(r: RouteRecord, info: OpenApiInfo): Json {
  const responses: Json = {};
  for (const [status, res] of Object.entries(info.responses)) {
    if (Number(status) >= 400) {
      responses[status] = { description: res.description, content: PROBLEM_REF_CONTENT };
      continue;
    }
    if (status === '204' || res.empty) {
      responses[status] = { description: res.description };
      continue;
    }
    const content: Json = {};
    for (const { mediaType, schema } of answerMedia(res)) {
      content[mediaType] = {
        schema: schema
          ? toJsonSchema(schema, 'output')
          : mediaType.includes('json')
            ? { type: 'object', description: 'See the description', additionalProperties: true }
            : { type: 'string' },
      };
    }
    responses[status] = { description: res.description, content };
  }
  for (const [status, description] of Object.entries(standardProblems(r, info))) {
    responses[status] ??= { description, content: PROBLEM_REF_CONTENT };
  }
  responses['4XX'] = PROBLEM_REF;
  return responses;
}

const PROBLEM_REF_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** Builds the OpenAPI 3.1 document from the routes that declared their schemas. */
export function buildOpenApi(routes: RouteRecord[], baseUrl: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const r of routes) {
    const info = r.openapi;
    if (!info || !r.url.startsWith('/api/')) continue;
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const tag of info.tags) tags.add(tag);
    const requestBody = requestBodyOf(info);
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      operationId: operationIdOf(r.method, r.url),
      summary: info.summary,
      tags: info.tags,
      security: securityOf(r.access),
      parameters: parametersOf(r, info),
      ...(requestBody ? { requestBody } : {}),
      responses: responsesOf(r, info),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ponte API',
      version: '1',
      description:
        'API of Ponte. Staff calls authenticate with the session cookie (plus an X-CSRF-Token header on writes) or with Authorization: Bearer <personal token>. Errors are application/problem+json (RFC 9457).',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: baseUrl }],
    tags: [...tags].sort().map((name) => ({ name, description: `Operations on ${name}` })),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'ponte_sid', description: 'The signed-in session (writes also need X-CSRF-Token)' },
      },
      responses: {
        Problem: { description: 'Problem (RFC 9457)', content: PROBLEM_REF_CONTENT },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer', minimum: 400, maximum: 599 },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field', 'message'],
                properties: { field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
