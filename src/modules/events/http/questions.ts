import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { formAction, onFormFields } from '../../../web/form-action.js';
import { type Errors, type FormBody, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { BookingFormBody, MAX_QUESTIONS, QUESTION_KINDS, setBookingForm } from '../booking/answers.js';
import { bookingFormOf } from '../booking/questions-repo.js';
import { eventStaff, userOf } from '../http-kit.js';
import * as svc from '../service.js';
import { NEW_ROWS, QuestionsPage, questionValues } from '../views/questions.js';
import type { FormValues } from '../views/staff.js';

/**
 * The questions an event asks at booking, for the organiser's staff: a page of their own
 * (/admin/events/:eventId/domande) and the API's sub-resource (/api/v1/events/:eventId/questions).
 * The rules live in booking/answers.ts.
 */

type EventPage = { Params: { eventId: string }; Querystring: { esito?: unknown } };
type EventForm = { Params: { eventId: string }; Body: FormBody | undefined };

export const questionRoutes: RoutePlugin = async (app, deps) => {
  registerQuestionPages(app, deps);
  registerQuestionApi(app, deps);
};

/** The rows of the posted form as the service's questions, and which form row each one came from. */
export function questionsInput(body: FormBody): { input: Record<string, unknown>; rows: number[]; shown: number } {
  const found: { i: number; position: number; question: Record<string, unknown> }[] = [];
  let shown = 0;
  for (let i = 0; i < MAX_QUESTIONS + NEW_ROWS; i++) {
    const k = (f: string) => `q${i}.${f}`;
    if (!(k('label') in body) && !(k('id') in body)) continue;
    const id = str(body, k('id'));
    if (id) shown = i + 1;
    const label = str(body, k('label'));
    if (str(body, k('remove')) === '1' || (!id && !label)) continue;
    const kind = str(body, k('kind'));
    const options = str(body, k('options'))
      .split(/\r?\n/)
      .map((o) => o.trim())
      .filter(Boolean);
    const position = Number(str(body, k('position')));
    found.push({
      i,
      position: Number.isFinite(position) && position > 0 ? position : i + 1,
      question: {
        ...(id ? { id } : {}),
        kind,
        label,
        ...(kind === 'choice' ? { options } : {}),
        required: str(body, k('required')) === '1',
      },
    });
  }
  found.sort((a, b) => a.position - b.position || a.i - b.i);
  return {
    input: { forMinors: str(body, 'forMinors') === '1', questions: found.map((f) => f.question) },
    rows: found.map((f) => f.i),
    shown,
  };
}

function registerQuestionPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const staff = { config: { access: eventStaff(deps) } };

  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    eventId: string,
    extra: { values?: FormValues; rows?: number; errors?: Errors; saved?: boolean },
    status = 200,
  ) => {
    const event = await svc.getEvent(db, eventId, { includeDrafts: true });
    const form = await bookingFormOf(db, eventId);
    const ctx = pageContext(req, reply, event.organisation.name);
    return sendPage(
      reply,
      QuestionsPage({
        ctx,
        organisation: event.organisation,
        event,
        rows: extra.rows ?? form.questions.length,
        values: extra.values ?? questionValues(form),
        errors: extra.errors,
        saved: extra.saved,
      }),
      status,
    );
  };

  app.get<EventPage>('/admin/events/:eventId/domande', staff, async (req, reply) =>
    page(req, reply, req.params.eventId, { saved: req.query.esito === 'salvate' }),
  );

  app.post<EventForm>('/admin/events/:eventId/domande', staff, async (req, reply) => {
    const { eventId } = req.params;
    const body = req.body ?? {};
    const { input, rows, shown } = questionsInput(body);
    return formAction(
      async () => {
        await onFormFields(
          (field) => field.replace(/^questions\.(\d+)\./, (_, n: string) => `q${rows[Number(n)] ?? 0}.`),
          () => setBookingForm(db, eventId, input, { userId: userOf(req), organisationId: req.targetOrganisationId ?? null }),
        );
        return reply.redirect(`/admin/events/${eventId}/domande?esito=salvate`, 303);
      },
      (errors, status, problem) => {
        if (status === 404) throw problem;
        return page(req, reply, eventId, { values: body as FormValues, rows: shown, errors }, status);
      },
      req.lang,
    );
  });
}

const EventParam = z.object({ eventId: z.string() });
const QuestionOut = z.object({
  id: z.string(),
  position: z.number().int(),
  kind: z.enum(QUESTION_KINDS),
  label: z.string(),
  options: z.array(z.string()),
  required: z.boolean(),
});
const BookingFormOut = z.object({ forMinors: z.boolean(), questions: z.array(QuestionOut) });

function registerQuestionApi(app: FastifyInstance, deps: Deps): void {
  const api = apiRouter(app, { tags: ['events'] });

  const { db } = deps;
  const eventRoutes = api.under('/api/v1/events/:eventId', { access: eventStaff(deps), params: EventParam });
  eventRoutes.get(
    '/questions',
    {
      summary: "The event's booking form: whether it is an activity for minors, and the extra questions it asks, in order.",
      ok: BookingFormOut,
    },
    async ({ params }) => {
      await svc.getEvent(db, params.eventId, { includeDrafts: true });
      return bookingFormOf(db, params.eventId);
    },
  );
  eventRoutes.put(
    '/questions',
    {
      summary:
        "Replace the event's booking form. `questions` in the order asked: `kind` text, choice (with 2 to 12 `options`) or yes-no, `required`; a question sent with its `id` keeps its answers, one left out is removed with its answers. `forMinors`: each booking names the child (first name, age 0-17) and the guardian, who declares to be the parent or to act as one. Bookings then send `answers` {questionId: value}, `child` {name, age} and `guardian` {name, consent}.",
      body: BookingFormBody,
      ok: { description: 'Saved', schema: BookingFormOut },
    },
    async ({ params, req }) =>
      setBookingForm(db, params.eventId, req.body, { userId: userOf(req), organisationId: req.targetOrganisationId ?? null }),
  );
}
