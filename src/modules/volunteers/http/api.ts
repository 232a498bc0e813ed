import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hasRole, PUBLIC, SIGNED_IN } from '../../../core/access.js';
import { apiRoute } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { refuse } from '../../../core/problems.js';
import { limitedApp } from '../../../core/public-writes.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { hoursCsv, hoursOfOrganisation } from '../hours.js';
import { PairOut, SignupBody, signUpPair } from '../pairs.js';
import {
  ApplicationCreate,
  ApplicationOut,
  ApplicationParam,
  AttendanceBody,
  DecisionOut,
  DeclineBody,
  ShiftCreate,
  ShiftOut,
  ShiftParam,
} from '../schemas.js';
import * as svc from '../service.js';
import { staffAccess } from './common.js';

/** The volunteers API: the public application, staff decisions and shifts, volunteers' sign-ups. */
export const volunteerApiRoutes: RoutePlugin = async (app, deps) => {
  registerApplications(app, deps);
  registerShifts(app, deps);
  registerSignups(app, deps);
  registerHours(app, deps);
};

function registerApplications(app: FastifyInstance, deps: Deps): void {
  const access = staffAccess(deps);
  apiRoute(
    limitedApp(app, deps),
    'POST',
    '/api/v1/volunteer-applications',
    {
      access: PUBLIC,
      publicWrite: true,
      summary:
        'Apply to volunteer (no account): a contact (email or phone), the comune, the age band (under 18: guardian name and consent), skills, availability, the code of conduct accepted. 422 names each field a rule refuses.',
      tags: ['volunteers'],
      body: ApplicationCreate,
      responses: { 201: { description: 'Received, pending', schema: ApplicationOut } },
    },
    async ({ req, reply }) => reply.code(201).send(await svc.apply(deps.db, req.body, req.lang)),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/volunteer-applications/:applicationId/approve',
    {
      access: access.application,
      summary: "Approve: makes the volunteer's account (e-mail needed) and e-mails its set-password link",
      tags: ['volunteers'],
      params: ApplicationParam,
      responses: { 200: { description: 'Approved', schema: DecisionOut } },
    },
    async ({ req, params }) => svc.approve(deps, req.principal!, params.applicationId),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/volunteer-applications/:applicationId/decline',
    {
      access: access.application,
      summary: 'Decline with an optional message, e-mailed to the applicant when they gave an address',
      tags: ['volunteers'],
      params: ApplicationParam,
      body: DeclineBody,
      responses: { 200: { description: 'Declined', schema: DecisionOut } },
    },
    async ({ req, params, body }) => svc.decline(deps, req.principal!, params.applicationId, body.message ?? null),
  );
}

function registerShifts(app: FastifyInstance, deps: Deps): void {
  const access = staffAccess(deps);
  apiRoute(
    app,
    'POST',
    '/api/v1/shifts',
    {
      access: SIGNED_IN,
      summary: 'Publish a shift (staff of the organisation): a desk, an event or neither, when, how many, which skills',
      tags: ['volunteers'],
      body: ShiftCreate,
      responses: { 201: { description: 'Created', schema: ShiftOut } },
    },
    async ({ req, reply, body }) => {
      // The owner is named in the body, not the path: the access rule cannot see it, so check here.
      if (!hasRole(req.principal, body.organisation, ORG_STAFF)) throw refuse(403, 'volunteers.error.staffOnly');
      return reply.code(201).send(await svc.createShift(deps.db, req.principal, req.body));
    },
  );

  apiRoute(
    app,
    'GET',
    '/api/v1/shifts/:shiftId/signups',
    {
      access: access.shift,
      summary: "A shift's sign-ups (staff): account ids and attendance",
      tags: ['volunteers'],
      params: ShiftParam,
      responses: {
        200: {
          description: 'OK',
          schema: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                userId: z.string(),
                volunteerId: z.string(),
                attended: z.boolean().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async ({ params }) => ({ items: await svc.signupsOfShift(deps.db, params.shiftId) }),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/shifts/:shiftId/attendance',
    {
      access: access.shift,
      summary: 'Mark a volunteer of the shift present or absent (staff)',
      tags: ['volunteers'],
      params: ShiftParam,
      body: AttendanceBody,
      responses: { 204: { description: 'Marked', empty: true } },
    },
    async ({ req, reply, params, body }) => {
      await svc.markAttendance(deps.db, req.principal, params.shiftId, body.signup, body.present);
      return reply.code(204).send();
    },
  );
}

function registerHours(app: FastifyInstance, deps: Deps): void {
  apiRoute(
    app,
    'GET',
    '/api/v1/organisations/:organisationId/volunteer-hours.csv',
    {
      access: staffAccess(deps).organisation,
      summary: 'Hours per volunteer (CSV): the shifts each was marked present at, and their total length',
      tags: ['volunteers'],
      params: z.object({ organisationId: z.string() }),
      responses: { 200: { description: 'CSV', mediaType: 'text/csv' } },
    },
    async ({ reply, params }) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="ore-volontari.csv"')
        .send(hoursCsv(await hoursOfOrganisation(deps.db, params.organisationId))),
  );
}

function registerSignups(app: FastifyInstance, deps: Deps): void {
  apiRoute(
    app,
    'GET',
    '/api/v1/me/shifts',
    {
      access: SIGNED_IN,
      summary: "The caller's shifts and the open shifts matching their skills and comune",
      tags: ['volunteers'],
      responses: { 200: { description: 'OK' } },
    },
    async ({ req }) => svc.myShifts(deps.db, req.principal!.userId),
  );

  apiRoute(
    app,
    'POST',
    '/api/v1/shifts/:shiftId/signups',
    {
      access: SIGNED_IN,
      summary:
        'Sign up for a shift (a volunteer of its organisation): 409 full or overlapping, 422 missing skill or past the deadline. With `trainee` (a volunteer id), an experienced volunteer signs up together with a trainee they accompany, both places or none (422 when two are not free or the trainee is not one); staff of the organisation add `volunteer` to sign up a pair of others',
      tags: ['volunteers'],
      params: ShiftParam,
      body: SignupBody,
      responses: { 201: { description: 'Signed up (with the trainee’s sign-up for a pair)', schema: PairOut } },
    },
    async ({ req, reply, params, body }) =>
      reply
        .code(201)
        .send(
          body.trainee || body.volunteer
            ? await signUpPair(deps.db, req.principal!, params.shiftId, body, req.lang)
            : await svc.signUp(deps.db, req.principal!, params.shiftId, req.lang),
        ),
  );

  apiRoute(
    app,
    'DELETE',
    '/api/v1/shifts/:shiftId/signups',
    {
      access: SIGNED_IN,
      summary: 'Withdraw from a shift, until its deadline (24 hours before the start)',
      tags: ['volunteers'],
      params: ShiftParam,
      responses: { 204: { description: 'Withdrawn', empty: true } },
    },
    async ({ req, reply, params }) => {
      await svc.withdraw(deps.db, req.principal!, params.shiftId);
      return reply.code(204).send();
    },
  );
}
