import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { orgAccess } from '../../../core/access.js';
import { auditLog } from '../../../core/audit.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { type FieldError, fieldError, refuse } from '../../../core/problems.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { ZONE } from '../../../core/time.js';
import { formAction, onFormFields } from '../../../web/form-action.js';
import { type Errors, type FormBody, formList as list, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { openCallbacks } from '../../callbacks/service.js';
import * as organisations from '../../organisations/service.js';
import * as programmes from '../../programmes/service.js';
import { bookingFormOf } from '../booking/questions-repo.js';
import { organisationEvents, seriesEvents } from '../catalogue/catalogue.js';
import { romeInstant } from '../catalogue/format.js';
import { eventStaff } from '../http-kit.js';
import * as svc from '../service.js';
import { RegistrationsPage } from '../views/registrations.js';
import { type EventFormChoices, EventFormPage, type FormValues, SeriesFormPage, StaffEventsPage } from '../views/staff.js';
import { invitationText } from '../visibility.js';
import { bookingInput, eventFieldMapper, eventInput, eventValues, intField, sharedInput } from './forms.js';
import { doneNotice } from './staff-bookings.js';

/**
 * The back-office pages of events: the organisation's list, the forms that create and change
 * events and series, and the list of an event's registrations where staff book for callers.
 */
export async function eventAdminRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const kit = adminKit(deps);
  registerEventForms(app, deps, kit);
  registerSeriesForms(app, deps, kit);
  registerRegistrationPages(app, deps, kit);
}

type EventParams = { eventId: string };
type OrgParams = { organisationId: string };

interface AdminKit {
  /** The organisation's staff, for routes under `:organisationId`. */
  orgStaff: { config: { access: ReturnType<typeof orgAccess> } };
  /** The event's organiser's staff, for routes under `:eventId`. */
  eventStaff: { config: { access: ReturnType<typeof orgAccess> } };
  orgOf(id: string): Promise<{ id: string; name: string }>;
  choicesFor(organisationId: string, event?: svc.EventDetail): Promise<EventFormChoices>;
}

function adminKit(deps: Deps): AdminKit {
  const { db } = deps;
  return {
    orgStaff: { config: { access: organisations.organisationAccess(db, ORG_STAFF) } },
    eventStaff: { config: { access: eventStaff(deps) } },
    async orgOf(id) {
      const o = await organisations.getOrganisation(db, id);
      return { id: o.id, name: o.name };
    },
    choicesFor: (organisationId, event) => choicesFor(deps, organisationId, event),
  };
}

/**
 * Venues the organisation can use (its own and those of partners that accepted the partnership),
 * partner organisations and programmes.
 */
async function choicesFor({ db }: Deps, organisationId: string, event?: svc.EventDetail): Promise<EventFormChoices> {
  const [own, accepted, progs] = await Promise.all([
    organisations.listVenues(db, organisationId),
    organisations.acceptedPartners(db, organisationId),
    programmes.listProgrammes(db, organisationId).catch(() => []),
  ]);
  const partners = new Map<string, string>();
  for (const p of accepted) partners.set(p.id, p.name);
  const partnerVenues = (await Promise.all([...partners.keys()].map((id) => organisations.listVenues(db, id)))).flat();
  // Partners the event already names stay on the list, so that saving the form keeps them; those
  // that have not accepted are marked, as the public pages leave them out.
  for (const p of event?.partners ?? []) partners.set(p.id, p.name);
  const pending = new Set((event?.partnersPending ?? []).map((p) => p.id));
  for (const p of event?.partnersPending ?? []) partners.set(p.id, p.name);
  const venues = [...own, ...partnerVenues];
  if (event?.venue && !venues.some((v) => v.id === event.venue?.id)) venues.push(event.venue);
  const orgName = (id: string) => (id === organisationId ? '' : ` – ${partners.get(id) ?? ''}`);
  return {
    venues: venues.map((v) => ({
      id: v.id,
      label: `${v.name}, ${v.address}${v.municipality ? `, ${v.municipality.name}` : ''}${orgName(v.organisation)}`,
    })),
    partners: [...partners]
      .map(([id, name]) => ({ id, name, pending: pending.has(id) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'it')),
    programmes: progs.map((p) => ({ id: p.id, name: p.name })),
  };
}

/** The form of a new event or series of the route's organisation, with its venues, partners and programmes to choose from. */
async function newFormPage(
  kit: AdminKit,
  view: typeof SeriesFormPage,
  req: FastifyRequest,
  reply: FastifyReply,
  values: FormValues,
  errors: Errors | undefined,
  status: number,
) {
  const org = await kit.orgOf(req.targetOrganisationId!);
  const choices = await kit.choicesFor(org.id);
  return sendPage(reply, view({ ctx: pageContext(req, reply, org.name), organisation: org, values, errors, choices }), status);
}

const NOTICES: Record<string, string> = { creato: 'sev.created', salvato: 'sev.saved', annullato: 'sev.cancelled', inviti: 'vis.sent' };

function registerEventForms(app: FastifyInstance, deps: Deps, kit: AdminKit): void {
  const { db } = deps;

  app.get('/admin/organisations/:organisationId/events', kit.orgStaff, async (req, reply) => {
    const org = await kit.orgOf(req.targetOrganisationId!);
    const { upcoming, past } = await organisationEvents(db, org.id);
    return sendPage(reply, StaffEventsPage({ ctx: pageContext(req, reply, org.name), organisation: org, upcoming, past }));
  });

  const newEventPage = (req: FastifyRequest, reply: FastifyReply, values: FormValues, errors?: Errors, status = 200) =>
    newFormPage(kit, EventFormPage, req, reply, values, errors, status);

  app.get('/admin/organisations/:organisationId/events/new', kit.orgStaff, async (req, reply) =>
    newEventPage(req, reply, { bookingRequired: '1', status: 'published', maxSeatsPerBooking: '4' }),
  );

  app.post<{ Params: OrgParams; Body: FormBody | undefined }>(
    '/admin/organisations/:organisationId/events/new',
    kit.orgStaff,
    async (req, reply) => {
      const body = req.body ?? {};
      const form = eventInput(body);
      return formAction(
        () =>
          onFormFields(eventFieldMapper(form.rows), async () => {
            if (form.errors.length) throw refuse(400, 'events.error.form', undefined, form.errors);
            const { id } = await svc.createEvent(deps, req.principal, { organisation: req.targetOrganisationId, ...form.input });
            return reply.redirect(`/admin/events/${id}?esito=creato`, 303);
          }),
        (errors, status) => newEventPage(req, reply, body, errors, status),
        req.lang,
      );
    },
  );

  async function editEventPage(
    req: FastifyRequest<{ Params: EventParams }>,
    reply: FastifyReply,
    values?: FormValues,
    errors?: Errors,
    status = 200,
    notice?: string,
  ) {
    const ev = await svc.getEvent(db, req.params.eventId, { includeDrafts: true });
    const org = await kit.orgOf(ev.organisation.id);
    const [choices, series] = await Promise.all([kit.choicesFor(org.id, ev), ev.seriesId ? seriesEvents(db, ev.seriesId) : []]);
    return sendPage(
      reply,
      EventFormPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        event: ev,
        values: values ?? { ...eventValues(ev), invitations: await invitationText(db, ev.id) },
        errors,
        choices,
        notice,
        series,
      }),
      status,
    );
  }

  app.get<{ Params: EventParams; Querystring: { esito?: string; serie?: string } }>(
    '/admin/events/:eventId',
    kit.eventStaff,
    async (req, reply) => {
      const q = req.query;
      const key = NOTICES[q.esito ?? ''];
      const notice =
        q.esito === 'serie' && /^\d{1,3}$/.test(q.serie ?? '')
          ? t(req.lang, 'sev.seriesCreated', { n: q.serie! })
          : key
            ? t(req.lang, key)
            : undefined;
      return editEventPage(req, reply, undefined, undefined, 200, notice);
    },
  );

  app.post<{ Params: EventParams; Body: FormBody | undefined }>('/admin/events/:eventId', kit.eventStaff, async (req, reply) => {
    const body = req.body ?? {};
    const eventId = req.params.eventId;
    const form = eventInput(body);
    return formAction(
      () =>
        onFormFields(eventFieldMapper(form.rows), async () => {
          if (form.errors.length) throw refuse(400, 'events.error.form', undefined, form.errors);
          const patch = { ...form.input };
          // The form never shows the online link back (it is private): an empty field keeps it.
          if (!patch.onlineUrl) delete patch.onlineUrl;
          await svc.updateEvent(deps, eventId, patch);
          return reply.redirect(`/admin/events/${eventId}?esito=salvato`, 303);
        }),
      (errors, status) => editEventPage(req, reply, body, errors, status),
      req.lang,
    );
  });

  app.post<{ Params: EventParams; Body: FormBody | undefined }>('/admin/events/:eventId/cancel', kit.eventStaff, async (req, reply) => {
    const body = req.body ?? {};
    const eventId = req.params.eventId;
    return formAction(
      async () => {
        const reason = str(body, 'reason');
        if (reason.length < 3) throw refuse(400, 'events.error.reason', undefined, [fieldError('reason', 'events.error.reason.field')]);
        await svc.cancelEvent(deps, eventId, reason);
        return reply.redirect(`/admin/events/${eventId}?esito=annullato`, 303);
      },
      (errors, status) => editEventPage(req, reply, undefined, errors, status),
      req.lang,
    );
  });
}

/** The series form's own fields (first date and time, duration, how many, how often, the venues in turn). */
function seriesInput(body: FormBody, organisationId: string | null | undefined, errors: FieldError[]): Record<string, unknown> {
  const input: Record<string, unknown> = { organisation: organisationId, ...sharedInput(body, errors) };
  const date = str(body, 'firstDate');
  const time = str(body, 'time');
  const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: ZONE }).isValid;
  if (!dateOk)
    errors.push({
      field: 'firstDate',
      message: date ? 'data non valida: usa il formato AAAA-MM-GG' : 'indica il giorno del primo incontro',
    });
  const firstStart = dateOk ? romeInstant(date, time) : null;
  if (dateOk && !firstStart)
    errors.push({ field: 'time', message: time ? 'ora non valida: usa il formato HH:MM' : "indica l'ora di inizio" });
  input.firstStart = firstStart;
  input.durationMinutes = intField(body, 'durationMinutes', errors);
  input.count = intField(body, 'count', errors);
  input.every = str(body, 'every');
  input.venues = list(body, 'venues');
  input.venue = null;
  return input;
}

function registerSeriesForms(app: FastifyInstance, deps: Deps, kit: AdminKit): void {
  const seriesPage = (req: FastifyRequest, reply: FastifyReply, values: FormValues, errors?: Errors, status = 200) =>
    newFormPage(kit, SeriesFormPage, req, reply, values, errors, status);

  app.get('/admin/organisations/:organisationId/series/new', kit.orgStaff, async (req, reply) =>
    seriesPage(req, reply, { bookingRequired: '1', status: 'published', maxSeatsPerBooking: '4', every: 'twice-a-month', count: '10' }),
  );

  app.post<{ Params: OrgParams; Body: FormBody | undefined }>(
    '/admin/organisations/:organisationId/series/new',
    kit.orgStaff,
    async (req, reply) => {
      const body = req.body ?? {};
      const errors: FieldError[] = [];
      const input = seriesInput(body, req.targetOrganisationId, errors);
      return formAction(
        () =>
          onFormFields(eventFieldMapper([]), async () => {
            if (errors.length) throw refuse(400, 'events.error.form', undefined, errors);
            const { eventIds } = await svc.createSeries(deps, req.principal, input);
            return reply.redirect(`/admin/events/${eventIds[0]}?esito=serie&serie=${eventIds.length}`, 303);
          }),
        (errs, status) => seriesPage(req, reply, body, errs, status),
        req.lang,
      );
    },
  );
}

function registerRegistrationPages(app: FastifyInstance, deps: Deps, kit: AdminKit): void {
  const { db } = deps;

  async function registrationsPage(
    req: FastifyRequest<{ Params: EventParams }>,
    reply: FastifyReply,
    extra: { values?: FormValues; errors?: Errors; bookedId?: string; done?: string } = {},
    status = 200,
  ) {
    const eventId = req.params.eventId;
    const ev = await svc.getEvent(db, eventId, { includeDrafts: true });
    const org = await kit.orgOf(ev.organisation.id);
    const [{ items }, form] = await Promise.all([svc.listRegistrations(db, eventId), bookingFormOf(db, eventId)]);
    // Staff access to personal data is audited: one row per view of the list.
    await auditLog('event')(db.k, 'view-registrations', { id: eventId, organisationId: org.id }, req.principal);
    const booked = extra.bookedId ? items.find((i) => i.id === extra.bookedId) : undefined;
    // The code to read out to the caller, and the event's phone-only people to call.
    const bookedCode = booked ? (await svc.staffRegistration(db, booked.id)).ticket_code : undefined;
    const callbacks = await openCallbacks(db, org.id, eventId);
    return sendPage(
      reply,
      RegistrationsPage({
        ctx: pageContext(req, reply, org.name),
        organisation: org,
        event: ev,
        items,
        values: extra.values,
        errors: extra.errors,
        booked,
        bookedCode,
        callbacks,
        done: extra.done,
        form,
      }),
      status,
    );
  }

  app.get<{ Params: EventParams; Querystring: { prenotata?: string; fatto?: string; avvisata?: string } }>(
    '/admin/events/:eventId/registrations',
    kit.eventStaff,
    async (req, reply) => {
      const q = req.query;
      const done = doneNotice(req.lang, q.fatto, q.avvisata);
      return registrationsPage(req, reply, { bookedId: typeof q.prenotata === 'string' ? q.prenotata : undefined, done });
    },
  );

  app.post<{ Params: EventParams; Body: FormBody | undefined }>(
    '/admin/events/:eventId/registrations',
    kit.eventStaff,
    async (req, reply) => {
      const body = req.body ?? {};
      const eventId = req.params.eventId;
      return formAction(
        async () => {
          const result = await svc.book(deps, eventId, bookingInput(body), {
            source: 'staff',
            bookedBy: req.principal?.userId ?? null,
            lang: 'it',
          });
          return reply.redirect(`/admin/events/${eventId}/registrations?prenotata=${result.registration.id}`, 303);
        },
        (errors, status) => registrationsPage(req, reply, { values: body, errors }, status),
        req.lang,
      );
    },
  );
}
