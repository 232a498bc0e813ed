import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { orgAccess } from '../../../core/access.js';
import { apiRoute } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { Problem } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import type { Errors } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { audienceSummary, listMessages, MESSAGE_AUDIENCES, MessageBody, sendMessage } from './messages.js';
import * as svc from '../service.js';
import { type MessageFormValues, MessagesPage } from './views-messages.js';

/**
 * Staff write to the people of an event (page and API). The rules live in messages.ts; this file
 * turns forms into calls and answers into pages.
 */

const EventParam = z.object({ eventId: z.string() });
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
  recipients: z.number().int(),
  createdAt: z.string(),
});

type FormBody = Record<string, string | string[] | undefined>;

function str(body: FormBody, key: string): string {
  const v = body[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).slice(0, 20_000);
}
function list(body: FormBody, key: string): string[] {
  const v = body[key];
  return (Array.isArray(v) ? v : v ? [v] : []).slice(0, 10).map((s) => s.slice(0, 40));
}

export async function registerMessageRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { db, config } = deps;
  const eventOwner = (req: FastifyRequest) => svc.organisationOfEvent(db, (req.params as { eventId?: string }).eventId);
  const access = orgAccess('eventId', ORG_STAFF, eventOwner);
  const userId = (req: FastifyRequest) => req.principal?.userId ?? null;

  apiRoute(
    app,
    'GET',
    '/api/v1/events/:eventId/messages',
    {
      access,
      summary:
        'The messages sent to the people of an event, the latest first, and how many people each group reaches now (with an e-mail) or cannot be written to (no e-mail: they may be phoned). Groups: booked (confirmed), checked-in, no-show (confirmed, not checked in, once the event started), waiting (waiting list and unanswered offers).',
      tags: ['messages'],
      params: EventParam,
      responses: {
        200: {
          description: 'OK',
          schema: z.object({ started: z.boolean(), audience: z.array(Audience), items: z.array(MessageOut) }),
        },
      },
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
  await app.register(async (scope) => {
    if (config.rateLimitMax > 0) {
      scope.addHook('onRequest', scope.rateLimit({ max: Math.min(config.rateLimitMax, 30), timeWindow: '1 minute' }));
    }

    apiRoute(
      scope,
      'POST',
      '/api/v1/events/:eventId/messages',
      {
        access,
        summary: `Write an e-mail to the people of an event chosen by group (booked, checked-in, no-show, waiting). Plain text: subject up to 150 characters on one line, body up to 5000. Each person gets one e-mail (rendered when sent, with the event's details, their manage link and why they receive it). A message that reaches nobody, an unknown group or an empty subject or body: 422, nothing written. At most 10 messages per event in 24 hours (429).`,
        tags: ['messages'],
        params: EventParam,
        body: MessageBody,
        responses: { 201: { description: 'Queued', schema: z.object({ id: z.string(), recipients: z.number().int() }) } },
      },
      async ({ params, body, req, reply }) => reply.code(201).send(await sendMessage(deps, params.eventId, userId(req), body)),
    );

    async function page(
      req: FastifyRequest,
      reply: FastifyReply,
      extra: { values?: MessageFormValues; errors?: Errors; sent?: number } = {},
      status = 200,
    ) {
      const eventId = (req.params as { eventId: string }).eventId;
      const event = await svc.getEvent(db, eventId, { includeDrafts: true });
      const org = event.organisation;
      const [summary, { items }] = await Promise.all([audienceSummary(db, eventId), listMessages(db, eventId)]);
      return sendPage(
        reply,
        MessagesPage({
          ctx: pageContext(req, reply, org.name),
          organisation: { id: org.id, name: org.name },
          event,
          summary,
          messages: items,
          ...extra,
        }),
        status,
      );
    }

    scope.get('/admin/events/:eventId/messaggi', { config: { access } }, async (req, reply) => {
      const q = req.query as { esito?: unknown; n?: unknown };
      const n = typeof q.n === 'string' && /^\d{1,6}$/.test(q.n) ? Number(q.n) : undefined;
      return page(req, reply, { sent: q.esito === 'inviato' ? n : undefined });
    });

    scope.post('/admin/events/:eventId/messaggi', { config: { access } }, async (req, reply) => {
      const eventId = (req.params as { eventId: string }).eventId;
      const body = (req.body ?? {}) as FormBody;
      const values = { statuses: list(body, 'statuses'), subject: str(body, 'subject'), body: str(body, 'body') };
      try {
        const { recipients } = await sendMessage(deps, eventId, userId(req), values);
        return reply.redirect(`/admin/events/${eventId}/messaggi?esito=inviato&n=${recipients}`, 303);
      } catch (err) {
        if (!(err instanceof Problem) || err.status >= 500 || err.status === 404) throw err;
        const errors: Errors = {};
        for (const e of err.errors ?? []) errors[e.field] ??= e.message;
        if (!err.errors?.length) errors._ = err.detail ?? err.title;
        else if (err.errors.every((e) => e.field === 'statuses') && err.detail) errors._ = err.detail;
        return page(req, reply, { values, errors }, err.status);
      }
    });
  });
}
