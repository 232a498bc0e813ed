import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../core/deps.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formText } from '../../../web/forms.js';
import { orgPage } from '../../../web/page-routes.js';
import * as svc from '../service.js';
import { type WidgetNotice, WidgetSettingsPage } from '../views.js';
import { widgetAccess } from './access.js';

type OrgRoute = { Params: { organisationId: string }; Body: FormBody; Querystring: { esito?: string } };
type OriginRoute = { Params: { widgetOriginId: string }; Body: FormBody };

const NOTICES: Record<string, WidgetNotice> = { aggiunto: 'added', tolto: 'removed' };

/** The widget's settings page of the organisation the route names. */
const settingsPage = (deps: Deps) =>
  orgPage(deps.db, WidgetSettingsPage, async (_req, org) => ({
    origins: await svc.listOrigins(deps.db, org.id),
    baseUrl: deps.config.baseUrl,
  }));

/** The back-office page of the widget: the allowed websites and the code to copy. */
export async function widgetAdminRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { byOrg, byOrigin } = widgetAccess(deps);
  const page = settingsPage(deps);

  app.get<OrgRoute>('/admin/organisations/:organisationId/widget', { config: { access: byOrg } }, async (req, reply) =>
    page(req, reply, { notice: NOTICES[String(req.query.esito ?? '')] }),
  );

  app.post<OrgRoute>('/admin/organisations/:organisationId/widget', { config: { access: byOrg } }, async (req, reply) => {
    const organisationId = req.targetOrganisationId!;
    const value = formText(req.body ?? {}, 'origin');
    return formAction(
      async () => {
        await svc.addOrigin(deps.db, organisationId, { origin: value }, req.principal?.userId ?? null);
        return reply.redirect(`/admin/organisations/${organisationId}/widget?esito=aggiunto`, 303);
      },
      (errors, status) => page(req, reply, { errors, value }, status),
      req.lang,
    );
  });

  app.post<OriginRoute>('/admin/widget-origins/:widgetOriginId/delete', { config: { access: byOrigin } }, async (req, reply) => {
    const organisationId = req.targetOrganisationId!;
    await svc.removeOrigin(deps.db, req.params.widgetOriginId, req.principal?.userId ?? null);
    return reply.redirect(`/admin/organisations/${organisationId}/widget?esito=tolto`, 303);
  });
}
