import { z } from 'zod';
import { PUBLIC, SIGNED_IN } from '../../../core/access.js';
import { type ApiRouter, apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
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
  MyShiftsOut,
  ShiftCreate,
  ShiftOut,
  ShiftParam,
} from '../schemas.js';
import * as svc from '../service.js';
import { staffAccess } from './common.js';

/** The volunteers API: the public application, staff decisions and shifts, volunteers' sign-ups. */
export const volunteerApiRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['volunteers'] });
  registerApplications(api, api.on(limitedApp(app, deps)), deps);
  registerShifts(api, deps);
  registerSignups(api, deps);
  registerHours(api, deps);
};

function registerApplications(api: ApiRouter, limited: ApiRouter, deps: Deps): void {
  const access = staffAccess(deps);
  limited.post(
    '/api/v1/volunteer-applications',
    {
      access: PUBLIC,
      publicWrite: true,
      summary:
        'Apply to volunteer (no account): a contact (email or phone), the comune, the age band (under 18: guardian name and consent), skills, availability, the code of conduct accepted. 422 names each field a rule refuses.',
      body: ApplicationCreate,
      created: { description: 'Received, pending', schema: ApplicationOut },
    },
    async ({ req }) => svc.apply(deps.db, req.body, req.lang),
  );

  const applicationRoutes = api.under('/api/v1/volunteer-applications/:applicationId', {
    access: access.application,
    params: ApplicationParam,
  });
  applicationRoutes.post(
    '/approve',
    {
      summary: "Approve: makes the volunteer's account (e-mail needed) and e-mails its set-password link",
      ok: { description: 'Approved', schema: DecisionOut },
    },
    async ({ req, params }) => svc.approve(deps, req.principal!, params.applicationId),
  );

  applicationRoutes.post(
    '/decline',
    {
      summary: 'Decline with an optional message, e-mailed to the applicant when they gave an address',
      body: DeclineBody,
      ok: { description: 'Declined', schema: DecisionOut },
    },
    async ({ req, params, body }) => svc.decline(deps, req.principal!, params.applicationId, body.message ?? null),
  );
}

function registerShifts(api: ApiRouter, deps: Deps): void {
  const access = staffAccess(deps);
  api.post(
    '/api/v1/shifts',
    {
      access: SIGNED_IN,
      summary: 'Publish a shift (staff of the organisation): a desk, an event or neither, when, how many, which skills',
      body: ShiftCreate,
      created: ShiftOut,
      ownerInBody: { roles: ORG_STAFF, refusal: 'volunteers.error.staffOnly' },
    },
    async ({ req }) => svc.createShift(deps.db, req.principal, req.body),
  );

  const shiftRoutes = api.under('/api/v1/shifts/:shiftId', { access: access.shift, params: ShiftParam });
  shiftRoutes.get(
    '/signups',
    {
      summary: "A shift's sign-ups (staff): account ids and attendance",
      ok: z.object({
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
    async ({ params }) => ({ items: await svc.signupsOfShift(deps.db, params.shiftId) }),
  );

  shiftRoutes.post(
    '/attendance',
    { summary: 'Mark a volunteer of the shift present or absent (staff)', body: AttendanceBody, noContent: 'Marked' },
    async ({ req, params, body }) => svc.markAttendance(deps.db, req.principal, params.shiftId, body.signup, body.present),
  );
}

function registerHours(api: ApiRouter, deps: Deps): void {
  api.get(
    '/api/v1/organisations/:organisationId/volunteer-hours.csv',
    {
      access: staffAccess(deps).organisation,
      summary: 'Hours per volunteer (CSV): the shifts each was marked present at, and their total length',
      params: z.object({ organisationId: z.string() }),
      ok: { description: 'CSV', mediaType: 'text/csv' },
    },
    async ({ reply, params }) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="ore-volontari.csv"')
        .send(hoursCsv(await hoursOfOrganisation(deps.db, params.organisationId))),
  );
}

function registerSignups(api: ApiRouter, deps: Deps): void {
  api.get(
    '/api/v1/me/shifts',
    {
      access: SIGNED_IN,
      summary: "The caller's shifts and the open shifts matching their skills and comune",
      ok: MyShiftsOut,
    },
    async ({ req }) => svc.myShifts(deps.db, req.principal!.userId),
  );

  const shiftRoutes = api.under('/api/v1/shifts/:shiftId', { access: SIGNED_IN, params: ShiftParam });
  shiftRoutes.post(
    '/signups',
    {
      summary:
        'Sign up for a shift (a volunteer of its organisation): 409 full or overlapping, 422 missing skill or past the deadline. With `trainee` (a volunteer id), an experienced volunteer signs up together with a trainee they accompany, both places or none (422 when two are not free or the trainee is not one); staff of the organisation add `volunteer` to sign up a pair of others',
      body: SignupBody,
      created: { description: 'Signed up (with the trainee’s sign-up for a pair)', schema: PairOut },
    },
    async ({ req, params, body }) =>
      body.trainee || body.volunteer
        ? signUpPair(deps.db, req.principal!, params.shiftId, body, req.lang)
        : svc.signUp(deps.db, req.principal!, params.shiftId, req.lang),
  );

  shiftRoutes.delete(
    '/signups',
    { summary: 'Withdraw from a shift, until its deadline (24 hours before the start)', noContent: 'Withdrawn' },
    async ({ req, params }) => svc.withdraw(deps.db, req.principal!, params.shiftId),
  );
}
