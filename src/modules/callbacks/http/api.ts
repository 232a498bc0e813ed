import { z } from 'zod';
import { orgAccessTo } from '../../../core/access.js';
import { apiRouter } from '../../../core/api.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { organisationAccess } from '../../organisations/service.js';
import * as svc from '../service.js';

const OrgParam = z.object({ organisationId: z.string() });
const CallbackParam = z.object({ callbackId: z.string() });

const CallbackOut = z.object({
  id: z.string(),
  kind: z.enum(['registration', 'appointment']).describe("An event's registration or a desk's appointment"),
  subjectId: z.string().describe("The registration's or the appointment's id"),
  scopeId: z.string().describe('The event or the desk'),
  reason: z.enum(svc.CALLBACK_REASONS as [svc.CallbackReason, ...svc.CallbackReason[]]),
  createdAt: z.string().describe('ISO 8601 instant'),
});

/**
 * The list of people to call for the organisation's own systems: references only (the booking's
 * kind and id, the event or desk, the reason); names and numbers are read from the bookings' own
 * routes, which audit who looked.
 */
export const callbackApiRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const api = apiRouter(app, { tags: ['registrations'] });

  api.get(
    '/api/v1/organisations/:organisationId/phone-callbacks',
    {
      access: organisationAccess(db, ORG_STAFF),
      summary:
        'People to call by phone (booked with a phone and no e-mail, and promoted, moved or cancelled), oldest first, until ticked off.',
      params: OrgParam,
      ok: z.object({ items: z.array(CallbackOut) }),
    },
    async ({ params }) => ({ items: await svc.openCallbacks(db, params.organisationId) }),
  );

  api.post(
    '/api/v1/phone-callbacks/:callbackId/done',
    {
      access: orgAccessTo(db, 'callbackId', ORG_STAFF, svc.organisationOfCallback),
      summary: 'Tick off a person called: who and when are recorded and audited; a second tick is refused (409).',
      params: CallbackParam,
      ok: CallbackOut,
    },
    async ({ req, params }) => svc.tickCallback(db, req.principal, params.callbackId),
  );
};
