import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgAccess } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { ORG_FACILITATORS } from '../../../core/roles.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formList as list, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { organisationOfEvent } from '../../events/service.js';
import { recordFormChoices } from '../form-choices.js';
import { eventGroupContext, recordEventGroup, sessionDuration } from '../group-from-event.js';
import { EventGroupPage } from '../views-group.js';
import { competencesFromForm } from './record-form.js';

type EventParams = { Params: { eventId: string }; Querystring: { registrati?: string } };

async function eventGroupPage(
  deps: Deps,
  req: FastifyRequest<EventParams>,
  reply: FastifyReply,
  extra: { values?: FormBody; errors?: Errors },
  status = 200,
) {
  const context = await eventGroupContext(deps, req.params.eventId);
  const choices = await recordFormChoices(deps, req.principal!);
  const first = context.sessions.find((s) => s.started && !s.recorded && s.people.length > 0) ?? context.sessions[0];
  const values: FormBody = extra.values ?? {
    programme: context.event.programme?.id ?? (choices.programmes.length === 1 ? choices.programmes[0].id : ''),
    venue: context.event.venue?.id ?? '',
    duration: first ? sessionDuration(first) : '01:00',
    // Training in person, or online for webinars.
    kinds: [context.event.format === 'online' ? 'D' : 'C'],
  };
  const recorded = Number(req.query.registrati);
  return sendPage(
    reply,
    EventGroupPage({
      ctx: pageContext(req, reply),
      context,
      choices,
      values,
      errors: extra.errors ?? {},
      recorded: Number.isInteger(recorded) && recorded > 0 && !extra.errors ? recorded : null,
    }),
    status,
  );
}

/** "attendees.3.ageBand" and the like are the attendance's, not a field of this form: shown as the form's problem. */
function formErrors(errors: Errors): Errors {
  const out = { ...errors };
  for (const k of Object.keys(out)) {
    if (k.startsWith('attendees')) {
      out._ ??= out[k];
      delete out[k];
    }
  }
  return out;
}

/** The page that turns an event's attendance into group-training records. */
export function registerEventGroupPages(app: FastifyInstance, deps: Deps): void {
  const eventOwner = (req: FastifyRequest) => organisationOfEvent(deps.db, (req.params as { eventId?: string }).eventId);
  const access = { config: { access: orgAccess('eventId', ORG_FACILITATORS, eventOwner) } };

  app.get<EventParams>('/admin/events/:eventId/formazione-di-gruppo', access, (req, reply) => eventGroupPage(deps, req, reply, {}));

  app.post<EventParams & { Body: FormBody | undefined }>('/admin/events/:eventId/formazione-di-gruppo', access, async (req, reply) => {
    const body = req.body ?? {};
    const eventId = req.params.eventId;
    return formAction(
      async () => {
        const res = await recordEventGroup(deps, req.principal, eventId, {
          session: str(body, 'session'),
          programme: str(body, 'programme'),
          venue: str(body, 'venue'),
          duration: str(body, 'duration'),
          kinds: list(body, 'kinds'),
          competences: competencesFromForm(body),
          services: list(body, 'services'),
          details: str(body, 'details'),
        });
        return reply.redirect(`/admin/events/${eventId}/formazione-di-gruppo?registrati=${res.ids.length}`, 303);
      },
      (errors, status) => eventGroupPage(deps, req, reply, { values: body, errors: formErrors(errors) }, status),
    );
  });
}
