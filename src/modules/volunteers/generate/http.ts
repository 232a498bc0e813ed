import { SIGNED_IN } from '../../../core/access.js';
import { apiRoute } from '../../../core/api.js';
import type { RoutePlugin } from '../../../core/module.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formList, formText } from '../../../web/forms.js';
import { orgPage } from '../../../web/page-routes.js';
import { staffAccess } from '../http/common.js';
import { GenerateOut, GenerateShifts } from './schemas.js';
import { generateShifts, generationSources } from './service.js';
import { GenerateShiftsPage } from './views.js';

type OrgRoute = { Params: { organisationId: string }; Querystring: { creati?: string; saltati?: string }; Body: FormBody | undefined };

/** The form's fields as the API's body: the source chosen names a desk or an event of the organisation. */
function bodyOf(form: FormBody) {
  const [kind, id] = formText(form, 'source').split(':');
  const neededText = formText(form, 'needed');
  return {
    desk: kind === 'desk' ? id : null,
    event: kind === 'event' ? id : null,
    from: formText(form, 'from') || null,
    to: formText(form, 'to') || null,
    role: formText(form, 'role'),
    needed: /^\d{1,3}$/.test(neededText) ? Number(neededText) : 0,
    skills: formList(form, 'skills'),
  };
}

/** Shifts generated from a desk's opening hours or an event's sessions: the staff page and the API. */
export const shiftGenerationRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = staffAccess(deps);

  apiRoute(
    app,
    'POST',
    '/api/v1/shifts/generate',
    {
      access: SIGNED_IN,
      summary:
        "Generate shifts (staff of the source's organisation): one per opening of a desk from `from` to `to`, or one per session of an event; generating again adds only the missing ones",
      tags: ['volunteers'],
      body: GenerateShifts,
      responses: { 201: { description: 'The shifts made by this call, and how many already existed', schema: GenerateOut } },
    },
    async ({ req, reply }) => reply.code(201).send(await generateShifts(db, req.principal, req.body)),
  );

  const page = orgPage(db, GenerateShiftsPage, async (_req, org) => ({ sources: await generationSources(db, org.id) }));

  app.get<OrgRoute>(
    '/admin/organisations/:organisationId/turni/genera',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const created = Number(req.query.creati);
      const skipped = Number(req.query.saltati);
      const done =
        Number.isInteger(created) && Number.isInteger(skipped) && req.query.creati !== undefined ? { created, skipped } : undefined;
      return page(req, reply, { done });
    },
  );

  app.post<OrgRoute>(
    '/admin/organisations/:organisationId/turni/genera',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const orgId = req.targetOrganisationId!;
      const form = req.body ?? {};
      return formAction(
        async () => {
          const body = bodyOf(form);
          // The source must be one the page offered: this organisation's own.
          const sources = await generationSources(db, orgId);
          const offered = body.desk ? sources.desks.some((d) => d.id === body.desk) : sources.events.some((e) => e.id === body.event);
          const result = await generateShifts(db, req.principal, offered ? body : { ...body, desk: null, event: null });
          return reply.redirect(`/admin/organisations/${orgId}/turni/genera?creati=${result.items.length}&saltati=${result.skipped}`, 303);
        },
        async (errors, status) => page(req, reply, { values: form, errors }, status === 400 ? 422 : status),
        req.lang,
      );
    },
  );
};
