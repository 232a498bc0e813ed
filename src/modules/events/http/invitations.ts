import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { eventStaff, userOf } from '../http-kit.js';
import { sendInvitations } from '../invitations.js';

/** Sending a course's invitations (invitations.ts): a button on the event's form, and the API. */
export const invitationRoutes: RoutePlugin = async (app, deps) => {
  registerPage(app, deps);
  registerApi(app, deps);
};

function registerPage(app: FastifyInstance, deps: Deps): void {
  app.post<{ Params: { eventId: string } }>(
    '/admin/events/:eventId/inviti',
    { config: { access: eventStaff(deps) } },
    async (req, reply) => {
      const { eventId } = req.params;
      // A refusal (not a course by invitation, or over) is shown as an error page with its reason.
      await sendInvitations(deps, eventId, userOf(req));
      return reply.redirect(`/admin/events/${eventId}?esito=inviti`, 303);
    },
  );
}

function registerApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['events'] });

  api.post(
    '/api/v1/events/:eventId/invitations/send',
    {
      access: eventStaff(deps),
      summary:
        'E-mail the invitation of a course by invitation to every e-mail on its list that has not had it yet (each person once per course); phones are counted for staff to call. 409 when the event is not by invitation, not published or over.',
      params: z.object({ eventId: z.string() }),
      ok: {
        description: 'Queued',
        schema: z.object({ emails: z.number().int(), phones: z.number().int() }),
      },
    },
    async ({ params, req }) => sendInvitations(deps, params.eventId, userOf(req)),
  );
}
