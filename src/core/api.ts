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
