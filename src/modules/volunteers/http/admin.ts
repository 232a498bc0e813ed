import type { Principal } from '../../../core/auth.js';
import type { RoutePlugin } from '../../../core/module.js';
import { Problem } from '../../../core/problems.js';
import { type FormBody, formText } from '../../../web/forms.js';
import { orgPage } from '../../../web/page-routes.js';
import * as svc from '../service.js';
import { ApplicationsPage } from '../views.js';
import { staffAccess } from './common.js';

type DecisionRoute = { Params: { applicationId: string }; Body: FormBody | undefined };

/** The back office's pending applications, approved or declined one by one. */
export const volunteerAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = staffAccess(deps);

  const listPage = orgPage(db, ApplicationsPage, async (_req, org) => ({ rows: await svc.pendingApplications(db, org.id) }));

  app.get<{ Params: { organisationId: string }; Querystring: { fatto?: string } }>(
    '/admin/organisations/:organisationId/volontari',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const done = req.query.fatto;
      return listPage(req, reply, { notice: done === 'approved' || done === 'declined' ? done : undefined });
    },
  );

  const decide = (
    path: string,
    run: (req: { params: { applicationId: string }; body: FormBody | undefined; principal: Principal }) => Promise<{ status: string }>,
  ) =>
    app.post<DecisionRoute>(path, { config: { access: access.application } }, async (req, reply) => {
      const orgId = req.targetOrganisationId!;
      try {
        const r = await run({ params: req.params, body: req.body, principal: req.principal! });
        return reply.redirect(`/admin/organisations/${orgId}/volontari?fatto=${r.status}`, 303);
      } catch (e) {
        if (!(e instanceof Problem) || e.status >= 500) throw e;
        const err = e.inLanguage(req.lang);
        return listPage(req, reply, { error: err.detail ?? err.title }, e.status);
      }
    });
  decide('/admin/volunteer-applications/:applicationId/approva', (r) => svc.approve(deps, r.principal, r.params.applicationId));
  decide('/admin/volunteer-applications/:applicationId/rifiuta', (r) =>
    svc.decline(deps, r.principal, r.params.applicationId, formText(r.body ?? {}, 'message').slice(0, 1000) || null),
  );
};
