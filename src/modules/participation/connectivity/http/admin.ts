import { auditLog } from '../../../../core/audit.js';
import type { RoutePlugin } from '../../../../core/module.js';
import type { FormBody } from '../../../../web/forms.js';
import { formText } from '../../../../web/forms.js';
import { pageContext, sendPage } from '../../../../web/layout.js';
import { boundsOf } from '../geo.js';
import * as svc from '../service.js';
import { StaffPage } from '../views/staff.js';
import { staffAccess } from './access.js';
import { doneNotice, tilesFor } from './public.js';

const organisationLog = auditLog('organisation');

type ListRoute = { Params: { organisationId: string }; Querystring: Record<string, string | undefined> };
type ActRoute = { Params: { connectivityReportId: string }; Body: FormBody | undefined };

/** Where an act comes back to: the organisation's page named by the form (with its filters), else that page. */
function backTo(body: FormBody | undefined, fallback: string): string {
  const back = formText(body ?? {}, 'back');
  return /^\/admin\/organisations\/[\w-]+\/connettivita(\?[\w=&-]*)?$/.test(back) ? back : fallback;
}

/** The back office's connectivity page, and the acts on one report (resolve, merge). */
export const connectivityAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = staffAccess(deps);

  app.get<ListRoute>(
    '/admin/organisations/:organisationId/connettivita',
    { config: { access: access.organisation } },
    async (req, reply) => {
      const orgId = req.targetOrganisationId!;
      const { name, places } = await svc.placesOf(db, orgId);
      const { fatto, ...query } = req.query;
      const filter = svc.reportFilter(query);
      const [counts, reports, open] = await Promise.all([
        svc.localityCounts(db, orgId),
        svc.listReports(db, orgId, filter),
        svc.listReports(db, orgId, { status: 'open' }),
      ]);
      const contacts = await svc.contactsOf(
        deps,
        orgId,
        reports.filter((r) => r.hasContact).map((r) => r.id),
      );
      // The page shows reporters' e-mails: staff access to personal data is audited.
      if (contacts.size > 0) {
        await organisationLog(db.k, 'view-connectivity-contacts', { id: orgId, organisationId: orgId }, req.principal);
      }
      const page = StaffPage({
        ctx: pageContext(req, reply, name),
        organisation: { id: orgId, name },
        counts,
        reports,
        open,
        contacts,
        filter,
        tiles: tilesFor(deps, reply),
        bounds: boundsOf(places.map((p) => p.code)),
        notice: doneNotice(req.lang, fatto),
      });
      return sendPage(reply, page);
    },
  );

  const act = (
    path: string,
    done: string,
    run: (req: { principal: Parameters<typeof svc.resolveReport>[1]; params: ActRoute['Params']; body: FormBody }) => Promise<unknown>,
  ) =>
    app.post<ActRoute>(path, { config: { access: access.report } }, async (req, reply) => {
      await run({ principal: req.principal, params: req.params, body: req.body ?? {} });
      const back = backTo(req.body, `/admin/organisations/${req.targetOrganisationId}/connettivita`);
      return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}fatto=${done}`, 303);
    });
  act('/admin/connectivity-reports/:connectivityReportId/risolvi', 'resolved', (r) =>
    svc.resolveReport(db, r.principal, r.params.connectivityReportId),
  );
  act('/admin/connectivity-reports/:connectivityReportId/unisci', 'merged', (r) =>
    svc.mergeReport(db, r.principal, r.params.connectivityReportId, { into: formText(r.body, 'into') }),
  );
};
