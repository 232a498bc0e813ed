import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasRole, orgAccess } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_MEMBERS, ORG_STAFF } from '../../../core/roles.js';
import type { Db } from '../../../db/index.js';
import { formAction, pageAndForm } from '../../../web/form-action.js';
import { type Errors, formText as str } from '../../../web/forms.js';
import { pageContext, sendPage } from '../../../web/layout.js';
import { orgPage, type PathForm, routesOf } from '../../../web/page-routes.js';
import { listOrganisations, organisationOwner } from '../../organisations/service.js';
import * as svc from '../service.js';
import { type FormValues, ProgrammePage, ProgrammesPage } from '../views/admin.js';
import { onFormRows, programmeInput, targetsFromForm, wholeNumber } from './form.js';
import { programmeAccess } from './owners.js';

type OrgForm = PathForm<'organisationId'>;
type ProgrammeView = { Params: { programmeId: string }; Querystring: { created?: string; saved?: string } };
type ProgrammeForm = PathForm<'programmeId'>;

/** Other organisations, to choose partners from. */
async function partnerChoices(db: Db, ownerId: string) {
  return (await listOrganisations(db)).filter((o) => o.id !== ownerId).map((o) => ({ id: o.id, name: o.name }));
}

const programmesPage = (db: Db) =>
  orgPage(db, ProgrammesPage, async (req, org) => {
    const [programmes, choices] = await Promise.all([svc.listProgrammes(db, org.id, req.principal ?? null), partnerChoices(db, org.id)]);
    return { programmes, partnerChoices: choices, canEdit: hasRole(req.principal, org.id, ORG_STAFF) };
  });

/** The back office: an organisation's programmes and the page of one programme, with their forms. */
export const programmeAdminRoutes: RoutePlugin = routesOf(registerProgrammeList, registerProgrammePage);

function registerProgrammeList(app: FastifyInstance, { db }: Deps): void {
  const owner = organisationOwner(db);
  pageAndForm<OrgForm>(
    app,
    '/admin/organisations/:organisationId/programmes',
    { show: orgAccess('organisationId', ORG_MEMBERS, owner), send: orgAccess('organisationId', ORG_STAFF, owner) },
    programmesPage(db),
    async (req, body) => {
      const national = str(body, 'nationalReporting');
      const p = await svc.createProgramme(db, req.principal, {
        organisation: req.targetOrganisationId!,
        ...programmeInput(body),
        nationalReporting: national === '1' ? true : national === '0' ? false : undefined,
      });
      return `/admin/programmes/${p.id}?created=1`;
    },
  );
}

async function programmePage(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  id: string,
  extra: { errors?: Errors; submitted?: { values: FormValues; rows: number }; notice?: 'created' | 'saved' } = {},
  status = 200,
) {
  const programme = await svc.getProgramme(db, id, req.principal ?? null);
  return sendPage(
    reply,
    ProgrammePage({
      ctx: pageContext(req, reply, programme.organisation.name),
      programme,
      partnerChoices: await partnerChoices(db, programme.organisation.id),
      canEdit: hasRole(req.principal, programme.organisation.id, ORG_STAFF),
      ...extra,
    }),
    status,
  );
}

function registerProgrammePage(app: FastifyInstance, { db }: Deps): void {
  app.get<ProgrammeView>('/admin/programmes/:programmeId', { config: { access: programmeAccess(db, ORG_MEMBERS) } }, async (req, reply) => {
    const q = req.query;
    const notice = q.created === '1' ? 'created' : q.saved === '1' ? 'saved' : undefined;
    return programmePage(db, req, reply, req.params.programmeId, { notice });
  });

  app.post<ProgrammeForm>('/admin/programmes/:programmeId', { config: { access: programmeAccess(db, ORG_STAFF) } }, async (req, reply) => {
    const body = req.body ?? {};
    const id = req.params.programmeId;
    const { targets, rowOf, rows } = targetsFromForm(body);
    return formAction(
      async () => {
        await onFormRows(rowOf, () =>
          svc.updateProgramme(db, req.principal, id, {
            ...programmeInput(body),
            // The form always carries the whole programme: an empty field clears it.
            retentionDays: str(body, 'retentionDays') === '' ? '' : wholeNumber(str(body, 'retentionDays')),
            nationalReporting: str(body, 'nationalReporting') === '1',
            targets,
          }),
        );
        return reply.redirect(`/admin/programmes/${id}?saved=1`, 303);
      },
      (errors, status) => programmePage(db, req, reply, id, { errors, submitted: { values: body, rows } }, status),
      req.lang,
    );
  });
}
