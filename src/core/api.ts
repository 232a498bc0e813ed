import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { z } from 'zod';
import type { Access } from './access.js';
import { parse } from './validation.js';

export interface OpenApiInfo {
  summary: string;
  tags: string[];
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Whether the route honours an Idempotency-Key header. */
  idempotent?: boolean;
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
      },
    },
    handler: async (req, reply) => {
      const params = parse(spec.params ?? Empty, req.params, 'I parametri del percorso') as z.output<P>;
      const query = parse(spec.query ?? Empty, req.query, 'I parametri della richiesta') as z.output<Q>;
      const body = spec.body ? parse(spec.body, req.body ?? {}, 'I dati inviati') : (undefined as never);
      const result = await handler({ req, reply, body, query, params });
      if (reply.sent) return reply;
      return result;
    },
  });
}

interface RouteRecord {
  method: string;
  url: string;
  openapi?: OpenApiInfo;
}

function toJsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return {};
  }
}

/** Builds the OpenAPI 3.1 document from the routes that declared their schemas. */
export function buildOpenApi(routes: RouteRecord[], baseUrl: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (!r.openapi || !r.url.startsWith('/api/')) continue;
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const m of r.url.matchAll(/:([A-Za-z0-9_]+)/g)) {
      parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (r.openapi.query) {
      const js = toJsonSchema(r.openapi.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema });
      }
    }
    if (r.openapi.idempotent) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.openapi.responses)) {
      responses[status] = res.schema
        ? { description: res.description, content: { 'application/json': { schema: toJsonSchema(res.schema) } } }
        : { description: res.description };
    }
    responses['4XX'] = {
      description: 'Problem (RFC 9457)',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.openapi.summary,
      tags: r.openapi.tags,
      parameters,
      ...(r.openapi.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(r.openapi.body) } } } }
        : {}),
      responses,
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
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'ponte_sid' },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
    paths,
  };
}
