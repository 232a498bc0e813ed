import { z } from 'zod';
import { apiRouter } from '../../../../core/api.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { eventStaffRoutes, limitedRoutes, userOf } from '../../http-kit.js';
import { audienceSummary, listMessages, MESSAGE_AUDIENCES, MessageBody, sendMessage } from '../service.js';
import { messageRateLimit } from './limit.js';

/** Staff's messages to the people of an event, through the API. */

const Audience = z.object({
  status: z.enum(MESSAGE_AUDIENCES),
  reachable: z.number().int(),
  withoutEmail: z.number().int(),
});
const MessageOut = z.object({
  id: z.string(),
  statuses: z.array(z.enum(MESSAGE_AUDIENCES)),
  subject: z.string(),
  body: z.string(),
  /** The text sent by SMS to people with only a mobile number; null when none was written. */
  sms: z.string().nullable(),
  recipients: z.number().int(),
  createdAt: z.string(),
});

export const messageApiRoutes: RoutePlugin = async (app, deps) => {
  const api = apiRouter(app, { tags: ['messages'] });
  const { db } = deps;
  eventStaffRoutes(api, deps).get(
    '/messages',
    {
      summary:
        'The messages sent to the people of an event, the latest first, and how many people each group reaches now (with an e-mail) or cannot be written to (no e-mail: they may be phoned). Groups: booked (confirmed), checked-in, no-show (confirmed, not checked in, once the event started), waiting (waiting list and unanswered offers).',
      ok: z.object({ started: z.boolean(), audience: z.array(Audience), items: z.array(MessageOut) }),
    },
    async ({ params }) => {
      const [summary, { items }] = await Promise.all([audienceSummary(db, params.eventId), listMessages(db, params.eventId)]);
      return {
        started: summary.started,
        audience: summary.counts.map((c) => ({ status: c.audience, reachable: c.reachable, withoutEmail: c.withoutEmail })),
        items,
      };
    },
  );
  // Each message writes to many mailboxes: the route counts against the rate limit too.
  await limitedRoutes(app, deps, messageRateLimit, (scope) =>
    eventStaffRoutes(api.on(scope), deps).post(
      '/messages',
      {
        summary: `Write an e-mail to the people of an event chosen by group (booked, checked-in, no-show, waiting). Plain text: subject up to 150 characters on one line, body up to 5000. Each person gets one e-mail (rendered when sent, with the event's details, their manage link and why they receive it). A message that reaches nobody, an unknown group or an empty subject or body: 422, nothing written. At most 10 messages per event in 24 hours (429).`,
        body: MessageBody,
        created: { description: 'Queued', schema: z.object({ id: z.string(), recipients: z.number().int() }) },
      },
      async ({ params, body, req }) => sendMessage(deps, params.eventId, userOf(req), body),
    ),
  );
};
