import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../core/deps.js';
import { formAction } from '../../../web/form-action.js';
import { type Errors, type FormBody, formText } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { getOrganisation } from '../../organisations/service.js';
import * as svc from '../service.js';
import { type WidgetNotice, WidgetSettingsPage } from '../views.js';
import { widgetAccess } from './access.js';

type OrgRoute = { Params: { organisationId: string }; Body: FormBody; Querystring: { esito?: string } };
type OriginRoute = { Params: { widgetOriginId: string }; Body: FormBody };

const NOTICES: Record<string, WidgetNotice> = { aggiunto: 'added', tolto: 'removed' };

async function settingsPage(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  organisationId: string,
  extra: { notice?: WidgetNotice; errors?: Errors; value?: string } = {},
  status = 200,
) {
  const [org, origins] = await Promise.all([getOrganisation(deps.db, organisationId), svc.listOrigins(deps.db, organisationId)]);
  const organisation = { id: org.id, name: org.name };
  return sendPage(
    reply,
    WidgetSettingsPage({ ctx: pageContext(req, reply, org.name), organisation, origins, baseUrl: deps.config.baseUrl, ...extra }),
    status,
  );
}

/** The back-office page of the widget: the allowed websites and the code to copy. */
export async function widgetAdminRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  const { byOrg, byOrigin } = widgetAccess(deps);

  app.get<OrgRoute>('/admin/organisations/:organisationId/widget', { config: { access: byOrg } }, async (req, reply) =>
    settingsPage(deps, req, reply, req.targetOrganisationId!, { notice: NOTICES[String(req.query.esito ?? '')] }),
  );

  app.post<OrgRoute>('/admin/organisations/:organisationId/widget', { config: { access: byOrg } }, async (req, reply) => {
    const organisationId = req.targetOrganisationId!;
    const value = formText(req.body ?? {}, 'origin');
    return formAction(
      async () => {
        await svc.addOrigin(deps.db, organisationId, { origin: value }, req.principal?.userId ?? null);
        return reply.redirect(`/admin/organisations/${organisationId}/widget?esito=aggiunto`, 303);
      },
      (errors, status) => settingsPage(deps, req, reply, organisationId, { errors, value }, status),
      req.lang,
    );
  });

  app.post<OriginRoute>('/admin/widget-origins/:widgetOriginId/delete', { config: { access: byOrigin } }, async (req, reply) => {
    const organisationId = req.targetOrganisationId!;
    await svc.removeOrigin(deps.db, req.params.widgetOriginId, req.principal?.userId ?? null);
    return reply.redirect(`/admin/organisations/${organisationId}/widget?esito=tolto`, 303);
  });
}
