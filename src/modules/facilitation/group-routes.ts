import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgAccess } from '../../core/access.js';
import type { Deps } from '../../core/deps.js';
import { Problem } from '../../core/problems.js';
import { ORG_FACILITATORS } from '../../core/roles.js';
import { errorsByField, type FormBody, formList as list, formText as str } from '../../web/forms.js';
import { pageContext, sendPage } from '../../web/layout.js';
import { organisationOfEvent } from '../events/service.js';
import { recordFormChoices } from './form-choices.js';
import { eventGroupContext, recordEventGroup, sessionDuration } from './group-from-event.js';
import { EventGroupPage } from './views-group.js';

/** The page that turns an event's attendance into group-training records. */
export function registerEventGroupRoutes(app: FastifyInstance, deps: Deps): void {
  const access = {
    config: {
      access: orgAccess('eventId', ORG_FACILITATORS, (req) => organisationOfEvent(deps.db, (req.params as { eventId?: string }).eventId)),
    },
  };
  const eventId = (req: FastifyRequest) => (req.params as { eventId: string }).eventId;

  async function page(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: FormBody; errors?: Record<string, string> },
    status = 200,
  ) {
    const context = await eventGroupContext(deps, eventId(req));
    const choices = await recordFormChoices(deps, req.principal!);
    const first = context.sessions.find((s) => s.started && !s.recorded && s.people.length > 0) ?? context.sessions[0];
    const values: FormBody = extra.values ?? {
      programme: context.event.programme?.id ?? (choices.programmes.length === 1 ? choices.programmes[0].id : ''),
      venue: context.event.venue?.id ?? '',
      duration: first ? sessionDuration(first) : '01:00',
      // Training in person, or online for webinars.
      kinds: [context.event.format === 'online' ? 'D' : 'C'],
    };
    const recorded = Number((req.query as { registrati?: string }).registrati);
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

  app.get('/admin/events/:eventId/formazione-di-gruppo', access, (req, reply) => page(req, reply, {}));

  app.post('/admin/events/:eventId/formazione-di-gruppo', access, async (req, reply) => {
    const body = (req.body ?? {}) as FormBody;
    try {
      const res = await recordEventGroup(deps, req.principal, eventId(req), {
        session: str(body, 'session'),
        programme: str(body, 'programme'),
        venue: str(body, 'venue'),
        duration: str(body, 'duration'),
        kinds: list(body, 'kinds'),
        competences: list(body, 'competences').map((c) => (/^\d+$/.test(c) ? Number(c) : c)),
        services: list(body, 'services'),
        details: str(body, 'details'),
      });
      return reply.redirect(`/admin/events/${eventId(req)}/formazione-di-gruppo?registrati=${res.ids.length}`, 303);
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err;
      const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
      // "attendees.3.ageBand" and the like are the attendance's, not a field of this form.
      for (const k of Object.keys(errors)) {
        if (k.startsWith('attendees')) {
          errors._ ??= errors[k];
          delete errors[k];
        }
      }
      return page(req, reply, { values: body, errors }, err.status);
    }
  });
}
