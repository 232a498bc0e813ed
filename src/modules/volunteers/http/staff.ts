import type { FastifyRequest } from 'fastify';
import { t } from '../../../core/i18n.js';
import type { RoutePlugin } from '../../../core/module.js';
import { type FieldError, fieldError, refuse } from '../../../core/problems.js';
import { localInstant } from '../../../core/time.js';
import { formAction } from '../../../web/form-action.js';
import { type FormBody, formList, formText } from '../../../web/forms.js';
import { orgPage } from '../../../web/page-routes.js';
import { getMember } from '../../accounts/service.js';
import * as svc from '../service.js';
import { StaffShiftPage, StaffShiftsPage } from '../views-staff.js';
import { staffAccess } from './common.js';

type OrgRoute = { Params: { organisationId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };
type ShiftRoute = { Params: { shiftId: string }; Querystring: { fatto?: string }; Body: FormBody | undefined };

/** The form's day and Rome times as the API's instants; a missing or impossible one is a field error. */
function shiftOf(organisationId: string, body: FormBody) {
  const date = formText(body, 'date');
  const errors: FieldError[] = [];
  const at = (field: 'from' | 'to') => {
    const hhmm = formText(body, field);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(hhmm) || Number.isNaN(Date.parse(`${date}T${hhmm}:00Z`))) {
      errors.push(fieldError(field, 'volunteers.check.instant'));
      return '';
    }
    return new Date(localInstant(date, hhmm)).toISOString();
  };
  const start = at('from');
  const end = at('to');
  if (errors.length > 0) throw refuse(422, 'volunteers.error.shift', undefined, errors);
  return {
    organisation: organisationId,
    title: formText(body, 'title'),
    start,
    end,
    needed: Number(formText(body, 'needed') || 'x'),
    skills: formList(body, 'skills'),
  };
}

/** The back office's shifts: publish one, see its volunteers, mark who came. */
export const volunteerStaffRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const access = staffAccess(deps);

  const listPage = orgPage(db, StaffShiftsPage, async (_req, org) => ({ shifts: await svc.shiftsOfOrganisation(db, org.id) }));

  app.get<OrgRoute>('/admin/organisations/:organisationId/turni', { config: { access: access.organisation } }, async (req, reply) =>
    listPage(req, reply, { created: req.query.fatto === '1' }),
  );

  app.post<OrgRoute>('/admin/organisations/:organisationId/turni', { config: { access: access.organisation } }, async (req, reply) => {
    const orgId = req.targetOrganisationId!;
    const body = req.body ?? {};
    return formAction(
      async () => {
        await svc.createShift(db, req.principal, shiftOf(orgId, body));
        return reply.redirect(`/admin/organisations/${orgId}/turni?fatto=1`, 303);
      },
      async (errors, status) => listPage(req, reply, { values: body, errors }, status === 400 ? 422 : status),
      req.lang,
    );
  });

  const shiftPage = orgPage(db, StaffShiftPage, async (req: FastifyRequest<ShiftRoute>, org) => {
    const shiftId = req.params.shiftId;
    const shift = (await svc.shiftsOfOrganisation(db, org.id, true)).find((s) => s.id === shiftId);
    if (!shift) throw refuse(404, 'volunteers.error.shiftNotFound');
    const signups = await Promise.all(
      (await svc.signupsOfShift(db, shiftId)).map(async (s) => ({
        id: s.id,
        volunteerId: s.volunteerId,
        attended: s.attended,
        status: s.status,
        name: (await getMember(db, org.id, s.userId).catch(() => null))?.name ?? t(req.lang, 'volunteers.staff.unknown'),
      })),
    );
    return { shift, signups, marked: req.query.fatto === '1' };
  });

  app.get<ShiftRoute>('/admin/shifts/:shiftId', { config: { access: access.shift } }, async (req, reply) => shiftPage(req, reply));

  app.post<ShiftRoute>('/admin/shifts/:shiftId/presenze', { config: { access: access.shift } }, async (req, reply) => {
    const body = req.body ?? {};
    await svc.markAttendance(db, req.principal, req.params.shiftId, formText(body, 'signup'), formText(body, 'present') === '1');
    return reply.redirect(`/admin/shifts/${req.params.shiftId}?fatto=1`, 303);
  });
};
