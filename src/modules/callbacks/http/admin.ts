import type { FastifyRequest } from 'fastify';
import { orgAccessTo } from '../../../core/access.js';
import { auditLog } from '../../../core/audit.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_STAFF } from '../../../core/roles.js';
import type { FormBody } from '../../../web/forms.js';
import { orgPage } from '../../../web/page-routes.js';
import * as desks from '../../desks/service.js';
import * as events from '../../events/service.js';
import { organisationAccess } from '../../organisations/service.js';
import * as svc from '../service.js';
import { type CallbackRow, CallbacksPage } from '../views.js';

type ListRoute = { Params: { organisationId: string }; Querystring: { avvisata?: string } };
type TickRoute = { Params: { callbackId: string }; Body: FormBody | undefined };

/** Where a tick comes back to: a back-office page named by the form, else the organisation's list. */
function backTo(body: FormBody | undefined, fallback: string): string {
  const v = body?.back;
  const back = Array.isArray(v) ? v[0] : v;
  return typeof back === 'string' && /^\/admin\/[\w/-]*(\?[\w=&.-]*)?$/.test(back) ? back : fallback;
}

const rome = (iso: string) => new Date(iso).toLocaleString('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' });

/** The back office's "da avvisare per telefono": the organisation's list, and the tick of one entry. */
export const callbackAdminRoutes: RoutePlugin = async (app, deps) => {
  const { db } = deps;
  const orgStaff = {
    config: {
      access: organisationAccess(db, ORG_STAFF),
    },
  };
  const callbackStaff = {
    config: {
      access: orgAccessTo(db, 'callbackId', ORG_STAFF, svc.organisationOfCallback),
    },
  };

  const callbacksPage = orgPage(db, CallbacksPage, async (req: FastifyRequest<ListRoute>, org) => {
    const open = await svc.openCallbacks(db, org.id);
    // The page shows names and numbers: staff access to personal data is audited.
    await auditLog('organisation')(db.k, 'view-phone-callbacks', { id: org.id, organisationId: org.id }, req.principal);
    const ids = (kind: string) => open.filter((c) => c.kind === kind).map((c) => c.subjectId);
    const [regs, appts] = await Promise.all([
      events.registrationsToCall(db, ids('registration')),
      desks.appointmentsToCall(db, ids('appointment')),
    ]);
    const people = new Map<string, Omit<CallbackRow, 'id' | 'reason' | 'createdAt'>>();
    for (const r of regs) {
      const where = { label: `${r.eventTitle}, ${rome(r.start)}`, href: `/admin/events/${r.eventId}/registrations` };
      people.set(r.id, { name: r.name, phone: r.phone, where, code: r.ticketCode });
    }
    for (const a of appts) {
      const where = { label: `${a.deskName}, ${rome(a.start)}`, href: `/admin/desks/${a.deskId}/giornata?data=${a.start.slice(0, 10)}` };
      people.set(a.id, { name: a.name, phone: a.phone, where, code: a.code });
    }
    // An entry whose booking was erased has nobody left to call: it is not shown.
    const rows = open.flatMap((c) => {
      const p = people.get(c.subjectId);
      return p ? [{ id: c.id, reason: c.reason, createdAt: c.createdAt, ...p }] : [];
    });
    return { rows, ticked: req.query.avvisata === '1' };
  });

  app.get<ListRoute>('/admin/organisations/:organisationId/da-avvisare', orgStaff, async (req, reply) => callbacksPage(req, reply));

  app.post<TickRoute>('/admin/phone-callbacks/:callbackId/fatto', callbackStaff, async (req, reply) => {
    await svc.tickCallback(db, req.principal, req.params.callbackId);
    const back = backTo(req.body, `/admin/organisations/${req.targetOrganisationId}/da-avvisare`);
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}avvisata=1`, 303);
  });
};
