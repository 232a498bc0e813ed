import type { FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../../../core/access.js';
import { newToken } from '../../../../core/ids.js';
import { tokenHash } from '../../../../core/keys.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { publicWriteConfig } from '../../../../core/public-writes.js';
import { formAction } from '../../../../web/form-action.js';
import { type FormBody, formText } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { proposalPage } from '../process-link.js';
import { addMeetingsSection } from '../section.js';
import * as svc from '../service.js';
import { MeetingsPage, PollPage } from '../views.js';
import { publicProcessPage } from './public-process-page.js';

/** The device's random token: one answer per poll and device, nothing about the person. */
const DEVICE_COOKIE = 'ponte_poll_device';

type PollRoute = { Params: { code: string }; Querystring: { aggiorna?: string; grazie?: string }; Body: FormBody | undefined };

function deviceHash(req: FastifyRequest): string | null {
  const token = req.cookies[DEVICE_COOKIE];
  return token && token.length >= 20 && token.length <= 100 ? tokenHash(token) : null;
}

function ensureDevice(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = deviceHash(req);
  if (existing) return existing;
  const token = newToken(24);
  reply.setCookie(DEVICE_COOKIE, token, { path: '/v', httpOnly: true, sameSite: 'lax', secure, maxAge: 30 * 24 * 3600 });
  return tokenHash(token);
}

/** The public pages of meetings (agenda and minutes) and the live poll at its short address (/v/<code>). */
export const meetingPublicRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  addMeetingsSection();

  app.get<{ Params: { processId: string } }>(
    '/partecipa/processi/:processId/incontri',
    { config: { access: PUBLIC } },
    publicProcessPage(db, MeetingsPage, async (processId) => ({
      meetings: await svc.meetingsOfProcess(db, processId, { publicOnly: true }),
      proposalPage,
    })),
  );

  const pollPage = async (
    req: FastifyRequest<PollRoute>,
    reply: FastifyReply,
    extra: { errors?: Record<string, string> } = {},
    status = 200,
  ) => {
    const poll = await svc.pollByCode(db, req.params.code);
    const device = deviceHash(req);
    const answered = device ? await svc.hasAnswered(db, poll.id, device) : false;
    return sendPage(
      reply,
      PollPage({
        ctx: pageContext(req, reply),
        poll,
        answered,
        auto: req.query.aggiorna === '1',
        thanks: req.query.grazie === '1' && answered,
        ...extra,
      }),
      status,
    );
  };

  app.get<PollRoute>('/v/:code', { config: { access: PUBLIC } }, async (req, reply) => pollPage(req, reply));

  app.post<PollRoute>('/v/:code', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const poll = await svc.pollByCode(db, req.params.code);
    const device = ensureDevice(req, reply, deps.config.secureCookies);
    return formAction(
      async () => {
        await svc.answerPoll(db, poll.code, device, formText(req.body ?? {}, 'option'));
        return reply.redirect(`${poll.url}?grazie=1`, 303);
      },
      async (errors, status) => {
        // Answered already or closed: the results, with the reason above them.
        if (status === 409) return pollPage(req, reply, { errors: { _: errors._ ?? '' } }, 409);
        return pollPage(req, reply, { errors }, status);
      },
      req.lang,
    );
  });
};
