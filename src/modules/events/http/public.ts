import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { hasRole, PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import { Problem, refuse } from '../../../core/problems.js';
import { publicWriteConfig } from '../../../core/public-writes.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { now, ZONE } from '../../../core/time.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formText as str } from '../../../web/forms.js';
import { formlessPageContext, pageContext, renderPage, sendPage } from '../../../web/layout.js';
import { PageCache, sendSplicedPage } from '../../../web/page-cache.js';
import { desksFollowing } from '../../desks/service.js';
import * as organisations from '../../organisations/service.js';
import { eventCalendar, organisers } from '../booking/ics.js';
import { bookingDetailsOfRegistration, bookingFormOf } from '../booking/questions-repo.js';
import { CancelConfirmPageView, EraseConfirmPageView, ErasedPageView, type ManageNotice, ManagePageView } from '../booking/views-manage.js';
import { BookingReceivedPageView } from '../booking/views-received.js';
import { atomFeed } from '../catalogue/atom.js';
import { catalogueMunicipalities, type Filters, feedEvents, listCatalogue, monthCatalogue } from '../catalogue/catalogue.js';
import { keptEventPage } from '../catalogue/event-kept.js';
import { BookingPageView, EventPageView } from '../catalogue/event-page.js';
import { feedIcs, type IcsEventInput } from '../catalogue/feeds.js';
import { RenderedPages } from '../catalogue/rendered-pages.js';
import { CataloguePageView, catalogueQuery, MonthPageView } from '../catalogue/views.js';
import * as svc from '../service.js';
import { bookingInput, echo, MANAGE_NOTICES, readFilters, sendIcs } from './forms.js';

/**
 * The public pages of events: the catalogue (list and month), the event page and its booking form,
 * the manage page behind the private link, and the iCalendar files and feeds. The rules live in
 * the service; these only turn forms into calls and answers into pages.
 */
export async function eventPublicRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  registerCataloguePages(app, deps);
  registerEventPages(app, deps);
  registerManagePages(app, deps);
  registerFeeds(app, deps);
}

type EventParams = { eventId: string };
type RegistrationParams = { registrationId: string };
type TokenQuery = { token?: unknown; esito?: unknown };
type ManageRoute = { Params: RegistrationParams; Querystring: TokenQuery; Body: FormBody | undefined };

function registerCataloguePages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  // The catalogue as anonymous visitors see it, kept a few seconds per address: the busiest page
  // of the portal, the same for everyone (see web/page-cache.ts).
  const catalogueCache = new PageCache();
  const cataloguePages = new RenderedPages();

  app.get<{ Querystring: Record<string, unknown> }>('/eventi', { config: { access: PUBLIC } }, async (req, reply) => {
    const cached = catalogueCache.serve(req, reply);
    if (cached) return cached;
    const { filters, values, errors } = readFilters(req.query);
    let result: Awaited<ReturnType<typeof listCatalogue>> = { items: [], next: null };
    try {
      result = await listCatalogue(db, filters, { cursor: values.cursor });
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err;
      errors.cursor = err.errors?.[0]?.message ?? err.detail ?? err.title;
      delete values.cursor;
      result = await listCatalogue(db, filters);
    }
    const municipalities = await catalogueMunicipalities(db);
    const chosen = filters.municipality ? municipalities.find((m) => m.code === filters.municipality) : undefined;
    const ctx = formlessPageContext(req, reply);
    const props = {
      ctx,
      values,
      errors,
      result,
      municipalities,
      feed: chosen ? { href: `/calendario/comuni/${chosen.code}.ics`, name: chosen.name } : undefined,
    };
    const status = Object.keys(errors).length ? 400 : 200;
    if (status !== 200 || req.principal) return sendPage(reply, CataloguePageView(props), status);
    // The same events under another address (a link with tracking parameters, a new visitor's
    // query) are not rendered again.
    const page = cataloguePages.page(`${ctx.lang} ${catalogueQuery(values)} ${values.cursor ?? ''}`, props, (p) =>
      renderPage(CataloguePageView(p)),
    );
    return catalogueCache.keepAndSend(req, reply, page);
  });

  app.get<{ Querystring: Record<string, unknown> }>('/eventi/mese', { config: { access: PUBLIC } }, async (req, reply) => {
    const query = req.query;
    const { filters, values, errors } = readFilters(query);
    const today = DateTime.fromJSDate(now()).setZone(ZONE);
    let year = today.year;
    let month = today.month;
    const y = String(query.anno ?? '');
    const m = String(query.mese ?? '');
    if (y || m) {
      if (/^\d{4}$/.test(y) && /^\d{1,2}$/.test(m) && Number(m) >= 1 && Number(m) <= 12 && Number(y) >= 2000 && Number(y) <= 2100) {
        year = Number(y);
        month = Number(m);
      } else {
        errors.mese = 'mese non valido: usa anno=AAAA e mese=1…12';
      }
    }
    const [view, municipalities] = await Promise.all([monthCatalogue(db, year, month, filters), catalogueMunicipalities(db)]);
    return sendPage(
      reply,
      MonthPageView({ ctx: pageContext(req, reply), month: view, values, errors, municipalities }),
      Object.keys(errors).length ? 400 : 200,
    );
  });
}

function registerEventPages(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;

  /** Drafts are shown only to the organisation's staff (a preview); everyone else gets a 404. */
  async function eventForPage(req: FastifyRequest, eventId: string): Promise<svc.EventDetail> {
    const ev = await svc.getEvent(db, eventId, { includeDrafts: true });
    if (ev.status === 'draft' && !hasRole(req.principal, ev.organisation.id, ORG_STAFF)) throw refuse(404, 'events.error.notFound');
    return ev;
  }

  // Event pages of visitors who are not signed in, rendered again only when what they show changes.
  const eventPages = new RenderedPages();

  /** The event's extra questions, read only when its booking form is shown. */
  const formOf = async (ev: svc.EventDetail) => (ev.bookingOpen ? bookingFormOf(db, ev.id) : undefined);

  /**
   * What the page shows from other modules, read with the rest of what is kept beside the event's
   * page_version (catalogue/event-kept.ts), whose triggers cover each of them. The questions are read
   * even while booking is closed: it may open before the number moves.
   */
  const extrasOf = async (row: svc.EventPageRow) => {
    const [desks, contacts, form] = await Promise.all([
      desksFollowing(db, row.id),
      organisations.organisationContacts(db, row.organisation_id),
      bookingFormOf(db, row.id),
    ]);
    return { desks, contacts, form };
  };

  app.get<{ Params: EventParams }>('/eventi/:eventId', { config: { access: PUBLIC } }, async (req, reply) => {
    const kept = await keptEventPage(db, req.params.eventId, true, extrasOf);
    const ev = kept.event;
    if (ev.status === 'draft' && !hasRole(req.principal, ev.organisation.id, ORG_STAFF)) throw refuse(404, 'events.error.notFound');
    const { desks, contacts, form } = kept.extras;
    // An event's organiser always exists (a foreign key); getOrganisation refused a missing one with a 404.
    if (!contacts) throw refuse(404, 'org.problem.missing');
    const { website, phone } = contacts;
    const organiser = {
      url: website ?? `${config.baseUrl}/eventi?organisation=${ev.organisation.id}`,
      phone: phone ? { text: phone, href: organisations.telHref(phone) } : null,
    };
    const props = {
      ctx: pageContext(req, reply),
      event: ev,
      baseUrl: config.baseUrl,
      organiser,
      form: ev.bookingOpen ? form : undefined,
      desks,
    };
    if (req.principal) return sendPage(reply, EventPageView(props));
    // Everything the props hold but the context is named by the kept page's version.
    const { csrf: _csrf, path: _path, ...ctx } = props.ctx;
    return sendSplicedPage(
      req,
      reply,
      eventPages.page(`${props.ctx.lang} ${ev.id}`, props, (p) => renderPage(EventPageView(p)), `${kept.version} ${JSON.stringify(ctx)}`),
    );
  });

  app.get<{ Params: EventParams }>('/eventi/:eventId.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const ev = await eventForPage(req, req.params.eventId);
    return sendIcs(reply, await eventCalendar(deps, ev, { baseUrl: config.baseUrl }), `evento-${ev.id}.ics`);
  });

  app.get<{ Params: EventParams }>('/eventi/:eventId/prenota', { config: { access: PUBLIC } }, async (req, reply) => {
    const ev = await eventForPage(req, req.params.eventId);
    return sendPage(reply, BookingPageView({ ctx: pageContext(req, reply), event: ev, form: await formOf(ev) }));
  });

  app.post<{ Params: EventParams; Body: FormBody | undefined }>(
    '/eventi/:eventId/prenota',
    { config: publicWriteConfig(deps) },
    async (req, reply) => {
      const eventId = req.params.eventId;
      const body = req.body ?? {};
      return formAction(
        async () => {
          const input = bookingInput(body);
          const result = await svc.book(deps, eventId, input, { source: 'web', lang: req.lang });
          // The answer must not tell whether this contact had booked already: the same page either
          // way, with the status a new booking gets now; the manage link goes to the mailbox only.
          const status = result.existing
            ? (await svc.lookalikeBooking(deps, eventId, input.seats)).registration.status
            : result.registration.status;
          const ev = await svc.getEvent(db, eventId);
          const received = {
            name: input.name.trim(),
            email: input.email.trim() || null,
            phone: input.phone.trim() || null,
            seats: input.seats,
            child: input.child?.name ? { name: input.child.name, age: Number.isInteger(input.child.age) ? input.child.age : null } : null,
            status: status === 'confirmed' ? ('confirmed' as const) : ('waitlisted' as const),
          };
          return sendPage(reply, BookingReceivedPageView({ ctx: pageContext(req, reply), event: ev, received }));
        },
        async (errors, status) => {
          const ev = await eventForPage(req, eventId);
          const form = await formOf(ev);
          return sendPage(reply, BookingPageView({ ctx: pageContext(req, reply), event: ev, values: echo(body), errors, form }), status);
        },
        req.lang,
      );
    },
  );
}

/** The private token, from the form (posts) or the link (pages). */
function tokenOf(req: FastifyRequest<{ Querystring: TokenQuery; Body: FormBody | undefined }>): string {
  const fromBody = req.body?.token;
  const fromQuery = req.query.token;
  return typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : '';
}

function registerManagePages(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;

  async function managePage(req: FastifyRequest<ManageRoute>, reply: FastifyReply, notice?: ManageNotice, errors?: Errors, status = 200) {
    const token = tokenOf(req);
    const { registration, event } = await svc.getByManageToken(deps, req.params.registrationId, token);
    const onlineUrl = registration.status === 'confirmed' && event.hasOnlineLink ? await svc.onlineUrlFor(db, registration.id) : null;
    const details = await bookingDetailsOfRegistration(db, registration.id);
    return sendPage(
      reply,
      ManagePageView({ ctx: pageContext(req, reply), registration, event, token, notice, onlineUrl, errors, details }),
      status,
    );
  }

  app.get<ManageRoute>('/prenotazioni/:registrationId', { config: { access: PUBLIC } }, async (req, reply) => {
    const esito = String(req.query.esito ?? '');
    return managePage(req, reply, MANAGE_NOTICES[esito]);
  });

  app.get<ManageRoute>('/prenotazioni/:registrationId.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const { registration, event } = await svc.getByManageToken(deps, req.params.registrationId, tokenOf(req));
    const onlineUrl = registration.status === 'confirmed' && event.hasOnlineLink ? await svc.onlineUrlFor(db, registration.id) : null;
    const ics = await eventCalendar(deps, event, { baseUrl: config.baseUrl, onlineUrl, registrationId: registration.id });
    return sendIcs(reply, ics, `prenotazione-${registration.id}.ics`);
  });

  app.get<ManageRoute>('/prenotazioni/:registrationId/annulla', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenOf(req);
    const { registration, event } = await svc.getByManageToken(deps, req.params.registrationId, token);
    if (registration.status === 'cancelled') {
      return reply.redirect(`/prenotazioni/${registration.id}?token=${encodeURIComponent(token)}`, 303);
    }
    return sendPage(reply, CancelConfirmPageView({ ctx: pageContext(req, reply), registration, event, token }));
  });

  const manageAction = (path: string, esito: string, run: (id: string, token: string, body: FormBody) => Promise<unknown>) =>
    app.post<ManageRoute>(`/prenotazioni/:registrationId/${path}`, { config: publicWriteConfig(deps) }, async (req, reply) => {
      const token = tokenOf(req);
      const id = req.params.registrationId;
      // A wrong link is a 404 page, not a form error.
      await svc.getByManageToken(deps, id, token);
      return formAction(
        async () => {
          await run(id, token, req.body ?? {});
          return reply.redirect(`/prenotazioni/${id}?token=${encodeURIComponent(token)}&esito=${esito}`, 303);
        },
        (errors, status) => managePage(req, reply, undefined, errors, status),
        req.lang,
      );
    });

  manageAction('annulla', 'annullata', (id, token) => svc.cancelRegistration(deps, id, token));
  manageAction('posti', 'salvata', (id, token, body) => {
    const seats = str(body, 'seats');
    return svc.changeSeats(deps, id, token, /^\d{1,3}$/.test(seats) ? Number(seats) : Number.NaN);
  });
  app.get<ManageRoute>('/prenotazioni/:registrationId/cancella-dati', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenOf(req);
    const { registration, event } = await svc.getByManageToken(deps, req.params.registrationId, token);
    return sendPage(reply, EraseConfirmPageView({ ctx: pageContext(req, reply), registration, event, token }));
  });

  app.post<ManageRoute>('/prenotazioni/:registrationId/cancella-dati', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const token = tokenOf(req);
    const { event } = await svc.getByManageToken(deps, req.params.registrationId, token);
    await svc.eraseOwnData(deps, req.params.registrationId, token);
    return sendPage(reply, ErasedPageView({ ctx: pageContext(req, reply), event }));
  });

  manageAction('accetta', 'accettata', (id, token) => svc.acceptOffer(deps, id, token));
  manageAction('rifiuta', 'rifiutata', (id, token) => svc.declineOffer(deps, id, token));
}

function registerFeeds(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;

  const feedEntries = async (filters: Pick<Filters, 'organisation' | 'municipality'>): Promise<IcsEventInput[]> => {
    const entries = await feedEvents(db, filters);
    const by = await organisers(
      deps,
      entries.map((f) => f.event.organisation.id),
    );
    return entries.map((f) => ({
      id: f.event.id,
      title: f.event.title,
      description: f.description,
      status: 'published',
      format: f.event.format,
      organisation: f.event.organisation,
      venue: f.event.venue,
      municipality: f.event.municipality,
      sessions: f.sessions,
      sequence: f.sequence,
      organiser: by.get(f.event.organisation.id),
    }));
  };

  app.get<{ Params: { organisationId: string } }>(
    '/calendario/organizzazioni/:organisationId.ics',
    { config: { access: PUBLIC } },
    async (req, reply) => {
      const orgId = await organisations.organisationIdIfExists(db, req.params.organisationId);
      if (!orgId) throw refuse(404, 'events.error.organisation.missing');
      const org = await organisations.getOrganisation(db, orgId);
      return sendIcs(
        reply,
        feedIcs(await feedEntries({ organisation: orgId }), config.baseUrl, `${org.name} – eventi`),
        `eventi-${orgId}.ics`,
      );
    },
  );

  // The catalogue's filters as an Atom feed, linked from the catalogue pages (catalogue/atom.ts).
  app.get<{ Querystring: Record<string, unknown> }>('/eventi/feed.atom', { config: { access: PUBLIC } }, async (req, reply) => {
    const { filters, values, errors } = readFilters(req.query);
    const wrong = Object.entries(errors).map(([field, message]) => ({ field, message }));
    if (wrong.length > 0) throw refuse(400, 'events.error.filters', undefined, wrong);
    const query = catalogueQuery(values);
    const feed = {
      self: `${config.baseUrl}/eventi/feed.atom${query}`,
      alternate: `${config.baseUrl}/eventi${query}`,
      title: `${t(req.lang, 'cat.title')} · Ponte`,
      lang: req.lang,
      baseUrl: config.baseUrl,
    };
    return reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(atomFeed(feed, await feedEvents(db, filters, 200)));
  });

  app.get<{ Params: { code: string } }>('/calendario/comuni/:code.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const code = req.params.code;
    const m = /^\d{6}$/.test(code) ? await organisations.getMunicipality(db, code) : undefined;
    if (!m) throw refuse(404, 'events.error.municipality.missing');
    return sendIcs(reply, feedIcs(await feedEntries({ municipality: code }), config.baseUrl, `Eventi a ${m.name}`), `eventi-${code}.ics`);
  });
}
