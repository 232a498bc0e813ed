import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess } from '../../../core/access.js';
import { apiRouter } from '../../../core/api.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getEvent, organisationEvents } from '../../events/service.js';
import { owners } from '../http/common.js';
import * as repo from '../repo.js';
import { FollowBody, FollowOut, followEvent, followView, unfollowEvent } from './service.js';
import { FollowPage } from './views.js';

type DeskRoute = { Params: { deskId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };
const DeskParam = z.object({ deskId: z.string() });

/** A desk that follows an event: the staff page and the API. */
export const deskFollowRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['desks'] });

  const { db } = deps;
  const access = orgAccess('deskId', ORG_STAFF, owners(deps).desk);

  api.get(
    '/api/v1/desks/:deskId/follow',
    {
      access,
      summary: 'The event a desk follows, its operators and the openings taken from the sessions',
      params: DeskParam,
      ok: FollowOut,
    },
    async ({ params }) => followView(db, params.deskId),
  );

  api.put(
    '/api/v1/desks/:deskId/follow',
    {
      access,
      summary:
        'Make the desk follow an event of its organisation (or one it is a partner of): it opens during each session with `operators` (a number, or `staff`: the volunteers on the event’s shifts at that session), and its openings follow the sessions when they change',
      params: DeskParam,
      body: FollowBody,
      ok: { description: 'Following', schema: FollowOut },
    },
    async ({ req, params }) => followEvent(db, req.principal, params.deskId, req.body),
  );

  api.delete(
    '/api/v1/desks/:deskId/follow',
    {
      access,
      summary: 'The desk stops following its event; the openings taken from the sessions go',
      params: DeskParam,
      responses: { 204: { description: 'Stopped', empty: true } },
    },
    async ({ req, params }) => {
      await unfollowEvent(db, req.principal, params.deskId);
    },
  );

  const page = async (req: FastifyRequest, reply: FastifyReply, deskId: string, more: object, status = 200) => {
    const desk = await repo.deskRow(db.k, deskId);
    const follow = await followView(db, deskId);
    const events = (await organisationEvents(db, desk!.organisation_id)).upcoming.filter((e) => e.status !== 'cancelled');
    const followed = follow.event ? await getEvent(db, follow.event, { includeDrafts: true }).catch(() => null) : null;
    return sendPage(
      reply,
      FollowPage({
        ctx: pageContext(req, reply),
        desk: { id: deskId, name: desk!.name },
        follow,
        followedTitle: followed?.title ?? null,
        events,
        ...more,
      }),
      status,
    );
  };

  app.get<DeskRoute>('/admin/desks/:deskId/segui', { config: { access } }, async (req, reply) =>
    page(req, reply, req.params.deskId, { done: req.query.fatto === '1' }),
  );

  app.post<DeskRoute>('/admin/desks/:deskId/segui', { config: { access } }, async (req, reply) => {
    const deskId = req.params.deskId;
    const form = req.body ?? {};
    return formAction(
      async () => {
        if (formText(form, 'action') === 'stop') await unfollowEvent(db, req.principal, deskId);
        else {
          const operators = formText(form, 'operators');
          await followEvent(db, req.principal, deskId, {
            event: formText(form, 'event'),
            operators: formText(form, 'staff') === '1' ? 'staff' : /^\d{1,2}$/.test(operators) ? Number(operators) : 0,
          });
        }
        return reply.redirect(`/admin/desks/${deskId}/segui?fatto=1`, 303);
      },
      async (errors, status) => page(req, reply, deskId, { values: form, errors }, status === 400 ? 422 : status),
      req.lang,
    );
  });
};
