import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../core/access.js';
import type { Lang } from '../core/i18n.js';
import { Problem } from '../core/problems.js';
import { type Errors, errorsByField, type FormBody } from './forms.js';

/**
 * Runs what a form asks for. A refusal (a 4xx Problem) re-renders the form with its errors, by
 * field where the problem names fields and as the form's own problem (`_`) otherwise, instead of
 * an error page; anything else is a fault and goes to the error handler.
 */
export async function formAction<T>(
  action: () => Promise<T>,
  rerender: (errors: Errors, status: number, problem: Problem) => Promise<unknown>,
  /** The page's language: problems written with dictionary keys are shown in it. */
  lang: Lang = 'it',
): Promise<T | unknown> {
  try {
    return await action();
  } catch (caught) {
    if (caught instanceof Problem && caught.status < 500) {
      const err = caught.inLanguage(lang);
      const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
      return rerender(errors, err.status, err);
    }
    throw caught;
  }
}

/** What a form's page is given back when the form is refused: the errors and what was typed. */
export type FormExtra = { errors?: Errors; values?: FormBody };

type FormRoute = { Params: Record<string, string>; Body: FormBody | undefined };

/**
 * A form's route: `run` does what it asks and names the page to go on to (303); a refusal shows
 * `page` again with its errors (`errorsOf` moves them onto the form's own field names where the
 * service names them otherwise) and what was typed.
 *
 *   app.post<OrgForm>(url, access, formPost<OrgForm>(venuesPage, async (req, body) => {
 *     const venue = await svc.createVenue(db, req.targetOrganisationId!, await venueInput(deps, body));
 *     return `/admin/venues/${venue.id}?created=1`;
 *   }));
 */
export function formPost<R extends FormRoute>(
  page: (req: FastifyRequest<R>, reply: FastifyReply, extra: FormExtra, status: number) => Promise<unknown>,
  run: (req: FastifyRequest<R>, body: FormBody) => Promise<string>,
  errorsOf: (errors: Errors) => Errors = (errors) => errors,
) {
  return async (req: FastifyRequest<R>, reply: FastifyReply) => {
    const body = req.body ?? {};
    return formAction(
      async () => reply.redirect(await run(req, body), 303),
      (errors, status) => page(req, reply, { errors: errorsOf(errors), values: body }, status),
      req.lang,
    );
  };
}

/**
 * A page and the form sent to its own address: GET draws `page` (under `access.show`), POST runs
 * the form through formPost (under `access.send`).
 *
 *   pageAndForm<OrgForm>(app, '/admin/organisations/:organisationId/venues', { show: members, send: staff }, venuesPage,
 *     async (req, body) => `/admin/venues/${(await svc.createVenue(db, req.targetOrganisationId!, venueInput(body))).id}`);
 */
export function pageAndForm<R extends FormRoute>(
  app: FastifyInstance,
  url: string,
  access: { show: Access; send: Access },
  page: (req: FastifyRequest<R>, reply: FastifyReply, extra: FormExtra, status: number) => Promise<unknown>,
  run: (req: FastifyRequest<R>, body: FormBody) => Promise<string>,
  errorsOf?: (errors: Errors) => Errors,
): void {
  // Fastify cannot resolve its reply type for a route type left generic, so the two routes are added
  // through a view of `app` that names only what they need.
  type Handler = (req: FastifyRequest<R>, reply: FastifyReply) => Promise<unknown>;
  type RouteOptions = { config: { access: Access } };
  const routes = app as unknown as {
    get(url: string, options: RouteOptions, handler: Handler): void;
    post(url: string, options: RouteOptions, handler: Handler): void;
  };
  routes.get(url, { config: { access: access.show } }, async (req, reply) => page(req, reply, {}, 200));
  routes.post(url, { config: { access: access.send } }, formPost<R>(page, run, errorsOf));
}

/**
 * Runs a form's action; the field errors of a refusal are moved to the form fields they came from
 * (`fieldOf` names the form's field for the service's, e.g. a list row's place on the form).
 */
export async function onFormFields<T>(fieldOf: (field: string) => string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (!(err instanceof Problem) || !err.errors?.length) throw err;
    const moved = new Problem(
      err.status,
      err.title,
      err.detail,
      err.errors.map((e) => ({ ...e, field: fieldOf(e.field) })),
      err.extra,
    );
    moved.keys = err.keys;
    throw moved;
  }
}
