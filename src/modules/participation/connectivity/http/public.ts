import { PUBLIC } from '../../../../core/access.js';
import type { Deps } from '../../../../core/deps.js';
import { t } from '../../../../core/i18n.js';
import type { RoutePlugin } from '../../../../core/module.js';
import { publicWriteConfig } from '../../../../core/public-writes.js';
import { mapPageCsp } from '../../../../core/security-headers.js';
import { formAction } from '../../../../web/form-action.js';
import { type FormBody, formTexts } from '../../../../web/forms.js';
import { formlessPageContext, pageContext, sendPage } from '../../../../web/layout.js';
import { boundsOf } from '../geo.js';
import { REPORT_FIELDS } from '../schemas.js';
import { addConnectivitySection } from '../section.js';
import * as svc from '../service.js';
import { CountsPage, ReportedPage, ReportPage } from '../views/public.js';

type OrgRoute = { Params: { organisationId: string }; Body: FormBody | undefined };

/** The form's fields as the API's body: one service checks both. */
function reportOf(organisationId: string, body: FormBody): Record<string, string> {
  return { organisation: organisationId, ...formTexts(body, REPORT_FIELDS) };
}

/** The map's tiles for a page, with the policy that lets their images in. */
export function tilesFor(deps: Deps, reply: { header(name: string, value: string): unknown }) {
  const tiles = deps.config.mapTiles;
  if (tiles) reply.header('content-security-policy', mapPageCsp(deps.config, tiles.url));
  return tiles;
}

/** The public pages: counts by locality (/connettivita/<organisation>) and the report form. */
export const connectivityPublicRoutes: RoutePlugin = async (app, deps) => {
  addConnectivitySection();
  const { db } = deps;

  app.get<OrgRoute>('/connettivita/:organisationId', { config: { access: PUBLIC } }, async (req, reply) => {
    const { name } = await svc.placesOf(db, req.params.organisationId);
    const counts = await svc.localityCounts(db, req.params.organisationId);
    const organisation = { id: req.params.organisationId, name };
    return sendPage(reply, CountsPage({ ctx: formlessPageContext(req, reply), organisation, counts }));
  });

  const form = async (organisationId: string) => {
    const { name, places } = await svc.placesOf(db, organisationId);
    return { organisation: { id: organisationId, name }, places, bounds: boundsOf(places.map((p) => p.code)) };
  };

  app.get<OrgRoute>('/connettivita/:organisationId/segnala', { config: { access: PUBLIC } }, async (req, reply) => {
    const f = await form(req.params.organisationId);
    return sendPage(reply, ReportPage({ ctx: pageContext(req, reply), ...f, tiles: tilesFor(deps, reply) }));
  });

  app.post<OrgRoute>('/connettivita/:organisationId/segnala', { config: publicWriteConfig(deps) }, async (req, reply) => {
    const f = await form(req.params.organisationId);
    const body = req.body ?? {};
    return formAction(
      async () => {
        const report = await svc.createReport(deps, reportOf(f.organisation.id, body));
        return sendPage(reply, ReportedPage({ ctx: pageContext(req, reply), organisation: f.organisation, flagged: report.outside }), 201);
      },
      async (errors, status) => {
        const shown = errors._ && Object.keys(errors).length === 1 ? { _: errors._ } : errors;
        const page = ReportPage({ ctx: pageContext(req, reply), ...f, tiles: tilesFor(deps, reply), values: body, errors: shown });
        return sendPage(reply, page, status === 400 ? 422 : status);
      },
      req.lang,
    );
  });
};

/** The page's notice after a staff act, in the page's language. */
export function doneNotice(lang: 'it' | 'en', done: string | undefined): string | undefined {
  return done === 'resolved' || done === 'merged' ? t(lang, `connectivity.staff.done.${done}`) : undefined;
}
