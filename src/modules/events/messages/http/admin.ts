import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../../core/deps.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { formAction } from '../../../../web/form-action.js';
import type { Errors, FormBody } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { eventStaff, userOf } from '../../http-kit.js';
import * as svc from '../../service.js';
import { audienceSummary, listMessages, sendMessage } from '../service.js';
import { type MessageFormValues, MessagesPage } from '../views.js';
import { messageRateLimit } from './limit.js';

/**
 * The messages page of an event, for the organiser's staff: the groups with their counts, the form
 * and the messages sent. The rules live in service.ts; this file turns forms into calls and
 * answers into pages.
 */

type EventPage = { Params: { eventId: string }; Querystring: { esito?: unknown; n?: unknown } };
type EventForm = { Params: { eventId: string }; Body: FormBody | undefined };

/** A posted field as typed (the first when repeated), cut at a length the service refuses anyway. */
function str(body: FormBody, key: string): string {
  const v = body[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).slice(0, 20_000);
}
function list(body: FormBody, key: string): string[] {
  const v = body[key];
  return (Array.isArray(v) ? v : v ? [v] : []).slice(0, 10).map((s) => s.slice(0, 40));
}

async function page(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  eventId: string,
  extra: { values?: MessageFormValues; errors?: Errors; sent?: number } = {},
  status = 200,
) {
  const { db } = deps;
  const event = await svc.getEvent(db, eventId, { includeDrafts: true });
  const org = event.organisation;
  const [summary, { items }] = await Promise.all([audienceSummary(db, eventId), listMessages(db, eventId)]);
  const ctx = pageContext(req, reply, org.name);
  return sendPage(
    reply,
    MessagesPage({ ctx, organisation: { id: org.id, name: org.name }, event, summary, messages: items, ...extra }),
    status,
  );
}

export const messageAdminRoutes: RoutePlugin = async (app, deps) => {
  // Each message writes to many mailboxes: the page counts against the same limit as the API.
  messageRateLimit(app, deps);
  const staff = { config: { access: eventStaff(deps) } };

  app.get<EventPage>('/admin/events/:eventId/messaggi', staff, async (req, reply) => {
    const q = req.query;
    const n = typeof q.n === 'string' && /^\d{1,6}$/.test(q.n) ? Number(q.n) : undefined;
    return page(deps, req, reply, req.params.eventId, { sent: q.esito === 'inviato' ? n : undefined });
  });

  app.post<EventForm>('/admin/events/:eventId/messaggi', staff, async (req, reply) => {
    const { eventId } = req.params;
    const body = req.body ?? {};
    const values = { statuses: list(body, 'statuses'), subject: str(body, 'subject'), body: str(body, 'body'), sms: str(body, 'sms') };
    return formAction(
      async () => {
        const { recipients } = await sendMessage(deps, eventId, userOf(req), values);
        return reply.redirect(`/admin/events/${eventId}/messaggi?esito=inviato&n=${recipients}`, 303);
      },
      (errors, status, problem) => {
        if (status === 404) throw problem;
        // A message that reaches nobody is explained on top, beside the groups' own error.
        const onlyGroups = !!problem.errors?.length && problem.errors.every((e) => e.field === 'statuses');
        const shown = onlyGroups && problem.detail ? { ...errors, _: problem.detail } : errors;
        return page(deps, req, reply, eventId, { values, errors: shown }, status);
      },
      req.lang,
    );
  });
};
