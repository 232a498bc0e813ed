import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccessTo, paramOf } from '../../core/access.js';
import type { ApiRouter } from '../../core/api.js';
import type { Deps } from '../../core/deps.js';
import { ORG_STAFF } from '../../core/roles.js';
import * as programmes from '../programmes/service.js';
import { EventOut } from './schemas.js';
import { organisationOfEvent } from './service.js';

/**
 * What the routes after a booking share (the door, the messages, the survey): who may use them,
 * who is asking, and the rate limits that several route files count together.
 */

/** A path parameter, for the access checks that run before the route's own typed handler. */
export { paramOf };

/** The organiser's staff of the event named by `:eventId`. */
export const eventStaff = (deps: Deps) => orgAccessTo(deps.db, 'eventId', ORG_STAFF, organisationOfEvent);

/** The owner's staff of the programme named by `:programmeId`. */
export const programmeStaff = (deps: Deps) => orgAccessTo(deps.db, 'programmeId', ORG_STAFF, programmes.organisationOfProgramme);

/** The path parameter that names an event. */
export const EventParam = z.object({ eventId: z.string() });

/**
 * The API routes of one event for its organiser's staff: `eventStaffRoutes(api, deps).post('/checkins', …)`;
 * a success named by a word answers the event.
 */
export const eventStaffRoutes = (api: ApiRouter, deps: Deps) =>
  api.under('/api/v1/events/:eventId', { access: eventStaff(deps), params: EventParam, out: EventOut });

export type EventStaffRoutes = ReturnType<typeof eventStaffRoutes>;

/** The signed-in user, if any, for the records' `created_by`. */
export const userOf = (req: FastifyRequest): string | null => req.principal?.userId ?? null;

type Limiter = ReturnType<FastifyInstance['rateLimit']>;
const limiters = new WeakMap<Deps, Map<string, Limiter>>();

/**
 * One per-minute limit counted across every route that asks for it by the same name (a page and
 * the API doing the same thing), although they are registered by different route plugins.
 */
export function sharedRateLimit(app: FastifyInstance, deps: Deps, name: string, max: number): Limiter {
  let byName = limiters.get(deps);
  if (!byName) {
    byName = new Map();
    limiters.set(deps, byName);
  }
  let limiter = byName.get(name);
  if (!limiter) {
    limiter = app.rateLimit({ max, timeWindow: '1 minute' });
    byName.set(name, limiter);
  }
  return limiter;
}

/**
 * Declares the routes `register` adds in a scope of their own, counted by `limit` (one of the
 * shared rate limits): the plugin's other routes are not counted.
 */
export async function limitedRoutes(
  app: FastifyInstance,
  deps: Deps,
  limit: (scope: FastifyInstance, deps: Deps) => void,
  register: (scope: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (scope) => {
    limit(scope, deps);
    register(scope);
  });
}
