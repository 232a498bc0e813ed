import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem } from '../../../core/problems.js';
import { publicWriteConfig } from '../../../core/public-writes.js';
import { now } from '../../../core/time.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getMunicipality, getOrganisation, resolveMunicipality, telHref } from '../../organisations/service.js';
import { Instant, parseInstant } from '../schemas.js';
import * as svc from '../service.js';
import { BookPage, CancelPage, ConfirmationPage, DeskPage, DeskSearchPage, DetailsPage, ReceivedPage } from '../views/public.js';
import { tokenIn, validDate } from './common.js';
import { managePage, movePage, moveProblem, pickerProps } from './pages.js';

const CSS = readFileSync(resolve(import.meta.dirname, '../desks.css'), 'utf8');

type DeskRoute = { Params: { deskId: string } };
type DeskForm = { Params: { deskId: string }; Body: FormBody | undefined };
type AppointmentRoute = { Params: { appointmentId: string }; Querystring: Record<string, unknown> };
type AppointmentForm = { Params: { appointmentId: string }; Body: FormBody | undefined };

/** The citizen's pages: find a desk, book a slot, see, cancel or move the appointment. */
export const deskPublicRoutes: RoutePlugin = async (app, deps) => {
  app.get('/sportelli/stile.css', { config: { access: PUBLIC } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
  registerSearchPages(app, deps);
  registerBookingPages(app, deps);
  registerDetailsPages(app, deps);
  registerAppointmentPages(app, deps);
  registerCitizenMove(app, deps);
};

/** The services offered anywhere, the default ones first. */
function servicesOffered(all: svc.DeskView[]): { code: string; name: string }[] {
  const services = new Map<string, string>(svc.DEFAULT_SERVICES.map((s) => [s.code, s.name]));
  for (const d of all) for (const s of d.services) if (!services.has(s.code)) services.set(s.code, s.name);
  return [...services].map(([code, name]) => ({ code, name }));
}

function registerSearchPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  app.get<{ Querystring: Record<string, unknown> }>('/sportelli', { config: { access: PUBLIC } }, async (req, reply) => {
    const q = req.query;
    const values = {
      servizio: typeof q.servizio === 'string' ? q.servizio.trim() : '',
      comune: typeof q.comune === 'string' ? q.comune.trim().slice(0, 100) : '',
    };
    const all = await svc.listDesks(db);
    const desks = values.servizio ? all.filter((d) => d.services.some((s) => s.code === values.servizio)) : all;
    const errors: Errors = {};
    let ranked: svc.RankedDesk[] = desks.map((desk) => ({ desk, nearness: 3 }));
    let noneIn: string | undefined;
    if (values.comune) {
      const found = await resolveMunicipality(db, values.comune);
      if ('code' in found) {
        ranked = await svc.desksNear(db, found.code, desks);
        if (!ranked.some((r) => r.nearness === 0)) noneIn = (await getMunicipality(db, found.code))?.name;
      } else {
        // A typo ("Prto"): the comuni that have desks and are a letter or two away, else the register's guesses.
        const like = found.candidates.length ? found.candidates : svc.comuniLike(values.comune, all);
        errors.comune = like.length
          ? t(req.lang, 'desks.search.didYouMean', { names: like.map((c) => `${c.name} (${c.provinceCode})`).join(', ') })
          : t(req.lang, 'desks.search.noComune');
      }
    }
    return sendPage(
      reply,
      DeskSearchPage({ ctx: pageContext(req, reply), services: servicesOffered(all), values, ranked, errors, noneIn }),
      errors.comune ? 400 : 200,
    );
  });

  app.get<DeskRoute>('/sportelli/:deskId', { config: { access: PUBLIC } }, async (req, reply) => {
    const desk = await svc.getDesk(db, req.params.deskId);
    const [exceptions, { phone }] = await Promise.all([
      svc.listExceptions(db, desk.id, svc.todayInRome()),
      getOrganisation(db, desk.organisation.id),
    ]);
    const contact = phone ? { text: phone, href: telHref(phone) } : null;
    return sendPage(reply, DeskPage({ ctx: pageContext(req, reply, desk.organisation.name), desk, exceptions, phone: contact }));
  });
}

async function bookPage(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  deskId: string,
  q: Record<string, unknown>,
  problem?: string,
  status = 200,
) {
  const desk = await svc.getDesk(deps.db, deskId);
  const code = typeof q.servizio === 'string' ? q.servizio : desk.services.length === 1 ? desk.services[0].code : '';
  const service = desk.services.find((s) => s.code === code) ?? null;
  const picker = service
    ? await pickerProps(deps, desk, service, q, {
        baseHref: `/sportelli/${desk.id}/prenota?servizio=${encodeURIComponent(service.code)}`,
        action: `/sportelli/${desk.id}/prenota`,
        hidden: { servizio: service.code },
      })
    : null;
  return sendPage(reply, BookPage({ ctx: pageContext(req, reply, desk.organisation.name), desk, service, picker, problem }), status);
}

function registerBookingPages(app: FastifyInstance, deps: Deps): void {
  const publicWrite = publicWriteConfig(deps);
  app.get<DeskRoute & { Querystring: Record<string, unknown> }>(
    '/sportelli/:deskId/prenota',
    { config: { access: PUBLIC } },
    async (req, reply) => bookPage(deps, req, reply, req.params.deskId, req.query),
  );

  app.post<DeskForm>('/sportelli/:deskId/prenota', { config: publicWrite }, async (req, reply) => {
    const body = req.body ?? {};
    const { deskId } = req.params;
    const servizio = str(body, 'servizio');
    const start = str(body, 'start');
    const giorno = start.slice(0, 10);
    return formAction(
      async () => {
        const hold = await svc.createHold(deps, deskId, { service: servizio, start });
        const q = new URLSearchParams({ hold: hold.id, servizio: hold.service, start: hold.start });
        return reply.redirect(`/sportelli/${deskId}/prenota/dati?${q}`, 303);
      },
      (errors, status, p) =>
        bookPage(
          deps,
          req,
          reply,
          deskId,
          { servizio, giorno },
          p.status === 409 ? svc.slotTakenMessage(req.lang) : (errors.start ?? errors.service ?? errors._ ?? p.detail),
          status,
        ),
      req.lang,
    );
  });

  app.post<DeskForm>('/sportelli/:deskId/prenota/rilascia', { config: publicWrite }, async (req, reply) => {
    const body = req.body ?? {};
    try {
      await svc.releaseHold(deps, str(body, 'hold'));
    } catch (err) {
      // Already confirmed or expired: nothing is held, the citizen simply chooses again.
      if (!(err instanceof Problem && err.status === 404)) throw err;
    }
    const q = new URLSearchParams({ servizio: str(body, 'servizio') });
    const giorno = validDate(str(body, 'giorno'));
    if (giorno) q.set('giorno', giorno);
    return reply.redirect(`/sportelli/${req.params.deskId}/prenota?${q}`, 303);
  });
}

async function detailsPage(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  deskId: string,
  input: FormBody,
  errors?: Errors,
  status = 200,
  hold: { extended?: boolean; lost?: boolean } = {},
) {
  const desk = await svc.getDesk(deps.db, deskId);
  const service = desk.services.find((s) => s.code === str(input, 'servizio'));
  const start = str(input, 'start');
  if (!service || !Instant.safeParse(start).success) return reply.redirect(`/sportelli/${desk.id}/prenota`, 303);
  const startMs = parseInstant(start)!;
  const holdId = hold.lost ? '' : str(input, 'hold');
  const held = holdId ? await svc.getHold(deps.db, holdId) : undefined;
  const day = svc.romeIso(startMs).slice(0, 10);
  const otherTimes = hold.lost ? (await svc.freeDays(deps.db, desk, service.code, day, day)).flatMap((d) => d.slots) : undefined;
  return sendPage(
    reply,
    DetailsPage({
      ctx: pageContext(req, reply, desk.organisation.name),
      desk,
      service,
      start: svc.romeIso(startMs),
      end: svc.romeIso(startMs + service.durationMinutes * 60_000),
      hold: held && held.deskId === desk.id ? held : undefined,
      holdId,
      values: { name: str(input, 'name'), email: str(input, 'email'), phone: str(input, 'phone') },
      errors,
      extended: hold.extended,
      otherTimes,
    }),
    status,
  );
}

/** The booking's refusal on the details form: the service or slot's problem is the form's own, the hold's is not shown. */
function detailsErrors(errors: Errors, p: Problem): Errors {
  const fieldErrors = { ...errors };
  if (fieldErrors.service) {
    fieldErrors._ = fieldErrors.service;
    delete fieldErrors.service;
  }
  if (fieldErrors.start) {
    fieldErrors._ = fieldErrors.start;
    delete fieldErrors.start;
  }
  if (fieldErrors.hold) delete fieldErrors.hold;
  return Object.keys(fieldErrors).length ? fieldErrors : { _: p.detail ?? p.title };
}

function registerDetailsPages(app: FastifyInstance, deps: Deps): void {
  app.get<DeskRoute & { Querystring: FormBody }>('/sportelli/:deskId/prenota/dati', { config: { access: PUBLIC } }, async (req, reply) =>
    detailsPage(deps, req, reply, req.params.deskId, req.query),
  );

  app.get<DeskRoute & { Querystring: FormBody }>(
    '/sportelli/:deskId/prenota/ricevuto',
    { config: { access: PUBLIC } },
    async (req, reply) => {
      const desk = await svc.getDesk(deps.db, req.params.deskId);
      const service = desk.services.find((s) => s.code === str(req.query, 'servizio'));
      const startMs = parseInstant(str(req.query, 'start'));
      if (!service || startMs === null) return reply.redirect(`/sportelli/${desk.id}/prenota`, 303);
      const slot = { start: svc.romeIso(startMs), end: svc.romeIso(startMs + service.durationMinutes * 60_000) };
      return sendPage(reply, ReceivedPage({ ctx: pageContext(req, reply, desk.organisation.name), desk, service, ...slot }));
    },
  );

  app.post<DeskForm>('/sportelli/:deskId/prenota/dati', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const body = req.body ?? {};
    const { deskId } = req.params;
    return formAction(
      async () => {
        const input = {
          service: str(body, 'servizio'),
          start: str(body, 'start'),
          name: str(body, 'name'),
          email: str(body, 'email'),
          phone: str(body, 'phone'),
          hold: str(body, 'hold'),
        };
        const r = await svc.bookAppointment(deps, deskId, input, { lang: req.lang });
        if (r.appointment.email) {
          // The same page whether or not the address had reached the limit; the link goes by e-mail.
          const q = new URLSearchParams({ servizio: r.appointment.service.code, start: r.appointment.start });
          return reply.redirect(`/sportelli/${deskId}/prenota/ricevuto?${q}`, 303);
        }
        return reply.redirect(`/appuntamenti/${r.appointment.id}/confermato?token=${encodeURIComponent(r.manageToken)}`, 303);
      },
      (errors, status, p) => {
        if (p.status === 409 && p.extra?.reason === 'taken') return slotLost(deps, req, reply, deskId, body);
        return detailsPage(deps, req, reply, deskId, body, detailsErrors(errors, p), status);
      },
      req.lang,
    );
  });

  app.post<DeskForm>('/sportelli/:deskId/prenota/proroga', { config: publicWriteConfig(deps) }, async (req, reply) =>
    extendHold(deps, req, reply, req.params.deskId, req.body ?? {}),
  );
}

/**
 * The time was taken while the citizen typed: the details form again with everything typed, its
 * summary (which takes the focus) saying so, and the day's other free times to choose from.
 */
function slotLost(deps: Deps, req: FastifyRequest, reply: FastifyReply, deskId: string, body: FormBody) {
  const startMs = parseInstant(str(body, 'start'));
  const lost = { _: t(req.lang, 'desks.hold.lost', { time: startMs === null ? '' : svc.romeIso(startMs).slice(11, 16) }) };
  return detailsPage(deps, req, reply, deskId, body, lost, 409, { lost: true });
}

/**
 * "Five more minutes", a button of the details form (so what was typed comes along and comes back).
 * A hold already gone is taken again while the time is still free; a time taken meanwhile is lost.
 */
async function extendHold(deps: Deps, req: FastifyRequest, reply: FastifyReply, deskId: string, body: FormBody) {
  return formAction(
    async () => {
      const holdId = str(body, 'hold');
      const current = holdId ? await svc.getHold(deps.db, holdId) : undefined;
      const hold =
        current && current.deskId === deskId
          ? await svc.extendHold(deps, current.id)
          : await svc.createHold(deps, deskId, { service: str(body, 'servizio'), start: str(body, 'start') });
      return detailsPage(deps, req, reply, deskId, { ...body, hold: hold.id }, undefined, 200, { extended: true });
    },
    (errors, status, p) => {
      if (p.status === 409 && p.extra?.reason === 'taken') return slotLost(deps, req, reply, deskId, body);
      return detailsPage(deps, req, reply, deskId, body, detailsErrors(errors, p), status);
    },
    req.lang,
  );
}

function registerAppointmentPages(app: FastifyInstance, deps: Deps): void {
  app.get<AppointmentRoute>('/appuntamenti/:appointmentId/confermato', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenIn(req.query);
    const { appointment, desk } = await svc.appointmentByToken(deps, req.params.appointmentId, token);
    return sendPage(
      reply,
      ConfirmationPage({
        ctx: pageContext(req, reply, desk.organisation.name),
        desk,
        appointment,
        token: token!,
        manageUrl: svc.manageUrl(deps, appointment.id),
      }),
    );
  });

  app.get<AppointmentRoute>('/appuntamenti/:appointmentId', { config: { access: PUBLIC } }, async (req, reply) => {
    const esito = req.query.esito;
    return managePage(deps, req, reply, req.params.appointmentId, tokenIn(req.query), {
      notice: esito === 'annullato' ? 'cancelled' : esito === 'spostato' ? 'moved' : undefined,
    });
  });

  app.get<AppointmentRoute>('/appuntamenti/:appointmentId/calendario.ics', { config: { access: PUBLIC } }, async (req, reply) => {
    const ics = await svc.appointmentCalendar(deps, req.params.appointmentId, tokenIn(req.query));
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="appuntamento.ics"')
      .header('cache-control', 'private, no-store')
      .send(ics);
  });

  app.get<AppointmentRoute>('/appuntamenti/:appointmentId/annulla', { config: { access: PUBLIC } }, async (req, reply) => {
    const token = tokenIn(req.query) ?? '';
    const { appointment, desk } = await svc.appointmentByToken(deps, req.params.appointmentId, token);
    // Nothing left to cancel (already cancelled, served, or begun): the appointment's own page says so.
    if (appointment.status !== 'booked' || Date.parse(appointment.start) <= now().getTime()) {
      return reply.redirect(`/appuntamenti/${appointment.id}?token=${encodeURIComponent(token)}`, 303);
    }
    return sendPage(reply, CancelPage({ ctx: pageContext(req, reply, desk.organisation.name), desk, appointment, token }));
  });

  app.post<AppointmentForm>('/appuntamenti/:appointmentId/annulla', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const id = req.params.appointmentId;
    const token = str(req.body ?? {}, 'token');
    return formAction(
      async () => {
        await svc.cancelByCitizen(deps, id, token);
        return reply.redirect(`/appuntamenti/${id}?token=${encodeURIComponent(token)}&esito=annullato`, 303);
      },
      async (errors, status, p) => {
        if (p.status === 403 || p.status === 404) throw p;
        return managePage(deps, req, reply, id, token, { problem: errors._ ?? p.detail }, status);
      },
      req.lang,
    );
  });
}

function registerCitizenMove(app: FastifyInstance, deps: Deps): void {
  app.get<AppointmentRoute>('/appuntamenti/:appointmentId/sposta', { config: { access: PUBLIC } }, async (req, reply) =>
    movePage(deps, req, reply, req.params.appointmentId, req.query, { token: tokenIn(req.query) ?? '' }),
  );

  app.post<AppointmentForm>('/appuntamenti/:appointmentId/sposta', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const id = req.params.appointmentId;
    const body = req.body ?? {};
    const token = str(body, 'token');
    const start = str(body, 'start');
    return formAction(
      async () => {
        await svc.moveByCitizen(deps, id, token, { start });
        return reply.redirect(`/appuntamenti/${id}?token=${encodeURIComponent(token)}&esito=spostato`, 303);
      },
      async (errors, status, p) => {
        if (p.status === 403 || p.status === 404) throw p;
        return movePage(deps, req, reply, id, { giorno: start.slice(0, 10) }, { token }, moveProblem(req, errors, p), status);
      },
      req.lang,
    );
  });
}
